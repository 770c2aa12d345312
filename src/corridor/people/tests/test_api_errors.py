"""Bad input: 4xx in the one error shape, nothing saved, never a 500."""

import datetime

import pytest
from django.utils import timezone

from corridor.people.models import Document, Worker
from corridor.people.tests.factories import SPECIMEN_MRZ, bearer, snapshot

pytestmark = pytest.mark.django_db

VALID = {
    "family_name": "Karimov",
    "given_name": "Aziz",
    "birth_date": "1990-05-01",
    "sex": "M",
    "citizenship": "UZ",
}


def _error(response, status=422):
    assert response.status_code == status, response.content
    body = response.json()
    assert list(body) == ["error"]
    assert set(body["error"]) <= {"code", "message", "fields"}
    assert body["error"]["message"]
    return body["error"]


def _post(client, path, data, headers):
    return client.post(path, data, content_type="application/json", headers=headers)


def test_invalid_json_answers_4xx_in_the_error_shape_and_saves_nothing(client, caseworker):
    response = client.post(
        "/api/v1/workers", "{not json", content_type="application/json", headers=bearer(caseworker)
    )

    assert 400 <= response.status_code < 500
    _error(response, response.status_code)
    assert Worker.objects.count() == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"birth_date": "1990-13-45"}, "birth_date"),
        ({"birth_date": "14.03.1995"}, "birth_date"),
        ({"sex": "X"}, "sex"),
        ({"citizenship": "UZB"}, "citizenship"),
        ({"family_name": ""}, "family_name"),
        ({"family_name": "x" * 101}, "family_name"),
    ],
)
def test_malformed_worker_field_is_named_in_fields(client, caseworker, change, field):
    response = _post(client, "/api/v1/workers", {**VALID, **change}, bearer(caseworker))

    error = _error(response)
    assert error["code"] == "invalid"
    assert field in error["fields"]
    assert Worker.objects.count() == 0


def test_missing_required_field_is_named(client, caseworker):
    data = {k: v for k, v in VALID.items() if k != "given_name"}

    error = _error(_post(client, "/api/v1/workers", data, bearer(caseworker)))

    assert "given_name" in error["fields"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"citizenship": "XX"}, "citizenship"),
        ({"phone": "12345"}, "phone"),
        ({"phone": "+998 12"}, "phone"),
        (
            {"birth_date": (timezone.localdate() + datetime.timedelta(days=1)).isoformat()},
            "birth_date",
        ),
        ({"birth_date": "1850-01-01"}, "birth_date"),
        ({"home_region": "RU-MOW"}, "home_region"),
    ],
)
def test_worker_value_the_registry_refuses_answers_422_and_saves_nothing(
    client, caseworker, change, field
):
    response = _post(client, "/api/v1/workers", {**VALID, **change}, bearer(caseworker))

    error = _error(response)
    assert field in error["fields"]
    assert Worker.objects.count() == 0


def test_unknown_occupation_or_language_answers_422_and_saves_nothing(client, caseworker):
    headers = bearer(caseworker)

    occupation = _post(
        client, "/api/v1/workers", {**VALID, "occupations": [{"isco": "9999"}]}, headers
    )
    language = _post(
        client,
        "/api/v1/workers",
        {**VALID, "languages": [{"language": "qq", "level": "B1"}]},
        headers,
    )

    _error(occupation)
    _error(language)
    assert Worker.objects.count() == 0


def test_invalid_patch_changes_nothing(client, caseworker, worker):
    before = snapshot(worker)

    response = client.patch(
        f"/api/v1/workers/{worker.pk}",
        {"phone": "not a phone", "family_name": "Changed"},
        content_type="application/json",
        headers=bearer(caseworker),
    )

    assert "phone" in _error(response)["fields"]
    assert snapshot(worker) == before


@pytest.mark.parametrize("field", ["family_name", "birth_date", "sex", "citizenship"])
def test_a_null_for_a_field_that_cannot_be_empty_is_422_and_nothing_changes(
    client, caseworker, worker, field
):
    before = snapshot(worker)

    response = client.patch(
        f"/api/v1/workers/{worker.pk}",
        {field: None},
        content_type="application/json",
        headers=bearer(caseworker),
    )

    # Found by the fuzz pass: a null reached the database's NOT NULL and answered 500.
    assert response.status_code == 422
    assert snapshot(worker) == before


def test_a_null_for_a_text_field_that_may_be_blank_clears_it(client, caseworker, worker):
    Worker.objects.filter(pk=worker.pk).update(education_level="higher", skills="welding")

    response = client.patch(
        f"/api/v1/workers/{worker.pk}",
        {"education_level": None, "skills": None},
        content_type="application/json",
        headers=bearer(caseworker),
    )

    assert response.status_code == 200
    worker.refresh_from_db()
    assert (worker.education_level, worker.skills) == ("", "")


def test_unknown_stage_answers_422_and_nothing_changes(client, caseworker, worker):
    before = snapshot(worker)

    response = _post(
        client,
        f"/api/v1/workers/{worker.pk}/stage",
        {"stage": "on_the_moon", "reason": "because"},
        bearer(caseworker),
    )

    assert "stage" in _error(response)["fields"]
    assert snapshot(worker) == before


def test_disallowed_stage_move_answers_422_and_nothing_changes(client, caseworker, worker):
    headers = bearer(caseworker)
    _post(
        client,
        f"/api/v1/workers/{worker.pk}/stage",
        {"stage": "job_ready", "reason": "ok"},
        headers,
    )
    before = snapshot(worker)

    backwards = _post(
        client,
        f"/api/v1/workers/{worker.pk}/stage",
        {"stage": "registered", "reason": "again"},
        headers,
    )
    same = _post(
        client,
        f"/api/v1/workers/{worker.pk}/stage",
        {"stage": "job_ready", "reason": "again"},
        headers,
    )

    assert "stage" in _error(backwards)["fields"]
    assert "stage" in _error(same)["fields"]
    assert snapshot(worker) == before


def test_stage_move_without_reason_answers_422(client, caseworker, worker):
    before = snapshot(worker)

    response = _post(
        client,
        f"/api/v1/workers/{worker.pk}/stage",
        {"stage": "profiled", "reason": "   "},
        bearer(caseworker),
    )

    assert "reason" in _error(response)["fields"]
    assert snapshot(worker) == before


def test_unknown_consent_purpose_answers_422(client, caseworker, worker):
    before = snapshot(worker)

    response = _post(
        client,
        f"/api/v1/workers/{worker.pk}/consents",
        {"purpose": "marketing", "given": True},
        bearer(caseworker),
    )

    assert "purpose" in _error(response)["fields"]
    assert snapshot(worker) == before


def test_passport_with_a_wrong_mrz_check_digit_answers_422_and_saves_nothing(
    client, caseworker, worker
):
    broken = SPECIMEN_MRZ.replace("L898902C36", "L898902C37")
    before = snapshot(worker)

    response = _post(
        client,
        f"/api/v1/workers/{worker.pk}/documents",
        {"type": "passport", "mrz": broken},
        bearer(caseworker),
    )

    assert "mrz" in _error(response)["fields"]
    assert snapshot(worker) == before


def test_document_expiring_before_issue_answers_422(client, caseworker, worker):
    response = _post(
        client,
        f"/api/v1/workers/{worker.pk}/documents",
        {"type": "passport", "issue_date": "2024-01-01", "expiry_date": "2023-01-01"},
        bearer(caseworker),
    )

    _error(response)
    assert Document.objects.count() == 0


def test_document_of_unknown_issuing_country_answers_422(client, caseworker, worker):
    response = _post(
        client,
        f"/api/v1/workers/{worker.pk}/documents",
        {"type": "passport", "issuing_country": "XX"},
        bearer(caseworker),
    )

    assert "issuing_country" in _error(response)["fields"]
    assert Document.objects.count() == 0


def test_family_member_born_in_an_impossible_date_answers_422(client, caseworker, worker):
    response = _post(
        client,
        f"/api/v1/workers/{worker.pk}/family",
        {"relation": "child", "full_name": "A", "birth_date": "2020-02-30"},
        bearer(caseworker),
    )

    assert "birth_date" in _error(response)["fields"]
    assert worker.family.count() == 0


def test_list_with_bad_parameters_answers_422_not_500(client, caseworker):
    headers = bearer(caseworker)

    for query in (
        "offset=-1",
        "limit=0",
        "limit=1000",
        "stage=nowhere",
        "occupation=abc",
        "organisation=x",
    ):
        response = client.get(f"/api/v1/workers?{query}", headers=headers)
        _error(response)
