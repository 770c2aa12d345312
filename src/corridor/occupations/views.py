"""The review list: titles the coder was unsure of, for staff to confirm or correct."""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from corridor.accounts.roles import Permission
from corridor.core.audit import Actor
from corridor.occupations import services
from corridor.occupations.forms import ConfirmCodeForm
from corridor.occupations.models import CodedTitle
from corridor.reference.models import IscoGroup


def _reviewer(request: HttpRequest) -> Any:
    user: Any = request.user
    if not user.has_any_perm(Permission.REVIEW_OCCUPATION_CODES):
        raise PermissionDenied
    return user


@login_required
def review_list_view(request: HttpRequest) -> HttpResponse:
    _reviewer(request)
    page = Paginator(CodedTitle.objects.needing_review().select_related("isco"), 20).get_page(
        request.GET.get("page")
    )
    codings = services.suggest_many([coded.title for coded in page], top=5)
    groups = IscoGroup.objects.in_bulk(
        {c.isco_code for coding in codings for c in coding.candidates}
    )
    rows = [
        {
            "coded": coded,
            "suggestions": [
                (groups[c.isco_code], round(c.score * 100), services.explanation(c))
                for c in coding.candidates
                if c.isco_code in groups
            ],
        }
        for coded, coding in zip(page, codings, strict=True)
    ]
    return render(
        request,
        "occupations/review_list.html",
        {"page": page, "rows": rows, "form": ConfirmCodeForm()},
    )


@login_required
@require_POST
def confirm_view(request: HttpRequest, coded_id: uuid.UUID) -> HttpResponse:
    _reviewer(request)
    coded = get_object_or_404(CodedTitle, pk=coded_id)
    form = ConfirmCodeForm(request.POST)
    if form.is_valid():
        services.confirm(coded, form.cleaned_data["isco"], Actor.from_request(request))
        messages.success(
            request,
            _("“%(title)s” is coded %(code)s from now on.")
            % {"title": coded.title, "code": form.cleaned_data["isco"]},
        )
    else:
        messages.error(request, " ".join(str(e) for e in form.errors.get("isco", [])))
    page = request.POST.get("page", "")
    url = reverse("occupations:review")
    return redirect(f"{url}?page={page}" if page.isdigit() else url)
