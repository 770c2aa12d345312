"""A killed worker loses no task: django-tasks-db keeps each enqueued task as a row until a
worker has run it, so a task enqueued while no worker runs (or after one died) is run by the
next worker that starts."""

import pytest
from django_tasks_db.models import DBTaskResult

from corridor.core.models import JobOutcome, JobRun
from corridor.recruitment.tasks import refresh_stale_match_features

pytestmark = pytest.mark.django_db


def test_a_task_enqueued_but_not_run_is_still_there_and_runs_later(task_worker):
    result = refresh_stale_match_features.enqueue()

    # No worker ran (it was killed, or not yet started): the task waits in the database.
    waiting = DBTaskResult.objects.get(pk=result.id)
    assert waiting.status == "READY"
    assert DBTaskResult.objects.ready().count() == 1
    assert JobRun.objects.count() == 0

    task_worker()  # a worker starts later

    done = DBTaskResult.objects.get(pk=result.id)
    assert done.status == "SUCCESSFUL"
    assert done.return_value == 0
    assert DBTaskResult.objects.ready().count() == 0
    run = JobRun.objects.get()
    assert (run.job, run.outcome, run.counts) == (
        "stale_match_features",
        JobOutcome.SUCCEEDED,
        {"recomputed": 0},
    )
