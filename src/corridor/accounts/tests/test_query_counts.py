"""The organisations list runs a fixed number of queries, however many organisations there are."""

import pytest

from corridor.accounts.tests.factories import OrganisationFactory, member
from corridor.people.tests.factories import bearer

pytestmark = pytest.mark.django_db

# token (with its user), memberships, count, rows
ORGANISATION_LIST_QUERIES = 4


@pytest.mark.pins_queries("corridor_accounts_api_list_organisations")
@pytest.mark.parametrize("rows", [3, 10])
def test_api_organisation_list_query_count_does_not_grow(client, django_assert_num_queries, rows):
    caseworker = member()
    OrganisationFactory.create_batch(rows - 1)
    headers = bearer(caseworker)
    client.get("/api/v1/organisations", headers=headers)  # the first use of a token records it

    with django_assert_num_queries(ORGANISATION_LIST_QUERIES):
        response = client.get("/api/v1/organisations", {"limit": 50}, headers=headers)

    assert response.json()["count"] == rows
