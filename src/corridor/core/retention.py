"""Retention of the audit log: the one audited path by which old entries leave it.

The application never deletes audit entries (the model, its QuerySet and a database trigger
refuse). When a retention schedule says entries older than some date must go, an operator
calls `purge_audit_log`; it opens a retention window, deletes, closes the window and records
the purge in the log itself, all in one transaction.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.core import audit
from corridor.core.audit import Actor
from corridor.core.models import AuditAction, AuditRetentionWindow


def delete_entries_in_window(
    *, before: datetime, reason: str, actor_label: str = ""
) -> AuditRetentionWindow:
    """Delete audit entries older than `before` through a window opened and closed here; the
    closed window says how many went.

    Callers record why (see `purge_audit_log`); this alone is also what empties a test
    database before it is flushed.
    """
    with transaction.atomic():
        window = AuditRetentionWindow.objects.create(
            cutoff=before, reason=reason, actor_label=actor_label
        )
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM core_auditevent WHERE at < %s", [before])
            deleted = max(cursor.rowcount, 0)
        window.closed_at = timezone.now()
        window.deleted = deleted
        window.save(update_fields=["closed_at", "deleted"])
    return window


@transaction.atomic
def purge_audit_log(*, actor: Actor, before: datetime, reason: str) -> int:
    """Delete audit entries recorded before `before` and append one entry saying so.

    Returns how many entries were deleted.
    """
    if not reason.strip():
        raise ValidationError({"reason": [_("Say which retention rule this purge follows.")]})
    if before > timezone.now():
        raise ValidationError({"before": [_("Only entries already recorded can be purged.")]})
    user = actor.user if getattr(actor.user, "is_authenticated", False) else None
    window = delete_entries_in_window(
        before=before, reason=reason.strip(), actor_label=user.label if user else ""
    )
    audit.record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=window,
        changes={
            "before": before.isoformat(),
            "deleted": window.deleted,
            "reason": window.reason,
        },
    )
    return window.deleted
