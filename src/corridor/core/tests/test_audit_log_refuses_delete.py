"""The database itself keeps the audit log append-only: raw UPDATE and DELETE are refused on
SQLite and PostgreSQL alike; entries leave only through the audited retention path."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from corridor.accounts.tests.factories import member
from corridor.core import audit, retention
from corridor.core.models import AuditAction, AuditEvent, AuditRetentionWindow

pytestmark = pytest.mark.django_db


def _event(at: datetime.datetime | None = None) -> AuditEvent:
    user = member()
    event = AuditEvent(
        actor=user, actor_label=user.label, action=AuditAction.VIEW, at=at or timezone.now()
    )
    event.save()
    return event


def _raw(sql: str, params: list) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_raw_sql_update_and_delete_are_both_refused_by_the_database():
    event = _event()

    with pytest.raises(DatabaseError, match="append-only"):
        _raw("UPDATE core_auditevent SET action = %s WHERE id = %s", ["delete", event.pk])
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("DELETE FROM core_auditevent WHERE id = %s", [event.pk])
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("DELETE FROM core_auditevent", [])

    assert list(AuditEvent.objects.values_list("pk", "action")) == [(event.pk, "view")]


def test_a_closed_retention_window_opens_nothing():
    old = _event(at=timezone.now() - datetime.timedelta(days=400))
    AuditRetentionWindow.objects.create(
        cutoff=timezone.now(), reason="spent", closed_at=timezone.now()
    )

    with pytest.raises(DatabaseError, match="append-only"):
        _raw("DELETE FROM core_auditevent WHERE id = %s", [old.pk])

    assert AuditEvent.objects.filter(pk=old.pk).exists()


def test_an_open_window_lets_only_entries_older_than_its_cutoff_go():
    cutoff = timezone.now() - datetime.timedelta(days=365)
    old = _event(at=cutoff - datetime.timedelta(days=1))
    recent = _event(at=cutoff + datetime.timedelta(days=1))

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditRetentionWindow.objects.create(cutoff=cutoff, reason="test")
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [old.pk])
            cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [recent.pk])

    # The failed statement rolled back the whole transaction, the window with it.
    assert set(AuditEvent.objects.values_list("pk", flat=True)) >= {old.pk, recent.pk}
    assert not AuditRetentionWindow.objects.exists()


def test_retention_purge_deletes_older_entries_records_itself_and_closes_its_window():
    cutoff = timezone.now() - datetime.timedelta(days=365)
    old = _event(at=cutoff - datetime.timedelta(days=1))
    recent = _event(at=cutoff + datetime.timedelta(days=1))
    officer = member()

    deleted = retention.purge_audit_log(
        actor=audit.Actor(user=officer), before=cutoff, reason="Retention schedule, 5 years"
    )

    assert deleted == 1
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.filter(pk=recent.pk).exists()
    window = AuditRetentionWindow.objects.get()
    assert window.closed_at is not None
    assert (window.cutoff, window.deleted, window.actor_label) == (cutoff, 1, officer.email)
    entry = AuditEvent.objects.get(object_type="core.auditretentionwindow")
    assert entry.action == AuditAction.DELETE
    assert entry.actor == officer
    assert entry.changes == {
        "before": cutoff.isoformat(),
        "deleted": 1,
        "reason": "Retention schedule, 5 years",
    }
    # Once closed, the window lets nothing else go.
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("DELETE FROM core_auditevent WHERE id = %s", [recent.pk])


@pytest.mark.parametrize(
    ("before", "reason"),
    [(timezone.now() + datetime.timedelta(days=1), "future"), (timezone.now(), "  ")],
)
def test_retention_purge_refuses_a_future_cutoff_or_no_reason(before, reason):
    event = _event(at=timezone.now() - datetime.timedelta(days=2))

    with pytest.raises(ValidationError):
        retention.purge_audit_log(actor=audit.Actor(user=member()), before=before, reason=reason)

    assert AuditEvent.objects.filter(pk=event.pk).exists()
    assert not AuditRetentionWindow.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
def test_truncate_of_a_non_empty_audit_log_is_refused_on_postgresql():
    event = _event()
    # Check the foreign keys now: PostgreSQL truncates no table with deferred checks pending.
    _raw("SET CONSTRAINTS ALL IMMEDIATE", [])

    with pytest.raises(DatabaseError, match="append-only"):
        _raw("TRUNCATE core_auditevent", [])

    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_leaving_audit_entries_is_still_flushed():
    # The test database is flushed after this test (DELETE on SQLite, TRUNCATE on
    # PostgreSQL); the suite's fixture empties the audit log through a window first.
    _event()
    _event()

    assert AuditEvent.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_next_transactional_test_starts_with_an_empty_log_and_no_open_window():
    assert AuditEvent.objects.count() == 0
    assert not AuditRetentionWindow.objects.filter(closed_at__isnull=True).exists()
