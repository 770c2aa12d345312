"""The partner sees only the workers referred to it, and only the fields a referral needs: no
documents, no consent history, no other referrals, no override reason, no worker record."""

import pytest
from django.test import Client

from corridor.core.models import AuditAction, AuditEvent
from corridor.people.models import AccessGrant
from corridor.people.tests.factories import add_document, bearer, register, snapshot
from corridor.support.models import Referral, ReferralStatus, ReferralStep
from corridor.support.tests.factories import consenting_worker, family_of, offer, refer

pytestmark = pytest.mark.django_db

OTHER_PHONE = "+998935550011"
SECRET_REASON = "Другая причина: долг перед работодателем"
OVERRIDE = "Работник в реанимации, согласие подписать не может"


@pytest.fixture
def client():
    return Client(headers={"accept-language": "en"})


def login(client, user):
    client.force_login(user)
    return client


def _audited():
    # Logging in is audited too; what counts here is what happened to personal data.
    return AuditEvent.objects.exclude(action__in=[AuditAction.LOGIN]).count()


@pytest.fixture
def case(caseworker, partner, other_partner, legal_aid):
    """Worker A with a passport and a child, referred to the partner for the child and to the
    other partner for something else; worker B referred to the other partner only."""
    a = consenting_worker(caseworker)
    add_document(caseworker, a, number="FA7654321")
    child = family_of(caseworker, a, full_name="Абдуллаева Малика", relation="child")
    mine = refer(caseworker, a, legal_aid, family_member=child, reason="Ребёнка не берут в школу")
    housing = offer(other_partner, "housing", name="Общежитие")
    elsewhere = refer(caseworker, a, housing, reason=SECRET_REASON)
    b = consenting_worker(
        caseworker, family_name="Каримов", given_name="Бахтиёр", phone=OTHER_PHONE
    )
    theirs = refer(caseworker, b, housing, reason="Ищет жильё")
    return {"a": a, "b": b, "mine": mine, "elsewhere": elsewhere, "theirs": theirs}


def test_the_partner_page_shows_the_fields_a_referral_needs(client, partner, case):
    page = login(client, partner).get(f"/support/received/{case['mine'].pk}/")

    assert page.status_code == 200
    text = page.content.decode()
    a = case["a"]
    for shown in (
        a.full_name,
        a.reference,
        a.phone,
        a.messenger_handle,
        "Uzbek",
        "Russian",
        "Абдуллаева Малика",
        "Ребёнка не берут в школу",
    ):
        assert shown in text, shown


def test_the_partner_page_hides_everything_else(client, partner, case):
    text = login(client, partner).get(f"/support/received/{case['mine'].pk}/").content.decode()

    for hidden in (
        "FA7654321",  # the passport
        "passport",
        "signed form",  # consent history
        "Consent",
        SECRET_REASON,  # another referral of the same worker
        "Общежитие",
        OTHER_PHONE,  # another worker
        case["b"].reference,
        f"/workers/{case['a'].pk}",  # no way into the worker's record
    ):
        assert hidden not in text, hidden


def test_the_partner_list_holds_only_its_referred_workers(client, partner, case):
    text = login(client, partner).get("/support/referrals/").content.decode()

    assert case["a"].reference in text
    assert case["b"].reference not in text
    assert OTHER_PHONE not in text
    assert "1 referral" in text
    assert f"/support/received/{case['mine'].pk}/" in text
    assert str(case["elsewhere"].pk) not in text


def test_a_referral_shares_no_record_and_the_worker_page_stays_closed(client, partner, case):
    # The referrals shared the person with the partner by referral grants, which open no record.
    assert set(AccessGrant.objects.values_list("purpose", flat=True)) == {"referral"}
    login(client, partner)

    assert client.get(f"/workers/{case['a'].pk}/").status_code == 404
    assert client.get(f"/api/v1/workers/{case['a'].pk}", headers=bearer(partner)).status_code == 404
    assert client.get(f"/support/referrals/{case['mine'].pk}/").status_code == 404
    assert client.get(f"/support/workers/{case['a'].pk}/refer/").status_code == 404


def test_the_partner_cannot_open_a_referral_sent_elsewhere(client, partner, case):
    login(client, partner)

    assert client.get(f"/support/received/{case['theirs'].pk}/").status_code == 404
    assert client.get(f"/support/received/{case['elsewhere'].pk}/").status_code == 404


def test_another_partner_gets_404_and_nothing_changes(client, other_partner, case):
    referral = case["mine"]
    before = (snapshot(case["a"]), ReferralStep.objects.count(), _audited())
    login(client, other_partner)

    assert client.get(f"/support/received/{referral.pk}/").status_code == 404
    moved = client.post(f"/support/received/{referral.pk}/move/", {"status": "accepted"})
    api = client.post(
        f"/api/v1/support/referrals/{referral.pk}/status",
        {"status": "accepted"},
        content_type="application/json",
        headers=bearer(other_partner),
    )

    assert (moved.status_code, api.status_code) == (404, 404)
    assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.SENT
    assert (snapshot(case["a"]), ReferralStep.objects.count(), _audited()) == before


def test_a_staff_user_of_another_centre_gets_404(client, outsider, case):
    login(client, outsider)

    assert client.get(f"/support/referrals/{case['mine'].pk}/").status_code == 404
    assert client.get(f"/support/received/{case['mine'].pk}/").status_code == 404
    assert case["a"].reference not in client.get("/support/referrals/").content.decode()


def test_the_partners_reading_is_audited(client, partner, case):
    login(client, partner).get(f"/support/received/{case['mine'].pk}/")

    viewed = AuditEvent.objects.get(worker_id=case["a"].pk, action=AuditAction.VIEW)
    assert viewed.actor == partner
    assert viewed.organisation_id == case["mine"].partner_id


def test_the_partner_answers_on_its_page(client, partner, case):
    referral = case["mine"]
    login(client, partner)

    accepted = client.post(f"/support/received/{referral.pk}/move/", {"status": "accepted"})
    no_outcome = client.post(f"/support/received/{referral.pk}/move/", {"status": "completed"})
    done = client.post(
        f"/support/received/{referral.pk}/move/",
        {"status": "completed", "outcome": "Ребёнок зачислен в школу № 12"},
    )

    assert accepted.status_code == 302
    assert no_outcome.status_code == 422
    assert done.status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.outcome) == ("completed", "Ребёнок зачислен в школу № 12")


def test_the_partner_sees_an_urgent_referral_never_the_override_reason(
    client, caseworker, overrider, partner, legal_aid
):
    worker = register(caseworker, phone="+998901112233")
    referral = refer(overrider, worker, legal_aid, consent_override_reason=OVERRIDE)

    partner_page = login(client, partner).get(f"/support/received/{referral.pk}/")
    partner_api = client.get(
        f"/api/v1/support/referrals/received/{referral.pk}", headers=bearer(partner)
    )
    staff_page = login(Client(headers={"accept-language": "en"}), caseworker).get(
        f"/support/referrals/{referral.pk}/"
    )

    assert "urgent referral" in partner_page.content.decode()
    assert OVERRIDE not in partner_page.content.decode()
    assert partner_api.json()["is_urgent"] is True
    assert OVERRIDE not in partner_api.content.decode()
    assert OVERRIDE in staff_page.content.decode()


def test_the_partners_api_gives_exactly_the_listed_fields(client, partner, case):
    answer = client.get("/api/v1/support/referrals/received", headers=bearer(partner))

    assert answer.status_code == 200
    body = answer.json()
    assert body["count"] == 1
    item = body["items"][0]
    assert set(item["worker"]) == {
        "name",
        "name_latin",
        "reference",
        "phone",
        "messenger",
        "languages",
    }
    assert item["worker"]["phone"] == case["a"].phone
    assert item["family_member"]["name"] == "Абдуллаева Малика"
    assert "consent_override_reason" not in item
    assert "FA7654321" not in answer.content.decode()
    assert OTHER_PHONE not in answer.content.decode()
    sent_side = client.get(f"/api/v1/support/referrals/{case['mine'].pk}", headers=bearer(partner))
    assert sent_side.status_code == 404


def test_withdrawn_referral_consent_hides_the_person_from_the_partner(client, partner, case):
    from corridor.people.models import ConsentPurpose
    from corridor.people.tests.factories import give_consent

    referral = case["mine"]
    sender = referral.sent_by
    give_consent(sender, referral.worker, ConsentPurpose.REFERRALS, is_given=False)
    login(client, partner)

    page = client.get(f"/support/received/{referral.pk}/")
    api = client.get(f"/api/v1/support/referrals/received/{referral.pk}", headers=bearer(partner))

    assert page.status_code == 200
    assert referral.worker.reference not in page.content.decode()
    assert referral.worker.family_name not in page.content.decode()
    assert api.status_code == 200, api.content
    assert api.json()["worker"] is None
    assert not AccessGrant.objects.active().filter(worker=referral.worker).exists()
