"""Mutual-assistance groups: members, meetings with attendance, and a need raised at a meeting
sent on as a referral in one step, under the same consent rule."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import translation

from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import member
from corridor.people.models import TimelineEvent, TimelineKind
from corridor.people.tests.factories import actor, register, snapshot
from corridor.support import groups
from corridor.support.models import (
    AssistanceGroup,
    GroupMember,
    Meeting,
    MeetingAttendance,
    Referral,
)
from corridor.support.tests.factories import days_ago, family_of, group_of, organisation_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client(headers={"accept-language": "en"})


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def group(caseworker):
    return group_of(caseworker, facilitator=caseworker)


@pytest.fixture
def wife(caseworker, worker):
    return family_of(caseworker, worker, full_name="Абдуллаева Нилуфар", relation="spouse")


@pytest.fixture
def members(caseworker, group, worker, wife):
    """The worker's wife and the worker himself, members since ten days ago."""
    joined = days_ago(10)
    return [
        groups.add_member(
            actor=actor(caseworker),
            group=group,
            worker=worker,
            family_member=wife,
            joined_on=joined,
        ),
        groups.add_member(actor=actor(caseworker), group=group, worker=worker, joined_on=joined),
    ]


def test_a_group_is_started_in_a_place(group, caseworker):
    assert (group.country_id, group.region_id, group.locality) == ("UZ", "UZ-SA", "Ургут")
    assert group.organisation == organisation_of(caseworker)
    assert group.facilitator == caseworker


def test_a_region_of_another_country_is_refused(caseworker):
    with pytest.raises(ValidationError) as refused:
        group_of(caseworker, region="TJ-SU")

    assert "region" in refused.value.message_dict
    assert AssistanceGroup.objects.count() == 0


def test_the_facilitator_must_be_of_the_organisation(caseworker, outsider):
    with pytest.raises(ValidationError):
        group_of(caseworker, facilitator=outsider)


def test_a_workers_own_login_is_no_facilitator(caseworker):
    own_login = member(Role.WORKER, organisation_of(caseworker))

    with pytest.raises(ValidationError) as refused:
        group_of(caseworker, facilitator=own_login)

    assert "facilitator" in refused.value.message_dict


def test_a_user_without_manage_groups_may_not_start_one(caseworker):
    employer = member(Role.EMPLOYER, organisation_of(caseworker))

    with pytest.raises(PermissionDenied):
        group_of(employer)


def test_members_join_and_leave_on_the_workers_timeline(caseworker, members, worker):
    wife_member, worker_member = members

    groups.end_membership(actor=actor(caseworker), member=worker_member)

    assert GroupMember.objects.current().count() == 1
    assert wife_member.name == "Абдуллаева Нилуфар"
    entries = TimelineEvent.objects.filter(worker=worker, kind=TimelineKind.GROUP).order_by("at")
    assert [entry.message for entry in entries] == [
        "group_relative_joined",
        "group_joined",
        "group_left",
    ]
    with translation.override("ru"):
        assert entries[2].text == f"Сам работник: выход из группы “{worker_member.group.name}”"
    with pytest.raises(ValidationError):
        groups.end_membership(actor=actor(caseworker), member=worker_member)


def test_a_member_joins_once(caseworker, group, worker, members):
    with pytest.raises(ValidationError):
        groups.add_member(actor=actor(caseworker), group=group, worker=worker)


def test_only_workers_the_manager_may_see_join(caseworker, outsider, group):
    stranger = register(outsider)

    with pytest.raises(PermissionDenied):
        groups.add_member(actor=actor(caseworker), group=group, worker=stranger)


def test_a_meeting_records_attendance_of_the_members_on_its_date(caseworker, group, members):
    wife_member, worker_member = members

    meeting = groups.record_meeting(
        actor=actor(caseworker),
        group=group,
        held_on=days_ago(2),
        topics="Денежные переводы без комиссии; школа для детей",
        present=[wife_member.pk],
    )

    rows = dict(
        MeetingAttendance.objects.filter(meeting=meeting).values_list("member", "is_present")
    )
    assert rows == {wife_member.pk: True, worker_member.pk: False}
    groups.update_meeting(
        actor=actor(caseworker),
        meeting=meeting,
        topics=meeting.topics,
        notes="Пришли оба",
        present=[wife_member.pk, worker_member.pk],
    )
    assert MeetingAttendance.objects.filter(meeting=meeting, is_present=True).count() == 2


def test_a_meeting_before_someone_joined_leaves_them_out(caseworker, group, members, worker):
    late = register(caseworker, given_name="Рустам")
    groups.add_member(actor=actor(caseworker), group=group, worker=late, joined_on=days_ago(1))

    meeting = groups.record_meeting(
        actor=actor(caseworker), group=group, held_on=days_ago(5), topics="Знакомство"
    )

    assert MeetingAttendance.objects.filter(meeting=meeting).count() == 2
    with pytest.raises(ValidationError):
        groups.record_meeting(
            actor=actor(caseworker),
            group=group,
            held_on=days_ago(5),
            topics="Знакомство",
            present=[GroupMember.objects.get(worker=late).pk],
        )


def test_a_future_meeting_is_refused(caseworker, group):
    with pytest.raises(ValidationError):
        groups.record_meeting(
            actor=actor(caseworker),
            group=group,
            held_on=datetime.date.today() + datetime.timedelta(days=1),
            topics="Планы",
        )
    assert Meeting.objects.count() == 0


def test_a_need_raised_at_a_meeting_becomes_a_linked_referral(
    caseworker, group, members, legal_aid, wife
):
    meeting = groups.record_meeting(
        actor=actor(caseworker), group=group, held_on=days_ago(1), topics="Права мигрантов"
    )

    referral = groups.raise_need(
        actor=actor(caseworker),
        meeting=meeting,
        member=members[0],
        service=legal_aid,
        reason="Муж не получил зарплату за три месяца",
    )

    assert referral.meeting == meeting
    assert referral.family_member == wife
    assert referral.worker == members[0].worker


def test_a_need_follows_the_consent_rule(caseworker, group, legal_aid):
    no_consent = register(caseworker, given_name="Рустам")
    joined = groups.add_member(
        actor=actor(caseworker), group=group, worker=no_consent, joined_on=days_ago(3)
    )
    meeting = groups.record_meeting(
        actor=actor(caseworker), group=group, held_on=days_ago(1), topics="Права мигрантов"
    )
    before = snapshot(no_consent)

    with pytest.raises(ValidationError) as refused:
        groups.raise_need(
            actor=actor(caseworker), meeting=meeting, member=joined, service=legal_aid, reason="x"
        )

    assert "consent" in refused.value.message_dict
    assert Referral.objects.count() == 0
    assert snapshot(no_consent) == before


def test_the_meeting_page_raises_a_need_in_one_step(client, caseworker, group, members, legal_aid):
    meeting = groups.record_meeting(
        actor=actor(caseworker), group=group, held_on=days_ago(1), topics="Права мигрантов"
    )
    login(client, caseworker)

    page = client.get(f"/support/meetings/{meeting.pk}/")
    sent = client.post(
        f"/support/meetings/{meeting.pk}/need/",
        {"member": str(members[0].pk), "service": str(legal_aid.pk), "reason": "Нужен юрист"},
    )

    assert page.status_code == 200
    assert "Raise a need" in page.content.decode()
    referral = Referral.objects.get()
    assert sent.status_code == 302
    assert sent["Location"] == f"/support/referrals/{referral.pk}/"
    assert referral.meeting == meeting


def test_the_group_pages_work_for_its_managers(client, caseworker, group, members):
    login(client, caseworker)

    listing = client.get("/support/groups/")
    detail = client.get(f"/support/groups/{group.pk}/")
    recorded = client.post(
        f"/support/groups/{group.pk}/meetings/",
        {"held_on": days_ago(1).isoformat(), "topics": "Переводы", "present": [str(members[0].pk)]},
    )

    assert listing.status_code == 200 and group.name in listing.content.decode()
    assert "Абдуллаева Нилуфар" in detail.content.decode()
    assert recorded.status_code == 302
    assert MeetingAttendance.objects.filter(is_present=True).count() == 1


def test_a_member_is_added_by_reference_on_the_page(client, caseworker, group, worker, wife):
    login(client, caseworker)

    options = client.get(
        f"/support/groups/{group.pk}/members/family/", {"reference": worker.reference}
    )
    added = client.post(
        f"/support/groups/{group.pk}/members/",
        {"reference": worker.reference.lower(), "family_member": str(wife.pk)},
    )
    unknown = client.post(f"/support/groups/{group.pk}/members/", {"reference": "UZ-2026-999999"})

    assert "Абдуллаева Нилуфар" in options.content.decode()
    assert added.status_code == 302
    assert GroupMember.objects.get().family_member == wife
    assert unknown.status_code == 422


def test_users_of_another_organisation_get_404_and_nothing_changes(
    client, outsider, partner, group, members
):
    meeting = groups.record_meeting(
        actor=actor(members[0].worker.created_by), group=group, held_on=days_ago(1), topics="x"
    )
    before = (GroupMember.objects.count(), Meeting.objects.count())

    for user in (outsider, partner):
        login(client, user)
        assert client.get(f"/support/groups/{group.pk}/").status_code == 404
        assert client.get(f"/support/meetings/{meeting.pk}/").status_code == 404
        assert (
            client.post(
                f"/support/groups/{group.pk}/meetings/", {"held_on": "2026-01-01", "topics": "x"}
            ).status_code
            == 404
        )
        assert (
            client.post(f"/support/groups/{group.pk}/members/{members[0].pk}/leave/").status_code
            == 404
        )
        assert group.name not in client.get("/support/groups/").content.decode()

    assert GroupMember.objects.current().count() == 2
    assert (GroupMember.objects.count(), Meeting.objects.count()) == before


def test_users_without_manage_groups_are_forbidden(client, caseworker):
    employer = member(Role.EMPLOYER, organisation_of(caseworker))

    assert login(client, employer).get("/support/groups/").status_code == 403


def test_the_group_page_lists_meetings_newest_first(client, caseworker, group, members):
    for days, topics in ((9, "Первая встреча"), (3, "Третья встреча"), (6, "Вторая встреча")):
        groups.record_meeting(
            actor=actor(caseworker),
            group=group,
            held_on=days_ago(days),
            topics=topics,
            present=[members[0].pk],
        )

    text = login(client, caseworker).get(f"/support/groups/{group.pk}/").content.decode()

    assert text.index("Третья") < text.index("Вторая") < text.index("Первая")
