"""Staff who must give a second factor reach only the sign-in pages until they have."""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation

from corridor.accounts import two_factor

# The pages a half-signed-in session may open: signing in and out, enrolling, resetting a
# password, choosing a language. The API answers for itself (`accounts.api.session_auth`).
OPEN_PAGES = frozenset(
    {
        "accounts:login",
        "accounts:logout",
        two_factor.ENROL_PAGE,
        two_factor.VERIFY_PAGE,
        "accounts:password_reset",
        "accounts:password_reset_done",
        "accounts:password_reset_confirm",
        "accounts:password_reset_complete",
        "set_language",
    }
)


class SecondFactorMiddleware:
    """After django-otp's OTPMiddleware: a session still owing its second factor is sent to
    the enrolment or verification page, with the page it asked for as `next`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is None or match.view_name in OPEN_PAGES or "api" in match.namespaces:
            return None
        step = two_factor.pending_step(request)
        if step is None:
            return None
        return HttpResponseRedirect(
            reverse(step) + "?" + urlencode({"next": request.get_full_path()})
        )


def preferred_language(get_response: Callable[[HttpRequest], HttpResponse]) -> Any:
    """After authentication: a signed-in user whose browser has not chosen a language (no
    language cookie) reads the interface in the one saved on their account."""

    def middleware(request: HttpRequest) -> HttpResponse:
        user: Any = getattr(request, "user", None)
        chosen = getattr(user, "language", "") if user is not None else ""
        if (
            chosen
            and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
            and chosen in dict(settings.LANGUAGES)
        ):
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen
        return get_response(request)

    return middleware
