"""Reads for the programme pages, the API and the IATI file, with the small-count rule."""

from decimal import Decimal
from typing import Any

from django.db.models import Prefetch

from corridor.accounts.models import User
from corridor.accounts.roles import Permission
from corridor.core.suppression import is_small_count
from corridor.programmes.models import Indicator, Programme, Result


def may_read(user: User) -> bool:
    return bool(
        user.is_authenticated
        and (
            user.is_superuser
            or user.has_any_perm(Permission.VIEW_AGGREGATES)
            or user.has_any_perm(Permission.MANAGE_PROGRAMMES)
        )
    )


def may_edit(user: User) -> bool:
    return bool(
        user.is_authenticated
        and (user.is_superuser or user.has_any_perm(Permission.MANAGE_PROGRAMMES))
    )


def _managing_organisations(user: User) -> set[Any]:
    return set(user.organisation_ids_with(Permission.MANAGE_PROGRAMMES))


def may_manage(user: User, programme: Programme) -> bool:
    """Only the programme's office (its reporting organisation) changes what the programme is:
    its definition, funders, money and indicators. A programme manager of another organisation
    may read it like anyone else, and is answered 404 for its forms."""
    if not (user.is_authenticated and may_edit(user)):
        return False
    return bool(
        user.is_superuser or programme.reporting_organisation_id in _managing_organisations(user)
    )


def may_report(user: User, programme: Programme) -> bool:
    """The office and the programme's implementing partners post results on its indicators:
    they are the ones who did the work the figures count."""
    if may_manage(user, programme):
        return True
    if not (user.is_authenticated and may_edit(user)):
        return False
    partners = {organisation.pk for organisation in programme.implementing_partners.all()}
    return bool(partners & _managing_organisations(user))


def sees_small_counts(user: User) -> bool:
    """Programme managers see their own figures whole; everyone else sees aggregates only."""
    return may_edit(user)


def suppress_count(value: Any) -> Any:
    """None ("fewer than 5") for a count from 1 to 4; zero and larger counts stay."""
    if value is None:
        return None
    return None if is_small_count(Decimal(str(value))) else value


def shown_value(indicator: Indicator, value: Any, *, suppress: bool) -> Any:
    return suppress_count(value) if suppress and indicator.is_count else value


def shown_breakdown(indicator: Indicator, breakdown: Any, *, suppress: bool) -> Any:
    """Disaggregated values with the small counts suppressed, at any depth of nesting."""
    if not (suppress and indicator.is_count) or breakdown is None:
        return breakdown
    if isinstance(breakdown, dict):
        return {
            key: shown_breakdown(indicator, v, suppress=suppress) for key, v in breakdown.items()
        }
    if isinstance(breakdown, int | float | Decimal | str):
        try:
            return suppress_count(breakdown)
        except ArithmeticError:
            return breakdown
    return breakdown


def programmes_with_details() -> Any:
    """Programmes with everything their page and the IATI file show, in a fixed number of
    queries whatever their size."""
    return Programme.objects.select_related(
        "reporting_organisation__iati_identity"
    ).prefetch_related(
        "recipient_countries",
        "implementing_partners__iati_identity",
        "target_sectors",
        "fundings__funder__iati_identity",
        "transactions__provider__iati_identity",
        "transactions__receiver__iati_identity",
        "documents",
        Prefetch(
            "indicators",
            queryset=Indicator.objects.prefetch_related(
                Prefetch(
                    "results",
                    queryset=Result.objects.current().order_by("period_start"),
                    to_attr="current_results",
                )
            ),
        ),
    )
