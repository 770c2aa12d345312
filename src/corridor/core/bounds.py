"""The bounds a value's meaning gives it, in one place for models, services and schemas.

A date of 0001-01-01 or 9999-12-31 is always a typo in this field, and date arithmetic on it
(a month later, an age) overflows Python's dates: a write that accepted it would break every
later read. Corridor's dates are about living people and programmes: 1900 to 2100 holds them.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.formats import date_format
from django.utils.translation import gettext as _

EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2100, 12, 31)

DATE_BOUNDS = [MinValueValidator(EARLIEST_DAY), MaxValueValidator(LATEST_DAY)]


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
