"""Overdue complaints reach people: each day's reminders (`services.record_overdue_reminders`)
become notifications to the complaint's handler, or, with none assigned (or gone), to the
handling organisation's members who handle complaints.

Notifications name the complaint by its tracking code, never the complainant.
"""

from datetime import date
from functools import partial

from django.utils.translation import gettext as _

from corridor.accounts.models import NotificationKind, User
from corridor.accounts.notifications import members_with, notify
from corridor.accounts.roles import Permission
from corridor.grievances.models import Complaint, ComplaintReminder


def _handlers(complaint: Complaint) -> list[User]:
    handler = complaint.assigned_to
    if (
        handler is not None
        and handler.is_active
        and handler.has_perm_in(Permission.HANDLE_COMPLAINTS, complaint.organisation_id)
    ):
        return [handler]
    return members_with(Permission.HANDLE_COMPLAINTS, complaint.organisation_id)


def _compose(complaint: Complaint) -> tuple[str, str]:
    values = {"code": complaint.tracking_code, "due": complaint.due_on.isoformat()}
    subject = _("Complaint %(code)s: the answer was due on %(due)s") % values
    body = (
        _(
            "Complaint %(code)s is still open past its answer deadline (%(due)s). Open it to answer "
            "the complainant or to record why it takes longer."
        )
        % values
    )
    return subject, body


def notify_complaint_reminders(*, on: date) -> int:
    """Notify the handler (or handlers) of each complaint reminded on `on`, once per person,
    complaint and day; returns how many notifications were created."""
    created = 0
    reminders = ComplaintReminder.objects.filter(reminded_on=on).select_related(
        "complaint__assigned_to"
    )
    for reminder in reminders.order_by("due_on", "pk"):
        complaint = reminder.complaint
        created += notify(
            recipients=_handlers(complaint),
            organisation_id=complaint.organisation_id,
            kind=NotificationKind.COMPLAINT_OVERDUE,
            key=f"complaint-overdue:{complaint.pk}:{on.isoformat()}",
            link=complaint.get_absolute_url(),
            compose=partial(_compose, complaint),
        )
    return created
