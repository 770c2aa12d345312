import pytest
from django.core.cache import cache
from django.test import Client


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # The limits count in the cache; every test starts with the full allowance.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def client():
    # English pages, so that assertions can read the words.
    return Client(headers={"accept-language": "en"})
