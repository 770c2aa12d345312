"""Error answers: the site's styled, translated pages (templates 400.html ... 500.html in
`web`), or the API's one error shape under /api/. Django calls the handlers (urls.py's
handler400 ... handler500, settings.CSRF_FAILURE_VIEW); middleware and rate limits answer
through `error_answer`.
"""

import logging

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

API_PREFIX = "/api/"
CODES = {400: "bad_request", 403: "forbidden", 404: "not_found", 429: "limited", 500: "error"}

logger = logging.getLogger(__name__)


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def error_answer(
    request: HttpRequest, status: int, message: str = "", *, code: str = ""
) -> HttpResponse:
    """The API's {"error": {...}} under /api/, else the page `<status>.html` in the layout."""
    if is_api(request):
        body = {"code": code or CODES.get(status, "error"), "message": message}
        return JsonResponse({"error": body}, status=status)
    return render(request, f"{status}.html", {"message": message}, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_answer(request, 400, _("The request was not valid."))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Services raise PermissionDenied with a translated sentence for the user; show it.
    message = str(exception) if exception and str(exception) else ""
    return error_answer(request, 403, message or _("You may not do this."))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_answer(request, 404, "" if not is_api(request) else _("Not found."))


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 answer, built without the request's user, session or database (any of them may
    be what failed): the template gets no context processors."""
    if is_api(request):
        message = _("Something went wrong on the server. Try again in a few minutes.")
        return JsonResponse({"error": {"code": "error", "message": message}}, status=500)
    return HttpResponse(loader.get_template("500.html").render(), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its CSRF token, or an old one (settings.CSRF_FAILURE_VIEW)."""
    logger.warning("CSRF failure on %s: %s", request.path, reason)
    message = _(
        "The form had expired or came from another site. Go back, reload it and send it again."
    )
    return error_answer(request, 403, message)
