"""API tokens expire (a default lifetime from settings), and their owner lists and revokes them
on their own account page; issuing and revoking are audited."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from corridor.accounts import services
from corridor.accounts.models import ApiToken
from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import member
from corridor.core.audit import Actor
from corridor.core.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


def _token_events(token):
    return list(
        AuditEvent.objects.filter(object_id=str(token.pk))
        .order_by("id")
        .values_list("action", "actor", "channel", "changes")
    )


def test_a_token_expires_after_the_configured_default_lifetime(settings):
    settings.API_TOKEN_LIFETIME_DAYS = 30
    before = timezone.now()

    token, _ = ApiToken.issue(user=member())

    assert before + datetime.timedelta(days=30) <= token.expires_at
    assert token.expires_at <= timezone.now() + datetime.timedelta(days=30)


def test_an_expired_token_is_refused_with_401_and_not_touched(client):
    user = member()
    token, raw = ApiToken.issue(user=user)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())

    response = client.get("/api/v1/workers", headers={"Authorization": f"Bearer {raw}"})

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"
    token.refresh_from_db()
    assert token.last_used_at is None
    assert ApiToken.objects.find(raw) is None


def test_the_owner_issues_a_token_on_their_account_page_shown_once_and_audited(client):
    user = member(Role.CASEWORKER)
    client.force_login(user)

    response = client.post("/accounts/me/tokens/", {"name": "Kobo sync", "lifetime_days": "7"})

    token = ApiToken.objects.get(user=user)
    raw = response.context["new_token"]
    assert response.status_code == 201
    assert raw in response.content.decode()
    assert ApiToken.objects.find(raw) == token
    assert token.name == "Kobo sync"
    assert token.expires_at - token.created_at == datetime.timedelta(days=7)
    [(action, actor, channel, changes)] = _token_events(token)
    assert (action, actor, channel) == (AuditAction.CREATE, user.pk, "web")
    assert changes == {
        "name": [None, "Kobo sync"],
        "prefix": [None, token.prefix],
        "expires_at": [None, token.expires_at.isoformat()],
    }
    assert raw not in str(changes)
    # Shown once: the page read again lists the token by its prefix only.
    again = client.get("/accounts/me/").content.decode()
    assert raw not in again
    assert token.prefix in again


@pytest.mark.parametrize("days", ["0", "366", "many"])
def test_a_lifetime_out_of_bounds_is_refused_with_422_and_no_token(client, days):
    user = member()
    client.force_login(user)

    response = client.post("/accounts/me/tokens/", {"name": "x", "lifetime_days": days})

    assert response.status_code == 422
    assert not ApiToken.objects.filter(user=user).exists()


def test_the_account_page_lists_only_the_users_own_tokens(client):
    user, other = member(), member()
    mine, _ = ApiToken.issue(user=user, name="mine")
    theirs, _ = ApiToken.issue(user=other, name="theirs")
    client.force_login(user)

    response = client.get("/accounts/me/")

    assert response.status_code == 200
    assert list(response.context["tokens"]) == [mine]
    assert theirs.prefix not in response.content.decode()


def test_the_owner_revokes_a_token_it_stops_working_and_it_is_audited(client):
    user = member()
    token, raw = ApiToken.issue(user=user)
    client.force_login(user)

    response = client.post(f"/accounts/me/tokens/{token.pk}/revoke/")

    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert ApiToken.objects.find(raw) is None
    # A fresh client: the logged-in one would pass on its session.
    assert (
        Client().get("/api/v1/workers", headers={"Authorization": f"Bearer {raw}"}).status_code
        == 401
    )
    [(action, actor, _, changes)] = _token_events(token)
    assert (action, actor) == (AuditAction.UPDATE, user.pk)
    assert changes == {"revoked_at": [None, token.revoked_at.isoformat()]}


def test_another_users_token_cannot_be_revoked_404_and_nothing_changes(client):
    owner = member(Role.CASEWORKER)
    token, raw = ApiToken.issue(user=owner)
    intruder = member(Role.ADMIN, owner.active_memberships[0].organisation)
    client.force_login(intruder)

    response = client.post(f"/accounts/me/tokens/{token.pk}/revoke/")

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert ApiToken.objects.find(raw) == token
    assert _token_events(token) == []


def test_revoking_twice_changes_nothing_the_second_time(client):
    user = member()
    token, _ = ApiToken.issue(user=user)
    actor = Actor(user=user)
    services.revoke_token(actor=actor, token=token)
    first = ApiToken.objects.get(pk=token.pk).revoked_at

    services.revoke_token(actor=actor, token=ApiToken.objects.get(pk=token.pk))

    assert ApiToken.objects.get(pk=token.pk).revoked_at == first
    assert len(_token_events(token)) == 1


def test_createtoken_takes_a_lifetime_and_is_audited(capsys):
    user = member()

    call_command("createtoken", user.email, "--days", "14", "--name", "nightly export")

    raw = capsys.readouterr().out.strip().splitlines()[-1].strip()
    token = ApiToken.objects.find(raw)
    assert token is not None
    assert token.expires_at is not None
    assert token.user == user
    assert token.expires_at - token.created_at == datetime.timedelta(days=14)
    [(action, actor, channel, _)] = _token_events(token)
    assert (action, actor, channel) == (AuditAction.CREATE, None, "cli")


def test_createtoken_refuses_a_lifetime_out_of_bounds():
    user = member()

    with pytest.raises(CommandError):
        call_command("createtoken", user.email, "--days", "0")

    assert not ApiToken.objects.filter(user=user).exists()
