"""Every read of a complaint's content (its complainant, description, messages) by a handler
writes exactly one audit entry, page and API; a refused read writes none."""

import pytest

from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import member
from corridor.core.audit import Actor
from corridor.core.models import AuditAction, AuditEvent
from corridor.grievances import services
from corridor.grievances.models import Channel
from corridor.grievances.tests.factories import (
    complaint,
    handler,
    handler_actor,
    office_of,
    programme_office,
)
from corridor.people.tests.factories import bearer, register

pytestmark = pytest.mark.django_db

BASE = "/api/v1/complaints"


def _views(filed) -> list[tuple]:
    return list(
        AuditEvent.objects.filter(action=AuditAction.VIEW, object_id=str(filed.pk))
        .order_by("id")
        .values_list("actor", "channel", "changes")
    )


def _with_message(manager):
    filed = complaint(office_of(manager))
    services.post_message(
        actor=handler_actor(manager), complaint=filed, text="We called.", to_complainant=True
    )
    return filed


def test_reading_a_complaints_messages_over_the_api_writes_one_view_entry(client):
    manager = handler()
    filed = _with_message(manager)

    response = client.get(f"{BASE}/{filed.pk}/messages", headers=bearer(manager))

    assert [m["text"] for m in response.json()] == ["We called."]
    assert _views(filed) == [(manager.pk, "api", {"part": "messages"})]


def test_reading_a_complaint_over_the_api_and_the_page_writes_one_entry_each(client):
    manager = handler()
    filed = _with_message(manager)

    client.get(f"{BASE}/{filed.pk}", headers=bearer(manager))
    client.force_login(manager)
    client.get(f"/complaints/{filed.pk}/")

    assert _views(filed) == [
        (manager.pk, "api", {"part": "complaint"}),
        (manager.pk, "web", {"part": "complaint"}),
    ]


def test_a_refused_action_that_shows_the_complaint_again_writes_one_view_entry(client):
    manager = handler()
    filed = _with_message(manager)
    client.force_login(manager)

    response = client.post(f"/complaints/{filed.pk}/status/", {"status": "rejected"})

    assert response.status_code == 422
    assert "We called." in response.content.decode()
    assert _views(filed) == [(manager.pk, "web", {"part": "complaint"})]


def test_a_view_of_a_workers_complaint_names_the_worker_so_they_can_see_who_read_it(client):
    manager = handler()
    worker = register(member(Role.CASEWORKER))
    worker.user = member(Role.WORKER, worker.organisation)
    worker.save(update_fields=["user"])
    filed = complaint(
        office_of(manager),
        actor=Actor(user=worker.user, organisation_id=worker.organisation_id),
        channel=Channel.SELF_SERVICE,
        worker=worker,
        relation="worker",
    )

    client.get(f"{BASE}/{filed.pk}/messages", headers=bearer(manager))

    assert list(
        AuditEvent.objects.filter(action=AuditAction.VIEW).values_list("worker_id", flat=True)
    ) == [worker.pk]


def test_a_handler_of_another_office_reading_messages_gets_404_and_writes_nothing(client):
    filed = _with_message(handler())
    stranger = handler(programme_office(name="Another office"))

    response = client.get(f"{BASE}/{filed.pk}/messages", headers=bearer(stranger))

    assert response.status_code == 404
    assert _views(filed) == []


def test_following_a_complaint_by_its_code_is_audited_once_per_read_page_and_api(client):
    manager = handler()
    filed = _with_message(manager)

    page = client.get(f"/complaints/track/{filed.tracking_code}/")
    api = client.get(f"{BASE}/track/{filed.tracking_code}")
    unknown = client.get("/complaints/track/XXXX-XXXX/")

    assert (page.status_code, api.status_code, unknown.status_code) == (200, 200, 404)
    assert _views(filed) == [
        (None, "public", {"part": "tracking"}),
        (None, "api", {"part": "tracking"}),
    ]


def test_following_an_anonymous_complaint_records_neither_who_nor_from_where(client):
    manager = handler()
    filed = complaint(office_of(manager), confidentiality="anonymous", name="", contact="")

    client.get(f"/complaints/track/{filed.tracking_code}/", REMOTE_ADDR="198.51.100.4")

    event = AuditEvent.objects.get(object_id=str(filed.pk), action=AuditAction.VIEW)
    assert (event.actor, event.actor_label, event.ip_address, event.worker_id) == (
        None,
        "",
        None,
        None,
    )
