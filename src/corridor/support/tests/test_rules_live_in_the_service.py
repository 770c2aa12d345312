"""What the worker needs is required by the referral service, the one place: the page shows
its refusal on the field and the API answers 422 with it (issue 12)."""

import pytest

from corridor.people.tests.factories import bearer
from corridor.support.models import Referral

pytestmark = pytest.mark.django_db

NEEDS_A_REASON = "Say what the worker needs from the service."


def test_the_refer_page_shows_the_services_refusal_of_an_empty_need(
    client, caseworker, worker, legal_aid
):
    client.force_login(caseworker)

    response = client.post(
        f"/support/workers/{worker.pk}/refer/",
        {"service": str(legal_aid.pk), "reason": " "},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 422
    assert response.context["form"].errors == {"reason": [NEEDS_A_REASON]}
    assert Referral.objects.count() == 0


def test_the_api_answers_422_with_the_services_refusal_of_an_empty_need(
    client, caseworker, worker, legal_aid
):
    response = client.post(
        "/api/v1/support/referrals",
        {"worker": str(worker.pk), "service": str(legal_aid.pk), "reason": ""},
        content_type="application/json",
        headers={**bearer(caseworker), "Accept-Language": "en"},
    )

    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"reason": [NEEDS_A_REASON]}
    assert Referral.objects.count() == 0
