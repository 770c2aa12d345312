"""Changing programmes, their funding and indicators, and recording results. Every change is
checked (the models' `clean`) and audited in the same transaction."""

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, NotRequired, TypedDict, Unpack

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.accounts.models import Organisation
from corridor.accounts.roles import Permission
from corridor.core import audit
from corridor.core.audit import Actor
from corridor.core.models import AuditAction
from corridor.programmes.models import (
    Funding,
    Indicator,
    IndicatorMeasure,
    Programme,
    Result,
    ResultSource,
    Transaction,
    Unit,
    period_errors,
)
from corridor.programmes.queries import may_manage, may_report
from corridor.reference.models import Country, IscoGroup


class ProgrammeDetails(TypedDict, total=False):
    """A programme's fields beyond its code, title, start and reporting office."""

    goal: str
    description: str
    period_end: datetime.date | None
    status: str  # a ProgrammeStatus
    iati_organisation_identifier: str
    activity_areas: list[str]  # ActivityArea values
    dac_sectors: list[str]  # DAC 5-digit codes
    # The many-to-many lists: the objects or their primary keys.
    recipient_countries: Iterable[Country | str]
    implementing_partners: Iterable[Organisation]
    target_sectors: Iterable[IscoGroup | str]


class ProgrammeFields(ProgrammeDetails):
    """A new programme: these four are needed, the details may follow."""

    code: str
    title: str
    period_start: datetime.date
    reporting_organisation: Organisation


class ProgrammeChanges(ProgrammeDetails, total=False):
    """What may change on a programme, each key optional (its code never changes)."""

    title: str
    period_start: datetime.date
    reporting_organisation: Organisation


class TransactionFields(TypedDict):
    date: NotRequired[datetime.date]
    type: NotRequired[str]  # a TransactionType
    amount: NotRequired[Decimal]
    currency: NotRequired[str]
    description: NotRequired[str]
    provider: NotRequired[Organisation | None]
    receiver: NotRequired[Organisation | None]


PROGRAMME_RELATIONS = ("recipient_countries", "implementing_partners", "target_sectors")


def _allowed(fields: Mapping[str, Any], allowed: type) -> None:
    """Refuse a keyword the typed dictionary does not name: a caller's typo must not reach
    the model as an unknown attribute (nor a field the workflow does not change)."""
    unknown = set(fields) - set(allowed.__annotations__)
    if unknown:
        raise TypeError(f"unexpected fields: {', '.join(sorted(unknown))}")


def require_manager(actor: Actor | None) -> None:
    user = actor.user if actor else None
    if not (user and getattr(user, "is_authenticated", False)):
        raise PermissionDenied
    if not (user.is_superuser or user.has_any_perm(Permission.MANAGE_PROGRAMMES)):
        raise PermissionDenied


def require_office(actor: Actor | None, programme: Programme) -> None:
    """Refuse anyone but the programme's office (see queries.may_manage)."""
    require_manager(actor)
    assert actor is not None
    if not may_manage(actor.user, programme):
        raise PermissionDenied


def require_reporter(actor: Actor | None, programme: Programme) -> None:
    """Refuse anyone but the programme's office and partners (see queries.may_report)."""
    require_manager(actor)
    assert actor is not None
    if not may_report(actor.user, programme):
        raise PermissionDenied


def _check_reporting_organisation(actor: Actor, organisation: Organisation | None) -> None:
    """A programme is reported by an organisation the actor manages programmes in: nobody
    creates a programme in another office's name, or hands theirs to another office."""
    user = actor.user
    if organisation is None or user.is_superuser:
        return
    if organisation.pk not in user.organisation_ids_with(Permission.MANAGE_PROGRAMMES):
        raise ValidationError(
            {
                "reporting_organisation": _(
                    "A programme is reported by your own organisation: choose the office "
                    "you manage programmes in."
                )
            }
        )


def _snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    return {f: getattr(obj, f"{f}_id", None) or getattr(obj, f) for f in fields}


def _set_relations(programme: Programme, relations: Mapping[str, Any]) -> None:
    for name in PROGRAMME_RELATIONS:
        if name in relations:
            getattr(programme, name).set(relations[name])


def create_programme(*, actor: Actor, **fields: Unpack[ProgrammeFields]) -> Programme:
    """A new programme. `fields` are Programme's fields and its three many-to-many lists."""
    require_manager(actor)
    _allowed(fields, ProgrammeFields)
    _check_reporting_organisation(actor, fields.get("reporting_organisation"))
    values: dict[str, Any] = dict(fields)
    relations = {k: values.pop(k) for k in PROGRAMME_RELATIONS if k in values}
    programme = Programme(**values)
    programme.full_clean()
    with transaction.atomic():
        programme.save()
        _set_relations(programme, relations)
        audit.record(
            actor=actor, action=AuditAction.CREATE, obj=programme,
            changes={"code": programme.code},
        )  # fmt: skip
    return programme


def update_programme(
    *, programme: Programme, actor: Actor, **changes: Unpack[ProgrammeChanges]
) -> Programme:
    """Change the given fields of the programme (and its many-to-many lists), audited."""
    require_office(actor, programme)
    _allowed(changes, ProgrammeChanges)
    if "reporting_organisation" in changes:
        _check_reporting_organisation(actor, changes["reporting_organisation"])
    fields: dict[str, Any] = dict(changes)
    relations = {k: fields.pop(k) for k in PROGRAMME_RELATIONS if k in fields}
    before = _snapshot(programme, fields)
    for name, value in fields.items():
        setattr(programme, name, value)
    programme.full_clean()
    with transaction.atomic():
        programme.save()
        _set_relations(programme, relations)
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=programme,
            changes=audit.diff(before, _snapshot(programme, fields)),
        )
    return programme


def add_funding(
    *,
    programme: Programme,
    actor: Actor,
    funder: Organisation,
    amount: Decimal | None = None,
    currency: str = "",
    period_start: datetime.date | None = None,
    period_end: datetime.date | None = None,
) -> Funding:
    """A funder of the programme; the amount may stay empty when it is not known."""
    require_office(actor, programme)
    funding = Funding(
        programme=programme,
        funder=funder,
        amount=amount,
        currency=currency,
        period_start=period_start,
        period_end=period_end,
    )
    funding.full_clean()
    with transaction.atomic():
        funding.save()
        audit.record(
            actor=actor, action=AuditAction.CREATE, obj=funding,
            changes={"programme": programme.code, "funder": str(funding.funder_id)},
        )  # fmt: skip
    return funding


def add_transaction(
    *, programme: Programme, actor: Actor, **fields: Unpack[TransactionFields]
) -> Transaction:
    """Money in or out of the programme (IATI transaction); missing fields are refused."""
    require_office(actor, programme)
    _allowed(fields, TransactionFields)
    record = Transaction(programme=programme, **fields)
    record.full_clean()
    with transaction.atomic():
        record.save()
        audit.record(actor=actor, action=AuditAction.CREATE, obj=record)
    return record


def add_indicator(
    *,
    programme: Programme,
    actor: Actor,
    name: str,
    unit: str = Unit.NUMBER,
    measure: str = IndicatorMeasure.UNIT,
    is_ascending: bool = True,
    baseline_value: Decimal | None = None,
    baseline_year: int | None = None,
    target_value: Decimal | None = None,
    target_year: int | None = None,
    disaggregation: list[str] | None = None,
    metric: str = "",
) -> Indicator:
    """An indicator of the programme, entered by hand or computed from `metric`."""
    require_office(actor, programme)
    indicator = Indicator(
        programme=programme,
        name=name,
        unit=unit,
        measure=measure,
        is_ascending=is_ascending,
        baseline_value=baseline_value,
        baseline_year=baseline_year,
        target_value=target_value,
        target_year=target_year,
        disaggregation=disaggregation or [],
        metric=metric,
    )
    indicator.full_clean()
    with transaction.atomic():
        indicator.save()
        audit.record(
            actor=actor, action=AuditAction.CREATE, obj=indicator, changes={"name": indicator.name}
        )
    return indicator


def _check_result(
    indicator: Indicator,
    period_start: datetime.date,
    period_end: datetime.date,
    source: str,
    evidence: str,
    evidence_file: File | None,
    disaggregated: dict[str, Any] | None,
) -> None:
    errors: dict[str, Any] = period_errors(period_start, period_end)
    if source not in ResultSource.values:
        errors["source"] = _("The source is “computed” or “manual”.")
    elif source == ResultSource.COMPUTED and not indicator.is_computed:
        errors["source"] = _("This indicator is entered by hand: it has no metric to compute.")
    elif source == ResultSource.MANUAL and not (evidence.strip() or evidence_file):
        errors["evidence"] = _("Say where the figure comes from, or attach the evidence.")
    if disaggregated is not None and not isinstance(disaggregated, dict):
        errors["disaggregated"] = _("Disaggregated values are a mapping of group to value.")
    if errors:
        raise ValidationError(errors)


def record_result(
    indicator: Indicator,
    period_start: datetime.date,
    period_end: datetime.date,
    value: Decimal | int,
    disaggregated: dict[str, Any] | None = None,
    source: str = ResultSource.COMPUTED,
    evidence: str = "",
    *,
    actor: Actor | None,
    evidence_file: File | None = None,
    computed_at: datetime.datetime | None = None,
) -> Result:
    """Record what `indicator` measured over a period. A result is never changed afterwards.

    Recording a period that already has a result adds a new version and keeps the old one
    (no longer current), unless the value and breakdown are the same, when the current result
    is returned unchanged: a summary refresh that finds nothing new writes nothing.
    Computed results may come from a task (`actor` None); manual ones, and any with an actor,
    need a programme manager of the programme's office or of one of its partners.
    """
    if source == ResultSource.MANUAL or actor is not None:
        require_reporter(actor, indicator.programme)
    _check_result(
        indicator, period_start, period_end, source, evidence, evidence_file, disaggregated
    )
    amount = Decimal(value)
    with transaction.atomic():
        # Lock the indicator so two recordings of one period cannot both become version n+1.
        Indicator.objects.select_for_update().filter(pk=indicator.pk).first()
        previous = (
            Result.objects.current()
            .filter(indicator=indicator, period_start=period_start, period_end=period_end)
            .first()
        )
        if (
            previous is not None
            and previous.value == amount
            and previous.disaggregated == disaggregated
            and previous.source == source
        ):
            return previous
        if previous is not None:
            Result.objects.filter(pk=previous.pk).update(is_current=False)
        result = Result(
            indicator=indicator,
            period_start=period_start,
            period_end=period_end,
            value=amount,
            disaggregated=disaggregated,
            source=source,
            computed_at=(computed_at or timezone.now())
            if source == ResultSource.COMPUTED
            else None,
            evidence=evidence,
            entered_by=actor.user if actor and source == ResultSource.MANUAL else None,
            version=previous.version + 1 if previous else 1,
        )
        if evidence_file:
            result.evidence_file = evidence_file
        result.full_clean(exclude=["evidence_file"], validate_constraints=False)
        result.save()
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=result,
            changes={
                "indicator": str(indicator.pk),
                "period": [str(period_start), str(period_end)],
                "value": str(amount),
                "version": result.version,
            },
            actor_label="" if actor else "insights",
        )
    return result
