"""Reads for complaint lists, the public tracking page and the organisations' records."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.accounts.models import Organisation, User
from corridor.accounts.roles import ROLE_PERMISSIONS, Permission
from corridor.grievances.models import (
    OPEN_STATUSES,
    UPHELD_OUTCOMES,
    Complaint,
    ComplaintQuerySet,
    MessageKind,
    normalise_tracking_code,
)


@dataclass(frozen=True)
class ComplaintFilters:
    status: str = ""  # a status, "open" (the default queue) or "" for all
    category: str = ""
    is_overdue: bool = False
    assigned_to: Any = None  # a user: only complaints given to them


def complaint_list(user: User, filters: ComplaintFilters) -> ComplaintQuerySet:
    """The complaints a handler may see, filtered; the oldest deadline first."""
    complaints = Complaint.objects.for_user(user).select_related(
        "against_organisation", "assigned_to", "worker"
    )
    if filters.status == "open":
        complaints = complaints.open()
    elif filters.status:
        complaints = complaints.filter(status=filters.status)
    if filters.category:
        complaints = complaints.filter(category=filters.category)
    if filters.is_overdue:
        complaints = complaints.overdue(timezone.localdate())
    if filters.assigned_to is not None:
        complaints = complaints.filter(assigned_to=filters.assigned_to)
    return complaints.order_by("due_on", "created_at")


def by_tracking_code(typed: str) -> Complaint | None:
    code = normalise_tracking_code(typed)
    if not code:
        return None
    return Complaint.objects.filter(tracking_code=code).first()


def messages_to_complainant(complaint: Complaint) -> Any:
    return complaint.messages.filter(kind=MessageKind.TO_COMPLAINANT).order_by("at")


def public_view(complaint: Complaint) -> dict[str, Any]:
    """All a tracking code shows: the status, its dates, and what the handlers told the
    complainant. No names, no organisation, no internal notes."""
    return {
        "tracking_code": complaint.tracking_code,
        "status": complaint.status,
        "status_label": complaint.get_status_display(),
        "received_at": complaint.created_at,
        "status_changed_at": complaint.status_changed_at,
        "closed_at": complaint.resolved_at,
        "history": [
            {"status": step.to_status, "status_label": step.get_to_status_display(), "at": step.at}
            for step in complaint.steps.order_by("at")
        ],
        "messages": [
            {"at": message.at, "text": message.text}
            for message in messages_to_complainant(complaint)
        ],
    }


def possible_handlers(complaint: Complaint) -> list[User]:
    """Active users who may handle complaints of the complaint's organisation and may see it
    (nobody who belongs to the organisation it is against)."""
    roles = [
        role for role, perms in ROLE_PERMISSIONS.items() if Permission.HANDLE_COMPLAINTS in perms
    ]
    users = User.objects.filter(
        is_active=True,
        memberships__organisation_id=complaint.organisation_id,
        memberships__role__in=roles,
    )
    if complaint.against_organisation_id:
        users = users.exclude(memberships__organisation_id=complaint.against_organisation_id)
    return list(users.distinct().order_by("full_name", "email"))


def complaint_record_rows(organisation: Organisation) -> list[tuple[str, Any, bool]]:
    """Complaints against a recruiter or employer, for its record: counts only, never who."""
    counts = Complaint.objects.against(organisation).aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        upheld=Count("pk", filter=Q(outcome__in=UPHELD_OUTCOMES)),
    )
    return [
        (_("Complaints"), counts["total"], False),
        (_("Open complaints"), counts["open"], counts["open"] > 0),
        (_("Upheld complaints"), counts["upheld"], counts["upheld"] > 0),
    ]
