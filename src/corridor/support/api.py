"""Support over REST, at /api/v1/support: the service catalogue, referrals (the sender's full
view, the partner's limited one) and mutual-assistance groups with their meetings."""

import uuid
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from corridor.accounts.models import Organisation, User
from corridor.accounts.roles import Permission
from corridor.core.audit import Actor
from corridor.core.scoping import get_for_user_or_404
from corridor.people.models import FamilyMember, Worker
from corridor.people.services import record_view
from corridor.support import catalogue, groups, referrals
from corridor.support.models import (
    AssistanceGroup,
    GroupMember,
    Meeting,
    PartnerService,
    Referral,
    ReferralStatus,
    ServiceCategory,
)
from corridor.support.queries import (
    ReferralFilters,
    group_list,
    is_shared,
    partner_family,
    partner_worker,
    received_referrals,
    sent_referrals,
    with_members,
)

router = Router(tags=["support"])


def _actor(request: HttpRequest, organisation_id: Any = None) -> Actor:
    return Actor.from_request(request, organisation_id, channel="api")


# The catalogue ------------------------------------------------------------------------------


class ServiceIn(Schema):
    organisation: uuid.UUID
    name: str = Field(..., min_length=2, max_length=200)
    category: ServiceCategory
    description: str = Field("", max_length=4000)
    countries: list[str] = Field(default_factory=list, max_length=20)
    regions: list[str] = Field(default_factory=list, max_length=200)
    languages: list[str] = Field(default_factory=list, max_length=20)
    contact_email: str = Field("", max_length=254)
    contact_phone: str = Field("", max_length=30)
    contact_note: str = Field("", max_length=300)
    is_active: bool = True


class OrganisationOut(Schema):
    id: uuid.UUID
    name: str


class ServiceOut(Schema):
    id: uuid.UUID
    organisation: OrganisationOut
    name: str
    category: str
    description: str
    countries: list[str]
    regions: list[str]
    languages: list[str]
    contact_email: str
    contact_phone: str
    contact_note: str
    is_active: bool

    @staticmethod
    def resolve_countries(obj: PartnerService) -> list[str]:
        return [item.pk for item in obj.countries.all()]

    @staticmethod
    def resolve_regions(obj: PartnerService) -> list[str]:
        return [item.pk for item in obj.regions.all()]

    @staticmethod
    def resolve_languages(obj: PartnerService) -> list[str]:
        return [item.pk for item in obj.languages.all()]


def _require_catalogue(request: HttpRequest) -> None:
    if not catalogue.may_see_catalogue(request.user):
        raise PermissionDenied


class ServiceFilter(Schema):
    category: ServiceCategory | None = None
    organisation: uuid.UUID | None = None
    language: str | None = Field(None, max_length=3)
    region: str | None = Field(None, max_length=6)
    include_inactive: bool = False


@router.get("/services", response=list[ServiceOut])
@paginate(LimitOffsetPagination)
def list_services(request: HttpRequest, filters: Query[ServiceFilter]) -> Any:
    """The catalogue: services taking referrals (all of them with `include_inactive`)."""
    _require_catalogue(request)
    services = PartnerService.objects.select_related("organisation").prefetch_related(
        "countries", "regions", "languages"
    )
    if not filters.include_inactive:
        services = services.active()
    if filters.category:
        services = services.offering(filters.category)
    if filters.organisation:
        services = services.filter(organisation_id=filters.organisation)
    if filters.language:
        services = services.filter(languages=filters.language.lower())
    if filters.region:
        services = services.filter(regions=filters.region.upper())
    return services


@router.post("/services", response={201: ServiceOut})
def add_service(request: HttpRequest, payload: ServiceIn) -> Status[PartnerService]:
    organisation = Organisation.objects.filter(pk=payload.organisation).first()
    if organisation is None:
        raise Http404
    values = payload.dict(
        include={"name", "category", "description", "contact_email", "contact_phone"}
        | {"contact_note", "is_active"}
    )
    service = catalogue.create_service(
        actor=_actor(request, organisation.pk),
        organisation=organisation,
        values=values,
        countries=payload.countries,
        regions=payload.regions,
        languages=payload.languages,
    )
    return Status(201, service)


@router.get("/services/{service_id}", response=ServiceOut)
def get_service(request: HttpRequest, service_id: uuid.UUID) -> PartnerService:
    _require_catalogue(request)
    service = PartnerService.objects.select_related("organisation").filter(pk=service_id).first()
    if service is None:
        raise Http404
    return service


# Referrals ------------------------------------------------------------------------------------


class ReferralIn(Schema):
    worker: uuid.UUID
    service: uuid.UUID | None = None
    organisation: uuid.UUID | None = Field(
        None, description="with `category`, instead of `service`: the organisation's service"
    )
    category: ServiceCategory | None = None
    family_member: uuid.UUID | None = None
    reason: str = Field(..., max_length=2000)  # an empty one is refused by the service
    due_date: date | None = None
    consent_override_reason: str = Field("", max_length=500)


class StepOut(Schema):
    from_status: str
    to_status: str
    note: str
    at: datetime


class ReferralOut(Schema):
    """The sender's view of a referral."""

    id: uuid.UUID
    worker: uuid.UUID = Field(alias="worker_id")
    worker_reference: str
    family_member: uuid.UUID | None = Field(None, alias="family_member_id")
    service: uuid.UUID = Field(alias="service_id")
    partner: OrganisationOut
    category: str
    reason: str
    status: str
    status_changed_at: datetime
    sent_at: datetime
    due_date: date
    is_overdue: bool
    is_urgent: bool
    consent_override_reason: str
    meeting: uuid.UUID | None = Field(None, alias="meeting_id")
    decline_reason: str
    cancel_reason: str
    outcome: str
    feedback_rating: int | None
    feedback_comment: str
    steps: list[StepOut]

    @staticmethod
    def resolve_worker_reference(obj: Referral) -> str:
        return obj.worker.reference

    @staticmethod
    def resolve_is_overdue(obj: Referral) -> bool:
        return obj.is_overdue()

    @staticmethod
    def resolve_steps(obj: Referral) -> list[Any]:
        return list(obj.steps.all())


class LanguageOut(Schema):
    code: str
    name: str
    level: str


class PartnerWorkerOut(Schema):
    name: str
    name_latin: str
    reference: str
    phone: str
    messenger: str
    languages: list[LanguageOut]


class PartnerFamilyOut(Schema):
    name: str
    relation: str
    birth_date: date | None


class ReceivedReferralOut(Schema):
    """The partner's view: the few fields the service needs, nothing else."""

    id: uuid.UUID
    status: str
    category: str
    service: str
    sent_at: datetime
    due_date: date
    is_overdue: bool
    is_urgent: bool
    reason: str
    decline_reason: str
    outcome: str
    # None once the worker withdrew the consent the referral's sharing rested on.
    worker: PartnerWorkerOut | None
    family_member: PartnerFamilyOut | None

    @staticmethod
    def resolve_service(obj: Referral) -> str:
        return obj.service.name

    @staticmethod
    def resolve_is_overdue(obj: Referral) -> bool:
        return obj.is_overdue()

    @staticmethod
    def resolve_worker(obj: Referral) -> dict[str, Any] | None:
        return partner_worker(obj.worker) if is_shared(obj) else None

    @staticmethod
    def resolve_family_member(obj: Referral) -> dict[str, Any] | None:
        return partner_family(obj.family_member) if is_shared(obj) else None


class ReferralStatusOut(Schema):
    id: uuid.UUID
    status: str
    status_changed_at: datetime
    due_date: date
    decline_reason: str
    outcome: str


def _sent(request: HttpRequest, referral_id: uuid.UUID) -> Referral:
    return get_for_user_or_404(
        Referral.objects.sent_by(request.user)
        .select_related("worker", "partner")
        .prefetch_related("steps"),
        request.user,
        pk=referral_id,
    )


def _received(request: HttpRequest, referral_id: uuid.UUID) -> Referral:
    return get_for_user_or_404(
        Referral.objects.received_by(request.user)
        .select_related("worker", "family_member", "service", "grant")
        .prefetch_related("worker__languages__language"),
        request.user,
        pk=referral_id,
    )


def _service_for(payload: ReferralIn) -> PartnerService:
    if payload.service is not None:
        service = PartnerService.objects.select_related("organisation").filter(pk=payload.service)
        found = service.first()
        if found is None:
            raise Http404
        if payload.organisation and found.organisation_id != payload.organisation:
            raise ValidationError({"service": [_("The service is not one of the organisation's.")]})
        return found
    if payload.organisation is None or payload.category is None:
        raise ValidationError(
            {"service": [_("Name a service, or an organisation and a category.")]}
        )
    organisation = Organisation.objects.filter(pk=payload.organisation).first()
    if organisation is None:
        raise Http404
    return referrals.service_offering(organisation=organisation, category=payload.category)


@router.post("/referrals", response={201: ReferralOut})
def add_referral(request: HttpRequest, payload: ReferralIn) -> Status[Referral]:
    """Refer a worker (or a family member) to a service: by `service`, or by `organisation`
    and `category`. Needs the worker's consent to referrals, or a consent override reason from
    a user allowed to override."""
    worker = get_for_user_or_404(Worker.objects.all(), request.user, pk=payload.worker)
    family = None
    if payload.family_member:
        family = FamilyMember.objects.filter(worker=worker, pk=payload.family_member).first()
        if family is None:
            raise Http404
    service = _service_for(payload)
    referral = referrals.send_referral(
        actor=_actor(request, worker.organisation_id),
        worker=worker,
        service=service,
        category=payload.category,
        family_member=family,
        reason=payload.reason,
        due_date=payload.due_date,
        consent_override_reason=payload.consent_override_reason,
    )
    return Status(201, _sent(request, referral.pk))


class ReferralFilter(Schema):
    status: ReferralStatus | None = None
    overdue: bool = False


@router.get("/referrals", response=list[ReferralOut])
@paginate(LimitOffsetPagination)
def list_referrals(request: HttpRequest, filters: Query[ReferralFilter]) -> Any:
    """Referrals the user's organisations sent."""
    found = sent_referrals(request.user, ReferralFilters(filters.status or "", filters.overdue))
    return found.prefetch_related("steps")


@router.get("/referrals/received", response=list[ReceivedReferralOut])
@paginate(LimitOffsetPagination)
def list_received(request: HttpRequest, filters: Query[ReferralFilter]) -> Any:
    """Referrals the user's organisations received as the partner, with the partner's fields."""
    found = received_referrals(request.user, ReferralFilters(filters.status or "", filters.overdue))
    return found.prefetch_related("worker__languages__language")


@router.get("/referrals/received/{referral_id}", response=ReceivedReferralOut)
def get_received(request: HttpRequest, referral_id: uuid.UUID) -> Referral:
    referral = _received(request, referral_id)
    record_view(
        actor=_actor(request, referral.partner_id),
        worker=referral.worker,
        what="referral (partner)",
    )
    return referral


@router.get("/referrals/{referral_id}", response=ReferralOut)
def get_referral(request: HttpRequest, referral_id: uuid.UUID) -> Referral:
    referral = _sent(request, referral_id)
    record_view(
        actor=_actor(request, referral.organisation_id), worker=referral.worker, what="referral"
    )
    return referral


def _either(request: HttpRequest, referral_id: uuid.UUID) -> Referral:
    return get_for_user_or_404(
        Referral.objects.select_related("worker", "partner"), request.user, pk=referral_id
    )


def _acting_side(request: HttpRequest, referral: Referral) -> Actor:
    user: Any = request.user
    side = (
        referral.partner_id
        if user.has_perm_in(Permission.HANDLE_REFERRALS, referral.partner_id)
        else referral.organisation_id
    )
    return _actor(request, side)


class StatusIn(Schema):
    status: ReferralStatus
    note: str = Field("", max_length=500)
    outcome: str = Field("", max_length=2000)


@router.post("/referrals/{referral_id}/status", response=ReferralStatusOut)
def move_referral(request: HttpRequest, referral_id: uuid.UUID, payload: StatusIn) -> Referral:
    """The partner accepts, declines (with `note`), starts or completes (with `outcome`); the
    sender cancels (with `note`)."""
    referral = _either(request, referral_id)
    return referrals.move_referral(
        actor=_acting_side(request, referral),
        referral=referral,
        status=payload.status,
        note=payload.note,
        outcome=payload.outcome,
    )


class OutcomeIn(Schema):
    outcome: str = Field(..., min_length=1, max_length=2000)


@router.post("/referrals/{referral_id}/outcome", response=ReferralStatusOut)
def record_outcome(request: HttpRequest, referral_id: uuid.UUID, payload: OutcomeIn) -> Referral:
    """The partner reports the outcome (completing the referral, or correcting the outcome)."""
    referral = _either(request, referral_id)
    return referrals.record_outcome(
        actor=_actor(request, referral.partner_id), referral=referral, outcome=payload.outcome
    )


class FeedbackIn(Schema):
    rating: int = Field(..., ge=1, le=5)
    comment: str = Field("", max_length=1000)


@router.post("/referrals/{referral_id}/feedback", response=ReferralOut)
def record_feedback(request: HttpRequest, referral_id: uuid.UUID, payload: FeedbackIn) -> Referral:
    """The worker's rating and comment on a completed referral (the sender's staff record it)."""
    referral = _sent(request, referral_id)
    referrals.record_feedback(
        actor=_actor(request, referral.organisation_id),
        referral=referral,
        rating=payload.rating,
        comment=payload.comment,
    )
    return _sent(request, referral_id)


# Groups and meetings --------------------------------------------------------------------------


class GroupIn(Schema):
    organisation: uuid.UUID
    name: str = Field(..., min_length=2, max_length=200)
    country: str = Field(..., pattern=r"^[A-Za-z]{2}$")
    region: str | None = Field(None, pattern=r"^[A-Za-z]{2}-[A-Za-z0-9]{1,3}$")
    locality: str = Field("", max_length=200)
    facilitator: uuid.UUID | None = None
    description: str = Field("", max_length=4000)


class MemberOut(Schema):
    id: uuid.UUID
    worker: uuid.UUID = Field(alias="worker_id")
    worker_reference: str
    family_member: uuid.UUID | None = Field(None, alias="family_member_id")
    name: str
    joined_on: date
    left_on: date | None

    @staticmethod
    def resolve_worker_reference(obj: GroupMember) -> str:
        return obj.worker.reference


class GroupOut(Schema):
    id: uuid.UUID
    organisation: OrganisationOut
    name: str
    country: str = Field(alias="country_id")
    region: str | None = Field(None, alias="region_id")
    locality: str
    facilitator: uuid.UUID | None = Field(None, alias="facilitator_id")
    description: str
    is_active: bool
    members: list[MemberOut]

    @staticmethod
    def resolve_members(obj: AssistanceGroup) -> list[Any]:
        # Prefetched with their workers by queries.with_members: no query per group.
        return list(obj.members.all())


def _group(request: HttpRequest, group_id: uuid.UUID) -> AssistanceGroup:
    return get_for_user_or_404(
        AssistanceGroup.objects.select_related("organisation"), request.user, pk=group_id
    )


def _group_with_members(request: HttpRequest, group_id: uuid.UUID) -> AssistanceGroup:
    return get_for_user_or_404(
        with_members(AssistanceGroup.objects.all()), request.user, pk=group_id
    )


@router.get("/groups", response=list[GroupOut])
@paginate(LimitOffsetPagination)
def list_groups(request: HttpRequest) -> Any:
    return group_list(request.user)


@router.post("/groups", response={201: GroupOut})
def add_group(request: HttpRequest, payload: GroupIn) -> Status[AssistanceGroup]:
    organisation = Organisation.objects.filter(pk=payload.organisation).first()
    if organisation is None:
        raise Http404
    facilitator = None
    if payload.facilitator:
        facilitator = User.objects.filter(pk=payload.facilitator).first()
        if facilitator is None:
            raise Http404
    group = groups.create_group(
        actor=_actor(request, organisation.pk),
        organisation=organisation,
        name=payload.name,
        country=payload.country.upper(),
        region=payload.region.upper() if payload.region else None,
        locality=payload.locality,
        facilitator=facilitator,
        description=payload.description,
    )
    return Status(201, _group_with_members(request, group.pk))


@router.get("/groups/{group_id}", response=GroupOut)
def get_group(request: HttpRequest, group_id: uuid.UUID) -> AssistanceGroup:
    return _group_with_members(request, group_id)


class MemberIn(Schema):
    worker: uuid.UUID
    family_member: uuid.UUID | None = None
    joined_on: date | None = None


@router.post("/groups/{group_id}/members", response={201: MemberOut})
def add_member(request: HttpRequest, group_id: uuid.UUID, payload: MemberIn) -> Status[GroupMember]:
    group = _group(request, group_id)
    worker = get_for_user_or_404(Worker.objects.all(), request.user, pk=payload.worker)
    family = None
    if payload.family_member:
        family = FamilyMember.objects.filter(worker=worker, pk=payload.family_member).first()
        if family is None:
            raise Http404
    member = groups.add_member(
        actor=_actor(request, group.organisation_id),
        group=group,
        worker=worker,
        family_member=family,
        joined_on=payload.joined_on,
    )
    return Status(201, member)


class MeetingIn(Schema):
    held_on: date
    topics: str = Field(..., min_length=1, max_length=2000)
    notes: str = Field("", max_length=4000)
    present: list[uuid.UUID] = Field(default_factory=list, max_length=500)


class MeetingOut(Schema):
    id: uuid.UUID
    group: uuid.UUID = Field(alias="group_id")
    held_on: date
    topics: str
    notes: str
    present: list[uuid.UUID]
    absent: list[uuid.UUID]

    @staticmethod
    def resolve_present(obj: Meeting) -> list[uuid.UUID]:
        return [row.member_id for row in obj.attendance.all() if row.is_present]

    @staticmethod
    def resolve_absent(obj: Meeting) -> list[uuid.UUID]:
        return [row.member_id for row in obj.attendance.all() if not row.is_present]


def _meeting(request: HttpRequest, meeting_id: uuid.UUID) -> Meeting:
    return get_for_user_or_404(
        Meeting.objects.select_related("group__organisation").prefetch_related("attendance"),
        request.user,
        pk=meeting_id,
    )


@router.get("/groups/{group_id}/meetings", response=list[MeetingOut])
def list_meetings(request: HttpRequest, group_id: uuid.UUID) -> Any:
    group = _group(request, group_id)
    return list(group.meetings.prefetch_related("attendance"))


@router.post("/groups/{group_id}/meetings", response={201: MeetingOut})
def add_meeting(request: HttpRequest, group_id: uuid.UUID, payload: MeetingIn) -> Status[Meeting]:
    group = _group(request, group_id)
    meeting = groups.record_meeting(
        actor=_actor(request, group.organisation_id),
        group=group,
        held_on=payload.held_on,
        topics=payload.topics,
        notes=payload.notes,
        present=payload.present,
    )
    return Status(201, _meeting(request, meeting.pk))


@router.get("/meetings/{meeting_id}", response=MeetingOut)
def get_meeting(request: HttpRequest, meeting_id: uuid.UUID) -> Meeting:
    return _meeting(request, meeting_id)


class NeedIn(Schema):
    member: uuid.UUID
    service: uuid.UUID
    reason: str = Field(..., max_length=2000)  # an empty one is refused by the service
    consent_override_reason: str = Field("", max_length=500)


@router.post("/meetings/{meeting_id}/needs", response={201: ReferralOut})
def raise_need(request: HttpRequest, meeting_id: uuid.UUID, payload: NeedIn) -> Status[Referral]:
    """A need raised at the meeting, sent on as a referral linked to it."""
    meeting = _meeting(request, meeting_id)
    member = GroupMember.objects.filter(group=meeting.group, pk=payload.member).first()
    service = PartnerService.objects.filter(pk=payload.service).first()
    if member is None or service is None:
        raise Http404
    referral = groups.raise_need(
        actor=_actor(request, member.worker.organisation_id),
        meeting=meeting,
        member=member,
        service=service,
        reason=payload.reason,
        consent_override_reason=payload.consent_override_reason,
    )
    return Status(201, _sent(request, referral.pk))
