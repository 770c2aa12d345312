from django.core.cache import cache
from django.test import RequestFactory

from corridor.core.ratelimit import is_limited


def test_a_client_is_limited_after_the_allowed_number_and_others_are_not():
    cache.clear()
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.7")
    other = RequestFactory().get("/", REMOTE_ADDR="203.0.113.8")

    answers = [is_limited(request, "test", limit=3, window_seconds=60) for _ in range(5)]

    assert answers == [False, False, False, True, True]
    assert is_limited(other, "test", limit=3, window_seconds=60) is False
    assert is_limited(request, "another-scope", limit=3, window_seconds=60) is False
