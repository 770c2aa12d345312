"""Login throttling (django-axes): per account and per client address, audited, on a page of
the site's layout."""

import os
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest
from django.test import Client

from corridor.accounts.tests.factories import PASSWORD, member
from corridor.core.models import AuditAction, AuditEvent

if TYPE_CHECKING:
    # What the test client returns: a response that also carries the request and context.
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

pytestmark = pytest.mark.django_db


def attempt(email: str, password: str, address: str) -> "Response":
    client = Client(headers={"accept-language": "en"})
    return client.post(
        "/accounts/login/", {"username": email, "password": password}, REMOTE_ADDR=address
    )


def test_an_account_is_paused_after_the_failure_limit_from_any_address(settings):
    user = member()
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(user.label, "wrong-password", f"192.0.2.{n + 1}").status_code == 200

    last = attempt(user.label.upper(), "wrong-password", "198.51.100.1")
    locked = attempt(user.label, PASSWORD, "203.0.113.5")

    assert last.status_code == 429
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "Signing in is paused after too many wrong passwords" in text
    assert "Try again in 15 minutes." in text
    assert "<nav" in text and "· Corridor</title>" in text  # the site's layout
    assert "_auth_user_id" not in locked.wsgi_request.session
    # The attempt that reached the limit and the one refused after it, each beside its
    # failed-login entry.
    locked_out = AuditEvent.objects.filter(
        action=AuditAction.LOGIN_FAILED, changes__locked_out=True
    ).order_by("id")
    assert list(locked_out.values_list("actor_label", "ip_address")) == [
        (user.label, "198.51.100.1"),
        (user.label, "203.0.113.5"),
    ]
    # Six attempts, each a failed login, two of them also a lock-out.
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).count() == 8


def test_an_address_is_paused_after_the_failure_limit_for_any_account(settings):
    user = member()
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(f"nobody{n}@example.org", "wrong-password", "192.0.2.66")

    from_there = attempt(user.label, PASSWORD, "192.0.2.66")
    from_elsewhere = attempt(user.label, PASSWORD, "192.0.2.67")

    assert from_there.status_code == 429
    assert from_elsewhere.status_code == 302
    events = AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED, changes__locked_out=True)
    assert list(events.order_by("id").values_list("actor_label", "ip_address")) == [
        ("nobody4@example.org", "192.0.2.66"),
        (user.label, "192.0.2.66"),
    ]


def test_failures_below_the_limit_let_the_right_password_in(settings):
    user = member()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(user.label, "wrong-password", "192.0.2.8")

    assert attempt(user.label, PASSWORD, "192.0.2.8").status_code == 302
    assert not AuditEvent.objects.filter(changes__locked_out=True).exists()


def test_the_lock_out_page_is_translated():
    user = member()
    for _ in range(5):
        Client().post("/accounts/login/", {"username": user.label, "password": "wrong"})

    response = Client(headers={"accept-language": "ru"}).post(
        "/accounts/login/", {"username": user.label, "password": PASSWORD}
    )

    assert response.status_code == 429
    assert response.wsgi_request.LANGUAGE_CODE == "ru"
    assert '<html lang="ru"' in response.content.decode()


def test_the_limit_and_cool_off_come_from_the_environment():
    environment = {
        **os.environ,
        "CORRIDOR_SECRET_KEY": "x" * 50,
        "CORRIDOR_LOGIN_FAILURE_LIMIT": "8",
        "CORRIDOR_LOGIN_COOLOFF_MINUTES": "40",
    }
    shown = subprocess.run(
        [
            sys.executable,
            "-c",
            "from corridor import settings as s; "
            "print(s.AXES_FAILURE_LIMIT, int(s.AXES_COOLOFF_TIME.total_seconds()))",
        ],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    assert shown.stdout.split() == ["8", "2400"]
