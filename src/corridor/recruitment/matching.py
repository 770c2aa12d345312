"""Explainable matching: workers for a vacancy, vacancies for a worker, each score factor by factor.

Hard filters first (never traded off against anything): the worker consented to matching and
is job-ready (or matched elsewhere), their passport is valid on the start date, a rotation job
only for workers who accept rotation work, a legal minimum age where the vacancy has one.
Then a weighted sum of factors, each between 0 and 1:

  occupation   0.38  same unit group 1, same minor group 0.7, same sub-major 0.45, same major 0.2
  experience   0.15  years in that occupation against the years required (or 3 years if none),
                     times the occupation's closeness
  languages    0.14  each required language at the level (one level short counts half);
                     when none is required, Russian at A2 or better
  certificates 0.08  share of the required certificates held and valid on the start date
  licences     0.10  share of the required driving-licence categories held
  region       0.04  the vacancy's region among the worker's preferred ones (0.75 if no preference)
  wage         0.06  the top of the wage range against what the worker expects
  availability 0.05  available by the start date (less for every day later, none after 60 days)

Candidates come from precomputed features (`features.py`) through indexes, tier by tier (unit
group, then minor, sub-major, major group), at most CANDIDATES per ranking. Workers whose
features are marked stale are recomputed first: a ranking never reads features older than the
record.
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
from corridor.recruitment.features import LEVEL_RANK, latest_matching_consent, refresh_stale
from corridor.recruitment.models import (
    MatchFeatures,
    MatchOccupation,
    Schedule,
    Vacancy,
    VacancyStatus,
)

WEIGHTS = {
    "occupation": 0.38,
    "experience": 0.15,
    "languages": 0.14,
    "certificates": 0.08,
    "licences": 0.10,
    "region": 0.04,
    "wage": 0.06,
    "availability": 0.05,
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
LEVELS = (("isco", 1.0), ("minor", 0.7), ("sub_major", 0.45), ("major", 0.2))
CANDIDATES = 600
# When a vacancy names no language, everyday Russian (A2) is what a job in Russia needs.
RUSSIAN_DEFAULT_RANK = LEVEL_RANK["A2"]
RANK_NAMES = {rank: name for name, rank in LEVEL_RANK.items()}


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
    score: float
    factors: list[Factor] = field(default_factory=list)

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


_LEVEL_LENGTH = {"isco": 4, "minor": 3, "sub_major": 2, "major": 1}


def occupation_closeness(needs: Needs, isco: str) -> tuple[float, str]:
    """How close an occupation is to the vacancy's, and at which ISCO level."""
    for level, value in LEVELS:
        length = _LEVEL_LENGTH[level]
        if isco[:length] == needs.isco[:length]:
            return value, level
    return 0.0, ""


def _occupation(needs: Needs, isco: str, explain: bool) -> Factor:
    value, level = occupation_closeness(needs, isco)
    if not explain:
        return Factor("occupation", value, "")
    details = {
        "isco": _("same occupation (%(code)s)"),
        "minor": _("same minor group (%(code)s)"),
        "sub_major": _("same sub-major group (%(code)s)"),
        "major": _("same major group (%(code)s)"),
        "": _("another occupation (%(code)s)"),
    }
    return Factor(
        "occupation", value, details[level] % {"code": isco[: _LEVEL_LENGTH.get(level, 4)]}
    )


def _experience(needs: Needs, years: int, closeness: float, explain: bool) -> Factor:
    # Years count as far as the trade is the vacancy's: a cook's years do not lay bricks.
    target = needs.min_experience or 3
    value = min(years / target, 1.0) * closeness
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
    parts: list[float] = []
    for code, need in required.items():
        has = held.get(code, 0)
        parts.append(1.0 if has >= need else 0.5 if has == need - 1 else 0.0)
    value = sum(parts) / len(parts)
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


def _licences(needs: Needs, held: list[str], explain: bool) -> Factor:
    if not needs.licences:
        return Factor("licences", 1.0, _("none required") if explain else "")
    have = [c for c in needs.licences if c in held]
    detail = (
        _("%(held)s of %(required)s categories")
        % {"held": len(have), "required": len(needs.licences)}
        if explain
        else ""
    )
    return Factor("licences", len(have) / len(needs.licences), detail)


def _region(needs: Needs, preferred: list[str], explain: bool) -> Factor:
    if not preferred:
        return Factor("region", 0.75, _("no preference") if explain else "")
    if needs.region in preferred:
        return Factor("region", 1.0, _("a preferred region") if explain else "")
    return Factor("region", 0.0, _("not a preferred region") if explain else "")


def _wage(needs: Needs, expected: int | None, explain: bool) -> Factor:
    if not expected:
        return Factor("wage", 1.0, _("no expectation recorded") if explain else "")
    value = min(needs.wage_max / expected, 1.0)
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
    return Factor("availability", max(0.0, 1 - late / 60), detail)


def score(
    needs: Needs, worker: MatchFeatures, isco: str, years: int, *, explain: bool = True
) -> Scored:
    """The weighted score; with `explain` each factor also says why (ranking first scores
    every candidate without the words, then explains the ones it returns)."""
    occupation = _occupation(needs, isco, explain)
    factors = [
        occupation,
        _experience(needs, years, occupation.value, explain),
        _languages(needs, worker.languages, explain),
        _certificates(needs, worker.certificates, explain),
        _licences(needs, worker.licences, explain),
        _region(needs, worker.regions, explain),
        _wage(needs, worker.expected_wage, explain),
        _availability(needs, worker.available_from, explain),
    ]
    total = round(sum(f.points for f in factors), 4)
    return Scored(worker.worker_id, needs.vacancy_id, total, factors)


def best_occupation(needs: Needs, rows: list[tuple[str, int]]) -> tuple[str, int]:
    """The worker's occupation closest to the vacancy's (most experience on a tie)."""
    return max(rows, key=lambda r: (occupation_closeness(needs, r[0])[0], r[1]))


def _tier_filter(needs: Needs, level: str) -> Q:
    """Workers at exactly this ISCO level of closeness: each tier excludes the closer ones, so
    no candidate is fetched twice and no list of ids goes back to the database."""
    codes = MatchOccupation.levels(needs.isco)
    condition = Q(**{level: codes[level]})
    closer = {"minor": "isco", "sub_major": "minor", "major": "sub_major"}.get(level)
    if closer:
        condition &= ~Q(**{closer: codes[closer]})
    return condition


def _consenting_first(ranked: list[UUID], limit: int) -> list[UUID]:
    """The first `limit` of these workers (best first) whose matching consent in force is
    given. `eligible` is a cache refreshed after a change; the consent itself is read here,
    so a withdrawal counts from its commit (decision 0011). Read for the workers returned
    only, a page at a time: one indexed query in the usual case."""
    chosen: list[UUID] = []
    for start in range(0, len(ranked), limit):
        page = ranked[start : start + limit]
        given = latest_matching_consent(page)
        chosen += [worker_id for worker_id in page if given.get(worker_id)][: limit - len(chosen)]
        if len(chosen) >= limit:
            break
    return chosen


def workers_for_vacancy(
    vacancy: Vacancy, limit: int = 50, *, organisations: set[Any] | None = None
) -> list[Scored]:
    """The best `limit` eligible workers for a vacancy, best first; with `organisations`, only
    workers registered by those (a caseworker's own centres)."""
    today = timezone.localdate()
    needs = Needs.of(vacancy, today)
    if not vacancy.open_to_foreign or organisations == set():
        return []
    # Any stale worker may be a candidate (their occupations may be what changed).
    refresh_stale(organisations=organisations)
    found: dict[UUID, list[tuple[str, int]]] = {}
    for level, _value in LEVELS:
        if len(found) >= CANDIDATES:
            break
        # Most experienced first within a tier: when the cap cuts a large trade, it keeps
        # the candidates the score favours.
        candidates_query = MatchOccupation.objects.filter(
            eligible=True, passport_valid_until__gte=needs.start
        ).filter(_tier_filter(needs, level))
        if organisations is not None:
            # Filtered before the cap: a centre gets its own best, not what is left of all.
            candidates_query = candidates_query.filter(worker__organisation_id__in=organisations)
        rows = candidates_query.order_by("-years").values_list("worker_id", "isco", "years")[
            : CANDIDATES - len(found)
        ]
        for worker_id, isco, years in rows:
            found.setdefault(worker_id, []).append((isco, years))
    if not found:
        return []
    features = MatchFeatures.objects.in_bulk(list(found))
    candidates = {
        worker_id: (features[worker_id], best_occupation(needs, rows))
        for worker_id, rows in found.items()
        if worker_id in features and passes_filters(needs, features[worker_id])
    }
    quick = sorted(
        (
            (score(needs, worker, *occupation, explain=False).score, str(worker_id), worker_id)
            for worker_id, (worker, occupation) in candidates.items()
        ),
        key=lambda t: (-t[0], t[1]),
    )
    chosen = _consenting_first([worker_id for _s, _id, worker_id in quick], limit)
    return [score(needs, candidates[w][0], *candidates[w][1]) for w in chosen]


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
    for level, _value in LEVELS:
        if len(found) >= CANDIDATES:
            break
        length = _LEVEL_LENGTH[level]
        condition = Q()
        for prefix in {isco[:length] for isco, _years in occupations}:
            condition |= _prefix_range(prefix)
        rows = (
            (Vacancy.objects.all() if among is None else among)
            .filter(status=VacancyStatus.OPEN, open_to_foreign=True)
            .filter(condition)
            .order_by()
            .values(*VACANCY_FIELDS)[:CANDIDATES]
        )
        for row in rows:
            found.setdefault(row["id"], row)
    candidates = []
    for row in found.values():
        needs = Needs.of(row, today)
        if passes_filters(needs, features):
            candidates.append((needs, best_occupation(needs, occupations)))
    quick = sorted(
        (
            (score(needs, features, *occupation, explain=False).score, str(needs.vacancy_id), i)
            for i, (needs, occupation) in enumerate(candidates)
        ),
        key=lambda t: (-t[0], t[1]),
    )[:limit]
    return [score(candidates[i][0], features, *candidates[i][1]) for _s, _id, i in quick]
