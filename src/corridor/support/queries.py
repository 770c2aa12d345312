"""Reads for the support pages and API: the service catalogue, referral lists and what a
partner may see of one, and the assistance groups."""

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from corridor.accounts.models import User
from corridor.core.scoping import get_for_user_or_404
from corridor.people.consent import may_process
from corridor.people.models import ConsentPurpose, ConsentRecord, FamilyMember, Worker
from corridor.support.catalogue import may_see_catalogue
from corridor.support.models import (
    AssistanceGroup,
    GroupMember,
    PartnerService,
    Referral,
    ReferralStatus,
    ReferralStep,
)
from corridor.support.models.catalogue import PartnerServiceQuerySet
from corridor.support.models.referrals import ReferralQuerySet


@dataclass(frozen=True)
class ServiceFilters:
    category: str = ""
    organisation: uuid.UUID | None = None
    language: str = ""  # an ISO 639 code
    region: str = ""  # an ISO 3166-2 code
    include_inactive: bool = False


def service_list(user: User, filters: ServiceFilters) -> PartnerServiceQuerySet:
    """The catalogue: the services taking referrals (every one with `include_inactive`), in
    the catalogue's order, with the places and languages they serve. Empty for a user who may
    not read the catalogue (`catalogue.may_see_catalogue`)."""
    services = PartnerService.objects.select_related("organisation").prefetch_related(
        "countries", "regions", "languages"
    )
    if not may_see_catalogue(user):
        return services.none()
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


@dataclass(frozen=True)
class ReferralFilters:
    status: str = ""
    overdue: bool = False


def _filtered(referrals: Any, filters: ReferralFilters, today: date) -> Any:
    if filters.status in ReferralStatus.values:
        referrals = referrals.filter(status=filters.status)
    if filters.overdue:
        referrals = referrals.overdue(today)
    return referrals


def sent_referrals(user: User, filters: ReferralFilters, today: date | None = None) -> Any:
    """The referrals the user's organisations sent, newest first, overdue ones included."""
    today = today or timezone.localdate()
    referrals = Referral.objects.sent_by(user).select_related(
        "worker", "family_member", "partner", "service"
    )
    return _filtered(referrals, filters, today)


def received_referrals(user: User, filters: ReferralFilters, today: date | None = None) -> Any:
    """The referrals the user's organisations received as a partner; show them through
    `partner_view` (or the fields it names) only."""
    today = today or timezone.localdate()
    # The grant and, for a referral without one, the worker's newest referral consent come
    # with the rows: `is_shared` would otherwise ask for them once a row.
    newest_consent = (
        ConsentRecord.objects.filter(worker=OuterRef("worker"), purpose=ConsentPurpose.REFERRALS)
        .order_by("-recorded_at", "-id")
        .values("is_given")[:1]
    )
    referrals = (
        Referral.objects.received_by(user)
        .select_related("worker", "family_member", "service", "grant")
        .annotate(worker_consents_to_referrals=Subquery(newest_consent))
    )
    return _filtered(referrals, filters, today)


def overdue_referrals(today: date) -> ReferralQuerySet:
    """Every organisation's open referrals past their due date on `today`, longest overdue
    first, with the worker, the sender and the partner: for the operator's command, which
    sees the whole registry."""
    return (
        Referral.objects.overdue(today)
        .select_related("worker", "partner", "organisation")
        .order_by("due_date", "sent_at")
    )


def received_referral_or_404(user: User, referral_id: uuid.UUID) -> Referral:
    """One referral the user's organisations received, ready for `partner_view` (404 for any
    other): show it through `partner_view` (or the fields it names) only."""
    return get_for_user_or_404(
        Referral.objects.received_by(user)
        .select_related("worker", "family_member", "partner", "service", "grant")
        .prefetch_related("worker__languages__language"),
        user,
        pk=referral_id,
    )


def partner_worker(worker: Worker) -> dict[str, Any]:
    """The worker as the partner sees them: name, reference, how to reach them, languages."""
    # Through the relation, so that a list can prefetch the languages of all its workers.
    languages = sorted(worker.languages.all(), key=lambda item: item.language.name_en)
    return {
        "name": worker.full_name,
        "name_latin": worker.full_name_latin,
        "reference": worker.reference,
        "phone": worker.phone,
        "messenger": worker.messenger_handle,
        "languages": [
            {"code": item.language_id, "name": item.language.name, "level": item.level}
            for item in languages
        ],
    }


def is_shared(referral: Referral) -> bool:
    """Whether the partner may still see who the referral is for: its grant is in force.

    Referrals inside the worker's own centre, and those sent before grants existed, have no
    grant: they rest on the consent in force now (or the override)."""
    if referral.grant_id is None:
        if referral.consent_override_reason:
            return True
        if hasattr(referral, "worker_consents_to_referrals"):  # read by received_referrals
            return bool(referral.worker_consents_to_referrals)
        return may_process(referral.worker, ConsentPurpose.REFERRALS)
    grant = referral.grant
    return (
        grant is not None
        and grant.revoked_at is None
        and (grant.expires_at is None or grant.expires_at > timezone.now())
    )


def partner_family(family: FamilyMember | None) -> dict[str, Any] | None:
    if family is None:
        return None
    return {
        "name": family.full_name,
        "relation": family.relation,
        "relation_label": family.get_relation_display(),
        "birth_date": family.birth_date,
    }


def partner_view(referral: Referral, today: date | None = None) -> dict[str, Any]:
    """Everything the receiving partner may see of a referral, and nothing more: the person,
    how to reach them, the languages they speak, who the service is for and why. Never the
    worker's documents, consent history, other referrals or the reason consent was overridden.
    """
    shared = is_shared(referral)
    return {
        "id": referral.pk,
        "status": referral.status,
        "status_label": referral.get_status_display(),
        "category": referral.category,
        "category_label": referral.get_category_display(),
        "service": referral.service.name,
        "sent_at": referral.sent_at,
        "due_date": referral.due_date,
        "is_overdue": referral.is_overdue(today),
        "is_urgent": referral.is_urgent,
        "reason": referral.reason,
        "decline_reason": referral.decline_reason,
        "outcome": referral.outcome,
        # None once the worker withdrew the consent the referral's grant rested on.
        "worker": partner_worker(referral.worker) if shared else None,
        "family_member": partner_family(referral.family_member) if shared else None,
    }


def partner_steps(referral: Referral) -> list[dict[str, Any]]:
    """The referral's history as the partner sees it: moves and dates; notes only of its own."""
    return [
        {
            "from_status": step.from_status,
            "to_status": step.to_status,
            "label": step.get_to_status_display(),
            "at": step.at,
            "note": step.note if step.by_organisation_id == referral.partner_id else "",
        }
        for step in ReferralStep.objects.filter(referral=referral).order_by("at")
    ]


def with_members(groups: QuerySet[AssistanceGroup]) -> QuerySet[AssistanceGroup]:
    """The groups with their organisation and their members (each with the worker and the
    family member), read in one query each, however many groups."""
    members = GroupMember.objects.select_related("worker", "family_member")
    return groups.select_related("organisation").prefetch_related(
        Prefetch("members", queryset=members)
    )


def _groups_of(user: User) -> QuerySet[AssistanceGroup]:
    return (
        AssistanceGroup.objects.for_user(user)
        .select_related("organisation", "region", "country", "facilitator")
        .order_by("name")
    )


def group_list(user: User) -> QuerySet[AssistanceGroup]:
    """The assistance groups of the user's organisations, by name, with their members."""
    return with_members(_groups_of(user))


def group_summaries(user: User) -> QuerySet[AssistanceGroup]:
    """The assistance groups of the user's organisations, by name, each with its number of
    current members (`member_count`) and of meetings (`meeting_count`)."""
    return _groups_of(user).annotate(
        member_count=Count("members", filter=Q(members__left_on__isnull=True), distinct=True),
        meeting_count=Count("meetings", distinct=True),
    )
