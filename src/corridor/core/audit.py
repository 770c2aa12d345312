"""Writing the audit log. Callers are inside the transaction of the change they record."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.http import HttpRequest
from django.utils import timezone

from corridor.core.bulk import Row, insert_rows
from corridor.core.clients import client_ip
from corridor.core.models import AuditAction, AuditEvent

__all__ = ["Actor", "client_ip", "diff", "record", "record_many", "row"]


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


def _columns(
    actor: Actor | None,
    action: AuditAction | str,
    obj: models.Model | None,
    worker_id: uuid.UUID | None,
    changes: dict[str, Any] | None,
    actor_label: str,
    object_type: str,
) -> dict[str, Any]:
    user = actor.user if actor and getattr(actor.user, "is_authenticated", False) else None
    return {
        "actor_id": user.pk if user else None,
        "actor_label": actor_label or (user.label if user else ""),
        "organisation_id": actor.organisation_id if actor else None,
        "action": action,
        "object_type": obj._meta.label_lower if obj is not None else object_type,
        "object_id": str(obj.pk) if obj is not None else "",
        "worker_id": worker_id,
        "changes": changes or {},
        "ip_address": actor.ip_address if actor else None,
        "channel": actor.channel if actor else "",
    }


def row(
    *,
    actor: Actor | None,
    action: AuditAction | str,
    obj: models.Model | None = None,
    worker_id: uuid.UUID | None = None,
    changes: dict[str, Any] | None = None,
    actor_label: str = "",
    object_type: str = "",
) -> Row:
    """One audit event as a row for `record_many`, not yet written (arguments as `record`)."""
    columns = _columns(actor, action, obj, worker_id, changes, actor_label, object_type)
    return {"at": timezone.now(), **columns}


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
    """Append one audit event. Call it inside the transaction that makes the change.

    `object_type` names what was touched when there is no one row (e.g. "core.auditevent"
    for a read of the log itself); with `obj` it is taken from the model.
    """
    return AuditEvent.objects.create(
        **_columns(actor, action, obj, worker_id, changes, actor_label, object_type)
    )


def record_many(rows: Sequence[Row]) -> None:
    """Append audit events built by `row`, thousands at a time (an import), by `core.bulk`.

    Call it inside the transaction that makes the changes, after the rows they name are written.
    """
    insert_rows(AuditEvent, rows)


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
