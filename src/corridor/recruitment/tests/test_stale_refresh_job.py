"""The scheduled refresh of stale matching features: exact counts, nothing the second time."""

import pytest

from corridor.accounts.tests.factories import member
from corridor.core.models import JobOutcome, JobRun
from corridor.people.models import Worker
from corridor.recruitment.models import MatchFeatures
from corridor.recruitment.tasks import refresh_stale_match_features
from corridor.recruitment.tests.factories import job_ready_worker

pytestmark = pytest.mark.django_db


def test_stale_workers_are_recomputed_once_and_each_run_recorded():
    caseworker = member()
    workers = [job_ready_worker(caseworker) for _ in range(3)]
    refresh_stale_match_features.call()
    Worker.objects.filter(pk__in=[w.pk for w in workers[:2]]).mark_match_features_stale()

    first = refresh_stale_match_features.call()
    again = refresh_stale_match_features.call()

    assert (first, again) == (2, 0)
    assert MatchFeatures.objects.filter(worker__in=workers).count() == 3
    runs = list(JobRun.objects.filter(job="stale_match_features").order_by("id"))
    assert [(r.outcome, r.counts) for r in runs] == [
        (JobOutcome.SUCCEEDED, {"recomputed": 3}),
        (JobOutcome.SUCCEEDED, {"recomputed": 2}),
        (JobOutcome.SUCCEEDED, {"recomputed": 0}),
    ]
