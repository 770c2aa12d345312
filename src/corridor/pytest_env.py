"""Loaded by pytest (`-p corridor.pytest_env`) before Django starts: a throwaway secret and
static files as they are in the apps, for tests."""

import os

os.environ.setdefault("CORRIDOR_SECRET_KEY", "tests-only-not-a-secret-" + "x" * 40)
# Tests render pages without `collectstatic`: static URLs are the files' own names.
os.environ.setdefault("CORRIDOR_STATIC_MANIFEST", "0")
