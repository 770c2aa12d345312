"""Referrals: sending a worker (or one of their family) to a partner's service, and every step
after. Each step is written three times in one transaction: the referral's own history
(`ReferralStep`), the worker's timeline and the audit log.

The timeline says what happened (category, partner, status), never the reasons: a worker's
timeline is seen by every organisation the record is shared with, and a referral's reason, and
above all the reason for sending it without consent, is for the sender's staff only.
"""

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.accounts.models import Organisation
from corridor.accounts.permissions import require_permission_in
from corridor.accounts.roles import Permission
from corridor.core import audit
from corridor.core.audit import Actor
from corridor.core.bounds import check_day
from corridor.core.models import AuditAction
from corridor.people import timeline
from corridor.people.consent import may_process
from corridor.people.models import (
    AccessGrant,
    ConsentPurpose,
    FamilyMember,
    GrantPurpose,
    TimelineKind,
    Worker,
)
from corridor.people.services import add_timeline_event, grant_access
from corridor.people.timeline import TimelineMessage
from corridor.support.models import (
    PartnerService,
    Referral,
    ReferralReminder,
    ReferralStatus,
    ReferralStep,
    ServiceCategory,
    next_statuses,
)
from corridor.support.models.referrals import PARTNER_MOVES, SENDER_MOVES

# Days a partner has to act on a referral, by category: urgent needs get short deadlines.
DUE_DAYS = {
    ServiceCategory.LEGAL_AID: 10,
    ServiceCategory.HEALTH: 5,
    ServiceCategory.PSYCHOSOCIAL: 5,
}
OTHER_DUE_DAYS = 14


def default_due_date(category: str, sent_on: date | None = None) -> date:
    sent_on = sent_on or timezone.localdate()
    return sent_on + timedelta(days=DUE_DAYS.get(ServiceCategory(category), OTHER_DUE_DAYS))


def service_offering(*, organisation: Organisation, category: str) -> PartnerService:
    """The organisation's active service of `category`, or a clear error when it offers none."""
    if category not in ServiceCategory.values:
        raise ValidationError({"category": [_("Unknown category.")]})
    service = (
        PartnerService.objects.active()
        .offering(category)
        .filter(organisation=organisation)
        .order_by("name")
        .first()
    )
    if service is None:
        raise ValidationError(
            {
                "category": [
                    _("%(organisation)s offers no “%(category)s” service taking referrals.")
                    % {
                        "organisation": organisation.name,
                        "category": ServiceCategory(category).label,
                    }
                ]
            }
        )
    return service


def _timeline_params(referral: Referral) -> dict[str, Any]:
    return {
        "category": timeline.choice(ServiceCategory, referral.category),
        "partner": referral.partner.name,
    }


def _step(
    referral: Referral,
    actor: Actor,
    previous: str,
    *,
    note: str = "",
    changes: dict[str, Any],
    urgent: bool = False,
) -> ReferralStep:
    step = ReferralStep.objects.create(
        referral=referral,
        organisation_id=referral.organisation_id,
        from_status=previous,
        to_status=referral.status,
        note=note[:500],
        by=actor.user if actor.user.is_authenticated else None,
        by_organisation_id=actor.organisation_id,
    )
    add_timeline_event(
        referral.worker,
        actor,
        TimelineKind.REFERRAL,
        message=TimelineMessage.REFERRAL_URGENT if urgent else TimelineMessage.REFERRAL_STEP,
        params={
            **_timeline_params(referral),
            "status": timeline.choice(ReferralStatus, referral.status),
        },
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE if not previous else AuditAction.UPDATE,
        obj=referral,
        worker_id=referral.worker_id,
        changes={"status": [previous or None, referral.status], **changes},
    )
    return step


def _check_service(service: PartnerService, category: str | None) -> str:
    if category and category != service.category:
        raise ValidationError(
            {
                "category": [
                    _("“%(service)s” of %(organisation)s does not offer “%(category)s”.")
                    % {
                        "service": service.name,
                        "organisation": service.organisation.name,
                        "category": ServiceCategory(category).label
                        if category in ServiceCategory.values
                        else category,
                    }
                ]
            }
        )
    if not (service.is_active and service.organisation.is_active):
        raise ValidationError(
            {"service": [_("“%(service)s” is not taking referrals.") % {"service": service.name}]}
        )
    return service.category


def _check_consent(actor: Actor, worker: Worker, override_reason: str) -> str:
    """The override reason to store ("" when the worker consented); refuses otherwise."""
    if may_process(worker, ConsentPurpose.REFERRALS):
        return ""
    if not override_reason:
        raise ValidationError(
            {
                "consent": [
                    _(
                        "The worker has not consented to sharing with partner services "
                        "(referrals). Record the worker's consent first; only a user allowed "
                        "to override it may send an urgent referral without it, saying why."
                    )
                ]
            }
        )
    if not actor.user.has_perm_in(Permission.OVERRIDE_REFERRAL_CONSENT, worker.organisation_id):
        raise PermissionDenied(_("You may not send a referral without the worker's consent."))
    return override_reason


def _share_with_partner(
    actor: Actor, worker: Worker, service: PartnerService, *, reason: str, override: str
) -> AccessGrant | None:
    """The partner's grant for the person referred: the one already in force, or a new one
    resting on the referral consent (or on the audited override). None for a referral to a
    service of the worker's own centre: nothing leaves the organisation."""
    if service.organisation_id == worker.organisation_id:
        return None
    existing = AccessGrant.objects.active().filter(
        worker=worker, organisation_id=service.organisation_id, purpose=GrantPurpose.REFERRAL
    )
    if found := existing.first():
        return found
    return grant_access(
        actor=actor,
        worker=worker,
        organisation=service.organisation,
        purpose=GrantPurpose.REFERRAL,
        reason=f"{service.name}: {reason}"[:500],
        consent_override_reason=override,
    )


def _check_due_date(due_date: date | None, category: str) -> date:
    if due_date is None:
        return default_due_date(category)
    check_day(due_date, "due_date")
    if due_date < timezone.localdate():
        raise ValidationError({"due_date": [_("The due date cannot be in the past.")]})
    return due_date


@transaction.atomic
def send_referral(
    *,
    actor: Actor,
    worker: Worker,
    service: PartnerService,
    reason: str,
    category: str | None = None,
    family_member: FamilyMember | None = None,
    due_date: date | None = None,
    consent_override_reason: str = "",
    meeting: Any = None,
) -> Referral:
    """Refer a worker, or one of their family, to a partner's service.

    Needs SEND_REFERRALS in the worker's organisation and the worker's consent to referrals;
    without consent, a user with OVERRIDE_REFERRAL_CONSENT may send it saying why (stored,
    audited, shown to staff; the partner sees an urgent referral). Nothing is written when any
    check fails.
    """
    require_permission_in(actor, Permission.SEND_REFERRALS, worker.organisation)
    service = PartnerService.objects.select_related("organisation").get(pk=service.pk)
    category = _check_service(service, category)
    errors: dict[str, list[str]] = {}
    reason = reason.strip()
    if not reason:
        errors["reason"] = [_("Say what the worker needs from the service.")]
    if worker.merged_into_id:
        errors["worker"] = [_("This record was merged into another.")]
    if family_member is not None and family_member.worker_id != worker.pk:
        errors["family_member"] = [_("Choose one of this worker's family members.")]
    if errors:
        raise ValidationError(errors)
    due = _check_due_date(due_date, category)
    override = _check_consent(actor, worker, " ".join(consent_override_reason.split())[:500])
    grant = _share_with_partner(actor, worker, service, reason=reason, override=override)
    now = timezone.now()
    referral = Referral.objects.create(
        organisation_id=worker.organisation_id,
        partner_id=service.organisation_id,
        service=service,
        category=category,
        worker=worker,
        family_member=family_member,
        reason=reason[:2000],
        status=ReferralStatus.SENT,
        status_changed_at=now,
        sent_at=now,
        due_date=due,
        sent_by=actor.user if actor.user.is_authenticated else None,
        consent_override_reason=override,
        consent_overridden_by=actor.user if override else None,
        grant=grant,
        meeting=meeting,
    )
    changes: dict[str, Any] = {
        "service": [None, str(service.pk)],
        "partner": [None, str(service.organisation_id)],
        "category": [None, category],
        "family_member": [None, str(family_member.pk) if family_member else None],
        "reason": [None, referral.reason],
        "due_date": [None, due.isoformat()],
    }
    if override:
        changes["consent_override"] = [None, override]
    if meeting is not None:
        changes["meeting"] = [None, str(meeting.pk)]
    _step(referral, actor, "", changes=changes, urgent=bool(override))
    return referral


def _require_side(actor: Actor, referral: Referral, status: str) -> None:
    user = actor.user
    if status in PARTNER_MOVES and not user.has_perm_in(
        Permission.HANDLE_REFERRALS, referral.partner_id
    ):
        raise PermissionDenied(_("Only the receiving partner answers a referral."))
    if status in SENDER_MOVES and not user.has_perm_in(
        Permission.SEND_REFERRALS, referral.organisation_id
    ):
        raise PermissionDenied(_("Only the sending organisation may cancel a referral."))


def _locked(referral: Referral) -> Referral:
    return (
        Referral.objects.select_for_update(of=("self",))
        .select_related("worker", "partner")
        .get(pk=referral.pk)
    )


@transaction.atomic
def move_referral(
    *, actor: Actor, referral: Referral, status: str, note: str = "", outcome: str = ""
) -> Referral:
    """Move a referral one step: the partner accepts, declines (saying why), starts and
    completes it (with the outcome); the sender may cancel it (saying why)."""
    if status not in ReferralStatus.values:
        raise ValidationError({"status": [_("Unknown status.")]})
    referral = _locked(referral)
    _require_side(actor, referral, status)
    if status not in next_statuses(referral.status):
        raise ValidationError(
            {
                "status": [
                    _("A referral cannot move from “%(current)s” to “%(target)s”.")
                    % {
                        "current": ReferralStatus(referral.status).label,
                        "target": ReferralStatus(status).label,
                    }
                ]
            }
        )
    note, outcome = note.strip(), outcome.strip()
    if status == ReferralStatus.DECLINED and not note:
        raise ValidationError({"note": [_("Say why the referral is declined.")]})
    if status == ReferralStatus.CANCELLED and not note:
        raise ValidationError({"note": [_("Say why the referral is cancelled.")]})
    if status == ReferralStatus.COMPLETED and not outcome:
        raise ValidationError({"outcome": [_("Record the outcome of the service.")]})
    previous = referral.status
    referral.status = status
    referral.status_changed_at = timezone.now()
    changes: dict[str, Any] = {}
    if status == ReferralStatus.DECLINED:
        referral.decline_reason = note[:500]
        changes["decline_reason"] = [None, referral.decline_reason]
    elif status == ReferralStatus.CANCELLED:
        referral.cancel_reason = note[:500]
        changes["cancel_reason"] = [None, referral.cancel_reason]
    elif status == ReferralStatus.COMPLETED:
        referral.outcome = outcome[:2000]
        referral.completed_at = referral.status_changed_at
        changes["outcome"] = [None, referral.outcome]
    referral.save()
    _step(referral, actor, previous, note=note, changes=changes)
    return referral


@transaction.atomic
def record_outcome(*, actor: Actor, referral: Referral, outcome: str) -> Referral:
    """The partner reports the outcome: completes an open referral, or corrects the outcome
    of a completed one."""
    referral = _locked(referral)
    if referral.status != ReferralStatus.COMPLETED:
        return move_referral(
            actor=actor, referral=referral, status=ReferralStatus.COMPLETED, outcome=outcome
        )
    _require_side(actor, referral, ReferralStatus.COMPLETED)
    outcome = outcome.strip()
    if not outcome:
        raise ValidationError({"outcome": [_("Record the outcome of the service.")]})
    if outcome[:2000] == referral.outcome:
        return referral
    before, referral.outcome = referral.outcome, outcome[:2000]
    referral.save(update_fields=["outcome", "updated_at"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=referral,
        worker_id=referral.worker_id,
        changes={"outcome": [before, referral.outcome]},
    )
    return referral


@transaction.atomic
def record_feedback(
    *, actor: Actor, referral: Referral, rating: int, comment: str = ""
) -> Referral:
    """The worker's rating (1 to 5) and comment on a completed referral, recorded by the
    sending organisation's staff or by the worker through self-service."""
    referral = _locked(referral)
    is_self = referral.worker.user_id is not None and referral.worker.user_id == getattr(
        actor.user, "pk", None
    )
    if not is_self and not actor.user.has_perm_in(
        Permission.SEND_REFERRALS, referral.organisation_id
    ):
        raise PermissionDenied(_("Only the sending organisation records the worker's feedback."))
    if referral.status != ReferralStatus.COMPLETED:
        raise ValidationError(
            {"rating": [_("Feedback is recorded once the referral is completed.")]}
        )
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValidationError({"rating": [_("Give a rating from 1 to 5.")]})
    before = [referral.feedback_rating, referral.feedback_comment]
    referral.feedback_rating = rating
    referral.feedback_comment = comment.strip()[:1000]
    referral.feedback_at = timezone.now()
    referral.save(
        update_fields=["feedback_rating", "feedback_comment", "feedback_at", "updated_at"]
    )
    add_timeline_event(
        referral.worker,
        actor,
        TimelineKind.REFERRAL,
        message=TimelineMessage.REFERRAL_FEEDBACK,
        params={**_timeline_params(referral), "rating": rating},
    )
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=referral,
        worker_id=referral.worker_id,
        changes={
            "feedback_rating": [before[0], rating],
            "feedback_comment": [before[1] or None, referral.feedback_comment],
        },
    )
    return referral


@transaction.atomic
def remind_overdue(*, today: date | None = None) -> int:
    """Record one reminder per overdue referral for `today`; running again the same day adds
    none. Returns the number of reminders recorded."""
    today = today or timezone.localdate()
    overdue = list(
        Referral.objects.overdue(today)
        .exclude(reminders__on=today)
        .values_list("pk", "organisation_id", "due_date")
    )
    reminders = [
        ReferralReminder(
            referral_id=pk,
            organisation_id=organisation_id,
            on=today,
            days_overdue=(today - due).days,
        )
        for pk, organisation_id, due in overdue
    ]
    before = ReferralReminder.objects.filter(on=today).count()
    # The unique (referral, day) constraint keeps a concurrent run from doubling them.
    ReferralReminder.objects.bulk_create(reminders, ignore_conflicts=True)
    return ReferralReminder.objects.filter(on=today).count() - before
