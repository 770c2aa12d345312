import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate
from ninja.security import SessionAuth

from corridor.accounts import two_factor
from corridor.accounts.models import Organisation
from corridor.accounts.requests import signed_in_user
from corridor.core.pagination import BoundedLimitOffset
from corridor.core.scoping import get_for_user_or_404

router = Router(tags=["organisations"])


class VerifiedSessionAuth(SessionAuth):
    """The browser session, once it has passed the second factor its user owes (an API token
    is issued by a signed-in, verified user and needs no second step)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is None or two_factor.pending_step(request) is not None:
            return None
        return user


session_auth = VerifiedSessionAuth()


class OrganisationOut(Schema):
    id: uuid.UUID
    name: str
    type: str
    country: str
    licence_number: str
    licence_valid_until: str | None

    @staticmethod
    def resolve_licence_valid_until(obj: Organisation) -> str | None:
        return obj.licence_valid_until.isoformat() if obj.licence_valid_until else None


@router.get("", response=list[OrganisationOut])
@paginate(BoundedLimitOffset)
def list_organisations(request: HttpRequest) -> list[Organisation]:
    return Organisation.objects.for_user(signed_in_user(request)).active()  # type: ignore[return-value]


@router.get("/{organisation_id}", response=OrganisationOut)
def get_organisation(request: HttpRequest, organisation_id: uuid.UUID) -> Organisation:
    return get_for_user_or_404(Organisation.objects.all(), request.user, pk=organisation_id)
