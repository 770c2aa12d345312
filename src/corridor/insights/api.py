"""Insights over REST: the dashboard's series, as the caller may see them (suppressed for
donors and authorities exactly as on the page), and the named metrics.

    GET /api/v1/insights/dashboard?start=2026-01&end=2026-06&citizenship=UZ&sex=F&programme=CODE
    GET /api/v1/insights/dashboard/{key}
    GET /api/v1/insights/metrics/{key}?start=...&end=...&by=sex
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Router

from corridor.accounts.requests import signed_in_user
from corridor.insights.dashboards import dashboard_for, section_as_data
from corridor.insights.filters import DashboardFilterForm
from corridor.insights.metrics import DISAGGREGATIONS, METRICS, compute_metric
from corridor.insights.refresh import latest_snapshot
from corridor.insights.scope import Scope
from corridor.insights.suppression import sees_exact_figures, suppress_amount, suppress_count
from corridor.insights.views import require_aggregates

router = Router(tags=["insights"])


def _scope(request: HttpRequest) -> Scope:
    require_aggregates(signed_in_user(request))
    form = DashboardFilterForm(request.GET)
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return form.scope()


def _envelope(request: HttpRequest, scope: Scope) -> tuple[dict[str, Any], list[Any]]:
    sections, exact = dashboard_for(signed_in_user(request), scope)
    snapshot = latest_snapshot()
    head = {
        "exact": exact,
        "refreshed_at": snapshot.refreshed_at.isoformat() if snapshot else None,
    }
    return head, sections


@router.get("/dashboard")
def dashboard(request: HttpRequest) -> dict[str, Any]:
    """Every table of the dashboard; null stands for a count under 5 (or an average over
    fewer than 5 people) the caller may not see."""
    head, sections = _envelope(request, _scope(request))
    return {**head, "sections": [section_as_data(s) for s in sections]}


@router.get("/dashboard/{key}")
def dashboard_section(request: HttpRequest, key: str) -> dict[str, Any]:
    head, sections = _envelope(request, _scope(request))
    for section in sections:
        if section.key == key:
            return {**head, **section_as_data(section)}
    raise Http404


def _shown(value: Any, *, exact: bool, unit: str, basis: int | None) -> Any:
    if exact:
        return value
    if unit == "number":
        return suppress_count(value)
    return suppress_amount(value, basis)


@router.get("/metrics/{key}")
def metric(request: HttpRequest, key: str, by: str = "") -> dict[str, Any]:
    """A named metric over the filters' period and people, optionally broken down by one of
    sex, citizenship, region, age_band. Percentages over fewer than 5 people are withheld from
    readers without exact figures."""
    scope = _scope(request)
    if key not in METRICS:
        raise Http404
    if by and by not in DISAGGREGATIONS:
        raise ValidationError({"by": f"one of {', '.join(DISAGGREGATIONS)}"})
    definition = METRICS[key]
    result = compute_metric(key, scope, by or None)
    exact = sees_exact_figures(signed_in_user(request))
    # The number of people behind a percentage: the placements it averages over.
    basis: int | None = None
    if definition.unit == "percent":
        basis = int(compute_metric("workers_placed", scope).value or 0)
    breakdown = None
    if result.breakdown is not None:
        bases = compute_metric("workers_placed", scope, by).breakdown or {}
        breakdown = {
            group: _shown(value, exact=exact, unit=definition.unit, basis=bases.get(group))  # type: ignore[arg-type]
            for group, value in result.breakdown.items()
        }
    value = _shown(result.value, exact=exact, unit=definition.unit, basis=basis)
    return {
        "key": key,
        "label": str(definition.label),
        "unit": definition.unit,
        "exact": exact,
        "value": float(value) if value is not None and definition.unit == "percent" else value,
        "breakdown": breakdown,
    }
