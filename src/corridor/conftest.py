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


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on loopback (aiosmtpd), with the default mailer pointed at it;
    `.messages` holds what it received, parsed."""
    import email
    import socket

    from aiosmtpd.controller import Controller

    class Inbox:
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):  # the name aiosmtpd calls
            self.messages.append(email.message_from_bytes(envelope.content))
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }
    yield inbox
    controller.stop()


@pytest.fixture
def task_worker(monkeypatch):
    """Run django-tasks-db's worker (`db_worker --batch`) until no task is ready. Its check for
    stale connections is switched off: inside a test's transaction it would close the
    PostgreSQL connection (autocommit differs from the settings) and lose the test's data."""
    from django.core.management import call_command
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run() -> None:
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)

    return run
