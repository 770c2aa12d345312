"""Training over REST, at /api/v1/training: courses, cohorts, enrolments, attendance, results,
certificates, and the public certificate check (no login, rate-limited)."""

import datetime
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from corridor.accounts.models import Organisation
from corridor.accounts.requests import signed_in_user
from corridor.accounts.roles import Permission
from corridor.core.audit import Actor
from corridor.core.ratelimit import is_limited
from corridor.core.scoping import get_for_user_or_404
from corridor.people.models import Worker
from corridor.people.services import record_view
from corridor.training import certificates, courses, enrolments, queries
from corridor.training.certificate_pdf import render_certificate_pdf
from corridor.training.certificates import VERIFY_LIMIT, verify_url
from corridor.training.models import (
    PROVIDER_TYPES,
    AttendanceStatus,
    Certificate,
    CertificateStatus,
    Cohort,
    CohortSession,
    Course,
    CourseType,
    Enrolment,
    Payer,
)

router = Router(tags=["training"])


def _actor(request: HttpRequest, organisation_id: Any = None) -> Actor:
    return Actor.from_request(request, organisation_id, channel="api")


def _require_training_user(request: HttpRequest) -> None:
    user = signed_in_user(request)
    if not (user.is_superuser or user.has_any_perm(Permission.MANAGE_TRAINING)):
        raise PermissionDenied


# Courses ----------------------------------------------------------------------------------


class CourseIn(Schema):
    provider: uuid.UUID | None = None
    title: str = Field(..., min_length=2, max_length=200)
    type: CourseType
    isco_code: str | None = Field(None, pattern=r"^\d{4}$")
    hours: int = Field(..., ge=1, le=2000)
    language: str = Field(..., pattern=r"^[a-z]{2,3}$")
    payer: Payer = Payer.PROGRAMME
    required_for_job_ready: bool = False
    description: str = Field("", max_length=4000)
    is_active: bool = True


class CourseOut(Schema):
    id: uuid.UUID
    provider: uuid.UUID = Field(alias="provider_id")
    provider_name: str
    title: str
    type: str
    isco_code: str | None = Field(alias="isco_id")
    hours: int
    language: str = Field(alias="language_id")
    payer: str
    worker_pays_allowed: bool
    required_for_job_ready: bool
    description: str
    is_active: bool

    @staticmethod
    def resolve_provider_name(obj: Course) -> str:
        return obj.provider.name


def _provider_for(request: HttpRequest, provider_id: uuid.UUID | None) -> Organisation:
    """The named provider (the service checks the user's permission in it), or the first
    provider in which the user manages training."""
    if provider_id is not None:
        provider = Organisation.objects.filter(pk=provider_id).first()
        if provider is None:
            raise Http404
        return provider
    user = signed_in_user(request)
    first = (
        Organisation.objects.filter(
            pk__in=user.organisation_ids_with(Permission.MANAGE_TRAINING), type__in=PROVIDER_TYPES
        )
        .order_by("name")
        .first()
    )
    if first is None:
        raise PermissionDenied(_("You manage training for no provider."))
    return first


class CourseFilter(Schema):
    type: CourseType | None = None
    provider: uuid.UUID | None = None


@router.get("/courses", response=list[CourseOut])
@paginate(LimitOffsetPagination)
def list_courses(request: HttpRequest, filters: Query[CourseFilter]) -> Any:
    """Every course (a public offer); `{"items": [...], "count": N}`."""
    _require_training_user(request)
    found = (
        Course.objects.for_user(signed_in_user(request))
        .select_related("provider")
        .order_by("title")
    )
    if filters.type:
        found = found.filter(type=filters.type)
    if filters.provider:
        found = found.filter(provider_id=filters.provider)
    return found


@router.post("/courses", response={201: CourseOut})
def add_course(request: HttpRequest, payload: CourseIn) -> Status[Course]:
    """A course of a provider you manage training for (the first one if `provider` is not
    given). The worker may be the payer only where the programme office allowed it."""
    provider = _provider_for(request, payload.provider)
    values = payload.dict(exclude={"provider", "isco_code", "language"})
    course = courses.create_course(
        actor=_actor(request, provider.pk),
        provider=provider,
        values=values,
        language=payload.language,
        isco_code=payload.isco_code,
    )
    return Status(201, course)


# Cohorts ----------------------------------------------------------------------------------


class CohortIn(Schema):
    course: uuid.UUID
    start_date: datetime.date
    end_date: datetime.date
    place: str = Field(..., min_length=2, max_length=200)
    capacity: int = Field(..., ge=1, le=500)
    trainer_name: str = Field("", max_length=200)
    sessions: list[datetime.date] | None = Field(
        None, max_length=400, description="Session dates; every weekday when not given."
    )


class CohortOut(Schema):
    id: uuid.UUID
    course: uuid.UUID = Field(alias="course_id")
    start_date: datetime.date
    end_date: datetime.date
    place: str
    capacity: int
    trainer_name: str
    places_taken: int
    waiting: int
    sessions: list[dict[str, Any]]

    @staticmethod
    def resolve_places_taken(obj: Cohort) -> int:
        # Lists annotate the count (queries.cohort_list); a single new cohort counts here.
        if hasattr(obj, "taken"):
            return int(obj.taken)
        return Enrolment.objects.filter(cohort=obj).holding_places().count()

    @staticmethod
    def resolve_waiting(obj: Cohort) -> int:
        if hasattr(obj, "waiting"):
            return int(obj.waiting)
        return Enrolment.objects.filter(cohort=obj).waiting().count()

    @staticmethod
    def resolve_sessions(obj: Cohort) -> list[dict[str, Any]]:
        return [{"id": s.pk, "date": s.date} for s in obj.sessions.all()]


@router.get("/cohorts", response=list[CohortOut])
@paginate(LimitOffsetPagination)
def list_cohorts(request: HttpRequest, course: uuid.UUID | None = None) -> Any:
    _require_training_user(request)
    return queries.cohort_list(signed_in_user(request), course_id=course)


@router.post("/cohorts", response={201: CohortOut})
def add_cohort(request: HttpRequest, payload: CohortIn) -> Status[Cohort]:
    course = get_object_or_404(
        Course.objects.managed_by(signed_in_user(request)).select_related("provider"),
        pk=payload.course,
    )
    values = payload.dict(exclude={"course", "sessions"})
    sessions = (
        payload.sessions
        if payload.sessions is not None
        else courses.weekdays_between(payload.start_date, payload.end_date)
    )
    cohort = courses.create_cohort(
        actor=_actor(request, course.provider_id),
        course=course,
        values=values,
        session_dates=sessions,
    )
    return Status(201, cohort)


# Enrolments -------------------------------------------------------------------------------


class EnrolmentIn(Schema):
    cohort: uuid.UUID
    worker: uuid.UUID


class EnrolmentOut(Schema):
    id: uuid.UUID
    cohort: uuid.UUID = Field(alias="cohort_id")
    worker: uuid.UUID = Field(alias="worker_id")
    status: str
    waiting_position: int | None
    score: int | None
    passed: bool | None = Field(alias="is_passed")
    completed_at: datetime.datetime | None

    @staticmethod
    def resolve_waiting_position(obj: Enrolment) -> int | None:
        return enrolments.waiting_position(obj)


def _enrolment(request: HttpRequest, enrolment_id: uuid.UUID) -> Enrolment:
    return get_for_user_or_404(
        Enrolment.objects.select_related("cohort__course", "worker"),
        request.user,
        pk=enrolment_id,
    )


@router.post("/enrolments", response={201: EnrolmentOut})
def enrol(request: HttpRequest, payload: EnrolmentIn) -> Status[Enrolment]:
    """Enrol one of your organisation's workers: a place if one is free, else the waiting list
    (`status` "waiting", with its `waiting_position`)."""
    cohort = get_for_user_or_404(
        Cohort.objects.select_related("course"), request.user, pk=payload.cohort
    )
    worker = get_for_user_or_404(Worker.objects.all(), request.user, pk=payload.worker)
    enrolment = enrolments.enrol_worker(
        actor=_actor(request, worker.organisation_id), cohort=cohort, worker=worker
    )
    return Status(201, enrolment)


@router.get("/enrolments/{enrolment_id}", response=EnrolmentOut)
def get_enrolment(request: HttpRequest, enrolment_id: uuid.UUID) -> Enrolment:
    enrolment = _enrolment(request, enrolment_id)
    record_view(
        actor=_actor(request, enrolment.organisation_id), worker=enrolment.worker, what="enrolment"
    )
    return enrolment


class ReasonIn(Schema):
    reason: str = Field(..., max_length=500)  # an empty one is refused by the service


@router.post("/enrolments/{enrolment_id}/drop", response=EnrolmentOut)
def drop(request: HttpRequest, enrolment_id: uuid.UUID, payload: ReasonIn) -> Enrolment:
    """Take the worker out; the first on the waiting list gets the place."""
    enrolment = _enrolment(request, enrolment_id)
    return enrolments.drop_enrolment(
        actor=_actor(request, enrolment.organisation_id), enrolment=enrolment, reason=payload.reason
    )


class Mark(Schema):
    enrolment: uuid.UUID
    status: AttendanceStatus


class AttendanceIn(Schema):
    session: uuid.UUID
    marks: list[Mark] = Field(..., min_length=1, max_length=500)


class AttendanceOut(Schema):
    enrolment: uuid.UUID = Field(alias="enrolment_id")
    session: uuid.UUID = Field(alias="session_id")
    status: str


@router.post("/attendance", response=list[AttendanceOut])
def record_attendance(request: HttpRequest, payload: AttendanceIn) -> list[Any]:
    """Who came to one session. Returns the marks that changed."""
    session = get_object_or_404(
        CohortSession.objects.filter(
            cohort__in=Cohort.objects.managed_by(signed_in_user(request))
        ).select_related("cohort__course"),
        pk=payload.session,
    )
    return enrolments.record_attendance(
        actor=_actor(request, session.cohort.course.provider_id),
        session=session,
        marks={mark.enrolment: mark.status for mark in payload.marks},
    )


class ResultIn(Schema):
    score: int | None = Field(None, ge=0, le=100)
    passed: bool


@router.post("/enrolments/{enrolment_id}/result", response=EnrolmentOut)
def record_result(request: HttpRequest, enrolment_id: uuid.UUID, payload: ResultIn) -> Enrolment:
    enrolment = _enrolment(request, enrolment_id)
    return enrolments.record_result(
        actor=_actor(request, enrolment.cohort.course.provider_id),
        enrolment=enrolment,
        score=payload.score,
        is_passed=payload.passed,
    )


@router.post("/enrolments/{enrolment_id}/completion", response=EnrolmentOut)
def complete(request: HttpRequest, enrolment_id: uuid.UUID) -> Enrolment:
    """Complete with the recorded result; the last required training passed makes the worker
    job-ready."""
    enrolment = _enrolment(request, enrolment_id)
    return enrolments.complete_enrolment(
        actor=_actor(request, enrolment.cohort.course.provider_id), enrolment=enrolment
    )


# Certificates -----------------------------------------------------------------------------


class CertificateOut(Schema):
    id: uuid.UUID
    enrolment: uuid.UUID = Field(alias="enrolment_id")
    worker: uuid.UUID = Field(alias="worker_id")
    code: str
    status: str
    issued_on: datetime.date
    valid_until: datetime.date | None
    revoked_at: datetime.datetime | None
    revoked_reason: str
    verify_url: str

    @staticmethod
    def resolve_status(obj: Certificate) -> str:
        return obj.status()

    @staticmethod
    def resolve_verify_url(obj: Certificate, context: Any) -> str:
        return verify_url(context["request"], obj.code)


def _certificate(request: HttpRequest, certificate_id: uuid.UUID) -> Certificate:
    return get_for_user_or_404(
        Certificate.objects.select_related(
            "enrolment__cohort__course__provider", "enrolment__cohort__course__language", "worker"
        ),
        request.user,
        pk=certificate_id,
    )


@router.post("/enrolments/{enrolment_id}/certificate", response={201: CertificateOut})
def issue_certificate(request: HttpRequest, enrolment_id: uuid.UUID) -> Status[Certificate]:
    enrolment = _enrolment(request, enrolment_id)
    certificate = certificates.issue_certificate(
        actor=_actor(request, enrolment.cohort.course.provider_id), enrolment=enrolment
    )
    return Status(201, certificate)


@router.get("/certificates/{certificate_id}", response=CertificateOut)
def get_certificate(request: HttpRequest, certificate_id: uuid.UUID) -> Certificate:
    certificate = _certificate(request, certificate_id)
    record_view(
        actor=_actor(request, certificate.organisation_id),
        worker=certificate.worker,
        what="certificate",
    )
    return certificate


@router.get("/certificates/{certificate_id}/pdf", response={200: None})
def certificate_pdf(request: HttpRequest, certificate_id: uuid.UUID) -> HttpResponse:
    certificate = _certificate(request, certificate_id)
    pdf = render_certificate_pdf(certificate, verify_url(request, certificate.code))
    record_view(
        actor=_actor(request, certificate.organisation_id),
        worker=certificate.worker,
        what="certificate",
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.code}.pdf"'
    return response


@router.post("/certificates/{certificate_id}/revocation", response=CertificateOut)
def revoke(request: HttpRequest, certificate_id: uuid.UUID, payload: ReasonIn) -> Certificate:
    certificate = _certificate(request, certificate_id)
    return certificates.revoke_certificate(
        actor=_actor(request, certificate.enrolment.cohort.course.provider_id),
        certificate=certificate,
        reason=payload.reason,
    )


# The public check -------------------------------------------------------------------------


class VerificationOut(Schema):
    code: str
    status: CertificateStatus
    course_title: str
    course_type: str
    course_type_label: str
    provider: str
    issued_on: datetime.date
    valid_until: datetime.date | None
    revoked_on: datetime.date | None
    holder_initials: str


@router.get("/verify/{code}", response=VerificationOut, auth=None)
def verify(request: HttpRequest, code: str) -> Any:
    """Anyone holding a certificate's code may check it (no login): the same facts as the
    public page, the holder's initials only. 404 for any code that is not a certificate; 429
    past 30 checks a minute from one address."""
    if is_limited(request, "certificate-verify", limit=VERIFY_LIMIT, window_seconds=60):
        raise HttpError(429, _("Too many checks from your address. Try again in a minute."))
    facts = certificates.check_code(code[:40])
    if facts is None:
        raise Http404
    return facts
