"""The rate limit of the duplicate check, shared by the page and the API."""

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from corridor.core.ratelimit import is_limited
from corridor.identity.services import DUPLICATE_CHECK_WINDOW_SECONDS, DUPLICATE_CHECKS_PER_WINDOW

LIMITED_MESSAGE = _("Too many duplicate checks. Please wait a few minutes.")


def duplicate_check_limited(request: HttpRequest) -> bool:
    return is_limited(
        request,
        "duplicate-check",
        limit=DUPLICATE_CHECKS_PER_WINDOW,
        window_seconds=DUPLICATE_CHECK_WINDOW_SECONDS,
        per_user=True,
    )
