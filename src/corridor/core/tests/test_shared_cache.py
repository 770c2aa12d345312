"""Rate limits hold across processes when the cache is shared (CORRIDOR_CACHE_URL)."""

import os
import time
import uuid

import pytest
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache
from django.test import RequestFactory

from corridor.core.cacheurl import cache_from_url
from corridor.core.ratelimit import is_limited

REDIS_URL = os.environ.get("CORRIDOR_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def test_cache_urls_name_django_backends():
    assert cache_from_url("redis://127.0.0.1:6379/0") == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "KEY_PREFIX": "corridor",
        "LOCATION": "redis://127.0.0.1:6379/0",
    }
    assert cache_from_url("file:///srv/corridor/var/my%20cache") == {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "KEY_PREFIX": "corridor",
        "LOCATION": "/srv/corridor/var/my cache",
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
    assert cache_from_url("db://corridor_cache")["LOCATION"] == "corridor_cache"
    assert cache_from_url("locmem://")["BACKEND"].endswith("LocMemCache")


def test_an_unknown_cache_scheme_is_refused():
    with pytest.raises(ValueError, match="unknown scheme 'memcache'"):
        cache_from_url("memcache://127.0.0.1:11211")


@pytest.fixture
def redis_settings(settings):
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    # A prefix of this test's own: other runs and helpers may share the server.
    entry = cache_from_url(REDIS_URL) | {"KEY_PREFIX": f"corridor-test-{uuid.uuid4().hex}"}
    settings.CACHES = {"default": entry}
    yield entry
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{entry['KEY_PREFIX']}:*"):
        client.delete(key)


# A window of 30 years: both "processes" count in the same window whenever the test runs.
WINDOW = 10**9


def _counter_key(scope: str, address: str) -> str:
    return f"ratelimit:{scope}:{address}:{int(time.time() // WINDOW)}"


def _three_requests_two_processes(entry, other_process, scope: str, address: str):
    request = RequestFactory().get("/", REMOTE_ADDR=address)
    first = is_limited(request, scope, limit=2, window_seconds=WINDOW)
    other_process.incr(_counter_key(scope, address))  # the other process saw a request too
    return first, is_limited(request, scope, limit=2, window_seconds=WINDOW)


def test_the_rate_limit_holds_across_processes_sharing_redis(redis_settings):
    # A second process: its own client and connection pool onto the same server and prefix.
    other_process = RedisCache(redis_settings["LOCATION"], redis_settings)

    answers = _three_requests_two_processes(redis_settings, other_process, "shared", "203.0.113.7")

    assert answers == (False, True)


def test_the_default_file_cache_is_shared_by_processes_on_one_machine(settings, tmp_path):
    entry = cache_from_url((tmp_path / "cache").as_uri())
    settings.CACHES = {"default": entry}
    other_process = FileBasedCache(entry["LOCATION"], entry)

    answers = _three_requests_two_processes(entry, other_process, "files", "203.0.113.8")

    assert answers == (False, True)
