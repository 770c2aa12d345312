"""Reading the audit log is itself audited: one view entry per page read."""

import uuid

import pytest

from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import member
from corridor.core.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


def _reads_of_the_log():
    return list(
        AuditEvent.objects.filter(action=AuditAction.VIEW, object_type="core.auditevent")
        .order_by("id")
        .values_list("actor", "organisation_id", "worker_id", "changes")
    )


def test_each_read_of_the_audit_log_writes_exactly_one_view_entry(client):
    admin = member(Role.ADMIN)
    organisation_id = admin.active_memberships[0].organisation_id
    client.force_login(admin)
    worker_id = uuid.uuid4()

    client.get("/accounts/audit/")
    client.get("/accounts/audit/", {"action": "export", "worker": str(worker_id), "page": "2"})

    assert _reads_of_the_log() == [
        (admin.pk, organisation_id, None, {"part": "audit log", "action": "", "page": 1}),
        (
            admin.pk,
            organisation_id,
            worker_id,
            {"part": "audit log", "action": "export", "page": 1},
        ),
    ]


def test_a_refused_read_of_the_audit_log_writes_nothing(client):
    client.force_login(member(Role.CASEWORKER))

    response = client.get("/accounts/audit/")

    assert response.status_code == 403
    assert _reads_of_the_log() == []
