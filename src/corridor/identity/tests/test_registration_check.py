"""Likely duplicates appear before a caseworker registers a worker, explained, and scoped."""

import datetime

import pytest

from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import member
from corridor.core.models import AuditEvent
from corridor.identity.duplicates import likely_duplicates
from corridor.people.models import Worker
from corridor.people.tests.factories import register

pytestmark = pytest.mark.django_db

TYPED_IN_LATIN = {
    "family_name": "Abdullayev",
    "given_name": "Shahzod",
    "patronymic": "O‘tkir o‘g‘li",
    "birth_date": "1995-03-14",
    "sex": "M",
    "citizenship": "UZ",
    "phone": "+998 90 123 45 67",
}


def test_a_worker_registered_in_cyrillic_is_found_when_typed_in_latin():
    caseworker = member(Role.CASEWORKER)
    existing = register(caseworker, phone="+998901234567")
    register(
        caseworker,
        family_name="Каримов",
        given_name="Азиз",
        patronymic="",
        birth_date=datetime.date(1980, 1, 1),
    )

    report = likely_duplicates(caseworker, TYPED_IN_LATIN)

    assert [d.worker for d in report.visible] == [existing]
    assert report.elsewhere == 0
    duplicate = report.visible[0]
    assert duplicate.score.match_probability > 0.99
    assert {"family_key", "given_key", "patronymic_stem", "birth_date", "phone"} <= set(
        duplicate.score.agreeing
    )


def test_day_and_month_swapped_still_finds_the_worker():
    caseworker = member(Role.CASEWORKER)
    existing = register(caseworker)

    report = likely_duplicates(
        caseworker, {**TYPED_IN_LATIN, "birth_date": "1995-14-03"[:5] + "03-14", "phone": ""}
    )

    assert [d.worker for d in report.visible] == [existing]


def test_a_namesake_born_decades_apart_is_not_shown():
    caseworker = member(Role.CASEWORKER)
    register(caseworker, birth_date=datetime.date(1968, 7, 1), patronymic="")

    report = likely_duplicates(caseworker, {**TYPED_IN_LATIN, "phone": "", "patronymic": ""})

    assert report.visible == []


def test_a_duplicate_at_another_organisation_is_counted_but_not_shown():
    other_centre = member(Role.CASEWORKER)
    register(other_centre, phone="+998901234567")
    caseworker = member(Role.CASEWORKER)

    report = likely_duplicates(caseworker, TYPED_IN_LATIN)

    assert report.visible == []
    assert report.elsewhere == 1


def test_the_check_panel_shows_names_only_for_visible_workers_and_changes_nothing(client):
    other_centre = member(Role.CASEWORKER)
    hidden = register(other_centre, phone="+998901234567")
    caseworker = member(Role.CASEWORKER)
    client.force_login(caseworker)
    workers_before, audit_before = Worker.objects.count(), AuditEvent.objects.count()

    response = client.get(
        "/identity/duplicates/", TYPED_IN_LATIN, headers={"accept-language": "en"}
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert hidden.reference not in body
    assert hidden.family_name not in body
    assert "1 likely match is registered by an organisation whose records you cannot see." in body
    # One audit entry for the check itself (see test_duplicate_check_access), nothing else.
    assert (Worker.objects.count(), AuditEvent.objects.count()) == (
        workers_before,
        audit_before + 1,
    )


def test_the_api_answers_the_same_and_rejects_bad_input(client):
    caseworker = member(Role.CASEWORKER)
    existing = register(caseworker, phone="+998901234567")
    client.force_login(caseworker)

    found = client.get("/api/v1/identity/duplicates", TYPED_IN_LATIN).json()
    bad = client.get("/api/v1/identity/duplicates", {**TYPED_IN_LATIN, "birth_date": "14.03.1995"})

    assert [item["reference"] for item in found["items"]] == [existing.reference]
    assert found["elsewhere"] == 0
    assert {f["field"] for f in found["items"][0]["fields"]} >= {
        "family_key",
        "birth_date",
        "phone",
    }
    assert bad.status_code == 422
    assert bad.json()["error"]["code"] == "invalid"


def test_anonymous_users_get_no_answer(client):
    assert client.get("/api/v1/identity/duplicates", TYPED_IN_LATIN).status_code == 401
    assert client.get("/identity/duplicates/", TYPED_IN_LATIN).status_code == 302
