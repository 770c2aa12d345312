"""Writing accepted records as vacancies, all in one transaction (see the package's docstring).

Each record is decided on its own (the same rules as every other door, `recruitment.vacancies`),
but written in batches: the employers met in the file are read in a few queries up front, and
new employers, vacancies and their audit events are inserted by `core.bulk` (`FLUSH` records
at a time, so memory stays flat). No model `save` runs for them: what it would do is done here
(`Vacancy.fill_derived`). Every change is still audited row by row,
in the same transaction as the change.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.accounts.models import EmployerStatus, Organisation, OrganisationType
from corridor.core import audit
from corridor.core.bulk import Row, insert_rows, rows_of
from corridor.core.models import AuditAction
from corridor.occupations.models import CodedTitle
from corridor.occupations.services import seen_again
from corridor.occupations.text import normalised_title
from corridor.recruitment.importing.reading import (
    SOURCE_ID_MAX,
    Record,
    _clip,
    check,
    iso_region,
    wage_range,
)
from corridor.recruitment.models import Vacancy, VacancySource, VacancyStatus
from corridor.recruitment.vacancies import (
    check_employer,
    check_wages,
    clean_values,
    resolve_region,
    set_occupation,
)
from corridor.reference.models import Region

ACTOR_LABEL = "import: trudvsem"
# Records decided between two writes: a few thousand rows held in memory at most.
FLUSH = 2000
# Rows a statement for updated vacancies; Django lowers it to what the database allows.
BATCH = 500
# Values in one `IN (...)` list when reading what exists.
CHUNK = 500


class Rejection(NamedTuple):
    position: int  # 1-based position of the record in the file
    source_id: str  # "" when the record has none
    reason: str

    @property
    def label(self) -> str:
        if self.source_id:
            return _("record %(n)s (id %(id)s)") % {"n": self.position, "id": self.source_id}
        return _("record %(n)s") % {"n": self.position}


@dataclass
class ImportResult:
    records: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0  # accepted, already imported, nothing to change
    rejected: list[Rejection] = field(default_factory=list)
    written: bool = False  # False when --strict threw everything away

    @property
    def accepted(self) -> int:
        return self.created + self.updated + self.unchanged


# Deciding and writing ---------------------------------------------------------------------


def _messages(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return " ".join(" ".join(messages) for messages in error.message_dict.values())
    return " ".join(error.messages)


def _snapshot(vacancy: Vacancy) -> dict[str, Any]:
    return {
        "title": vacancy.title,
        "isco": vacancy.isco_id,
        "region": vacancy.region_id,
        "employer": str(vacancy.employer_id),
        "description": vacancy.description,
        "address": vacancy.address,
        "places": vacancy.places,
        "wage_min": vacancy.wage_min,
        "wage_max": vacancy.wage_max,
        "schedule": vacancy.schedule,
        "housing": vacancy.housing,
        "open_to_foreign": vacancy.open_to_foreign,
        "status": vacancy.status,
        "source_id": vacancy.source_id,
        "source_url": vacancy.source_url,
    }


class _Outcome(NamedTuple):
    kind: str  # "created", "updated", "unchanged" or "rejected"
    reason: str = ""


def _coded(vacancy: Vacancy) -> bool:
    """Code the title to an ISCO-08 unit group; unsure codes, however weak, join the review list.

    False only when the title names nothing the coder knows at all (every word is noise such as
    "требуется" or unknown to it): there is no guess to put before staff.
    """
    try:
        set_occupation(vacancy, None, provisional=True)
    except ValidationError:
        return False
    return True


def _uncoded(vacancy: Vacancy) -> _Outcome:
    return _Outcome(
        "rejected",
        _(
            "The title “%(title)s” names no occupation: none of its words is a job Corridor "
            "knows. Give the job's name in the title."
        )
        % {"title": _clip(vacancy.title, 80)},
    )


def _existing(records: Sequence[Record]) -> dict[str, Vacancy]:
    """The vacancies imported before from these records, by source id, locked for the import.

    Read in chunks up front rather than one query a record: a tenth of an import's time.
    """
    ids = sorted(
        {r.source_id for r in records if r.source_id and len(r.source_id) <= SOURCE_ID_MAX}
    )
    found: dict[str, Vacancy] = {}
    for start in range(0, len(ids), CHUNK):
        rows = (
            Vacancy.objects.select_for_update()
            .filter(source=VacancySource.TRUDVSEM, source_id__in=ids[start : start + CHUNK])
            # The condition of the unique index, spelled out so the database can use it.
            .exclude(source_id="")
            .order_by()
            # What a re-import compares, checks and writes; a third of the columns.
            .only(*LOADED_FIELDS)
        )
        found |= {vacancy.source_id: vacancy for vacancy in rows}
    return found


# The columns of an imported vacancy a re-import reads: its snapshot (`_snapshot`), what it
# checks (`IMPORTED_FIELDS`) and what it writes (`UPDATED_FIELDS`).
LOADED_FIELDS = (
    "id",
    "title",
    "title_search",
    "isco",
    "coded_title",
    "region",
    "employer",
    "description",
    "address",
    "places",
    "wage_min",
    "wage_max",
    "schedule",
    "housing",
    "open_to_foreign",
    "status",
    "source",
    "source_id",
    "source_url",
    "updated_at",
)


def _identifiers(record: Record) -> tuple[tuple[str, str], ...]:
    """How an employer is known, surest first: INN, OGRN, the portal's company code."""
    return (("inn", record.inn), ("ogrn", record.ogrn), ("trudvsem_code", record.company_code))


def _known_employers(records: Iterable[Record]) -> dict[tuple[str, str], Organisation]:
    """The employers already in Corridor under any identifier of these records, read in a few
    queries: (kind, number) -> the earliest employer with it, as one query a record would find.
    """
    numbers: dict[str, set[str]] = {"inn": set(), "ogrn": set(), "trudvsem_code": set()}
    for record in records:
        for kind, number in _identifiers(record):
            if number:
                numbers[kind].add(number)
    known: dict[tuple[str, str], Organisation] = {}
    employers = Organisation.objects.filter(type=OrganisationType.EMPLOYER)
    for kind, wanted in numbers.items():
        ordered = sorted(wanted)
        for start in range(0, len(ordered), CHUNK):
            chunk = employers.filter(**{f"{kind}__in": ordered[start : start + CHUNK]})
            for employer in chunk.order_by("created_at", "pk"):
                known.setdefault((kind, getattr(employer, kind)), employer)
    return known


# The fields a record gives a vacancy, checked by their own validators on the way in.
IMPORTED_FIELDS = frozenset(
    (
        "title",
        "description",
        "address",
        "places",
        "wage_min",
        "wage_max",
        "schedule",
        "housing",
        "open_to_foreign",
        "source",
        "source_id",
        "source_url",
        "status",
    )
)


class _FieldChecks:
    """What `validate_vacancy` checks of an imported vacancy, each field's check run once per
    distinct value: an import's places, wages, schedules and titles repeat thousands of times.

    The wage range (`check_wages`), then Django's own check of each field a record sets
    (`Field.clean`: type, length, choices, validators) as `full_clean` runs it; the fields a
    record does not set keep their defaults, valid by construction. The database constraints
    are not queried: each is checked here or by the importer (the source id by its lookup), and
    the database still enforces them all. The model has no `clean` of its own to run.
    """

    def __init__(self) -> None:
        self.fields = [f for f in Vacancy._meta.concrete_fields if f.name in IMPORTED_FIELDS]
        self.passed: set[tuple[str, Any]] = set()

    def check(self, vacancy: Vacancy) -> None:
        check_wages(vacancy)
        errors: dict[str, Any] = {}
        for model_field in self.fields:
            value = getattr(vacancy, model_field.attname)
            if model_field.blank and value in model_field.empty_values:
                continue  # as `full_clean`: a blank value of a field that may be blank
            key = (model_field.name, value)
            if key in self.passed:
                continue
            try:
                setattr(vacancy, model_field.attname, model_field.clean(value, vacancy))
            except ValidationError as error:
                errors[model_field.name] = error.error_list
            else:
                self.passed.add(key)
        if errors:
            raise ValidationError(errors)


# What an import changes on a vacancy it updates (`bulk_update` writes these columns).
UPDATED_FIELDS = (
    "title",
    "title_search",
    "description",
    "address",
    "places",
    "wage_min",
    "wage_max",
    "schedule",
    "housing",
    "open_to_foreign",
    "source_url",
    "region",
    "isco",
    "coded_title",
    "updated_at",
)


class _Importer:
    """Decides each record, and writes the accepted ones in batches; keeps regions, employers
    and codings met during one import."""

    def __init__(self, records: Sequence[Record] = ()) -> None:
        self.existing = _existing(records)
        self.regions: dict[str, Region | None] = {}
        # Every employer the file names that exists, and the ones this import creates.
        self.employers = _known_employers(records)
        self.seen: dict[str, int] = {}
        # Titles repeat (a file has a few hundred distinct ones in 100,000 records): each is
        # coded once per import, and the further sightings are counted once at the end.
        self.codings: dict[str, CodedTitle | None] = {}
        self.sightings: dict[str, int] = {}
        self.checks = _FieldChecks()
        # Decided, not yet written (`flush`).
        self.new_employers: list[Organisation] = []
        self.created: list[Vacancy] = []
        self.updated: list[Vacancy] = []
        self.events: list[Row] = []

    def code(self, vacancy: Vacancy) -> bool:
        key = normalised_title(vacancy.title)
        if key not in self.codings:
            coded = _coded(vacancy)
            self.codings[key] = vacancy.coded_title if coded else None
            return coded
        cached = self.codings[key]
        if cached is None or cached.isco_id is None:
            return False
        self.sightings[key] = self.sightings.get(key, 0) + 1
        vacancy.isco_id = cached.isco_id
        vacancy.coded_title = cached
        return True

    def flush(self) -> None:
        """Write what was decided: employers first (vacancies name them), then the vacancies,
        then the audit events, which name both."""
        insert_rows(Organisation, rows_of(self.new_employers))
        insert_rows(Vacancy, rows_of(self.created))
        Vacancy.objects.bulk_update(self.updated, UPDATED_FIELDS, batch_size=BATCH)
        audit.record_many(self.events)
        self.new_employers, self.created, self.updated, self.events = [], [], [], []

    def finish(self) -> None:
        self.flush()
        for key, times in self.sightings.items():
            cached = self.codings[key]
            if cached is not None:
                seen_again(cached, times)

    def region(self, iso: str) -> Region | None:
        if iso not in self.regions:
            try:
                self.regions[iso] = resolve_region(iso)
            except ValidationError:
                self.regions[iso] = None
        return self.regions[iso]

    def find_employer(self, record: Record) -> Organisation | None:
        """The employer by INN, else OGRN, else the portal's company code (earliest first), or
        None when it is new."""
        for kind, number in _identifiers(record):
            if number and (kind, number) in self.employers:
                return self.employers[kind, number]
        return None

    def create_employer(self, record: Record, region: Region) -> Organisation:
        employer = Organisation(
            type=OrganisationType.EMPLOYER,
            country="RU",
            name=record.employer_name,
            inn=record.inn,
            ogrn=record.ogrn,
            trudvsem_code=record.company_code,
            region=region,
            employer_status=EmployerStatus.UNDER_REVIEW,
        )
        self.new_employers.append(employer)
        self.events.append(
            audit.row(
                actor=None,
                action=AuditAction.CREATE,
                obj=employer,
                actor_label=ACTOR_LABEL,
                changes=audit.diff(
                    {},
                    {
                        "name": employer.name,
                        "type": employer.type,
                        "inn": employer.inn,
                        "ogrn": employer.ogrn,
                        "trudvsem_code": employer.trudvsem_code,
                        "region": region.pk,
                        "employer_status": employer.employer_status,
                    },
                ),
            )
        )
        for kind, number in _identifiers(record):
            if number:
                self.employers[kind, number] = employer
        return employer

    def run(self, record: Record) -> _Outcome:
        try:
            outcome = self._run(record)
        except ValidationError as error:
            return _Outcome("rejected", _messages(error))
        if len(self.created) + len(self.updated) >= FLUSH:
            self.flush()
        return outcome

    def _run(self, record: Record) -> _Outcome:
        problem = check(record)
        wages = wage_range(record)
        if problem or isinstance(wages, str):
            return _Outcome("rejected", problem or str(wages))
        if record.source_id in self.seen:
            return _Outcome(
                "rejected",
                _("The same id is in record %(n)s of this file.")
                % {"n": self.seen[record.source_id]},
            )
        self.seen[record.source_id] = record.index
        iso = iso_region(record.region_code) or ""
        region = self.region(iso)
        if region is None:
            return _Outcome(
                "rejected",
                _("The region %(code)s (%(iso)s) is not one of Corridor's Russian regions.")
                % {"code": record.region_code, "iso": iso},
            )
        employer = self.find_employer(record)
        if employer is not None:
            check_employer(employer)  # blocked or inactive: ValidationError, record rejected
        elif not record.employer_name:
            return _Outcome("rejected", _("The employer has no name."))
        low, high = wages
        values = clean_values(
            {
                "title": record.title,
                "description": record.description,
                "address": record.address,
                "places": record.places,
                "wage_min": low,
                "wage_max": high,
                "schedule": record.schedule,
                "housing": record.housing,
                "open_to_foreign": record.open_to_foreign,
                "source_url": record.source_url,
            }
        )
        existing = self.existing.get(record.source_id)
        if existing is not None:
            return self._update(existing, employer, region, values)
        vacancy = Vacancy(
            region=region,
            source=VacancySource.TRUDVSEM,
            source_id=record.source_id,
            status=VacancyStatus.OPEN,
            **values,
        )
        self.checks.check(vacancy)
        if not self.code(vacancy):  # last: coding remembers the title (the review list)
            return _uncoded(vacancy)
        if employer is None:
            employer = self.create_employer(record, region)
        vacancy.organisation = employer  # the employer published it on the portal
        vacancy.employer = employer
        vacancy.fill_derived()
        self.created.append(vacancy)
        self.events.append(
            audit.row(
                actor=None,
                action=AuditAction.CREATE,
                obj=vacancy,
                actor_label=ACTOR_LABEL,
                changes=audit.diff({}, _snapshot(vacancy)),
            )
        )
        return _Outcome("created")

    def _update(
        self,
        vacancy: Vacancy,
        employer: Organisation | None,
        region: Region,
        values: dict[str, Any],
    ) -> _Outcome:
        if employer is None or employer.pk != vacancy.employer_id:
            return _Outcome(
                "rejected",
                _(
                    "This vacancy was imported before for another employer "
                    "(INN, OGRN or company code changed)."
                ),
            )
        before = _snapshot(vacancy)
        # The status is left alone: staff may have closed or filled the vacancy since.
        for name, value in values.items():
            setattr(vacancy, name, value)
        vacancy.region = region
        if not audit.diff(before, _snapshot(vacancy)):
            return _Outcome("unchanged")
        self.checks.check(vacancy)
        # Recoded only when the title changed, so a code staff chose by hand stays.
        if vacancy.title != before["title"] and not self.code(vacancy):
            return _uncoded(vacancy)
        vacancy.fill_derived()
        vacancy.updated_at = timezone.now()  # a bulk update does not set it
        self.updated.append(vacancy)
        self.events.append(
            audit.row(
                actor=None,
                action=AuditAction.UPDATE,
                obj=vacancy,
                actor_label=ACTOR_LABEL,
                changes=audit.diff(before, _snapshot(vacancy)),
            )
        )
        return _Outcome("updated")


def import_records(
    records: Sequence[Record],
    *,
    strict: bool = False,
    progress: Callable[[int], Any] | None = None,
) -> ImportResult:
    """Create or update a vacancy for each acceptable record, all in one transaction.

    With `strict`, one rejected record rolls everything back: the result then counts what would
    have been written, and `written` is False.
    """
    result = ImportResult(records=len(records))
    with transaction.atomic():
        importer = _Importer(records)
        for record in records:
            outcome = importer.run(record)
            if outcome.kind == "rejected":
                result.rejected.append(Rejection(record.index, record.source_id, outcome.reason))
            else:
                setattr(result, outcome.kind, getattr(result, outcome.kind) + 1)
            if progress is not None:
                progress(1)
        importer.finish()
        if strict and result.rejected:
            transaction.set_rollback(True)
        else:
            result.written = True
    return result
