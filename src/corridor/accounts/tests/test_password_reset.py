"""A password reset changes the password only: the second factor is still asked for."""

import re
from typing import TYPE_CHECKING

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import member
from corridor.accounts.tests.second_factor import enrol
from corridor.core.models import AuditAction, AuditEvent

if TYPE_CHECKING:
    # What the test client returns: a response that also carries the request and context.
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-new-long-passphrase-2027"


def reset_password(client: Client, email: str) -> "Response":
    assert client.post("/accounts/password-reset/", {"email": email}).status_code == 302
    link = re.search(r"http://testserver(/accounts/password-reset/\S+/)", str(mail.outbox[-1].body))
    assert link is not None
    form = client.get(link.group(1), follow=True)
    assert form.status_code == 200
    return client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )


def test_after_a_reset_the_sign_in_still_asks_for_the_code():
    manager = member(Role.MANAGER)
    device = enrol(manager)
    client = Client()

    done = reset_password(client, manager.label)

    assert done.status_code == 302
    assert done["Location"] == "/accounts/password-reset/done/"
    assert "_auth_user_id" not in client.session  # the reset signs nobody in
    assert TOTPDevice.objects.filter(pk=device.pk, confirmed=True).exists()
    signed = client.post("/accounts/login/", {"username": manager.label, "password": NEW_PASSWORD})
    assert signed["Location"] == "/accounts/me/two-factor/verify/?next=%2F"
    assert client.get("/")["Location"].startswith("/accounts/me/two-factor/verify/")
    assert client.get("/api/v1/organisations").status_code == 401


def test_a_reset_for_an_unknown_address_looks_the_same_and_sends_nothing():
    response = Client().post("/accounts/password-reset/", {"email": "nobody@example.org"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/password-reset/sent/"
    assert mail.outbox == []


def test_a_used_link_does_not_work_again():
    caseworker = member()
    client = Client()
    reset_password(client, caseworker.label)
    link = re.search(r"http://testserver(/accounts/password-reset/\S+/)", str(mail.outbox[-1].body))
    assert link is not None

    again = client.get(link.group(1), follow=True)

    assert again.status_code == 200
    assert again.context["validlink"] is False


def test_a_reset_lifts_the_accounts_pause_but_not_the_addresses(settings):
    """Whoever locked an account out with wrong passwords cannot keep its owner out: the reset
    link, which only the owner's mailbox receives, ends the account's pause (audited). The
    pause of an address stays: it is not the account's."""
    manager = member(Role.MANAGER)
    for n in range(settings.AXES_FAILURE_LIMIT):
        Client().post(
            "/accounts/login/",
            {"username": manager.label, "password": "wrong"},
            REMOTE_ADDR=f"192.0.2.{n + 1}",
        )
    paused = Client().post(
        "/accounts/login/",
        {"username": manager.label, "password": "wrong"},
        REMOTE_ADDR="198.51.100.9",
    )
    assert paused.status_code == 429
    attempts = AccessAttempt.objects.filter(username=manager.label.lower()).count()
    assert attempts >= settings.AXES_FAILURE_LIMIT

    done = reset_password(Client(), manager.label)

    assert done.status_code == 302
    signed = Client().post(
        "/accounts/login/",
        {"username": manager.label, "password": NEW_PASSWORD},
        REMOTE_ADDR="203.0.113.7",
    )
    assert signed.status_code == 302
    assert signed["Location"].startswith("/accounts/me/two-factor/")
    assert not AccessAttempt.objects.filter(username=manager.label.lower()).exists()
    lifted = AuditEvent.objects.get(action=AuditAction.LOGIN_PAUSE_LIFTED)
    assert (lifted.actor_id, lifted.object_id, lifted.changes) == (
        manager.pk,
        str(manager.pk),
        {"reason": "password reset", "attempts_cleared": attempts},
    )


def test_a_reset_with_no_pause_writes_no_lifting_entry():
    manager = member(Role.MANAGER)

    assert reset_password(Client(), manager.label).status_code == 302
    assert not AuditEvent.objects.filter(action=AuditAction.LOGIN_PAUSE_LIFTED).exists()
