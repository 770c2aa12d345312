"""The catalogue and the sender's referral pages, through the test client."""

import pytest
from django.test import Client

from corridor.accounts.models import OrganisationType
from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import OrganisationFactory, member
from corridor.people.tests.factories import actor, register, snapshot
from corridor.support import catalogue
from corridor.support.models import PartnerService, Referral, ReferralStatus
from corridor.support.referrals import move_referral
from corridor.support.tests.factories import organisation_of, refer

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client(headers={"accept-language": "en"})


def login(client, user):
    client.force_login(user)
    return client


def service_form(organisation, **overrides):
    return {
        "organisation": str(organisation.pk),
        "name": "Психолог на узбекском языке",
        "category": "psychosocial",
        "description": "Индивидуальные консультации, онлайн и очно",
        "contact_email": "help@example.org",
        "contact_phone": "+74951234567",
        "contact_note": "пн–пт 10–18",
        "is_active": "on",
        "countries": ["RU"],
        "regions": ["RU-MOW"],
        "languages": ["ru", "uz", "tg"],
        **overrides,
    }


def test_the_catalogue_lists_active_services_for_referring_users(
    client, caseworker, partner, legal_aid
):
    catalogue.create_service(
        actor=actor(partner),
        organisation=organisation_of(partner),
        values={"name": "Закрытая программа", "category": "housing", "is_active": False},
    )

    page = login(client, caseworker).get("/support/services/")

    assert page.status_code == 200
    text = page.content.decode()
    assert legal_aid.name in text
    assert "Закрытая программа" not in text
    everything = client.get("/support/services/?include_inactive=on").content.decode()
    assert "Закрытая программа" in everything


def test_the_catalogue_is_closed_to_employers(client):
    employer = member(Role.EMPLOYER, OrganisationFactory.create(type=OrganisationType.EMPLOYER))

    assert login(client, employer).get("/support/services/").status_code == 403


def test_a_partner_adds_its_service(client, partner):
    answer = login(client, partner).post(
        "/support/services/new/", service_form(organisation_of(partner))
    )

    assert answer.status_code == 302
    service = PartnerService.objects.get()
    assert service.organisation == organisation_of(partner)
    assert sorted(service.languages.values_list("pk", flat=True)) == ["ru", "tg", "uz"]
    assert list(service.regions.values_list("pk", flat=True)) == ["RU-MOW"]


def test_a_partner_may_not_add_for_another_organisation(client, partner, other_partner):
    answer = login(client, partner).post(
        "/support/services/new/", service_form(organisation_of(other_partner))
    )

    assert answer.status_code == 422
    assert PartnerService.objects.count() == 0


def test_a_partner_may_not_edit_another_partners_service(client, other_partner, legal_aid):
    answer = login(client, other_partner).post(
        f"/support/services/{legal_aid.pk}/edit/", service_form(legal_aid.organisation)
    )

    assert answer.status_code == 403
    assert PartnerService.objects.get().name == legal_aid.name


def test_a_caseworker_keeps_only_their_own_centres_services(client, caseworker, partner):
    page = login(client, caseworker).get("/support/services/new/")
    refused = client.post(
        "/support/services/new/",
        service_form(organisation_of(partner), category="housing", name="Чужая услуга"),
    )

    assert page.status_code == 200
    assert refused.status_code in {403, 422}
    assert not PartnerService.objects.filter(name="Чужая услуга").exists()


def test_the_programme_office_keeps_every_partners_services(client, other_partner):
    office = OrganisationFactory.create(type=OrganisationType.PROGRAMME_OFFICE, country="RU")
    admin = member(Role.ADMIN, office)

    answer = login(client, admin).post(
        "/support/services/new/",
        service_form(organisation_of(other_partner), category="housing", name="Общежитие"),
    )

    assert answer.status_code == 302
    assert PartnerService.objects.get().organisation == organisation_of(other_partner)


def test_the_refer_page_sends_a_referral(client, caseworker, worker, legal_aid):
    login(client, caseworker)

    form = client.get(f"/support/workers/{worker.pk}/refer/")
    sent = client.post(
        f"/support/workers/{worker.pk}/refer/",
        {"service": str(legal_aid.pk), "reason": "Работодатель удерживает паспорт"},
    )

    assert form.status_code == 200
    assert legal_aid.name in form.content.decode()
    referral = Referral.objects.get()
    assert sent.status_code == 302
    assert sent["Location"] == f"/support/referrals/{referral.pk}/"
    assert referral.reason == "Работодатель удерживает паспорт"


def test_without_consent_the_page_says_so_and_refuses(client, caseworker, legal_aid):
    worker = register(caseworker)
    login(client, caseworker)
    before = snapshot(worker)

    form = client.get(f"/support/workers/{worker.pk}/refer/")
    refused = client.post(
        f"/support/workers/{worker.pk}/refer/",
        {"service": str(legal_aid.pk), "reason": "Нужен юрист"},
    )

    assert "has not consented to sharing with partner services" in form.content.decode()
    assert "urgent: why send it" not in form.content.decode()
    assert refused.status_code == 422
    assert "Record the worker&#x27;s consent first" in refused.content.decode()
    assert Referral.objects.count() == 0
    assert snapshot(worker) == before


def test_a_manager_sees_the_override_field_and_uses_it(client, overrider, caseworker, legal_aid):
    worker = register(caseworker)
    login(client, overrider)

    form = client.get(f"/support/workers/{worker.pk}/refer/")
    sent = client.post(
        f"/support/workers/{worker.pk}/refer/",
        {
            "service": str(legal_aid.pk),
            "reason": "Нужен юрист",
            "consent_override_reason": "Срочно: суд завтра",
        },
    )

    assert "urgent: why send it" in form.content.decode()
    assert sent.status_code == 302
    assert Referral.objects.get().consent_override_reason == "Срочно: суд завтра"


def test_another_centre_gets_404_on_the_refer_page_and_nothing_changes(
    client, outsider, worker, legal_aid
):
    before = snapshot(worker)
    login(client, outsider)

    assert client.get(f"/support/workers/{worker.pk}/refer/").status_code == 404
    answer = client.post(
        f"/support/workers/{worker.pk}/refer/", {"service": str(legal_aid.pk), "reason": "x"}
    )

    assert answer.status_code == 404
    assert Referral.objects.count() == 0
    assert snapshot(worker) == before


def test_the_sender_cancels_and_records_feedback_on_the_page(
    client, caseworker, partner, worker, legal_aid
):
    cancelled = refer(caseworker, worker, legal_aid)
    completed = refer(caseworker, worker, legal_aid)
    move_referral(actor=actor(partner), referral=completed, status=ReferralStatus.ACCEPTED)
    move_referral(
        actor=actor(partner), referral=completed, status=ReferralStatus.COMPLETED, outcome="Да"
    )
    login(client, caseworker)

    page = client.get(f"/support/referrals/{cancelled.pk}/")
    no_reason = client.post(f"/support/referrals/{cancelled.pk}/cancel/", {"note": ""})
    cancel = client.post(f"/support/referrals/{cancelled.pk}/cancel/", {"note": "Уехал домой"})
    feedback = client.post(
        f"/support/referrals/{completed.pk}/feedback/", {"rating": "5", "comment": "Спасибо"}
    )

    assert page.status_code == 200
    assert "Нужна консультация по регистрации" in page.content.decode()
    assert no_reason.status_code == 422
    assert cancel.status_code == 302
    assert Referral.objects.get(pk=cancelled.pk).status == ReferralStatus.CANCELLED
    assert feedback.status_code == 302
    assert Referral.objects.get(pk=completed.pk).feedback_rating == 5


def test_the_referral_list_runs_a_fixed_number_of_queries(
    client, caseworker, worker, legal_aid, django_assert_num_queries
):
    for _ in range(3):
        refer(caseworker, worker, legal_aid)
    login(client, caseworker)
    client.get("/support/referrals/")  # warm the session and the content types

    # session, user, memberships; count; the page of referrals with their joins
    with django_assert_num_queries(5):
        answer = client.get("/support/referrals/")

    assert answer.status_code == 200


def test_users_without_referral_permissions_are_forbidden(client):
    donor = member(Role.DONOR, OrganisationFactory.create(type=OrganisationType.DONOR))

    assert login(client, donor).get("/support/referrals/").status_code == 403
