"""The scheduled insights refresh: idempotent, and every run recorded with its row counts."""

import pytest

from corridor.core.models import JobOutcome, JobRun
from corridor.insights.models import WorkerFact
from corridor.insights.tasks import refresh_summary_tables
from corridor.insights.tests import dataset

pytestmark = pytest.mark.django_db


def test_the_refresh_run_twice_gives_the_same_tables_and_records_both_runs():
    dataset.build()

    first = refresh_summary_tables.call()
    again = refresh_summary_tables.call()

    assert first == again
    assert first["workerfact"] == 6
    assert sum(r.workers for r in WorkerFact.objects.all()) == 11
    runs = list(JobRun.objects.filter(job="insights_refresh").order_by("id"))
    assert [(r.outcome, r.counts) for r in runs] == [
        (JobOutcome.SUCCEEDED, first),
        (JobOutcome.SUCCEEDED, first),
    ]
