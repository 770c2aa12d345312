"""`corridor dedupe` over the registry: score every plausible pair, queue the likely ones."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction

from corridor.identity.duplicates import record_from_worker
from corridor.identity.linkage import build_frame, score_pairs
from corridor.identity.model import MODEL_VERSION
from corridor.identity.models import DuplicatePair
from corridor.identity.records import linkage_columns
from corridor.identity.scoring import score_pair
from corridor.people.models import Document, DocumentType, Worker


@dataclass(frozen=True)
class RegistryDedupe:
    workers: int
    candidate_pairs: int
    queued: int
    already_known: int


def _registry_records() -> list[dict[str, str]]:
    passports = dict(
        Document.objects.filter(type=DocumentType.PASSPORT, worker__merged_into__isnull=True)
        .order_by("expiry_date")
        .values_list("worker_id", "number")
    )
    return [
        record_from_worker(worker, passports.get(worker.pk, ""))
        for worker in Worker.objects.active()
        .only(
            "id",
            "family_name",
            "given_name",
            "patronymic",
            "birth_date",
            "sex",
            "citizenship_id",
            "home_region_id",
            "phone",
            "organisation_id",
        )
        .iterator(chunk_size=5000)
    ]


def find_duplicates_in_registry(*, progress: Callable[[str], Any] | None = None) -> RegistryDedupe:
    """Queue every pair of active workers the model scores at or above the review threshold,
    unless the pair is already known (queued, merged or judged different)."""
    say = progress or (lambda message: None)
    say("reading the registry")
    records = _registry_records()
    say(f"scoring {len(records):,} workers")
    pairs = score_pairs(build_frame(records))
    likely = pairs.loc[pairs["match_probability"] >= settings.IDENTITY_REVIEW_THRESHOLD]
    columns = {r["record_id"]: linkage_columns(r) for r in records}
    known = set(DuplicatePair.objects.values_list("worker_a_id", "worker_b_id"))
    organisation_of = dict(Worker.objects.active().values_list("id", "organisation_id"))
    new = []
    rows = likely[["record_id_l", "record_id_r", "conflict"]].itertuples(index=False)
    for left, right, conflict in rows:
        a, b = sorted((left, right))
        key = tuple(Worker._meta.pk.to_python(v) for v in (a, b))
        if key in known:
            continue
        known.add(key)
        score = score_pair(columns[a], columns[b])
        new.append(
            DuplicatePair(
                organisation_id=organisation_of[key[0]],
                worker_a_id=key[0],
                worker_b_id=key[1],
                match_probability=score.match_probability,
                explanation=[
                    {"field": f.field, "level": f.label, "weight": round(f.weight, 2)}
                    for f in score.fields
                ],
                is_conflicting=bool(conflict),
                model_version=MODEL_VERSION,
            )
        )
    say(f"queueing {len(new):,} pairs for review")
    with transaction.atomic():
        # A run started meanwhile may have queued some of the same pairs: keep theirs.
        DuplicatePair.objects.bulk_create(new, batch_size=2000, ignore_conflicts=True)
    return RegistryDedupe(len(records), len(pairs), len(new), len(likely) - len(new))
