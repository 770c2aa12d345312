"""Bulk creation of realistic workers, for the demo and the registry benchmark.

The pages and the API register one worker at a time through `people.services`; seeding
thousands that way would take minutes, so this writes the same rows in batches: name forms
and keys from the same functions, reference numbers from the same sequence, consent, documents
(passports with a valid MRZ), a timeline up to the current stage, and one audit entry per worker.
"""

import contextlib
import itertools
import random
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from corridor.accounts.models import Organisation, User
from corridor.core.bulk import defaults, insert_rows
from corridor.core.models import AuditAction, AuditEvent
from corridor.demo.names import name_for
from corridor.names import to_latin
from corridor.people.models import (
    ConsentMethod,
    ConsentPurpose,
    ConsentRecord,
    Document,
    DocumentType,
    EducationLevel,
    FamilyMember,
    LanguageLevel,
    Relation,
    TimelineEvent,
    TimelineKind,
    Worker,
    WorkerLanguage,
    WorkerNameKey,
    WorkerOccupation,
)
from corridor.people.mrz import check_digit
from corridor.people.naming import name_forms, name_key_dicts
from corridor.people.references import allocate_references
from corridor.people.stages import CYCLE, Stage
from corridor.reference.models import Region

# Occupations migrants from Central Asia most often hold (ISCO-08 unit groups).
OCCUPATIONS = [
    "7112",
    "7115",
    "7212",
    "7411",
    "7126",
    "7122",
    "7123",
    "8332",
    "8322",
    "9313",
    "9312",
    "9112",
    "9321",
    "9333",
    "5120",
    "9412",
    "5223",
    "5230",
    "5414",
    "7531",
    "9211",
    "8160",
    "8189",
    "5322",
    "7233",
    "7213",
    "8343",
    "9622",
]
# How many of the registry stand at each stage: most are early in the cycle.
STAGE_WEIGHTS = {
    Stage.REGISTERED: 22,
    Stage.PROFILED: 14,
    Stage.IN_TRAINING: 10,
    Stage.JOB_READY: 14,
    Stage.MATCHED: 6,
    Stage.OFFERED: 4,
    Stage.CONTRACTED: 4,
    Stage.DEPARTED: 3,
    Stage.ARRIVED: 3,
    Stage.EMPLOYED: 11,
    Stage.RETURNED: 4,
    Stage.REINTEGRATED: 2,
    Stage.WITHDRAWN: 3,
}
PHONE_PREFIXES = {
    "UZ": ("+99890", "+99891", "+99893", "+99897"),
    "TJ": ("+99290", "+99293", "+99298"),
    "KG": ("+996555", "+996700", "+996777"),
}
# Registrations spread over eighteen months from EPOCH, so that even the longest path through
# the cycle (twelve moves of at most 40 days) ends before today.
EPOCH = datetime(2024, 1, 1, tzinfo=UTC)
REGISTRATION_SPAN_MINUTES = 540 * 24 * 60
STAGES, WEIGHTS = list(STAGE_WEIGHTS), list(STAGE_WEIGHTS.values())


@dataclass(frozen=True)
class Centre:
    organisation: Organisation
    caseworker: User


def _birth_date(rng: random.Random) -> date:
    return date(1972, 1, 1) + timedelta(days=rng.randrange(0, 365 * 34))


def _phone(rng: random.Random, country: str) -> str:
    prefix = rng.choice(PHONE_PREFIXES[country])
    return prefix + "".join(str(rng.randrange(10)) for _ in range(13 - len(prefix)))


def passport_mrz(
    *, country3: str, number: str, family: str, given: str, birth: date, sex: str, expiry: date
) -> str:
    """A TD3 machine-readable zone with correct check digits (ICAO Doc 9303)."""

    def mrz_text(text: str) -> str:
        return "".join(
            ch if ch.isalnum() else "<"
            for ch in to_latin(text).upper().replace("‘", "").replace("'", "")
        )

    names = f"{mrz_text(family)}<<{mrz_text(given)}"
    first = f"P<{country3}{names}"[:44].ljust(44, "<")
    doc = number.ljust(9, "<")[:9]
    born, expires = birth.strftime("%y%m%d"), expiry.strftime("%y%m%d")
    personal = "<" * 14
    body = f"{doc}{check_digit(doc)}{country3}{born}{check_digit(born)}{sex}{expires}{check_digit(expires)}{personal}<"
    composite = body[0:10] + body[13:20] + body[21:43]
    return first + "\n" + body + check_digit(composite)


TABLES = (
    Worker,
    WorkerNameKey,
    WorkerLanguage,
    WorkerOccupation,
    ConsentRecord,
    Document,
    FamilyMember,
    TimelineEvent,
    AuditEvent,
)


class WorkerBatch:
    """The rows of one batch of workers, as plain dicts, written with one INSERT per table."""

    def __init__(self, now: datetime, rng: random.Random) -> None:
        # Ids from the seeded generator: the same demo every time, and cheaper than urandom.
        self.rng = rng
        self.rows: dict[type[Any], list[dict[str, Any]]] = {model: [] for model in TABLES}
        self.templates = {model: defaults(model) for model in TABLES}
        for model in (Worker, Document, FamilyMember, ConsentRecord):
            self.templates[model]["updated_at"] = now

    def add(self, model: type[Any], **values: Any) -> dict[str, Any]:
        row = {**self.templates[model], **values}
        if (
            model is not WorkerNameKey
            and model is not WorkerLanguage
            and model is not WorkerOccupation
            and model is not AuditEvent
        ):
            row.setdefault("id", uuid.UUID(int=self.rng.getrandbits(128), version=4))
        self.rows[model].append(row)
        return row

    def save(self) -> None:
        for model in TABLES:
            insert_rows(model, self.rows[model])


def _build_worker(
    rng: random.Random,
    centre: Centre,
    regions: Sequence[str],
    reference: str,
    index: int,
    batch: WorkerBatch,
) -> None:
    country = centre.organisation.country
    sex = "M" if rng.random() < 0.78 else "F"
    name = name_for(rng, country, sex)
    registered_at = EPOCH + timedelta(
        minutes=(index * 7 + rng.randrange(7)) % REGISTRATION_SPAN_MINUTES
    )
    stage = rng.choices(STAGES, weights=WEIGHTS)[0]
    handle = to_latin(name.given_name).lower().replace("‘", "").replace("’", "").replace(" ", "")
    worker = batch.add(
        Worker,
        reference=reference,
        organisation_id=centre.organisation.pk,
        family_name=name.family_name,
        given_name=name.given_name,
        patronymic=name.patronymic,
        sex=sex,
        birth_date=_birth_date(rng),
        citizenship_id=country,
        home_region_id=rng.choice(regions),
        phone=_phone(rng, country) if rng.random() < 0.9 else "",
        messenger_handle=f"@{handle}{rng.randrange(100, 999)}" if rng.random() < 0.5 else "",
        education_level=rng.choice(EducationLevel.values),
        stage=stage,
        created_at=registered_at,
        created_by_id=centre.caseworker.pk,
        user_id=None,
        **name_forms(name.family_name, name.given_name, name.patronymic),
    )
    worker_id = worker["id"]
    for key_row in name_key_dicts(worker_id, name.family_name, name.given_name, name.patronymic):
        batch.add(WorkerNameKey, **key_row)
    native = {"UZ": "uz", "TJ": "tg", "KG": "ky"}[country]
    batch.add(WorkerLanguage, worker_id=worker_id, language_id=native, level=LanguageLevel.NATIVE)
    batch.add(
        WorkerLanguage,
        worker_id=worker_id,
        language_id="ru",
        level=rng.choice(["A1", "A2", "B1", "B2", "C1"]),
    )
    for code in rng.sample(OCCUPATIONS, k=rng.choice([1, 1, 2])):
        batch.add(
            WorkerOccupation,
            worker_id=worker_id,
            isco_id=code,
            years_experience=rng.randrange(0, 15),
        )
    _consents(rng, worker, centre, registered_at, batch)
    _documents(rng, worker, centre, registered_at, batch)
    _timeline(rng, worker, centre, registered_at, batch)
    if rng.random() < 0.4:
        batch.add(
            FamilyMember,
            worker_id=worker_id,
            organisation_id=centre.organisation.pk,
            created_at=registered_at,
            relation=rng.choice([Relation.SPOUSE, Relation.CHILD, Relation.PARENT]),
            full_name=f"{name.family_name} {name_for(rng, country, 'F').given_name}",
            birth_date=None,
            is_dependant=rng.random() < 0.6,
        )
    batch.add(
        AuditEvent,
        at=registered_at,
        actor_id=centre.caseworker.pk,
        actor_label=centre.caseworker.email,
        organisation_id=centre.organisation.pk,
        action=AuditAction.CREATE,
        object_type="people.worker",
        object_id=str(worker_id),
        worker_id=worker_id,
        changes={"reference": [None, reference]},
        ip_address=None,
        channel="cli",
    )


def _consents(
    rng: random.Random, worker: dict[str, Any], centre: Centre, at: datetime, batch: WorkerBatch
) -> None:
    purposes = [ConsentPurpose.REGISTRATION]
    if rng.random() < 0.75:
        purposes.append(ConsentPurpose.MATCHING)
    if rng.random() < 0.8:
        purposes.append(ConsentPurpose.STATISTICS)
    if rng.random() < 0.5:
        purposes.append(ConsentPurpose.MESSAGES)
    for purpose in purposes:
        batch.add(
            ConsentRecord,
            worker_id=worker["id"],
            organisation_id=centre.organisation.pk,
            purpose=purpose,
            is_given=True,
            method=ConsentMethod.SIGNED_FORM,
            recorded_at=at,
            recorded_by_id=centre.caseworker.pk,
            created_at=at,
        )


def _documents(
    rng: random.Random, worker: dict[str, Any], centre: Centre, at: datetime, batch: WorkerBatch
) -> None:
    country = centre.organisation.country
    country3 = {"UZ": "UZB", "TJ": "TJK", "KG": "KGZ"}[country]
    issued = at.date() - timedelta(days=rng.randrange(100, 3000))
    expiry = issued + timedelta(days=3652)
    # A few passports run out soon, so the expiry warnings have something to show.
    if rng.random() < 0.03:
        expiry = date.today() + timedelta(days=rng.randrange(5, 30))
        issued = expiry - timedelta(days=3652)
    number = {"UZ": "FA", "TJ": "4", "KG": "AC"}[country] + str(rng.randrange(1000000, 9999999))
    mrz = passport_mrz(
        country3=country3,
        number=number,
        family=worker["family_name_latin"],
        given=worker["given_name_latin"],
        birth=worker["birth_date"],
        sex=worker["sex"],
        expiry=expiry,
    )
    common = {
        "worker_id": worker["id"],
        "organisation_id": centre.organisation.pk,
        "created_by_id": centre.caseworker.pk,
        "created_at": at,
    }
    batch.add(
        Document,
        **common,
        type=DocumentType.PASSPORT,
        number=number,
        number_normalised=number,
        issuing_country_id=country,
        issue_date=issued,
        expiry_date=expiry,
        mrz=mrz,
        is_mrz_verified=True,
    )
    stage = worker["stage"]
    if stage != Stage.WITHDRAWN and CYCLE.index(stage) >= CYCLE.index(Stage.DEPARTED):
        start = at.date() + timedelta(days=60)
        card = f"{rng.randrange(1000, 9999)} {rng.randrange(1000000, 9999999)}"
        batch.add(
            Document,
            **common,
            type=DocumentType.MIGRATION_CARD,
            number=card,
            number_normalised=card.replace(" ", ""),
            issuing_country_id="RU",
            issue_date=start,
            expiry_date=start + timedelta(days=365),
        )


def _timeline(
    rng: random.Random, worker: dict[str, Any], centre: Centre, at: datetime, batch: WorkerBatch
) -> None:
    common = {
        "worker_id": worker["id"],
        "organisation_id": centre.organisation.pk,
        "actor_id": centre.caseworker.pk,
    }
    batch.add(
        TimelineEvent,
        **common,
        at=at,
        kind=TimelineKind.REGISTERED,
        from_stage="",
        to_stage=Stage.REGISTERED,
        reason="",
    )
    stage = worker["stage"]
    path = (
        CYCLE[: CYCLE.index(stage) + 1]
        if stage != Stage.WITHDRAWN
        else [Stage.REGISTERED, Stage.PROFILED, Stage.WITHDRAWN]
    )
    when = at
    for previous, current in itertools.pairwise(path):
        when += timedelta(days=rng.randrange(3, 40))
        batch.add(
            TimelineEvent,
            **common,
            at=when,
            kind=TimelineKind.STAGE,
            from_stage=previous,
            to_stage=current,
            reason=STAGE_REASONS.get(current, "Case review"),
        )
    worker["stage_changed_at"] = when


STAGE_REASONS: dict[str, str] = {
    Stage.PROFILED: "Skills interview done",
    Stage.IN_TRAINING: "Enrolled in pre-departure course",
    Stage.JOB_READY: "Certificates complete",
    Stage.MATCHED: "Matched to a vacancy",
    Stage.OFFERED: "Employer made an offer",
    Stage.CONTRACTED: "Contract signed in Russian and native language",
    Stage.DEPARTED: "Left for Russia",
    Stage.ARRIVED: "Arrival confirmed by employer",
    Stage.EMPLOYED: "Employment confirmed",
    Stage.RETURNED: "Contract ended, returned home",
    Stage.REINTEGRATED: "Reintegration plan completed",
    Stage.WITHDRAWN: "Worker withdrew",
}


def _seed_batch(
    rng: random.Random,
    centres: Sequence[Centre],
    regions: dict[str, list[str]],
    start: int,
    size: int,
) -> None:
    plan = [centres[(start + i) % len(centres)] for i in range(size)]
    references: dict[str, list[str]] = {}
    for country in {c.organisation.country for c in plan}:
        wanted = sum(1 for c in plan if c.organisation.country == country)
        references[country] = allocate_references(
            country=country, year=timezone.now().year, count=wanted
        )
    batch = WorkerBatch(timezone.now(), rng)
    for offset, centre in enumerate(plan):
        country = centre.organisation.country
        _build_worker(
            rng, centre, regions[country], references[country].pop(0), start + offset, batch
        )
    batch.save()


def seed_workers(
    *,
    count: int,
    centres: Sequence[Centre],
    seed: int = 2026,
    batch_size: int = 2000,
    progress: Callable[[int], Any] | None = None,
    all_or_nothing: bool = True,
) -> int:
    """Create `count` workers spread over `centres`, deterministically for a given seed."""
    rng = random.Random(seed)
    regions = {
        c.organisation.country: list(
            Region.objects.filter(country_id=c.organisation.country).values_list("code", flat=True)
        )
        for c in centres
    }
    created = 0
    # All or nothing by default. A benchmark seeding a million workers commits each batch:
    # one transaction that size makes SQLite's write-ahead log grow past the database itself.
    whole = transaction.atomic() if all_or_nothing else contextlib.nullcontext()
    with whole:
        while created < count:
            size = min(batch_size, count - created)
            with transaction.atomic():
                _seed_batch(rng, centres, regions, created, size)
            created += size
            if progress:
                progress(size)
    # Fresh statistics after a bulk load, so the query planner knows the tables' sizes.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return created
