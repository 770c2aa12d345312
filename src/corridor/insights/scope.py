"""What a dashboard, an export or a metric is about: a period in whole months and who."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from corridor.core.bounds import check_day


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Scope:
    """A period (the months containing `start` and `end`, both included) and filters on who.
    `countries` restricts to workers of those citizenships (a programme's countries)."""

    start: date | None = None
    end: date | None = None
    citizenship: str = ""
    sex: str = ""
    countries: tuple[str, ...] = field(default_factory=tuple)
    # Count workers without statistics consent too. Set only by metrics.operational_total,
    # for the programme's operational totals (decision 0013); never from a reader's filters.
    everyone: bool = False

    @staticmethod
    def check_period(start: date | None, end: date | None) -> None:
        """The rules of a period a reader asks for (pages, API, exports): months inside the
        bounds, an end not before the start. Metrics may shift a checked period by a few
        months (employment three months after arrival), so the scope itself does not refuse."""
        check_day(start, "start")
        check_day(end, "end")
        if start and end and month_start(end) < month_start(start):
            raise ValidationError({"end": _("The period ends before it starts.")})

    def months(self, queryset: QuerySet[Any], column: str = "month") -> QuerySet[Any]:
        if self.start:
            queryset = queryset.filter(**{f"{column}__gte": month_start(self.start)})
        if self.end:
            queryset = queryset.filter(**{f"{column}__lte": month_start(self.end)})
        return queryset

    def who(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.citizenship:
            queryset = queryset.filter(citizenship=self.citizenship)
        if self.sex:
            queryset = queryset.filter(sex=self.sex)
        if self.countries:
            queryset = queryset.filter(citizenship__in=self.countries)
        return queryset

    def apply(self, queryset: QuerySet[Any], column: str = "month") -> QuerySet[Any]:
        return self.who(self.months(queryset, column))

    def facts(self, model: type[Model], column: str = "month") -> QuerySet[Any]:
        """A summary table's rows in this scope: those about workers with statistics consent
        in force (the default manager), or every row for an operational total."""
        manager: Any = model.everyone if self.everyone else model._default_manager  # type: ignore[attr-defined]
        return self.apply(manager.all(), column)
