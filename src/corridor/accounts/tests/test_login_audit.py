import pytest

from corridor.accounts.tests.factories import PASSWORD, member
from corridor.core.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


def test_successful_login_writes_a_login_event(client):
    user = member()

    response = client.post(
        "/accounts/login/", {"username": user.email, "password": PASSWORD}, REMOTE_ADDR="192.0.2.7"
    )

    assert response.status_code == 302
    event = AuditEvent.objects.get(action=AuditAction.LOGIN)
    assert event.actor == user
    assert event.actor_label == user.email
    assert event.object_id == str(user.pk)
    assert event.ip_address == "192.0.2.7"


def test_failed_login_writes_a_failed_login_event_naming_who_was_tried(client):
    user = member()

    response = client.post(
        "/accounts/login/", {"username": user.email, "password": "wrong-password"}
    )

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get()
    assert event.action == AuditAction.LOGIN_FAILED
    assert event.actor is None
    assert event.actor_label == user.email
    assert "wrong-password" not in str(event.changes)


def test_failed_login_for_an_unknown_address_is_recorded_too(client):
    client.post("/accounts/login/", {"username": "nobody@example.org", "password": "whatever-1"})

    assert list(AuditEvent.objects.values_list("action", "actor_label")) == [
        ("login_failed", "nobody@example.org")
    ]


def test_logout_writes_a_logout_event(client):
    user = member()
    client.force_login(user)

    client.post("/accounts/logout/")

    assert AuditEvent.objects.filter(action=AuditAction.LOGOUT, actor=user).count() == 1


def test_login_page_renders_for_anonymous_user(client):
    response = client.get("/accounts/login/")

    assert response.status_code == 200
    assert 'name="username"' in response.content.decode()


def test_pages_redirect_anonymous_user_to_login(client):
    for url in ("/", "/workers/", "/workers/new/", "/workers/me/", "/accounts/audit/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith("/accounts/login/"), url
