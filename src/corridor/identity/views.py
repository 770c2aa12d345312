"""The duplicate check beside the registration form (an htmx partial)."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from corridor.identity.duplicates import likely_duplicates

FIELD_NAMES = (
    "family_name",
    "given_name",
    "patronymic",
    "birth_date",
    "sex",
    "citizenship",
    "home_region",
    "phone",
)


@login_required
def duplicates_view(request: HttpRequest) -> HttpResponse:
    details: dict[str, Any] = {name: request.GET.get(name, "")[:200] for name in FIELD_NAMES}
    report = likely_duplicates(request.user, details, exclude_id=request.GET.get("worker") or None)
    return render(request, "identity/duplicates.html", {"report": report})
