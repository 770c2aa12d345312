"""A small fixed-window rate limit for public doors (certificate checks, the complaint form).

Counts live in Django's cache: per process with the default in-memory cache, shared across
processes when the deployment configures a shared cache (Redis, the database cache).
"""

import time

from django.core.cache import cache
from django.http import HttpRequest

from corridor.core.clients import client_ip


def is_limited(
    request: HttpRequest, scope: str, *, limit: int, window_seconds: int, per_user: bool = False
) -> bool:
    """True once this client has made more than `limit` requests in `scope` this window.

    With `per_user`, a logged-in user is counted wherever they connect from (staff doors,
    where one office shares an address); anonymous clients are still counted by address.
    """
    window = int(time.time() // window_seconds)
    user = getattr(request, "user", None)
    if per_user and user is not None and user.is_authenticated:
        who = f"user:{user.pk}"
    else:
        who = client_ip(request) or "unknown"
    key = f"ratelimit:{scope}:{who}:{window}"
    if cache.add(key, 1, timeout=window_seconds + 1):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window_seconds + 1)
        return False
    return count > limit
