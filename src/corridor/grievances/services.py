"""Workflows on complaints: filing (public, self-service, on someone's behalf), assignment,
status, messages to the complainant and overdue reminders. Each runs in one transaction with
its audit entry.

Identity is protected twice: an anonymous complaint stores no name, contact, worker link or
(unless staff filed it) user or IP address, and audit entries name the worker only for normal
complaints, so the audit log does not show a confidential complainant to an auditor.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.accounts.models import Organisation, OrganisationType, User
from corridor.accounts.roles import Permission
from corridor.core import audit
from corridor.core.audit import Actor
from corridor.core.models import AuditAction
from corridor.grievances.models import (
    OPEN_STATUSES,
    Channel,
    Complaint,
    ComplaintAttachment,
    ComplaintMessage,
    ComplaintReminder,
    ComplaintStatus,
    ComplaintStep,
    Confidentiality,
    MessageKind,
    Outcome,
    due_date,
)
from corridor.people.documents import check_upload
from corridor.people.models import Worker

MAX_ATTACHMENTS = 5

# Who may take a complaint down for someone else: programme staff, caseworkers of an
# employment centre, and partner NGOs (legal aid, diaspora) who meet workers. Not recruiters or
# employers: they are who complaints are usually against.
ON_BEHALF_PERMISSIONS = (
    Permission.HANDLE_COMPLAINTS,
    Permission.VIEW_OWN_WORKERS,
    Permission.HANDLE_REFERRALS,
)


@dataclass(frozen=True)
class Complainant:
    relation: str
    name: str = ""
    contact: str = ""
    worker: Worker | None = None


@dataclass(frozen=True)
class ComplaintDetails:
    category: str
    description: str
    confidentiality: str = Confidentiality.NORMAL
    against: Organisation | None = None
    against_name: str = ""


def may_file_on_behalf(user: User) -> bool:
    return user.is_authenticated and any(user.has_any_perm(p) for p in ON_BEHALF_PERMISSIONS)


def may_handle(user: User) -> bool:
    return user.is_authenticated and user.has_any_perm(Permission.HANDLE_COMPLAINTS)


def default_handling_organisation() -> Organisation:
    """The programme office receives complaints (the oldest active one, if there are several)."""
    office = (
        Organisation.objects.active()
        .filter(type=OrganisationType.PROGRAMME_OFFICE)
        .order_by("created_at")
        .first()
    )
    if office is None:
        raise ValidationError(
            _("Complaints cannot be received yet: no programme office is set up.")
        )
    return office


def _require_handler(actor: Actor, complaint: Complaint) -> None:
    visible = Complaint.objects.for_user(actor.user).filter(pk=complaint.pk).exists()
    if not (
        visible and actor.user.has_perm_in(Permission.HANDLE_COMPLAINTS, complaint.organisation_id)
    ):
        raise PermissionDenied(_("You may not handle this complaint."))


def _audited_worker(complaint: Complaint) -> Any:
    return complaint.worker_id if complaint.confidentiality == Confidentiality.NORMAL else None


def _check_filer(actor: Actor, channel: str, complainant: Complainant) -> None:
    worker = complainant.worker
    if channel == Channel.SELF_SERVICE:
        if worker is None or worker.user_id is None or worker.user_id != actor.user.pk:
            raise PermissionDenied(_("You may file a complaint only for yourself."))
    elif channel == Channel.STAFF:
        if not may_file_on_behalf(actor.user):
            raise PermissionDenied(_("You may not file complaints for others."))
        if (
            worker is not None
            and not Worker.objects.for_user(actor.user).filter(pk=worker.pk).exists()
        ):
            raise ValidationError(
                {"worker": [_("No worker with this reference that you may see.")]}
            )
    elif worker is not None:
        raise ValueError("Public filings are never linked to a worker's record.")


def _checked_uploads(uploads: Sequence[UploadedFile]) -> list[tuple[UploadedFile, str]]:
    """Every file checked before anything is written, so a bad one leaves nothing behind."""
    if len(uploads) > MAX_ATTACHMENTS:
        raise ValidationError(
            {"attachments": [_("Attach at most %(count)d files.") % {"count": MAX_ATTACHMENTS}]}
        )
    checked = []
    for upload in uploads:
        try:
            checked.append((upload, check_upload(upload)))
        except ValidationError as error:
            messages = error.message_dict.get("file", error.messages)
            raise ValidationError({"attachments": messages}) from error
    return checked


def _new_complaint(
    actor: Actor,
    channel: str,
    details: ComplaintDetails,
    complainant: Complainant,
    organisation: Organisation,
) -> Complaint:
    is_anonymous = details.confidentiality == Confidentiality.ANONYMOUS
    keeps_filer = not is_anonymous or channel == Channel.STAFF
    complaint = Complaint(
        organisation=organisation,
        channel=channel,
        category=details.category,
        description=details.description.strip(),
        against_organisation=details.against,
        against_name="" if details.against else " ".join(details.against_name.split())[:200],
        confidentiality=details.confidentiality,
        complainant_relation=complainant.relation,
        complainant_name="" if is_anonymous else " ".join(complainant.name.split())[:200],
        complainant_contact="" if is_anonymous else complainant.contact.strip()[:200],
        worker=None if is_anonymous else complainant.worker,
        filed_by=actor.user if keeps_filer and actor.user.is_authenticated else None,
    )
    complaint.full_clean(
        exclude=["organisation", "against_organisation", "worker", "filed_by", "due_on"],
        validate_unique=False,
    )
    complaint.due_on = due_date(complaint.category, timezone.localdate())
    return complaint


@transaction.atomic
def file_complaint(
    *,
    actor: Actor,
    channel: str,
    details: ComplaintDetails,
    complainant: Complainant,
    uploads: Sequence[UploadedFile] = (),
    handling_organisation: Organisation | None = None,
) -> Complaint:
    """File a complaint: files checked first, identity kept as chosen, deadline set, the worker's
    timeline told only that a complaint was filed, audited. Nothing is saved if anything fails."""
    _check_filer(actor, channel, complainant)
    checked = _checked_uploads(uploads)
    organisation = handling_organisation or default_handling_organisation()
    complaint = _new_complaint(actor, channel, details, complainant, organisation)
    if details.confidentiality == Confidentiality.ANONYMOUS and channel != Channel.STAFF:
        # Not even the session's user or IP address goes into the audit log.
        actor = Actor(user=None, channel=actor.channel)
    complaint.save()
    for upload, content_type in checked:
        ComplaintAttachment.objects.create(
            complaint=complaint,
            organisation=organisation,
            file=upload,
            content_type=content_type,
            size=upload.size or 0,
        )
    ComplaintStep.objects.create(
        complaint=complaint,
        organisation=organisation,
        to_status=complaint.status,
        # The history is shown to every handler: a worker filing for themselves is not named.
        by=complaint.filed_by if channel == Channel.STAFF else None,
    )
    # No entry on the worker's timeline: organisations the record is shared with (an employer
    # the complaint may be against) read that timeline.
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=complaint,
        worker_id=_audited_worker(complaint),
        changes={
            "category": [None, complaint.category],
            "channel": [None, channel],
            "confidentiality": [None, complaint.confidentiality],
            "against_organisation": [None, str(details.against.pk) if details.against else None],
            "attachments": [None, len(checked)],
        },
    )
    return complaint


@transaction.atomic
def assign_complaint(*, actor: Actor, complaint: Complaint, handler: Any) -> Complaint:
    """Give the complaint to a handler (or to nobody, with None)."""
    _require_handler(actor, complaint)
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if (
        handler is not None
        and not Complaint.objects.for_user(handler).filter(pk=complaint.pk).exists()
    ):
        raise ValidationError({"handler": [_("This person may not handle this complaint.")]})
    previous = complaint.assigned_to_id
    new = handler.pk if handler is not None else None
    if previous == new:
        return complaint
    complaint.assigned_to = handler
    complaint.save(update_fields=["assigned_to", "updated_at"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=complaint,
        worker_id=_audited_worker(complaint),
        changes=audit.diff({"assigned_to": previous}, {"assigned_to": new}),
    )
    return complaint


def _check_move(complaint: Complaint, status: str, reason: str, outcome: str) -> None:
    if status not in complaint.next_statuses():
        raise ValidationError(
            {
                "status": [
                    _("A complaint cannot go from “%(current)s” to “%(target)s”.")
                    % {
                        "current": ComplaintStatus(complaint.status).label,
                        "target": ComplaintStatus(status).label
                        if status in ComplaintStatus.values
                        else status,
                    }
                ]
            }
        )
    if outcome and outcome not in Outcome.values:
        raise ValidationError({"outcome": [_("Unknown outcome.")]})
    if outcome and status not in (ComplaintStatus.RESOLVED, ComplaintStatus.CLOSED):
        raise ValidationError({"outcome": [_("An outcome goes with resolving or closing.")]})
    if status == ComplaintStatus.REJECTED and not reason:
        raise ValidationError({"reason": [_("Say why the complaint is rejected.")]})
    if status == ComplaintStatus.RESOLVED and not outcome:
        raise ValidationError({"outcome": [_("Choose the outcome.")]})
    if status == ComplaintStatus.CLOSED and not (outcome or complaint.outcome or reason):
        raise ValidationError({"reason": [_("Give the outcome or say why it is closed.")]})


def _apply_move(
    complaint: Complaint, status: str, reason: str, outcome: str, resolution: str
) -> None:
    now = timezone.now()
    if status in OPEN_STATUSES and complaint.status not in OPEN_STATUSES:
        # Reopened: the earlier outcome no longer stands, and the clock starts again.
        complaint.outcome = ""
        complaint.rejection_reason = ""
        complaint.resolved_at = None
        complaint.due_on = due_date(complaint.category, timezone.localdate())
    if status == ComplaintStatus.REJECTED:
        complaint.rejection_reason = reason[:500]
    if outcome:
        complaint.outcome = outcome
    if resolution:
        complaint.resolution = resolution[:5000]
    if status not in OPEN_STATUSES and complaint.resolved_at is None:
        complaint.resolved_at = now
    complaint.status = status
    complaint.status_changed_at = now


@transaction.atomic
def change_status(
    *,
    actor: Actor,
    complaint: Complaint,
    status: str,
    reason: str = "",
    outcome: str = "",
    resolution: str = "",
    message: str = "",
) -> ComplaintStep:
    """Move a complaint on; rejection needs a reason, resolution an outcome. `message`, if
    given, tells the complainant (on their tracking page) in the same step."""
    _require_handler(actor, complaint)
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    reason, resolution = reason.strip(), resolution.strip()
    _check_move(complaint, status, reason, outcome)
    before = {f: getattr(complaint, f) for f in ("status", "outcome", "rejection_reason", "due_on")}
    _apply_move(complaint, status, reason, outcome, resolution)
    complaint.save()
    step = ComplaintStep.objects.create(
        complaint=complaint,
        organisation_id=complaint.organisation_id,
        from_status=before["status"],
        to_status=status,
        note=reason[:500],
        by=actor.user,
    )
    after = {f: getattr(complaint, f) for f in before}
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=complaint,
        worker_id=_audited_worker(complaint),
        changes={**audit.diff(before, after), "reason": [None, reason[:500]]},
    )
    if message.strip():
        post_message(actor=actor, complaint=complaint, text=message, to_complainant=True)
    return step


@transaction.atomic
def post_message(
    *, actor: Actor, complaint: Complaint, text: str, to_complainant: bool
) -> ComplaintMessage:
    """Tell the complainant of progress (shown on their tracking page and own complaint page),
    or leave an internal note for the other handlers."""
    _require_handler(actor, complaint)
    text = text.strip()
    if not text:
        raise ValidationError({"text": [_("Write the message.")]})
    if len(text) > 3000:
        raise ValidationError({"text": [_("Keep the message under 3000 characters.")]})
    message = ComplaintMessage.objects.create(
        complaint=complaint,
        organisation_id=complaint.organisation_id,
        kind=MessageKind.TO_COMPLAINANT if to_complainant else MessageKind.INTERNAL_NOTE,
        text=text,
        by=actor.user,
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=message,
        worker_id=_audited_worker(complaint),
        changes={"complaint": [None, str(complaint.pk)], "kind": [None, message.kind]},
    )
    return message


@transaction.atomic
def record_complaint_view(*, actor: Actor, complaint: Complaint, what: str = "complaint") -> None:
    """Reads by handlers are audited like reads of a worker's record."""
    audit.record(
        actor=actor,
        action=AuditAction.VIEW,
        obj=complaint,
        worker_id=_audited_worker(complaint),
        changes={"part": what},
    )


def record_tracking_view(*, actor: Actor, complaint: Complaint) -> None:
    """Whoever holds the tracking code reads the status and messages: audited, so that a
    leaked code shows; for an anonymous complaint without who or from where, as at filing."""
    if complaint.confidentiality == Confidentiality.ANONYMOUS:
        actor = Actor(user=None, channel=actor.channel)
    record_complaint_view(actor=actor, complaint=complaint, what="tracking")


@transaction.atomic
def record_overdue_reminders(*, today: date | None = None) -> int:
    """Record a reminder for each open complaint past its deadline; a second run on the same day
    adds nothing. Returns how many were recorded."""
    today = today or timezone.localdate()
    already = ComplaintReminder.objects.filter(reminded_on=today).values("complaint_id")
    overdue = Complaint.objects.overdue(today).exclude(pk__in=already)
    actor = Actor(user=None, channel="task")
    recorded = 0
    for complaint in overdue.order_by("due_on"):
        reminder = ComplaintReminder.objects.create(
            complaint=complaint,
            organisation_id=complaint.organisation_id,
            reminded_on=today,
            due_on=complaint.due_on,
            assigned_to_id=complaint.assigned_to_id,
        )
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=reminder,
            changes={
                "complaint": [None, str(complaint.pk)],
                "due_on": [None, str(complaint.due_on)],
            },
            actor_label="complaints reminder",
        )
        recorded += 1
    return recorded


def max_upload_megabytes() -> int:
    return int(settings.DOCUMENT_MAX_BYTES // (1024 * 1024))
