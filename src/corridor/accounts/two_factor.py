"""Staff sign-in's second factor: a TOTP authenticator app (django-otp) and recovery codes.

Who must give one is decided here (`is_required_for`, from `accounts.roles`); the sign-in
pages, `accounts.middleware` and the API's session door ask `pending_step`, nothing else
decides it. A password reset changes the password only: the authenticator stays, so the next
sign-in still asks for its code.
"""

import secrets
from base64 import b32decode, b32encode
from typing import Any

import django_otp
import segno
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from corridor.accounts.models import Organisation, User
from corridor.accounts.roles import Permission, role_requires_second_factor
from corridor.core import audit
from corridor.core.audit import Actor
from corridor.core.models import AuditAction

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "authenticator app"
RECOVERY_DEVICE_NAME = "recovery codes"
# Set at sign-in for a user who enrolled voluntarily: their session waits for the code too.
PENDING_SESSION_KEY = "corridor_second_factor_pending"
# The secret of an enrolment in progress; the device is stored only once a code confirms it.
ENROLMENT_SESSION_KEY = "corridor_second_factor_enrolment"
ENROL_PAGE = "accounts:two_factor"
VERIFY_PAGE = "accounts:two_factor_verify"
TOTP_STEP, TOTP_DIGITS, TOTP_TOLERANCE = 30, 6, 1


def is_required_for(user: Any) -> bool:
    """Whether `user` must sign in with a second factor: the roles of
    `accounts.roles.SECOND_FACTOR_ROLES`, and whoever may use the admin site."""
    if not settings.SECOND_FACTOR_REQUIRED or not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff:
        return True
    return any(role_requires_second_factor(m.role) for m in user.active_memberships)


def authenticator_of(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def is_verified(request: HttpRequest) -> bool:
    # OTPMiddleware sets otp_device to the device that verified this session, or None.
    return getattr(request.user, "otp_device", None) is not None


def pending_step(request: HttpRequest) -> str | None:
    """The sign-in page this session must pass before anything else (enrol or verify), or
    None when it may go on."""
    user: Any = request.user
    if not user.is_authenticated or is_verified(request):
        return None
    required = is_required_for(user)
    if not (required or request.session.get(PENDING_SESSION_KEY)):
        return None
    if authenticator_of(user) is not None:
        return VERIFY_PAGE
    return ENROL_PAGE if required else None


def remaining_recovery_codes(user: Any) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


# Enrolment: a secret shown as a QR code, confirmed by the first code the app shows.


def enrolment_secret(request: HttpRequest) -> str:
    """The base32 secret of this session's enrolment, made on the first visit and kept until
    a code confirms it (so reloading the page shows the same QR code)."""
    secret = request.session.get(ENROLMENT_SESSION_KEY)
    if not secret:
        secret = b32encode(secrets.token_bytes(20)).decode()
        request.session[ENROLMENT_SESSION_KEY] = secret
    return str(secret)


def otpauth_uri(*, user: Any, secret: str) -> str:
    device = TOTPDevice(user=user, key=b32decode(secret).hex(), step=TOTP_STEP, digits=TOTP_DIGITS)
    return str(device.config_url)


def qr_code_svg(uri: str) -> str:
    """The otpauth URI as an inline SVG QR code (no image request, nothing for CSP to allow)."""
    return str(segno.make(uri, error="m").svg_inline(scale=4, border=2))


def grouped(secret: str) -> str:
    """The secret in groups of four, for typing into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _normalised(code: str) -> str:
    return "".join(code.split()).lower()


def confirm_enrolment(*, actor: Actor, secret: str, code: str) -> list[str]:
    """Store the authenticator whose `secret` produced `code`, issue the recovery codes and
    return them (to be shown once); audited without either."""
    user = actor.user
    totp = TOTP(b32decode(secret), step=TOTP_STEP, digits=TOTP_DIGITS)
    token = _normalised(code)
    if not (token.isdigit() and totp.verify(int(token), tolerance=TOTP_TOLERANCE)):
        raise ValidationError(
            {"code": [_("That code is not right. Check the app's clock and type the new code.")]}
        )
    with transaction.atomic():
        if TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).exists():
            raise ValidationError(_("You already have an authenticator app."))
        TOTPDevice.objects.filter(user=user).delete()
        # last_t: the code just typed cannot sign in a second time.
        device = TOTPDevice.objects.create(
            user=user,
            name=AUTHENTICATOR_NAME,
            key=b32decode(secret).hex(),
            step=TOTP_STEP,
            digits=TOTP_DIGITS,
            tolerance=TOTP_TOLERANCE,
            drift=totp.drift,
            last_t=totp.t(),
            confirmed=True,
        )
        codes = _new_recovery_codes(user)
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=device,
            changes={"second_factor": [None, "authenticator app"], "recovery_codes": [None, 10]},
        )
    return codes


@transaction.atomic
def regenerate_recovery_codes(*, actor: Actor) -> list[str]:
    """Replace the user's recovery codes with ten new ones (the old ones stop working)."""
    user = actor.user
    if authenticator_of(user) is None:
        raise ValidationError(_("Set up an authenticator app first."))
    codes = _new_recovery_codes(user)
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=user,
        changes={"recovery_codes": ["replaced", RECOVERY_CODE_COUNT]},
    )
    return codes


def _new_recovery_codes(user: User) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


# Signing in: the code of the app, or one recovery code (used up).


def matching_device(*, user: Any, code: str) -> Device | None:
    """The device that accepts `code` (the app's six digits, or a recovery code, which is then
    used up), or None. django-otp throttles each device after a wrong code."""
    token = _normalised(code)
    if not token:
        return None
    kind = TOTPDevice if token.isdigit() and len(token) == TOTP_DIGITS else StaticDevice
    for device in kind.objects.filter(user=user, confirmed=True):
        if django_otp.verify_token(user, device.persistent_id, token):
            return device
    return None


def check_sign_in_code(*, actor: Actor, code: str) -> Device | None:
    """The second step of signing in: the device that accepted `code`, or None; both are
    audited like the password step (a login, or a failed login)."""
    user = actor.user
    device = matching_device(user=user, code=code)
    how = "recovery code" if isinstance(device, StaticDevice) else "authenticator app"
    with transaction.atomic():
        audit.record(
            actor=actor,
            action=AuditAction.LOGIN if device else AuditAction.LOGIN_FAILED,
            obj=user,
            changes={"second_factor": how if device else "wrong code"},
            actor_label=user.label,
        )
    return device


def sign_in_with(request: HttpRequest, device: Device) -> None:
    """Mark this session as having passed the second factor."""
    django_otp.login(request, device)
    request.session.pop(PENDING_SESSION_KEY, None)


# Removing: by the user with a current code, or by an administrator for their members.


def remove_own_second_factor(*, actor: Actor, code: str) -> None:
    """Remove the user's authenticator and recovery codes; `code` must be a current one."""
    user = actor.user
    if matching_device(user=user, code=code) is None:
        raise ValidationError({"code": [_("That code is not right.")]})
    with transaction.atomic():
        _remove_devices(user)
        audit.record(
            actor=actor,
            action=AuditAction.DELETE,
            obj=user,
            changes={"second_factor": ["authenticator app", None]},
        )


def members_administered_by(user: Any) -> Any:
    """Users whose second factor `user` may reset: members of the organisations they manage
    users of."""
    organisations = Organisation.objects.administered_by(user, Permission.MANAGE_USERS)
    return User.objects.filter(memberships__organisation__in=organisations).distinct()


@transaction.atomic
def reset_member_second_factor(*, actor: Actor, member: User) -> None:
    """An administrator removes a member's authenticator and recovery codes (a lost phone);
    the member enrols again at their next sign-in. Audited for the member's organisation."""
    if not members_administered_by(actor.user).filter(pk=member.pk).exists():
        raise PermissionDenied(_("You may not manage that user."))
    _remove_devices(member)
    audit.record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=member,
        changes={"second_factor": ["authenticator app", None], "reset_by": "administrator"},
    )


def _remove_devices(user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
