"""The dashboard's tables, built from the summary tables for a scope, and the same tables as
a given reader may see them (suppressed for donors and authorities).

Pages, the API and the exports all take their tables from `dashboard_for`, so the rule in
`suppression` holds everywhere a reader can look.
"""

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Model, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from corridor.accounts.models import User
from corridor.grievances.models import Category
from corridor.insights import metrics
from corridor.insights.models import (
    ComplaintFact,
    FeeFact,
    PlacementFact,
    ReferralFact,
    TrainingFact,
    WorkerMonthFact,
)
from corridor.insights.scope import Scope
from corridor.insights.suppression import (
    sees_exact_figures,
    suppress_amount,
    suppress_column,
    suppress_count,
)
from corridor.people.stages import CYCLE, Stage
from corridor.reference.models import IscoGroup, Region
from corridor.support.models import ServiceCategory
from corridor.training.models import CourseType

# The funnel stops at `returned`: reintegration is followed up outside the recruitment cycle.
FUNNEL = CYCLE[: CYCLE.index(Stage.RETURNED) + 1]


@dataclass(frozen=True)
class Column:
    key: str
    label: Any
    kind: str = "count"  # "count" (people), "amount" (roubles) or "percent"
    chart: bool = True


@dataclass
class Row:
    label: Any
    values: dict[str, Any]
    # For amounts and percents: how many people stand behind the figure.
    bases: dict[str, int] = field(default_factory=dict)
    kind: str | None = None  # overrides the column's kind for this row (headline figures)


@dataclass
class Section:
    key: str
    title: Any
    columns: list[Column]
    rows: list[Row]
    chart: str = "bar"
    # True when the rows partition a whole (a total row makes sense, rule 3 applies).
    adds_up: bool = True
    note: Any = ""
    total: Row | None = None

    def kind_of(self, row: Row, column: Column) -> str:
        return row.kind or column.kind


def _label_map(choices: Any) -> dict[str, Any]:
    return dict(choices)


def _month_label(month: date) -> str:
    return f"{month:%Y-%m}"


def _grouped(queryset: QuerySet[Any], by: str, **sums: Any) -> list[dict[str, Any]]:
    return list(queryset.order_by().values(by).annotate(**sums).order_by(by))


def funnel(scope: Scope) -> Section:
    rows = _grouped(scope.apply(WorkerMonthFact.objects.all()), "furthest", n=Sum("workers"))
    at = {row["furthest"]: row["n"] for row in rows}
    labels = _label_map(Stage.choices)
    result = []
    for rank, stage in enumerate(FUNNEL):
        reached = sum(n for furthest, n in at.items() if furthest >= rank)
        result.append(Row(labels[stage], {"workers": reached}))
    return Section(
        "funnel",
        _("Through the migration cycle"),
        [Column("workers", _("workers who reached the stage"))],
        result,
        adds_up=False,
        note=_("Workers registered in the period, by the furthest stage they have reached."),
    )


def headline(scope: Scope) -> Section:
    placements = scope.apply(PlacementFact.objects.all()).aggregate(
        **metrics.WAGE_SUMS, **metrics.SHARE_SUMS
    )
    rows = []
    for key in (
        "workers_registered",
        "workers_placed",
        "employed_3_months_after_arrival",
        "contract_substitutions",
        "returns",
    ):
        value = metrics.compute_metric(key, scope).value
        rows.append(Row(metrics.METRICS[key].label, {"value": value}))
    for key, basis in (
        ("average_wage_vs_offer", placements["actual_count"] or 0),
        ("recruitment_cost_share_sdg_10_7_1", placements["share_count"] or 0),
    ):
        value = metrics.compute_metric(key, scope).value
        rows.append(Row(metrics.METRICS[key].label, {"value": value}, {"value": basis}, "percent"))
    return Section(
        "headline",
        _("Key figures"),
        [Column("value", _("value"), chart=False)],
        rows,
        chart="",
        adds_up=False,
    )


def placements_by(scope: Scope, dimension: str) -> Section:
    rows = _grouped(
        scope.apply(PlacementFact.objects.all()),
        dimension,
        placements=Sum("placements"),
        employed=Sum("employed"),
    )
    codes = [row[dimension] for row in rows]
    if dimension == "region":
        names = {r.code: r.name for r in Region.objects.filter(code__in=codes)}
        title = _("Placements by destination region")
    else:
        names = {g.code: f"{g.code} {g.title}" for g in IscoGroup.objects.filter(code__in=codes)}
        title = _("Placements by occupation (ISCO-08)")
    rows.sort(key=lambda row: -row["placements"])
    return Section(
        f"placements_by_{dimension}",
        title,
        [Column("placements", _("contracts")), Column("employed", _("employed"))],
        [
            Row(
                names.get(row[dimension], row[dimension] or "-"),
                {
                    "placements": row["placements"],
                    "employed": row["employed"],
                },
            )
            for row in rows
        ],
    )


def _average(total: Any, count: int | None) -> Decimal | None:
    return (Decimal(total) / count).quantize(Decimal("1")) if count else None


def wages(scope: Scope) -> Section:
    rows = _grouped(
        scope.apply(PlacementFact.objects.all()),
        "month",
        placements=Sum("placements"),
        **metrics.WAGE_SUMS,
    )
    return Section(
        "wages",
        _("Wages offered and actual (roubles a month)"),
        [
            Column("placements", _("contracts"), chart=False),
            Column("offered", _("average offered"), "amount"),
            Column("actual", _("average actual at arrival"), "amount"),
        ],
        [
            Row(
                _month_label(row["month"]),
                {
                    "placements": row["placements"],
                    "offered": _average(row["offered_sum"], row["offered_count"]),
                    "actual": _average(row["actual_sum"], row["actual_count"]),
                },
                {"offered": row["offered_count"], "actual": row["actual_count"]},
            )
            for row in rows
        ],
        chart="line",
    )


def fees(scope: Scope) -> Section:
    rows = _grouped(
        scope.apply(FeeFact.objects.all()),
        "recruiter_name",
        fees=Sum("fees_rub"),
        payments=Sum("payments"),
        workers=Sum("workers"),
    )
    rows.sort(key=lambda row: -(row["fees"] or 0))
    return Section(
        "fees",
        _("Recruitment fees paid by workers that employers should have paid"),
        [
            Column("workers", _("workers who paid"), chart=False),
            Column("payments", _("payments"), chart=False),
            Column("fees", _("roubles"), "amount"),
        ],
        [
            Row(
                row["recruiter_name"] or _("no recruiter recorded"),
                {"workers": row["workers"], "payments": row["payments"], "fees": row["fees"]},
                {"fees": row["workers"]},
            )
            for row in rows
        ],
        # A worker paying two recruiters counts under each: the workers column does not add up.
        adds_up=False,
        note=_("SDG 10.7.1 (recruitment cost as a share of a month's wage) is under key figures."),
    )


def _by_category(
    key: str,
    title: Any,
    model: type[Model],
    columns: list[Column],
    labels: dict[str, Any],
    scope: Scope,
) -> Section:
    sums = {column.key: Sum(column.key) for column in columns}
    rows = _grouped(scope.apply(model._default_manager.all()), "category", **sums)
    return Section(
        key,
        title,
        columns,
        [
            Row(
                labels.get(row["category"], row["category"]),
                dict((column.key, row[column.key]) for column in columns),
            )
            for row in rows
        ],
    )


def complaints(scope: Scope) -> Section:
    return _by_category(
        "complaints",
        _("Complaints"),
        ComplaintFact,
        [Column("opened", _("opened")), Column("resolved", _("resolved or closed"))],
        _label_map(Category.choices),
        scope,
    )


def referrals(scope: Scope) -> Section:
    return _by_category(
        "referrals",
        _("Referrals to services"),
        ReferralFact,
        [Column("sent", _("sent")), Column("completed", _("completed"))],
        _label_map(ServiceCategory.choices),
        scope,
    )


def training(scope: Scope) -> Section:
    columns = [
        Column("enrolled", _("enrolled")),
        Column("completed", _("completed")),
        Column("certified", _("certified")),
    ]
    rows = _grouped(
        scope.apply(TrainingFact.objects.all()),
        "course_type",
        **{column.key: Sum(column.key) for column in columns},
    )
    labels = _label_map(CourseType.choices)
    return Section(
        "training",
        _("Training"),
        columns,
        [
            Row(
                labels.get(row["course_type"], row["course_type"]),
                {c.key: row[c.key] for c in columns},
            )
            for row in rows
        ],
    )


def trends(scope: Scope) -> Section:
    series: dict[str, tuple[Any, QuerySet[Any], str]] = {
        "registered": (_("registered"), WorkerMonthFact.objects.all(), "workers"),
        "placements": (_("contracts"), PlacementFact.objects.all(), "placements"),
        "complaints": (_("complaints opened"), ComplaintFact.objects.all(), "opened"),
        "referrals": (_("referrals sent"), ReferralFact.objects.all(), "sent"),
        "enrolled": (_("enrolled in training"), TrainingFact.objects.all(), "enrolled"),
    }
    by_month: dict[date, dict[str, int]] = defaultdict(dict)
    for key, (_label, queryset, measure) in series.items():
        for row in _grouped(scope.apply(queryset), "month", n=Sum(measure)):
            by_month[row["month"]][key] = row["n"] or 0
    return Section(
        "trends",
        _("Trends by month"),
        [Column(key, label) for key, (label, _q, _m) in series.items()],
        [
            Row(_month_label(month), {key: by_month[month].get(key, 0) for key in series})
            for month in sorted(by_month)
        ],
        chart="line",
    )


def build_dashboard(scope: Scope) -> list[Section]:
    """Every table of the dashboard, exact, for `scope`."""
    return [
        headline(scope),
        funnel(scope),
        placements_by(scope, "region"),
        placements_by(scope, "isco"),
        wages(scope),
        fees(scope),
        complaints(scope),
        referrals(scope),
        training(scope),
        trends(scope),
    ]


def _with_total(section: Section) -> Section:
    if not section.adds_up or not section.rows:
        return section
    totals = {
        column.key: sum(row.values.get(column.key) or 0 for row in section.rows)
        for column in section.columns
        if column.kind == "count"
    }
    return replace(section, total=Row(_("total"), totals))


def _suppressed(section: Section) -> Section:
    rows = [Row(row.label, dict(row.values), dict(row.bases), row.kind) for row in section.rows]
    for column in section.columns:
        counts = [i for i, row in enumerate(rows) if section.kind_of(row, column) == "count"]
        shown = suppress_column(
            [rows[i].values.get(column.key) for i in counts], adds_up=section.adds_up
        )
        for i, value in zip(counts, shown, strict=True):
            rows[i].values[column.key] = value
        for row in rows:
            if section.kind_of(row, column) != "count":
                row.values[column.key] = suppress_amount(
                    row.values.get(column.key), row.bases.get(column.key)
                )
    total = None
    if section.total is not None:
        total = Row(
            section.total.label,
            {key: suppress_count(value) for key, value in section.total.values.items()},
        )
    return replace(section, rows=rows, total=total)


def present_for(sections: list[Section], *, exact: bool) -> list[Section]:
    totalled = [_with_total(section) for section in sections]
    return totalled if exact else [_suppressed(section) for section in totalled]


def dashboard_for(user: User, scope: Scope) -> tuple[list[Section], bool]:
    """The dashboard as `user` may see it, and whether its figures are exact."""
    exact = sees_exact_figures(user)
    return present_for(build_dashboard(scope), exact=exact), exact


def section_as_data(section: Section) -> dict[str, Any]:
    """A table as plain data for JSON (the page's charts and the API)."""

    def plain(value: Any) -> Any:
        return float(value) if isinstance(value, Decimal) else value

    return {
        "key": section.key,
        "title": str(section.title),
        "chart": section.chart,
        "columns": [
            {"key": c.key, "label": str(c.label), "kind": c.kind, "chart": c.chart}
            for c in section.columns
        ],
        "rows": [
            {"label": str(row.label), "values": {k: plain(v) for k, v in row.values.items()}}
            for row in section.rows
        ],
        "total": (
            {k: plain(v) for k, v in section.total.values.items()} if section.total else None
        ),
    }


# A reader's filter choices come from what the facts hold, never from the people tables.
def citizenship_choices() -> list[str]:
    return list(
        WorkerMonthFact.objects.order_by("citizenship")
        .values_list("citizenship", flat=True)
        .annotate(n=Count("id"))
        .values_list("citizenship", flat=True)
    )
