"""The programmes list runs a fixed number of queries, however many programmes there are."""

import datetime
from decimal import Decimal

import pytest

from corridor.people.tests.factories import bearer
from corridor.programmes import services
from corridor.programmes.models import ResultSource
from corridor.programmes.tests.factories import actor_of, indicator, manager, programme

pytestmark = pytest.mark.django_db

# token (with its user), memberships, rows, recipient countries
PROGRAMME_LIST_QUERIES = 4


@pytest.mark.pins_queries("corridor_programmes_api_list_programmes")
@pytest.mark.parametrize("rows", [3, 10])
def test_api_programme_list_query_count_does_not_grow(client, django_assert_num_queries, rows):
    office_manager = manager()
    for number in range(rows):
        programme(by=office_manager, code=f"PRG-{number:02d}")
    headers = bearer(office_manager)
    client.get("/api/v1/programmes", headers=headers)  # the first use of a token records it

    with django_assert_num_queries(PROGRAMME_LIST_QUERIES):
        response = client.get("/api/v1/programmes", headers=headers)

    assert [item["recipient_countries"] for item in response.json()] == [["KG", "TJ", "UZ"]] * rows


# token, memberships, the programme and its six prefetched parts (countries, partners,
# sectors, fundings, transactions, documents), indicators, their current results
INDICATOR_LIST_QUERIES = 11
# token, memberships, the indicator, rows
RESULT_LIST_QUERIES = 4


def _measured_results(office_manager, rows):
    prog = programme(by=office_manager)
    for number in range(rows):
        measured = indicator(prog, office_manager, name=f"Workers placed {number}")
        for year in (2024, 2025):
            services.record_result(
                measured,
                datetime.date(year, 1, 1),
                datetime.date(year, 12, 31),
                Decimal(100 + number),
                source=ResultSource.MANUAL,
                evidence="Payroll records",
                actor=actor_of(office_manager),
            )
    return prog


@pytest.mark.pins_queries("corridor_programmes_api_list_indicators")
@pytest.mark.parametrize("rows", [3, 10])
def test_api_indicator_list_query_count_does_not_grow(client, django_assert_num_queries, rows):
    office_manager = manager()
    prog = _measured_results(office_manager, rows)
    headers = bearer(office_manager)
    client.get("/api/v1/programmes", headers=headers)

    with django_assert_num_queries(INDICATOR_LIST_QUERIES):
        response = client.get(f"/api/v1/programmes/{prog.code}/indicators", headers=headers)

    latest = [item["latest_result"]["period_start"] for item in response.json()]
    assert latest == ["2025-01-01"] * rows


@pytest.mark.pins_queries("corridor_programmes_api_list_results")
@pytest.mark.parametrize("rows", [3, 10])
def test_api_result_list_query_count_does_not_grow(client, django_assert_num_queries, rows):
    office_manager = manager()
    prog = programme(by=office_manager)
    measured = indicator(prog, office_manager)
    for year in range(2025 - rows, 2025):
        services.record_result(
            measured,
            datetime.date(year, 1, 1),
            datetime.date(year, 12, 31),
            Decimal(year - 2000),
            source=ResultSource.MANUAL,
            evidence="Payroll records",
            actor=actor_of(office_manager),
        )
    headers = bearer(office_manager)
    client.get("/api/v1/programmes", headers=headers)
    path = f"/api/v1/programmes/{prog.code}/indicators/{measured.pk}/results"

    with django_assert_num_queries(RESULT_LIST_QUERIES):
        response = client.get(path, headers=headers)

    assert len(response.json()) == rows
