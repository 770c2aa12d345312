import pytest

from corridor.accounts.tests.factories import member
from corridor.people.tests.factories import register


@pytest.fixture
def caseworker(db):
    """A caseworker of an employment centre in Uzbekistan."""
    return member()


@pytest.fixture
def outsider(db):
    """A caseworker of another organisation, with the same permissions but no grant."""
    return member(name="Another employment centre")


@pytest.fixture
def worker(caseworker):
    return register(caseworker)
