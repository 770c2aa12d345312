"""The duplicate check beside the registration form, the review queue, merge and undo."""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from corridor.accounts.requests import signed_in_user
from corridor.core.audit import Actor
from corridor.core.errors import error_answer
from corridor.identity import queries, services
from corridor.identity.throttle import LIMITED_MESSAGE, duplicate_check_limited
from corridor.people.services import record_view

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


def _uuid_or_none(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None


@login_required
def duplicates_view(request: HttpRequest) -> HttpResponse:
    """The panel beside the registration and edit forms (htmx); only for those who register
    people, rate-limited per user, each check audited."""
    if not services.may_check_for_duplicates(signed_in_user(request)):
        raise Http404
    if duplicate_check_limited(request):
        return error_answer(request, 429, str(LIMITED_MESSAGE))
    details: dict[str, Any] = {name: request.GET.get(name, "")[:200] for name in FIELD_NAMES}
    report = services.check_for_duplicates(
        actor=Actor.from_request(request),
        details=details,
        # On the edit form, the worker being edited is not their own duplicate.
        exclude_id=_uuid_or_none(request.GET.get("worker", "")),
    )
    return render(request, "identity/duplicates.html", {"report": report})


@login_required
def review_queue_view(request: HttpRequest) -> HttpResponse:
    """Likely duplicates the user may see both sides of, most likely first."""
    page = Paginator(queries.review_queue(signed_in_user(request)), 25).get_page(
        request.GET.get("page")
    )
    return render(request, "identity/review_queue.html", {"page": page})


FIELDS_SIDE_BY_SIDE = (
    ("reference", gettext_lazy("reference number")),
    ("family_name", gettext_lazy("family name")),
    ("given_name", gettext_lazy("given name")),
    ("patronymic", gettext_lazy("patronymic")),
    ("birth_date", gettext_lazy("date of birth")),
    ("sex", gettext_lazy("sex")),
    ("citizenship_id", gettext_lazy("citizenship")),
    ("home_region_id", gettext_lazy("home region")),
    ("phone", gettext_lazy("phone")),
    ("stage", gettext_lazy("stage")),
)


def _shown(worker: Any, name: str) -> Any:
    display = getattr(worker, f"get_{name}_display", None)
    return display() if display else getattr(worker, name)


@login_required
def pair_view(request: HttpRequest, pair_id: uuid.UUID) -> HttpResponse:
    pair = queries.pair_or_404(signed_in_user(request), pair_id)
    if request.method == "POST":
        try:
            if request.POST.get("decision") == "not_same":
                services.mark_not_same(
                    actor=Actor.from_request(request, pair.organisation_id), pair=pair
                )
                messages.success(request, _("Marked as two different people."))
                return redirect("identity:review")
            merge = services.merge_from_pair(
                actor=Actor.from_request(request, pair.organisation_id),
                pair=pair,
                keep=request.POST.get("keep", ""),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Records merged. The merge can be undone from the kept record.")
            )
            return redirect(merge.kept)
    for worker in (pair.worker_a, pair.worker_b):
        record_view(
            actor=Actor.from_request(request, worker.organisation_id),
            worker=worker,
            what=f"duplicate review {pair.pk}",
        )
    rows = [
        (label, getattr(pair.worker_a, name), getattr(pair.worker_b, name))
        for name, label in FIELDS_SIDE_BY_SIDE
    ]
    return render(request, "identity/pair.html", {"pair": pair, "rows": rows})


@login_required
@require_POST
def undo_merge_view(request: HttpRequest, merge_id: uuid.UUID) -> HttpResponse:
    merge = queries.merge_or_404(signed_in_user(request), merge_id)
    try:
        services.undo_merge(actor=Actor.from_request(request, merge.organisation_id), merge=merge)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Merge undone."))
    return redirect(merge.kept)
