"""A scheduled reminder is delivered within one minute of being due, on a frozen clock.

A referral falls overdue at the first moment of the day after its due date (UTC, the
deployment's time zone). The reminder job fires every minute, so the scheduler's next firing
after that moment is at most a minute later; the worker then runs the task, and the staff have
their notification and e-mail. No wall clock is read: the clock is set by time-machine.
"""

import datetime
from io import StringIO

import pytest
import time_machine
from crontask import scheduler
from crontask.management.commands.crontask import Command as CrontaskCommand
from django.core import mail

from corridor.accounts.models import Notification
from corridor.support.models import ReferralReminder
from corridor.support.tests.factories import refer

pytestmark = pytest.mark.django_db


def reminder_job():
    CrontaskCommand(stdout=StringIO()).load_tasks({})
    return next(job for job in scheduler.get_jobs() if job.name == "remind_overdue_referrals")


def tick(job, at, task_worker):
    """What the scheduler and worker do at `at`: the scheduler enqueues, the worker runs."""
    with time_machine.travel(at, tick=False):
        job.func()
        task_worker()


def test_the_reminder_is_delivered_within_a_minute_of_falling_due(
    caseworker, partner, worker, legal_aid, task_worker
):
    referral = refer(caseworker, worker, legal_aid)
    falls_due = datetime.datetime.combine(
        referral.due_date + datetime.timedelta(days=1), datetime.time(0, 0), tzinfo=datetime.UTC
    )
    job = reminder_job()

    # The last firing before it falls overdue finds nothing to remind.
    before = job.trigger.get_next_fire_time(None, falls_due - datetime.timedelta(minutes=1))
    assert before < falls_due
    tick(job, before, task_worker)
    assert (ReferralReminder.objects.count(), len(mail.outbox)) == (0, 0)

    fires = job.trigger.get_next_fire_time(None, falls_due)
    assert falls_due <= fires <= falls_due + datetime.timedelta(minutes=1)
    tick(job, fires, task_worker)

    reminder = ReferralReminder.objects.get()
    assert (reminder.referral_id, reminder.on, reminder.days_overdue) == (
        referral.pk,
        referral.due_date + datetime.timedelta(days=1),
        1,
    )
    assert set(Notification.objects.values_list("recipient", flat=True)) == {
        caseworker.pk,
        partner.pk,
    }
    assert all(n.created_at <= falls_due + datetime.timedelta(minutes=1)
               for n in Notification.objects.all())  # fmt: skip
    assert len(mail.outbox) == 2
