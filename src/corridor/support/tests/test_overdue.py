"""Due dates by category; overdue referrals flagged, listed by a command and reminded daily."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from corridor.people.tests.factories import actor
from corridor.support.models import Referral, ReferralReminder, ReferralStatus
from corridor.support.referrals import default_due_date, move_referral
from corridor.support.tasks import remind_overdue_referrals
from corridor.support.tests.factories import days_ago, offer, refer

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.mark.parametrize(
    ("category", "days"),
    [
        ("legal_aid", 10),
        ("health", 5),
        ("psychosocial", 5),
        ("housing", 14),
        ("remittances", 14),
        ("return", 14),
    ],
)
def test_the_due_date_follows_the_category(category, days):
    assert default_due_date(category, datetime.date(2026, 3, 2)) == datetime.date(
        2026, 3, 2
    ) + datetime.timedelta(days=days)


def test_a_new_referral_is_due_by_its_category(caseworker, worker, partner):
    health = offer(partner, "health", name="Приём терапевта")

    referral = refer(caseworker, worker, health)

    assert referral.due_date == TODAY + datetime.timedelta(days=5)


def test_a_due_date_in_the_past_is_refused(caseworker, worker, legal_aid):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        refer(caseworker, worker, legal_aid, due_date=days_ago(1))


def _late(referral, days):
    Referral.objects.filter(pk=referral.pk).update(due_date=days_ago(days))
    return Referral.objects.get(pk=referral.pk)


@pytest.fixture
def four(caseworker, partner, worker, legal_aid):
    """An overdue open one, an overdue completed one, an overdue declined one, one on time."""
    late = _late(refer(caseworker, worker, legal_aid), 3)
    done = refer(caseworker, worker, legal_aid)
    move_referral(actor=actor(partner), referral=done, status=ReferralStatus.ACCEPTED)
    move_referral(
        actor=actor(partner), referral=done, status=ReferralStatus.COMPLETED, outcome="Помогли"
    )
    done = _late(done, 3)
    declined = refer(caseworker, worker, legal_aid)
    move_referral(
        actor=actor(partner), referral=declined, status=ReferralStatus.DECLINED, note="Нет мест"
    )
    declined = _late(declined, 3)
    on_time = refer(caseworker, worker, legal_aid)
    return late, done, declined, on_time


def test_only_open_referrals_past_their_due_date_are_overdue(four):
    late, done, _declined, on_time = four

    assert list(Referral.objects.overdue()) == [late]
    assert late.is_overdue() and not done.is_overdue() and not on_time.is_overdue()
    assert list(Referral.objects.overdue(TODAY + datetime.timedelta(days=30))) == [
        on_time,
        late,
    ]


def test_the_list_flags_overdue_referrals_and_filters_them(caseworker, four):
    client = Client(headers={"accept-language": "en"})
    client.force_login(caseworker)

    page = client.get("/support/referrals/").content.decode()
    only = client.get("/support/referrals/?overdue=on").content.decode()

    assert page.count('class="badge bad">overdue') == 1
    assert "4 referrals" in page
    assert "1 referral" in only
    assert f"/support/referrals/{four[0].pk}/" in only


def test_the_command_prints_the_overdue_ones(four, worker):
    out = StringIO()

    call_command("referrals", "overdue", stdout=out, stderr=StringIO())

    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 1
    assert str(four[0].pk) in lines[0]
    assert worker.reference in lines[0]
    assert "3d overdue" in lines[0]
    assert worker.family_name not in lines[0]


def test_the_task_records_one_reminder_a_day(four):
    late = four[0]

    first = remind_overdue_referrals.call()
    again = remind_overdue_referrals.call()
    tomorrow = remind_overdue_referrals.call(on=(TODAY + datetime.timedelta(days=1)).isoformat())

    assert (first, again) == (1, 0)
    # The on-time referral is due in ten days: tomorrow only the late one is reminded again.
    assert tomorrow == 1
    reminders = ReferralReminder.objects.filter(referral=late).order_by("on")
    assert [(r.on, r.days_overdue) for r in reminders] == [
        (TODAY, 3),
        (TODAY + datetime.timedelta(days=1), 4),
    ]
    assert ReferralReminder.objects.count() == 2


def test_the_remind_command_runs_the_task(four):
    out = StringIO()

    call_command("referrals", "remind", stdout=out)
    call_command("referrals", "remind", stdout=out)

    assert out.getvalue().splitlines() == [
        f"1 reminders recorded for {TODAY.isoformat()}",
        f"0 reminders recorded for {TODAY.isoformat()}",
    ]


def test_the_task_can_be_enqueued(four):
    out = StringIO()

    call_command("referrals", "remind", "--enqueue", stdout=out)

    assert out.getvalue().startswith("queued ")
    assert ReferralReminder.objects.count() == 0
