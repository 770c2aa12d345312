import uuid

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from corridor.accounts.models import Organisation
from corridor.accounts.requests import signed_in_user
from corridor.core.pagination import BoundedLimitOffset
from corridor.core.scoping import get_for_user_or_404

router = Router(tags=["organisations"])


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
