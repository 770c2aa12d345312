"""What the recruitment pages share: who acts, and numbers as the pages show them."""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.utils.formats import number_format

from corridor.accounts.models import Organisation, User
from corridor.accounts.requests import signed_in_user
from corridor.accounts.roles import Permission
from corridor.core.audit import Actor
from corridor.recruitment import matching


def acting_for(
    request: HttpRequest, permission: Permission, organisations: Iterable[UUID | None]
) -> Actor:
    """The actor, for the first of `organisations` where the user holds `permission`."""
    allowed = signed_in_user(request).organisation_ids_with(permission)
    chosen = next((o for o in organisations if o is not None and o in allowed), None)
    return Actor.from_request(request, chosen or (allowed[0] if allowed else None))


def percent(value: Any, digits: int = 1) -> str | None:
    if value is None:
        return None
    return number_format(Decimal(str(value)) * 100, digits, use_l10n=True)


def explained(explanation: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Score factors as the pages show them: points out of 100, labels in the reader's language
    (a stored explanation keeps the language of whoever put the worker forward)."""
    return [
        {
            "label": matching.FACTOR_LABELS.get(item.get("factor", ""), item.get("label", "")),
            "detail": item.get("detail", ""),
            "points": percent(item.get("points", 0)),
            "weight": percent(item.get("weight", 0), 0),
        }
        for item in explanation
    ]


def may_see_record(user: User, organisation: Organisation) -> bool:
    """A recruiter's or employer's record: programme staff, and the organisation's members."""
    member = organisation.pk in {m.organisation_id for m in user.active_memberships}
    return bool(user.is_superuser or member or user.has_any_perm(Permission.VIEW_ALL_VACANCIES))
