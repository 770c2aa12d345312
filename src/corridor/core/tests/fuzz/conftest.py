"""The fuzz pass's world: the authorisation matrix's world, built once, and the API's schema
served by the real WSGI application (run by .ci/run: `pytest -m fuzz`)."""

import pytest
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from corridor.core.tests.matrix.world import world_built_once


@pytest.fixture(scope="package")
def fuzz_media(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz-media")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, fuzz_media):
    settings.MEDIA_ROOT = fuzz_media


@pytest.fixture(scope="package")
def world(django_db_setup, django_db_blocker, fuzz_media):
    """Built once inside a transaction rolled back at the end; each operation's examples run in
    a savepoint of their own (the `db` fixture)."""
    with world_built_once(django_db_blocker, fuzz_media) as world:
        yield world


def pytest_ignore_collect(collection_path, config):
    # Collected only when asked for (`-m fuzz`): the module builds the API schema on import.
    return "fuzz" not in (config.getoption("markexpr") or "").replace("not fuzz", "")


@pytest.fixture
def wsgi_connection_kept(world, db):
    # The WSGI application answers in this thread, on the test's connection: Django must not
    # close that connection at the end of each request (its test client does the same).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    cache.clear()  # public doors are rate-limited per address; every request is 127.0.0.1
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
