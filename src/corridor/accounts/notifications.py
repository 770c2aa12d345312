"""Notifications to staff: one per person and subject, shown on their Reminders page and
e-mailed through Django's mail backend (`EMAIL_*` settings).

Jobs in other apps decide who is told what (`support.referrals`, `grievances.services`,
`people.documents`) and call `notify`; then `send_pending_emails` e-mails what is new. A
notification is created once per recipient and key, so a job run again adds none, and one
whose e-mail failed stays pending until a later run sends it. Workers are never written to
here: messages to workers go through their consent and channels (the outreach app, to come).
"""

import logging
import smtplib
import uuid
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone, translation

from corridor.accounts.models import Notification, User
from corridor.accounts.roles import Permission, Role, role_has

logger = logging.getLogger(__name__)


def members_with(permission: Permission, organisation_id: uuid.UUID) -> list[User]:
    """The active users holding `permission` in the (active) organisation through a role."""
    roles = [role for role in Role.values if role_has(role, permission)]
    return list(
        User.objects.filter(
            is_active=True,
            memberships__organisation_id=organisation_id,
            memberships__organisation__is_active=True,
            memberships__role__in=roles,
        )
        .distinct()
        .order_by("email")
    )


def notify(
    *,
    recipients: Iterable[User],
    organisation_id: uuid.UUID,
    kind: str,
    key: str,
    link: str,
    compose: Callable[[], tuple[str, str]],
) -> int:
    """Give each recipient one notification for `key` unless they have it already. `compose`
    returns (subject, body) and is called in each recipient's language. Returns how many were
    created."""
    created = 0
    for user in {user.pk: user for user in recipients}.values():
        if Notification.objects.filter(recipient=user, key=key).exists():
            continue
        with translation.override(user.language or settings.LANGUAGE_CODE):
            subject, body = compose()
        with transaction.atomic():
            _, is_new = Notification.objects.get_or_create(
                recipient=user,
                key=key,
                defaults={
                    "organisation_id": organisation_id,
                    "kind": kind,
                    "subject": str(subject)[:200],
                    "body": str(body)[:2000],
                    "link": link,
                },
            )
        created += is_new
    return created


def send_pending_emails(*, kind: str) -> int:
    """E-mail every notification of `kind` not yet e-mailed, each once: it is claimed before
    sending, and released again if the mail server refuses, for a later run. Returns how many
    were sent."""
    sent = 0
    # Accounts without an e-mail address (workers, by phone) read theirs in Corridor only.
    pending = Notification.objects.filter(
        kind=kind, emailed_at__isnull=True, recipient__email__isnull=False
    )
    for notification in pending.select_related("recipient").order_by("created_at"):
        claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True)
        if not claimed.update(emailed_at=timezone.now()):
            continue  # another run took it
        try:
            _email(notification)
        except (OSError, smtplib.SMTPException):
            logger.warning(
                "E-mail of notification %s failed; kept for the next run", notification.pk
            )
            Notification.objects.filter(pk=notification.pk).update(emailed_at=None)
            continue
        sent += 1
    return sent


def _email(notification: Notification) -> None:
    # The e-mail carries the subject and message, and a link to the notification in Corridor
    # (behind the login) for anything more.
    recipient = notification.recipient
    url = settings.SITE_URL + notification.get_absolute_url()
    EmailMessage(
        subject=notification.subject,
        body=f"{notification.body}\n\n{url}\n",
        to=[recipient.label],  # only accounts with an e-mail address are sent one
    ).send()
