"""Background work on complaints. Tasks take plain values and call the services."""

from datetime import date

from django.tasks import task

from corridor.grievances.services import record_overdue_reminders


@task()
def remind_overdue_complaints(today: str | None = None) -> int:
    """Record a reminder for each complaint past its deadline (`today` as YYYY-MM-DD, else the
    current date); safe to run several times a day. Scheduled by cron through
    `corridor complaints remind`."""
    return record_overdue_reminders(today=date.fromisoformat(today) if today else None)
