import datetime
import uuid

import pytest
from django.db import DatabaseError, connection, transaction

from corridor.accounts.tests.factories import member
from corridor.core import audit
from corridor.core.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


def _event(**fields) -> AuditEvent:
    user = member()
    return audit.record(actor=audit.Actor(user=user), action=AuditAction.VIEW, obj=user, **fields)


def test_record_stores_actor_object_and_changes():
    user = member()
    organisation_id = user.active_memberships[0].organisation_id

    event = audit.record(
        actor=audit.Actor(user=user, organisation_id=organisation_id, ip_address="10.0.0.1"),
        action=AuditAction.UPDATE,
        obj=user,
        changes={"full_name": ["Old", "New"]},
    )

    event = AuditEvent.objects.get(pk=event.pk)
    assert event.actor == user
    assert event.actor_label == user.email
    assert event.organisation_id == organisation_id
    assert event.action == "update"
    assert event.object_type == "accounts.user"
    assert event.object_id == str(user.pk)
    assert event.changes == {"full_name": ["Old", "New"]}
    assert event.ip_address == "10.0.0.1"
    assert event.channel == "web"


def test_diff_lists_only_changed_fields_with_old_and_new_json_safe_values():
    before = {"name": "A", "born": datetime.date(1990, 1, 1), "same": 1}
    after = {"name": "B", "born": datetime.date(1991, 2, 3), "same": 1}

    assert audit.diff(before, after) == {"name": ["A", "B"], "born": ["1990-01-01", "1991-02-03"]}


def test_saving_an_existing_event_again_is_refused():
    event = _event()
    event.action = AuditAction.DELETE

    with pytest.raises(PermissionError):
        event.save()

    assert AuditEvent.objects.get(pk=event.pk).action == "view"


def test_deleting_an_event_is_refused():
    event = _event()

    with pytest.raises(PermissionError):
        event.delete()

    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_queryset_update_is_refused():
    event = _event()

    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(action=AuditAction.DELETE)

    assert AuditEvent.objects.get(pk=event.pk).action == "view"


def test_queryset_delete_is_refused():
    event = _event()

    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()

    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.skipif(connection.vendor not in ("sqlite", "postgresql"), reason="trigger per vendor")
def test_raw_sql_update_is_refused_by_the_database_trigger():
    event = _event()

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE core_auditevent SET action = %s WHERE id = %s", ["delete", event.pk])

    assert AuditEvent.objects.get(pk=event.pk).action == "view"


def test_views_of_worker_returns_only_view_events_of_that_worker():
    worker_id, other_id = uuid.uuid4(), uuid.uuid4()
    seen = _event(worker_id=worker_id)
    _event(worker_id=other_id)
    user = member()
    audit.record(actor=audit.Actor(user=user), action=AuditAction.UPDATE, worker_id=worker_id)

    assert list(AuditEvent.objects.views_of_worker(worker_id)) == [seen]


def test_auditor_outside_the_programme_office_sees_only_their_organisations_events():
    mine, theirs = member(), member()
    my_org = mine.active_memberships[0].organisation_id
    their_org = theirs.active_memberships[0].organisation_id
    kept = audit.record(actor=audit.Actor(user=mine, organisation_id=my_org), action="view")
    audit.record(actor=audit.Actor(user=theirs, organisation_id=their_org), action="view")

    scoped = AuditEvent.objects.for_auditor([my_org], sees_everything=False)
    everything = AuditEvent.objects.for_auditor([my_org], sees_everything=True)

    assert list(scoped) == [kept]
    assert everything.count() == AuditEvent.objects.count()
