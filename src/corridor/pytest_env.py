"""Loaded by pytest (`-p corridor.pytest_env`) before Django starts: a throwaway secret for tests."""

import os

os.environ.setdefault("CORRIDOR_SECRET_KEY", "tests-only-not-a-secret-" + "x" * 40)
