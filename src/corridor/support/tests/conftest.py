import pytest
from django.utils import translation

from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import member
from corridor.support.tests.factories import consenting_worker, offer, partner_user


@pytest.fixture(autouse=True)
def _english():
    # Services' messages are asserted in English; the product's default language is Russian.
    with translation.override("en"):
        yield


@pytest.fixture
def caseworker(db):
    """A caseworker of an employment centre in Uzbekistan."""
    return member()


@pytest.fixture
def outsider(db):
    """A caseworker of another centre: the same permissions, none of the first one's workers."""
    return member(name="Another employment centre")


@pytest.fixture
def partner(db):
    return partner_user()


@pytest.fixture
def other_partner(db):
    return partner_user(name="Uzbek Diaspora Association of Moscow", type="diaspora")


@pytest.fixture
def worker(caseworker):
    return consenting_worker(caseworker)


@pytest.fixture
def legal_aid(partner):
    return offer(partner, "legal_aid")


@pytest.fixture
def overrider(caseworker):
    """A programme manager of the caseworker's centre: managers may override referral consent."""
    return member(Role.MANAGER, caseworker.active_memberships[0].organisation)
