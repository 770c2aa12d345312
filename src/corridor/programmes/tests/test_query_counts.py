"""The programmes list runs a fixed number of queries, however many programmes there are."""

import pytest

from corridor.people.tests.factories import bearer
from corridor.programmes.tests.factories import manager, programme

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
