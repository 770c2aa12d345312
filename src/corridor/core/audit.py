"""Writing the audit log. Callers are inside the transaction of the change they record."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.http import HttpRequest

from corridor.core.bulk import insert_rows, rows_of
from corridor.core.clients import client_ip
from corridor.core.models import AuditAction, AuditEvent

__all__ = ["Actor", "client_ip", "diff", "event", "record", "record_many"]


@dataclass(frozen=True)
class Actor:
    """Who is acting, and through which door; services take this instead of a request."""

    user: Any  # accounts.User; typed loosely because core may not import accounts
    organisation_id: uuid.UUID | None = None
    ip_address: str | None = None
    channel: str = "web"

    @classmethod
    def from_request(
        cls, request: HttpRequest, organisation_id: Any = None, *, channel: str = "web"
    ) -> "Actor":
        """Act for `organisation_id` if the user belongs to it, else for their first
        organisation; pages, the API and every app use this one choice."""
        user: Any = request.user
        memberships = user.active_memberships if user.is_authenticated else []
        chosen = next((m for m in memberships if m.organisation_id == organisation_id), None)
        chosen = chosen or (memberships[0] if memberships else None)
        return cls(
            user=user,
            organisation_id=chosen.organisation_id if chosen else None,
            ip_address=client_ip(request),
            channel=channel,
        )


def event(
    *,
    actor: Actor | None,
    action: AuditAction | str,
    obj: models.Model | None = None,
    worker_id: uuid.UUID | None = None,
    changes: dict[str, Any] | None = None,
    actor_label: str = "",
    object_type: str = "",
) -> AuditEvent:
    """One audit event, not yet written: `record` writes it, `record_many` writes a batch.

    `object_type` names what was touched when there is no one row (e.g. "core.auditevent"
    for a read of the log itself); with `obj` it is taken from the model.
    """
    user = actor.user if actor and getattr(actor.user, "is_authenticated", False) else None
    return AuditEvent(
        actor=user,
        actor_label=actor_label or (user.label if user else ""),
        organisation_id=actor.organisation_id if actor else None,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else object_type,
        object_id=str(obj.pk) if obj is not None else "",
        worker_id=worker_id,
        changes=changes or {},
        ip_address=actor.ip_address if actor else None,
        channel=actor.channel if actor else "",
    )


def record(
    *,
    actor: Actor | None,
    action: AuditAction | str,
    obj: models.Model | None = None,
    worker_id: uuid.UUID | None = None,
    changes: dict[str, Any] | None = None,
    actor_label: str = "",
    object_type: str = "",
) -> AuditEvent:
    """Append one audit event (arguments as `event`). Call it inside the transaction that makes
    the change."""
    entry = event(
        actor=actor,
        action=action,
        obj=obj,
        worker_id=worker_id,
        changes=changes,
        actor_label=actor_label,
        object_type=object_type,
    )
    entry.save(force_insert=True)
    return entry


def record_many(events: Sequence[AuditEvent]) -> None:
    """Append audit events built by `event`, several to a statement (an import's thousands).

    Call it inside the transaction that makes the changes, after the rows they name are written.
    """
    insert_rows(AuditEvent, rows_of(events))


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Field-by-field changes as {field: [old, new]}, values made JSON-safe."""
    return {
        key: [_json_safe(before.get(key)), _json_safe(value)]
        for key, value in after.items()
        if before.get(key) != value
    }


def _json_safe(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    return str(value)
