"""What /healthz answers a load balancer or a monitor: is the database reachable, is the task
worker keeping up, has every scheduled job run when it should have. Counts and times only,
never a record's content, so it needs no login."""

import datetime
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Min
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from corridor.core.jobs import job_statuses


def _database() -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return {"ok": False}
    return {"ok": True}


def _tasks(now: datetime.datetime) -> dict[str, Any]:
    ready = DBTaskResult.objects.ready().aggregate(oldest=Min("enqueued_at"))
    count = DBTaskResult.objects.ready().count()
    age = (now - ready["oldest"]).total_seconds() if ready["oldest"] else None
    return {
        "ok": count <= settings.HEALTH_MAX_READY_TASKS
        and (age is None or age <= settings.HEALTH_MAX_READY_TASK_AGE_SECONDS),
        "ready": count,
        "oldest_ready_seconds": round(age) if age is not None else None,
    }


def _iso(moment: datetime.datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _jobs(now: datetime.datetime) -> dict[str, Any]:
    statuses = job_statuses(now=now)
    return {
        "ok": not any(status.is_overdue for status in statuses),
        "runs": {
            status.job: {
                "schedule": status.schedule,
                "last_started_at": _iso(status.last_started_at),
                "last_outcome": status.last_outcome,
                "last_succeeded_at": _iso(status.last_succeeded_at),
                "due_since": _iso(status.due_since),
                "overdue": status.is_overdue,
            }
            for status in statuses
        },
    }


def health(*, now: datetime.datetime | None = None) -> dict[str, Any]:
    """The checks and an overall "ok"; with the database unreachable the others are not run."""
    now = now or timezone.now()
    report: dict[str, Any] = {"database": _database()}
    if report["database"]["ok"]:
        report["tasks"] = _tasks(now)
        report["jobs"] = _jobs(now)
    report["ok"] = all(part["ok"] for part in report.values())
    return report
