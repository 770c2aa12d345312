"""The recruitment API's lists run a fixed number of queries, however many rows they return."""

import datetime
from decimal import Decimal

import pytest

from corridor.accounts.tests.factories import member
from corridor.people.tests.factories import actor, bearer, register
from corridor.recruitment import fees, pipeline
from corridor.recruitment.features import refresh_stale
from corridor.recruitment.tests.factories import (
    employer_user,
    job_ready_worker,
    organisation_of,
    recruiter_user,
    vacancy,
)

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


def _headers(client, user):
    headers = bearer(user)
    client.get("/api/v1/vacancies", headers=headers)  # the first use of a token records it
    return headers


# token, memberships, the vacancy, one indexed look for stale workers in scope (none after
# the batch refresh), one aggregate whether any feature row changed since the ranking's
# cache last looked, the shown candidates' feature stamps and their consents (each for every
# candidate at once), their features and occupations to explain them, names, registry rows,
# and which of them said they are interested.
VACANCY_MATCH_QUERIES = 12


@pytest.mark.pins_queries("corridor_recruitment_api_vacancy_matches")
@pytest.mark.parametrize("rows", [3, 10])
def test_api_vacancy_matches_query_count_does_not_grow(client, django_assert_num_queries, rows):
    caseworker = member()
    for _ in range(rows):
        job_ready_worker(caseworker)
    # The batch refresh has run (the scheduled task): no worker is stale when ranked.
    refresh_stale()
    job = vacancy(employer_user())
    headers = _headers(client, caseworker)
    # A running server's cache has caught up with the features (it reads the changed rows
    # once, in a number of queries that depends on what changed, not on the rows returned).
    client.get(f"/api/v1/vacancies/{job.pk}/matches", {"limit": 50}, headers=headers)

    with django_assert_num_queries(VACANCY_MATCH_QUERIES):
        response = client.get(f"/api/v1/vacancies/{job.pk}/matches", {"limit": 50}, headers=headers)

    assert len(response.json()["items"]) == rows


# token, memberships, grants received?, the worker, savepoint, audit entry, release, the
# worker's features, consent, occupations, four for the open vacancies by occupation
# (each for every vacancy at once), the vacancies' rows
# ... and one look whether this worker is stale.
WORKER_MATCH_QUERIES = 16


@pytest.mark.pins_queries("corridor_recruitment_api_worker_matches")
@pytest.mark.parametrize("rows", [3, 10])
def test_api_worker_matches_query_count_does_not_grow(client, django_assert_num_queries, rows):
    employer = employer_user()
    for number in range(rows):
        vacancy(employer, title=f"Электрогазосварщик {number}")
    caseworker = member()
    worker = job_ready_worker(caseworker)
    refresh_stale()  # the scheduled batch has run
    headers = _headers(client, caseworker)

    with django_assert_num_queries(WORKER_MATCH_QUERIES):
        response = client.get(
            f"/api/v1/workers/{worker.pk}/matches", {"limit": 50}, headers=headers
        )

    assert len(response.json()["items"]) == rows


# token, memberships, grants received?, the worker, savepoint, audit entry, release,
# fees in roubles, contract, offered wage, rows
PAYMENT_LIST_QUERIES = 11


@pytest.mark.pins_queries("corridor_recruitment_api_list_payments")
@pytest.mark.parametrize("rows", [3, 10])
def test_api_payment_list_query_count_does_not_grow(client, django_assert_num_queries, rows):
    caseworker = member()
    worker = register(caseworker)
    agency = organisation_of(recruiter_user())
    for number in range(rows):
        fees.record_payment(
            actor=actor(caseworker),
            worker=worker,
            payee_type="recruiter",
            payee_organisation=agency,
            purpose="recruitment_service",
            amount=Decimal(1000000 + number),
            currency="UZS",
            rate_to_rub=Decimal("0.0075"),
            paid_on=datetime.date.today() - datetime.timedelta(days=10),
        )
    headers = _headers(client, caseworker)

    with django_assert_num_queries(PAYMENT_LIST_QUERIES):
        response = client.get(f"/api/v1/workers/{worker.pk}/payments", headers=headers)

    assert len(response.json()["items"]) == rows
