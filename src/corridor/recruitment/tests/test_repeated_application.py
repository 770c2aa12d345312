"""A repeated create of the same application answers 409 naming the one that exists, never
a 500 and never a second application: one after the other, and all at once."""

import threading

import pytest
from django.db import connection
from django.test import Client

from corridor.accounts.tests.factories import member
from corridor.people.tests.factories import bearer
from corridor.recruitment.models import Application, ApplicationStep
from corridor.recruitment.tests.factories import employer_user, job_ready_worker, vacancy

THREADS = 12


def put_forward(client, worker, job, headers):
    return client.post(
        "/api/v1/applications",
        {"worker": str(worker.pk), "vacancy": str(job.pk)},
        content_type="application/json",
        headers=headers,
    )


@pytest.mark.django_db
def test_a_repeated_create_is_409_naming_the_application_that_exists(client):
    caseworker, employer = member(), employer_user()
    worker = job_ready_worker(caseworker)
    job = vacancy(employer)

    first = put_forward(client, worker, job, bearer(caseworker))
    again = put_forward(client, worker, job, bearer(caseworker))

    assert first.status_code == 201
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "already_applied"
    assert again.json()["error"]["application"] == first.json()["id"]
    assert Application.objects.count() == 1
    assert ApplicationStep.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_concurrent_identical_creates_make_one_application_and_409_for_the_rest():
    caseworker, employer = member(), employer_user()
    worker = job_ready_worker(caseworker)
    job = vacancy(employer)
    headers = [bearer(caseworker) for _ in range(THREADS)]
    barrier = threading.Barrier(THREADS)
    answers: list[tuple[int, dict]] = []

    def create(index: int) -> None:
        try:
            barrier.wait()
            response = put_forward(
                Client(raise_request_exception=False), worker, job, headers[index]
            )
            answers.append((response.status_code, response.json()))
        finally:
            connection.close()

    threads = [threading.Thread(target=create, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    application = Application.objects.get()
    assert sorted(status for status, _body in answers) == [201] + [409] * (THREADS - 1)
    named = {
        body["id"] if status == 201 else body["error"]["application"] for status, body in answers
    }
    assert named == {str(application.pk)}
    assert ApplicationStep.objects.filter(application=application).count() == 1
