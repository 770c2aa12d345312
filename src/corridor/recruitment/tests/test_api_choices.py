"""Every choice of every enum the recruitment API takes comes from the model and is accepted."""

import datetime

import pytest

from corridor.accounts.tests.factories import member
from corridor.people.models import LanguageLevel
from corridor.people.tests.factories import actor, bearer
from corridor.recruitment import pipeline
from corridor.recruitment.models import (
    ApplicationStatus,
    FeePurpose,
    Housing,
    Meals,
    PayeeType,
    Schedule,
    VacancyStatus,
)
from corridor.recruitment.models.fees import Currency
from corridor.recruitment.models.vacancies import Certificate, Transport
from corridor.recruitment.tests.factories import employer_user, job_ready_worker, vacancy

pytestmark = pytest.mark.django_db

VACANCY = {
    "title": "Сварщик",
    "isco_code": "7212",
    "region": "RU-MOW",
    "wage_min": 90000,
    "wage_max": 120000,
    "rotation_days_on": 30,
    "rotation_days_off": 30,
}


def post(client, url, body, user):
    # English messages, to read the pipeline's answers.
    headers = {**bearer(user), "accept-language": "en"}
    return client.post(url, body, content_type="application/json", headers=headers)


def vacancy_cases():
    for value in Schedule.values:
        yield {"schedule": value}
    for value in Housing.values:
        yield {"housing": value}
    for value in Meals.values:
        yield {"meals": value}
    for value in Transport.values:
        yield {"transport": value}
    for value in VacancyStatus.values:
        yield {"status": value}
    for value in Certificate.values:
        yield {"certificates": [value]}
    for value in LanguageLevel.values:
        yield {"languages": [{"language": "ru", "level": value}]}


def test_every_vacancy_choice_is_accepted_on_create_patch_and_filter(client):
    employer = employer_user()

    for case in vacancy_cases():
        created = post(client, "/api/v1/vacancies", {**VACANCY, **case}, employer)
        assert created.status_code == 201, (case, created.json())
    for value in VacancyStatus.values:
        job = created.json()["id"]
        patched = client.patch(
            f"/api/v1/vacancies/{job}",
            {"status": value},
            content_type="application/json",
            headers=bearer(employer),
        )
        listed = client.get("/api/v1/vacancies", {"status": value}, headers=bearer(employer))
        assert (patched.status_code, patched.json()["status"]) == (200, value)
        assert listed.status_code == 200


# What the pipeline answers each status from "suggested": the schema takes them all.
MOVES_FROM_SUGGESTED = {
    ApplicationStatus.SUGGESTED: (422, "cannot move"),
    ApplicationStatus.SHORTLISTED: (200, ""),
    ApplicationStatus.INTERVIEWED: (422, "cannot move"),
    ApplicationStatus.OFFERED: (422, "cannot move"),
    ApplicationStatus.ACCEPTED: (422, "cannot move"),
    ApplicationStatus.CONTRACTED: (422, "cannot move"),
    ApplicationStatus.DEPARTED: (422, "cannot move"),
    ApplicationStatus.ARRIVED: (422, "cannot move"),
    ApplicationStatus.EMPLOYED: (422, "cannot move"),
    ApplicationStatus.REJECTED: (200, ""),
    ApplicationStatus.WITHDRAWN: (200, ""),
}


def test_every_application_status_reaches_the_pipeline_and_filters(client):
    caseworker, employer = member(), employer_user()
    job = vacancy(employer)
    assert set(MOVES_FROM_SUGGESTED) == set(ApplicationStatus.values)

    for index, (status, (code, message)) in enumerate(MOVES_FROM_SUGGESTED.items()):
        worker = job_ready_worker(caseworker, given_name=f"Шахзод{index}")
        application = pipeline.create_application(
            actor=actor(caseworker), worker=worker, vacancy=job
        )
        moved = post(
            client,
            f"/api/v1/applications/{application.pk}/move",
            {"status": status, "reason": "The worker chose another job"},
            caseworker,
        )
        assert moved.status_code == code, (status, moved.json())
        if message:
            assert message in moved.json()["error"]["fields"]["status"][0]
        listed = client.get("/api/v1/applications", {"status": status}, headers=bearer(caseworker))
        assert listed.status_code == 200


def test_every_payment_choice_is_accepted(client):
    caseworker = member()
    worker = job_ready_worker(caseworker)
    base = {
        "payee_type": "other",
        "payee_name": "Медицинский центр",
        "purpose": "other",
        "amount": 100,
        "currency": "RUB",
        "rate_to_rub": 1,
        "paid_on": str(datetime.date.today()),
    }
    cases = [
        *({"payee_type": value} for value in PayeeType.values),
        *({"purpose": value} for value in FeePurpose.values),
        *({"currency": value} for value in Currency.values),
    ]

    for case in cases:
        paid = post(client, f"/api/v1/workers/{worker.pk}/payments", {**base, **case}, caseworker)
        assert paid.status_code == 201, (case, paid.json())


def test_the_openapi_schema_lists_exactly_the_models_choices(client):
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]

    for enum in (
        Schedule,
        Housing,
        Meals,
        Transport,
        VacancyStatus,
        Certificate,
        LanguageLevel,
        ApplicationStatus,
        PayeeType,
        FeePurpose,
        Currency,
    ):
        assert schema[enum.__name__]["enum"] == enum.values, enum.__name__
