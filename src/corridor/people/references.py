"""Readable reference numbers for workers: COUNTRY-YEAR-NNNNNN, e.g. UZ-2026-000123."""

from django.db import IntegrityError, transaction
from django.db.models import F

from corridor.people.models import ReferenceSequence


def allocate_references(*, country: str, year: int, count: int = 1) -> list[str]:
    """Hand out `count` consecutive, never reused numbers for `country` and `year`."""
    prefix = f"{country.upper()}-{year}"
    with transaction.atomic():
        try:
            with transaction.atomic():
                ReferenceSequence.objects.get_or_create(prefix=prefix)
        except IntegrityError:
            pass  # another process created the row first; it is there now
        # The UPDATE takes the row lock on PostgreSQL; SQLite serialises writers anyway.
        ReferenceSequence.objects.filter(prefix=prefix).update(last_number=F("last_number") + count)
        last = ReferenceSequence.objects.get(prefix=prefix).last_number
    return [f"{prefix}-{number:06d}" for number in range(last - count + 1, last + 1)]
