"""Scheduled jobs: the schedule from settings, the record of each run, and whether one is late.

A job is a Django task in its app's `tasks.py`, put on the schedule by `@scheduled("name")`
(django-crontask's `cron` with the crontab line `settings.JOB_SCHEDULE["name"]`). The
scheduler process (`corridor crontask`) only enqueues; the task worker runs the task, whose
body runs inside `recorded_run("name")`, so every run leaves a `JobRun` row with its outcome
and counts. Jobs are idempotent: a run repeated, or redone after a worker died in the middle
of one, changes nothing the first run did.
"""

import datetime
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from apscheduler.triggers.cron import CronTrigger
from crontask import cron
from django.conf import settings
from django.utils import timezone

from corridor.core.models import JobOutcome, JobRun


def trigger_for(job: str) -> CronTrigger:
    """The firing times of `job`, from its crontab line in the settings (UTC)."""
    return CronTrigger.from_crontab(settings.JOB_SCHEDULE[job], timezone=datetime.UTC)


def scheduled(job: str) -> Callable[[Any], Any]:
    """Put a task on the schedule under `job`'s crontab line (decorate above `@task()`)."""
    return cron(trigger_for(job), sentry_monitor_config=None)


@contextmanager
def recorded_run(job: str) -> Iterator[JobRun]:
    """Record one run of `job`: started now, then succeeded with the counts the body sets on
    `run.counts`, or failed with the error's class (re-raised, so the task fails too)."""
    run = JobRun.objects.create(job=job)
    try:
        yield run
    except Exception as error:
        run.outcome = JobOutcome.FAILED
        run.error = type(error).__name__[:500]
        run.finished_at = timezone.now()
        run.save(update_fields=["outcome", "error", "finished_at"])
        raise
    run.outcome = JobOutcome.SUCCEEDED
    run.finished_at = timezone.now()
    run.save(update_fields=["outcome", "counts", "finished_at"])


@dataclass(frozen=True)
class JobStatus:
    job: str
    schedule: str
    last_started_at: datetime.datetime | None
    last_outcome: str | None
    last_succeeded_at: datetime.datetime | None
    # The firing the job has not yet answered with a successful run, if one was due.
    due_since: datetime.datetime | None
    is_overdue: bool


def job_status(
    job: str, *, now: datetime.datetime, watched_since: datetime.datetime | None
) -> JobStatus:
    """Where `job` stands at `now`: overdue when a firing after its last successful run (or,
    never having succeeded, after `watched_since`, the first run of any job) is more than
    `JOB_OVERDUE_AFTER_MINUTES` old. Before any job has run at all nothing is overdue: the
    schedule has not started yet."""
    last = JobRun.objects.newest(job)
    succeeded = JobRun.objects.newest(job, outcome=JobOutcome.SUCCEEDED)
    since = succeeded.started_at if succeeded else watched_since
    due = None
    if since is not None:
        # A run starts a few moments after its firing; the next firing is the one after it.
        due = trigger_for(job).get_next_fire_time(None, since + datetime.timedelta(seconds=1))
    grace = datetime.timedelta(minutes=settings.JOB_OVERDUE_AFTER_MINUTES)
    return JobStatus(
        job=job,
        schedule=settings.JOB_SCHEDULE[job],
        last_started_at=last.started_at if last else None,
        last_outcome=last.outcome if last else None,
        last_succeeded_at=succeeded.finished_at if succeeded else None,
        due_since=due if due is not None and due <= now else None,
        is_overdue=due is not None and due + grace < now,
    )


def job_statuses(*, now: datetime.datetime | None = None) -> list[JobStatus]:
    """Every scheduled job's status (`job_status`), in the settings' order."""
    now = now or timezone.now()
    watched_since = (
        JobRun.objects.order_by("started_at").values_list("started_at", flat=True).first()
    )
    return [job_status(job, now=now, watched_since=watched_since) for job in settings.JOB_SCHEDULE]
