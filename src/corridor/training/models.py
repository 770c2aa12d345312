"""Training: providers' courses, their cohorts and sessions, enrolment with a waiting list,
attendance, assessment, and the certificates anyone can verify by their code.

Courses and cohorts describe what a provider offers and hold no personal data: every training
user may read them. Enrolments, attendance and certificates are about a worker: they belong to
the worker's organisation and are seen by it, by the provider running the cohort, and by the
worker themself; nobody else.
"""

import datetime
from typing import Any, ClassVar, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from corridor.accounts.models import Organisation, OrganisationType, User
from corridor.accounts.roles import Permission
from corridor.core.bounds import DATE_BOUNDS
from corridor.core.models import TimestampedModel, UUIDModel, organisation_owned
from corridor.core.scoping import ScopedQuerySet, ThroughParentQuerySet
from corridor.people.access import Section, workers_showing
from corridor.people.models import Document, Worker
from corridor.reference.models import IscoGroup, Language

# Organisations that may run courses.
PROVIDER_TYPES = (OrganisationType.TRAINING_PROVIDER, OrganisationType.NGO)


class CourseType(models.TextChoices):
    RUSSIAN_LANGUAGE = "russian_language", _("Russian language")
    RUSSIAN_EXAM = "russian_exam", _("Russian language, history and law exam preparation")
    VOCATIONAL = "vocational", _("vocational trade")
    ORIENTATION = "orientation", _("pre-departure orientation")
    FINANCIAL_LITERACY = "financial_literacy", _("financial literacy")


# How long a certificate of each type stays valid, in years; None: it does not expire. The
# certificate of Russian language, history and law that a patent needs is valid five years.
CERTIFICATE_VALIDITY_YEARS: dict[str, int | None] = {
    CourseType.RUSSIAN_LANGUAGE: None,
    CourseType.RUSSIAN_EXAM: 5,
    CourseType.VOCATIONAL: None,
    CourseType.ORIENTATION: None,
    CourseType.FINANCIAL_LITERACY: None,
}


class Payer(models.TextChoices):
    PROGRAMME = "programme", _("the programme")
    EMPLOYER = "employer", _("the employer")
    PROVIDER = "provider", _("the provider")
    DONOR = "donor", _("a donor")
    WORKER = "worker", _("the worker")


class CourseQuerySet(ScopedQuerySet["Course"]):
    def scope(self, user: Any) -> Self:
        """Courses are a public offer, not personal data: every training user reads them all."""
        if user.is_superuser or user.has_any_perm(Permission.MANAGE_TRAINING):
            return self.all()
        return self.none()

    def managed_by(self, user: User) -> "CourseQuerySet":
        """Courses of the providers in which the user manages training."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(provider_id__in=user.organisation_ids_with(Permission.MANAGE_TRAINING))

    def active(self) -> "CourseQuerySet":
        return self.filter(is_active=True)


class Course(TimestampedModel):
    provider = models.ForeignKey(
        Organisation, verbose_name=_("provider"), on_delete=models.PROTECT, related_name="courses"
    )
    title = models.CharField(_("title"), max_length=200)
    type = models.CharField(_("type"), max_length=30, choices=CourseType.choices)
    isco = models.ForeignKey(
        IscoGroup,
        verbose_name=_("trade (ISCO-08 unit group)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    hours = models.PositiveSmallIntegerField(_("hours"))
    language = models.ForeignKey(
        Language,
        verbose_name=_("language of instruction"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    payer = models.CharField(_("paid by"), max_length=20, choices=Payer.choices)
    # Under employer-pays a worker pays no training that the job needs; only the programme
    # office may allow it for a course (see courses.set_worker_payment_allowed).
    worker_pays_allowed = models.BooleanField(
        _("the programme allows the worker to pay"), default=False
    )
    required_for_job_ready = models.BooleanField(_("required to be job-ready"), default=False)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    is_active = models.BooleanField(_("offered"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects: ClassVar[CourseQuerySet] = CourseQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["title"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gte=1) & Q(hours__lte=2000), name="course_hours_sane"
            ),
            models.CheckConstraint(
                condition=~Q(payer="worker") | Q(worker_pays_allowed=True),
                name="course_worker_pays_only_if_allowed",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("training:course", args=[self.pk])


class CohortQuerySet(ThroughParentQuerySet["Cohort"]):
    """Like courses: dates, place and capacity are public; who is enrolled is not."""

    parent = "course"

    def managed_by(self, user: User) -> "CohortQuerySet":
        return self.filter(course__in=Course.objects.managed_by(user))


class Cohort(TimestampedModel):
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="cohorts"
    )
    start_date = models.DateField(_("starts"), validators=DATE_BOUNDS)
    end_date = models.DateField(_("ends"), validators=DATE_BOUNDS)
    place = models.CharField(_("place"), max_length=200)
    capacity = models.PositiveSmallIntegerField(_("places"))
    trainer_name = models.CharField(_("trainer"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects: ClassVar[CohortQuerySet] = CohortQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="cohort_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1) & Q(capacity__lte=500), name="cohort_capacity_sane"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course} ({self.start_date:%d.%m.%Y}–{self.end_date:%d.%m.%Y})"

    def get_absolute_url(self) -> str:
        return reverse("training:cohort", args=[self.pk])

    def has_ended(self, today: datetime.date | None = None) -> bool:
        return self.end_date < (today or timezone.localdate())


class CohortSession(UUIDModel):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"), validators=DATE_BOUNDS)

    class Meta:
        ordering = ["date"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "date"], name="cohort_session_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y}"


class EnrolmentStatus(models.TextChoices):
    WAITING = "waiting", _("on the waiting list")
    ENROLLED = "enrolled", _("enrolled")
    COMPLETED = "completed", _("completed")
    DROPPED = "dropped", _("dropped out")


# Enrolments that hold one of the cohort's places.
HOLDS_A_PLACE = (EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED)


def _training_condition(user: Any, via_provider: str, via_worker: str) -> Q:
    """Rows about a worker that the signed-in user may see: the worker's training is theirs to
    see (their centre, their own record, a grant whose purpose includes it: people.access), or
    the row is in a cohort of a provider they manage."""
    provider_ids = user.organisation_ids_with(Permission.MANAGE_TRAINING)
    workers = workers_showing(user, Section.TRAINING)
    return Q(**{f"{via_worker}__in": workers}) | Q(**{f"{via_provider}__in": provider_ids})


class EnrolmentQuerySet(ScopedQuerySet["Enrolment"]):
    def scope(self, user: Any) -> Self:
        return self.filter(_training_condition(user, "cohort__course__provider_id", "worker"))

    def holding_places(self) -> "EnrolmentQuerySet":
        return self.filter(status__in=HOLDS_A_PLACE)

    def waiting(self) -> "EnrolmentQuerySet":
        return self.filter(status=EnrolmentStatus.WAITING).order_by("waiting_number")


@organisation_owned
class Enrolment(TimestampedModel):
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("worker's organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.PROTECT, related_name="enrolments"
    )
    worker = models.ForeignKey(
        Worker, verbose_name=_("worker"), on_delete=models.PROTECT, related_name="enrolments"
    )
    status = models.CharField(_("status"), max_length=20, choices=EnrolmentStatus.choices)
    # Order of arrival on the waiting list, kept when others leave it (first come, first in).
    waiting_number = models.PositiveIntegerField(_("waiting list number"), null=True, blank=True)
    enrolled_at = models.DateTimeField(_("place given"), null=True, blank=True)
    dropped_at = models.DateTimeField(_("dropped out"), null=True, blank=True)
    drop_reason = models.CharField(_("why"), max_length=500, blank=True)
    score = models.PositiveSmallIntegerField(_("score (0-100)"), null=True, blank=True)
    is_passed = models.BooleanField(_("passed"), null=True, blank=True)
    assessed_at = models.DateTimeField(_("assessed"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects: ClassVar[EnrolmentQuerySet] = EnrolmentQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            # Once per cohort, unless they dropped out and come back.
            models.UniqueConstraint(
                fields=["cohort", "worker"],
                condition=~Q(status="dropped"),
                name="enrolment_once_per_cohort",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=100), name="enrolment_score_0_100"
            ),
        ]
        indexes = [
            models.Index(fields=["cohort", "status"], name="enrolment_cohort_status"),
            models.Index(fields=["worker", "status"], name="enrolment_worker_status"),
        ]

    def __str__(self) -> str:
        return f"{self.worker_id} in {self.cohort_id} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("training:cohort", args=[self.cohort_id])

    @property
    def has_result(self) -> bool:
        return self.is_passed is not None


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("present")
    ABSENT = "absent", _("absent")
    EXCUSED = "excused", _("absent with a reason")


class AttendanceQuerySet(ScopedQuerySet["Attendance"]):
    def scope(self, user: Any) -> Self:
        return self.filter(
            _training_condition(user, "session__cohort__course__provider_id", "enrolment__worker")
        )


@organisation_owned
class Attendance(UUIDModel):
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("worker's organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    session = models.ForeignKey(CohortSession, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(_("attendance"), max_length=10, choices=AttendanceStatus.choices)
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects: ClassVar[AttendanceQuerySet] = AttendanceQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "session"], name="attendance_once_per_session"
            )
        ]

    def __str__(self) -> str:
        return f"{self.session} {self.status}"


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("valid")
    EXPIRED = "expired", _("expired")
    REVOKED = "revoked", _("revoked")


class CertificateQuerySet(ScopedQuerySet["Certificate"]):
    def scope(self, user: Any) -> Self:
        return self.filter(
            _training_condition(user, "enrolment__cohort__course__provider_id", "enrolment__worker")
        )


@organisation_owned
class Certificate(TimestampedModel):
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("worker's organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.PROTECT, related_name="certificate"
    )
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="certificates")
    # Random and unguessable (see certificates.new_code): the code is the only key the public
    # verification page accepts.
    code = models.CharField(_("verification code"), max_length=12, unique=True, editable=False)
    # Kept at issue so the public page never reads the worker's record.
    holder_initials = models.CharField(_("holder's initials"), max_length=10, editable=False)
    issued_on = models.DateField(_("issued"), validators=DATE_BOUNDS)
    valid_until = models.DateField(_("valid until"), null=True, blank=True, validators=DATE_BOUNDS)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.CharField(_("why revoked"), max_length=500, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The worker's document that matching reads (Russian language, history and law only).
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verification_count = models.PositiveIntegerField(_("times checked"), default=0)
    last_verified_at = models.DateTimeField(_("last checked"), null=True, blank=True)

    objects: ClassVar[CertificateQuerySet] = CertificateQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-issued_on"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("issued_on")),
                name="certificate_valid_after_issue",
            )
        ]

    def __str__(self) -> str:
        return self.code

    def status(self, today: datetime.date | None = None) -> str:
        if self.revoked_at is not None:
            return CertificateStatus.REVOKED
        if self.valid_until is not None and self.valid_until < (today or timezone.localdate()):
            return CertificateStatus.EXPIRED
        return CertificateStatus.VALID

    def status_label(self) -> str:
        return str(CertificateStatus(self.status()).label)
