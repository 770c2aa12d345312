"""Why a worker leaves a cohort is required by the enrolment service, the one place: the page
shows its refusal and the API answers 422 with it on the field (issue 12)."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from corridor.accounts.tests.factories import member
from corridor.people.tests.factories import bearer, register
from corridor.training.models import EnrolmentStatus
from corridor.training.tests.factories import cohort, course, enrol, provider_user

pytestmark = pytest.mark.django_db

NEEDS_A_REASON = "Say why the worker leaves the cohort."


@pytest.fixture
def caseworker():
    return member()


@pytest.fixture
def enrolment(caseworker):
    provider = provider_user()
    return enrol(caseworker, cohort(provider, course(provider)), register(caseworker))


def test_the_drop_button_shows_the_services_refusal_of_an_empty_reason(caseworker, enrolment):
    client = Client(headers={"accept-language": "en"})
    client.force_login(caseworker)

    response = client.post(f"/training/enrolments/{enrolment.pk}/drop/", {"reason": " "})

    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [NEEDS_A_REASON]
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ENROLLED


def test_the_api_answers_422_with_the_services_refusal_of_an_empty_reason(
    client, caseworker, enrolment
):
    response = client.post(
        f"/api/v1/training/enrolments/{enrolment.pk}/drop",
        {"reason": ""},
        content_type="application/json",
        headers={**bearer(caseworker), "Accept-Language": "en"},
    )

    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"reason": [NEEDS_A_REASON]}
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ENROLLED
