"""A worker gets their own account: the centre issues a code, the worker signs in by phone.
Decision 0017."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from corridor.accounts.models import Membership, User
from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import member
from corridor.core.models import AuditAction, AuditEvent
from corridor.people.models import SignInCode, Worker
from corridor.people.tests.factories import register, snapshot

pytestmark = pytest.mark.django_db

PHONE = "+998901234567"


def english(user=None) -> Client:
    client = Client(headers={"accept-language": "en"})
    if user is not None:
        client.force_login(user)
    return client


def issue(client: Client, worker: Worker, method: str = "signed_form"):
    return client.post(
        f"/workers/{worker.pk}/sign-in-code/", {"agreed": "on", "consent_method": method}
    )


def code_on(page) -> str:
    found = re.search(r'id="code">(\d{4}) (\d{4})<', page.content.decode())
    assert found is not None
    return found.group(1) + found.group(2)


def sign_in(client: Client, phone: str, code: str, address: str = "192.0.2.10"):
    return client.post("/workers/sign-in/", {"phone": phone, "code": code}, REMOTE_ADDR=address)


def test_a_caseworker_invites_and_the_worker_opens_their_account_by_phone():
    caseworker = member()
    worker = register(caseworker, phone=PHONE)

    page = issue(english(caseworker), worker)

    assert page.status_code == 200
    code = code_on(page)
    stored = SignInCode.objects.get(worker=worker)
    assert code not in stored.code_hash and len(stored.code_hash) == 64
    assert (stored.phone, stored.consent_method, stored.issued_by) == (
        PHONE,
        "signed_form",
        caseworker,
    )
    issued = AuditEvent.objects.get(object_type="people.signincode")
    assert (issued.action, issued.worker_id, issued.actor) == (
        AuditAction.CREATE,
        worker.pk,
        caseworker,
    )
    assert issued.changes["purpose"] == "account"

    phone_client = english()
    # Typed as people type it: spaces, no plus.
    signed = sign_in(phone_client, "998 90 123 45 67", f"{code[:4]} {code[4:]}")

    assert signed.status_code == 302
    assert signed["Location"] == "/my/"
    worker.refresh_from_db()
    user = worker.user
    assert user is not None
    assert (user.email, user.phone, user.has_usable_password()) == (None, PHONE, False)
    assert list(Membership.objects.filter(user=user).values_list("organisation", "role")) == [
        (worker.organisation_id, Role.WORKER)
    ]
    assert phone_client.get("/workers/me/").status_code == 200
    assert SignInCode.objects.get(pk=stored.pk).used_at is not None
    opened = AuditEvent.objects.get(object_type="accounts.user", action=AuditAction.CREATE)
    assert (opened.worker_id, opened.actor_label) == (worker.pk, PHONE)
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN, actor=user).count() == 1


def test_a_code_works_once_and_a_later_code_signs_the_same_account_in():
    caseworker = member()
    worker = register(caseworker, phone=PHONE)
    first = code_on(issue(english(caseworker), worker))
    assert sign_in(english(), PHONE, first).status_code == 302

    again = sign_in(english(), PHONE, first)
    second = code_on(issue(english(caseworker), worker))
    later = sign_in(english(), PHONE, second)

    assert again.status_code == 200
    assert "do not open an account" in again.content.decode()
    assert later.status_code == 302
    assert User.objects.filter(phone=PHONE).count() == 1
    assert AuditEvent.objects.get(object_type="people.signincode", changes__purpose="sign-in")


def test_every_refusal_reads_the_same_and_wrong_codes_void_the_phones_code(settings):
    settings.WORKER_SIGN_IN_CODE_ATTEMPTS = 3
    caseworker = member()
    worker = register(caseworker, phone=PHONE)
    code = code_on(issue(english(caseworker), worker))
    wrong = "1" * 8 if code != "1" * 8 else "2" * 8

    unknown_phone = sign_in(english(), "+998907654321", code)
    bad_phone = sign_in(english(), "not a phone", code)
    tries = [sign_in(english(), PHONE, wrong) for _ in range(3)]
    right_but_void = sign_in(english(), PHONE, code)

    message = "This phone number and code do not open an account."
    for answer in (unknown_phone, bad_phone, *tries, right_but_void):
        assert answer.status_code == 200
        assert message in answer.content.decode()
    voided = SignInCode.objects.get(worker=worker)
    assert (voided.failed_attempts, voided.used_at) == (3, None)
    assert voided.voided_at is not None
    worker.refresh_from_db()
    assert worker.user is None


def test_an_expired_code_opens_nothing():
    caseworker = member()
    worker = register(caseworker, phone=PHONE)
    code = code_on(issue(english(caseworker), worker))
    SignInCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    assert "do not open an account" in sign_in(english(), PHONE, code).content.decode()
    assert not User.objects.filter(phone=PHONE).exists()


def test_a_new_code_voids_the_one_before():
    caseworker = member()
    worker = register(caseworker, phone=PHONE)
    first = code_on(issue(english(caseworker), worker))
    code_on(issue(english(caseworker), worker))

    assert "do not open an account" in sign_in(english(), PHONE, first).content.decode()


def test_the_sign_in_page_is_rate_limited_per_address(settings):
    settings.WORKER_SIGN_IN_TRIES_PER_ADDRESS = 2
    for _ in range(2):
        assert sign_in(english(), PHONE, "12345678", "198.51.100.4").status_code == 200

    limited = sign_in(english(), PHONE, "12345678", "198.51.100.4")
    elsewhere = sign_in(english(), PHONE, "12345678", "198.51.100.5")

    assert limited.status_code == 429
    assert "Too many tries from your address" in limited.content.decode()
    assert elsewhere.status_code == 200


def test_a_worker_without_a_phone_cannot_be_invited():
    caseworker = member()
    worker = register(caseworker)

    page = issue(english(caseworker), worker)

    assert page.status_code == 422
    assert "Add the worker&#x27;s phone number first" in page.content.decode()
    assert not SignInCode.objects.exists()


def test_the_agreement_is_required():
    caseworker = member()
    worker = register(caseworker, phone=PHONE)

    page = english(caseworker).post(
        f"/workers/{worker.pk}/sign-in-code/", {"consent_method": "verbal"}
    )

    assert page.status_code == 422
    assert not SignInCode.objects.exists()


def test_another_organisations_caseworker_gets_404_and_nothing_changes():
    worker = register(member(), phone=PHONE)
    before = snapshot(worker)

    answer = issue(english(member()), worker)

    assert answer.status_code == 404
    assert not SignInCode.objects.exists()
    assert snapshot(worker) == before


def test_a_worker_whose_account_was_deactivated_cannot_sign_in():
    caseworker = member()
    worker = register(caseworker, phone=PHONE)
    assert sign_in(english(), PHONE, code_on(issue(english(caseworker), worker))).status_code == 302
    User.objects.filter(phone=PHONE).update(is_active=False)

    code = code_on(issue(english(caseworker), worker))

    assert "do not open an account" in sign_in(english(), PHONE, code).content.decode()
