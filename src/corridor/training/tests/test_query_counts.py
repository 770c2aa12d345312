"""The training API's lists run a fixed number of queries, however many rows they return."""

import pytest

from corridor.accounts.tests.factories import member
from corridor.people.tests.factories import bearer, register
from corridor.training.tests.factories import cohort, course, enrol, provider_user

pytestmark = pytest.mark.django_db

# token (with its user), memberships, count, rows
COURSE_LIST_QUERIES = 4
# token, memberships, count, rows (with their enrolment counts), sessions
COHORT_LIST_QUERIES = 5


def _measured(client, headers, path, params=None):
    client.get(path, headers=headers)  # the first use of a token records it
    return lambda: client.get(path, params or {}, headers=headers)


@pytest.mark.pins_queries("corridor_training_api_list_courses")
@pytest.mark.parametrize("rows", [3, 10])
def test_api_course_list_query_count_does_not_grow(client, django_assert_num_queries, rows):
    provider = provider_user()
    for number in range(rows):
        course(provider, title=f"Курс {number}")
    get = _measured(client, bearer(provider), "/api/v1/training/courses")

    with django_assert_num_queries(COURSE_LIST_QUERIES):
        response = get()

    assert response.json()["count"] == rows


@pytest.mark.pins_queries("corridor_training_api_list_cohorts")
@pytest.mark.parametrize("rows", [3, 10])
def test_api_cohort_list_query_count_does_not_grow(client, django_assert_num_queries, rows):
    provider = provider_user()
    caseworker = member()
    offered = course(provider)
    for _ in range(rows):
        group = cohort(provider, offered, capacity=1)
        enrol(caseworker, group, register(caseworker))
        enrol(caseworker, group, register(caseworker))
    get = _measured(client, bearer(provider), "/api/v1/training/cohorts", {"limit": 50})

    with django_assert_num_queries(COHORT_LIST_QUERIES):
        response = get()

    items = response.json()["items"]
    assert [(item["places_taken"], item["waiting"]) for item in items] == [(1, 1)] * rows
    assert {len(item["sessions"]) for item in items} == {3}
