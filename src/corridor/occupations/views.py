"""The review list: titles the coder was unsure of, for staff to confirm or correct."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from corridor.accounts.models import User
from corridor.accounts.requests import signed_in_user
from corridor.accounts.roles import Permission
from corridor.core.audit import Actor
from corridor.occupations import queries, services
from corridor.occupations.forms import ConfirmCodeForm
from corridor.occupations.models import CodedTitle


def _reviewer(request: HttpRequest) -> User:
    user = signed_in_user(request)
    if not user.has_any_perm(Permission.REVIEW_OCCUPATION_CODES):
        raise PermissionDenied
    return user


@login_required
def review_list_view(request: HttpRequest) -> HttpResponse:
    user = _reviewer(request)
    page = Paginator(queries.titles_to_review(user), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "occupations/review_list.html",
        {"page": page, "rows": queries.review_rows(list(page)), "form": ConfirmCodeForm()},
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
