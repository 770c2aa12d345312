"""A small fixed-window rate limit for public doors (certificate checks, the complaint form).

Counts live in Django's cache: per process with the default in-memory cache, shared across
processes when the deployment configures a shared cache (Redis, the database cache).
"""

import time

from django.core.cache import cache
from django.http import HttpRequest

from corridor.core.audit import client_ip


def is_limited(request: HttpRequest, scope: str, *, limit: int, window_seconds: int) -> bool:
    """True once this client has made more than `limit` requests in `scope` this window."""
    window = int(time.time() // window_seconds)
    key = f"ratelimit:{scope}:{client_ip(request) or 'unknown'}:{window}"
    if cache.add(key, 1, timeout=window_seconds + 1):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window_seconds + 1)
        return False
    return count > limit
