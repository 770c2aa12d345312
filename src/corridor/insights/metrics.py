"""Named metrics: the figures a programme's computed indicators report, from the summary tables.

Each metric is a function of a `Scope` (a period in whole months, and who) with an optional
disaggregation (sex, citizenship, region, age band). Definitions, so that a figure means the
same thing in every report:

- workers_registered: workers registered in the period.
- workers_matched: of those registered in the period, how many have reached `matched` or beyond.
- workers_trained / workers_certified: enrolments given a place in the period that were
  completed / that hold a valid certificate.
- workers_placed: contracts generated in the period.
- employed_3_months_after_arrival: workers who first arrived in the three months before the
  period (shifted by three months) and are employed, or have since returned, now.
- average_wage_vs_offer: the average actual wage recorded at arrival as a percentage of the
  average offered wage, over contracts generated in the period.
- recruitment_cost_share_sdg_10_7_1: the average, over contracts generated in the period, of
  what the worker paid that the employer should have (recruitment fees and related costs) as
  a percentage of the monthly wage (actual if recorded, else offered): SDG indicator 10.7.1.
- contract_substitutions: contracts generated in the period found worse at arrival.
- complaints_opened / complaints_resolved: filed in / resolved or closed in the period.
- referrals_completed: referrals completed in the period.
- returns: workers who returned home in the period.

Placements are broken down by the destination region; training, referrals and complaints have
no region or age band (None is returned for those breakdowns).

Statistics consent (docs/decisions/0013-statistics-without-consent.md): every metric, and
every breakdown, counts only workers whose statistics consent is in force; that is what the
summary tables' default manager holds. The one exception is `operational_total`: the total,
without breakdown, of a metric marked `operational` (what the programme agreement obliges the
programme to report of its own work), which counts every worker as an anonymous aggregate.
"""

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.db.models import Model, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from corridor.insights.models import (
    ComplaintFact,
    Movement,
    MovementFact,
    PlacementFact,
    ReferralFact,
    TrainingFact,
    WorkerFact,
    WorkerMonthFact,
)
from corridor.insights.scope import Scope, add_months, month_start
from corridor.people.stages import CYCLE, Stage

Number = int | Decimal | None
DISAGGREGATIONS = ("sex", "citizenship", "region", "age_band")


@dataclass(frozen=True)
class MetricValue:
    value: Number
    breakdown: dict[str, Number] | None = None


@dataclass(frozen=True)
class Metric:
    key: str
    label: Any
    unit: str  # "number" or "percent", as programmes.Unit
    compute: Callable[[Scope, str | None], MetricValue]
    dimensions: tuple[str, ...] = field(default=DISAGGREGATIONS)
    # An operational count of the programme's own work, whose total (never a breakdown)
    # includes workers without statistics consent (decision 0013). Decided per metric.
    operational: bool = False


def _sum_by(queryset: QuerySet[Any], measure: str, by: str | None) -> MetricValue:
    total = queryset.aggregate(n=Sum(measure))["n"] or 0
    if by is None:
        return MetricValue(int(total))
    rows = queryset.order_by().values(by).annotate(n=Sum(measure)).order_by(by)
    return MetricValue(int(total), {str(row[by]): int(row["n"] or 0) for row in rows})


def _count_metric(
    model: type[Model], measure: str, *, column: str = "month", extra: Q | None = None
) -> Callable[[Scope, str | None], MetricValue]:
    def compute(scope: Scope, by: str | None) -> MetricValue:
        queryset = scope.facts(model, column)
        if extra is not None:
            queryset = queryset.filter(extra)
        return _sum_by(queryset, measure, by)

    return compute


def _workers(
    extra: Q | None = None,
) -> Callable[[Scope, str | None], MetricValue]:
    """Workers registered in the period; from the small monthly table unless the breakdown
    needs region or age band."""

    def compute(scope: Scope, by: str | None) -> MetricValue:
        model = WorkerFact if by in ("region", "age_band") else WorkerMonthFact
        return _count_metric(model, "workers", extra=extra)(scope, by)

    return compute


def _reached(stage: str) -> Callable[[Scope, str | None], MetricValue]:
    return _workers(Q(furthest__gte=CYCLE.index(stage)))


def _moved(movement: str, *, months_before: int = 0, stages: list[str] | None = None) -> Any:
    def compute(scope: Scope, by: str | None) -> MetricValue:
        shifted = replace(
            scope,
            start=add_months(month_start(scope.start), -months_before) if scope.start else None,
            end=add_months(month_start(scope.end), -months_before) if scope.end else None,
        )
        queryset = shifted.facts(MovementFact).filter(movement=movement)
        if stages:
            queryset = queryset.filter(stage__in=stages)
        return _sum_by(queryset, "workers", by)

    return compute


_employed_3_months = _moved(
    Movement.ARRIVED,
    months_before=3,
    stages=[Stage.EMPLOYED, Stage.RETURNED, Stage.REINTEGRATED],
)


def _percent(numerator: Any, denominator: Any) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(str(numerator)) * 100 / Decimal(str(denominator))).quantize(Decimal("0.1"))


def _ratio_metric(
    row_value: Callable[[dict[str, Any]], Decimal | None], sums: dict[str, Any]
) -> Callable[[Scope, str | None], MetricValue]:
    def compute(scope: Scope, by: str | None) -> MetricValue:
        queryset = scope.facts(PlacementFact)
        total = row_value(queryset.aggregate(**sums))
        if by is None:
            return MetricValue(total)
        rows = queryset.order_by().values(by).annotate(**sums).order_by(by)
        return MetricValue(total, {str(row[by]): row_value(row) for row in rows})

    return compute


def _wage_ratio(row: dict[str, Any]) -> Decimal | None:
    if not row["offered_count"] or not row["actual_count"]:
        return None
    actual = Decimal(row["actual_sum"]) / row["actual_count"]
    offered = Decimal(row["offered_sum"]) / row["offered_count"]
    return _percent(actual, offered)


def _cost_share(row: dict[str, Any]) -> Decimal | None:
    return _percent(row["share_sum"] or 0, row["share_count"])


WAGE_SUMS = {
    "offered_sum": Sum("offered_wage_sum"),
    "offered_count": Sum("offered_wage_count"),
    "actual_sum": Sum("actual_wage_sum"),
    "actual_count": Sum("actual_wage_count"),
}
SHARE_SUMS = {"share_sum": Sum("cost_share_sum"), "share_count": Sum("cost_share_count")}
NO_PLACE_OR_AGE = ("sex", "citizenship")
PLACEMENT_DIMENSIONS = ("sex", "citizenship", "region")
RESOLVED_STATUSES = ["resolved", "closed"]

METRICS: dict[str, Metric] = {
    metric.key: metric
    for metric in [
        Metric(
            "workers_registered",
            _("workers registered"),
            "number",
            _workers(),
            operational=True,
        ),
        Metric(
            "workers_trained",
            _("workers trained"),
            "number",
            _count_metric(TrainingFact, "completed"),
            NO_PLACE_OR_AGE,
            operational=True,
        ),
        Metric(
            "workers_certified",
            _("workers certified"),
            "number",
            _count_metric(TrainingFact, "certified"),
            NO_PLACE_OR_AGE,
            operational=True,
        ),
        Metric("workers_matched", _("workers matched"), "number", _reached(Stage.MATCHED)),
        Metric(
            "workers_placed",
            _("workers placed"),
            "number",
            _count_metric(PlacementFact, "placements"),
            PLACEMENT_DIMENSIONS,
            operational=True,
        ),
        Metric(
            "employed_3_months_after_arrival",
            _("employed three months after arrival"),
            "number",
            _employed_3_months,
        ),
        Metric(
            "average_wage_vs_offer",
            _("average wage against the offer (%)"),
            "percent",
            _ratio_metric(_wage_ratio, WAGE_SUMS),
            PLACEMENT_DIMENSIONS,
        ),
        Metric(
            "recruitment_cost_share_sdg_10_7_1",
            _("recruitment cost as a share of a month's wage (%)"),
            "percent",
            _ratio_metric(_cost_share, SHARE_SUMS),
            PLACEMENT_DIMENSIONS,
        ),
        Metric(
            "contract_substitutions",
            _("contract substitutions"),
            "number",
            _count_metric(PlacementFact, "substituted"),
            PLACEMENT_DIMENSIONS,
        ),
        Metric(
            "complaints_opened",
            _("complaints opened"),
            "number",
            _count_metric(ComplaintFact, "opened"),
            NO_PLACE_OR_AGE,
            operational=True,
        ),
        Metric(
            "complaints_resolved",
            _("complaints resolved"),
            "number",
            _count_metric(ComplaintFact, "resolved", extra=Q(status__in=RESOLVED_STATUSES)),
            NO_PLACE_OR_AGE,
            operational=True,
        ),
        Metric(
            "referrals_completed",
            _("referrals completed"),
            "number",
            _count_metric(ReferralFact, "completed"),
            NO_PLACE_OR_AGE,
            operational=True,
        ),
        Metric(
            "returns",
            _("returns"),
            "number",
            _moved(Movement.RETURNED),
            operational=True,
        ),
    ]
}


def compute_metric(key: str, scope: Scope, by: str | None = None) -> MetricValue:
    """The value of metric `key` over `scope`, broken down by `by` if the metric has it
    (None for the breakdown otherwise), over workers with statistics consent in force."""
    metric = METRICS[key]
    scope = replace(scope, everyone=False)
    if by is not None and by not in metric.dimensions:
        return replace(metric.compute(scope, None), breakdown=None)
    return metric.compute(scope, by)


def operational_total(key: str, scope: Scope) -> MetricValue:
    """The total of metric `key` as the programme reports it to its donors: for an operational
    metric every worker counts, consenting or not (an anonymous aggregate, no breakdown);
    any other metric counts only workers with statistics consent in force (decision 0013)."""
    metric = METRICS[key]
    if not metric.operational:
        return compute_metric(key, scope)
    return replace(metric.compute(replace(scope, everyone=True), None), breakdown=None)


def _json_number(value: Number) -> int | str | None:
    return str(value) if isinstance(value, Decimal) else value


def compute_indicator_results(programme: Any, period_start: Any, period_end: Any) -> int:
    """Record a computed result for each of `programme`'s indicators that names a metric, over
    the programme's countries; returns how many were recorded (unchanged ones included).

    `programmes` is optional to this app: without it there is nothing to record."""
    try:
        from corridor.programmes.services import record_result
    except ImportError:
        return 0
    countries = tuple(programme.recipient_countries.values_list("code", flat=True))
    scope = Scope(start=period_start, end=period_end, countries=countries)
    recorded = 0
    for indicator in programme.indicators.exclude(metric=""):
        if indicator.metric not in METRICS:
            continue
        # The total may count everyone (operational metrics); breakdowns count consenting
        # workers only, so they may add up to less than the total (decision 0013).
        value = operational_total(indicator.metric, scope)
        if value.value is None:
            continue  # nothing to measure in the period: no result rather than a false zero
        breakdowns: dict[str, Any] = {}
        for dimension in indicator.disaggregation or []:
            breakdown = compute_metric(indicator.metric, scope, dimension).breakdown
            if breakdown is not None:
                breakdowns[dimension] = {k: _json_number(v) for k, v in breakdown.items()}
        record_result(
            indicator,
            period_start,
            period_end,
            value.value,
            disaggregated=breakdowns or None,
            source="computed",
            actor=None,
        )
        recorded += 1
    return recorded
