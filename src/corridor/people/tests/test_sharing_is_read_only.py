"""A sharing grant opens the record for reading the sections its purpose needs, never writing."""

import pytest

from corridor.accounts.models import OrganisationType
from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import OrganisationFactory, member
from corridor.core.models import AuditAction, AuditEvent
from corridor.people.models import Document
from corridor.people.tests.factories import (
    SPECIMEN_MRZ,
    add_document,
    add_family_member,
    bearer,
    give_consent,
    share,
    snapshot,
)

pytestmark = pytest.mark.django_db

WRITES = {
    "stage/": {"stage": "withdrawn", "reason": "Employer says so"},
    "consent/": {"purpose": "matching", "is_given": "", "method": "verbal"},
    "documents/": {"type": "passport", "number": "FA0000009", "issuing_country": "UZ"},
    "family/": {"relation": "child", "full_name": "Someone Else"},
    "share/": {"organisation": "", "purpose": "application", "reason": "Passing it on"},
}


@pytest.fixture
def employer(db):
    organisation = OrganisationFactory.create(type=OrganisationType.EMPLOYER, country="RU")
    return member(Role.EMPLOYER, organisation)


@pytest.fixture
def partner(db):
    organisation = OrganisationFactory.create(type=OrganisationType.NGO, name="Legal aid")
    return member(Role.PARTNER, organisation)


@pytest.fixture
def shared_worker(caseworker, worker, employer):
    add_document(caseworker, worker, number="FA1234567")
    add_family_member(caseworker, worker)
    share(caseworker, worker, employer.active_memberships[0].organisation)
    return worker


@pytest.mark.parametrize("path", list(WRITES))
def test_employer_with_a_grant_cannot_change_the_worker(client, shared_worker, employer, path):
    client.force_login(employer)
    before = snapshot(shared_worker)

    response = client.post(f"/workers/{shared_worker.pk}/{path}", WRITES[path])

    assert response.status_code == 404
    assert snapshot(shared_worker) == before


def test_employer_with_a_grant_cannot_move_the_stage_through_the_api(
    client, shared_worker, employer
):
    before = snapshot(shared_worker)

    response = client.post(
        f"/api/v1/workers/{shared_worker.pk}/stage",
        {"stage": "withdrawn", "reason": "Employer says so"},
        content_type="application/json",
        headers=bearer(employer),
    )

    assert response.status_code == 404
    assert snapshot(shared_worker) == before


def test_employer_page_shows_the_application_fields_only(client, shared_worker, employer):
    client.force_login(employer)

    response = client.get(f"/workers/{shared_worker.pk}/")

    assert response.status_code == 200
    body = response.content.decode()
    assert shared_worker.family_name in body
    assert shared_worker.phone in body if shared_worker.phone else True
    assert "FA1234567" not in body  # no document numbers
    assert "Абдуллаева Малика" not in body  # no family
    assert 'id="consents"' not in body
    assert 'id="grants"' not in body
    assert 'id="timeline"' not in body
    assert 'id="viewers"' not in body
    assert "Move to another stage" not in body


def test_employer_api_reads_what_the_application_needs_and_nothing_more(
    client, shared_worker, employer
):
    headers = bearer(employer)
    base = f"/api/v1/workers/{shared_worker.pk}"

    record = client.get(base, headers=headers)
    documents = client.get(f"{base}/documents", headers=headers)

    assert record.status_code == 200
    assert record.json()["family_name"] == shared_worker.family_name
    assert [d["number"] for d in documents.json()] == [""]
    assert [d["type"] for d in documents.json()] == ["passport"]
    for part in ("consents", "family", "timeline"):
        assert client.get(f"{base}/{part}", headers=headers).status_code == 404


def test_a_referral_grant_never_opens_the_workers_record(client, caseworker, worker, partner):
    """The partner sees the person on the referral's page only (support.queries.partner_view)."""
    add_document(caseworker, worker, number="FA7654321", mrz="")
    give_consent(caseworker, worker, "referrals")
    share(caseworker, worker, partner.active_memberships[0].organisation, purpose="referral")
    headers = bearer(partner)
    base = f"/api/v1/workers/{worker.pk}"
    client.force_login(partner)

    assert client.get(f"/workers/{worker.pk}/").status_code == 404
    assert client.get(base, headers=headers).status_code == 404
    for part in ("documents", "consents", "family", "timeline"):
        assert client.get(f"{base}/{part}", headers=headers).status_code == 404
    assert client.get("/api/v1/workers", headers=headers).json()["count"] == 0


def test_a_referral_grant_needs_the_referral_consent(caseworker, worker, partner):
    from django.core.exceptions import ValidationError

    from corridor.people import services
    from corridor.people.tests.factories import actor

    with pytest.raises(ValidationError) as error:
        services.grant_access(
            actor=actor(caseworker),
            worker=worker,
            organisation=partner.active_memberships[0].organisation,
            purpose="referral",
            reason="Legal advice",
        )

    assert list(error.value.message_dict) == ["organisation"]
    assert not worker.grants.exists()


def test_a_grant_purpose_must_fit_the_organisation(caseworker, worker, employer):
    """An employer cannot be sent a record "for a referral" to skip the matching consent."""
    from django.core.exceptions import ValidationError

    from corridor.people import services
    from corridor.people.tests.factories import actor

    give_consent(caseworker, worker, "referrals")
    give_consent(caseworker, worker, "matching")
    with pytest.raises(ValidationError):
        services.grant_access(
            actor=actor(caseworker),
            worker=worker,
            organisation=employer.active_memberships[0].organisation,
            purpose="referral",
            reason="Not really a referral",
        )
    assert not worker.grants.exists()


def test_owner_still_sees_everything(client, caseworker, shared_worker):
    client.force_login(caseworker)

    body = client.get(f"/workers/{shared_worker.pk}/").content.decode()

    assert "FA1234567" in body
    assert 'id="consents"' in body and 'id="grants"' in body and 'id="timeline"' in body
    assert (
        AuditEvent.objects.filter(worker_id=shared_worker.pk, action=AuditAction.VIEW).count() == 1
    )
    assert Document.objects.filter(worker=shared_worker).count() == 1
    assert SPECIMEN_MRZ  # the specimen stays importable for the MRZ tests
