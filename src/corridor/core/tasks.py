"""Retention on the schedule (`settings.JOB_SCHEDULE["retention"]`, nightly): what Corridor
keeps only for a while leaves here, each kind by its own rule.

- finished task results older than `TASK_RESULT_RETENTION_DAYS` (django-tasks-db keeps them);
- job runs older than `JOB_RUN_RETENTION_DAYS` (the newest of each job always stays, so
  /healthz still knows when it last ran);
- audit entries older than `AUDIT_RETENTION_DAYS`, only when a deployment's retention rule
  sets it, through `core.retention.purge_audit_log` (audited like any purge).

Idempotent: a second run the same day finds nothing left to delete.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Max
from django.tasks import task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from corridor.core.audit import Actor
from corridor.core.jobs import recorded_run, scheduled
from corridor.core.models import AuditEvent, JobRun
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
