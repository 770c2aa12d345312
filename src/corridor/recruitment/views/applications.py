"""An application's page and its steps: moving it on, and the offer."""

import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from corridor.accounts.models import User
from corridor.accounts.requests import signed_in_user
from corridor.accounts.roles import Permission
from corridor.core.audit import Actor
from corridor.core.forms import form_status, submit
from corridor.core.scoping import get_for_user_or_404
from corridor.people.models import Worker
from corridor.people.services import record_view
from corridor.recruitment import pipeline
from corridor.recruitment.forms import (
    ArrivalForm,
    MoveForm,
    OfferForm,
)
from corridor.recruitment.models import (
    Application,
    ApplicationStatus,
    Contract,
    Housing,
)
from corridor.recruitment.models.applications import is_programme_office_staff, next_steps
from corridor.recruitment.views.common import explained

SUBSTITUTION_LABELS = {
    "wage_rub": gettext_lazy("wage"),
    "hours_per_week": gettext_lazy("hours per week"),
    "housing": gettext_lazy("housing"),
    "housing_cost_rub": gettext_lazy("housing cost"),
    "isco_code": gettext_lazy("occupation"),
}


def _roubles(value: Any) -> str:
    return number_format(value, 0, use_l10n=True, force_grouping=True)


def scoped_application(request: HttpRequest, application_id: uuid.UUID) -> Application:
    return get_for_user_or_404(
        Application.objects.with_worker_shown(signed_in_user(request)).select_related(
            "worker", "vacancy__employer", "vacancy__recruiter", "vacancy__region"
        ),
        signed_in_user(request),
        pk=application_id,
    )


def _substitutions(contract: Contract) -> list[str]:
    """ "Contract substitution: wage 90 000 → 70 000", one line per worse term."""
    lines = []
    for flag in contract.substitutions:
        field = flag.get("field", "")
        was, now = flag.get("offered"), flag.get("actual")
        if field in {"wage_rub", "housing_cost_rub"}:
            was, now = _roubles(was or 0), _roubles(now or 0)
        elif field == "housing":
            was = Housing(was).label if was in Housing.values else was
            now = Housing(now).label if now in Housing.values else now
        lines.append(
            _("Contract substitution: %(what)s %(offered)s → %(actual)s")
            % {
                "what": SUBSTITUTION_LABELS.get(field, field),
                "offered": "—" if was in (None, "") else was,
                "actual": "—" if now in (None, "") else now,
            }
        )
    return lines


def _may_act(user: User, application: Application) -> bool:
    allowed = set(user.organisation_ids_with(Permission.MANAGE_APPLICATIONS))
    return bool(is_programme_office_staff(user) or allowed & pipeline.parties(application))


def actor_on(request: HttpRequest, application: Application) -> Actor:
    """The user acting on an application, for the organisation the pipeline expects."""
    organisation = pipeline.acting_organisation(
        signed_in_user(request),
        worker_organisation_id=application.organisation_id,
        vacancy=application.vacancy,
    )
    return Actor.from_request(request, organisation)


def _may_confirm(user: User, contract: Contract, worker: Worker) -> bool:
    is_self = worker.user_id is not None and worker.user_id == user.pk
    return is_self or user.has_perm_in(Permission.CHANGE_WORKERS, worker.organisation_id)


def application_context(
    request: HttpRequest,
    application: Application,
    *,
    move_form: BaseForm | None = None,
    offer_form: BaseForm | None = None,
    arrival_form: BaseForm | None = None,
) -> dict[str, Any]:
    """The application page; a form passed in (sent back with its errors) replaces the blank."""
    user = signed_in_user(request)
    worker = application.worker
    may_act = _may_act(user, application)
    allowed = pipeline.steps_for(actor_on(request, application), application)
    steps = [step for step in next_steps(application.status) if step in allowed]
    contract = Contract.objects.filter(application=application).first()
    # A form sent back with its errors is shown again even if the step is no longer open.
    if move_form is None and may_act:
        move_form = MoveForm(application=application, allowed=allowed)
        move_form = move_form if move_form.has_choices else None
    if offer_form is None and may_act and ApplicationStatus.OFFERED in steps:
        offer_form = OfferForm(
            initial={
                "wage_rub": application.vacancy.wage_min,
                "hours_per_week": application.vacancy.hours_per_week,
                "housing": application.vacancy.housing,
                "housing_cost_rub": application.vacancy.housing_cost_rub,
                "start_date": application.vacancy.start_date,
                "contract_months": application.vacancy.contract_months,
            }
        )
    if contract is None:
        arrival_form = None
    elif arrival_form is None:
        terms = contract.actual_terms or contract.terms
        arrival_form = ArrivalForm(
            initial={
                "wage_rub": terms.get("wage_rub"),
                "hours_per_week": terms.get("hours_per_week"),
                "housing": terms.get("housing"),
                "housing_cost_rub": terms.get("housing_cost_rub"),
                "isco": terms.get("isco_code") or terms.get("job", {}).get("isco_code"),
            }
        )
    return {
        "application": application,
        "vacancy": application.vacancy,
        "worker": worker,
        "worker_visible": bool(getattr(application, "worker_shown", False)),
        "steps": application.steps.select_related("by", "by_organisation"),
        "factors": explained(application.match_explanation or []),
        "match_percent": round(application.match_score * 100)
        if application.match_score is not None
        else None,
        "may_act": may_act,
        "move_form": move_form,
        "offer_form": offer_form,
        "may_generate": may_act
        and application.status == ApplicationStatus.ACCEPTED
        and contract is None,
        "contract": contract,
        "may_confirm": contract is not None
        and contract.received_at is None
        and _may_confirm(user, contract, worker),
        "arrival_form": arrival_form if may_act else None,
        "substitutions": _substitutions(contract) if contract is not None else [],
    }


@login_required
def application_detail_view(request: HttpRequest, application_id: uuid.UUID) -> HttpResponse:
    application = scoped_application(request, application_id)
    record_view(
        actor=Actor.from_request(request, channel="web"),
        worker=application.worker,
        what="application",
    )
    return render(
        request,
        "recruitment/application_detail.html",
        application_context(request, application),
    )


def application_action(
    request: HttpRequest,
    application_id: uuid.UUID,
    form_name: str,
    make_form: Callable[[Application], BaseForm],
    action: Callable[[Application, Actor, dict[str, Any]], Any],
    done: str,
    renames: dict[str, str] | None = None,
) -> HttpResponse:
    """Run one form-backed step on the application page; on errors, show the page with them."""
    application = scoped_application(request, application_id)
    form = make_form(application)

    def run(data: dict[str, Any]) -> None:
        action(application, actor_on(request, application), data)

    if submit(request, form, run, renames=renames).ok:
        messages.success(request, done)
        return redirect(application)
    application.refresh_from_db()
    context = application_context(request, application, **{form_name: form})
    return render(
        request, "recruitment/application_detail.html", context, status=form_status(request)
    )


@login_required
@require_POST
def move_view(request: HttpRequest, application_id: uuid.UUID) -> HttpResponse:
    def act(application: Application, actor: Actor, data: dict[str, Any]) -> None:
        pipeline.move_application(
            actor=actor, application=application, status=data["status"], reason=data["reason"]
        )

    return application_action(
        request,
        application_id,
        "move_form",
        lambda application: MoveForm(
            request.POST,
            application=application,
            allowed=pipeline.steps_for(actor_on(request, application), application),
        ),
        act,
        _("Application moved."),
    )


@login_required
@require_POST
def offer_view(request: HttpRequest, application_id: uuid.UUID) -> HttpResponse:
    def act(application: Application, actor: Actor, data: dict[str, Any]) -> None:
        pipeline.make_offer(
            actor=actor,
            application=application,
            wage_rub=data["wage_rub"],
            hours_per_week=data["hours_per_week"],
            housing=data["housing"],
            housing_cost_rub=data["housing_cost_rub"] or Decimal(0),
            start_date=data["start_date"],
            contract_months=data["contract_months"],
        )

    return application_action(
        request,
        application_id,
        "offer_form",
        lambda application: OfferForm(request.POST),
        act,
        _("Offer made."),
    )
