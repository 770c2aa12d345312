"""The reference lists run a fixed number of queries, however many rows they return."""

import pytest

from corridor.accounts.tests.factories import member
from corridor.people.tests.factories import bearer

pytestmark = pytest.mark.django_db

# token (with its user), rows
REFERENCE_LIST_QUERIES = 2


def _headers(client):
    headers = bearer(member())
    client.get("/api/v1/reference/regions", headers=headers)  # the first use records the token
    return headers


@pytest.mark.pins_queries("corridor_reference_api_search_isco")
@pytest.mark.parametrize("rows", [3, 10])
def test_api_isco_search_query_count_does_not_grow(client, django_assert_num_queries, rows):
    headers = _headers(client)

    with django_assert_num_queries(REFERENCE_LIST_QUERIES):
        response = client.get("/api/v1/reference/isco", {"q": "7", "limit": rows}, headers=headers)

    assert len(response.json()) == rows


@pytest.mark.pins_queries("corridor_reference_api_list_regions")
@pytest.mark.parametrize(("country", "rows"), [("KG", 9), ("UZ", 14)])
def test_api_region_list_query_count_does_not_grow(
    client, django_assert_num_queries, country, rows
):
    headers = _headers(client)

    with django_assert_num_queries(REFERENCE_LIST_QUERIES):
        response = client.get("/api/v1/reference/regions", {"country": country}, headers=headers)

    assert len(response.json()) == rows
