"""/api/v1/complaints: the two public doors and the handlers' endpoints, each with negatives."""

import pytest

from corridor.accounts.models import Membership
from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import member
from corridor.core.models import AuditAction, AuditEvent
from corridor.grievances import services
from corridor.grievances.models import Complaint, ComplaintMessage
from corridor.grievances.tests.factories import (
    PHONE,
    WIFE,
    complaint,
    employer,
    handler,
    handler_actor,
    office_of,
    programme_office,
)
from corridor.people.tests.factories import bearer

pytestmark = pytest.mark.django_db

BASE = "/api/v1/complaints"
PUBLIC = {
    "category": "retained_documents",
    "description": "Бригадир забрал паспорта у всей бригады и не отдаёт.",
    "complainant_relation": "worker",
    "confidentiality": "confidential",
    "against_name": "ИП Хасанов",
    "complainant_name": "Фаридун Назаров",
    "complainant_contact": "@faridun_tj",
}


def post(client, url, body, user=None):
    headers = bearer(user) if user else {}
    return client.post(url, body, content_type="application/json", headers=headers)


def state(filed):
    row = Complaint.objects.values("status", "assigned_to", "updated_at").get(pk=filed.pk)
    return row, ComplaintMessage.objects.filter(complaint=filed).count()


# Public doors ------------------------------------------------------------------------------


def test_anyone_files_a_complaint_and_gets_its_tracking_code(client):
    office = programme_office()

    response = post(client, f"{BASE}/public", PUBLIC)

    assert response.status_code == 201
    body = response.json()
    filed = Complaint.objects.get()
    assert body == {
        "tracking_code": filed.tracking_code,
        "status": "received",
        "track_url": f"/complaints/track/{filed.tracking_code}/",
    }
    assert (filed.organisation, filed.channel, filed.complainant_name) == (
        office,
        "api",
        "Фаридун Назаров",
    )


def test_an_anonymous_filing_over_the_api_keeps_no_identity(client):
    programme_office()

    post(client, f"{BASE}/public", {**PUBLIC, "confidentiality": "anonymous"})

    filed = Complaint.objects.get()
    assert (filed.complainant_name, filed.complainant_contact, filed.filed_by) == ("", "", None)
    event = AuditEvent.objects.get(object_id=str(filed.pk))
    assert (event.actor, event.ip_address) == (None, None)


def test_the_sixth_public_filing_in_an_hour_gets_429(client):
    programme_office()

    answers = [post(client, f"{BASE}/public", PUBLIC).status_code for _ in range(6)]

    assert answers == [201] * 5 + [429]
    refused = post(client, f"{BASE}/public", PUBLIC).json()
    assert refused["error"]["message"].startswith("Too many requests")
    assert Complaint.objects.count() == 5


def test_a_public_filing_with_bad_values_gets_422_and_saves_nothing(client):
    programme_office()

    unknown = post(client, f"{BASE}/public", {**PUBLIC, "category": "taxes"})
    empty = post(client, f"{BASE}/public", {**PUBLIC, "description": ""})
    nowhere = post(
        client,
        f"{BASE}/public",
        {**PUBLIC, "against_organisation": "00000000-0000-0000-0000-000000000000"},
    )

    assert [unknown.status_code, empty.status_code, nowhere.status_code] == [422, 422, 422]
    assert "category" in unknown.json()["error"]["fields"]
    assert "against_organisation" in nowhere.json()["error"]["fields"]
    assert Complaint.objects.count() == 0


def test_tracking_shows_status_dates_and_messages_to_the_complainant_only(client):
    manager = handler()
    filed = complaint(office_of(manager), against=office_of(employer()))
    actor = handler_actor(manager)
    services.change_status(
        actor=actor, complaint=filed, status="in_review", message="We called the employer."
    )
    services.post_message(actor=actor, complaint=filed, text="Internal.", to_complainant=False)

    response = client.get(f"{BASE}/track/{filed.tracking_code.lower()}")

    body = response.json()
    assert response.status_code == 200
    assert set(body) == {
        "tracking_code",
        "status",
        "status_label",
        "received_at",
        "status_changed_at",
        "closed_at",
        "history",
        "messages",
    }
    assert body["status"] == "in_review"
    assert [step["status"] for step in body["history"]] == ["received", "in_review"]
    assert [message["text"] for message in body["messages"]] == ["We called the employer."]
    assert WIFE not in response.content.decode()


def test_tracking_an_unknown_code_is_404_and_lookups_are_limited(client):
    answers = [client.get(f"{BASE}/track/ABCDE{n:05d}").status_code for n in range(31)]

    assert answers == [404] * 30 + [429]


# Handling ----------------------------------------------------------------------------------


def test_a_handler_lists_reads_assigns_moves_and_messages(client):
    manager = handler()
    filed = complaint(office_of(manager), category="unpaid_wages")
    url = f"{BASE}/{filed.pk}"

    listed = client.get(BASE, headers=bearer(manager)).json()
    read = client.get(url, headers=bearer(manager)).json()
    assigned = post(client, f"{url}/assign", {"handler": str(manager.pk)}, manager)
    moved = post(
        client,
        f"{url}/status",
        {"status": "resolved", "outcome": "wages_paid", "message": "Paid in full."},
        manager,
    )
    noted = post(
        client, f"{url}/messages", {"text": "Bank transfer seen.", "to_complainant": False}, manager
    )
    messages = client.get(f"{url}/messages", headers=bearer(manager)).json()

    assert listed["count"] == 1 and listed["items"][0]["tracking_code"] == filed.tracking_code
    assert read["complainant"] == {
        "relation": "family",
        "name": WIFE,
        "contact": PHONE,
        "worker": None,
    }
    assert (read["status"], read["is_overdue"], read["attachments"]) == ("received", False, 0)
    assert assigned.json()["assigned_to"] == str(manager.pk)
    assert (moved.json()["status"], moved.json()["outcome"]) == ("resolved", "wages_paid")
    assert noted.status_code == 201
    assert [(m["kind"], m["text"]) for m in messages] == [
        ("to_complainant", "Paid in full."),
        ("internal_note", "Bank transfer seen."),
    ]
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_id=str(filed.pk), channel="api"
    ).exists()


def test_a_confidential_complainant_is_null_for_a_handler_without_the_permission(client):
    manager = handler()
    admin = handler(office_of(manager), role=Role.ADMIN)
    filed = complaint(office_of(manager), confidentiality="confidential")

    as_manager = client.get(f"{BASE}/{filed.pk}", headers=bearer(manager))
    as_admin = client.get(f"{BASE}/{filed.pk}", headers=bearer(admin)).json()
    listed = client.get(BASE, headers=bearer(manager)).json()

    assert as_manager.json()["complainant"] is None
    assert WIFE not in as_manager.content.decode()
    assert listed["items"][0]["complainant"] is None
    assert as_admin["complainant"]["name"] == WIFE


def test_a_bad_status_move_gets_422(client):
    manager = handler()
    filed = complaint(office_of(manager))

    response = post(client, f"{BASE}/{filed.pk}/status", {"status": "rejected"}, manager)

    assert response.status_code == 422
    assert "reason" in response.json()["error"]["fields"]


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.PARTNER, Role.EMPLOYER, Role.RECRUITER])
def test_other_roles_get_403_from_every_handler_endpoint_and_nothing_changes(client, role):
    office = programme_office()
    filed = complaint(office)
    before = state(filed)
    user = member(role, office)
    url = f"{BASE}/{filed.pk}"

    answers = [
        client.get(BASE, headers=bearer(user)).status_code,
        client.get(url, headers=bearer(user)).status_code,
        post(client, f"{url}/assign", {"handler": None}, user).status_code,
        post(client, f"{url}/status", {"status": "in_review"}, user).status_code,
        client.get(f"{url}/messages", headers=bearer(user)).status_code,
        post(client, f"{url}/messages", {"text": "Hi"}, user).status_code,
    ]

    assert answers == [403] * 6
    assert state(filed) == before


def test_a_handler_of_another_office_gets_404_and_nothing_changes(client):
    filed = complaint(programme_office())
    before = state(filed)
    stranger = handler()
    url = f"{BASE}/{filed.pk}"

    answers = [
        client.get(url, headers=bearer(stranger)).status_code,
        post(client, f"{url}/assign", {"handler": str(stranger.pk)}, stranger).status_code,
        post(client, f"{url}/status", {"status": "in_review"}, stranger).status_code,
        client.get(f"{url}/messages", headers=bearer(stranger)).status_code,
        post(client, f"{url}/messages", {"text": "Hi"}, stranger).status_code,
    ]

    assert answers == [404] * 5
    assert state(filed) == before
    assert client.get(BASE, headers=bearer(stranger)).json()["count"] == 0


def test_a_handler_belonging_to_the_organisation_complained_against_gets_404(client):
    manager = handler()
    company = office_of(employer())
    filed = complaint(office_of(manager), against=company)
    Membership.objects.create(user=manager, organisation=company, role=Role.EMPLOYER)

    response = client.get(f"{BASE}/{filed.pk}", headers=bearer(manager))

    assert response.status_code == 404
    assert client.get(BASE, headers=bearer(manager)).json()["count"] == 0


def test_handler_endpoints_need_authentication(client):
    filed = complaint(programme_office())

    assert client.get(BASE).status_code == 401
    assert client.get(f"{BASE}/{filed.pk}").status_code == 401
