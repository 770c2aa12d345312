from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from corridor.accounts.requests import signed_in_user
from corridor.accounts.roles import Permission
from corridor.accounts.services import set_preferred_language
from corridor.people.models import TimelineEvent, Worker
from corridor.people.queries import counts_by_stage, expiring_documents, suppress_small_counts
from corridor.people.stages import Stage


@login_required
def home_view(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if user.has_any_perm(Permission.VIEW_SELF) and not user.has_any_perm(
        Permission.VIEW_SHARED_WORKERS
    ):
        return redirect("portal:home")
    sees_people = user.has_any_perm(Permission.VIEW_OWN_WORKERS) or user.has_any_perm(
        Permission.VIEW_SHARED_WORKERS
    )
    counts: dict[str, int | None]
    if sees_people:
        counts = dict(counts_by_stage(Worker.objects.for_user(user).active()))
    elif user.has_any_perm(Permission.VIEW_AGGREGATES):
        # Donors see the programme as a whole, never a person: small counts are hidden.
        counts = suppress_small_counts(counts_by_stage(Worker.objects.active()))
    else:
        counts = {}
    context = {
        "stages": [(stage, counts.get(stage.value, 0)) for stage in Stage],
        "total": sum(n for n in counts.values() if n is not None),
        "expiring": expiring_documents(user) if sees_people else [],
        "recent": []
        if not sees_people
        else TimelineEvent.objects.for_user(user)
        .select_related("worker", "actor")
        .order_by("-at")[:15],
        "sees_people": sees_people,
    }
    return render(request, "web/home.html", context)


@require_POST
def language_view(request: HttpRequest) -> HttpResponse:
    """Django's language switch (the cookie remembers the choice on this phone), and for a
    signed-in user the account remembers it too, for their other devices and their messages."""
    response = set_language(request)
    if request.user.is_authenticated:
        set_preferred_language(
            user=signed_in_user(request), language=request.POST.get("language", "")
        )
    return response
