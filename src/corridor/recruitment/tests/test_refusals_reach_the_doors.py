"""A rule lives in its service only; its refusal reaches the page and the API as a 422 naming
the field, and nothing is written. Input that does not parse is the form's or the schema's."""

import datetime

import pytest
from django.test import Client

from corridor.accounts.tests.factories import member
from corridor.people.tests.factories import actor, bearer
from corridor.recruitment import pipeline
from corridor.recruitment.models import Application, Payment, Vacancy
from corridor.recruitment.tests.factories import employer_user, job_ready_worker, vacancy

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
UZS_WITHOUT_A_RATE = {
    "payee_type": "medical",
    "purpose": "medical",
    "amount": "300000",
    "currency": "UZS",
    "paid_on": TODAY.isoformat(),
}


@pytest.fixture
def page():
    return Client(headers={"accept-language": "en"})


def post(client, url, body, user):
    # English answers, so that assertions can read the services' words.
    headers = {**bearer(user), "accept-language": "en"}
    return client.post(url, body, content_type="application/json", headers=headers)


def test_a_wage_range_upside_down_is_refused_by_the_service_through_the_api(client):
    employer = employer_user()

    response = post(
        client,
        "/api/v1/vacancies",
        {
            "title": "Сварщик",
            "isco_code": "7212",
            "region": "RU-MOW",
            "wage_min": 120000,
            "wage_max": 90000,
        },
        employer,
    )

    assert response.status_code == 422
    assert response.json()["error"]["fields"]["wage_max"] == [
        "The highest wage cannot be below the lowest."
    ]
    assert not Vacancy.objects.exists()


def test_a_payment_in_another_currency_without_its_rate_is_refused_through_the_api(client):
    caseworker = member()
    worker = job_ready_worker(caseworker)

    response = post(client, f"/api/v1/workers/{worker.pk}/payments", UZS_WITHOUT_A_RATE, caseworker)

    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == ["rate_to_rub"]
    assert not Payment.objects.exists()


def test_an_application_ended_without_a_reason_is_refused_through_the_api(client):
    caseworker = member()
    job, worker = vacancy(employer_user()), job_ready_worker(caseworker)
    application = pipeline.create_application(actor=actor(caseworker), worker=worker, vacancy=job)

    response = post(
        client, f"/api/v1/applications/{application.pk}/move", {"status": "rejected"}, caseworker
    )

    assert response.status_code == 422
    assert response.json()["error"]["fields"]["reason"] == ["Say why the application ends."]
    assert Application.objects.get().status == "suggested"


def test_an_amount_that_is_not_a_number_is_refused_by_the_form_and_the_schema(page, client):
    caseworker = member()
    worker = job_ready_worker(caseworker)
    words = {**UZS_WITHOUT_A_RATE, "amount": "много", "rate_to_rub": "0.0075"}
    page.force_login(caseworker)

    on_the_page = page.post(f"/recruitment/workers/{worker.pk}/jobs/payments/", words)
    through_the_api = post(client, f"/api/v1/workers/{worker.pk}/payments", words, caseworker)

    assert on_the_page.status_code == 422
    assert list(on_the_page.context["payment_form"].errors) == ["amount"]
    assert through_the_api.status_code == 422
    assert "amount" in through_the_api.json()["error"]["fields"]
    assert not Payment.objects.exists()
