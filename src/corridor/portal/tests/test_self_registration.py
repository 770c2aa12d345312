"""Registering oneself on the public site: a pending record at the chosen centre, which the
duplicate check sees and the centre confirms; the same answer whoever is registered."""

import re

import pytest
from django.test import override_settings

from corridor.accounts.models import OrganisationType
from corridor.accounts.tests.factories import OrganisationFactory, member
from corridor.core.models import AuditEvent
from corridor.people.models import ConsentRecord, Worker
from corridor.people.tests.factories import register
from corridor.portal.tests.factories import english

pytestmark = pytest.mark.django_db


def without_tokens(answer) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", answer.content.decode())


def form(centre, **changes):
    return {
        "family_name": "Каримова",
        "given_name": "Дилноза",
        "patronymic": "Рустамовна",
        "sex": "F",
        "birth_date": "1996-04-12",
        "citizenship": "UZ",
        "phone": "90 123 45 67",
        "centre": str(centre.pk),
        "consent_registration": "on",
        "consent_matching": "on",
        **changes,
    }


@pytest.fixture
def centre():
    return OrganisationFactory.create(
        type=OrganisationType.EMPLOYMENT_CENTRE, name="Tashkent centre"
    )


def test_a_person_registers_and_the_record_waits_for_the_centre(centre):
    answer = english().post("/my/register/", form(centre), REMOTE_ADDR="192.0.2.1")

    assert answer.status_code == 200
    assert "Tashkent centre will call you" in answer.content.decode()
    worker = Worker.objects.get()
    assert (worker.organisation, worker.phone, worker.stage, worker.created_by) == (
        centre,
        "+998901234567",
        "registered",
        None,
    )
    assert worker.awaiting_confirmation_since is not None
    given = dict(ConsentRecord.objects.filter(worker=worker).values_list("purpose", "is_given"))
    assert given["registration"] and given["matching"] and not given["messages"]
    assert set(ConsentRecord.objects.values_list("method", flat=True)) == {"self_service"}
    created = AuditEvent.objects.get(object_type="people.worker", action="create")
    assert (created.actor, created.ip_address, str(created.organisation_id)) == (
        None,
        "192.0.2.1",
        str(centre.pk),
    )


def test_the_answer_is_the_same_when_the_person_is_already_registered(centre):
    caseworker = member(organisation=centre)
    register(
        caseworker,
        family_name="Каримова",
        given_name="Дилноза",
        birth_date="1996-04-12",
        phone="+998901234567",
    )

    first = english().post("/my/register/", form(centre), REMOTE_ADDR="192.0.2.2")
    second = english().post("/my/register/", form(centre), REMOTE_ADDR="192.0.2.3")

    assert without_tokens(first) == without_tokens(second)
    assert Worker.objects.filter(awaiting_confirmation_since__isnull=False).count() == 2


def test_without_the_registration_consent_nothing_is_kept(centre):
    changes = form(centre)
    del changes["consent_registration"]

    answer = english().post("/my/register/", changes)

    assert answer.status_code == 422
    assert "Without your consent to registration" in answer.content.decode()
    assert not Worker.objects.exists()


def test_a_centre_that_does_not_register_people_cannot_be_chosen(centre):
    employer = OrganisationFactory.create(type=OrganisationType.EMPLOYER, name="Employer")

    answer = english().post("/my/register/", form(employer))

    assert answer.status_code == 422
    assert not Worker.objects.exists()


@override_settings(SELF_REGISTRATIONS_PER_ADDRESS=2)
def test_registrations_are_limited_per_address(centre):
    client = english()
    for n in range(2):
        client.post("/my/register/", form(centre, phone=f"90 123 45 6{n}"), REMOTE_ADDR="192.0.2.9")

    third = client.post(
        "/my/register/", form(centre, phone="90 123 45 69"), REMOTE_ADDR="192.0.2.9"
    )

    assert third.status_code == 429
    assert Worker.objects.count() == 2


def test_the_centre_confirms_and_another_centre_gets_404(centre):
    english().post("/my/register/", form(centre))
    worker = Worker.objects.get()
    other = member()

    refused = english(other).post(f"/workers/{worker.pk}/confirm-registration/")
    assert refused.status_code == 404
    worker.refresh_from_db()
    assert worker.awaiting_confirmation_since is not None

    caseworker = member(organisation=centre)
    page = english(caseworker).get(f"/workers/{worker.pk}/").content.decode()
    assert 'id="awaiting-confirmation"' in page

    answer = english(caseworker).post(f"/workers/{worker.pk}/confirm-registration/")

    assert answer.status_code == 302
    worker.refresh_from_db()
    assert worker.awaiting_confirmation_since is None
    assert AuditEvent.objects.filter(
        object_id=str(worker.pk), action="update", actor=caseworker
    ).exists()
