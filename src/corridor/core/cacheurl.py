"""CORRIDOR_CACHE_URL -> Django's CACHES entry (read once, by settings.py).

redis://host:6379/0, rediss://..., unix:///run/redis.sock  Redis (shared by every machine)
file:///var/cache/corridor                                 files (shared on one machine)
db://corridor_cache                                        a table (`corridor createcachetable`)
locmem://                                                  this process only (tests)
"""

from typing import Any
from urllib.parse import unquote, urlsplit

BACKENDS = {
    "redis": "django.core.cache.backends.redis.RedisCache",
    "rediss": "django.core.cache.backends.redis.RedisCache",
    "unix": "django.core.cache.backends.redis.RedisCache",
    "file": "django.core.cache.backends.filebased.FileBasedCache",
    "db": "django.core.cache.backends.db.DatabaseCache",
    "locmem": "django.core.cache.backends.locmem.LocMemCache",
}


def cache_from_url(url: str) -> dict[str, Any]:
    """The CACHES["default"] entry a cache URL names; ValueError for an unknown scheme."""
    parts = urlsplit(url)
    backend = BACKENDS.get(parts.scheme)
    if backend is None:
        known = ", ".join(sorted(BACKENDS))
        raise ValueError(f"CORRIDOR_CACHE_URL: unknown scheme {parts.scheme!r} (use {known})")
    entry: dict[str, Any] = {"BACKEND": backend, "KEY_PREFIX": "corridor"}
    if parts.scheme in {"redis", "rediss", "unix"}:
        entry["LOCATION"] = url
    elif parts.scheme == "file":
        entry["LOCATION"] = unquote(parts.path)
        # Rate-limit counters are small and many; the default of 300 entries culls too soon.
        entry["OPTIONS"] = {"MAX_ENTRIES": 20_000}
    elif parts.scheme == "db":
        entry["LOCATION"] = parts.netloc or parts.path.lstrip("/") or "corridor_cache"
    return entry
