import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # The public check is rate-limited per address; every test client is 127.0.0.1.
    cache.clear()
    yield
    cache.clear()
