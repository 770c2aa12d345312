"""Rate limits of the public doors (the complaint form and the tracking page), shared by the
pages and the API so that both count against the same allowance."""

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from corridor.core.ratelimit import is_limited

FILINGS_PER_HOUR = 5
# Enough for a family checking several times a day; far too few to guess codes.
LOOKUPS_PER_HOUR = 30
HOUR = 3600

LIMITED_MESSAGE = _("Too many requests from your connection. Please try again in an hour.")


def filing_limited(request: HttpRequest) -> bool:
    return is_limited(request, "complaints-file", limit=FILINGS_PER_HOUR, window_seconds=HOUR)


def tracking_limited(request: HttpRequest) -> bool:
    return is_limited(request, "complaints-track", limit=LOOKUPS_PER_HOUR, window_seconds=HOUR)
