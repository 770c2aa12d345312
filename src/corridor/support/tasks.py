"""Background work for support: daily reminders of overdue referrals.

Run it daily from the scheduler of the deployment (`corridor referrals remind --enqueue`, then
the task worker), or at once with `corridor referrals remind`. Running it twice on one day adds
no second reminder.
"""

from datetime import date

from django.tasks import task

from corridor.support.referrals import remind_overdue


@task()
def remind_overdue_referrals(on: str | None = None) -> int:
    """Record a reminder for each referral past its due date; `on` is an ISO date (today if
    not given). Returns the number of reminders recorded."""
    return remind_overdue(today=date.fromisoformat(on) if on else None)
