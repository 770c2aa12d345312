"""API: the same scoping as the pages; another organisation gets 404 and nothing changes."""

import pytest

from corridor.accounts.models import OrganisationType
from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import member, recruiter
from corridor.core.models import AuditAction, AuditEvent
from corridor.people import services
from corridor.people.tests.factories import actor, bearer, share, snapshot

pytestmark = pytest.mark.django_db

READS = ["", "/timeline", "/consents", "/documents", "/family"]
WRITES = {
    "/stage": {"stage": "profiled", "reason": "Interviewed"},
    "/consents": {"purpose": "matching", "given": True},
    "/documents": {"type": "passport", "number": "FA0000001", "issuing_country": "UZ"},
    "/family": {"relation": "child", "full_name": "Someone Else"},
}


@pytest.mark.parametrize("path", READS)
def test_another_organisation_reading_a_worker_gets_404_and_no_view_is_recorded(
    client, worker, outsider, path
):
    before = snapshot(worker)

    response = client.get(f"/api/v1/workers/{worker.pk}{path}", headers=bearer(outsider))

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert set(response.json()["error"]) == {"code", "message"}
    assert snapshot(worker) == before


@pytest.mark.parametrize("path", list(WRITES))
def test_another_organisation_writing_to_a_worker_gets_404_and_nothing_changes(
    client, worker, outsider, path
):
    before = snapshot(worker)

    response = client.post(
        f"/api/v1/workers/{worker.pk}{path}",
        WRITES[path],
        content_type="application/json",
        headers=bearer(outsider),
    )

    assert response.status_code == 404
    assert snapshot(worker) == before
    assert not AuditEvent.objects.filter(
        action__in=[AuditAction.CREATE, AuditAction.UPDATE], actor=outsider
    ).exists()


def test_another_organisation_patching_a_worker_gets_404_and_nothing_changes(
    client, worker, outsider
):
    before = snapshot(worker)

    response = client.patch(
        f"/api/v1/workers/{worker.pk}",
        {"family_name": "Hacked"},
        content_type="application/json",
        headers=bearer(outsider),
    )

    assert response.status_code == 404
    assert snapshot(worker) == before


def test_another_organisations_list_and_search_do_not_include_the_worker(client, worker, outsider):
    headers = bearer(outsider)

    everything = client.get("/api/v1/workers", headers=headers).json()
    by_reference = client.get(f"/api/v1/workers?q={worker.reference}", headers=headers).json()

    assert (everything["count"], everything["items"]) == (0, [])
    assert (by_reference["count"], by_reference["items"]) == (0, [])


def test_unknown_worker_id_and_malformed_id_answer_404_or_422_not_500(client, caseworker):
    headers = bearer(caseworker)

    unknown = client.get("/api/v1/workers/00000000-0000-0000-0000-000000000000", headers=headers)
    malformed = client.get("/api/v1/workers/not-a-uuid", headers=headers)

    assert unknown.status_code == 404
    assert malformed.status_code in (404, 422)


def test_recruiter_reads_a_worker_through_the_api_only_while_shared(client, caseworker, worker):
    agent = recruiter()
    headers = bearer(agent)
    assert client.get(f"/api/v1/workers/{worker.pk}", headers=headers).status_code == 404

    grant = share(caseworker, worker, agent.active_memberships[0].organisation)
    shared = client.get(f"/api/v1/workers/{worker.pk}", headers=headers)
    assert shared.status_code == 200
    assert shared.json()["reference"] == worker.reference

    services.revoke_access(actor=actor(caseworker), grant=grant)
    assert client.get(f"/api/v1/workers/{worker.pk}", headers=headers).status_code == 404
    assert client.get("/api/v1/workers", headers=headers).json()["count"] == 0


def test_recruiter_with_a_grant_may_not_patch_the_worker(client, caseworker, worker):
    agent = recruiter()
    share(caseworker, worker, agent.active_memberships[0].organisation)
    before = snapshot(worker)

    response = client.patch(
        f"/api/v1/workers/{worker.pk}",
        {"family_name": "Changed"},
        content_type="application/json",
        headers=bearer(agent),
    )

    # A grant is read-only: for writing, the record is not there (people.access).
    assert response.status_code == 404
    assert snapshot(worker) == before


def test_donor_asking_for_a_worker_gets_403_or_404_and_no_personal_data(client, worker):
    headers = bearer(member(Role.DONOR, type=OrganisationType.DONOR))

    one = client.get(f"/api/v1/workers/{worker.pk}", headers=headers)
    listing = client.get("/api/v1/workers", headers=headers)

    assert one.status_code in (403, 404)
    assert worker.family_name not in one.content.decode()
    assert listing.json()["count"] == 0


def test_donor_may_not_register_a_worker(client):
    headers = bearer(member(Role.DONOR, type=OrganisationType.DONOR))

    response = client.post(
        "/api/v1/workers",
        {
            "family_name": "Test",
            "given_name": "Test",
            "birth_date": "1990-01-01",
            "sex": "M",
            "citizenship": "UZ",
        },
        content_type="application/json",
        headers=headers,
    )

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_caseworker_may_not_register_for_another_organisation(client, caseworker, outsider):
    from corridor.people.models import Worker

    response = client.post(
        "/api/v1/workers",
        {
            "family_name": "Test",
            "given_name": "Test",
            "birth_date": "1990-01-01",
            "sex": "M",
            "citizenship": "UZ",
            "organisation_id": str(outsider.active_memberships[0].organisation_id),
        },
        content_type="application/json",
        headers=bearer(caseworker),
    )

    assert response.status_code == 403
    assert Worker.objects.count() == 0


def test_without_token_every_worker_endpoint_answers_401(client, worker):
    before = snapshot(worker)

    responses = [
        client.get("/api/v1/workers"),
        client.get(f"/api/v1/workers/{worker.pk}"),
        client.post(
            f"/api/v1/workers/{worker.pk}/stage", WRITES["/stage"], content_type="application/json"
        ),
    ]

    assert [r.status_code for r in responses] == [401, 401, 401]
    assert snapshot(worker) == before
