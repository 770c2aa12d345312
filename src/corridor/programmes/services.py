"""Changing programmes, their funding and indicators, and recording results. Every change is
checked (the models' `clean`) and audited in the same transaction."""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.accounts.roles import Permission
from corridor.core import audit
from corridor.core.audit import Actor
from corridor.core.models import AuditAction
from corridor.programmes.models import (
    Funding,
    Indicator,
    Programme,
    Result,
    ResultSource,
    Transaction,
    period_errors,
)
from corridor.programmes.queries import may_manage, may_report

PROGRAMME_FIELDS = (
    "code",
    "title",
    "goal",
    "description",
    "period_start",
    "period_end",
    "status",
    "reporting_organisation",
    "iati_organisation_identifier",
    "activity_areas",
    "dac_sectors",
)
PROGRAMME_RELATIONS = ("recipient_countries", "implementing_partners", "target_sectors")


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


def _check_reporting_organisation(actor: Actor, organisation: Any) -> None:
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


def _set_relations(programme: Programme, relations: dict[str, Any]) -> None:
    for name in PROGRAMME_RELATIONS:
        if name in relations:
            getattr(programme, name).set(relations[name])


def create_programme(*, actor: Actor, **fields: Any) -> Programme:
    """A new programme. `fields` are Programme's fields and its three many-to-many lists."""
    require_manager(actor)
    _check_reporting_organisation(actor, fields.get("reporting_organisation"))
    relations = {k: fields.pop(k) for k in PROGRAMME_RELATIONS if k in fields}
    programme = Programme(**fields)
    programme.full_clean()
    with transaction.atomic():
        programme.save()
        _set_relations(programme, relations)
        audit.record(
            actor=actor, action=AuditAction.CREATE, obj=programme,
            changes={"code": programme.code},
        )  # fmt: skip
    return programme


def update_programme(*, programme: Programme, actor: Actor, **fields: Any) -> Programme:
    require_office(actor, programme)
    if "reporting_organisation" in fields:
        _check_reporting_organisation(actor, fields["reporting_organisation"])
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


def add_funding(*, programme: Programme, actor: Actor, **fields: Any) -> Funding:
    """A funder of the programme; the amount may stay empty when it is not known."""
    require_office(actor, programme)
    funding = Funding(programme=programme, **fields)
    funding.full_clean()
    with transaction.atomic():
        funding.save()
        audit.record(
            actor=actor, action=AuditAction.CREATE, obj=funding,
            changes={"programme": programme.code, "funder": str(funding.funder_id)},
        )  # fmt: skip
    return funding


def add_transaction(*, programme: Programme, actor: Actor, **fields: Any) -> Transaction:
    require_office(actor, programme)
    record = Transaction(programme=programme, **fields)
    record.full_clean()
    with transaction.atomic():
        record.save()
        audit.record(actor=actor, action=AuditAction.CREATE, obj=record)
    return record


def add_indicator(*, programme: Programme, actor: Actor, **fields: Any) -> Indicator:
    require_office(actor, programme)
    indicator = Indicator(programme=programme, **fields)
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
    evidence_file: Any,
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
    value: Decimal | int | float | str,
    disaggregated: dict[str, Any] | None = None,
    source: str = ResultSource.COMPUTED,
    evidence: str = "",
    *,
    actor: Actor | None,
    evidence_file: Any = None,
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
    amount = Decimal(str(value))
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
