"""The recruitment API's lists run a fixed number of queries, however many rows they return."""

import pytest

from corridor.accounts.tests.factories import member
from corridor.people.tests.factories import actor, bearer
from corridor.recruitment import pipeline
from corridor.recruitment.tests.factories import employer_user, job_ready_worker, vacancy

pytestmark = pytest.mark.django_db

# token (with its user), memberships, count, rows
VACANCY_LIST_QUERIES = 4
# token, memberships, grants received?, count, rows, steps
APPLICATION_LIST_QUERIES = 6


def _measured(client, user, path):
    headers = bearer(user)
    client.get(path, headers=headers)  # the first use of a token records it
    return lambda: client.get(path, {"limit": 50}, headers=headers)


@pytest.mark.pins_queries("corridor_recruitment_api_list_vacancies")
@pytest.mark.parametrize("rows", [3, 10])
def test_api_vacancy_list_query_count_does_not_grow(client, django_assert_num_queries, rows):
    employer = employer_user()
    for number in range(rows):
        vacancy(employer, title=f"Электрогазосварщик {number}")
    get = _measured(client, employer, "/api/v1/vacancies")

    with django_assert_num_queries(VACANCY_LIST_QUERIES):
        response = get()

    assert [item["languages"] for item in response.json()["items"]] == [{"ru": 2}] * rows


@pytest.mark.pins_queries("corridor_recruitment_api_list_applications")
@pytest.mark.parametrize("rows", [3, 10])
def test_api_application_list_query_count_does_not_grow(client, django_assert_num_queries, rows):
    job = vacancy(employer_user())
    caseworker = member()
    for _ in range(rows):
        worker = job_ready_worker(caseworker)
        pipeline.create_application(actor=actor(caseworker), worker=worker, vacancy=job)
    get = _measured(client, caseworker, "/api/v1/applications")

    with django_assert_num_queries(APPLICATION_LIST_QUERIES):
        response = get()

    items = response.json()["items"]
    assert (len(items), {len(item["steps"]) for item in items}) == (rows, {1})
