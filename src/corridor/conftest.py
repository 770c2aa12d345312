import datetime

import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Uploaded files of one test never land in the real var/ folder.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Production hashing is slow on purpose; tests check behaviour, not key stretching.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _signed_in_staff_pass_the_second_factor(monkeypatch):
    # Tests sign users in with `client.force_login`; staff whose role requires a second factor
    # (accounts.two_factor) also get the step the sign-in page would add: a real authenticator
    # and django-otp's login. The sign-in tests in accounts/tests/ go through the pages instead.
    from django.test import Client

    original = Client.force_login

    def force_login(self, user, backend=None):
        from corridor.accounts.tests.second_factor import verify_session

        original(self, user, backend)
        verify_session(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


def _is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and (
        marker.kwargs.get("transaction") or (marker.args and marker.args[0])
    ):
        return True
    return bool({"transactional_db", "live_server"} & set(request.fixturenames))


@pytest.fixture(autouse=True)
def _audit_log_emptied_before_flush(request):
    # After a transactional test the test database is flushed (DELETE on SQLite, TRUNCATE on
    # PostgreSQL), which the audit log's triggers refuse while it holds entries; empty it
    # first through a retention window, the one way entries may leave.
    if not _is_transactional(request):
        yield
        return
    request.getfixturevalue("_django_db_helper")
    yield
    # Imported here: the conftest loads before Django's apps are ready.
    from django.utils import timezone

    from corridor.core.retention import delete_entries_in_window

    delete_entries_in_window(
        before=timezone.now() + datetime.timedelta(days=36500), reason="test database flush"
    )
