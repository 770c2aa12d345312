"""The demo loader: services of the three providers, referrals at every step, the Urgut group."""

import pytest
from django.db import transaction

from corridor.accounts.models import Organisation, User
from corridor.demo.loader import ORGANISATIONS, USERS, load_demo
from corridor.demo.support import GROUP_NAME, load_support
from corridor.people.models import AccessGrant, TimelineEvent, TimelineKind
from corridor.support.models import (
    AssistanceGroup,
    GroupMember,
    MeetingAttendance,
    PartnerService,
    Referral,
    ReferralStatus,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo loaded once for this module (it takes a while), removed afterwards. When
    load_demo already loads support, it is not loaded twice (`made` is then None)."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo(workers=300)
        organisations = {
            spec["key"]: Organisation.objects.get(name=spec["name"]) for spec in ORGANISATIONS
        }
        users = {email: User.objects.get(email=email) for email, *_ in USERS}
        made = None
        if not AssistanceGroup.objects.filter(name=GROUP_NAME).exists():
            made = load_support(organisations, users)
        yield organisations, made
        transaction.set_rollback(True)


def test_the_providers_offer_their_services(demo):
    organisations, _made = demo

    offered = {
        (service.organisation_id, service.category) for service in PartnerService.objects.active()
    }
    assert offered == {
        (organisations["ngo"].pk, "legal_aid"),
        (organisations["ngo"].pk, "psychosocial"),
        (organisations["diaspora"].pk, "housing"),
        (organisations["diaspora"].pk, "family"),
        (organisations["diaspora"].pk, "remittances"),
        (organisations["uz"].pk, "return"),
    }
    legal = PartnerService.objects.get(category="legal_aid")
    assert sorted(legal.languages.values_list("pk", flat=True)) == ["ru", "tg", "uz"]
    assert "RU-MOW" in legal.regions.values_list("pk", flat=True)


def test_referrals_at_every_step_two_overdue_one_by_override(demo):
    _organisations, made = demo

    assert Referral.objects.count() == 13
    assert made in (None, 13)
    assert set(Referral.objects.values_list("status", flat=True)) == set(ReferralStatus.values)
    assert Referral.objects.overdue().count() == 2
    urgent = Referral.objects.exclude(consent_override_reason="")
    assert urgent.count() == 1
    overridden_by = urgent.get().consent_overridden_by
    assert overridden_by is not None
    assert overridden_by.email == "admin@demo.corridor"
    assert Referral.objects.filter(status="completed", feedback_rating__isnull=False).count() == 2
    # Referrals share with the partner through referral grants only, which open no record.
    assert set(
        AccessGrant.objects.filter(
            worker__in=Referral.objects.values("worker"), organisation__name__contains="Legal Aid"
        ).values_list("purpose", flat=True)
    ) == {"referral"}


def test_the_timeline_never_shows_the_override_reason(demo):
    urgent = Referral.objects.exclude(consent_override_reason="").get()

    entries = TimelineEvent.objects.filter(worker=urgent.worker, kind=TimelineKind.REFERRAL)

    assert entries.exists()
    assert all(urgent.consent_override_reason not in entry.text for entry in entries)


def test_the_urgut_group_met_three_times_and_sent_a_need_on(demo):
    group = AssistanceGroup.objects.get(name=GROUP_NAME)

    assert (group.region_id, group.locality) == ("UZ-SA", "Ургут")
    assert GroupMember.objects.filter(group=group).count() == 8
    assert group.meetings.count() == 3
    assert MeetingAttendance.objects.filter(meeting__group=group).count() == 24
    assert 0 < MeetingAttendance.objects.filter(meeting__group=group, is_present=True).count() < 24
    need = Referral.objects.get(meeting__group=group)
    assert need.category == "family"
    assert need.family_member is not None
