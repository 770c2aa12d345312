"""Workers, documents, family, consent and timeline over REST; the same services as the pages."""

import uuid
from datetime import date, datetime
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from corridor.accounts.models import Organisation
from corridor.accounts.requests import signed_in_user
from corridor.accounts.roles import Permission
from corridor.accounts.schemas import OrganisationRef
from corridor.core.audit import Actor
from corridor.core.pagination import BoundedLimitOffset
from corridor.core.scoping import get_for_user_or_404
from corridor.people import corrections, services
from corridor.people import documents as document_services
from corridor.people.access import Section, access_to, owned_workers, require_section
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
    Sex,
    TimelineEvent,
    Worker,
)
from corridor.people.queries import WorkerFilters, worker_list
from corridor.people.stages import Stage

router = Router(tags=["workers"])


def _worker(request: HttpRequest, worker_id: uuid.UUID, section: Section) -> Worker:
    """A worker the user may read, when `section` of the record is theirs to see; else 404."""
    worker = get_for_user_or_404(
        Worker.objects.select_related("organisation"), request.user, pk=worker_id
    )
    require_section(access_to(signed_in_user(request), worker), section)
    return worker


def _owned_worker(request: HttpRequest, worker_id: uuid.UUID) -> Worker:
    """A worker the user may change: of their own organisation (a grant is read-only)."""
    return get_for_user_or_404(
        owned_workers(signed_in_user(request)).select_related("organisation"),
        signed_in_user(request),
        pk=worker_id,
    )


class LanguageIn(Schema):
    language: str = Field(..., min_length=2, max_length=3, pattern=r"^[a-z]{2,3}$")
    level: LanguageLevel


class OccupationIn(Schema):
    isco: str = Field(..., pattern=r"^\d{4}$")
    years_experience: int = Field(0, ge=0, le=70)


class ConsentGiven(Schema):
    purpose: ConsentPurpose
    given: bool


class WorkerIn(Schema):
    family_name: str = Field(..., min_length=1, max_length=100)
    given_name: str = Field(..., min_length=1, max_length=100)
    patronymic: str = Field("", max_length=100)
    birth_date: date
    sex: Sex
    citizenship: str = Field(..., pattern=r"^[A-Za-z]{2}$")
    home_region: str | None = Field(None, max_length=6, pattern=r"^[A-Za-z]{2}-[A-Za-z0-9]{1,3}$")
    phone: str = Field("", max_length=30)
    messenger_handle: str = Field("", max_length=64)
    education_level: EducationLevel | Literal[""] = ""
    skills: str = Field("", max_length=2000)
    languages: list[LanguageIn] = Field(default_factory=list, max_length=20)
    occupations: list[OccupationIn] = Field(default_factory=list, max_length=10)
    organisation_id: uuid.UUID | None = None
    # What the worker said at registration, per purpose; purposes left out are not given.
    consents: list["ConsentGiven"] = Field(default_factory=list, max_length=len(ConsentPurpose))
    consent_method: ConsentMethod = ConsentMethod.SIGNED_FORM
    consent_note: str = Field("", max_length=500)


class WorkerPatch(Schema):
    family_name: str | None = Field(None, min_length=1, max_length=100)
    given_name: str | None = Field(None, min_length=1, max_length=100)
    patronymic: str | None = Field(None, max_length=100)
    birth_date: date | None = None
    sex: Sex | None = None
    citizenship: str | None = Field(None, pattern=r"^[A-Za-z]{2}$")
    home_region: str | None = Field(None, max_length=6)
    phone: str | None = Field(None, max_length=30)
    messenger_handle: str | None = Field(None, max_length=64)
    education_level: EducationLevel | Literal[""] | None = None
    skills: str | None = Field(None, max_length=2000)
    languages: list[LanguageIn] | None = Field(None, max_length=20)
    occupations: list[OccupationIn] | None = Field(None, max_length=10)
    # The version the edit started from (or send If-Match); checked when given.
    version: int | None = Field(None, ge=1)


class WorkerLanguageOut(Schema):
    language: str = Field(alias="language_id")
    level: str


class OccupationOut(Schema):
    isco: str = Field(alias="isco_id")
    years_experience: int


class WorkerOut(Schema):
    id: uuid.UUID
    reference: str
    family_name: str
    given_name: str
    patronymic: str
    name_script: str
    family_name_latin: str
    given_name_latin: str
    patronymic_latin: str
    sex: str
    birth_date: date
    citizenship: str = Field(alias="citizenship_id")
    home_region: str | None = Field(None, alias="home_region_id")
    # None: a section of the record the reader's access does not include (people.access).
    phone: str | None
    messenger_handle: str | None
    education_level: str | None
    skills: str | None
    stage: str
    version: int
    organisation: OrganisationRef
    languages: list[WorkerLanguageOut] | None
    occupations: list[OccupationOut] | None
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_languages(obj: Worker) -> list[Any]:
        return list(obj.languages.all())

    @staticmethod
    def resolve_occupations(obj: Worker) -> list[Any]:
        return list(obj.occupations.all())


class WorkerSummary(Schema):
    id: uuid.UUID
    reference: str
    family_name: str
    given_name: str
    patronymic: str
    family_name_latin: str
    given_name_latin: str
    sex: str
    birth_date: date
    citizenship: str = Field(alias="citizenship_id")
    stage: str
    organisation_id: uuid.UUID


class ListParams(Schema):
    q: str = Field("", max_length=200)
    stage: Stage | None = None
    citizenship: str = Field("", max_length=2)
    region: str = Field("", max_length=6)
    occupation: str = Field("", max_length=4, pattern=r"^\d{0,4}$")
    organisation: uuid.UUID | None = None


def _split(payload: Schema) -> tuple[dict[str, Any], Any, Any]:
    """Split a worker payload into the worker's own fields, languages and occupations."""
    data = payload.dict(exclude_unset=isinstance(payload, WorkerPatch))
    for name in ("organisation_id", "consents", "consent_method", "consent_note", "version"):
        data.pop(name, None)
    languages = data.pop("languages", None)
    occupations = data.pop("occupations", None)
    if languages is not None:
        languages = [services.LanguageSkill(**item) for item in languages]
    if occupations is not None:
        occupations = [services.Experience(**item) for item in occupations]
    return data, languages, occupations


WORKER_WITH_PARTS = Worker.objects.select_related("organisation").prefetch_related(
    "languages", "occupations"
)


def _fetch(worker: Worker) -> Worker:
    """The worker as saved by a service, with the parts WorkerOut shows."""
    return WORKER_WITH_PARTS.get(pk=worker.pk)


@router.get("", response=list[WorkerSummary])
@paginate(BoundedLimitOffset)
def list_workers(request: HttpRequest, params: Query[ListParams]) -> Any:
    filters = WorkerFilters(
        q=params.q,
        stage=params.stage or "",
        citizenship=params.citizenship,
        region=params.region,
        occupation=params.occupation,
        organisation=str(params.organisation) if params.organisation else "",
    )
    return worker_list(signed_in_user(request), filters)


@router.post("", response={201: WorkerOut})
def create_worker(request: HttpRequest, payload: WorkerIn) -> Status[Worker]:
    user = request.user
    allowed = user.organisation_ids_with(Permission.REGISTER_WORKERS)  # type: ignore[union-attr]
    organisation_id = payload.organisation_id or (allowed[0] if allowed else None)
    if organisation_id is None or organisation_id not in allowed:
        raise PermissionDenied(_("You may not register workers for that organisation."))
    organisation = Organisation.objects.get(pk=organisation_id)
    data, languages, occupations = _split(payload)
    worker = services.register_worker(
        actor=Actor.from_request(request, organisation_id, channel="api"),
        organisation=organisation,
        details=data,
        languages=languages or (),
        occupations=occupations or (),
        consents=[
            services.ConsentStatement(purpose=item.purpose, is_given=item.given)
            for item in payload.consents
        ],
        consent_method=payload.consent_method,
        consent_note=payload.consent_note,
    )
    return Status(201, _fetch(worker))


@router.get("/{worker_id}", response=WorkerOut)
def get_worker(request: HttpRequest, response: HttpResponse, worker_id: uuid.UUID) -> "WorkerOut":
    """The record as far as the reader's access goes; hidden sections are null."""
    worker = get_for_user_or_404(WORKER_WITH_PARTS.all(), request.user, pk=worker_id)
    hidden = access_to(signed_in_user(request), worker).hidden_fields()
    services.record_view(actor=Actor.from_request(request, channel="api"), worker=worker)
    response["ETag"] = f'"{worker.version}"'
    record = WorkerOut.from_orm(worker)
    for field in hidden:
        setattr(record, field, None)
    return record


class ConflictError(Schema):
    code: str
    message: str
    expected_version: int


class ConflictOut(Schema):
    error: ConflictError
    current: WorkerOut


def _expected_version(request: HttpRequest, payload: WorkerPatch) -> int | None:
    """The version the edit started from: `version` in the body, else an If-Match header."""
    if payload.version is not None:
        return payload.version
    header = request.headers.get("If-Match", "").strip()
    if not header:
        return None
    tag = header.removeprefix("W/").strip('"')
    if not tag.isdigit():
        raise ValidationError(
            {"If-Match": [_('Send the version the edit started from, e.g. "3".')]}
        )
    return int(tag)


@router.patch("/{worker_id}", response={200: WorkerOut, 409: ConflictOut})
def update_worker(
    request: HttpRequest, response: HttpResponse, worker_id: uuid.UUID, payload: WorkerPatch
) -> Any:
    worker = _owned_worker(request, worker_id)
    data, languages, occupations = _split(payload)
    expected = _expected_version(request, payload)
    try:
        services.update_worker(
            actor=Actor.from_request(request, worker.organisation_id, channel="api"),
            worker=worker,
            details=data,
            languages=languages,
            occupations=occupations,
            expected_version=expected,
        )
    except services.EditConflict as conflict:
        error = {
            "code": "conflict",
            "message": _("The record changed since version %(version)d; nothing was saved.")
            % {"version": conflict.expected_version},
            "expected_version": conflict.expected_version,
        }
        return Status(409, {"error": error, "current": _fetch(worker)})
    saved = _fetch(worker)
    response["ETag"] = f'"{saved.version}"'
    return saved


class StageIn(Schema):
    stage: Stage
    reason: str = Field(..., max_length=500)  # an empty one is refused by the service


class TimelineOut(Schema):
    id: uuid.UUID
    at: datetime
    kind: str
    from_stage: str
    to_stage: str
    reason: str
    # The entry's code and parameters (people.timeline), and its text in the request's language.
    message: str
    params: dict[str, Any]
    text: str
    organisation_id: uuid.UUID
    actor: str | None

    @staticmethod
    def resolve_actor(obj: TimelineEvent) -> str | None:
        return obj.actor.label if obj.actor else None


@router.post("/{worker_id}/stage", response=TimelineOut)
def move_stage(request: HttpRequest, worker_id: uuid.UUID, payload: StageIn) -> TimelineEvent:
    worker = _owned_worker(request, worker_id)
    return services.move_stage(
        actor=Actor.from_request(request, channel="api"),
        worker=worker,
        stage=payload.stage,
        reason=payload.reason,
    )


class StageCorrectionIn(Schema):
    stage: Stage
    reason: str = Field(..., max_length=480)  # an empty one is refused by the service


@router.post("/{worker_id}/stage/correction", response=TimelineOut)
def correct_stage(
    request: HttpRequest, worker_id: uuid.UUID, payload: StageCorrectionIn
) -> TimelineEvent:
    """Move the worker back to an earlier stage entered in error, with a reason."""
    worker = _owned_worker(request, worker_id)
    return corrections.correct_stage(
        actor=Actor.from_request(request, worker.organisation_id, channel="api"),
        worker=worker,
        stage=payload.stage,
        reason=payload.reason,
    )


@router.get("/{worker_id}/timeline", response=list[TimelineOut])
def timeline(request: HttpRequest, worker_id: uuid.UUID) -> list[TimelineEvent]:
    worker = _worker(request, worker_id, Section.TIMELINE)
    services.record_view(
        actor=Actor.from_request(request, channel="api"), worker=worker, what="timeline"
    )
    return list(worker.timeline.select_related("actor"))


class ConsentIn(Schema):
    purpose: ConsentPurpose
    given: bool
    method: ConsentMethod = ConsentMethod.SIGNED_FORM
    note: str = Field("", max_length=500)
    valid_until: date | None = None


class ConsentOut(Schema):
    id: uuid.UUID
    purpose: str
    given: bool = Field(alias="is_given")
    method: str
    recorded_at: datetime
    note: str
    valid_until: date | None


@router.post("/{worker_id}/consents", response={201: ConsentOut})
def record_consent(
    request: HttpRequest, worker_id: uuid.UUID, payload: ConsentIn
) -> Status[ConsentRecord]:
    worker = _owned_worker(request, worker_id)
    record = services.record_consent(
        actor=Actor.from_request(request, channel="api"),
        worker=worker,
        purpose=payload.purpose,
        is_given=payload.given,
        method=payload.method,
        note=payload.note,
        valid_until=payload.valid_until,
    )
    return Status(201, record)


class OccupationSetIn(Schema):
    isco_code: str = Field(..., pattern=r"^\d{4}$")
    years: int = Field(0, ge=0, le=70)


@router.post("/{worker_id}/occupations", response={201: OccupationOut})
def set_occupation(
    request: HttpRequest, worker_id: uuid.UUID, payload: OccupationSetIn
) -> Status[Any]:
    """Add an occupation (ISCO-08 unit group) with years of experience, or change its years."""
    worker = _owned_worker(request, worker_id)
    occupation = services.set_occupation(
        actor=Actor.from_request(request, channel="api"),
        worker=worker,
        isco=payload.isco_code,
        years_experience=payload.years,
    )
    return Status(201, occupation)


@router.get("/{worker_id}/consents", response=list[ConsentOut])
def list_consents(request: HttpRequest, worker_id: uuid.UUID) -> list[ConsentRecord]:
    worker = _worker(request, worker_id, Section.CONSENTS)
    services.record_view(
        actor=Actor.from_request(request, channel="api"), worker=worker, what="consents"
    )
    return list(worker.consents.all())


class DocumentIn(Schema):
    type: DocumentType
    number: str = Field("", max_length=40)
    issuing_country: str | None = Field(None, pattern=r"^[A-Za-z]{2}$")
    issue_date: date | None = None
    expiry_date: date | None = None
    mrz: str = Field("", max_length=200)


class DocumentOut(Schema):
    id: uuid.UUID
    type: str
    number: str
    issuing_country: str | None = Field(None, alias="issuing_country_id")
    issue_date: date | None
    expiry_date: date | None
    is_mrz_verified: bool
    has_file: bool
    expires_soon: bool

    @staticmethod
    def resolve_has_file(obj: Document) -> bool:
        return bool(obj.file)

    @staticmethod
    def resolve_expires_soon(obj: Document) -> bool:
        return obj.expires_soon()


@router.get("/{worker_id}/documents", response=list[DocumentOut])
def list_documents(request: HttpRequest, worker_id: uuid.UUID) -> list[Document]:
    worker = _worker(request, worker_id, Section.DOCUMENT_VALIDITY)
    services.record_view(
        actor=Actor.from_request(request, channel="api"), worker=worker, what="documents"
    )
    documents = list(worker.documents.all())
    if not access_to(signed_in_user(request), worker).shows(Section.DOCUMENT_DETAILS):
        # Which documents and until when, never their numbers or zones.
        for document in documents:
            document.number = ""
    return documents


@router.post("/{worker_id}/documents", response={201: DocumentOut})
def add_document(
    request: HttpRequest, worker_id: uuid.UUID, payload: DocumentIn
) -> Status[Document]:
    worker = _owned_worker(request, worker_id)
    details = payload.dict()
    country = details.pop("issuing_country")
    details["issuing_country_id"] = country.upper() if country else None
    # The service runs in its own transaction, audit entry included.
    document = document_services.add_document(
        actor=Actor.from_request(request, worker.organisation_id, channel="api"),
        worker=worker,
        details=details,
    )
    return Status(201, document)


class FamilyIn(Schema):
    relation: Relation
    full_name: str = Field(..., min_length=1, max_length=200)
    birth_date: date | None = None
    is_dependant: bool = False


class FamilyOut(Schema):
    id: uuid.UUID
    relation: str
    full_name: str
    birth_date: date | None
    is_dependant: bool


@router.get("/{worker_id}/family", response=list[FamilyOut])
def list_family(request: HttpRequest, worker_id: uuid.UUID) -> list[FamilyMember]:
    worker = _worker(request, worker_id, Section.FAMILY)
    services.record_view(
        actor=Actor.from_request(request, channel="api"), worker=worker, what="family"
    )
    return list(worker.family.all())


@router.post("/{worker_id}/family", response={201: FamilyOut})
def add_family_member(
    request: HttpRequest, worker_id: uuid.UUID, payload: FamilyIn
) -> Status[FamilyMember]:
    worker = _owned_worker(request, worker_id)
    member = document_services.add_family_member(
        actor=Actor.from_request(request, worker.organisation_id, channel="api"),
        worker=worker,
        details=payload.dict(),
    )
    return Status(201, member)


__all__ = ["Stage", "router"]
