import pytest
from django.core.cache import cache

from corridor.core.tests.matrix.world import world_built_once

# Filled by the cases as they run; printed at the end of the session (the README's figures).
TALLY: dict[str, int] = {"cases": 0, "failed": 0, "leaks": 0, "overshares": 0}


@pytest.fixture(scope="package")
def world_media(tmp_path_factory):
    return tmp_path_factory.mktemp("matrix-media")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, world_media):
    # Overrides the suite's per-test media folder: the world's files (a document scan, a
    # contract PDF, a complaint's photo) must still be there in every case.
    settings.MEDIA_ROOT = world_media


@pytest.fixture(scope="package")
def world(django_db_setup, django_db_blocker, world_media):
    """Built once for the package inside a transaction that is rolled back at the end; each case
    runs in its own savepoint (the `db` fixture), so nothing one case does reaches the next."""
    with world_built_once(django_db_blocker, world_media) as world:
        yield world


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # Public doors are rate-limited per address and every test client is 127.0.0.1.
    cache.clear()
    yield


def pytest_terminal_summary(terminalreporter):
    if TALLY["cases"]:
        terminalreporter.write_line(
            "Access matrix: {cases} cases run, {failed} failed, {leaks} leaks "
            "(foreign workers in a response), {overshares} overshares "
            "(sections a grant's purpose does not allow)".format(**TALLY)
        )
