"""The coding review list runs a fixed number of queries, however many titles wait."""

import pytest

from corridor.accounts.tests.factories import member
from corridor.occupations.models import CodedTitle, CodingStatus
from corridor.people.tests.factories import bearer

pytestmark = pytest.mark.django_db

# token (with its user), memberships, count, rows
REVIEW_LIST_QUERIES = 4


@pytest.mark.pins_queries("corridor_occupations_api_review_list")
@pytest.mark.parametrize("rows", [3, 10])
def test_api_review_list_query_count_does_not_grow(client, django_assert_num_queries, rows):
    for number in range(rows):
        CodedTitle.objects.create(
            title=f"сварщик кондитер {number}",
            normalised=f"сварщик кондитер {number}",
            isco_id="7212",
            suggested_id="7212",
            score=0.4,
            status=CodingStatus.NEEDS_REVIEW,
        )
    headers = bearer(member())
    client.get("/api/v1/occupations/review", headers=headers)  # the first use records the token

    with django_assert_num_queries(REVIEW_LIST_QUERIES):
        response = client.get("/api/v1/occupations/review", headers=headers)

    assert response.json()["count"] == rows
