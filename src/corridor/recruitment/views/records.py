"""The record of recruiters and employers, and an employer's status."""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from corridor.accounts.models import Organisation, OrganisationType
from corridor.accounts.requests import signed_in_user
from corridor.accounts.roles import Permission
from corridor.core.forms import form_status, submit
from corridor.recruitment import fees
from corridor.recruitment.forms import (
    EmployerStatusForm,
)
from corridor.recruitment.records import record_rows
from corridor.recruitment.vacancies import set_employer_status
from corridor.recruitment.views.common import acting_for, may_see_record, percent


def _recorded_organisation(request: HttpRequest, organisation_id: uuid.UUID) -> Organisation:
    """A recruiter or employer, for programme staff and its own members; 404 for others."""
    user = signed_in_user(request)
    organisation = Organisation.objects.filter(
        pk=organisation_id, type__in=[OrganisationType.RECRUITER, OrganisationType.EMPLOYER]
    ).first()
    if organisation is None or not may_see_record(user, organisation):
        raise Http404
    return organisation


def _record_context(
    request: HttpRequest, organisation: Organisation, status_form: Any = None
) -> dict[str, Any]:
    user = signed_in_user(request)
    is_employer = organisation.type == OrganisationType.EMPLOYER
    may_set_status = is_employer and bool(
        user.is_superuser or user.has_any_perm(Permission.MANAGE_EMPLOYERS)
    )
    context: dict[str, Any] = {
        "organisation": organisation,
        "is_employer": is_employer,
        "status_form": (
            status_form or EmployerStatusForm(initial={"status": organisation.employer_status})
        )
        if may_set_status
        else None,
        "other_rows": record_rows(organisation),
    }
    if is_employer:
        context["employer"] = fees.employer_record(organisation)
    else:
        record = fees.recruiter_record(organisation)
        context["recruiter"] = record
        context["mean_cost_share"] = percent(record.mean_cost_share)
    return context


@login_required
def organisation_record_view(request: HttpRequest, organisation_id: uuid.UUID) -> HttpResponse:
    organisation = _recorded_organisation(request, organisation_id)
    return render(
        request, "recruitment/organisation_record.html", _record_context(request, organisation)
    )


@login_required
@require_POST
def employer_status_view(request: HttpRequest, organisation_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    organisation = _recorded_organisation(request, organisation_id)
    if organisation.type != OrganisationType.EMPLOYER:
        raise Http404
    if not (user.is_superuser or user.has_any_perm(Permission.MANAGE_EMPLOYERS)):
        raise PermissionDenied
    form = EmployerStatusForm(request.POST)

    def change(data: dict[str, Any]) -> None:
        set_employer_status(
            actor=acting_for(request, Permission.MANAGE_EMPLOYERS, []),
            employer=organisation,
            status=data["status"],
            reason=data["reason"],
        )

    if submit(request, form, change).ok:
        messages.success(request, _("Employer status changed."))
        return redirect("recruitment:organisation_record", organisation.pk)
    context = _record_context(request, organisation, form)
    return render(
        request, "recruitment/organisation_record.html", context, status=form_status(request)
    )
