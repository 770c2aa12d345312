"""Mutual-assistance groups: starting one, members joining and leaving, meetings with their
attendance, and a need raised at a meeting sent on as a referral in one step."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.accounts.models import Membership, Organisation, User
from corridor.accounts.permissions import require_permission_in
from corridor.accounts.roles import Permission, Role
from corridor.core import audit
from corridor.core.audit import Actor
from corridor.core.bounds import check_day
from corridor.core.models import AuditAction
from corridor.people.models import FamilyMember, Relation, TimelineKind, Worker
from corridor.people.services import add_timeline_event
from corridor.people.timeline import TimelineMessage, choice
from corridor.reference.models import Country, Region
from corridor.support.models import (
    AssistanceGroup,
    GroupMember,
    Meeting,
    MeetingAttendance,
    PartnerService,
    Referral,
)
from corridor.support.referrals import send_referral

# A facilitator works for the organisation that runs the group; a worker's own login is not one.
STAFF_ROLES = [role for role in Role.values if role != Role.WORKER]


def _require_manager(actor: Actor, group: AssistanceGroup) -> None:
    require_permission_in(actor, Permission.MANAGE_GROUPS, group.organisation)


@transaction.atomic
def create_group(
    *,
    actor: Actor,
    organisation: Organisation,
    name: str,
    country: Country | str,
    region: Region | str | None = None,
    locality: str = "",
    facilitator: User | None = None,
    description: str = "",
) -> AssistanceGroup:
    """Start a group of migrant families in one place, run by `organisation`."""
    require_permission_in(actor, Permission.MANAGE_GROUPS, organisation)
    group = AssistanceGroup(
        organisation=organisation,
        name=" ".join(name.split()),
        country_id=getattr(country, "pk", country),
        region_id=getattr(region, "pk", region) or None,
        locality=" ".join(locality.split()),
        facilitator=facilitator,
        description=description.strip(),
        created_by=actor.user,
    )
    errors: dict[str, list[str]] = {}
    try:
        group.full_clean(exclude=["organisation", "created_by", "facilitator"])
    except ValidationError as error:
        errors.update(error.message_dict)
    if (
        group.region_id
        and group.country_id
        and not group.region_id.startswith(f"{group.country_id}-")
    ):
        errors.setdefault("region", []).append(_("Choose a region of the group's country."))
    if (
        facilitator is not None
        and not Membership.objects.filter(
            user=facilitator, organisation=organisation, user__is_active=True, role__in=STAFF_ROLES
        ).exists()
    ):
        errors.setdefault("facilitator", []).append(
            _("The facilitator must be a user of the organisation that runs the group.")
        )
    if errors:
        raise ValidationError(errors)
    group.save()
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=group,
        changes={
            "name": [None, group.name],
            "place": [None, f"{group.country_id} {group.region_id or ''} {group.locality}"],
            "facilitator": [None, str(facilitator.pk) if facilitator else None],
        },
    )
    return group


@transaction.atomic
def add_member(
    *,
    actor: Actor,
    group: AssistanceGroup,
    worker: Worker,
    family_member: FamilyMember | None = None,
    joined_on: date | None = None,
) -> GroupMember:
    """A worker, or one of their family, joins the group; on the worker's timeline."""
    _require_manager(actor, group)
    if not Worker.objects.for_user(actor.user).filter(pk=worker.pk).exists():
        raise PermissionDenied(_("You may not see this worker's record."))
    joined_on = joined_on or timezone.localdate()
    check_day(joined_on, "joined_on")
    if family_member is not None and family_member.worker_id != worker.pk:
        raise ValidationError({"family_member": [_("Choose one of this worker's family members.")]})
    if joined_on > timezone.localdate():
        raise ValidationError({"joined_on": [_("The date cannot be in the future.")]})
    already = GroupMember.objects.filter(
        group=group, worker=worker, family_member=family_member, left_on__isnull=True
    )
    if already.exists():
        raise ValidationError({"worker": [_("Already a member of this group.")]})
    member = GroupMember.objects.create(
        group=group,
        organisation_id=group.organisation_id,
        worker=worker,
        family_member=family_member,
        joined_on=joined_on,
    )
    add_timeline_event(
        worker,
        actor,
        TimelineKind.GROUP,
        **_timeline_entry(
            group,
            family_member,
            TimelineMessage.GROUP_JOINED,
            TimelineMessage.GROUP_RELATIVE_JOINED,
        ),
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=member,
        worker_id=worker.pk,
        changes={
            "group": [None, str(group.pk)],
            "family_member": [None, str(family_member.pk) if family_member else None],
            "joined_on": [None, joined_on.isoformat()],
        },
    )
    return member


def _timeline_entry(
    group: AssistanceGroup,
    family_member: FamilyMember | None,
    worker_message: str,
    relative_message: str,
) -> dict[str, Any]:
    """The worker's timeline entry for a member joining or leaving (people.timeline)."""
    if family_member is None:
        return {"message": worker_message, "params": {"group": group.name}}
    return {
        "message": relative_message,
        "params": {"group": group.name, "relation": choice(Relation, family_member.relation)},
    }


@transaction.atomic
def end_membership(
    *, actor: Actor, member: GroupMember, left_on: date | None = None
) -> GroupMember:
    """A member leaves the group (the history of meetings they attended stays)."""
    member = (
        GroupMember.objects.select_for_update(of=("self",))
        .select_related("group__organisation", "worker", "family_member")
        .get(pk=member.pk)
    )
    _require_manager(actor, member.group)
    left_on = left_on or timezone.localdate()
    check_day(left_on, "left_on")
    if member.left_on is not None:
        raise ValidationError({"left_on": [_("This member has already left.")]})
    if left_on < member.joined_on:
        raise ValidationError({"left_on": [_("A member cannot leave before joining.")]})
    member.left_on = left_on
    member.save(update_fields=["left_on"])
    add_timeline_event(
        member.worker,
        actor,
        TimelineKind.GROUP,
        **_timeline_entry(
            member.group,
            member.family_member,
            TimelineMessage.GROUP_LEFT,
            TimelineMessage.GROUP_RELATIVE_LEFT,
        ),
    )
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=member,
        worker_id=member.worker_id,
        changes={"left_on": [None, left_on.isoformat()]},
    )
    return member


def _clean_meeting(held_on: date, topics: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    try:
        check_day(held_on, "held_on")
    except ValidationError as error:
        return error.message_dict
    if held_on > timezone.localdate():
        errors["held_on"] = [_("Record a meeting once it has taken place.")]
    if not topics.strip():
        errors["topics"] = [_("Say what the meeting was about.")]
    return errors


def _set_attendance(meeting: Meeting, present: Iterable[Any]) -> list[str]:
    """One row per member of the group on the meeting's date; returns who was present."""
    present_ids = {str(pk) for pk in present}
    members = list(GroupMember.objects.filter(group=meeting.group).active_on(meeting.held_on))
    unknown = present_ids - {str(m.pk) for m in members}
    if unknown:
        raise ValidationError(
            {"present": [_("Mark attendance for members of the group on that date only.")]}
        )
    existing = {str(row.member_id): row for row in meeting.attendance.all()}
    for member in members:
        is_present = str(member.pk) in present_ids
        row = existing.get(str(member.pk))
        if row is None:
            MeetingAttendance.objects.create(
                meeting=meeting,
                member=member,
                organisation_id=meeting.organisation_id,
                is_present=is_present,
            )
        elif row.is_present != is_present:
            row.is_present = is_present
            row.save(update_fields=["is_present"])
    return sorted(present_ids)


@transaction.atomic
def record_meeting(
    *,
    actor: Actor,
    group: AssistanceGroup,
    held_on: date,
    topics: str,
    notes: str = "",
    present: Iterable[Any] = (),
) -> Meeting:
    """Record a meeting that took place, its topics and who came."""
    _require_manager(actor, group)
    errors = _clean_meeting(held_on, topics)
    if errors:
        raise ValidationError(errors)
    meeting = Meeting.objects.create(
        group=group,
        organisation_id=group.organisation_id,
        held_on=held_on,
        topics=topics.strip()[:2000],
        notes=notes.strip()[:4000],
        created_by=actor.user,
    )
    came = _set_attendance(meeting, present)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=meeting,
        changes={"held_on": [None, held_on.isoformat()], "present": [None, came]},
    )
    return meeting


@transaction.atomic
def update_meeting(
    *, actor: Actor, meeting: Meeting, topics: str, notes: str, present: Iterable[Any]
) -> Meeting:
    """Correct a meeting's topics, notes and attendance."""
    meeting = (
        Meeting.objects.select_for_update(of=("self",)).select_related("group").get(pk=meeting.pk)
    )
    _require_manager(actor, meeting.group)
    errors = _clean_meeting(meeting.held_on, topics)
    if errors:
        raise ValidationError(errors)
    before = {
        "topics": meeting.topics,
        "notes": meeting.notes,
        "present": sorted(
            str(pk)
            for pk in meeting.attendance.filter(is_present=True).values_list("member_id", flat=True)
        ),
    }
    meeting.topics, meeting.notes = topics.strip()[:2000], notes.strip()[:4000]
    meeting.save(update_fields=["topics", "notes", "updated_at"])
    came = _set_attendance(meeting, present)
    changes = audit.diff(
        before, {"topics": meeting.topics, "notes": meeting.notes, "present": came}
    )
    if changes:
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=meeting, changes=changes)
    return meeting


@transaction.atomic
def raise_need(
    *,
    actor: Actor,
    meeting: Meeting,
    member: GroupMember,
    service: PartnerService,
    reason: str,
    consent_override_reason: str = "",
) -> Referral:
    """A need a member raised at a meeting, sent on as a referral linked to the meeting; the
    same checks as any referral (permission, service, the worker's consent)."""
    _require_manager(actor, meeting.group)
    if member.group_id != meeting.group_id:
        raise ValidationError({"member": [_("Choose a member of this group.")]})
    return send_referral(
        actor=actor,
        worker=member.worker,
        family_member=member.family_member,
        service=service,
        reason=reason,
        consent_override_reason=consent_override_reason,
        meeting=meeting,
    )
