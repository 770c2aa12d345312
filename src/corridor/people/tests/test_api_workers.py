"""The stable API contract (issue section 8) and the rest of the worker endpoints."""

import datetime
import re

import pytest
from django.utils import timezone

from corridor.core.models import AuditAction, AuditEvent
from corridor.people.models import ConsentRecord, TimelineEvent, Worker
from corridor.people.tests.factories import bearer, register, with_profile

pytestmark = pytest.mark.django_db

NEW_WORKER = {
    "family_name": "Абдуллаев",
    "given_name": "Шахзод",
    "patronymic": "Ўткирович",
    "birth_date": "1995-03-14",
    "sex": "M",
    "citizenship": "UZ",
    "phone": "+998 90 123 45 67",
}


def _post(client, path, data, headers):
    return client.post(path, data, content_type="application/json", headers=headers)


def test_post_workers_answers_201_with_id_reference_and_names(client, caseworker):
    response = _post(client, "/api/v1/workers", NEW_WORKER, bearer(caseworker))

    body = response.json()
    worker = Worker.objects.get()
    assert response.status_code == 201
    assert body["id"] == str(worker.pk)
    assert body["reference"] == f"UZ-{timezone.now().year}-000001"
    assert re.fullmatch(r"[A-Z]{2}-\d{4}-\d{6}", body["reference"])
    assert (body["family_name"], body["given_name"], body["patronymic"]) == (
        "Абдуллаев",
        "Шахзод",
        "Ўткирович",
    )
    assert body["phone"] == "+998901234567"
    assert body["name_script"] == "cyrillic"
    assert body["stage"] == "registered"
    assert body["organisation"]["id"] == str(caseworker.active_memberships[0].organisation_id)


def test_post_workers_numbers_consecutively_per_country(client, caseworker):
    headers = bearer(caseworker)

    first = _post(client, "/api/v1/workers", NEW_WORKER, headers).json()["reference"]
    second = _post(client, "/api/v1/workers", {**NEW_WORKER, "phone": ""}, headers).json()
    tajik = _post(
        client, "/api/v1/workers", {**NEW_WORKER, "citizenship": "TJ", "phone": ""}, headers
    ).json()

    year = timezone.now().year
    assert [first, second["reference"], tajik["reference"]] == [
        f"UZ-{year}-000001",
        f"UZ-{year}-000002",
        f"TJ-{year}-000001",
    ]


def test_post_workers_without_optional_fields_answers_201(client, caseworker):
    data = {k: v for k, v in NEW_WORKER.items() if k not in ("patronymic", "phone")}

    response = _post(client, "/api/v1/workers", data, bearer(caseworker))

    assert response.status_code == 201
    assert (response.json()["patronymic"], response.json()["phone"]) == ("", "")


def test_get_worker_reads_one_and_records_the_view(client, caseworker, worker):
    response = client.get(f"/api/v1/workers/{worker.pk}", headers=bearer(caseworker))

    assert response.status_code == 200
    assert response.json()["reference"] == worker.reference
    event = AuditEvent.objects.get(action=AuditAction.VIEW)
    assert (event.worker_id, event.actor, event.channel) == (worker.pk, caseworker, "api")


def test_list_answers_items_and_count(client, caseworker):
    register(caseworker, family_name="Karimov", given_name="Aziz")
    register(caseworker)

    body = client.get("/api/v1/workers", headers=bearer(caseworker)).json()

    assert body["count"] == 2
    assert [item["family_name"] for item in body["items"]] == ["Абдуллаев", "Karimov"]
    assert set(body["items"][0]) >= {"id", "reference", "family_name", "given_name"}


def test_list_pages_and_filters(client, caseworker):
    for number in range(3):
        register(caseworker, family_name=f"Family{number}", citizenship="TJ" if number else "UZ")
    headers = bearer(caseworker)

    page_two = client.get("/api/v1/workers?offset=2&limit=2", headers=headers).json()
    tajiks = client.get("/api/v1/workers?citizenship=tj", headers=headers).json()

    assert (page_two["count"], len(page_two["items"])) == (3, 1)
    assert page_two["items"][0]["family_name"] == "Family0"
    assert tajiks["count"] == 2


def test_patch_changes_only_given_fields_and_audits_old_and_new(client, caseworker, worker):
    response = client.patch(
        f"/api/v1/workers/{worker.pk}",
        {"phone": "+998 91 765 43 21", "skills": "TIG welding"},
        content_type="application/json",
        headers=bearer(caseworker),
    )

    assert response.status_code == 200
    worker.refresh_from_db()
    assert (worker.phone, worker.skills, worker.family_name) == (
        "+998917654321",
        "TIG welding",
        "Абдуллаев",
    )
    event = AuditEvent.objects.get(action=AuditAction.UPDATE)
    assert event.changes == {"phone": ["", "+998917654321"], "skills": ["", "TIG welding"]}


def test_post_consent_records_the_statement(client, caseworker, worker):
    response = _post(
        client,
        f"/api/v1/workers/{worker.pk}/consents",
        {"purpose": "matching", "given": True},
        bearer(caseworker),
    )

    assert response.status_code == 201
    assert (response.json()["purpose"], response.json()["given"]) == ("matching", True)
    record = ConsentRecord.objects.get()
    assert (record.worker, record.is_given, record.recorded_by) == (worker, True, caseworker)


@pytest.mark.parametrize(
    "purpose", ["registration", "matching", "authority_sharing", "messages", "statistics"]
)
def test_every_consent_purpose_of_the_contract_is_accepted(client, caseworker, worker, purpose):
    response = _post(
        client,
        f"/api/v1/workers/{worker.pk}/consents",
        {"purpose": purpose, "given": False},
        bearer(caseworker),
    )

    assert response.status_code == 201


def test_post_stage_moves_the_worker_and_answers_the_timeline_event(client, caseworker, worker):
    with_profile(worker)
    response = _post(
        client,
        f"/api/v1/workers/{worker.pk}/stage",
        {"stage": "profiled", "reason": "Certified welder"},
        bearer(caseworker),
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["from_stage"], body["to_stage"], body["reason"], body["actor"]) == (
        "registered",
        "profiled",
        "Certified welder",
        caseworker.email,
    )
    worker.refresh_from_db()
    assert worker.stage == "profiled"


def test_timeline_lists_events_newest_first(client, caseworker, worker):
    with_profile(worker)
    headers = bearer(caseworker)
    _post(
        client, f"/api/v1/workers/{worker.pk}/stage", {"stage": "profiled", "reason": "x"}, headers
    )

    body = client.get(f"/api/v1/workers/{worker.pk}/timeline", headers=headers).json()

    assert [event["kind"] for event in body] == ["stage", "registered"]


def test_documents_endpoint_adds_and_lists_with_expiry_flag(client, caseworker, worker):
    headers = bearer(caseworker)
    soon = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()

    created = _post(
        client,
        f"/api/v1/workers/{worker.pk}/documents",
        {"type": "work_patent", "number": "77 123456", "expiry_date": soon},
        headers,
    )
    listed = client.get(f"/api/v1/workers/{worker.pk}/documents", headers=headers).json()

    assert created.status_code == 201
    assert [(d["type"], d["number"], d["expires_soon"], d["has_file"]) for d in listed] == [
        ("work_patent", "77 123456", True, False)
    ]


def test_family_endpoint_adds_and_lists(client, caseworker, worker):
    headers = bearer(caseworker)

    created = _post(
        client,
        f"/api/v1/workers/{worker.pk}/family",
        {"relation": "spouse", "full_name": "  Нодира   Абдуллаева ", "is_dependant": True},
        headers,
    )
    listed = client.get(f"/api/v1/workers/{worker.pk}/family", headers=headers).json()

    assert created.status_code == 201
    assert [(m["relation"], m["full_name"], m["is_dependant"]) for m in listed] == [
        ("spouse", "Нодира Абдуллаева", True)
    ]
    assert TimelineEvent.objects.filter(worker=worker, kind="family").count() == 1


def test_each_read_endpoint_records_a_view_with_the_worker_id(client, caseworker, worker):
    headers = bearer(caseworker)

    for path in ("", "/timeline", "/consents", "/documents", "/family"):
        client.get(f"/api/v1/workers/{worker.pk}{path}", headers=headers)

    views = AuditEvent.objects.filter(action=AuditAction.VIEW, worker_id=worker.pk)
    assert sorted(views.values_list("changes__part", flat=True)) == sorted(
        ["record", "timeline", "consents", "documents", "family"]
    )


def test_organisations_endpoint_lists_and_reads(client, caseworker):
    organisation = caseworker.active_memberships[0].organisation
    headers = bearer(caseworker)

    listed = client.get("/api/v1/organisations", headers=headers).json()
    one = client.get(f"/api/v1/organisations/{organisation.pk}", headers=headers).json()

    assert listed["count"] == 1
    assert one["name"] == organisation.name


def test_openapi_schema_is_published(client):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    assert "/api/v1/workers" in response.json()["paths"]
