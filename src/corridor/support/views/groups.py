"""Mutual-assistance group pages: the list, a group (members, meetings), a meeting (topics,
attendance, and a need raised there sent on as a referral)."""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from corridor.accounts.models import Organisation
from corridor.accounts.roles import Permission
from corridor.core.audit import Actor
from corridor.core.forms import form_status, submit
from corridor.core.scoping import get_for_user_or_404
from corridor.people.models import FamilyMember, Worker
from corridor.support import groups
from corridor.support.forms import GroupForm, MeetingForm, MemberForm, NeedForm
from corridor.support.models import AssistanceGroup, GroupMember, Meeting, Referral


def _require_groups(user: Any) -> None:
    if not user.has_any_perm(Permission.MANAGE_GROUPS):
        raise PermissionDenied


def _group_organisations(user: Any) -> Any:
    return Organisation.objects.filter(pk__in=user.organisation_ids_with(Permission.MANAGE_GROUPS))


def _group_list(request: Any, form: GroupForm, status: int = 200) -> Any:
    found = (
        AssistanceGroup.objects.for_user(request.user)
        .select_related("organisation", "region", "country", "facilitator")
        .annotate(
            member_count=Count("members", filter=Q(members__left_on__isnull=True), distinct=True),
            meeting_count=Count("meetings", distinct=True),
        )
        .order_by("name")
    )
    return render(
        request, "support/group_list.html", {"groups": found, "form": form}, status=status
    )


@login_required
def group_list_view(request: Any) -> Any:
    _require_groups(request.user)
    return _group_list(request, GroupForm(organisations=_group_organisations(request.user)))


@login_required
@require_POST
def group_create_view(request: Any) -> Any:
    _require_groups(request.user)
    form = GroupForm(request.POST, organisations=_group_organisations(request.user))

    def start_group(data: dict[str, Any]) -> AssistanceGroup:
        return groups.create_group(
            actor=Actor.from_request(request, data["organisation"].pk),
            organisation=data["organisation"],
            name=data["name"],
            country=data["country"],
            region=data["region"],
            locality=data["locality"],
            facilitator=data["facilitator"],
            description=data["description"],
        )

    if (done := submit(request, form, start_group)).ok:
        messages.success(request, _("Group “%(name)s” started.") % {"name": done.result.name})
        return redirect(done.result)
    return _group_list(request, form, status=form_status(request))


def _scoped_group(request: Any, group_id: uuid.UUID) -> AssistanceGroup:
    return get_for_user_or_404(
        AssistanceGroup.objects.select_related("organisation", "country", "region", "facilitator"),
        request.user,
        pk=group_id,
    )


def _members(group: AssistanceGroup) -> Any:
    return GroupMember.objects.filter(group=group).select_related("worker", "family_member")


def _group_context(group: AssistanceGroup, **forms: Any) -> dict[str, Any]:
    members = _members(group)
    current = members.filter(left_on__isnull=True)
    return {
        "group": group,
        "members": members,
        # Meta.ordering does not apply to aggregating queries: order explicitly.
        "meetings": group.meetings.annotate(
            present_count=Count("attendance", filter=Q(attendance__is_present=True), distinct=True),
            referral_count=Count("referrals", distinct=True),
        ).order_by("-held_on"),
        "member_form": forms.get("member_form") or MemberForm(),
        "meeting_form": forms.get("meeting_form") or MeetingForm(members=current),
    }


@login_required
def group_detail_view(request: Any, group_id: uuid.UUID) -> Any:
    group = _scoped_group(request, group_id)
    return render(request, "support/group_detail.html", _group_context(group))


def _worker_by_reference(user: Any, reference: str) -> Worker | None:
    return Worker.objects.for_user(user).filter(reference=reference.strip().upper()).first()


@login_required
@require_POST
def member_add_view(request: Any, group_id: uuid.UUID) -> Any:
    group = _scoped_group(request, group_id)
    form = MemberForm(request.POST)

    def add_member(data: dict[str, Any]) -> GroupMember:
        worker = _worker_by_reference(request.user, data["reference"])
        family = None
        if worker is None:
            raise ValidationError(
                {"reference": _("No worker with this reference that you may see.")}
            )
        if data["family_member"]:
            family = FamilyMember.objects.filter(worker=worker, pk=data["family_member"]).first()
            if family is None:
                raise ValidationError(
                    {"family_member": _("Choose one of this worker's family members.")}
                )
        return groups.add_member(
            actor=Actor.from_request(request, group.organisation_id),
            group=group,
            worker=worker,
            family_member=family,
            joined_on=data["joined_on"],
        )

    if submit(request, form, add_member).ok:
        messages.success(request, _("Member added."))
        return redirect(group)
    context = _group_context(group, member_form=form)
    return render(request, "support/group_detail.html", context, status=form_status(request))


@login_required
def family_options_view(request: Any, group_id: uuid.UUID) -> Any:
    """The family members of the worker whose reference is typed, for the member form."""
    _scoped_group(request, group_id)
    worker = _worker_by_reference(request.user, request.GET.get("reference", "")[:20])
    family = FamilyMember.objects.filter(worker=worker) if worker else FamilyMember.objects.none()
    return render(request, "support/family_options.html", {"worker": worker, "family": family})


@login_required
@require_POST
def member_leave_view(request: Any, group_id: uuid.UUID, member_id: uuid.UUID) -> Any:
    group = _scoped_group(request, group_id)
    member = get_for_user_or_404(
        GroupMember.objects.filter(group=group), request.user, pk=member_id
    )
    try:
        groups.end_membership(
            actor=Actor.from_request(request, group.organisation_id), member=member
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Membership ended."))
    return redirect(group)


@login_required
@require_POST
def meeting_create_view(request: Any, group_id: uuid.UUID) -> Any:
    group = _scoped_group(request, group_id)
    form = MeetingForm(request.POST, members=_members(group))

    def record_meeting(data: dict[str, Any]) -> Meeting:
        return groups.record_meeting(
            actor=Actor.from_request(request, group.organisation_id),
            group=group,
            held_on=data["held_on"],
            topics=data["topics"],
            notes=data["notes"],
            present=[member.pk for member in data["present"]],
        )

    if (done := submit(request, form, record_meeting)).ok:
        messages.success(request, _("Meeting recorded."))
        return redirect(done.result)
    context = _group_context(group, meeting_form=form)
    return render(request, "support/group_detail.html", context, status=form_status(request))


def _scoped_meeting(request: Any, meeting_id: uuid.UUID) -> Meeting:
    return get_for_user_or_404(
        Meeting.objects.select_related("group__organisation"), request.user, pk=meeting_id
    )


def _meeting_members(meeting: Meeting) -> Any:
    return _members(meeting.group).active_on(meeting.held_on)


def _may_override(user: Any) -> bool:
    return bool(user.has_any_perm(Permission.OVERRIDE_REFERRAL_CONSENT))


def _meeting_context(request: Any, meeting: Meeting, **forms: Any) -> dict[str, Any]:
    members = _meeting_members(meeting)
    present = list(meeting.attendance.filter(is_present=True).values_list("member_id", flat=True))
    return {
        "meeting": meeting,
        "group": meeting.group,
        "attendance_form": forms.get("attendance_form")
        or MeetingForm(
            members=members,
            with_date=False,
            initial={"topics": meeting.topics, "notes": meeting.notes, "present": present},
        ),
        "need_form": forms.get("need_form")
        or NeedForm(
            members=members.filter(left_on__isnull=True),
            may_override=_may_override(request.user),
        ),
        "referrals": Referral.objects.for_user(request.user)
        .filter(meeting=meeting)
        .select_related("worker", "family_member", "partner"),
    }


@login_required
def meeting_detail_view(request: Any, meeting_id: uuid.UUID) -> Any:
    meeting = _scoped_meeting(request, meeting_id)
    if request.method != "POST":
        return render(request, "support/meeting_detail.html", _meeting_context(request, meeting))
    form = MeetingForm(request.POST, members=_meeting_members(meeting), with_date=False)

    def update_meeting(data: dict[str, Any]) -> Meeting:
        return groups.update_meeting(
            actor=Actor.from_request(request, meeting.organisation_id),
            meeting=meeting,
            topics=data["topics"],
            notes=data["notes"],
            present=[member.pk for member in data["present"]],
        )

    if submit(request, form, update_meeting).ok:
        messages.success(request, _("Meeting saved."))
        return redirect(meeting)
    context = _meeting_context(request, meeting, attendance_form=form)
    return render(request, "support/meeting_detail.html", context, status=form_status(request))


@login_required
@require_POST
def raise_need_view(request: Any, meeting_id: uuid.UUID) -> Any:
    """A need raised at the meeting becomes a referral in one step."""
    meeting = _scoped_meeting(request, meeting_id)
    form = NeedForm(
        request.POST,
        members=_meeting_members(meeting).filter(left_on__isnull=True),
        may_override=_may_override(request.user),
    )

    def raise_need(data: dict[str, Any]) -> Referral:
        return groups.raise_need(
            actor=Actor.from_request(request, data["member"].worker.organisation_id),
            meeting=meeting,
            member=data["member"],
            service=data["service"],
            reason=data["reason"],
            consent_override_reason=data.get("consent_override_reason", ""),
        )

    if (done := submit(request, form, raise_need)).ok:
        messages.success(request, _("The need was sent on as a referral."))
        if Referral.objects.sent_by(request.user).filter(pk=done.result.pk).exists():
            return redirect(done.result)
        return redirect(meeting)
    context = _meeting_context(request, meeting, need_form=form)
    return render(request, "support/meeting_detail.html", context, status=form_status(request))
