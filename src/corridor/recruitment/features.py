"""Matching features: the registry flattened per worker, recomputed when it changes.

What changes a worker's features marks them stale (`Worker.match_features_stale_since`, set by the
services of people, identity and recruitment in the transaction of the change); nothing
listens for saves. A stale worker is recomputed before matching ranks them
(`refresh_stale`, called by `matching`), after commit by recruitment's own services, and in
batch by `corridor matching refresh-stale` or its task.

A worker is eligible for matching when they consented to matching (their newest statement for
that purpose gives it), are job-ready or already matched elsewhere, and are not a merged record.
Documents valid on a vacancy's start date are checked at ranking time from the passport's
expiry kept here.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any
from uuid import UUID

from django.db import transaction
from django.utils import timezone

from corridor.people.models import (
    ConsentPurpose,
    ConsentRecord,
    Document,
    DocumentType,
    Worker,
    WorkerLanguage,
    WorkerOccupation,
)
from corridor.people.stages import Stage
from corridor.recruitment.models import JobProfile, MatchFeatures, MatchOccupation
from corridor.recruitment.models.vacancies import CERTIFICATE_TYPES

LEVEL_RANK = {"A1": 1, "A2": 2, "B1": 3, "B2": 4, "C1": 5, "C2": 6, "native": 7}
ELIGIBLE_STAGES = frozenset({Stage.JOB_READY, Stage.MATCHED})
BATCH = 2000


def latest_matching_consent(ids: Sequence[UUID]) -> dict[UUID, bool]:
    """Worker -> whether their newest matching statement gives consent (absent: none)."""
    latest: dict[UUID, bool] = {}
    rows = (
        ConsentRecord.objects.filter(worker_id__in=ids, purpose=ConsentPurpose.MATCHING)
        .order_by("worker_id", "recorded_at", "id")
        .values_list("worker_id", "is_given")
    )
    for worker_id, is_given in rows:
        latest[worker_id] = is_given  # ordered oldest first: the last one wins
    return latest


def _documents(ids: Sequence[UUID]) -> tuple[dict[UUID, date | None], dict[UUID, dict[str, str]]]:
    passports: dict[UUID, date | None] = {}
    certificates: dict[UUID, dict[str, str]] = defaultdict(dict)
    rows = Document.objects.filter(
        worker_id__in=ids, type__in=[DocumentType.PASSPORT, *CERTIFICATE_TYPES]
    ).values_list("worker_id", "type", "expiry_date")
    today = timezone.localdate()
    for worker_id, kind, expiry in rows:
        if kind == DocumentType.PASSPORT:
            current = passports.get(worker_id)
            if expiry and (current is None or expiry > current):
                passports[worker_id] = expiry
        elif expiry is None or expiry >= today:
            held = certificates[worker_id].get(kind)
            value = expiry.isoformat() if expiry else ""
            # No end date beats any end date; else the later one.
            if held is None or (held and (not value or value > held)):
                certificates[worker_id][kind] = value
    return passports, certificates


def _rows_for(ids: Sequence[UUID]) -> tuple[list[MatchFeatures], list[MatchOccupation]]:
    workers = Worker.objects.filter(pk__in=ids, merged_into__isnull=True).values(
        "pk", "organisation_id", "stage", "birth_date", "citizenship_id"
    )
    consent = latest_matching_consent(ids)
    passports, certificates = _documents(ids)
    languages: dict[UUID, dict[str, int]] = defaultdict(dict)
    for worker_id, language, level in WorkerLanguage.objects.filter(worker_id__in=ids).values_list(
        "worker_id", "language_id", "level"
    ):
        languages[worker_id][language] = LEVEL_RANK.get(level, 0)
    occupations: dict[UUID, list[tuple[str, int]]] = defaultdict(list)
    for worker_id, isco, years in WorkerOccupation.objects.filter(worker_id__in=ids).values_list(
        "worker_id", "isco_id", "years_experience"
    ):
        occupations[worker_id].append((isco, years))
    profiles = {
        p.worker_id: p
        for p in JobProfile.objects.filter(worker_id__in=ids).prefetch_related("preferred_regions")
    }
    features: list[MatchFeatures] = []
    occupation_rows: list[MatchOccupation] = []
    now = timezone.now()
    for worker in workers:
        worker_id = worker["pk"]
        profile = profiles.get(worker_id)
        eligible = bool(consent.get(worker_id)) and worker["stage"] in ELIGIBLE_STAGES
        passport = passports.get(worker_id)
        features.append(
            MatchFeatures(
                worker_id=worker_id,
                organisation_id=worker["organisation_id"],
                eligible=eligible,
                passport_valid_until=passport,
                birth_date=worker["birth_date"],
                citizenship=worker["citizenship_id"],
                languages=languages.get(worker_id, {}),
                licences=sorted(profile.driving_licences) if profile else [],
                certificates=certificates.get(worker_id, {}),
                regions=sorted(r.code for r in profile.preferred_regions.all()) if profile else [],
                expected_wage=int(profile.expected_wage_rub)
                if profile and profile.expected_wage_rub is not None
                else None,
                available_from=profile.available_from if profile else None,
                accepts_rotation=profile.accepts_rotation if profile else True,
                refreshed_at=now,
            )
        )
        for isco, years in occupations.get(worker_id, []):
            occupation_rows.append(
                MatchOccupation(
                    worker_id=worker_id,
                    years=years,
                    eligible=eligible,
                    passport_valid_until=passport,
                    **MatchOccupation.levels(isco),
                )
            )
    return features, occupation_rows


FEATURE_FIELDS = [f.name for f in MatchFeatures._meta.concrete_fields if not f.primary_key]


def _lock_workers(ids: Sequence[Any]) -> None:
    """Lock the workers' rows, in one order so two refreshes cannot deadlock. Refreshes of one
    worker then run one after the other and each reads what committed before it: the last
    one to run sees the newest consent, so an older answer never lands last. FOR NO KEY
    UPDATE does not block rows that merely point at the worker (a new consent, a document)."""
    list(
        Worker.objects.filter(pk__in=ids)
        .order_by("pk")
        .select_for_update(no_key=True)
        .values_list("pk", flat=True)
    )


@transaction.atomic
def refresh_features(worker_ids: Iterable[Any]) -> int:
    """Recompute the features of these workers (deleted or merged ones simply disappear).

    Safe to call concurrently and inside the transaction that changed a worker (a consent
    change can refresh before it commits, under the same row lock): the rows are upserted
    under a lock on each worker's row."""
    ids = list(dict.fromkeys(worker_ids))
    written = 0
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        _lock_workers(chunk)
        features, occupations = _rows_for(chunk)
        # Stamped as late as possible: the ranking's cache looks for rows stamped since its
        # last look (less a lag), so the stamp must not be long before the commit.
        stamp = timezone.now()
        for row in features:
            row.refreshed_at = stamp
        kept = [f.worker_id for f in features]
        MatchFeatures.objects.filter(worker_id__in=chunk).exclude(worker_id__in=kept).delete()
        MatchFeatures.objects.bulk_create(
            features,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["worker"],
            update_fields=FEATURE_FIELDS,
        )
        # One row per occupation, no natural key to upsert on: replaced under the lock.
        MatchOccupation.objects.filter(worker_id__in=chunk).delete()
        MatchOccupation.objects.bulk_create(occupations, batch_size=1000)
        # Under the same lock: a change committed after this read marks the worker again.
        Worker.objects.filter(pk__in=chunk, match_features_stale_since__isnull=False).update(
            match_features_stale_since=None
        )
        written += len(features)
    return written


def refresh_stale(
    *, worker_ids: Iterable[Any] | None = None, organisations: Iterable[Any] | None = None
) -> int:
    """Recompute the features of the workers marked stale (only those among `worker_ids`, or
    registered by `organisations`, when given); returns how many were recomputed.

    Each batch locks its workers and keeps those still stale under the lock, so two callers
    never recompute one worker twice in a row, and one waits for the other instead of ranking
    on features being rewritten. One indexed query when nothing is stale."""
    stale = Worker.objects.filter(match_features_stale_since__isnull=False)
    if worker_ids is not None:
        stale = stale.filter(pk__in=list(worker_ids))
    if organisations is not None:
        stale = stale.filter(organisation_id__in=list(organisations))
    # Unordered, so the planner reads the partial index; sorted here for the batches.
    ids = sorted(stale.order_by().values_list("pk", flat=True))
    done = 0
    for start in range(0, len(ids), BATCH):
        with transaction.atomic():
            still = list(
                Worker.objects.filter(
                    pk__in=ids[start : start + BATCH], match_features_stale_since__isnull=False
                )
                .order_by("pk")
                .select_for_update(no_key=True)
                .values_list("pk", flat=True)
            )
            if still:
                refresh_features(still)
                done += len(still)
    return done


def refresh_all(progress: Callable[[int, int], None] | None = None) -> int:
    """Recompute every worker's features, batch by batch (each batch its own transaction)."""
    ids = list(Worker.objects.filter(merged_into__isnull=True).values_list("pk", flat=True))
    MatchFeatures.objects.exclude(
        worker_id__in=Worker.objects.filter(merged_into__isnull=True)
    ).delete()
    done = 0
    for start in range(0, len(ids), BATCH):
        done += refresh_features(ids[start : start + BATCH])
        if progress:
            progress(done, len(ids))
    return done
