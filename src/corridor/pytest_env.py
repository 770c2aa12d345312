"""Loaded by pytest (`-p corridor.pytest_env`) before Django starts: a throwaway secret for
tests, static files as they are in the apps, and a cache of the test process's own (rate-limit
counts never carry from one run, or one concurrent run, to the next as they would in
var/cache)."""

import os

os.environ.setdefault("CORRIDOR_SECRET_KEY", "tests-only-not-a-secret-" + "x" * 40)
# Tests render pages without `collectstatic`: static URLs are the files' own names.
os.environ.setdefault("CORRIDOR_STATIC_MANIFEST", "0")
os.environ.setdefault("CORRIDOR_CACHE_URL", "locmem://")
