"""A period outside 1900-2100 is a typo: every door answers 422 with the field named, and
nothing a write accepts can later make a dashboard fail."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from corridor.accounts.models import ApiToken
from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import member
from corridor.insights.refresh import refresh_summaries
from corridor.insights.scope import Scope
from corridor.insights.tests import dataset
from corridor.programmes.models import Result
from corridor.programmes.services import record_result
from corridor.programmes.tests.factories import actor_of, indicator, manager, programme

pytestmark = pytest.mark.django_db

DOORS = [
    "/insights/",
    "/insights/dashboard.xlsx",
    "/insights/report.pdf",
    "/insights/tables/workers.csv",
    "/api/v1/insights/dashboard",
]
PERIODS = [
    ({"start": "0001-01"}, "start"),
    ({"end": "9999-12"}, "end"),
    ({"start": "0001-01", "end": "9999-12"}, "start"),
    ({"start": "1899-12"}, "start"),
    ({"end": "2101-01"}, "end"),
]


@pytest.fixture
def known_manager():
    data = dataset.build()
    refresh_summaries()
    return member(Role.MANAGER, data.centre)


@pytest.mark.parametrize("door", DOORS)
@pytest.mark.parametrize(("period", "field"), PERIODS)
def test_a_period_outside_the_bounds_is_422_at_every_door(
    client, known_manager, door, period, field
):
    client.force_login(known_manager)

    response = client.get(door, period)

    assert response.status_code == 422
    if door.startswith("/api/"):
        assert response.json()["error"]["fields"][field] == [
            "Choose a date between 01/01/1900 and 12/31/2100."
        ]


def test_the_bounds_themselves_are_a_valid_period(client, known_manager):
    client.force_login(known_manager)

    response = client.get("/insights/", {"start": "1900-01", "end": "2100-12"})

    assert response.status_code == 200


def test_the_scope_refuses_an_end_before_the_start():
    with pytest.raises(ValidationError) as refused:
        Scope.check_period(datetime.date(2026, 3, 1), datetime.date(2026, 1, 1))

    assert refused.value.message_dict == {"end": ["The period ends before it starts."]}


def test_a_result_period_out_of_bounds_is_refused_by_the_service():
    by = manager()
    placed = indicator(programme(by), by)

    with pytest.raises(ValidationError) as refused:
        record_result(
            placed, datetime.date(1, 1, 1), datetime.date(2025, 6, 30), 3, None,
            source="manual", evidence="register", actor=actor_of(by),
        )  # fmt: skip

    assert refused.value.message_dict == {
        "period_start": ["Choose a date between 01/01/1900 and 12/31/2100."]
    }
    assert not Result.objects.exists()


def test_a_programme_period_out_of_bounds_is_422_over_the_api(client):
    by = manager()
    placed = indicator(programme(by), by)
    _, raw = ApiToken.issue(user=by)

    response = client.post(
        f"/api/v1/programmes/{placed.programme.code}/indicators/{placed.pk}/results",
        {"period_start": "2025-01-01", "period_end": "9999-12-31", "value": 3,
         "source": "manual", "evidence": "register"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )  # fmt: skip

    assert response.status_code == 422
    assert response.json()["error"]["fields"]["period_end"] == [
        "Choose a date between 01/01/1900 and 12/31/2100."
    ]
    assert not Result.objects.exists()
