"""Request and response rules that hold for every door (settings.MIDDLEWARE)."""

import re
from collections.abc import Callable
from importlib import import_module

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from corridor.core import errors

GetResponse = Callable[[HttpRequest], HttpResponse]


def no_store(get_response: GetResponse) -> GetResponse:
    """`Cache-Control: no-store` on every response a view made, unless the view chose its own
    caching (`django.views.decorators.cache`).

    Every page, not only signed-in ones: anonymous doors show personal data too (a complaint
    followed by its tracking code). Static files never reach here: WhiteNoise, above this in
    MIDDLEWARE, answers them with their own long-lived headers.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, no_store=True, private=True)
        return response

    return middleware


# An odd number of backslashes before "u0000" is JSON's escape for NUL ("\\u0000" is text).
JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000", re.IGNORECASE)
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def reject_nul(get_response: GetResponse) -> GetResponse:
    """Refuse a NUL character in the path (404: no page has one), in a query parameter, a form
    field or a JSON body (400), before any view reads it. PostgreSQL cannot store or compare
    text with NUL in it and fails inside the query; one check here covers every door."""

    def middleware(request: HttpRequest) -> HttpResponse:
        _forget_cookies_with_nul(request)
        if "\x00" in request.path:
            return errors.page_not_found(request)
        if _has_nul(request):
            return errors.error_answer(
                request, 400, _("The request contains a NUL character."), code="invalid"
            )
        return get_response(request)

    return middleware


def _forget_cookies_with_nul(request: HttpRequest) -> None:
    """A cookie with NUL is treated as not sent: no browser makes one, and the session cookie
    is looked up in the database (lazily, after this) when the user is first read."""
    bad = [name for name, value in request.COOKIES.items() if "\x00" in name + value]
    if not bad:
        return
    request.COOKIES = {k: v for k, v in request.COOKIES.items() if k not in bad}
    if settings.SESSION_COOKIE_NAME in bad and hasattr(request, "session"):
        request.session = import_module(settings.SESSION_ENGINE).SessionStore()


def _has_nul(request: HttpRequest) -> bool:
    if _any_nul(request.GET):
        return True
    content_type = request.content_type or ""
    if request.method == "POST" and content_type in FORM_TYPES:
        return _any_nul(request.POST)
    if content_type == "application/json" or content_type.endswith("+json"):
        return b"\x00" in request.body or JSON_NUL.search(request.body) is not None
    return False


def _any_nul(data: QueryDict) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in data.lists())
