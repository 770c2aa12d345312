"""A rule the registry keeps is checked once, in the service: the page and the API show the
service's refusal, on the field, with status 422 (issue 12)."""

import pytest

from corridor.people.models import Worker
from corridor.people.tests.factories import bearer
from corridor.people.tests.test_pages import NEW_WORKER

pytestmark = pytest.mark.django_db

WRONG_REGION = "Choose a region of the worker's country."


def test_the_register_page_shows_the_services_refusal_of_a_region_of_another_country(
    client, caseworker
):
    client.force_login(caseworker)

    response = client.post(
        "/workers/new/", {**NEW_WORKER, "home_region": "TJ-SU"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 422
    assert response.context["form"].errors == {"home_region": [WRONG_REGION]}
    assert Worker.objects.count() == 0


def test_the_edit_page_shows_the_services_refusal_and_changes_nothing(client, caseworker, worker):
    client.force_login(caseworker)
    before = worker.home_region_id

    response = client.post(
        f"/workers/{worker.pk}/edit/",
        {**NEW_WORKER, "home_region": "TJ-SU", "version": str(worker.version)},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 422
    assert response.context["form"].errors == {"home_region": [WRONG_REGION]}
    worker.refresh_from_db()
    assert worker.home_region_id == before


def test_the_api_answers_422_with_the_same_refusal_on_the_field(client, caseworker):
    response = client.post(
        "/api/v1/workers",
        {
            "family_name": "Karimov",
            "given_name": "Aziz",
            "birth_date": "1990-05-01",
            "sex": "M",
            "citizenship": "UZ",
            "home_region": "TJ-SU",
        },
        content_type="application/json",
        headers={**bearer(caseworker), "Accept-Language": "en"},
    )

    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"home_region": [WRONG_REGION]}
    assert Worker.objects.count() == 0


def test_the_stage_page_shows_the_services_refusal_of_a_move_without_a_reason(
    client, caseworker, worker
):
    client.force_login(caseworker)
    before = worker.stage

    response = client.post(
        f"/workers/{worker.pk}/stage/",
        {"stage": "profiled", "reason": "  "},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 422
    assert response.context["stage_form"].errors == {"reason": ["Say why the stage changes."]}
    worker.refresh_from_db()
    assert worker.stage == before


def test_the_api_answers_422_with_the_services_refusal_of_an_empty_reason(
    client, caseworker, worker
):
    before = worker.stage

    response = client.post(
        f"/api/v1/workers/{worker.pk}/stage",
        {"stage": "profiled", "reason": ""},
        content_type="application/json",
        headers={**bearer(caseworker), "Accept-Language": "en"},
    )

    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"reason": ["Say why the stage changes."]}
    worker.refresh_from_db()
    assert worker.stage == before
