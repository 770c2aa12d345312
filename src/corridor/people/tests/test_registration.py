import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from corridor.core.models import AuditAction, AuditEvent
from corridor.people import services
from corridor.people.models import ReferenceSequence, Worker, WorkerNameKey
from corridor.people.services import Experience, LanguageSkill
from corridor.people.tests.factories import actor, register, snapshot

pytestmark = pytest.mark.django_db


def test_registering_numbers_and_derives_latin_forms_and_script(caseworker):
    worker = register(caseworker)

    assert worker.reference == f"UZ-{timezone.now().year}-000001"
    assert worker.name_script == "cyrillic"
    # One language for the whole name: ў makes all three parts Uzbek (Abdullayev, not
    # ICAO's Abdullaev for the surname on its own).
    assert (worker.family_name_latin, worker.given_name_latin, worker.patronymic_latin) == (
        "Abdullayev",
        "Shaxzod",
        "O‘tkirovich",
    )
    assert worker.organisation == caseworker.active_memberships[0].organisation
    assert (worker.created_by, worker.stage) == (caseworker, "registered")
    assert WorkerNameKey.objects.filter(worker=worker).exists()


def test_registering_tidies_whitespace_and_stores_the_phone_in_e164(caseworker):
    worker = register(
        caseworker,
        family_name="  Karimov ",
        given_name="Aziz   Bek",
        patronymic="",
        phone="90 123 45 67",
        citizenship="uz",
    )

    assert (worker.family_name, worker.given_name) == ("Karimov", "Aziz Bek")
    assert worker.phone == "+998901234567"
    assert worker.citizenship_id == "UZ"
    assert worker.name_script == "latin"


def test_registering_records_timeline_and_a_create_audit_event_with_the_values(caseworker):
    worker = register(caseworker, phone="+998901234567")

    assert list(worker.timeline.values_list("kind", "to_stage", "actor")) == [
        ("registered", "registered", caseworker.pk)
    ]
    event = AuditEvent.objects.get(action=AuditAction.CREATE, worker_id=worker.pk)
    assert event.actor == caseworker
    assert event.organisation_id == worker.organisation_id
    assert event.changes["family_name"] == [None, "Абдуллаев"]
    assert event.changes["birth_date"] == [None, "1995-03-14"]
    assert event.changes["phone"] == [None, "+998901234567"]


def test_registering_with_languages_and_occupations(caseworker):
    worker = services.register_worker(
        actor=actor(caseworker),
        organisation=caseworker.active_memberships[0].organisation,
        details={
            "family_name": "Karimov",
            "given_name": "Aziz",
            "sex": "M",
            "birth_date": datetime.date(1990, 1, 1),
            "citizenship": "UZ",
        },
        languages=[LanguageSkill("uz", "native"), LanguageSkill("ru", "B1")],
        occupations=[Experience("7212", 6)],
    )

    assert sorted(worker.languages.values_list("language", "level")) == [
        ("ru", "B1"),
        ("uz", "native"),
    ]
    assert list(worker.occupations.values_list("isco", "years_experience")) == [("7212", 6)]


@pytest.mark.parametrize(
    ("details", "field"),
    [
        ({"phone": "12345"}, "phone"),
        ({"birth_date": datetime.date.today() + datetime.timedelta(days=2)}, "birth_date"),
        ({"birth_date": datetime.date(1899, 12, 31)}, "birth_date"),
        ({"citizenship": "XX"}, "citizenship"),
        ({"sex": "X"}, "sex"),
        ({"home_region": "RU-MOW"}, "home_region"),
    ],
)
def test_invalid_details_raise_and_save_nothing(caseworker, details, field):
    with pytest.raises(ValidationError) as error:
        register(caseworker, **details)

    assert field in error.value.message_dict
    assert Worker.objects.count() == 0
    assert ReferenceSequence.objects.count() == 0


def test_invalid_occupation_rolls_back_the_whole_registration(caseworker):
    with pytest.raises(ValidationError):
        services.register_worker(
            actor=actor(caseworker),
            organisation=caseworker.active_memberships[0].organisation,
            details={
                "family_name": "Karimov",
                "given_name": "Aziz",
                "sex": "M",
                "birth_date": datetime.date(1990, 1, 1),
                "citizenship": "UZ",
            },
            occupations=[Experience("72", 1)],
        )

    assert Worker.objects.count() == 0
    assert WorkerNameKey.objects.count() == 0
    assert not AuditEvent.objects.filter(action=AuditAction.CREATE).exists()
    assert list(ReferenceSequence.objects.values_list("last_number", flat=True)) in ([], [0])


def test_caseworker_may_not_register_for_an_organisation_they_do_not_belong_to(
    caseworker, outsider
):
    with pytest.raises(PermissionDenied):
        register(outsider, organisation=caseworker.active_memberships[0].organisation)

    assert Worker.objects.count() == 0


def test_update_audits_every_changed_field_with_old_and_new_values(caseworker, worker):
    services.update_worker(
        actor=actor(caseworker),
        worker=worker,
        details={"given_name": "Жасур", "phone": "+998 91 765 43 21", "skills": "welding"},
    )

    worker.refresh_from_db()
    assert (worker.given_name, worker.given_name_latin) == ("Жасур", "Jasur")
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, worker_id=worker.pk)
    assert event.changes == {
        "given_name": ["Шахзод", "Жасур"],
        "phone": ["", "+998917654321"],
        "skills": ["", "welding"],
    }
    entry = worker.timeline.filter(kind="updated").get()
    assert (entry.message, entry.params, entry.reason) == (
        "details_changed",
        {"fields": {"model": "people.worker", "fields": ["given_name", "phone", "skills"]}},
        "",
    )
    with translation.override("en"):
        assert entry.text == "Changed: given name, phone, skills"


def test_update_with_nothing_changed_writes_no_event(caseworker, worker):
    before = snapshot(worker)

    services.update_worker(actor=actor(caseworker), worker=worker, details={"sex": "M"})

    assert snapshot(worker) == before


def test_invalid_update_changes_nothing(caseworker, worker):
    before = snapshot(worker)

    with pytest.raises(ValidationError):
        services.update_worker(
            actor=actor(caseworker),
            worker=worker,
            details={"family_name": "New", "phone": "not a phone"},
        )

    assert snapshot(worker) == before


def test_caseworker_of_another_org_may_not_update(worker, outsider):
    before = snapshot(worker)

    with pytest.raises(PermissionDenied):
        services.update_worker(actor=actor(outsider), worker=worker, details={"skills": "x"})

    assert snapshot(worker) == before


def test_unknown_detail_name_is_a_programming_error(caseworker):
    with pytest.raises(ValueError, match="stage"):
        register(caseworker, stage="employed")


def test_deleting_a_worker_keeps_an_audit_entry(caseworker, worker):
    from corridor.accounts.roles import Role
    from corridor.accounts.tests.factories import MembershipFactory

    MembershipFactory.create(user=caseworker, organisation=worker.organisation, role=Role.ADMIN)
    admin = type(caseworker).objects.get(pk=caseworker.pk)
    worker_id, reference = worker.pk, worker.reference

    services.delete_worker(actor=actor(admin), worker=worker, reason="asked to be forgotten")

    assert not Worker.objects.filter(pk=worker_id).exists()
    event = AuditEvent.objects.get(action=AuditAction.DELETE)
    assert (event.worker_id, event.changes["reference"]) == (worker_id, [reference, None])


def test_caseworker_may_not_delete_a_worker(caseworker, worker):
    with pytest.raises(PermissionDenied):
        services.delete_worker(actor=actor(caseworker), worker=worker, reason="x")

    assert Worker.objects.filter(pk=worker.pk).exists()


def test_registration_page_records_the_consents_the_worker_gave(client, caseworker):
    from corridor.people.consent import consent_in_force

    client.force_login(caseworker)
    response = client.post(
        "/workers/new/",
        {
            "family_name": "Каримов",
            "given_name": "Рустам",
            "sex": "M",
            "birth_date": "1993-05-02",
            "citizenship": "UZ",
            "lang-TOTAL_FORMS": "0",
            "lang-INITIAL_FORMS": "0",
            "occ-TOTAL_FORMS": "0",
            "occ-INITIAL_FORMS": "0",
            "consent_registration": "on",
            "consent_matching": "on",
            "method": "verbal",
            "note": "Witness: D. Yusupova",
        },
    )

    assert response.status_code == 302
    worker = Worker.objects.get(family_name="Каримов")
    assert consent_in_force(worker) == {
        "registration": True,
        "matching": True,
        "authority_sharing": False,
        "messages": False,
        "statistics": False,
        "referrals": False,
    }
    assert set(worker.consents.values_list("method", "note")) == {
        ("verbal", "Witness: D. Yusupova")
    }
    assert worker.consents.count() == 6  # each purpose asked, the refusals recorded too
    # One timeline line for the registration and what was consented to; an audit entry each.
    assert list(worker.timeline.values_list("kind", flat=True)) == ["registered"]
    entry = worker.timeline.get()
    assert entry.message == "registered_consent"
    assert entry.params["purposes"]["enum"] == "people.ConsentPurpose"
    with translation.override("en"):
        assert entry.text.startswith("consent given: ")
    assert (
        AuditEvent.objects.filter(worker_id=worker.pk, object_type="people.consentrecord").count()
        == 6
    )


def test_registration_api_records_the_consents(client, caseworker):
    from corridor.people.consent import consent_in_force
    from corridor.people.tests.factories import bearer

    response = client.post(
        "/api/v1/workers",
        {
            "family_name": "Karimova",
            "given_name": "Dilnoza",
            "sex": "F",
            "birth_date": "1998-01-20",
            "citizenship": "UZ",
            "consents": [
                {"purpose": "registration", "given": True},
                {"purpose": "referrals", "given": True},
            ],
            "consent_method": "self_service",
        },
        content_type="application/json",
        headers=bearer(caseworker),
    )

    assert response.status_code == 201, response.content
    worker = Worker.objects.get(pk=response.json()["id"])
    assert consent_in_force(worker)["referrals"] is True
    assert consent_in_force(worker)["matching"] is False
    assert list(worker.consents.values_list("method", flat=True)) == ["self_service"] * 2
