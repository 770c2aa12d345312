"""Background work for support: reminders of overdue referrals, to the staff responsible.

On the schedule (`settings.JOB_SCHEDULE["referral_reminders"]`, every minute, so a referral
falling overdue at midnight is reminded within the minute), or at once with `corridor
referrals remind`. Running it again on one day adds no second reminder, notification or
e-mail.
"""

from datetime import date

from django.tasks import task
from django.utils import timezone

from corridor.accounts.models import NotificationKind
from corridor.accounts.notifications import send_pending_emails
from corridor.core.jobs import recorded_run, scheduled
from corridor.support.referrals import remind_overdue
from corridor.support.reminders import notify_referral_reminders


@scheduled("referral_reminders")
@task()
def remind_overdue_referrals(on: str | None = None) -> int:
    """Record a reminder for each referral past its due date, notify and e-mail the staff
    responsible; `on` is an ISO date (today if not given). Returns the number of reminders
    recorded."""
    with recorded_run("referral_reminders") as run:
        today = date.fromisoformat(on) if on else timezone.localdate()
        reminders = remind_overdue(today=today)
        notifications = notify_referral_reminders(on=today)
        emails = send_pending_emails(kind=NotificationKind.REFERRAL_OVERDUE)
        run.counts = {"reminders": reminders, "notifications": notifications, "emails": emails}
    return reminders
