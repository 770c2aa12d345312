"""Request and response rules that hold for every door (settings.MIDDLEWARE)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

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
