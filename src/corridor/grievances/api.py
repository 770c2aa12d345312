"""Complaints over REST, mounted at /api/v1/complaints.

Two public doors without authentication, rate-limited like the pages: `POST /public` files a
complaint and returns its tracking code; `GET /track/{code}` shows its status, dates and the
messages to the complainant. Handlers (HANDLE_COMPLAINTS) list, read, assign, move and write.
"""

import uuid
from datetime import date, datetime
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from corridor.accounts.models import Organisation, User
from corridor.accounts.requests import signed_in_user
from corridor.core.audit import Actor
from corridor.core.scoping import get_for_user_or_404
from corridor.grievances import queries, services
from corridor.grievances.models import (
    Category,
    Channel,
    ComplainantRelation,
    Complaint,
    ComplaintMessage,
    ComplaintStatus,
    Confidentiality,
    Outcome,
)
from corridor.grievances.throttle import LIMITED_MESSAGE, filing_limited, tracking_limited

router = Router(tags=["complaints"])

# Public doors ------------------------------------------------------------------------------


class PublicComplaintIn(Schema):
    category: Category
    description: str = Field(..., min_length=1, max_length=5000)
    complainant_relation: ComplainantRelation = ComplainantRelation.WORKER
    confidentiality: Confidentiality = Confidentiality.CONFIDENTIAL
    against_organisation: uuid.UUID | None = None
    against_name: str = Field("", max_length=200)
    complainant_name: str = Field("", max_length=200)
    complainant_contact: str = Field("", max_length=200)


class FiledOut(Schema):
    tracking_code: str
    status: str
    track_url: str


class StepOut(Schema):
    status: str
    status_label: str
    at: datetime


class PublicMessageOut(Schema):
    at: datetime
    text: str


class TrackOut(Schema):
    tracking_code: str
    status: str
    status_label: str
    received_at: datetime
    status_changed_at: datetime
    closed_at: datetime | None
    history: list[StepOut]
    messages: list[PublicMessageOut]


def _limit(limited: bool) -> None:
    if limited:
        raise HttpError(429, str(LIMITED_MESSAGE))


def _respondent(org_id: uuid.UUID | None) -> Organisation | None:
    if org_id is None:
        return None
    found = Organisation.objects.active().filter(pk=org_id).first()
    if found is None:
        raise ValidationError({"against_organisation": [_("Unknown organisation.")]})
    return found


@router.post("/public", response={201: FiledOut}, auth=None)
def file_public(request: HttpRequest, payload: PublicComplaintIn) -> Status[dict[str, str]]:
    """File a complaint without an account (a partner's bot, a hotline). Keep the tracking
    code: it is the only way back to the complaint. 5 filings an hour per address."""
    _limit(filing_limited(request))
    complaint = services.file_complaint(
        actor=Actor.from_request(request, channel="api"),
        channel=Channel.API,
        details=services.ComplaintDetails(
            category=payload.category,
            description=payload.description,
            confidentiality=payload.confidentiality,
            against=_respondent(payload.against_organisation),
            against_name=payload.against_name,
        ),
        complainant=services.Complainant(
            relation=payload.complainant_relation,
            name=payload.complainant_name,
            contact=payload.complainant_contact,
        ),
    )
    return Status(
        201,
        {
            "tracking_code": complaint.tracking_code,
            "status": complaint.status,
            "track_url": reverse("grievances:track", args=[complaint.tracking_code]),
        },
    )


@router.get("/track/{code}", response=TrackOut, auth=None)
def track(request: HttpRequest, code: str) -> dict[str, Any]:
    """Status, dates and the messages to the complainant; nothing else."""
    _limit(tracking_limited(request))
    complaint = queries.by_tracking_code(code)
    if complaint is None:
        raise Http404
    services.record_tracking_view(
        actor=Actor.from_request(request, channel="api"), complaint=complaint
    )
    return queries.public_view(complaint)


# Handling ----------------------------------------------------------------------------------


class OrganisationOut(Schema):
    id: uuid.UUID
    name: str


class ComplainantOut(Schema):
    relation: str
    name: str
    contact: str
    worker: uuid.UUID | None


class ComplaintOut(Schema):
    id: uuid.UUID
    tracking_code: str
    category: str
    description: str
    channel: str
    confidentiality: str
    # Null when the reader may not see who complained (anonymous, or confidential to them).
    complainant: ComplainantOut | None
    against_organisation: OrganisationOut | None
    against_name: str
    status: str
    status_changed_at: datetime
    due_on: date
    is_overdue: bool
    assigned_to: uuid.UUID | None = Field(alias="assigned_to_id")
    outcome: str
    resolution: str
    rejection_reason: str
    resolved_at: datetime | None
    attachments: int
    created_at: datetime

    @staticmethod
    def resolve_complainant(obj: Complaint, context: Any) -> dict[str, Any] | None:
        if not obj.identity_visible_to(context["request"].user):
            return None
        return {
            "relation": obj.complainant_relation,
            "name": obj.complainant_name,
            "contact": obj.complainant_contact,
            "worker": obj.worker_id,
        }

    @staticmethod
    def resolve_is_overdue(obj: Complaint) -> bool:
        return obj.is_overdue()

    @staticmethod
    def resolve_attachments(obj: Complaint) -> int:
        return obj.attachments.count()


class MessageOut(Schema):
    id: uuid.UUID
    kind: str
    text: str
    at: datetime
    by: uuid.UUID | None = Field(alias="by_id")


def _handled(request: HttpRequest, complaint_id: uuid.UUID) -> Complaint:
    if not services.may_handle(signed_in_user(request)):
        raise PermissionDenied
    return get_for_user_or_404(
        Complaint.objects.select_related("against_organisation"), request.user, pk=complaint_id
    )


def _actor(request: HttpRequest, complaint: Complaint) -> Actor:
    return Actor.from_request(request, complaint.organisation_id, channel="api")


class ComplaintFilter(Schema):
    # "open" is every status still waiting for an answer.
    status: ComplaintStatus | Literal["open"] | None = None
    category: Category | None = None
    overdue: bool = False
    mine: bool = False


@router.get("", response=list[ComplaintOut])
@paginate(LimitOffsetPagination)
def list_complaints(request: HttpRequest, filters: Query[ComplaintFilter]) -> Any:
    """`{"items": [...], "count": N}`, the nearest deadline first."""
    if not services.may_handle(signed_in_user(request)):
        raise PermissionDenied
    return queries.complaint_list(
        signed_in_user(request),
        queries.ComplaintFilters(
            status=filters.status or "",
            category=filters.category or "",
            is_overdue=filters.overdue,
            assigned_to=request.user if filters.mine else None,
        ),
    ).prefetch_related("attachments")


@router.get("/{complaint_id}", response=ComplaintOut)
def get_complaint(request: HttpRequest, complaint_id: uuid.UUID) -> Complaint:
    complaint = _handled(request, complaint_id)
    services.record_complaint_view(actor=_actor(request, complaint), complaint=complaint)
    return complaint


class AssignIn(Schema):
    handler: uuid.UUID | None


@router.post("/{complaint_id}/assign", response=ComplaintOut)
def assign(request: HttpRequest, complaint_id: uuid.UUID, payload: AssignIn) -> Complaint:
    """Give the complaint to a handler (a user id), or to nobody (null)."""
    complaint = _handled(request, complaint_id)
    handler = None
    if payload.handler is not None:
        handler = User.objects.filter(pk=payload.handler, is_active=True).first()
        if handler is None:
            raise ValidationError({"handler": [_("Unknown user.")]})
    services.assign_complaint(
        actor=_actor(request, complaint), complaint=complaint, handler=handler
    )
    return _handled(request, complaint_id)


class StatusIn(Schema):
    status: ComplaintStatus
    reason: str = Field("", max_length=500)
    outcome: Outcome | Literal[""] = ""
    resolution: str = Field("", max_length=5000)
    message: str = Field("", max_length=3000)


@router.post("/{complaint_id}/status", response=ComplaintOut)
def change_status(request: HttpRequest, complaint_id: uuid.UUID, payload: StatusIn) -> Complaint:
    """Move the complaint on: rejecting needs a `reason`, resolving an `outcome`; `message`
    tells the complainant (on their tracking page)."""
    complaint = _handled(request, complaint_id)
    services.change_status(actor=_actor(request, complaint), complaint=complaint, **payload.dict())
    return _handled(request, complaint_id)


@router.get("/{complaint_id}/messages", response=list[MessageOut])
def list_messages(request: HttpRequest, complaint_id: uuid.UUID) -> Any:
    complaint = _handled(request, complaint_id)
    services.record_complaint_view(
        actor=_actor(request, complaint), complaint=complaint, what="messages"
    )
    return complaint.messages.order_by("at")


class MessageIn(Schema):
    text: str = Field(..., min_length=1, max_length=3000)
    to_complainant: bool = True


@router.post("/{complaint_id}/messages", response={201: MessageOut})
def add_message(
    request: HttpRequest, complaint_id: uuid.UUID, payload: MessageIn
) -> Status[ComplaintMessage]:
    """A message to the complainant (shown on their tracking page), or with
    `"to_complainant": false` an internal note."""
    complaint = _handled(request, complaint_id)
    message = services.post_message(
        actor=_actor(request, complaint),
        complaint=complaint,
        text=payload.text,
        to_complainant=payload.to_complainant,
    )
    return Status(201, message)
