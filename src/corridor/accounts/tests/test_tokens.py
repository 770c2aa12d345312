import pytest
from django.utils import timezone

from corridor.accounts.models import ApiToken
from corridor.accounts.tests.factories import member

pytestmark = pytest.mark.django_db


def test_issued_token_is_stored_only_as_its_hash():
    user = member()

    token, raw = ApiToken.issue(user=user, name="integration")

    assert raw.startswith("cor_")
    assert token.key_hash == ApiToken.hash(raw)
    assert raw not in token.key_hash
    assert token.prefix == raw[:10]
    assert ApiToken.objects.find(raw) == token


def test_unknown_revoked_or_inactive_users_token_is_not_found():
    user = member()
    revoked, revoked_raw = ApiToken.issue(user=user)
    revoked.revoked_at = timezone.now()
    revoked.save()
    inactive = member()
    _, inactive_raw = ApiToken.issue(user=inactive)
    inactive.is_active = False
    inactive.save()

    assert ApiToken.objects.find("cor_not-a-token") is None
    assert ApiToken.objects.find(revoked_raw) is None
    assert ApiToken.objects.find(inactive_raw) is None


def test_api_without_token_answers_401_in_the_error_shape(client):
    response = client.get("/api/v1/workers")

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


def test_api_with_a_wrong_or_revoked_token_answers_401(client):
    user = member()
    token, raw = ApiToken.issue(user=user)
    token.revoked_at = timezone.now()
    token.save()

    for header in ("Bearer cor_wrong", f"Bearer {raw}", "Basic dXNlcjpwYXNz"):
        response = client.get("/api/v1/workers", headers={"Authorization": header})
        assert response.status_code == 401, header


def test_api_with_a_valid_bearer_token_answers_and_records_its_use(client):
    user = member()
    token, raw = ApiToken.issue(user=user)

    response = client.get("/api/v1/workers", headers={"Authorization": f"Bearer {raw}"})

    assert response.status_code == 200
    assert response.json()["count"] == 0
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_createtoken_command_prints_a_working_token(capsys):
    from django.core.management import call_command

    user = member()

    call_command("createtoken", user.email)

    raw = capsys.readouterr().out.strip().splitlines()[-1].strip()
    token = ApiToken.objects.find(raw)
    assert token is not None
    assert token.user == user
