"""Scoring one pair of records in Python with the trained model, for the registration check.

Splink scores millions of pairs in DuckDB; a caseworker typing a new worker needs a dozen
scored in milliseconds. This applies the same model (levels in the same order, the same m and
u probabilities from the shipped JSON) to the same columns, one pair at a time, and says which
fields agree and which disagree.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from typing import Any

from rapidfuzz.distance import Jaro

from corridor.identity.model import load_trained_settings

Columns = dict[str, Any]


def jaro_winkler(a: str, b: str) -> float:
    """Jaro-Winkler similarity as Splink's JaroWinklerLevel gets it from DuckDB, to the last bit.

    DuckDB's `jaro_winkler_similarity` vendors jarowinkler-cpp, the code rapidfuzz grew
    from: prefix weight 0.1 over up to 4 characters, the prefix bonus only above a Jaro of
    0.7, transpositions as half the out-of-order matches rounded down. The Jaro part is
    rapidfuzz's; the Winkler step is a fused multiply-add, as DuckDB's build computes it
    (rapidfuzz's own Winkler step rounds twice and is one bit off for some pairs, which at a
    level's threshold would put a pair in another level). tests/test_scoring_equals_duckdb.py
    and the Spark engine's tests hold the two equal. (Two empty strings score 1 here and 0 in
    DuckDB; the linkage never compares them: empty is NULL there, "missing" here.)
    """
    similarity = Jaro.similarity(a, b)
    if similarity <= 0.7:
        return similarity
    prefix = 0
    for x, y in zip(a[:4], b[:4], strict=False):
        if x != y:
            break
        prefix += 1
    return _fma(prefix * 0.1, 1.0 - similarity, similarity)


def _exact_fma(x: float, y: float, z: float) -> float:
    """x * y + z rounded once (math.fma before Python 3.13)."""
    return float(Fraction(x) * Fraction(y) + Fraction(z))


_fma: Callable[[float, float, float], float] = getattr(math, "fma", _exact_fma)


def _levenshtein_at_most_one(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _half_swapped(left: Columns, right: Columns) -> bool:
    """As model.HALF_SWAPPED_SQL: one name in the other's field, the other starting alike."""
    return bool(
        left["family_stem"] is not None
        and left["family_stem"] == right["given_stem"]
        and (left["given_key"] or "")[:3] == (right["family_key"] or "")[:3]
        and left["given_key"] is not None
        and right["family_key"] is not None
    ) or bool(
        left["given_stem"] is not None
        and left["given_stem"] == right["family_stem"]
        and (left["family_key"] or "")[:3] == (right["given_key"] or "")[:3]
        and left["family_key"] is not None
        and right["given_key"] is not None
    )


def _name_level(column: str, with_stem: bool) -> Callable[[Columns, Columns], int]:
    def level(left: Columns, right: Columns) -> int:
        a, b = left[column], right[column]
        if a is None or b is None:
            return 0
        levels = [a == b]
        if with_stem:
            levels.append(left["family_stem"] == right["family_stem"])
        similarity = jaro_winkler(a, b)
        # As model.SWAPPED_SQL: the names' stems, each in the other's field.
        swapped = (
            left["family_stem"] == right["given_stem"]
            and left["given_stem"] == right["family_stem"]
        )
        levels += [similarity >= 0.93, similarity >= 0.85, swapped, _half_swapped(left, right)]
        return next((i + 1 for i, hit in enumerate(levels) if hit), len(levels) + 1)

    return level


def _birth_level(left: Columns, right: Columns) -> int:
    if left["birth_date"] is None or right["birth_date"] is None:
        return 0
    years = abs(left["birth_year"] - right["birth_year"])
    levels = [
        left["birth_date"] == right["birth_date"],
        left["birth_date"] == right["birth_date_swapped"],
        left["birth_month_day"] == right["birth_month_day"] and years == 1,
        years <= 1,
    ]
    return next((i + 1 for i, hit in enumerate(levels) if hit), 5)


def _exact_level(column: str) -> Callable[[Columns, Columns], int]:
    def level(left: Columns, right: Columns) -> int:
        if left[column] is None or right[column] is None:
            return 0
        return 1 if left[column] == right[column] else 2

    return level


PATRONYMIC_SIMILARITY = 0.88


def _initial_agrees(a: str, b: str) -> bool:
    """As model.INITIAL_AGREES_SQL: one is an initial ("r.") that the other starts with."""
    if a.endswith(".") == b.endswith("."):
        return False  # two initials agree only if equal; two names by spelling
    initial, name = (a, b) if a.endswith(".") else (b, a)
    return name.startswith(initial[:-1])


def _patronymic_level(left: Columns, right: Columns) -> int:
    a, b = left["patronymic_stem"], right["patronymic_stem"]
    if a is None or b is None:
        return 0
    if a == b:
        return 1
    if jaro_winkler(a, b) >= PATRONYMIC_SIMILARITY:
        return 2
    return 3 if _initial_agrees(a, b) else 4


def patronymics_agree(a: str, b: str) -> bool:
    """Two fathers' names (father_name_stem forms) that may be one: equal, one spelling of
    the other, or an initial and a name starting with it."""
    return a == b or jaro_winkler(a, b) >= PATRONYMIC_SIMILARITY or _initial_agrees(a, b)


def _passport_level(left: Columns, right: Columns) -> int:
    a, b = left["passport"], right["passport"]
    if a is None or b is None:
        return 0
    return 1 if a == b else 2 if _levenshtein_at_most_one(a, b) else 3


# In the order and with the levels of identity.model's comparisons.
LEVELS: dict[str, Callable[[Columns, Columns], int]] = {
    "family_key": _name_level("family_key", with_stem=True),
    "given_key": _name_level("given_key", with_stem=False),
    "patronymic_stem": _patronymic_level,
    "birth_date": _birth_level,
    "sex": _exact_level("sex"),
    "citizenship": _exact_level("citizenship"),
    "birth_region": _exact_level("birth_region"),
    "phone": _exact_level("phone"),
    "passport": _passport_level,
}


@dataclass(frozen=True)
class FieldVerdict:
    field: str
    label: str  # the level, e.g. "Exact match on family_key", "day and month swapped"
    weight: float  # log2 Bayes factor: positive agrees, negative disagrees, 0 missing


@dataclass(frozen=True)
class PairScore:
    match_probability: float
    fields: list[FieldVerdict]

    @property
    def agreeing(self) -> list[str]:
        return [f.field for f in self.fields if f.weight > 0]

    @property
    def disagreeing(self) -> list[str]:
        return [f.field for f in self.fields if f.weight < 0]


@cache
def _model() -> tuple[float, dict[str, list[tuple[str, float]]]]:
    settings = load_trained_settings()
    prior = settings["probability_two_random_records_match"]
    # Python's levels count from the top of each comparison; Splink's gamma counts from the
    # bottom; both walk the same list in the model file.
    weights: dict[str, list[tuple[str, float]]] = {}
    for comparison in settings["comparisons"]:
        levels = []
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                levels.append((level.get("label_for_charts", "missing"), 0.0))
                continue
            # The shipped model is regularised (identity.linkage.regularise): every level has
            # m and u above zero, so these are the Bayes factors Splink uses too.
            m, u = level["m_probability"], level["u_probability"]
            levels.append((level.get("label_for_charts", ""), math.log2(m / u)))
        weights[comparison["output_column_name"]] = levels
    return math.log2(prior / (1 - prior)), weights


def score_pair(left: Columns, right: Columns) -> PairScore:
    prior_weight, weights = _model()
    total = prior_weight
    fields = []
    for name, level_of in LEVELS.items():
        label, weight = weights[name][level_of(left, right)]
        total += weight
        fields.append(FieldVerdict(name, label, weight))
    probability = 1 / (1 + 2 ** (-total))
    return PairScore(probability, fields)
