"""Reads for the training pages: course lists, a cohort's roster and attendance grid, a worker's
training. Each takes the user and shows only what the user may see."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from corridor.accounts.models import User
from corridor.people.models import Worker, WorkerLanguage
from corridor.training.models import (
    HOLDS_A_PLACE,
    Attendance,
    Certificate,
    Cohort,
    CohortSession,
    Course,
    Enrolment,
    EnrolmentStatus,
)

# The worker's fields a provider sees for the workers in its cohorts, and no others.
ROSTER_WORKER_FIELDS = (
    "worker__id",
    "worker__reference",
    "worker__family_name",
    "worker__given_name",
    "worker__patronymic",
    "worker__phone",
    "worker__organisation_id",
)


ROSTER_ENROLMENT_FIELDS = (
    "id",
    "cohort_id",
    "organisation_id",
    "status",
    "waiting_number",
    "score",
    "is_passed",
    "assessed_at",
    "enrolled_at",
    "completed_at",
    "created_at",
    "worker_id",
)


def course_list(user: User, *, course_type: str = "") -> QuerySet[Course]:
    courses = (
        Course.objects.for_user(user)
        .select_related("provider", "language", "isco")
        .annotate(cohort_count=Count("cohorts"))
        .order_by("provider__name", "title")
    )
    return courses.filter(type=course_type) if course_type else courses


def _with_enrolment_counts(cohorts: QuerySet[Cohort]) -> QuerySet[Cohort]:
    # Counted in the rows' own query: a count per cohort would grow with the page.
    return cohorts.annotate(
        taken=Count("enrolments", filter=Q(enrolments__status__in=HOLDS_A_PLACE)),
        waiting=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.WAITING)),
    )


def cohorts_of(course: Course) -> QuerySet[Cohort]:
    """A course's cohorts with their places taken and waiting list length (counts only)."""
    return _with_enrolment_counts(course.cohorts.all()).order_by("-start_date")


def cohort_list(user: User, *, course_id: Any = None) -> QuerySet[Cohort]:
    """The cohorts of the courses the user may see (of one course if given), each with its
    places taken (`taken`), waiting list length (`waiting`) and sessions."""
    cohorts = Cohort.objects.for_user(user).prefetch_related("sessions")
    if course_id:
        cohorts = cohorts.filter(course_id=course_id)
    return _with_enrolment_counts(cohorts)


@dataclass
class RosterRow:
    enrolment: Enrolment
    languages: list[str]
    waiting_position: int | None
    certificate: Certificate | None
    # (session, mark or "") for each session of the cohort, in date order.
    marks: list[tuple[CohortSession, str]] = field(default_factory=list)


@dataclass
class Roster:
    sessions: list[CohortSession]
    enrolled: list[RosterRow]
    waiting: list[RosterRow]
    completed: list[RosterRow]
    taken: int
    waiting_count: int

    @property
    def rows(self) -> list[RosterRow]:
        return [*self.enrolled, *self.completed, *self.waiting]

    def worker_ids(self) -> list[Any]:
        return [row.enrolment.worker_id for row in self.rows]


def _certificates(enrolments: list[Enrolment]) -> dict[Any, Certificate]:
    return {
        c.enrolment_id: c
        for c in Certificate.objects.filter(enrolment__in=[e.pk for e in enrolments])
    }


def cohort_roster(user: User, cohort: Cohort) -> Roster:
    """The cohort's workers the user may see (the provider: all; a centre: its own), with the
    fields training needs, their attendance per session and their certificates."""
    enrolments = list(
        Enrolment.objects.for_user(user)
        .filter(cohort=cohort)
        .exclude(status=EnrolmentStatus.DROPPED)
        .select_related("worker")
        .only(*ROSTER_ENROLMENT_FIELDS, *ROSTER_WORKER_FIELDS)
        .prefetch_related(
            Prefetch(
                "worker__languages",
                queryset=WorkerLanguage.objects.select_related("language").order_by("language"),
            )
        )
        .order_by("worker__family_name", "worker__given_name")
    )
    sessions = list(cohort.sessions.all())
    marks = {
        (a.enrolment_id, a.session_id): a.status
        for a in Attendance.objects.filter(session__cohort=cohort, enrolment__in=enrolments)
    }
    waiting_numbers = list(
        Enrolment.objects.filter(cohort=cohort).waiting().values_list("waiting_number", flat=True)
    )
    certificates = _certificates(enrolments)
    rows: dict[str, list[RosterRow]] = {status: [] for status in EnrolmentStatus.values}
    for enrolment in enrolments:
        row = RosterRow(
            enrolment=enrolment,
            languages=[
                f"{item.language.name} {item.get_level_display()}"
                for item in enrolment.worker.languages.all()
            ],
            waiting_position=waiting_numbers.index(enrolment.waiting_number) + 1
            if enrolment.status == EnrolmentStatus.WAITING
            else None,
            certificate=certificates.get(enrolment.pk),
            marks=[(s, marks.get((enrolment.pk, s.pk), "")) for s in sessions],
        )
        rows[enrolment.status].append(row)
    taken = Enrolment.objects.filter(cohort=cohort).holding_places().count()
    return Roster(
        sessions=sessions,
        enrolled=rows[EnrolmentStatus.ENROLLED],
        waiting=sorted(rows[EnrolmentStatus.WAITING], key=lambda row: row.waiting_position or 0),
        completed=rows[EnrolmentStatus.COMPLETED],
        taken=taken,
        waiting_count=len(waiting_numbers),
    )


def workers_seen_only_as_provider(user: User, worker_ids: list[Any]) -> list[Any]:
    """Of these workers, those the user does not see through their own organisation or a grant:
    the provider's view of them is what the audit log must show the worker."""
    visible = set(
        Worker.objects.for_user(user).filter(pk__in=worker_ids).values_list("pk", flat=True)
    )
    return [worker_id for worker_id in worker_ids if worker_id not in visible]


def worker_training(user: User, worker: Worker) -> dict[str, Any]:
    """A worker's enrolments (every status) and certificates, newest first."""
    enrolments = (
        Enrolment.objects.for_user(user)
        .filter(worker=worker)
        .select_related("cohort__course__provider")
        .order_by("-created_at")
    )
    certificates = (
        Certificate.objects.for_user(user)
        .filter(worker=worker)
        .select_related("enrolment__cohort__course__provider")
        .order_by("-issued_on")
    )
    return {"enrolments": enrolments, "certificates": certificates}
