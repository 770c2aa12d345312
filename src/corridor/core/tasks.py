"""The core's jobs on the schedule: retention, and putting back tasks a dead worker left.

Retention (`settings.JOB_SCHEDULE["retention"]`, nightly): what Corridor keeps only for a
while leaves here, each kind by its own rule.

- finished task results older than `TASK_RESULT_RETENTION_DAYS` (django-tasks-db keeps them);
- job runs older than `JOB_RUN_RETENTION_DAYS` (the newest of each job always stays, so
  /healthz still knows when it last ran);
- audit entries older than `AUDIT_RETENTION_DAYS`, only when a deployment's retention rule
  sets it, through `core.retention.purge_audit_log` (audited like any purge).

Idempotent: a second run the same day finds nothing left to delete.

Abandoned tasks (`JOB_SCHEDULE["abandoned_tasks"]`, every five minutes): a worker killed in
the middle of a task leaves its row "running" and django-tasks-db never runs it again. A task
running longer than `TASK_RUN_LIMIT_MINUTES` (longer than any of Corridor's tasks takes) is
taken for abandoned and put back in the queue; every task is idempotent, so running it again
redoes what the dead worker had not finished. Its unfinished job run is closed as failed.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Max
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from corridor.core.audit import Actor
from corridor.core.jobs import recorded_run, scheduled
from corridor.core.models import AuditEvent, JobOutcome, JobRun
from corridor.core.retention import purge_audit_log


def _prune_task_results() -> int:
    cutoff = timezone.now() - timedelta(days=settings.TASK_RESULT_RETENTION_DAYS)
    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    return deleted


def _prune_job_runs() -> int:
    cutoff = timezone.now() - timedelta(days=settings.JOB_RUN_RETENTION_DAYS)
    newest = JobRun.objects.values("job").annotate(newest=Max("id")).values_list("newest")
    deleted, _ = JobRun.objects.filter(started_at__lt=cutoff).exclude(id__in=newest).delete()
    return deleted


def _purge_audit_entries() -> int:
    if settings.AUDIT_RETENTION_DAYS is None:
        return 0
    before = timezone.now() - timedelta(days=settings.AUDIT_RETENTION_DAYS)
    if not AuditEvent.objects.filter(at__lt=before).exists():
        return 0  # nothing to purge: no window, no entry about an empty purge
    return purge_audit_log(
        actor=Actor(user=None, channel="task"),
        before=before,
        reason=f"retention: audit entries older than {settings.AUDIT_RETENTION_DAYS} days",
    )


@scheduled("retention")
@task()
def apply_retention() -> dict[str, int]:
    """Delete what has outlived its retention period; returns how many of each went."""
    with recorded_run("retention") as run:
        run.counts = {
            "task_results": _prune_task_results(),
            "job_runs": _prune_job_runs(),
            "audit_entries": _purge_audit_entries(),
        }
    return dict(run.counts)


ABANDONED = "abandoned by its worker"


@scheduled("abandoned_tasks")
@task()
def requeue_abandoned_tasks() -> dict[str, int]:
    """Put tasks running past the run limit back in the queue, close their job runs as failed;
    returns how many of each."""
    with recorded_run("abandoned_tasks") as run:
        now = timezone.now()
        cutoff = now - timedelta(minutes=settings.TASK_RUN_LIMIT_MINUTES)
        tasks = DBTaskResult.objects.running().filter(started_at__lt=cutoff)
        requeued = tasks.update(status=TaskResultStatus.READY, started_at=None, run_after=now)
        job_runs = JobRun.objects.filter(outcome=JobOutcome.RUNNING, started_at__lt=cutoff)
        closed = job_runs.update(outcome=JobOutcome.FAILED, error=ABANDONED, finished_at=now)
        run.counts = {"tasks": requeued, "job_runs": closed}
    return dict(run.counts)
