"""A worker's jobs page: the job profile, the best vacancies, the applications and the fee
ledger."""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from corridor.accounts.models import User
from corridor.accounts.requests import signed_in_user
from corridor.accounts.roles import Permission
from corridor.core.audit import Actor
from corridor.core.forms import form_status, submit
from corridor.core.scoping import get_for_user_or_404
from corridor.people.access import Section, workers_showing
from corridor.people.models import Worker
from corridor.people.services import record_view
from corridor.recruitment import fees, profiles, queries
from corridor.recruitment.forms import (
    JobProfileForm,
    PaymentForm,
)
from corridor.recruitment.models import Payment
from corridor.recruitment.models.applications import ApplicationQuerySet
from corridor.recruitment.views.common import explained, percent
from corridor.reference.models import Region

VACANCIES_FOR_A_WORKER = 10


def _scoped_worker(request: HttpRequest, worker_id: uuid.UUID) -> Worker:
    """A worker whose job search the user may see: their centre's, their own (people.access).
    An employer or recruiter sees its own applications, never the worker's whole search."""
    return get_for_user_or_404(
        workers_showing(signed_in_user(request), Section.JOBS).select_related("organisation"),
        signed_in_user(request),
        pk=worker_id,
    )


def _worker_applications(user: User, worker: Worker) -> ApplicationQuerySet:
    return queries.application_list(user, queries.ApplicationFilters(worker=worker.pk))


def _jobs_context(
    request: HttpRequest,
    worker: Worker,
    *,
    profile_form: BaseForm | None = None,
    payment_form: BaseForm | None = None,
) -> dict[str, Any]:
    """The jobs page; a form passed in (sent back with its errors) replaces the blank."""
    user = signed_in_user(request)
    profile = profiles.job_profile_of(worker)
    values = profiles.job_profile_dict(profile)
    may_change = user.has_perm_in(Permission.CHANGE_WORKERS, worker.organisation_id)
    may_record_fees = user.has_perm_in(Permission.RECORD_FEES, worker.organisation_id)
    applications = _worker_applications(user, worker)
    best = [
        {
            **item,
            "percent": round(item["score"] * 100),
            "factors": explained(item["explanation"]),
        }
        for item in queries.worker_vacancy_matches(
            user=user, worker=worker, limit=VACANCIES_FOR_A_WORKER
        )
    ]
    cost = fees.recruitment_cost(worker)
    profile_form = profile_form or JobProfileForm(initial=values)
    payment_form = payment_form or PaymentForm(user=user, applications=applications)
    return {
        "worker": worker,
        "profile": values,
        "profile_regions": Region.objects.filter(code__in=values["preferred_regions"]),
        "may_change": may_change,
        "profile_form": profile_form if may_change else None,
        "best": best,
        "applications": applications,
        "payments": queries.worker_payments(worker),
        "cost": cost,
        "cost_share": percent(cost.share),
        "may_record_fees": may_record_fees,
        "payment_form": payment_form if may_record_fees else None,
    }


@login_required
def worker_jobs_view(request: HttpRequest, worker_id: uuid.UUID) -> HttpResponse:
    worker = _scoped_worker(request, worker_id)
    record_view(
        actor=Actor.from_request(request, worker.organisation_id), worker=worker, what="jobs"
    )
    return render(request, "recruitment/worker_jobs.html", _jobs_context(request, worker))


@login_required
@require_POST
def job_profile_view(request: HttpRequest, worker_id: uuid.UUID) -> HttpResponse:
    worker = _scoped_worker(request, worker_id)
    if not signed_in_user(request).has_perm_in(Permission.CHANGE_WORKERS, worker.organisation_id):
        raise PermissionDenied
    form = JobProfileForm(request.POST)

    def save(data: dict[str, Any]) -> None:
        profiles.set_job_profile(
            actor=Actor.from_request(request, worker.organisation_id),
            worker=worker,
            preferred_regions=[region.code for region in data["preferred_regions"]],
            expected_wage_rub=data["expected_wage_rub"],
            available_from=data["available_from"],
            driving_licences=data["driving_licences"],
            accepts_rotation=data["accepts_rotation"],
        )

    if submit(request, form, save).ok:
        messages.success(request, _("Job profile saved."))
        return redirect("recruitment:worker_jobs", worker.pk)
    context = _jobs_context(request, worker, profile_form=form)
    return render(request, "recruitment/worker_jobs.html", context, status=form_status(request))


@login_required
@require_POST
def payment_view(request: HttpRequest, worker_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    worker = _scoped_worker(request, worker_id)
    if not user.has_perm_in(Permission.RECORD_FEES, worker.organisation_id):
        raise PermissionDenied
    form = PaymentForm(
        request.POST,
        request.FILES,
        user=user,
        applications=_worker_applications(user, worker),
    )

    def record(data: dict[str, Any]) -> Payment:
        receipt = data["receipt"]
        if receipt is not None:
            # Never the uploaded name: it may carry the person's name.
            suffix = receipt.name.rsplit(".", 1)[-1].lower()[:5]
            receipt.name = f"{uuid.uuid4().hex}.{suffix}"
        return fees.record_payment(
            actor=Actor.from_request(request, worker.organisation_id),
            worker=worker,
            payee_type=data["payee_type"],
            payee_organisation=data["payee_organisation"],
            payee_name=data["payee_name"],
            purpose=data["purpose"],
            amount=data["amount"],
            currency=data["currency"],
            rate_to_rub=data["rate_to_rub"],
            paid_on=data["paid_on"],
            application=data["application"],
            note=data["note"],
            receipt=receipt,
        )

    if (done := submit(request, form, record)).ok:
        assert done.result is not None
        if done.result.should_employer_pay:
            messages.warning(
                request,
                _("Payment recorded. The employer should have paid this, not the worker."),
            )
        else:
            messages.success(request, _("Payment recorded."))
        return redirect("recruitment:worker_jobs", worker.pk)
    context = _jobs_context(request, worker, payment_form=form)
    return render(request, "recruitment/worker_jobs.html", context, status=form_status(request))
