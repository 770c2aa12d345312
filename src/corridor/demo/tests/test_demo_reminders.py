"""The demo's overdue referrals get their reminders on the schedule's first tick, with nobody
typing a command: the scheduler enqueues the every-minute reminder job and the worker runs it
(what `make demo` starts beside the web server)."""

from io import StringIO

import pytest
from crontask import scheduler
from crontask.management.commands.crontask import Command as CrontaskCommand
from django.core import mail

from corridor.accounts.models import Notification, NotificationKind
from corridor.demo.loader import load_demo
from corridor.support.models import Referral, ReferralReminder

pytestmark = pytest.mark.django_db


def test_the_first_tick_reminds_the_staff_of_the_demos_overdue_referrals(task_worker):
    load_demo(workers=40)
    overdue = set(Referral.objects.overdue().values_list("pk", flat=True))
    assert len(overdue) == 2
    CrontaskCommand(stdout=StringIO()).load_tasks({})
    job = next(j for j in scheduler.get_jobs() if j.name == "remind_overdue_referrals")

    job.func()  # the scheduler's first firing
    task_worker()

    assert set(ReferralReminder.objects.values_list("referral", flat=True)) == overdue
    partner_notes = Notification.objects.filter(
        recipient__email="partner@demo.corridor", kind=NotificationKind.REFERRAL_OVERDUE
    )
    assert partner_notes.count() == 1
    told = ["caseworker.tj@demo.corridor", "caseworker.uz@demo.corridor", "partner@demo.corridor"]
    assert (
        sorted(str(e) for e in Notification.objects.values_list("recipient__email", flat=True))
        == told
    )
    assert sorted(m.to[0] for m in mail.outbox) == told
