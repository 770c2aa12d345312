"""A killed worker loses no task: django-tasks-db keeps each enqueued task as a row until a
worker has run it, so a task enqueued while no worker runs (or after one died) is run by the
next worker that starts; a task the worker was running when it died is put back in the queue
once it has been running longer than any task may (`TASK_RUN_LIMIT_MINUTES`)."""

from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from corridor.core.models import JobOutcome, JobRun
from corridor.core.tasks import requeue_abandoned_tasks
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


def _killed_mid_run(result_id, *, minutes_ago: int) -> None:
    """What a worker killed in the middle of a task leaves: the row claimed and running, its
    job run started and never finished."""
    claimed = DBTaskResult.objects.get(pk=result_id)
    claimed.claim("worker-that-died")
    started = timezone.now() - timedelta(minutes=minutes_ago)
    DBTaskResult.objects.filter(pk=result_id).update(started_at=started)
    JobRun.objects.create(job="stale_match_features")
    JobRun.objects.update(started_at=started)


def test_a_task_killed_mid_run_is_put_back_and_run_again(task_worker, settings):
    settings.TASK_RUN_LIMIT_MINUTES = 60
    result = refresh_stale_match_features.enqueue()
    _killed_mid_run(result.id, minutes_ago=61)

    counts = requeue_abandoned_tasks.call()

    assert counts == {"tasks": 1, "job_runs": 1}
    back = DBTaskResult.objects.get(pk=result.id)
    assert (back.status, back.started_at) == ("READY", None)
    lost = JobRun.objects.get(outcome=JobOutcome.FAILED)
    assert (lost.job, lost.error) == ("stale_match_features", "abandoned by its worker")

    task_worker()

    assert DBTaskResult.objects.get(pk=result.id).status == "SUCCESSFUL"
    assert (
        JobRun.objects.filter(job="stale_match_features", outcome=JobOutcome.SUCCEEDED).count() == 1
    )
    # The recovery's own run is recorded like every job's.
    assert JobRun.objects.get(job="abandoned_tasks").counts == {"tasks": 1, "job_runs": 1}


def test_a_task_still_within_its_run_limit_is_left_running(settings):
    settings.TASK_RUN_LIMIT_MINUTES = 60
    result = refresh_stale_match_features.enqueue()
    _killed_mid_run(result.id, minutes_ago=59)

    assert requeue_abandoned_tasks.call() == {"tasks": 0, "job_runs": 0}
    assert DBTaskResult.objects.get(pk=result.id).status == "RUNNING"
    assert JobRun.objects.get(job="stale_match_features").outcome == JobOutcome.RUNNING


def test_the_recovery_is_on_the_schedule():
    assert "abandoned_tasks" in django_settings.JOB_SCHEDULE
