"""An MRZ is "verified" only when its check digits hold and it is the worker's own zone."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from corridor.core.models import AuditEvent
from corridor.people.models import Document, Worker
from corridor.people.mrz import identity_disagreements, parse_passport_mrz
from corridor.people.tests.factories import add_document, passport_mrz, snapshot

# The worker of the `worker` fixture: Абдуллаев Шахзод Ўткирович, male, born 14 March 1995.
HIS_MRZ = passport_mrz(
    family="ABDULLAEV", given="SHAKHZOD", birth=datetime.date(1995, 3, 14), sex="M"
)
# A woman born 1980: someone else's passport.
HER_MRZ = passport_mrz(
    family="YUSUPOVA", given="GULCHEHRA", birth=datetime.date(1980, 8, 12), sex="F"
)


def _disagreements(mrz, **record):
    fields = {
        "family_name": "Каримов",
        "given_name": "Рустам",
        "patronymic": "",
        "birth_date": datetime.date(1990, 1, 2),
        "sex": "M",
        **record,
    }
    return identity_disagreements(parse_passport_mrz(mrz), **fields)


def test_a_latin_zone_agrees_with_the_cyrillic_record_of_the_same_person():
    mrz = passport_mrz(family="KARIMOV", given="RUSTAM", birth=datetime.date(1990, 1, 2), sex="M")

    assert _disagreements(mrz) == []


def test_uzbek_latin_spelling_in_the_zone_agrees_with_the_cyrillic_record():
    mrz = passport_mrz(
        family="ABDULLAYEV", given="SHAXZOD", birth=datetime.date(1995, 3, 14), sex="M"
    )

    assert (
        _disagreements(
            mrz,
            family_name="Абдуллаев",
            given_name="Шахзод",
            patronymic="Ўткирович",
            birth_date=datetime.date(1995, 3, 14),
        )
        == []
    )


def test_another_persons_zone_disagrees_on_every_identity_field():
    assert _disagreements(HER_MRZ) == ["family name", "given names", "date of birth", "sex"]


def test_the_feminine_form_of_the_family_name_is_another_name():
    mrz = passport_mrz(family="KARIMOVA", given="RUSTAM", birth=datetime.date(1990, 1, 2), sex="M")

    assert _disagreements(mrz) == ["family name"]


def test_a_given_name_cut_short_at_the_end_of_the_field_still_agrees():
    long_family = "ABDURAKHMONOVAKHMEDOVSAIDKHODJAEV"
    mrz = passport_mrz(
        family=long_family, given="RUSTAMJON", birth=datetime.date(1990, 1, 2), sex="M"
    )
    parsed = parse_passport_mrz(mrz)
    assert parsed.is_name_truncated and parsed.given_names == "RUST"

    assert _disagreements(mrz, family_name="Абдурахмонахмедовсаидходжаев") == ["family name"]
    assert (
        identity_disagreements(
            parsed,
            family_name="Abdurakhmonovakhmedovsaidkhodjaev",
            given_name="Рустамжон",
            patronymic="",
            birth_date=datetime.date(1990, 1, 2),
            sex="M",
        )
        == []
    )


@pytest.mark.django_db
def test_the_workers_own_zone_is_verified(caseworker, worker):
    document = add_document(caseworker, worker, number="", mrz=HIS_MRZ)

    assert document.is_mrz_verified
    assert document.number == "AB1234567"


@pytest.mark.django_db
def test_another_persons_zone_is_refused_naming_what_disagrees(caseworker, worker):
    before = snapshot(worker)

    with translation.override("en"), pytest.raises(ValidationError) as error:
        add_document(caseworker, worker, number="AB1234567", mrz=HER_MRZ)

    assert error.value.message_dict == {
        "mrz": [
            "The machine-readable zone does not agree with the worker's record: "
            "family name, given name, date of birth, sex."
        ]
    }
    assert Document.objects.filter(worker=worker).count() == 0
    assert snapshot(worker) == before


@pytest.mark.django_db
def test_a_zone_of_the_right_name_but_another_birth_date_is_refused(caseworker, worker):
    mrz = passport_mrz(
        family="ABDULLAEV", given="SHAKHZOD", birth=datetime.date(1995, 3, 15), sex="M"
    )

    with translation.override("en"), pytest.raises(ValidationError) as error:
        add_document(caseworker, worker, number="", mrz=mrz)

    assert error.value.message_dict == {
        "mrz": ["The machine-readable zone does not agree with the worker's record: date of birth."]
    }


@pytest.mark.django_db
def test_the_refusal_names_the_fields_in_the_users_language(caseworker, worker):
    with translation.override("ru"):
        with pytest.raises(ValidationError) as error:
            add_document(caseworker, worker, number="", mrz=HER_MRZ)
        (message,) = error.value.message_dict["mrz"]
        label = str(Worker._meta.get_field("birth_date").verbose_name)

    assert label != "date of birth"
    assert label in message


@pytest.mark.django_db
def test_a_zone_from_another_issuing_state_than_the_document_says_is_refused(caseworker, worker):
    mrz = passport_mrz(
        family="ABDULLAEV", given="SHAKHZOD", birth=datetime.date(1995, 3, 14), sex="M", state="TJK"
    )

    with translation.override("en"), pytest.raises(ValidationError) as error:
        add_document(caseworker, worker, number="", issuing_country_id="UZ", mrz=mrz)

    assert error.value.message_dict == {
        "issuing_country": [
            "The issuing country differs from the one in the machine-readable zone."
        ]
    }


@pytest.mark.django_db
def test_the_api_refuses_another_persons_zone_with_422(client, caseworker, worker):
    from corridor.people.tests.factories import bearer

    response = client.post(
        f"/api/v1/workers/{worker.pk}/documents",
        {"type": "passport", "number": "", "mrz": HER_MRZ},
        content_type="application/json",
        headers={**bearer(caseworker), "Accept-Language": "en"},
    )

    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == ["mrz"]
    assert Document.objects.filter(worker=worker).count() == 0
    assert not AuditEvent.objects.filter(object_type="people.document").exists()


@pytest.mark.django_db
def test_correcting_the_birth_date_away_from_the_zone_withdraws_the_verification(
    caseworker, worker
):
    from corridor.people import services
    from corridor.people.tests.factories import actor

    document = add_document(caseworker, worker, number="", mrz=HIS_MRZ)

    services.update_worker(
        actor=actor(caseworker), worker=worker, details={"birth_date": datetime.date(1996, 3, 14)}
    )

    document.refresh_from_db()
    assert not document.is_mrz_verified
    entry = AuditEvent.objects.get(object_id=str(document.pk), action="update")
    assert entry.changes == {"is_mrz_verified": [True, False]}


@pytest.mark.django_db
def test_editing_the_phone_keeps_the_verification(caseworker, worker):
    from corridor.people import services
    from corridor.people.tests.factories import actor

    document = add_document(caseworker, worker, number="", mrz=HIS_MRZ)

    services.update_worker(
        actor=actor(caseworker), worker=worker, details={"phone": "+998901234567"}
    )

    document.refresh_from_db()
    assert document.is_mrz_verified
