"""Likely duplicates of a worker about to be registered, found in the registry and explained.

Candidates come from indexed look-ups (name keys, phone, birth date), at most a few dozen, and
are scored in Python with the shipped model (identity.scoring), so the check takes
milliseconds even with a million workers registered.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef

from corridor.accounts.models import User
from corridor.identity.records import check_record, linkage_columns
from corridor.identity.scoring import PairScore, score_pair
from corridor.people.models import Document, DocumentType, Worker, WorkerNameKey
from corridor.people.phones import normalise_phone
from corridor.people.queries import KEY_PREFIX_END

# Pairs scoring below this are not shown; the automatic-link threshold is much higher.
SHOW_THRESHOLD = 0.5
MAX_CANDIDATES = 60


@dataclass(frozen=True)
class Duplicate:
    worker: Worker
    score: PairScore


@dataclass(frozen=True)
class DuplicateReport:
    visible: list[Duplicate]
    # Likely duplicates registered by organisations the user may not see: counted, not shown.
    elsewhere: int


def record_from_details(details: dict[str, Any]) -> dict[str, str]:
    """A linkage record from what a caseworker typed (form or API field names)."""
    return check_record(
        {
            "record_id": "new",
            "family_name": details.get("family_name"),
            "given_name": details.get("given_name"),
            "patronymic": details.get("patronymic"),
            "birth_date": str(details.get("birth_date") or ""),
            "sex": details.get("sex"),
            "citizenship": getattr(details.get("citizenship"), "pk", details.get("citizenship")),
            "birth_region": getattr(details.get("home_region"), "pk", details.get("home_region")),
            "phone": details.get("phone"),
            "passport_number": details.get("passport_number"),
        }
    ).values


def record_from_worker(worker: Worker, passport: str = "") -> dict[str, str]:
    return check_record(
        {
            "record_id": str(worker.pk),
            "family_name": worker.family_name,
            "given_name": worker.given_name,
            "patronymic": worker.patronymic,
            "birth_date": worker.birth_date.isoformat(),
            "sex": worker.sex,
            "citizenship": worker.citizenship_id,
            "birth_region": worker.home_region_id,
            "phone": worker.phone,
            "passport_number": passport,
        }
    ).values


def _birth_dates(born: str) -> list[date]:
    try:
        day = date.fromisoformat(born)
    except ValueError:
        return []
    dates = {
        day,
        day.replace(year=day.year - 1)
        if (day.month, day.day) != (2, 29)
        else day - timedelta(days=365),
    }
    dates.add(
        day.replace(year=day.year + 1)
        if (day.month, day.day) != (2, 29)
        else day + timedelta(days=365)
    )
    if day.day <= 12:
        dates.add(date(day.year, day.day, day.month))
    return sorted(dates)


def candidate_ids(columns: dict[str, Any], phone: str) -> list[Any]:
    """Ids of registered workers worth scoring against the new record, likeliest first.

    Each look-up is a separate indexed query with its own limit, most selective first (a name
    on one of the plausible birth dates, then the phone, then the names alone for a missing or
    mistyped date), so a common name in a registry of millions never floods the candidates.
    """
    family, stem, given = columns["family_key"], columns["family_stem"], columns["given_key"]
    found: list[Any] = []

    def add(worker_ids: Any, limit: int) -> None:
        # Ids stream from the database with a LIMIT, so a look-up stops once it has enough.
        for worker_id in worker_ids[: limit + len(found)]:
            if worker_id not in found and limit > 0:
                found.append(worker_id)
                limit -= 1

    born = _birth_dates(columns["birth_date"] or "")
    names = [k for k in (family, given) if k]
    # Correlated EXISTS, driven by the indexed birth dates (or the given name): the cost
    # follows the handful of workers on those dates, not how common a name is.
    if born and names:
        named = WorkerNameKey.objects.filter(worker_id=OuterRef("pk"), key__in=names)
        dated = Worker.objects.filter(birth_date__in=born).filter(Exists(named))
        add(dated.values_list("id", flat=True), 30)
    if phone:
        add(Worker.objects.filter(phone=phone).values_list("id", flat=True), 10)
    if given and stem and len(found) < MAX_CANDIDATES:
        with_family = WorkerNameKey.objects.filter(
            worker_id=OuterRef("worker_id"), key__gte=stem, key__lt=stem + KEY_PREFIX_END
        )
        with_given = WorkerNameKey.objects.filter(key=given).filter(Exists(with_family))
        add(with_given.values_list("worker_id", flat=True), MAX_CANDIDATES - len(found))
    return found


def likely_duplicates(
    user: User, details: dict[str, Any], *, exclude_id: Any = None
) -> DuplicateReport:
    """Registered workers who are probably the person in `details`, best first."""
    record = record_from_details(details)
    columns = linkage_columns(record)
    if not (columns["family_key"] or columns["given_key"] or columns["phone"]):
        return DuplicateReport([], 0)
    try:
        phone = normalise_phone(str(details.get("phone") or ""), record["citizenship"] or None)
    except ValidationError:
        phone = ""  # the form will say what is wrong with it; it just finds nothing here
    ids = [i for i in candidate_ids(columns, phone) if i != exclude_id]
    workers = Worker.objects.filter(id__in=ids).select_related("organisation", "home_region")
    passports = dict(
        Document.objects.filter(worker_id__in=ids, type=DocumentType.PASSPORT).values_list(
            "worker_id", "number"
        )
    )
    scored = []
    for worker in workers:
        score = score_pair(
            columns, linkage_columns(record_from_worker(worker, passports.get(worker.pk, "")))
        )
        if score.match_probability >= SHOW_THRESHOLD:
            scored.append(Duplicate(worker, score))
    scored.sort(key=lambda d: -d.score.match_probability)
    visible_ids = set(
        Worker.objects.for_user(user)
        .filter(id__in=[d.worker.pk for d in scored])
        .values_list("id", flat=True)
    )
    return DuplicateReport(
        [d for d in scored if d.worker.pk in visible_ids],
        sum(1 for d in scored if d.worker.pk not in visible_ids),
    )
