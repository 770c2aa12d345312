"""The public certificate check: a page and an endpoint, no login, initials only."""

import datetime

import pytest
from django.test import Client

from corridor.accounts.tests.factories import member
from corridor.core.models import AuditEvent
from corridor.people.tests.factories import actor
from corridor.training import certificates
from corridor.training.models import Certificate
from corridor.training.tests.factories import TODAY, certified, provider_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def certificate():
    return certified(provider_user(), member())


def page(client, code):
    return client.get(f"/verify/{code}/")


def test_a_valid_certificate_shows_its_facts_and_the_holders_initials_only(client, certificate):
    worker = certificate.worker

    response = page(client, certificate.code)

    assert response.status_code == 200
    body = response.content.decode()
    assert ">valid<" in body
    assert certificate.enrolment.cohort.course.title in body
    assert "Russian language, history and law exam preparation" in body
    assert "Tashkent Vocational Training Centre" in body
    assert "Ш. А." in body
    for private in (worker.family_name, worker.given_name, worker.reference, worker.patronymic):
        assert private not in body
    assert f"{certificate.issued_on:%d.%m.%Y}" in body


def test_the_code_may_be_typed_grouped_and_in_lower_case(client, certificate):
    typed = certificates.grouped(certificate.code).lower()

    assert page(client, typed).status_code == 200


def test_an_expired_certificate_says_so(client, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(
        issued_on=TODAY - datetime.timedelta(days=6 * 365),
        valid_until=TODAY - datetime.timedelta(days=1),
    )

    response = page(client, certificate.code)

    assert response.status_code == 200
    assert ">expired<" in response.content.decode()


def test_a_revoked_certificate_says_so_without_the_reason(client, certificate):
    certificates.revoke_certificate(
        actor=actor(certificate.issued_by),
        certificate=certificate,
        reason="Fraud by the holder",
    )

    response = page(client, certificate.code)

    body = response.content.decode()
    assert response.status_code == 200
    assert ">revoked<" in body
    assert "Revoked" in body
    assert "Fraud" not in body


@pytest.mark.parametrize(
    "code",
    [
        "ABCDEFGHJKMN",  # well formed, not issued
        "ABCDEFGHJKM",  # too short
        "ABCDEFGHJKMNP",  # too long
        "ABCDEFGHJKM0",  # a character the codes never use
        "%3Cscript%3E",
        "' OR 1=1 --",
    ],
)
def test_every_unknown_or_forged_code_gets_the_same_404_page(client, certificate, code):
    response = page(client, code)

    assert response.status_code == 404
    body = response.content.decode()
    assert "No certificate has this code." in body
    assert "<script>" not in body
    assert certificate.enrolment.cohort.course.title not in body


def test_each_check_of_an_existing_code_is_counted_not_audited(client, certificate):
    audit_before = AuditEvent.objects.count()

    page(client, certificate.code)
    page(client, certificate.code)
    page(client, "ABCDEFGHJKMN")

    certificate.refresh_from_db()
    assert certificate.verification_count == 2
    assert certificate.last_verified_at is not None
    assert AuditEvent.objects.count() == audit_before


def test_more_than_30_checks_a_minute_from_one_address_are_refused(
    client, certificate, monkeypatch
):
    # One fixed window: the test must not straddle a minute.
    monkeypatch.setattr("corridor.core.ratelimit.time.time", lambda: 1_800_000_000.0)
    answers = [page(client, "ABCDEFGHJKMN").status_code for _ in range(30)]

    limited = page(client, certificate.code)
    from_elsewhere = client.get(f"/verify/{certificate.code}/", REMOTE_ADDR="203.0.113.9")

    assert answers == [404] * 30
    assert limited.status_code == 429
    assert "Too many checks" in limited.content.decode()
    assert from_elsewhere.status_code == 200


def test_the_api_check_answers_the_same_facts_without_login(client, certificate):
    response = client.get(f"/api/v1/training/verify/{certificate.code}")

    assert response.status_code == 200
    assert response.json() == {
        "code": certificates.grouped(certificate.code),
        "status": "valid",
        "course_title": certificate.enrolment.cohort.course.title,
        "course_type": "russian_exam",
        "course_type_label": "Russian language, history and law exam preparation",
        "provider": "Tashkent Vocational Training Centre",
        "issued_on": certificate.issued_on.isoformat(),
        "valid_until": certificate.valid_until.isoformat(),
        "revoked_on": None,
        "holder_initials": "Ш. А.",
    }


def test_the_api_check_answers_404_and_429_like_the_page(client, certificate, monkeypatch):
    monkeypatch.setattr("corridor.core.ratelimit.time.time", lambda: 1_800_000_000.0)

    unknown = client.get("/api/v1/training/verify/ABCDEFGHJKMN")
    forged = client.get("/api/v1/training/verify/not-a-code")
    for _ in range(28):
        client.get("/api/v1/training/verify/ABCDEFGHJKMN")
    limited = client.get(f"/api/v1/training/verify/{certificate.code}")

    assert unknown.status_code == forged.status_code == 404
    assert (
        unknown.json() == forged.json() == {"error": {"code": "not_found", "message": "Not found."}}
    )
    assert limited.status_code == 429
