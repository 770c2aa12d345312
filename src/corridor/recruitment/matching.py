"""Explainable matching: workers for a vacancy, vacancies for a worker, each score factor by factor.

Hard filters first (never traded off against anything): the worker consented to matching and
is job-ready (or matched elsewhere), their passport is valid on the start date, a rotation job
only for workers who accept rotation work, a legal minimum age where the vacancy has one.
A candidate holds at least one occupation related to the vacancy's (closeness above 0).
Then a weighted sum of factors, each between 0 and 1 (decision 0007 says why each is shaped so):

  occupation   0.30  closeness of the worker's closest occupation: same unit group 1, same minor
                     group 0.8, same sub-major 0.5, an elementary occupation and the skilled
                     trades it assists (`RELATED`) 0.5, same major 0.25; counts only as far as
                     the worker holds the driving licences the job requires
  experience   0.14  years in that occupation against the years required, saturating there (or,
                     when none are required, half for nobody and full from 2 years), times the
                     occupation's closeness and the same licence share
  languages    0.14  each required language at the level (one level short counts half);
                     when none is required, Russian at A2 or better
  certificates 0.06  share of the required certificates held and valid on the start date
  licences     0.08  share of the required driving-licence categories held
  region       0.06  the vacancy's region among the worker's preferred ones (0.75 if no preference)
  wage         0.12  1 up to the top of the range, nothing at 25 % above it (linear between)
  availability 0.10  available by the start date, nothing from 30 days late (linear between)

`score()` scores one worker row by row and says why; `ranking.py` scores every candidate of a
vacancy at once over a columnar cache of the features with the same arithmetic, and this module
explains the ones it shows. Workers whose features are marked stale are recomputed first: a
ranking never reads features older than the record.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from corridor.people.consent import may_process
from corridor.people.models import ConsentPurpose, Worker
from corridor.recruitment.features import LEVEL_RANK, refresh_stale
from corridor.recruitment.models import (
    MatchFeatures,
    MatchOccupation,
    Schedule,
    Vacancy,
    VacancyStatus,
)

WEIGHTS = {
    "occupation": 0.30,
    "experience": 0.14,
    "languages": 0.14,
    "certificates": 0.06,
    "licences": 0.08,
    "region": 0.06,
    "wage": 0.12,
    "availability": 0.10,
}
FACTOR_LABELS = {
    "occupation": gettext_lazy("occupation"),
    "experience": gettext_lazy("experience"),
    "languages": gettext_lazy("languages"),
    "certificates": gettext_lazy("certificates"),
    "licences": gettext_lazy("driving licences"),
    "region": gettext_lazy("region"),
    "wage": gettext_lazy("wage"),
    "availability": gettext_lazy("availability"),
}
# ISCO-08 levels of closeness, nearest first: (level, prefix length, value).
LEVELS = (("isco", 4, 1.0), ("minor", 3, 0.8), ("sub_major", 2, 0.5), ("major", 1, 0.25))
# ISCO-08's elementary occupations (major group 9) are described as assisting the skilled
# trades of their sector: a site labourer mixes mortar for bricklayers, a kitchen helper
# prepares for cooks. ISCO has no table of related occupations; these pairs (minor group of
# the elementary occupation, prefix of the trades it assists) are that description, read both
# ways, and count as close as the same sub-major group.
RELATED = (
    ("931", "71"),  # mining and construction labourers / building and related trades
    ("932", "72"),  # manufacturing labourers / metal and machinery trades
    ("932", "75"),  # ... / food processing, wood, garment trades
    ("932", "81"),  # ... / stationary plant and machine operators
    ("932", "82"),  # ... / assemblers
    ("933", "83"),  # transport and storage labourers / drivers and mobile plant operators
    ("933", "432"),  # ... / material-recording and transport clerks
    ("941", "512"),  # food preparation assistants / cooks
    ("911", "515"),  # domestic, hotel and office cleaners / housekeeping supervisors
    ("921", "61"),  # agricultural labourers / market-oriented skilled agricultural workers
    ("921", "62"),  # ... / forestry, fishery workers
    ("952", "52"),  # street vendors / sales workers
)
RELATED_CLOSENESS = 0.5
# When a vacancy names no language, everyday Russian (A2) is what a job in Russia needs.
RUSSIAN_DEFAULT_RANK = LEVEL_RANK["A2"]
RANK_NAMES = {rank: name for name, rank in LEVEL_RANK.items()}
# A job that asks for no experience: having none is a minor gap, two years is all it needs.
NO_REQUIREMENT_FLOOR = 0.5
NO_REQUIREMENT_YEARS = 2
# Above this share over the top of the range a worker will most likely turn the offer down.
WAGE_SLACK = 0.25
# An employer rarely holds a place for a worker a month late.
LATE_DAYS = 30
# vacancies_for_worker still reads at most this many vacancies a tier (decision 0007).
VACANCY_CANDIDATES = 600


@dataclass(frozen=True)
class Factor:
    key: str
    value: float
    detail: str

    @property
    def weight(self) -> float:
        return WEIGHTS[self.key]

    @property
    def points(self) -> float:
        return self.weight * self.value

    def as_dict(self) -> dict[str, Any]:
        return {
            "factor": self.key,
            "label": str(FACTOR_LABELS[self.key]),
            "weight": self.weight,
            "value": round(self.value, 3),
            "points": round(self.points, 4),
            "detail": self.detail,
        }


@dataclass
class Scored:
    worker_id: UUID
    vacancy_id: UUID
    score: float  # rounded for display
    factors: list[Factor] = field(default_factory=list)
    # The unrounded sum, what the ranking orders by (then the worker id).
    exact: float = 0.0

    def explanation(self) -> list[dict[str, Any]]:
        return [factor.as_dict() for factor in self.factors]


@dataclass(frozen=True)
class Needs:
    """What a vacancy asks, flattened once per ranking."""

    vacancy_id: UUID
    isco: str
    region: str
    start: date
    min_experience: int
    languages: dict[str, int]
    certificates: tuple[str, ...]
    licences: tuple[str, ...]
    wage_max: int
    rotation: bool
    min_age: int | None

    @classmethod
    def of(cls, v: Any, today: date) -> "Needs":
        def get(name: str) -> Any:
            return v[name] if isinstance(v, dict) else getattr(v, name)

        return cls(
            vacancy_id=get("id"),
            isco=get("isco_id"),
            region=get("region_id"),
            start=max(get("start_date") or today, today),
            min_experience=get("min_experience_years"),
            languages=dict(get("language_needs") or {}),
            certificates=tuple(get("certificates") or ()),
            licences=tuple(get("driving_licences") or ()),
            wage_max=int(get("wage_max")),
            rotation=get("schedule") == Schedule.ROTATION,
            min_age=get("min_age"),
        )


def _age_on(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def passes_filters(needs: Needs, worker: MatchFeatures) -> bool:
    if not worker.eligible:
        return False
    if worker.passport_valid_until is None or worker.passport_valid_until < needs.start:
        return False
    if needs.rotation and not worker.accepts_rotation:
        return False
    return not (needs.min_age and _age_on(worker.birth_date, needs.start) < needs.min_age)


def related_prefixes(isco: str) -> set[str]:
    """The prefixes `RELATED` links to this code (the other side of each pair it falls in)."""
    linked = set()
    for elementary, trades in RELATED:
        if isco.startswith(elementary):
            linked.add(trades)
        if isco.startswith(trades):
            linked.add(elementary)
    return linked


def occupation_closeness(needs: Needs, isco: str) -> tuple[float, str]:
    """How close an occupation is to the vacancy's, and why (an ISCO level or "related")."""
    for level, length, value in LEVELS[:3]:
        if isco[:length] == needs.isco[:length]:
            return value, level
    if any(isco.startswith(prefix) for prefix in related_prefixes(needs.isco)):
        return RELATED_CLOSENESS, "related"
    level, length, value = LEVELS[3]
    if isco[:length] == needs.isco[:length]:
        return value, level
    return 0.0, ""


def licence_share(needs: Needs, held: list[str]) -> float:
    """Share of the required licence categories held (1 when none is required)."""
    if not needs.licences:
        return 1.0
    return len([c for c in needs.licences if c in held]) / len(needs.licences)


_CODE_LENGTH = {"isco": 4, "minor": 3, "sub_major": 2, "major": 1, "related": 4}


def _occupation(needs: Needs, isco: str, licensed: float, explain: bool) -> Factor:
    closeness, level = occupation_closeness(needs, isco)
    # A driving job without its licence cannot be done: the trade does not count for it.
    value = closeness * licensed
    if not explain:
        return Factor("occupation", value, "")
    details = {
        "isco": _("same occupation (%(code)s)"),
        "minor": _("same minor group (%(code)s)"),
        "sub_major": _("same sub-major group (%(code)s)"),
        "related": _("a related occupation (%(code)s)"),
        "major": _("same major group (%(code)s)"),
        "": _("another occupation (%(code)s)"),
    }
    detail = details[level] % {"code": isco[: _CODE_LENGTH.get(level, 4)]}
    if closeness and licensed < 1:
        detail += "; " + _("without the driving licence the job requires")
    return Factor("occupation", value, detail)


def experience_value(needs: Needs, years: int) -> float:
    """Years against the requirement, saturating there (see the module docstring)."""
    if needs.min_experience:
        return min(years / needs.min_experience, 1.0)
    return NO_REQUIREMENT_FLOOR + NO_REQUIREMENT_FLOOR * min(years / NO_REQUIREMENT_YEARS, 1.0)


def _experience(needs: Needs, years: int, closeness: float, explain: bool) -> Factor:
    # Years count as far as the trade is the vacancy's: a cook's years do not lay bricks.
    value = experience_value(needs, years) * closeness
    if not explain:
        return Factor("experience", value, "")
    if needs.min_experience:
        detail = _("%(years)s of %(required)s years required") % {
            "years": years,
            "required": needs.min_experience,
        }
    else:
        detail = _("%(years)s years (none required)") % {"years": years}
    return Factor("experience", value, detail)


def _languages(needs: Needs, held: dict[str, int], explain: bool) -> Factor:
    required = needs.languages or {"ru": RUSSIAN_DEFAULT_RANK}
    # Added left to right, not with sum(): Python's sum() of floats compensates rounding
    # (3.12+), numpy's sums do not, and the two rankings must agree to the last bit.
    value = 0.0
    for code, need in required.items():
        has = held.get(code, 0)
        value += 1.0 if has >= need else 0.5 if has == need - 1 else 0.0
    value = value / len(required)
    if not explain:
        return Factor("languages", value, "")
    notes = [
        f"{code} {RANK_NAMES.get(held.get(code, 0), '—')}/{RANK_NAMES.get(need, '?')}"
        for code, need in sorted(required.items())
    ]
    prefix = "" if needs.languages else _("none required; ")
    return Factor("languages", value, prefix + ", ".join(notes))


def _certificates(needs: Needs, held: dict[str, str], explain: bool) -> Factor:
    if not needs.certificates:
        return Factor("certificates", 1.0, _("none required") if explain else "")
    start = needs.start.isoformat()
    valid = [c for c in needs.certificates if c in held and (not held[c] or held[c] >= start)]
    value = len(valid) / len(needs.certificates)
    detail = (
        _("%(held)s of %(required)s held")
        % {"held": len(valid), "required": len(needs.certificates)}
        if explain
        else ""
    )
    return Factor("certificates", value, detail)


def _licences(needs: Needs, held: list[str], share: float, explain: bool) -> Factor:
    if not needs.licences:
        return Factor("licences", 1.0, _("none required") if explain else "")
    have = [c for c in needs.licences if c in held]
    detail = (
        _("%(held)s of %(required)s categories")
        % {"held": len(have), "required": len(needs.licences)}
        if explain
        else ""
    )
    return Factor("licences", share, detail)


def _region(needs: Needs, preferred: list[str], explain: bool) -> Factor:
    if not preferred:
        return Factor("region", 0.75, _("no preference") if explain else "")
    if needs.region in preferred:
        return Factor("region", 1.0, _("a preferred region") if explain else "")
    return Factor("region", 0.0, _("not a preferred region") if explain else "")


def wage_value(needs: Needs, expected: int | None) -> float:
    if not expected or expected <= needs.wage_max:
        return 1.0
    if needs.wage_max <= 0:  # the database refuses such a vacancy; an unsaved one may not
        return 0.0
    return max(0.0, 1.0 - (expected - needs.wage_max) / (needs.wage_max * WAGE_SLACK))


def _wage(needs: Needs, expected: int | None, explain: bool) -> Factor:
    value = wage_value(needs, expected)
    if not expected:
        return Factor("wage", value, _("no expectation recorded") if explain else "")
    detail = (
        _("up to %(offer)s for %(expected)s expected")
        % {"offer": needs.wage_max, "expected": expected}
        if explain
        else ""
    )
    return Factor("wage", value, detail)


def _availability(needs: Needs, available: date | None, explain: bool) -> Factor:
    if available is None or available <= needs.start:
        return Factor("availability", 1.0, _("available by the start date") if explain else "")
    late = (available - needs.start).days
    detail = _("%(days)s days after the start") % {"days": late} if explain else ""
    return Factor("availability", max(0.0, 1.0 - late / LATE_DAYS), detail)


def score(
    needs: Needs, worker: MatchFeatures, isco: str, years: int, *, explain: bool = True
) -> Scored:
    """The weighted score, row by row; with `explain` each factor also says why. The reference
    `ranking.score_candidates` reproduces operation for operation (a test compares them)."""
    licensed = licence_share(needs, worker.licences)
    occupation = _occupation(needs, isco, licensed, explain)
    factors = [
        occupation,
        _experience(needs, years, occupation.value, explain),
        _languages(needs, worker.languages, explain),
        _certificates(needs, worker.certificates, explain),
        _licences(needs, worker.licences, licensed, explain),
        _region(needs, worker.regions, explain),
        _wage(needs, worker.expected_wage, explain),
        _availability(needs, worker.available_from, explain),
    ]
    total = 0.0
    for factor in factors:  # left to right, as ranking adds them (see _languages)
        total += factor.points
    return Scored(worker.worker_id, needs.vacancy_id, round(total, 4), factors, total)


def best_occupation(needs: Needs, rows: list[tuple[str, int]]) -> tuple[str, int]:
    """The worker's occupation closest to the vacancy's (most experience on a tie)."""
    return max(rows, key=lambda r: (occupation_closeness(needs, r[0])[0], r[1]))


def is_candidate(needs: Needs, worker: MatchFeatures, rows: list[tuple[str, int]]) -> bool:
    """Whether a worker may be ranked for the vacancy at all: the hard filters, and at least
    one occupation related to the vacancy's."""
    return (
        bool(rows)
        and passes_filters(needs, worker)
        and occupation_closeness(needs, best_occupation(needs, rows)[0])[0] > 0
    )


def rank_rows(
    needs: Needs, rows: list[tuple[MatchFeatures, list[tuple[str, int]]]]
) -> list[Scored]:
    """Every candidate among these rows, scored one by one, best first (score, then worker
    id): the brute-force reference the vectorised ranking is tested against."""
    scored = [
        score(needs, features, *best_occupation(needs, occupations))
        for features, occupations in rows
        if is_candidate(needs, features, occupations)
    ]
    scored.sort(key=lambda s: (-s.exact, str(s.worker_id)))
    return scored


def workers_for_vacancy(
    vacancy: Vacancy, limit: int = 50, *, organisations: set[Any] | None = None
) -> list[Scored]:
    """The best `limit` eligible workers for a vacancy, best first; with `organisations`, only
    workers registered by those (a caseworker's own centres). Every candidate is scored
    (`ranking.top_workers`); the ones returned are explained from their feature rows."""
    from corridor.recruitment import ranking

    today = timezone.localdate()
    needs = Needs.of(vacancy, today)
    if not vacancy.open_to_foreign or organisations == set() or not needs.isco:
        return []
    # Any stale worker may be a candidate (their occupations may be what changed).
    refresh_stale(organisations=organisations)
    chosen = ranking.top_workers(needs, limit, organisations=organisations)
    if not chosen:
        return []
    features = MatchFeatures.objects.in_bulk(chosen)
    occupations: dict[UUID, list[tuple[str, int]]] = {}
    for worker_id, isco, years in MatchOccupation.objects.filter(worker_id__in=chosen).values_list(
        "worker_id", "isco", "years"
    ):
        occupations.setdefault(worker_id, []).append((isco, years))
    return [
        score(needs, features[w], *best_occupation(needs, occupations[w]))
        for w in chosen
        if w in features and w in occupations
    ]


VACANCY_FIELDS = (
    "id",
    "isco_id",
    "region_id",
    "start_date",
    "min_experience_years",
    "language_needs",
    "certificates",
    "driving_licences",
    "wage_max",
    "schedule",
    "min_age",
)


def _prefix_range(prefix: str) -> Q:
    # A range, not LIKE: it uses the (status, isco) index on SQLite and PostgreSQL alike.
    return Q(isco_id__gte=prefix, isco_id__lt=prefix + "~")


def vacancies_for_worker(
    worker: Worker, limit: int = 20, *, among: "QuerySet[Vacancy] | None" = None
) -> list[Scored]:
    """The best `limit` open vacancies for a worker, best first; none if not eligible. With
    `among`, only those vacancies (the ones the reader may see)."""
    refresh_stale(worker_ids=[worker.pk])
    features = MatchFeatures.objects.filter(worker_id=worker.pk).first()
    if features is None or not features.eligible:
        return []
    if not may_process(worker, ConsentPurpose.MATCHING):
        return []  # the cache is late: the consent in force decides
    occupations = list(
        MatchOccupation.objects.filter(worker_id=worker.pk).values_list("isco", "years")
    )
    if not occupations:
        return []
    today = timezone.localdate()
    found: dict[UUID, dict[str, Any]] = {}
    # Tier by tier, nearest first; the related trades of `RELATED` come with the sub-major tier.
    for level, length, _value in LEVELS:
        if len(found) >= VACANCY_CANDIDATES:
            break
        prefixes = {isco[:length] for isco, _years in occupations}
        if level == "sub_major":
            prefixes |= {p for isco, _years in occupations for p in related_prefixes(isco)}
        condition = Q()
        for prefix in prefixes:
            condition |= _prefix_range(prefix)
        rows = (
            (Vacancy.objects.all() if among is None else among)
            .filter(status=VacancyStatus.OPEN, open_to_foreign=True)
            .filter(condition)
            .order_by()
            .values(*VACANCY_FIELDS)[:VACANCY_CANDIDATES]
        )
        for row in rows:
            found.setdefault(row["id"], row)
    candidates = []
    for row in found.values():
        needs = Needs.of(row, today)
        if is_candidate(needs, features, occupations):
            candidates.append((needs, best_occupation(needs, occupations)))
    quick = sorted(
        (
            (score(needs, features, *occupation, explain=False).exact, str(needs.vacancy_id), i)
            for i, (needs, occupation) in enumerate(candidates)
        ),
        key=lambda t: (-t[0], t[1]),
    )[:limit]
    return [score(candidates[i][0], features, *candidates[i][1]) for _s, _id, i in quick]
