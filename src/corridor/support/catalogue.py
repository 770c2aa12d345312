"""The service catalogue: who may keep an organisation's services, and adding or changing one."""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from corridor.accounts.models import Organisation, OrganisationType, User
from corridor.accounts.roles import Permission
from corridor.core import audit
from corridor.core.audit import Actor
from corridor.core.models import AuditAction
from corridor.reference.models import Country, Language, Region
from corridor.support.models import PartnerService
from corridor.support.models.catalogue import PROVIDER_TYPES

SERVICE_FIELDS = (
    "name",
    "category",
    "description",
    "contact_email",
    "contact_phone",
    "contact_note",
    "is_active",
)


def runs_the_programme(user: User) -> bool:
    """Administrators of the programme office keep the directory of every partner."""
    return Organisation.objects.filter(
        pk__in=user.organisation_ids_with(Permission.MANAGE_ORGANISATIONS),
        type=OrganisationType.PROGRAMME_OFFICE,
    ).exists()


def catalogue_organisations(user: User) -> QuerySet[Organisation]:
    """Organisations whose services `user` may add and change: those they take referrals
    for or administer, or every provider for the programme office."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    providers = Organisation.objects.filter(type__in=PROVIDER_TYPES, is_active=True)
    if user.is_superuser or runs_the_programme(user):
        return providers
    return providers.filter(
        Q(pk__in=user.organisation_ids_with(Permission.HANDLE_REFERRALS))
        | Q(pk__in=user.organisation_ids_with(Permission.MANAGE_ORGANISATIONS))
    )


def may_see_catalogue(user: User) -> bool:
    return bool(
        user.is_authenticated
        and (
            user.has_any_perm(Permission.SEND_REFERRALS)
            or user.has_any_perm(Permission.HANDLE_REFERRALS)
            or user.has_any_perm(Permission.MANAGE_GROUPS)
            or user.has_any_perm(Permission.MANAGE_ORGANISATIONS)
        )
    )


def _require_keeper(actor: Actor, organisation: Organisation) -> None:
    if not catalogue_organisations(actor.user).filter(pk=organisation.pk).exists():
        if organisation.type not in PROVIDER_TYPES:
            raise ValidationError(
                {"organisation": [_("Only NGOs, diasporas and centres offer services here.")]}
            )
        raise PermissionDenied(_("You may not change this organisation's services."))


def _apply(
    service: PartnerService,
    values: dict[str, Any],
    countries: Sequence[str] | None,
    regions: Sequence[str] | None,
    languages: Sequence[str] | None,
) -> dict[str, list[Any]]:
    unknown = set(values) - set(SERVICE_FIELDS)
    if unknown:
        raise ValueError(f"not service fields: {sorted(unknown)}")
    before = {name: getattr(service, name) for name in SERVICE_FIELDS}
    for name, value in values.items():
        setattr(service, name, " ".join(value.split()) if name == "name" else value)
    errors: dict[str, list[str]] = {}
    try:
        service.full_clean(exclude=["organisation", "created_by"])
    except ValidationError as error:
        errors.update(error.message_dict)
    places = _known("countries", Country, countries, errors)
    areas = _known("regions", Region, regions, errors)
    spoken = _known("languages", Language, languages, errors)
    if errors:
        raise ValidationError(errors)
    service.save()
    changes = audit.diff(before, {name: getattr(service, name) for name in SERVICE_FIELDS})
    for field, codes in (("countries", places), ("regions", areas), ("languages", spoken)):
        if codes is not None:
            getattr(service, field).set(codes)
            changes[field] = [None, sorted(codes)]
    return changes


def _known(
    field: str, model: Any, codes: Sequence[str] | None, errors: dict[str, list[str]]
) -> list[str] | None:
    if codes is None:
        return None
    wanted = {code.strip() for code in codes if code.strip()}
    if field in {"countries", "regions"}:
        wanted = {code.upper() for code in wanted}
    found = set(model.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    if wanted - found:
        errors[field] = [
            _("Unknown codes: %(codes)s.") % {"codes": ", ".join(sorted(wanted - found))}
        ]
    return sorted(found)


@transaction.atomic
def create_service(
    *,
    actor: Actor,
    organisation: Organisation,
    values: dict[str, Any],
    countries: Sequence[str] = (),
    regions: Sequence[str] = (),
    languages: Sequence[str] = (),
) -> PartnerService:
    """Add a service to an organisation's catalogue entry."""
    _require_keeper(actor, organisation)
    service = PartnerService(organisation=organisation, created_by=actor.user)
    changes = _apply(service, values, countries, regions, languages)
    audit.record(actor=actor, action=AuditAction.CREATE, obj=service, changes=changes)
    return service


@transaction.atomic
def update_service(
    *,
    actor: Actor,
    service: PartnerService,
    values: dict[str, Any],
    countries: Sequence[str] | None = None,
    regions: Sequence[str] | None = None,
    languages: Sequence[str] | None = None,
) -> PartnerService:
    """Change a service; `is_active=False` stops new referrals to it (open ones go on)."""
    _require_keeper(actor, service.organisation)
    service = PartnerService.objects.select_for_update().get(pk=service.pk)
    changes = _apply(service, values, countries, regions, languages)
    if changes:
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=service, changes=changes)
    return service
