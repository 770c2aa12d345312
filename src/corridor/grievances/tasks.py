"""Background work on complaints. Tasks take plain values and call the services."""

from datetime import date

from django.tasks import task
from django.utils import timezone

from corridor.accounts.models import NotificationKind
from corridor.accounts.notifications import send_pending_emails
from corridor.core.jobs import recorded_run, scheduled
from corridor.grievances.reminders import notify_complaint_reminders
from corridor.grievances.services import record_overdue_reminders


@scheduled("complaint_reminders")
@task()
def remind_overdue_complaints(today: str | None = None) -> int:
    """Record a reminder for each complaint past its deadline (`today` as YYYY-MM-DD, else the
    current date) and notify and e-mail its handlers; safe to run several times a day. On the
    schedule every minute (`settings.JOB_SCHEDULE`), or at once with `corridor complaints
    remind`."""
    with recorded_run("complaint_reminders") as run:
        day = date.fromisoformat(today) if today else timezone.localdate()
        reminders = record_overdue_reminders(today=day)
        notifications = notify_complaint_reminders(on=day)
        emails = send_pending_emails(kind=NotificationKind.COMPLAINT_OVERDUE)
        run.counts = {"reminders": reminders, "notifications": notifications, "emails": emails}
    return reminders
