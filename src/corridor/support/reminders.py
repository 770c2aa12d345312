"""Overdue referrals reach people: each day's reminders (`referrals.remind_overdue`) become
notifications to the partner staff who owe the answer and to the sender who follows it up.

E-mail and the Reminders page only; the worker is not written to (that is outreach's, with
the worker's consent for messages).
"""

from datetime import date
from functools import partial

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from corridor.accounts.models import NotificationKind, User
from corridor.accounts.notifications import members_with, notify
from corridor.accounts.roles import Permission
from corridor.support.models import Referral, ReferralReminder


def _sender_staff(referral: Referral) -> list[User]:
    sender = referral.sent_by
    if (
        sender is not None
        and sender.is_active
        and sender.has_perm_in(Permission.SEND_REFERRALS, referral.organisation_id)
    ):
        return [sender]
    return members_with(Permission.SEND_REFERRALS, referral.organisation_id)


def _compose(referral: Referral, days_overdue: int) -> tuple[str, str]:
    subject = ngettext(
        "Referral of %(reference)s is %(days)d day overdue",
        "Referral of %(reference)s is %(days)d days overdue",
        days_overdue,
    ) % {"reference": referral.worker.reference, "days": days_overdue}
    body = _(
        "The referral of %(reference)s to %(service)s (%(partner)s) was due on %(due)s and is "
        "still open. Open it to answer or to follow it up."
    ) % {
        "reference": referral.worker.reference,
        "service": referral.service.name,
        "partner": referral.partner.name,
        "due": referral.due_date.isoformat(),
    }
    return subject, body


def notify_referral_reminders(*, on: date) -> int:
    """Notify the responsible staff of each referral reminded on `on`: the receiving partner's
    members who handle referrals, and the sender (or, if they left, the sending organisation's
    members who send referrals). Once per person, referral and day; returns how many
    notifications were created."""
    created = 0
    reminders = ReferralReminder.objects.filter(on=on).select_related(
        "referral__worker", "referral__partner", "referral__service", "referral__sent_by"
    )
    for reminder in reminders.order_by("referral__due_date", "pk"):
        referral = reminder.referral
        key = f"referral-overdue:{referral.pk}:{on.isoformat()}"
        sides = [
            (members_with(Permission.HANDLE_REFERRALS, referral.partner_id), referral.partner_id,
             referral.get_partner_url()),
            (_sender_staff(referral), referral.organisation_id, referral.get_absolute_url()),
        ]  # fmt: skip
        for recipients, organisation_id, link in sides:
            created += notify(
                recipients=recipients,
                organisation_id=organisation_id,
                kind=NotificationKind.REFERRAL_OVERDUE,
                key=key,
                link=link,
                compose=partial(_compose, referral, reminder.days_overdue),
            )
    return created
