"""The small-count rule every donor and public figure follows: a count from 1 to 4 could point
to a person, so it is never shown. One place, so that people, programmes and insights agree."""

from typing import Any

SMALL_COUNT_THRESHOLD = 5


def is_small_count(value: Any) -> bool:
    """True for a count from 1 to 4; zero, None and larger counts are not small."""
    return value is not None and 0 < value < SMALL_COUNT_THRESHOLD
