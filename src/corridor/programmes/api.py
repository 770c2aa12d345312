"""Programmes over REST: programmes, their indicators and results, manual results, the IATI file.

Mounted at /api/v1/programmes. Read: VIEW_AGGREGATES (donors too: results are aggregates, with
counts under 5 suppressed for everyone but programme managers). Write: MANAGE_PROGRAMMES in the
programme's office or one of its implementing partners (others 404).
"""

import datetime
import uuid
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status

from corridor.accounts.requests import signed_in_user
from corridor.core.audit import Actor
from corridor.programmes import services
from corridor.programmes.iati import IatiExportError, build_activities
from corridor.programmes.models import Indicator, Programme, Result, ResultSource
from corridor.programmes.queries import (
    may_edit,
    may_read,
    may_report,
    programmes_with_details,
    sees_small_counts,
    shown_breakdown,
    shown_value,
)

router = Router(tags=["programmes"])


class FundingOut(Schema):
    funder: str
    amount: Decimal | None
    currency: str
    period_start: datetime.date | None
    period_end: datetime.date | None


class ProgrammeSummary(Schema):
    code: str
    title: str
    status: str
    period_start: datetime.date
    period_end: datetime.date | None
    recipient_countries: list[str]


class ProgrammeOut(ProgrammeSummary):
    goal: str
    description: str
    iati_identifier: str
    reporting_organisation: str
    implementing_partners: list[str]
    activity_areas: list[str]
    target_sectors: list[str]
    dac_sectors: list[str]
    funders: list[FundingOut]


class ResultOut(Schema):
    id: uuid.UUID
    period_start: datetime.date
    period_end: datetime.date
    value: Decimal | None = Field(..., description="null: fewer than 5, suppressed")
    disaggregated: dict[str, Any] | None
    source: str
    computed_at: datetime.datetime | None
    evidence: str
    version: int
    is_current: bool


class IndicatorOut(Schema):
    id: uuid.UUID
    name: str
    unit: str
    measure: str
    is_ascending: bool
    baseline_value: Decimal | None
    baseline_year: int | None
    target_value: Decimal | None
    target_year: int | None
    disaggregation: list[str]
    metric: str
    latest_result: ResultOut | None


class ManualResultIn(Schema):
    period_start: datetime.date
    period_end: datetime.date
    value: Decimal = Field(..., max_digits=16, decimal_places=2)
    disaggregated: dict[str, Any] | None = None
    evidence: str = Field("", max_length=10000)


def _reader(request: HttpRequest) -> bool:
    """Whether the reader's counts are suppressed; 403 for who may not read at all."""
    if not may_read(signed_in_user(request)):
        raise PermissionDenied
    return not sees_small_counts(signed_in_user(request))


def _programme(code: str) -> Programme:
    try:
        return programmes_with_details().get(code=code)
    except Programme.DoesNotExist as error:
        raise Http404 from error


def _summary(programme: Programme) -> dict[str, Any]:
    return {
        "code": programme.code,
        "title": programme.title,
        "status": programme.status,
        "period_start": programme.period_start,
        "period_end": programme.period_end,
        "recipient_countries": [c.code for c in programme.recipient_countries.all()],
    }


def _result(indicator: Indicator, result: Result, suppress: bool) -> dict[str, Any]:
    return {
        "id": result.pk,
        "period_start": result.period_start,
        "period_end": result.period_end,
        "value": shown_value(indicator, result.value, suppress=suppress),
        "disaggregated": shown_breakdown(indicator, result.disaggregated, suppress=suppress),
        "source": result.source,
        "computed_at": result.computed_at,
        "evidence": result.evidence,
        "version": result.version,
        "is_current": result.is_current,
    }


def _indicator(indicator: Indicator, suppress: bool) -> dict[str, Any]:
    results = getattr(indicator, "current_results", None)
    if results is None:
        results = list(indicator.results.current())
    latest = max(results, key=lambda r: r.period_end, default=None)
    fields = ["id", "name", "unit", "measure", "is_ascending", "baseline_year", "target_year"]
    return {
        **{name: getattr(indicator, name) for name in fields},
        "baseline_value": shown_value(indicator, indicator.baseline_value, suppress=suppress),
        "target_value": indicator.target_value,
        "disaggregation": indicator.disaggregation,
        "metric": indicator.metric,
        "latest_result": _result(indicator, latest, suppress) if latest else None,
    }


@router.get("", response=list[ProgrammeSummary])
def list_programmes(request: HttpRequest) -> list[dict[str, Any]]:
    _reader(request)
    programmes = Programme.objects.prefetch_related("recipient_countries").order_by("code")
    return [_summary(p) for p in programmes]


@router.get("/{code}", response=ProgrammeOut)
def get_programme(request: HttpRequest, code: str) -> dict[str, Any]:
    _reader(request)
    programme = _programme(code)
    return {
        **_summary(programme),
        "goal": programme.goal,
        "description": programme.description,
        "iati_identifier": programme.iati_identifier,
        "reporting_organisation": programme.reporting_organisation.name,
        "implementing_partners": [o.name for o in programme.implementing_partners.all()],
        "activity_areas": programme.activity_areas,
        "target_sectors": [g.code for g in programme.target_sectors.all()],
        "dac_sectors": programme.dac_sectors,
        "funders": [
            {
                "funder": f.funder.name,
                "amount": f.amount,
                "currency": f.currency,
                "period_start": f.period_start,
                "period_end": f.period_end,
            }
            for f in programme.fundings.all()
        ],
    }


@router.get("/{code}/indicators", response=list[IndicatorOut])
def list_indicators(request: HttpRequest, code: str) -> list[dict[str, Any]]:
    suppress = _reader(request)
    return [_indicator(i, suppress) for i in _programme(code).indicators.all()]


def _indicator_of(code: str, indicator_id: uuid.UUID) -> Indicator:
    indicator = Indicator.objects.filter(programme__code=code, pk=indicator_id).first()
    if indicator is None:
        raise Http404
    return indicator


@router.get("/{code}/indicators/{indicator_id}/results", response=list[ResultOut])
def list_results(
    request: HttpRequest, code: str, indicator_id: uuid.UUID, all_versions: bool = False
) -> list[dict[str, Any]]:
    """Current results per period; `all_versions=true` adds the superseded ones."""
    suppress = _reader(request)
    indicator = _indicator_of(code, indicator_id)
    results = indicator.results.all() if all_versions else indicator.results.current()
    return [_result(indicator, r, suppress) for r in results.order_by("period_start", "version")]


@router.post("/{code}/indicators/{indicator_id}/results", response={201: ResultOut})
def add_manual_result(
    request: HttpRequest, code: str, indicator_id: uuid.UUID, payload: ManualResultIn
) -> Status[dict[str, Any]]:
    if not may_edit(signed_in_user(request)):
        raise PermissionDenied
    indicator = _indicator_of(code, indicator_id)
    # Another organisation's programme is not there for this caller to write to.
    if not may_report(signed_in_user(request), indicator.programme):
        raise Http404
    result = services.record_result(
        indicator,
        payload.period_start,
        payload.period_end,
        payload.value,
        disaggregated=payload.disaggregated,
        source=ResultSource.MANUAL,
        evidence=payload.evidence,
        actor=Actor.from_request(request, channel="api"),
    )
    return Status(201, _result(indicator, result, suppress=False))


@router.get("/{code}/iati.xml", response={200: None})
def iati_file(request: HttpRequest, code: str) -> HttpResponse:
    _reader(request)
    try:
        content = build_activities([_programme(code)])
    except IatiExportError as error:
        raise ValidationError(error.problems) from error
    return HttpResponse(content, content_type="application/xml")
