"""A referral to an organisation or service that does not offer the category, or to a service
that takes no referrals, is refused with a clear 4xx and writes nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from corridor.people.tests.factories import actor, bearer, snapshot
from corridor.support import catalogue
from corridor.support.models import Referral
from corridor.support.tests.factories import offer, organisation_of, refer

pytestmark = pytest.mark.django_db


def post(client, url, body, user):
    return client.post(url, body, content_type="application/json", headers=bearer(user))


def test_an_organisation_without_the_category_is_refused_by_the_api(
    client, caseworker, worker, partner, legal_aid
):
    before = snapshot(worker)

    answer = post(
        client,
        "/api/v1/support/referrals",
        {
            "worker": str(worker.pk),
            "organisation": str(organisation_of(partner).pk),
            "category": "housing",
            "reason": "Ищет жильё",
        },
        caseworker,
    )

    assert answer.status_code == 422
    message = answer.json()["error"]["fields"]["category"][0]
    assert "Migrant Rights Legal Aid Centre" in message
    assert Referral.objects.count() == 0
    assert snapshot(worker) == before


def test_an_organisation_offering_the_category_is_referred_through_its_service(
    client, caseworker, worker, partner, legal_aid
):
    answer = post(
        client,
        "/api/v1/support/referrals",
        {
            "worker": str(worker.pk),
            "organisation": str(organisation_of(partner).pk),
            "category": "legal_aid",
            "reason": "Задержка зарплаты",
        },
        caseworker,
    )

    assert answer.status_code == 201
    assert answer.json()["service"] == str(legal_aid.pk)


def test_a_service_of_another_category_is_refused(client, caseworker, worker, legal_aid):
    before = snapshot(worker)

    answer = post(
        client,
        "/api/v1/support/referrals",
        {
            "worker": str(worker.pk),
            "service": str(legal_aid.pk),
            "category": "health",
            "reason": "Нужен врач",
        },
        caseworker,
    )

    assert answer.status_code == 422
    assert "не относится к категории" in answer.json()["error"]["fields"]["category"][0]
    assert Referral.objects.count() == 0
    assert snapshot(worker) == before


def test_an_inactive_service_is_refused(caseworker, worker, partner, legal_aid):
    catalogue.update_service(actor=actor(partner), service=legal_aid, values={"is_active": False})
    before = snapshot(worker)

    with pytest.raises(ValidationError) as refused:
        refer(caseworker, worker, legal_aid)

    assert "service" in refused.value.message_dict
    assert Referral.objects.count() == 0
    assert snapshot(worker) == before


def test_an_inactive_service_by_organisation_and_category_is_refused(
    client, caseworker, worker, partner, legal_aid
):
    catalogue.update_service(actor=actor(partner), service=legal_aid, values={"is_active": False})

    answer = post(
        client,
        "/api/v1/support/referrals",
        {
            "worker": str(worker.pk),
            "organisation": str(organisation_of(partner).pk),
            "category": "legal_aid",
            "reason": "Задержка зарплаты",
        },
        caseworker,
    )

    assert answer.status_code == 422
    assert Referral.objects.count() == 0


def test_the_page_refuses_an_inactive_service(caseworker, worker, partner, legal_aid):
    catalogue.update_service(actor=actor(partner), service=legal_aid, values={"is_active": False})
    client = Client(headers={"accept-language": "en"})
    client.force_login(caseworker)

    answer = client.post(
        f"/support/workers/{worker.pk}/refer/",
        {"service": str(legal_aid.pk), "reason": "Задержка зарплаты"},
    )

    assert answer.status_code == 422
    assert Referral.objects.count() == 0


def test_a_family_member_of_another_worker_is_refused(caseworker, worker, legal_aid):
    from corridor.support.tests.factories import consenting_worker, family_of

    other = consenting_worker(caseworker, given_name="Бахтиёр")
    child = family_of(caseworker, other)

    with pytest.raises(ValidationError) as refused:
        refer(caseworker, worker, legal_aid, family_member=child)

    assert "family_member" in refused.value.message_dict
    assert Referral.objects.count() == 0


def test_a_service_of_another_organisation_named_with_it_is_refused(
    client, caseworker, worker, legal_aid, other_partner
):
    housing = offer(other_partner, "housing", name="Общежитие")

    answer = post(
        client,
        "/api/v1/support/referrals",
        {
            "worker": str(worker.pk),
            "service": str(housing.pk),
            "organisation": str(legal_aid.organisation_id),
            "reason": "Ищет жильё",
        },
        caseworker,
    )

    assert answer.status_code == 422
    assert Referral.objects.count() == 0
