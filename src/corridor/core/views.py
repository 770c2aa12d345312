"""The health endpoint: the one page core serves."""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from corridor.core.health import health


@require_GET
def healthz_view(request: HttpRequest) -> JsonResponse:
    """200 when the database, the task worker and the schedule are healthy, 503 otherwise."""
    report = health()
    response = JsonResponse(report, status=200 if report["ok"] else 503)
    response["Cache-Control"] = "no-store"
    return response
