"""Test helpers for the second factor: a real authenticator (django-otp's TOTP device) and the
codes it shows, computed as an app computes them."""

import time

from django.http import HttpRequest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from corridor.accounts import two_factor
from corridor.accounts.models import User


def enrol(user: User) -> TOTPDevice:
    """The user's confirmed authenticator (a new one if they have none)."""
    return two_factor.authenticator_of(user) or TOTPDevice.objects.create(
        user=user, name=two_factor.AUTHENTICATOR_NAME, confirmed=True
    )


def code_for(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code the app shows now (or `steps_ahead` periods of 30 s later: a code already used
    in this period is refused, the next one is accepted within the tolerance)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def code_for_secret(secret: str, *, steps_ahead: int = 0) -> str:
    """The code an app shows for the base32 secret of the enrolment page."""
    from base64 import b32decode

    totp = TOTP(b32decode(secret.replace(" ", "")), step=30, digits=6)
    totp.time = time.time() + steps_ahead * 30
    return f"{totp.token():06d}"


def verify_session(client: Client, user: User) -> None:
    """Mark the client's session as having passed the second factor with the user's real
    authenticator, through django-otp's own `login` (what the sign-in page calls after a right
    code). Only for users who must give one: others' sessions stay as a sign-in leaves them."""
    fresh = User.objects.get(pk=user.pk)  # the caller's user keeps its own cached memberships
    if not two_factor.is_required_for(fresh):
        return
    request = HttpRequest()
    request.session = client.session
    request.user = fresh
    two_factor.sign_in_with(request, enrol(fresh))
    request.session.save()
