"""The contract of an application: generated, downloaded, received, and the terms at arrival."""

import uuid
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from corridor.accounts.roles import Permission
from corridor.core.audit import Actor
from corridor.people.services import record_view
from corridor.recruitment import contracts, pipeline
from corridor.recruitment.forms import (
    ArrivalForm,
)
from corridor.recruitment.models import (
    Application,
    Contract,
)
from corridor.recruitment.views.applications import (
    application_action,
    scoped_application,
)
from corridor.recruitment.views.common import acting_for


@login_required
@require_POST
def generate_contract_view(request: HttpRequest, application_id: uuid.UUID) -> HttpResponse:
    application = scoped_application(request, application_id)
    try:
        contracts.generate_contract(
            actor=acting_for(
                request, Permission.MANAGE_APPLICATIONS, pipeline.parties(application)
            ),
            application=application,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Contract generated."))
    return redirect(application)


def _contract_of(application: Application) -> Contract:
    contract = Contract.objects.filter(application=application).first()
    if contract is None:
        raise Http404
    return contract


@login_required
def contract_pdf_view(request: HttpRequest, application_id: uuid.UUID) -> FileResponse:
    application = scoped_application(request, application_id)
    contract = _contract_of(application)
    if not contract.pdf:
        raise Http404
    try:
        handle = contract.pdf.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    record_view(
        actor=Actor.from_request(request, application.organisation_id),
        worker=application.worker,
        what="contract",
    )
    return FileResponse(
        handle,
        content_type="application/pdf",
        as_attachment=True,
        filename=f"{contract.terms.get('number', 'contract')}.pdf",
    )


@login_required
@require_POST
def contract_received_view(request: HttpRequest, application_id: uuid.UUID) -> HttpResponse:
    application = scoped_application(request, application_id)
    contract = _contract_of(application)
    contracts.confirm_receipt(
        actor=Actor.from_request(request, application.organisation_id), contract=contract
    )
    messages.success(request, _("Receipt of the contract recorded."))
    return redirect(application)


@login_required
@require_POST
def arrival_view(request: HttpRequest, application_id: uuid.UUID) -> HttpResponse:
    def act(application: Application, actor: Actor, data: dict[str, Any]) -> None:
        contracts.record_actual_terms(
            actor=actor,
            contract=_contract_of(application),
            wage_rub=data["wage_rub"],
            hours_per_week=data["hours_per_week"],
            housing=data["housing"],
            housing_cost_rub=data["housing_cost_rub"] or Decimal(0),
            isco_code=data["isco"],
        )

    return application_action(
        request,
        application_id,
        "arrival_form",
        lambda application: ArrivalForm(request.POST),
        act,
        _("Terms at arrival recorded."),
        {"isco_code": "isco"},
    )
