"""The recruitment pages' tests: a client that asks for English pages, and a setting."""

import pytest
from django.test import Client

from corridor.accounts.tests.factories import member
from corridor.recruitment.tests.factories import (
    employer_user,
    job_ready_worker,
    vacancy,
)


@pytest.fixture
def client():
    # English pages, so that assertions can read the words.
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def setting():
    """A caseworker with a job-ready worker, an employer with an open welding vacancy."""
    caseworker, employer = member(), employer_user()
    job = vacancy(employer)
    worker = job_ready_worker(caseworker)
    return caseworker, employer, job, worker
