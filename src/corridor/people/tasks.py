"""Background work for people: consent that has run out, and documents about to.

Both on the schedule (`settings.JOB_SCHEDULE`, daily): `consent_expiry` just after midnight,
so consent given "until the 5th" is in force on the 5th and not on the 6th;
`document_expiry` in the morning. Idempotent: run twice on a day, the second run does nothing.
"""

from datetime import date

from django.tasks import task
from django.utils import timezone

from corridor.accounts.models import NotificationKind
from corridor.accounts.notifications import send_pending_emails
from corridor.core.jobs import recorded_run, scheduled
from corridor.people.expiry import lapse_expired_consents, warn_expiring_documents


@scheduled("consent_expiry")
@task()
def lapse_consents(today: str | None = None) -> dict[str, int]:
    """Lapse consent whose end date is before `today` (ISO date; the current date if not
    given) and end the grants resting on it. Returns the counts."""
    with recorded_run("consent_expiry") as run:
        day = date.fromisoformat(today) if today else timezone.localdate()
        lapses = lapse_expired_consents(today=day)
        run.counts = {"consents_lapsed": lapses.consents, "grants_ended": lapses.grants_ended}
    return dict(run.counts)


@scheduled("document_expiry")
@task()
def warn_of_expiring_documents(today: str | None = None) -> dict[str, int]:
    """Warn each worker's centre of documents expiring soon, in Corridor and by e-mail."""
    with recorded_run("document_expiry") as run:
        day = date.fromisoformat(today) if today else timezone.localdate()
        notifications = warn_expiring_documents(today=day)
        emails = send_pending_emails(kind=NotificationKind.DOCUMENT_EXPIRING)
        run.counts = {"notifications": notifications, "emails": emails}
    return dict(run.counts)
