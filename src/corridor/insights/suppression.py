"""The small-count rule for donors, authorities and the public.

Who sees what: a user who holds VIEW_OWN_WORKERS in some organisation (programme staff) sees
exact figures; everyone else who may see aggregates sees them suppressed, on pages, in the API
and in every export, because all three take their tables from `present_for`.

The rule, and why:
1. Primary suppression: a count from 1 to 4 is shown as "<5" (people.queries
   .suppress_small_counts); zero stays zero (it identifies nobody).
2. Rounding: every other count is rounded to the nearest 5. A table's total, or the same cell
   seen with and without a filter (all workers against women only), would otherwise let a reader
   subtract their way to a suppressed cell; with rounded figures the difference is uncertain by
   up to ±4, so it never pins down a person.
3. Complementary suppression: in a table whose rows add up to a total, if exactly one cell of a
   column is suppressed, the next smallest non-zero cell of that column is suppressed too, so
   the total minus the others never gives the hidden cell even before rounding.
4. Averages and sums of money (wages, fees) over fewer than 5 people are not shown at all:
   an average of one person's wage is that person's wage.
"""

from typing import Any

from corridor.accounts.models import User
from corridor.accounts.roles import Permission
from corridor.core.suppression import SMALL_COUNT_THRESHOLD
from corridor.people.queries import suppress_small_counts

ROUND_TO = 5


def sees_exact_figures(user: User) -> bool:
    return bool(user.is_authenticated and user.has_any_perm(Permission.VIEW_OWN_WORKERS))


def round_count(n: int) -> int:
    # Half up (12.5 -> 15): Python's round() would round half to even.
    return int((n + ROUND_TO // 2) // ROUND_TO * ROUND_TO)


def suppress_count(n: int | None) -> int | None:
    if n is None:
        return None
    suppressed = suppress_small_counts({"n": n})["n"]
    return None if suppressed is None else round_count(suppressed)


def suppress_column(values: list[int | None], *, adds_up: bool) -> list[int | None]:
    """Counts of one column for a reader who must not see small counts (rules 1 to 3)."""
    shown = [suppress_count(v) for v in values]
    hidden = [i for i, v in enumerate(values) if v is not None and shown[i] is None]
    if adds_up and len(hidden) == 1:
        candidates = [i for i, v in enumerate(values) if v and shown[i] is not None]
        if candidates:
            shown[min(candidates, key=lambda i: values[i] or 0)] = None
    return shown


def suppress_amount(value: Any, basis: int | None) -> Any:
    """An average or sum over `basis` people: hidden when fewer than 5 stand behind it."""
    if basis is None or basis < SMALL_COUNT_THRESHOLD:
        return None
    return value
