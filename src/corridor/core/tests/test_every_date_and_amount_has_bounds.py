"""Every date and amount a person can write has the bounds its meaning gives it.

A DateField or DecimalField without them takes 0001-01-01 or 1e12 from a form or the API, and
the page that reads it back fails for everyone. New fields join this walk by themselves.
"""

from decimal import Decimal

import pytest
from django.apps import apps
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from corridor.core.bounds import EARLIEST_DAY, LATEST_DAY, largest_amount

# Rows computed from other tables, never written by a person: their sources carry the bounds.
DERIVED = {
    "insights": "monthly summary tables, refreshed from the records",
    "recruitment.MatchFeatures": "matching's flattened copy of the worker's record",
    "recruitment.MatchOccupation": "matching's flattened copy of the worker's occupations",
}


def user_written_fields():
    for model in apps.get_models():
        label = f"{model._meta.app_label}.{model.__name__}"
        if not model.__module__.startswith("corridor.") or model._meta.abstract:
            continue
        if model._meta.app_label in DERIVED or label in DERIVED:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.DateTimeField):
                continue  # instants the code stamps, not days a person types
            if not isinstance(field, models.DateField | models.DecimalField):
                continue
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                continue
            yield pytest.param(field, id=f"{label}.{field.name}")


FIELDS = list(user_written_fields())


def limit(field, kind):
    return next((v.limit_value for v in field.validators if isinstance(v, kind)), None)


def test_the_walk_finds_the_fields_it_guards():
    names = {p.id for p in FIELDS}
    assert {"recruitment.Payment.amount", "recruitment.Payment.paid_on"} <= names
    assert not any(name.startswith("insights.") for name in names)
    assert len(FIELDS) >= 40


@pytest.mark.parametrize("field", FIELDS)
def test_a_user_written_date_or_amount_has_a_min_and_a_max(field):
    least, most = limit(field, MinValueValidator), limit(field, MaxValueValidator)

    assert least is not None and most is not None, f"{field} has no bounds"
    assert least <= most
    if isinstance(field, models.DecimalField):
        # The bounds fit in the field: a value within them is stored and read back as it is.
        biggest = largest_amount(field.max_digits, field.decimal_places)
        assert -biggest <= Decimal(least) and Decimal(most) <= biggest
    else:
        assert least >= EARLIEST_DAY and most <= LATEST_DAY
