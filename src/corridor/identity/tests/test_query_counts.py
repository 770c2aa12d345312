"""The identity API's lists run a fixed number of queries, however many rows they return."""

import pytest

from corridor.accounts.tests.factories import member
from corridor.identity.models import DuplicatePair
from corridor.people.tests.factories import bearer, register

pytestmark = pytest.mark.django_db

# token (with its user), memberships, savepoint, candidates by birth date, phone, name keys
# and passport, their rows, grants received?, the user's own, audit entry, release
DUPLICATE_CHECK_QUERIES = 12
# token, memberships, count, rows (with both workers)
PAIR_LIST_QUERIES = 4


def _twins(caseworker, rows):
    return [register(caseworker, phone="+998901234567") for _ in range(rows)]


@pytest.mark.pins_queries("corridor_identity_api_duplicates")
@pytest.mark.parametrize("rows", [3, 10])
def test_api_duplicate_check_query_count_does_not_grow(client, django_assert_num_queries, rows):
    caseworker = member()
    twins = _twins(caseworker, rows)
    headers = bearer(caseworker)
    client.get("/api/v1/identity/pairs", headers=headers)  # the first use of a token records it
    query = {
        "family_name": twins[0].family_name,
        "given_name": twins[0].given_name,
        "birth_date": "1995-03-14",
        "phone": "+998901234567",
    }

    with django_assert_num_queries(DUPLICATE_CHECK_QUERIES):
        response = client.get("/api/v1/identity/duplicates", query, headers=headers)

    assert len(response.json()["items"]) == rows


@pytest.mark.pins_queries("corridor_identity_api_list_pairs")
@pytest.mark.parametrize("rows", [3, 10])
def test_api_pair_list_query_count_does_not_grow(client, django_assert_num_queries, rows):
    caseworker = member()
    first, *others = _twins(caseworker, rows + 1)
    for other in others:
        DuplicatePair.objects.create(
            organisation=first.organisation,
            worker_a=first,
            worker_b=other,
            match_probability=0.97,
            model_version="test",
        )
    headers = bearer(caseworker)
    client.get("/api/v1/identity/pairs", headers=headers)

    with django_assert_num_queries(PAIR_LIST_QUERIES):
        response = client.get("/api/v1/identity/pairs", headers=headers)

    assert response.json()["count"] == rows
