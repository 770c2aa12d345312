"""What the recruitment pages share: who acts, and numbers as the pages show them."""

from collections.abc import Iterable
from uuid import UUID

from django.http import HttpRequest

from corridor.accounts.models import Organisation, User
from corridor.accounts.requests import signed_in_user
from corridor.accounts.roles import Permission
from corridor.core.audit import Actor
from corridor.recruitment.profiles import explained, percent

__all__ = ["acting_for", "explained", "may_see_record", "percent"]


def acting_for(
    request: HttpRequest, permission: Permission, organisations: Iterable[UUID | None]
) -> Actor:
    """The actor, for the first of `organisations` where the user holds `permission`."""
    allowed = signed_in_user(request).organisation_ids_with(permission)
    chosen = next((o for o in organisations if o is not None and o in allowed), None)
    return Actor.from_request(request, chosen or (allowed[0] if allowed else None))


def may_see_record(user: User, organisation: Organisation) -> bool:
    """A recruiter's or employer's record: programme staff, and the organisation's members."""
    member = organisation.pk in {m.organisation_id for m in user.active_memberships}
    return bool(user.is_superuser or member or user.has_any_perm(Permission.VIEW_ALL_VACANCIES))
