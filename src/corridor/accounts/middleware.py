"""Staff who must give a second factor reach only the sign-in pages until they have."""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

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
