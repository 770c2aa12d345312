"""A worker's own account: issued by their centre, opened by phone with a one-time code.

A caseworker of the worker's centre issues a sign-in code (the worker's agreement to have an
account recorded on it); until the messaging channels deliver it by SMS or Telegram, the
caseworker hands it over on paper. The worker signs in with their phone number and the code:
the first time opens their account (a user with the worker role in the centre, linked to the
record), later codes sign them in again. Decision 0017.

What keeps it safe: a code is 8 random digits, kept only as a keyed hash bound to the phone it
was issued for, valid for `WORKER_SIGN_IN_CODE_HOURS`, used once; wrong codes tried for a
phone count against the codes issued for it and void them at `WORKER_SIGN_IN_CODE_ATTEMPTS`;
the page is rate-limited per address; and every refusal reads the same, so the page tells no
one whether a phone number is registered.
"""

import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from corridor.accounts.models import Membership, User
from corridor.accounts.permissions import require_permission_in
from corridor.accounts.roles import Permission, Role
from corridor.core import audit
from corridor.core.audit import Actor
from corridor.core.models import AuditAction
from corridor.people.models import ConsentMethod, SignInCode, TimelineKind, Worker
from corridor.people.phones import normalise_phone
from corridor.people.services import add_timeline_event
from corridor.people.timeline import TimelineMessage, model_fields

CODE_DIGITS = 8


def _hash(phone: str, code: str) -> str:
    # Keyed with the deployment's secret: a copy of the table alone does not let anyone try
    # the 10^8 codes offline.
    return salted_hmac(
        "corridor.people.sign-in-code", f"{phone}:{code}", algorithm="sha256"
    ).hexdigest()


@dataclass(frozen=True)
class IssuedCode:
    sign_in_code: SignInCode
    code: str  # shown once, to be handed to the worker; never stored


@transaction.atomic
def issue_sign_in_code(*, actor: Actor, worker: Worker, consent_method: str) -> IssuedCode:
    """A new code for `worker` (earlier unused ones are voided); audited. The worker must have
    a phone number in the registry: the code is bound to it."""
    require_permission_in(actor, Permission.CHANGE_WORKERS, worker.organisation)
    if worker.merged_into_id:
        raise ValidationError({"worker": _("This record was merged into another.")})
    if not worker.phone:
        raise ValidationError(
            {"phone": _("Add the worker's phone number first: they sign in with it.")}
        )
    if consent_method not in ConsentMethod.values:
        raise ValidationError({"consent_method": _("Say how the worker agreed.")})
    now = timezone.now()
    SignInCode.objects.filter(worker=worker).usable(now).update(voided_at=now)
    code = "".join(str(secrets.randbelow(10)) for _ in range(CODE_DIGITS))
    issued = SignInCode.objects.create(
        worker=worker,
        phone=worker.phone,
        code_hash=_hash(worker.phone, code),
        consent_method=consent_method,
        issued_by=actor.user,
        issued_at=now,
        expires_at=now + timedelta(hours=settings.WORKER_SIGN_IN_CODE_HOURS),
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=issued,
        worker_id=worker.pk,
        changes={
            "purpose": "sign-in" if worker.user_id else "account",
            "consent_method": consent_method,
            "expires_at": issued.expires_at.isoformat(),
        },
    )
    return IssuedCode(issued, code)


class CodeRefused(Exception):
    """The phone and code opened nothing. One message for every reason (no enumeration)."""


def sign_in_with_code(*, phone: str, code: str, ip_address: str | None) -> User:
    """The worker's account for this phone and code, opened the first time; the code is used.
    Raises CodeRefused for anything else, having counted the wrong try."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    try:
        # People type their number with the country code but often without the plus.
        phone = normalise_phone(phone if phone.strip().startswith("+") else f"+{digits}")
    except ValidationError as error:
        raise CodeRefused from error
    code = "".join(ch for ch in code if ch.isdigit())
    if not phone or len(code) != CODE_DIGITS:
        raise CodeRefused
    with transaction.atomic():
        now = timezone.now()
        # Lock the phone's codes: two tries at once are counted one after the other.
        codes = list(
            SignInCode.objects.select_for_update(of=("self",))
            .filter(phone=phone, worker__merged_into__isnull=True)
            .exclude(worker__user__is_active=False)
            .usable(now)
            .select_related("worker", "worker__user")
        )
        digest = _hash(phone, code)
        match = next((c for c in codes if hmac.compare_digest(c.code_hash, digest)), None)
        if match is None:
            _count_wrong_try([c.pk for c in codes], now)
        else:
            return _open(match, now, ip_address)
    raise CodeRefused


def _count_wrong_try(code_ids: list, now) -> None:
    if not code_ids:
        return
    tried = SignInCode.objects.filter(pk__in=code_ids)
    tried.update(failed_attempts=F("failed_attempts") + 1)
    tried.filter(failed_attempts__gte=settings.WORKER_SIGN_IN_CODE_ATTEMPTS).update(voided_at=now)


def _open(sign_in_code: SignInCode, now, ip_address: str | None) -> User:
    """Use the code; the worker's user (created and linked the first time)."""
    sign_in_code.used_at = now
    sign_in_code.save(update_fields=["used_at"])
    worker = sign_in_code.worker
    user = worker.user
    actor_for = Actor(user=None, organisation_id=worker.organisation_id, ip_address=ip_address)
    if user is None:
        user = User.objects.create(
            phone=sign_in_code.phone,
            full_name=f"{worker.given_name} {worker.family_name}".strip(),
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        Membership.objects.create(user=user, organisation=worker.organisation, role=Role.WORKER)
        Worker.objects.filter(pk=worker.pk).update(user=user)
        audit.record(
            actor=actor_for,
            action=AuditAction.CREATE,
            obj=user,
            worker_id=worker.pk,
            actor_label=sign_in_code.phone,
            changes={"account": "worker", "by": "sign-in code", "code": str(sign_in_code.pk)},
        )
    elif user.phone != sign_in_code.phone:
        # The registry's phone changed since the account was opened: the account follows it.
        before = user.phone
        user.phone = sign_in_code.phone
        user.save(update_fields=["phone"])
        audit.record(
            actor=actor_for,
            action=AuditAction.UPDATE,
            obj=user,
            worker_id=worker.pk,
            actor_label=sign_in_code.phone,
            changes={"phone": [before, user.phone]},
        )
    return user


@transaction.atomic
def change_own_contact(
    *, actor: Actor, worker: Worker, phone: str, messenger_handle: str
) -> Worker:
    """The worker changes how they are reached, from their own pages; audited. The next
    sign-in code is bound to the new phone (the account follows it at that sign-in)."""
    if not actor.user.is_authenticated or worker.user_id != actor.user.pk:
        raise PermissionDenied(_("You may change only your own contact details."))
    worker = Worker.objects.select_for_update().get(pk=worker.pk)
    before = {"phone": worker.phone, "messenger_handle": worker.messenger_handle}
    worker.phone = normalise_phone(phone, worker.citizenship_id) if phone.strip() else ""
    worker.messenger_handle = messenger_handle.strip()
    if not worker.phone:
        raise ValidationError({"phone": _("Keep a phone number: you sign in with it.")})
    worker.full_clean(validate_unique=False, validate_constraints=False)
    after = {"phone": worker.phone, "messenger_handle": worker.messenger_handle}
    changes = audit.diff(before, after)
    if not changes:
        return worker
    worker.version += 1
    worker.save(update_fields=["phone", "messenger_handle", "version"])
    add_timeline_event(
        worker,
        actor,
        TimelineKind.UPDATED,
        message=TimelineMessage.DETAILS_CHANGED,
        params={"fields": model_fields(Worker, changes)},
    )
    audit.record(
        actor=actor, action=AuditAction.UPDATE, obj=worker, worker_id=worker.pk, changes=changes
    )
    return worker
