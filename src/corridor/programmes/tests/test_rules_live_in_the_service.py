"""The programme rules (period order, DAC sector codes, evidence for a figure entered by hand)
are checked once, in the services: the pages show the service's refusal on the field with
status 422, and the API answers 422 with it (issue 12)."""

import pytest
from django.urls import reverse

from corridor.programmes.models import Funding, Programme, Result
from corridor.programmes.tests.factories import indicator, manager, programme
from corridor.programmes.tests.test_api import BASE, bearer

pytestmark = pytest.mark.django_db

ENDS_BEFORE = "The period ends before it starts: the end must be on or after the start."
NEEDS_EVIDENCE = "Say where the figure comes from, or attach the evidence."


def _new_programme(by, **changes):
    return {
        "code": "NEW-1",
        "title": "x",
        "period_start": "2026-01-01",
        "status": "pipeline",
        "reporting_organisation": by.active_memberships[0].organisation_id,
        **changes,
    }


def test_the_programme_page_shows_the_services_period_refusal_on_the_end(client):
    by = manager()
    client.force_login(by)

    response = client.post(
        reverse("programmes:create"),
        _new_programme(by, period_end="2025-01-01"),
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 422
    assert response.context["form"].errors == {"period_end": [ENDS_BEFORE]}
    assert not Programme.objects.exists()


def test_the_programme_page_shows_the_services_refusal_of_a_sector_code(client):
    by = manager()
    client.force_login(by)

    response = client.post(
        reverse("programmes:create"),
        _new_programme(by, dac_sectors="15190, 99999"),
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 422
    assert response.context["form"].errors == {
        "dac_sectors": ["99999 is not a DAC 5-digit sector code in the IATI Sector codelist."]
    }
    assert not Programme.objects.exists()


def test_the_edit_page_refuses_a_period_order_and_changes_nothing(client):
    by = manager()
    prog = programme(by)
    client.force_login(by)

    response = client.post(
        reverse("programmes:edit", args=[prog.code]),
        _new_programme(by, code=prog.code, period_end="2025-01-01"),
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 422
    assert response.context["form"].errors == {"period_end": [ENDS_BEFORE]}
    prog.refresh_from_db()
    assert (prog.title, str(prog.period_end)) == ("Safe labour mobility", "2025-12-31")


def test_the_funding_page_shows_the_services_period_refusal(client):
    by = manager()
    prog = programme(by)
    client.force_login(by)

    response = client.post(
        reverse("programmes:funding_add", args=[prog.code]),
        {
            "funder": by.active_memberships[0].organisation_id,
            "period_start": "2025-01-01",
            "period_end": "2024-01-01",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 422
    assert response.context["form"].errors == {"period_end": [ENDS_BEFORE]}
    assert not Funding.objects.exists()


def test_the_result_page_shows_the_services_refusal_of_a_figure_without_evidence(client):
    by = manager()
    prog = programme(by)
    target = indicator(prog, by)
    client.force_login(by)

    response = client.post(
        reverse("programmes:result_add", args=[prog.code]),
        {
            "indicator": target.pk,
            "period_start": "2025-01-01",
            "period_end": "2025-06-30",
            "value": "7",
            "evidence": "",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 422
    assert response.context["form"].errors == {"evidence": [NEEDS_EVIDENCE]}
    assert not Result.objects.exists()


def test_the_api_answers_422_with_the_services_refusal_of_a_figure_without_evidence(client):
    by = manager()
    target = indicator(programme(by), by)

    response = client.post(
        f"{BASE}/PRG-1/indicators/{target.pk}/results",
        {"period_start": "2025-01-01", "period_end": "2025-06-30", "value": 7},
        content_type="application/json",
        headers={**bearer(by), "Accept-Language": "en"},
    )

    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"evidence": [NEEDS_EVIDENCE]}
    assert not Result.objects.exists()


def test_the_api_answers_422_with_the_services_period_refusal(client):
    by = manager()
    target = indicator(programme(by), by)

    response = client.post(
        f"{BASE}/PRG-1/indicators/{target.pk}/results",
        {"period_start": "2025-07-01", "period_end": "2025-01-01", "value": 7, "evidence": "x"},
        content_type="application/json",
        headers={**bearer(by), "Accept-Language": "en"},
    )

    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"period_end": [ENDS_BEFORE]}
    assert not Result.objects.exists()
