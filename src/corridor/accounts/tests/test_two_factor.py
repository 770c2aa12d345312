"""Staff sign-in with a second factor: enrolment, the code step, recovery codes, who must."""

import os
import re
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from corridor.accounts import two_factor
from corridor.accounts.models import OrganisationType
from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import PASSWORD, OrganisationFactory, member
from corridor.accounts.tests.second_factor import code_for, code_for_secret, enrol
from corridor.core.models import AuditAction, AuditEvent
from corridor.people.tests.factories import bearer

if TYPE_CHECKING:
    # What the test client returns: a response that also carries the request and context.
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

pytestmark = pytest.mark.django_db

ENROL = "/accounts/me/two-factor/"
VERIFY = "/accounts/me/two-factor/verify/"


def sign_in(client: Client, user) -> "Response":
    """The password step, as a person does it on the login page."""
    return client.post("/accounts/login/", {"username": user.email, "password": PASSWORD})


def enrol_through_the_page(client: Client) -> list[str]:
    page = client.get(ENROL).content.decode()
    found = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page)
    assert found is not None
    secret = found.group(1)
    response = client.post(ENROL, {"code": code_for_secret(secret)})
    assert response.status_code == 201
    return re.findall(r"<li>([a-z2-7]{8})</li>", response.content.decode())


def test_an_administrator_is_sent_to_enrol_after_the_password_and_reaches_nothing_else():
    client = Client()
    admin = member(Role.ADMIN)

    response = sign_in(client, admin)

    assert response.status_code == 302
    assert response["Location"] == f"{ENROL}?next=%2F"
    for url in ("/", "/workers/", "/accounts/me/", "/admin/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(f"{ENROL}?next="), url


def test_enrolment_shows_a_qr_code_and_confirming_gives_ten_recovery_codes_once():
    client = Client(headers={"accept-language": "en"})
    admin = member(Role.ADMIN)
    sign_in(client, admin)

    page = client.get(ENROL)
    text = page.content.decode()
    assert page.status_code == 200
    assert page["Cache-Control"] == "no-store"
    assert "<svg" in text
    assert "/workers/" not in text  # no menu before the second factor
    codes = enrol_through_the_page(client)

    device = TOTPDevice.objects.get(user=admin)
    assert device.confirmed is True
    assert len(codes) == 10 == len(set(codes))
    assert sorted(
        StaticToken.objects.filter(device__user=admin).values_list("token", flat=True)
    ) == (sorted(codes))
    assert client.get("/").status_code == 200  # the confirming code verified the session
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_type="otp_totp.totpdevice")
    assert event.actor == admin
    assert event.object_id == str(device.pk)
    assert not any(code in str(event.changes) for code in codes)
    # Shown once: the page now says the app is set up and shows no codes.
    again = client.get(ENROL).content.decode()
    assert "10 recovery codes left" in again
    assert codes[0] not in again


def test_a_wrong_code_does_not_enrol():
    client = Client(headers={"accept-language": "en"})
    admin = member(Role.ADMIN)
    sign_in(client, admin)
    client.get(ENROL)

    response = client.post(ENROL, {"code": "000000"})

    assert response.status_code == 422
    assert "That code is not right" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=admin).exists()
    assert not StaticToken.objects.exists()
    assert client.get("/").status_code == 302


def test_an_enrolled_user_gives_the_code_after_the_password():
    client = Client()
    manager = member(Role.MANAGER)
    device = enrol(manager)

    response = sign_in(client, manager)
    assert response["Location"] == f"{VERIFY}?next=%2F"
    assert client.get("/workers/")["Location"] == f"{VERIFY}?next=%2Fworkers%2F"

    response = client.post(VERIFY, {"code": code_for(device), "next": "/workers/"})

    assert response.status_code == 302
    assert response["Location"] == "/workers/"
    assert client.get("/workers/").status_code == 200
    event = AuditEvent.objects.filter(action=AuditAction.LOGIN).latest("id")
    assert event.actor == manager
    assert event.changes == {"second_factor": "authenticator app"}


def test_a_wrong_code_at_sign_in_is_refused_and_audited():
    client = Client()
    manager = member(Role.MANAGER)
    device = enrol(manager)
    sign_in(client, manager)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"

    response = client.post(VERIFY, {"code": wrong})

    assert response.status_code == 422
    assert client.get("/")["Location"].startswith(VERIFY)
    event = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert event.actor == manager
    assert event.changes == {"second_factor": "wrong code"}


def test_a_code_already_used_is_refused():
    client = Client()
    manager = member(Role.MANAGER)
    device = enrol(manager)
    code = code_for(device)
    sign_in(client, manager)
    assert client.post(VERIFY, {"code": code}).status_code == 302
    client.post("/accounts/logout/")

    sign_in(client, manager)
    response = client.post(VERIFY, {"code": code})

    assert response.status_code == 422
    assert client.get("/")["Location"].startswith(VERIFY)


def test_a_recovery_code_signs_in_once():
    client = Client()
    admin = member(Role.ADMIN)
    sign_in(client, admin)
    codes = enrol_through_the_page(client)
    client.post("/accounts/logout/")

    sign_in(client, admin)
    assert client.post(VERIFY, {"code": codes[3].upper()}).status_code == 302
    assert client.get("/").status_code == 200
    assert StaticToken.objects.filter(device__user=admin).count() == 9
    event = AuditEvent.objects.filter(action=AuditAction.LOGIN).latest("id")
    assert event.changes == {"second_factor": "recovery code"}
    client.post("/accounts/logout/")

    sign_in(client, admin)
    response = client.post(VERIFY, {"code": codes[3]})

    assert response.status_code == 422
    assert client.get("/")["Location"].startswith(VERIFY)


def test_new_recovery_codes_replace_the_old_ones():
    client = Client()
    admin = member(Role.ADMIN)
    sign_in(client, admin)
    old = enrol_through_the_page(client)

    response = client.post("/accounts/me/two-factor/recovery-codes/")

    new = re.findall(r"<li>([a-z2-7]{8})</li>", response.content.decode())
    assert response.status_code == 201
    assert response["Cache-Control"] == "no-store"
    assert len(new) == 10
    assert set(StaticToken.objects.filter(device__user=admin).values_list("token", flat=True)) == (
        set(new)
    )
    assert not set(old) & set(new)


@pytest.mark.parametrize(
    ("role", "organisation_type"),
    [
        (Role.ADMIN, OrganisationType.EMPLOYMENT_CENTRE),
        (Role.MANAGER, OrganisationType.PROGRAMME_OFFICE),
        (Role.AUTHORITY, OrganisationType.AUTHORITY),
        (Role.RECRUITER, OrganisationType.RECRUITER),
    ],
)
def test_each_role_that_must_is_sent_to_enrol(role, organisation_type):
    client = Client()
    user = member(role, OrganisationFactory.create(type=organisation_type))

    response = sign_in(client, user)

    assert response["Location"].startswith(ENROL)
    assert client.get("/")["Location"].startswith(ENROL)


@pytest.mark.parametrize(
    ("role", "organisation_type"),
    [
        (Role.CASEWORKER, OrganisationType.EMPLOYMENT_CENTRE),
        (Role.EMPLOYER, OrganisationType.EMPLOYER),
        (Role.PARTNER, OrganisationType.NGO),
        (Role.DONOR, OrganisationType.DONOR),
    ],
)
def test_other_staff_sign_in_with_the_password_alone(role, organisation_type):
    client = Client()
    user = member(role, OrganisationFactory.create(type=organisation_type))

    response = sign_in(client, user)

    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_a_caseworker_may_enrol_voluntarily_and_is_then_asked_for_the_code():
    client = Client()
    caseworker = member(Role.CASEWORKER)
    sign_in(client, caseworker)
    enrol_through_the_page(client)
    client.post("/accounts/logout/")

    response = sign_in(client, caseworker)

    assert response["Location"] == f"{VERIFY}?next=%2F"
    assert client.get("/workers/")["Location"].startswith(VERIFY)
    device = TOTPDevice.objects.get(user=caseworker)
    assert client.post(VERIFY, {"code": code_for(device, steps_ahead=1)}).status_code == 302
    assert client.get("/workers/").status_code == 200


def test_the_api_refuses_a_session_that_owes_its_second_factor_but_not_a_token():
    client = Client()
    admin = member(Role.ADMIN)
    sign_in(client, admin)

    assert client.get("/api/v1/organisations").status_code == 401
    assert client.get("/api/v1/organisations", headers=bearer(admin)).status_code == 200

    enrol_through_the_page(client)
    assert client.get("/api/v1/organisations").status_code == 200


def test_removing_ones_own_authenticator_needs_a_current_code():
    client = Client()
    caseworker = member(Role.CASEWORKER)
    sign_in(client, caseworker)
    enrol_through_the_page(client)

    refused = client.post("/accounts/me/two-factor/remove/", {"code": "12345678"})
    assert refused.status_code == 422
    assert TOTPDevice.objects.filter(user=caseworker).count() == 1
    assert StaticToken.objects.filter(device__user=caseworker).count() == 10

    device = TOTPDevice.objects.get(user=caseworker)
    response = client.post(
        "/accounts/me/two-factor/remove/", {"code": code_for(device, steps_ahead=1)}
    )

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=caseworker).exists()
    assert not StaticToken.objects.filter(device__user=caseworker).exists()
    event = AuditEvent.objects.get(action=AuditAction.DELETE)
    assert (event.actor, event.object_id) == (caseworker, str(caseworker.pk))


def test_an_administrator_who_removes_theirs_must_enrol_again():
    client = Client()
    admin = member(Role.ADMIN)
    sign_in(client, admin)
    codes = enrol_through_the_page(client)

    client.post("/accounts/me/two-factor/remove/", {"code": codes[0]})

    assert client.get("/")["Location"].startswith(ENROL)


def test_an_administrator_resets_a_members_second_factor_audited():
    centre = OrganisationFactory.create()
    admin, manager = member(Role.ADMIN, centre), member(Role.MANAGER, centre)
    enrol(manager)
    client = Client()
    client.force_login(admin)
    member_client = Client()
    member_client.force_login(manager)

    response = client.post(f"/accounts/users/{manager.pk}/two-factor/reset/")

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=manager).exists()
    event = AuditEvent.objects.get(action=AuditAction.DELETE)
    assert (event.actor, event.object_id, event.organisation_id) == (
        admin,
        str(manager.pk),
        centre.pk,
    )
    # The member's open session lost its device with it: they enrol again.
    assert member_client.get("/")["Location"].startswith(ENROL)


def test_another_organisations_administrator_gets_404_and_nothing_changes():
    manager = member(Role.MANAGER)
    device = enrol(manager)
    stranger = member(Role.ADMIN)  # administrator of another centre
    client = Client()
    client.force_login(stranger)
    before = AuditEvent.objects.count()

    response = client.post(f"/accounts/users/{manager.pk}/two-factor/reset/")

    assert response.status_code == 404
    assert TOTPDevice.objects.filter(pk=device.pk, confirmed=True).exists()
    assert AuditEvent.objects.count() == before


def test_a_caseworker_may_not_reset_anyones_second_factor():
    centre = OrganisationFactory.create()
    caseworker, manager = member(Role.CASEWORKER, centre), member(Role.MANAGER, centre)
    enrol(manager)
    client = Client()
    client.force_login(caseworker)

    response = client.post(f"/accounts/users/{manager.pk}/two-factor/reset/")

    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=manager).exists()


def test_the_user_list_shows_who_has_a_second_factor():
    centre = OrganisationFactory.create()
    admin, caseworker = member(Role.ADMIN, centre), member(Role.CASEWORKER, centre)
    client = Client()
    client.force_login(admin)

    text = client.get("/accounts/users/").content.decode()

    assert f"/accounts/users/{admin.pk}/two-factor/reset/" in text
    assert f"/accounts/users/{caseworker.pk}/two-factor/reset/" not in text


def test_the_sign_in_page_does_not_send_elsewhere_after_the_code():
    client = Client()
    manager = member(Role.MANAGER)
    device = enrol(manager)
    sign_in(client, manager)

    response = client.post(VERIFY, {"code": code_for(device), "next": "https://example.com/"})

    assert response["Location"] == "/"


def test_is_required_follows_the_setting(settings):
    admin = member(Role.ADMIN)
    assert two_factor.is_required_for(admin) is True

    settings.SECOND_FACTOR_REQUIRED = False
    assert two_factor.is_required_for(admin) is False


@pytest.mark.parametrize(("demo", "required"), [("1", "False"), ("", "True")])
def test_only_the_demo_lets_staff_in_without_a_second_factor(demo, required):
    environment = {**os.environ, "CORRIDOR_SECRET_KEY": "x" * 50, "CORRIDOR_DEMO": demo}
    shown = subprocess.run(
        [
            sys.executable,
            "-c",
            "from corridor import settings; print(settings.SECOND_FACTOR_REQUIRED)",
        ],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    assert shown.stdout.strip() == required
