"""List pages and list endpoints run a fixed number of queries, however many workers there are."""

import datetime

import pytest
from django.utils import timezone

from corridor.people.tests.factories import (
    add_document,
    add_family_member,
    bearer,
    give_consent,
    register,
)

pytestmark = pytest.mark.django_db

# session, user, memberships, grants received?, count, regions (filter form),
# organisations (filter form), rows
LIST_PAGE_QUERIES = 8
# token (with its user), memberships, grants received?, count, rows
API_LIST_QUERIES = 5
# session, user, memberships, grants received? (three times: the worker, document and
# timeline scopes), counts by stage, expiring documents, recent activity
HOME_QUERIES = 9


def _seed(caseworker, count):
    soon = timezone.localdate() + datetime.timedelta(days=3)
    for number in range(count):
        worker = register(caseworker, family_name=f"Family{number}", home_region="UZ-TO")
        add_document(caseworker, worker, type="work_patent", number=f"P{number}", expiry_date=soon)


@pytest.mark.parametrize("workers", [3, 30])
def test_worker_list_page_query_count_does_not_grow(
    client, caseworker, django_assert_num_queries, workers
):
    _seed(caseworker, workers)
    client.force_login(caseworker)

    with django_assert_num_queries(LIST_PAGE_QUERIES):
        response = client.get("/workers/")

    assert len(response.context["page"].object_list) == min(workers, 25)


@pytest.mark.parametrize("workers", [3, 30])
def test_worker_list_page_search_query_count_does_not_grow(
    client, caseworker, django_assert_num_queries, workers
):
    _seed(caseworker, workers)
    client.force_login(caseworker)

    with django_assert_num_queries(LIST_PAGE_QUERIES):
        response = client.get("/workers/", {"q": "Shahzod", "stage": "registered"})

    assert response.context["page"].paginator.count == workers


@pytest.mark.pins_queries("corridor_people_api_list_workers")
@pytest.mark.parametrize("workers", [3, 30])
def test_api_worker_list_query_count_does_not_grow(
    client, caseworker, django_assert_num_queries, workers
):
    _seed(caseworker, workers)
    headers = bearer(caseworker)
    client.get("/api/v1/workers", headers=headers)  # the first use of a token records it

    with django_assert_num_queries(API_LIST_QUERIES):
        response = client.get("/api/v1/workers", {"page_size": 50}, headers=headers)

    assert (response.json()["count"], len(response.json()["items"])) == (workers, workers)


@pytest.mark.pins_queries("corridor_people_api_list_workers")
@pytest.mark.parametrize("workers", [3, 30])
def test_api_worker_search_query_count_does_not_grow(
    client, caseworker, django_assert_num_queries, workers
):
    _seed(caseworker, workers)
    headers = bearer(caseworker)
    client.get("/api/v1/workers", headers=headers)

    with django_assert_num_queries(API_LIST_QUERIES):
        response = client.get("/api/v1/workers", {"q": "шахзод"}, headers=headers)

    assert response.json()["count"] == workers


@pytest.mark.parametrize("workers", [3, 30])
def test_home_page_query_count_does_not_grow(
    client, caseworker, django_assert_num_queries, workers
):
    _seed(caseworker, workers)
    client.force_login(caseworker)

    with django_assert_num_queries(HOME_QUERIES):
        response = client.get("/")

    assert len(response.context["expiring"]) == min(workers, 20)


# token (with its user), memberships, grants received?, the worker, savepoint, audit entry,
# release, rows
WORKER_PART_QUERIES = 8


def _worker_with_parts(caseworker, count):
    worker = register(caseworker)
    for number in range(count):
        add_document(caseworker, worker, type="work_patent", number=f"P{number}")
        add_family_member(caseworker, worker, full_name=f"Абдуллаева Малика {number}")
        give_consent(caseworker, worker, is_given=number % 2 == 0)
    return worker


@pytest.mark.pins_queries("corridor_people_api_timeline")
@pytest.mark.pins_queries("corridor_people_api_list_consents")
@pytest.mark.pins_queries("corridor_people_api_list_documents")
@pytest.mark.pins_queries("corridor_people_api_list_family")
@pytest.mark.parametrize("part", ["timeline", "consents", "documents", "family"])
@pytest.mark.parametrize("rows", [3, 10])
def test_api_worker_part_lists_query_count_does_not_grow(
    client, caseworker, django_assert_num_queries, part, rows
):
    worker = _worker_with_parts(caseworker, rows)
    expected = worker.timeline.count() if part == "timeline" else rows
    headers = bearer(caseworker)
    client.get("/api/v1/workers", headers=headers)

    with django_assert_num_queries(WORKER_PART_QUERIES):
        response = client.get(f"/api/v1/workers/{worker.pk}/{part}", headers=headers)

    assert len(response.json()) == expected
