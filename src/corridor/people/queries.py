"""Reads for lists, search and the home page."""

import re
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from corridor.accounts.models import User
from corridor.core.suppression import is_small_count
from corridor.names import query_keys
from corridor.people.models import Document, Worker, WorkerNameKey, WorkerOccupation, WorkerQuerySet
from corridor.people.phones import phone_candidates

REFERENCE_PATTERN = re.compile(r"^[A-Za-z]{2}-\d{4}-\d{1,9}$")
# Name keys are lowercase ASCII; this sorts after every character a key can hold.
KEY_PREFIX_END = "\x7f"


def _name_condition(text: str) -> Q | None:
    """Every word of the query must start a name key of the worker, in any script."""
    keys = [key for key in query_keys(text) if len(key) >= 2]
    if not keys:
        return None
    condition = Q()
    for key in dict.fromkeys(keys):
        # A range instead of LIKE: it uses the index on both SQLite and PostgreSQL.
        matching = WorkerNameKey.objects.filter(key__gte=key, key__lt=key + KEY_PREFIX_END)
        condition &= Q(id__in=matching.values("worker_id"))
    return condition


def search_workers(queryset: WorkerQuerySet, text: str) -> WorkerQuerySet:
    """Workers matching a reference number, phone, document number or name in any script."""
    text = " ".join(text.split())[:200]
    if not text:
        return queryset
    if REFERENCE_PATTERN.match(text):
        return queryset.filter(reference=text.upper())
    conditions: list[Q] = []
    phones = phone_candidates(text) if re.fullmatch(r"[+\d\s()\-]+", text) else []
    if phones:
        conditions.append(Q(phone__in=phones))
    number = "".join(ch for ch in text.upper() if ch.isalnum())
    if any(ch.isdigit() for ch in number) and len(number) >= 4:
        documents = Document.objects.filter(number_normalised=number)
        conditions.append(Q(id__in=documents.values("worker_id")))
    names = _name_condition(text)
    if names is not None:
        conditions.append(names)
    if not conditions:
        return queryset.none()
    # One condition alone, not OR-ed with others, lets the database drive the query from
    # the small set of matching keys instead of scanning the organisation's workers.
    combined = conditions[0]
    for condition in conditions[1:]:
        combined |= condition
    return queryset.filter(combined)


@dataclass(frozen=True)
class WorkerFilters:
    q: str = ""
    stage: str = ""
    citizenship: str = ""
    region: str = ""
    occupation: str = ""  # an ISCO-08 code at any level: the unit groups below it match
    organisation: str = ""


def filter_workers(queryset: WorkerQuerySet, filters: WorkerFilters) -> WorkerQuerySet:
    if filters.stage:
        queryset = queryset.filter(stage=filters.stage)
    if filters.citizenship:
        queryset = queryset.filter(citizenship_id=filters.citizenship.upper())
    if filters.region:
        queryset = queryset.filter(home_region_id=filters.region.upper())
    if filters.occupation:
        occupations = WorkerOccupation.objects.filter(isco__code__startswith=filters.occupation)
        queryset = queryset.filter(id__in=occupations.values("worker_id"))
    if filters.organisation:
        queryset = queryset.filter(organisation_id=filters.organisation)
    if filters.q:
        queryset = search_workers(queryset, filters.q)
    return queryset


def worker_list(user: User, filters: WorkerFilters) -> WorkerQuerySet:
    """The workers a user may see, filtered, newest first, ready for a page of a list."""
    queryset = Worker.objects.for_user(user).active().select_related("organisation", "home_region")
    return filter_workers(queryset, filters).order_by("-created_at", "-id")


def counts_by_stage(queryset: QuerySet[Worker]) -> dict[str, int]:
    rows = queryset.order_by().values("stage").annotate(n=Count("id"))
    return {row["stage"]: row["n"] for row in rows}


def expiring_documents(user: User, *, limit: int = 20) -> QuerySet[Document]:
    return (
        Document.objects.for_user(user)
        .expiring()
        .select_related("worker")
        .order_by("expiry_date")[:limit]
    )


def suppress_small_counts(counts: dict[str, int]) -> dict[str, int | None]:
    """Replace every count from 1 to 4 by None ("fewer than 5"); zero stays zero."""
    return {key: (None if is_small_count(n) else n) for key, n in counts.items()}
