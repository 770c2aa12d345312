"""Exact ranking: every candidate of a vacancy scored at once over a columnar cache of the features.

`MatchFeatures` and `MatchOccupation` stay the one source of truth (written only by
`features.refresh_features`, which stamps `refreshed_at`). This module keeps, per process and
database, the same rows as numpy arrays (one array per feature: eligibility, passport expiry,
birth date, rotation, organisation, each language's rank, each licence category, each
certificate's expiry, each preferred region, expected wage, availability, and the occupations
padded to the longest list), and scores a vacancy's candidates with `matching`'s arithmetic,
operation for operation, so the scores are bit for bit those of `matching.score()`.

How a change reaches the cache (decision 0007):

1. A ranking first refreshes the stale workers it may rank (`features.refresh_stale`), as before.
2. Then one aggregate query, COUNT and MAX of `refreshed_at` over the rows stamped since the
   cache's last look less `LAG` (index `match_features_refreshed`), is compared with the
   same figures from the cache. Any difference reloads the rows of that window whose stamp
   differs (and drops the cached ones gone from it). `LAG` covers a refresh stamped before
   another but committed after it: the stamp is taken just before the rows are written, and
   the write commits right after, so seconds are ample.
3. The rows returned are read again from the tables to be explained; one whose stamp differs
   from the cache's, or that is gone, is patched and the ranking runs again. So whatever is
   shown is exact on the tables as they are, and a deletion (a merge) is never shown.
4. A clock that went back (the process's now before the cache's newest stamp) rebuilds it.
"""

import threading
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

import numpy as np
from django.db import connection
from django.db.models import Count, Max
from django.utils import timezone

from corridor.recruitment import matching
from corridor.recruitment.features import latest_matching_consent
from corridor.recruitment.models import MatchFeatures, MatchOccupation

LAG = timedelta(seconds=30)
NO_END = 10**8  # a certificate without an end date: later than any start
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICRO = timedelta(microseconds=1)
LOAD_BATCH = 5000


def _micros(moment: datetime) -> int:
    return (moment - EPOCH) // MICRO


def _ordinal(day: date | None) -> int:
    return day.toordinal() if day else 0


@dataclass
class Columns:
    """The feature rows as arrays. Row i is one worker; a patched worker keeps its row."""

    size: int = 0
    capacity: int = 0
    width: int = 1  # occupations per row, padded with code -1
    index: dict[UUID, int] = field(default_factory=dict)
    ids: list[UUID | None] = field(default_factory=list)
    organisation_codes: dict[Any, int] = field(default_factory=dict)
    arrays: dict[str, np.ndarray] = field(default_factory=dict)
    # keyed columns: ("language", "ru"), ("licence", "B"), ("certificate", kind), ("region", code)
    keyed: dict[tuple[str, str], np.ndarray] = field(default_factory=dict)
    high_water: int = 0  # the newest refreshed_at, in microseconds
    synced: int = 0  # when the cache last matched the tables (the clock read before the look)

    SCALARS = {
        "alive": np.bool_,
        "eligible": np.bool_,
        "passport": np.int32,
        "birth_year": np.int32,
        "birth_month_day": np.int32,
        "rotation_ok": np.bool_,
        "organisation": np.int32,
        "has_regions": np.bool_,
        "wage": np.float64,
        "available": np.int32,
        "refreshed": np.int64,
        "id_hi": np.uint64,
        "id_lo": np.uint64,
    }
    KEYED = {"language": np.int32, "licence": np.bool_, "certificate": np.int32, "region": np.bool_}

    def _grow(self, needed: int, width: int) -> None:
        if needed <= self.capacity and width <= self.width:
            return
        capacity = max(needed, self.capacity * 2, 1024) if needed > self.capacity else self.capacity
        width = max(width, self.width)

        def grown(old: np.ndarray | None, dtype: Any, fill: int | float) -> np.ndarray:
            shape = (capacity, width) if old is not None and old.ndim == 2 else (capacity,)
            new = np.full(shape, fill, dtype=dtype)
            if old is not None:
                if old.ndim == 2:
                    new[: old.shape[0], : old.shape[1]] = old
                else:
                    new[: old.shape[0]] = old
            return new

        for name, dtype in self.SCALARS.items():
            self.arrays[name] = grown(self.arrays.get(name), dtype, 0)
        for name in ("occ_code", "occ_years"):
            old = self.arrays.get(name)
            if old is None:
                old = np.full((0, width), -1 if name == "occ_code" else 0, dtype=np.int32)
            self.arrays[name] = grown(old, np.int32, -1 if name == "occ_code" else 0)
        for key, array in self.keyed.items():
            self.keyed[key] = grown(array, self.KEYED[key[0]], 0)
        self.ids += [None] * (capacity - len(self.ids))
        self.capacity, self.width = capacity, width

    def _column(self, kind: str, key: str) -> np.ndarray:
        column = self.keyed.get((kind, key))
        if column is None:
            column = self.keyed[(kind, key)] = np.zeros(self.capacity, dtype=self.KEYED[kind])
        return column

    def put(self, rows: list[tuple[MatchFeatures, list[tuple[str, int]]]]) -> None:
        """Write these workers' rows (new ones appended, known ones overwritten in place)."""
        new = [f.worker_id for f, _o in rows if f.worker_id not in self.index]
        width = max([len(o) for _f, o in rows] + [1])
        self._grow(self.size + len(new), width)
        a = self.arrays
        for features, occupations in rows:
            i = self.index.get(features.worker_id)
            if i is None:
                i = self.index[features.worker_id] = self.size
                self.size += 1
            else:
                for column in self.keyed.values():
                    column[i] = 0
                a["occ_code"][i, :] = -1
                a["occ_years"][i, :] = 0
            self.ids[i] = features.worker_id
            a["alive"][i] = True
            a["eligible"][i] = features.eligible
            a["passport"][i] = _ordinal(features.passport_valid_until)
            birth = features.birth_date
            a["birth_year"][i] = birth.year
            a["birth_month_day"][i] = birth.month * 100 + birth.day
            a["rotation_ok"][i] = features.accepts_rotation
            a["organisation"][i] = self.organisation_codes.setdefault(
                features.organisation_id, len(self.organisation_codes) + 1
            )
            a["has_regions"][i] = bool(features.regions)
            a["wage"][i] = features.expected_wage or 0
            a["available"][i] = _ordinal(features.available_from)
            stamp = _micros(features.refreshed_at)
            a["refreshed"][i] = stamp
            self.high_water = max(self.high_water, stamp)
            number = features.worker_id.int
            a["id_hi"][i], a["id_lo"][i] = number >> 64, number & (2**64 - 1)
            for code, rank in features.languages.items():
                self._column("language", code)[i] = rank
            for category in features.licences:
                self._column("licence", category)[i] = True
            for kind, expiry in features.certificates.items():
                end = date.fromisoformat(expiry).toordinal() if expiry else NO_END
                self._column("certificate", kind)[i] = end
            for region in features.regions:
                self._column("region", region)[i] = True
            for position, (isco, years) in enumerate(occupations):
                a["occ_code"][i, position] = int(isco)
                a["occ_years"][i, position] = years

    def drop(self, worker_ids: list[UUID]) -> None:
        """Workers whose features are gone (merged or deleted): never ranked again."""
        for worker_id in worker_ids:
            i = self.index.get(worker_id)
            if i is not None:
                self.arrays["alive"][i] = False
                self.arrays["eligible"][i] = False

    def stamps(self, worker_ids: list[UUID]) -> dict[UUID, int]:
        return {
            w: int(self.arrays["refreshed"][self.index[w]])
            for w in worker_ids
            if w in self.index and self.arrays["alive"][self.index[w]]
        }


def _occupations_of(ids: list[UUID]) -> dict[UUID, list[tuple[str, int]]]:
    found: dict[UUID, list[tuple[str, int]]] = {w: [] for w in ids}
    for start in range(0, len(ids), LOAD_BATCH):
        rows = MatchOccupation.objects.filter(worker_id__in=ids[start : start + LOAD_BATCH])
        for worker_id, isco, years in rows.order_by("id").values_list("worker_id", "isco", "years"):
            found[worker_id].append((isco, years))
    return found


def _load(columns: Columns, ids: list[UUID]) -> None:
    """Read these workers' feature rows from the tables into the cache; the absent are dropped."""
    for start in range(0, len(ids), LOAD_BATCH):
        chunk = ids[start : start + LOAD_BATCH]
        features = list(MatchFeatures.objects.filter(worker_id__in=chunk))
        occupations = _occupations_of([f.worker_id for f in features])
        columns.put([(f, occupations[f.worker_id]) for f in features])
        present = {f.worker_id for f in features}
        columns.drop([w for w in chunk if w not in present])


def build() -> Columns:
    """The whole cache from the tables."""
    columns = Columns(synced=_micros(timezone.now()))
    features = list(MatchFeatures.objects.order_by())
    occupations: dict[UUID, list[tuple[str, int]]] = {f.worker_id: [] for f in features}
    for worker_id, isco, years in (
        MatchOccupation.objects.order_by("id").values_list("worker_id", "isco", "years").iterator()
    ):
        if worker_id in occupations:
            occupations[worker_id].append((isco, years))
    columns.put([(f, occupations[f.worker_id]) for f in features])
    return columns


def from_rows(rows: list[tuple[MatchFeatures, list[tuple[str, int]]]]) -> Columns:
    """A cache of rows built in memory (the quality benchmark and the tests)."""
    columns = Columns()
    columns.put(rows)
    return columns


def _window_figures(columns: Columns, since: datetime) -> tuple[int, int]:
    """How many live cached rows were stamped after `since`, and the newest stamp among them."""
    a = columns.arrays
    stamps = a["refreshed"][: columns.size]
    recent = stamps[a["alive"][: columns.size] & (stamps > _micros(since))]
    return len(recent), int(recent.max()) if len(recent) else 0


def _catch_up(columns: Columns) -> None:
    """Bring the cache to the tables (step 2 of the module docstring). The window starts `LAG`
    before the last look: whatever was stamped earlier had committed by then and was seen."""
    looked = _micros(timezone.now())
    since = EPOCH + timedelta(microseconds=columns.synced) - LAG
    recent = MatchFeatures.objects.filter(refreshed_at__gt=since)
    figures = recent.aggregate(rows=Count("pk"), last=Max("refreshed_at"))
    last = _micros(figures["last"]) if figures["last"] else 0
    cached_rows, cached_last = _window_figures(columns, since)
    if (figures["rows"], last) == (cached_rows, cached_last):
        columns.synced = looked
        return
    stamps = {w: _micros(at) for w, at in recent.values_list("worker_id", "refreshed_at")}
    a = columns.arrays
    in_window = np.flatnonzero(
        a["alive"][: columns.size] & (a["refreshed"][: columns.size] > _micros(since))
    )
    cached = {columns.ids[i]: int(a["refreshed"][i]) for i in in_window}
    changed = [w for w, stamp in stamps.items() if cached.get(w) != stamp]
    gone = [w for w in cached if w not in stamps]
    if gone:
        # Left the window: deleted, or (rarely) re-stamped earlier; read them again to know.
        changed += [w for w in gone if w is not None]
    if changed:
        _load(columns, changed)
    columns.synced = looked


_caches: dict[tuple[str, str], Columns] = {}
_lock = threading.Lock()


def current() -> Columns:
    """This database's cache, brought up to date with the tables."""
    key = (connection.alias, str(connection.settings_dict.get("NAME")))
    columns = _caches.get(key)
    if columns is None or _micros(timezone.now()) < columns.synced:
        columns = _caches[key] = build()
        return columns
    _catch_up(columns)
    return columns


def clear() -> None:
    with _lock:
        _caches.clear()


def _age_ok(a: dict[str, np.ndarray], rows: np.ndarray, start: date, min_age: int) -> np.ndarray:
    """matching._age_on(birth, start) >= min_age, for every row at once."""
    before_birthday = (start.month * 100 + start.day) < a["birth_month_day"][rows]
    age = start.year - a["birth_year"][rows] - before_birthday.astype(np.int32)
    return age >= min_age


# Closeness levels as small integers, in the order of their values, so that the best
# occupation is an integer argmax; LEVEL_VALUES maps them back to matching's own floats.
LEVEL_VALUES = np.array(
    sorted({0.0, matching.RELATED_CLOSENESS, *(value for _l, _n, value in matching.LEVELS)})
)
_LEVEL_OF = {float(value): index for index, value in enumerate(LEVEL_VALUES)}
_level_tables: dict[str, np.ndarray] = {}


def _levels(needs: matching.Needs) -> np.ndarray:
    """For every four-digit code 0000-9999 (and -1, no occupation, at the end), its level of
    closeness to the vacancy's code: matching.occupation_closeness over all codes at once.
    The vacancy's code may be shorter (coded provisionally): a level longer than it never
    matches, as with the text prefixes. Kept per vacancy code (a few hundred, 10 kB each)."""
    table = _level_tables.get(needs.isco)
    if table is not None:
        return table
    codes = np.arange(10_000)

    def same(length: int) -> np.ndarray:
        if length > len(needs.isco):
            return np.zeros(codes.shape, dtype=np.bool_)
        return codes // 10 ** (4 - length) == int(needs.isco[:length])

    related = np.zeros(codes.shape, dtype=np.bool_)
    for prefix in matching.related_prefixes(needs.isco):
        related |= codes // 10 ** (4 - len(prefix)) == int(prefix)
    (_u, _n4, unit), (_m, _n3, minor), (_s, _n2, sub_major), (_j, _n1, major) = matching.LEVELS
    levels = np.select(
        [same(4), same(3), same(2), related, same(1)],
        [_LEVEL_OF[v] for v in (unit, minor, sub_major, matching.RELATED_CLOSENESS, major)],
        0,
    )
    table = np.append(levels, 0).astype(np.uint8)
    _level_tables[needs.isco] = table
    return table


def score_candidates(
    columns: Columns, needs: matching.Needs, organisations: set[Any] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Every candidate of the vacancy (row indices) and its exact score, in row order.

    The same operations in the same order as `matching.score`, so each total is bit for bit
    the row-by-row one (floats: + - * / min max only, no library rounding)."""
    a, n = columns.arrays, columns.size
    start = needs.start.toordinal()
    mask = a["alive"][:n] & a["eligible"][:n] & (a["passport"][:n] >= start)
    if needs.rotation:
        mask &= a["rotation_ok"][:n]
    if organisations is not None:
        codes = [
            columns.organisation_codes[o] for o in organisations if o in columns.organisation_codes
        ]
        mask &= np.isin(a["organisation"][:n], np.array(codes, dtype=np.int32))
    rows = np.flatnonzero(mask)
    if needs.min_age:
        rows = rows[_age_ok(a, rows, needs.start, needs.min_age)]
    levels = _levels(needs)[a["occ_code"][rows]]
    # matching.best_occupation: the closest, the most experienced on a tie, the first after
    # (years are at most 70, far below the step between levels).
    best = np.argmax(levels.astype(np.int32) * 100_000 + a["occ_years"][rows], axis=1)
    level = levels[np.arange(len(rows)), best]
    keep = level > 0
    rows, closeness = rows[keep], LEVEL_VALUES[level[keep]]
    years = a["occ_years"][rows, best[keep]]
    w = matching.WEIGHTS

    if needs.licences:
        count = np.zeros(len(rows), dtype=np.int64)
        for category in needs.licences:
            column = columns.keyed.get(("licence", category))
            if column is not None:
                count += column[rows]
        licensed = count / len(needs.licences)
    else:
        licensed = np.ones(len(rows))
    occupation = closeness * licensed
    if needs.min_experience:
        experience = np.minimum(years / needs.min_experience, 1.0)
    else:
        floor = matching.NO_REQUIREMENT_FLOOR
        experience = floor + floor * np.minimum(years / matching.NO_REQUIREMENT_YEARS, 1.0)
    experience = experience * occupation

    required = needs.languages or {"ru": matching.RUSSIAN_DEFAULT_RANK}
    language_sum = np.zeros(len(rows))
    for code, need in required.items():
        column = columns.keyed.get(("language", code))
        has = column[rows] if column is not None else np.zeros(len(rows), dtype=np.int32)
        language_sum = language_sum + np.where(
            has >= need, 1.0, np.where(has == need - 1, 0.5, 0.0)
        )
    languages = language_sum / len(required)

    if needs.certificates:
        valid = np.zeros(len(rows), dtype=np.int64)
        for kind in needs.certificates:
            column = columns.keyed.get(("certificate", kind))
            if column is not None:
                valid += (column[rows] != 0) & (column[rows] >= start)
        certificates = valid / len(needs.certificates)
    else:
        certificates = np.ones(len(rows))
    licences = licensed

    region_column = columns.keyed.get(("region", needs.region))
    here = region_column[rows] if region_column is not None else np.zeros(len(rows), np.bool_)
    region = np.where(~a["has_regions"][rows], 0.75, np.where(here, 1.0, 0.0))

    expected = a["wage"][rows]
    if needs.wage_max > 0:
        over = np.maximum(
            0.0, 1.0 - (expected - needs.wage_max) / (needs.wage_max * matching.WAGE_SLACK)
        )
    else:  # as matching.wage_value: nothing over a top of 0
        over = np.zeros(len(rows))
    wage = np.where((expected == 0) | (expected <= needs.wage_max), 1.0, over)

    available = a["available"][rows]
    late = available - start
    availability = np.where(
        (available == 0) | (late <= 0), 1.0, np.maximum(0.0, 1.0 - late / matching.LATE_DAYS)
    )

    total = w["occupation"] * occupation
    for key_name, value in (
        ("experience", experience),
        ("languages", languages),
        ("certificates", certificates),
        ("licences", licences),
        ("region", region),
        ("wage", wage),
        ("availability", availability),
    ):
        total = total + w[key_name] * value
    return rows, total


def order(columns: Columns, rows: np.ndarray, totals: np.ndarray, first: int | None) -> np.ndarray:
    """Positions into `rows`, best first: score down, then the worker id up (its text order
    is its number's order). With `first`, only enough for the first `first` (ties included)."""
    a = columns.arrays
    if first is not None and first < len(rows):
        cut = np.partition(-totals, first - 1)[first - 1]
        picked = np.flatnonzero(-totals <= cut)
    else:
        picked = np.arange(len(rows))
    ranked = np.lexsort((a["id_lo"][rows[picked]], a["id_hi"][rows[picked]], -totals[picked]))
    return picked[ranked]


def top_workers(needs: matching.Needs, limit: int, *, organisations: set[Any] | None) -> list[UUID]:
    """The ids of the best `limit` candidates whose matching consent in force is given, best
    first, exact on the tables as they are (step 3 of the module docstring)."""
    if limit <= 0:
        return []
    with _lock:
        columns = current()
        while True:
            rows, totals = score_candidates(columns, needs, organisations)
            chosen, patched = _consenting_first(columns, rows, totals, limit)
            if not patched:
                return chosen


def _consenting_first(
    columns: Columns, rows: np.ndarray, totals: np.ndarray, limit: int
) -> tuple[list[UUID], bool]:
    """The first `limit` candidates whose matching consent in force is given. `eligible` is a
    cache refreshed after a change; the consent itself is read here, so a withdrawal counts
    from its commit (decision 0011). Read a page at a time, with each page's feature stamps:
    a row changed or gone since the cache read it is patched, and the caller ranks again."""
    chosen: list[UUID] = []
    ranked = order(columns, rows, totals, limit)
    position = 0
    while len(chosen) < limit and position < len(rows):
        if position >= len(ranked):
            ranked = order(columns, rows, totals, None)
        page = [columns.ids[int(rows[p])] for p in ranked[position : position + limit]]
        ids = [w for w in page if w is not None]
        position += limit
        stamps = {
            w: _micros(at)
            for w, at in MatchFeatures.objects.filter(worker_id__in=ids).values_list(
                "worker_id", "refreshed_at"
            )
        }
        if stamps != columns.stamps(ids):
            _load(columns, [w for w in ids if stamps.get(w) != columns.stamps([w]).get(w)])
            return [], True
        given = latest_matching_consent(ids)
        chosen += [w for w in ids if given.get(w)][: limit - len(chosen)]
    return chosen, False


def rank_in_memory(
    needs: matching.Needs, rows: list[tuple[MatchFeatures, list[tuple[str, int]]]]
) -> list[tuple[int, float]]:
    """Rank rows built in memory (one per worker), as the product ranks the cache, without
    the consent read: (input position, exact score), best first."""
    columns = from_rows(rows)  # row i of the cache is input row i
    candidates, totals = score_candidates(columns, needs)
    return [
        (int(candidates[p]), float(totals[p])) for p in order(columns, candidates, totals, None)
    ]
