"""The scheduled retention: finished task results, old job runs and (only when a rule is set)
old audit entries go; a second run the same day deletes nothing."""

import datetime
import uuid

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from corridor.core.models import AuditAction, AuditEvent, AuditRetentionWindow, JobOutcome, JobRun
from corridor.core.tasks import apply_retention
from corridor.recruitment.tasks import refresh_stale_match_features

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def task_results():
    """Two old finished results, one recent, one old but still waiting to run."""
    results = [uuid.UUID(refresh_stale_match_features.enqueue().id) for _ in range(4)]
    finished = {"status": "SUCCESSFUL", "started_at": days_ago(30)}
    DBTaskResult.objects.filter(pk__in=results[:2]).update(finished_at=days_ago(30), **finished)
    DBTaskResult.objects.filter(pk=results[2]).update(finished_at=days_ago(1), **finished)
    return results


@pytest.fixture
def job_runs():
    """Old and recent runs; the only run of "consent_expiry" is old but stays (the newest)."""
    for job, age in [("retention", 200), ("retention", 100), ("retention", 1),
                     ("consent_expiry", 365)]:  # fmt: skip
        JobRun.objects.create(job=job, started_at=days_ago(age), outcome=JobOutcome.SUCCEEDED)


@pytest.fixture
def audit_entries():
    for age in (400, 380, 10):
        AuditEvent.objects.create(at=days_ago(age), action=AuditAction.VIEW, actor_label="x")


def test_retention_deletes_what_is_past_its_period_once(task_results, job_runs, audit_entries):
    first = apply_retention.call()
    again = apply_retention.call()

    assert first == {"task_results": 2, "job_runs": 2, "audit_entries": 0}
    assert again == {"task_results": 0, "job_runs": 0, "audit_entries": 0}
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == set(task_results[2:])
    assert AuditEvent.objects.filter(actor_label="x").count() == 3
    assert sorted(
        JobRun.objects.exclude(started_at__gte=days_ago(0.5)).values_list("job", flat=True)
    ) == ["consent_expiry", "retention"]
    assert list(
        JobRun.objects.filter(started_at__gte=days_ago(0.5)).values_list("counts", flat=True)
    ) == [again, first]


def test_audit_entries_go_only_under_a_retention_rule(settings, audit_entries):
    settings.AUDIT_RETENTION_DAYS = 365

    first = apply_retention.call()
    again = apply_retention.call()

    assert (first["audit_entries"], again["audit_entries"]) == (2, 0)
    assert AuditEvent.objects.filter(actor_label="x").count() == 1
    window = AuditRetentionWindow.objects.get(deleted=2)
    assert window.reason == "retention: audit entries older than 365 days"
    # The purge is in the log itself, by the schedule.
    purge = AuditEvent.objects.get(action=AuditAction.DELETE, channel="task")
    assert purge.changes["deleted"] == 2
    assert AuditRetentionWindow.objects.count() == 1
