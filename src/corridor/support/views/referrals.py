"""Referral pages. The sender's staff have the full referral; the receiving partner has a page
of its own that shows only what the service needs (see queries.partner_view)."""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from corridor.accounts.roles import Permission
from corridor.core.audit import Actor
from corridor.core.forms import form_status, submit
from corridor.core.scoping import get_for_user_or_404
from corridor.people.consent import may_process
from corridor.people.models import ConsentPurpose, Worker
from corridor.people.services import record_view
from corridor.support import referrals
from corridor.support.forms import (
    CancelForm,
    FeedbackForm,
    OutcomeForm,
    PartnerMoveForm,
    ReferralFilterForm,
    ReferralForm,
)
from corridor.support.models import Referral, ReferralStatus, next_statuses
from corridor.support.models.referrals import PARTNER_MOVES
from corridor.support.queries import (
    ReferralFilters,
    partner_steps,
    partner_view,
    received_referrals,
    sent_referrals,
)

PAGE_SIZE = 25


def _boxes(user: Any) -> list[str]:
    boxes = []
    if user.has_any_perm(Permission.SEND_REFERRALS):
        boxes.append("sent")
    if user.has_any_perm(Permission.HANDLE_REFERRALS):
        boxes.append("received")
    return boxes


@login_required
def referral_list_view(request: Any) -> Any:
    """Staff: the referrals their organisations sent; partners: the referrals they received."""
    user = request.user
    boxes = _boxes(user)
    if not boxes:
        raise PermissionDenied
    box = request.GET.get("box") if request.GET.get("box") in boxes else boxes[0]
    form = ReferralFilterForm(request.GET or None)
    filters = ReferralFilters()
    if form.is_bound and form.is_valid():
        filters = ReferralFilters(
            status=form.cleaned_data["status"], overdue=form.cleaned_data["overdue"]
        )
    today = timezone.localdate()
    rows = (
        sent_referrals(user, filters, today)
        if box == "sent"
        else received_referrals(user, filters, today)
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "box": box,
        "boxes": boxes,
        "today": today,
        "query": request.GET.copy(),
    }
    return render(request, "support/referral_list.html", context)


def _may_override(user: Any, worker: Worker) -> bool:
    return bool(user.has_perm_in(Permission.OVERRIDE_REFERRAL_CONSENT, worker.organisation_id))


@login_required
def refer_view(request: Any, worker_id: uuid.UUID) -> Any:
    """Refer a worker (or one of their family) to a partner's service."""
    user = request.user
    worker = get_for_user_or_404(Worker.objects.select_related("organisation"), user, pk=worker_id)
    if not user.has_perm_in(Permission.SEND_REFERRALS, worker.organisation_id):
        raise PermissionDenied
    may_override = _may_override(user, worker)
    form = ReferralForm(
        request.POST if request.method == "POST" else None,
        worker=worker,
        may_override=may_override,
    )

    def send(data: dict[str, Any]) -> Referral:
        return referrals.send_referral(
            actor=Actor.from_request(request, worker.organisation_id),
            worker=worker,
            service=data["service"],
            family_member=data["family_member"],
            reason=data["reason"],
            due_date=data["due_date"],
            consent_override_reason=data.get("consent_override_reason", ""),
        )

    if (done := submit(request, form, send)).ok:
        messages.success(request, _("Referral sent."))
        return redirect(done.result)
    context = {
        "worker": worker,
        "form": form,
        "has_consent": may_process(worker, ConsentPurpose.REFERRALS),
        "may_override": may_override,
    }
    return render(
        request,
        "support/referral_form.html",
        context,
        status=form_status(request),
    )


def _sent_referral(request: Any, referral_id: uuid.UUID) -> Referral:
    return get_for_user_or_404(
        Referral.objects.sent_by(request.user).select_related(
            "worker", "family_member", "partner", "service", "sent_by", "meeting__group"
        ),
        request.user,
        pk=referral_id,
    )


def _detail_context(request: Any, referral: Referral, **forms: Any) -> dict[str, Any]:
    user = request.user
    may_send = user.has_perm_in(Permission.SEND_REFERRALS, referral.organisation_id)
    may_cancel = may_send and ReferralStatus.CANCELLED in next_statuses(referral.status)
    may_feedback = may_send and referral.status == ReferralStatus.COMPLETED
    return {
        "referral": referral,
        "steps": referral.steps.select_related("by", "by_organisation"),
        "reminders": referral.reminders.all()[:5],
        "worker_visible": Worker.objects.for_user(user).filter(pk=referral.worker_id).exists(),
        "is_overdue": referral.is_overdue(),
        "cancel_form": forms.get("cancel_form") or (CancelForm() if may_cancel else None),
        "feedback_form": forms.get("feedback_form")
        or (
            FeedbackForm(
                initial={
                    "rating": referral.feedback_rating,
                    "comment": referral.feedback_comment,
                }
            )
            if may_feedback
            else None
        ),
    }


@login_required
def referral_detail_view(request: Any, referral_id: uuid.UUID) -> Any:
    """The sender's page: the whole referral, its steps, outcome and the worker's feedback."""
    referral = _sent_referral(request, referral_id)
    record_view(
        actor=Actor.from_request(request, referral.organisation_id),
        worker=referral.worker,
        what="referral",
    )
    return render(request, "support/referral_detail.html", _detail_context(request, referral))


@login_required
@require_POST
def referral_cancel_view(request: Any, referral_id: uuid.UUID) -> Any:
    referral = _sent_referral(request, referral_id)
    form = CancelForm(request.POST)

    def cancel(data: dict[str, Any]) -> Referral:
        return referrals.move_referral(
            actor=Actor.from_request(request, referral.organisation_id),
            referral=referral,
            status=ReferralStatus.CANCELLED,
            note=data["note"],
        )

    if submit(request, form, cancel).ok:
        messages.success(request, _("Referral cancelled."))
        return redirect(referral)
    context = _detail_context(request, referral, cancel_form=form)
    return render(request, "support/referral_detail.html", context, status=form_status(request))


@login_required
@require_POST
def referral_feedback_view(request: Any, referral_id: uuid.UUID) -> Any:
    referral = _sent_referral(request, referral_id)
    form = FeedbackForm(request.POST)

    def record_feedback(data: dict[str, Any]) -> Referral:
        return referrals.record_feedback(
            actor=Actor.from_request(request, referral.organisation_id),
            referral=referral,
            rating=data["rating"],
            comment=data["comment"],
        )

    if submit(request, form, record_feedback).ok:
        messages.success(request, _("Feedback recorded."))
        return redirect(referral)
    context = _detail_context(request, referral, feedback_form=form)
    return render(request, "support/referral_detail.html", context, status=form_status(request))


# The partner's side -----------------------------------------------------------------------


def _received_referral(request: Any, referral_id: uuid.UUID) -> Referral:
    return get_for_user_or_404(
        Referral.objects.received_by(request.user)
        .select_related("worker", "family_member", "partner", "service", "grant")
        .prefetch_related("worker__languages__language"),
        request.user,
        pk=referral_id,
    )


def _partner_context(referral: Referral, **forms: Any) -> dict[str, Any]:
    is_completed = referral.status == ReferralStatus.COMPLETED
    move_form = forms.get("move_form") or PartnerMoveForm(referral=referral)
    may_move = any(status in PARTNER_MOVES for status in next_statuses(referral.status))
    return {
        "view": partner_view(referral),
        "steps": partner_steps(referral),
        "move_form": move_form if may_move else None,
        "outcome_form": forms.get("outcome_form")
        or (OutcomeForm(initial={"outcome": referral.outcome}) if is_completed else None),
    }


@login_required
def received_referral_view(request: Any, referral_id: uuid.UUID) -> Any:
    """The partner's page: the person, how to reach them, and what they need; nothing else."""
    referral = _received_referral(request, referral_id)
    record_view(
        actor=Actor.from_request(request, referral.partner_id),
        worker=referral.worker,
        what="referral (partner)",
    )
    return render(request, "support/referral_received.html", _partner_context(referral))


@login_required
@require_POST
def received_move_view(request: Any, referral_id: uuid.UUID) -> Any:
    referral = _received_referral(request, referral_id)
    form = PartnerMoveForm(request.POST, referral=referral)

    def move(data: dict[str, Any]) -> Referral:
        return referrals.move_referral(
            actor=Actor.from_request(request, referral.partner_id),
            referral=referral,
            status=data["status"],
            note=data["note"],
            outcome=data["outcome"],
        )

    if submit(request, form, move).ok:
        messages.success(request, _("Referral updated."))
        return redirect(referral.get_partner_url())
    context = _partner_context(referral, move_form=form)
    return render(request, "support/referral_received.html", context, status=form_status(request))


@login_required
@require_POST
def received_outcome_view(request: Any, referral_id: uuid.UUID) -> Any:
    referral = _received_referral(request, referral_id)
    form = OutcomeForm(request.POST)

    def record_outcome(data: dict[str, Any]) -> Referral:
        return referrals.record_outcome(
            actor=Actor.from_request(request, referral.partner_id),
            referral=referral,
            outcome=data["outcome"],
        )

    if submit(request, form, record_outcome).ok:
        messages.success(request, _("Outcome recorded."))
        return redirect(referral.get_partner_url())
    context = _partner_context(referral, outcome_form=form)
    return render(request, "support/referral_received.html", context, status=form_status(request))
