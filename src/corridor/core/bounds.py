"""The bounds a value's meaning gives it, in one place for models, services and schemas.

A date of 0001-01-01 or 9999-12-31 is always a typo in this field, and date arithmetic on it
(a month later, an age) overflows Python's dates: a write that accepted it would break every
later read. Corridor's dates are about living people and programmes: 1900 to 2100 holds them.

Amounts likewise: a DecimalField stores what its max_digits and decimal_places hold, and a
value past them (1e12 in a field of 14 digits with 2 places, or 0.001) is stored by SQLite
anyway and then fails every read that converts it back. An amount's bounds are what its
meaning gives it (a payment is above zero, a cost may be zero) up to the largest value the
field holds.
"""

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import BaseValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext as _

EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2100, 12, 31)

DATE_BOUNDS = [MinValueValidator(EARLIEST_DAY), MaxValueValidator(LATEST_DAY)]


def largest_amount(max_digits: int, decimal_places: int) -> Decimal:
    """The largest value a DecimalField of these digits holds: 14, 2 -> 999999999999.99."""
    return Decimal(10) ** (max_digits - decimal_places) - smallest_amount(decimal_places)


def smallest_amount(decimal_places: int) -> Decimal:
    """The smallest value above zero a field of these places holds: 2 -> 0.01."""
    return Decimal(1).scaleb(-decimal_places)


def amount_bounds(
    max_digits: int, decimal_places: int, *, least: Decimal | None = None
) -> list[BaseValidator]:
    """Bounds for an amount: from `least` (default zero: a cost may be nothing, never less)
    to the largest the field holds. Pass smallest_amount(places) for "above zero"."""
    return [
        MinValueValidator(Decimal(0) if least is None else least),
        MaxValueValidator(largest_amount(max_digits, decimal_places)),
    ]


# Money (roubles, or an amount in its currency) as Corridor's tables store it.
PAYMENT_DIGITS, PAYMENT_PLACES = 14, 2
PAYMENT_BOUNDS = amount_bounds(
    PAYMENT_DIGITS, PAYMENT_PLACES, least=smallest_amount(PAYMENT_PLACES)
)
# Roubles per unit of a currency: above zero, at most a million (no currency is worth more).
RATE_PLACES = 6
RATE_BOUNDS = [MinValueValidator(smallest_amount(RATE_PLACES)), MaxValueValidator(Decimal(10**6))]
# A monthly wage in whole roubles: above zero, at most ten million a month.
WAGE_BOUNDS = [MinValueValidator(Decimal(1)), MaxValueValidator(Decimal(10**7))]
# What a worker expects a month, in whole roubles: zero (any wage) up to the same ten million.
EXPECTED_WAGE_BOUNDS = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(10**7))]
# A monthly housing cost in whole roubles: zero (free) up to a million.
HOUSING_COST_BOUNDS = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(10**6))]

# An indicator's value (a count, a share, a change): it may be below zero, within the field.
MEASURE_BOUNDS = [
    MinValueValidator(-largest_amount(16, 2)),
    MaxValueValidator(largest_amount(16, 2)),
]


def least(validators: Sequence[Any]) -> Any:
    """The lower limit in a bounds list: for schemas (ge=) and constraints."""
    return next(v.limit_value for v in validators if isinstance(v, MinValueValidator))


def most(validators: Sequence[Any]) -> Any:
    """The upper limit in a bounds list: for schemas (le=) and constraints."""
    return next(v.limit_value for v in validators if isinstance(v, MaxValueValidator))


def within(field: str, validators: Sequence[Any], name: str) -> models.CheckConstraint:
    """The database's copy of a field's bounds (NULL passes: emptiness is the field's own rule)."""
    return models.CheckConstraint(
        condition=models.Q(
            **{f"{field}__gte": least(validators), f"{field}__lte": most(validators)}
        )
        | models.Q(**{f"{field}__isnull": True}),
        name=name,
    )


def check_bounds(
    instance: models.Model, exclude: Sequence[str] = (), rename: Mapping[str, str] | None = None
) -> None:
    """Run the validators of every date and amount of an instance, as full_clean would, for
    services that save without it: an out-of-bounds value is refused naming its field (or the
    name the service's argument gives it, from `rename`)."""
    errors: dict[str, list[str]] = {}
    for field in instance._meta.concrete_fields:
        if field.name in exclude or isinstance(field, models.DateTimeField):
            continue
        if not isinstance(field, models.DateField | models.DecimalField):
            continue
        value = getattr(instance, field.attname)
        if value in field.empty_values:
            continue
        try:
            field.run_validators(field.to_python(value))
        except ValidationError as error:
            errors[(rename or {}).get(field.name, field.name)] = error.messages
    if errors:
        raise ValidationError(errors)


def check_day(value: date | None, field: str) -> None:
    """Refuse a date outside the bounds, naming the field."""
    if value is not None and not EARLIEST_DAY <= value <= LATEST_DAY:
        raise ValidationError(
            {
                field: _("Choose a date between %(earliest)s and %(latest)s.")
                % {
                    "earliest": date_format(EARLIEST_DAY, "SHORT_DATE_FORMAT"),
                    "latest": date_format(LATEST_DAY, "SHORT_DATE_FORMAT"),
                }
            },
            code="out_of_bounds",
        )
