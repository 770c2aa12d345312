"""An application: one worker for one vacancy, through the hiring pipeline to employment."""

import base64
from typing import Any, ClassVar, Self

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from corridor.accounts.models import Organisation, User
from corridor.accounts.roles import Permission
from corridor.core.bounds import DATE_BOUNDS, HOUSING_COST_BOUNDS, WAGE_BOUNDS, within
from corridor.core.models import TimestampedModel, UUIDModel, organisation_owned
from corridor.core.scoping import ScopedQuerySet, ThroughParentQuerySet
from corridor.people.models import Worker, visible_worker_ids
from corridor.people.stages import Stage
from corridor.recruitment.models.vacancies import Housing, Vacancy


class ApplicationStatus(models.TextChoices):
    SUGGESTED = "suggested", _("suggested")
    SHORTLISTED = "shortlisted", _("shortlisted")
    INTERVIEWED = "interviewed", _("interviewed")
    OFFERED = "offered", _("offered")
    ACCEPTED = "accepted", _("offer accepted")
    CONTRACTED = "contracted", _("contracted")
    DEPARTED = "departed", _("departed")
    ARRIVED = "arrived", _("arrived")
    EMPLOYED = "employed", _("employed")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")


PIPELINE: list[str] = [
    ApplicationStatus.SUGGESTED,
    ApplicationStatus.SHORTLISTED,
    ApplicationStatus.INTERVIEWED,
    ApplicationStatus.OFFERED,
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.CONTRACTED,
    ApplicationStatus.DEPARTED,
    ApplicationStatus.ARRIVED,
    ApplicationStatus.EMPLOYED,
]
ENDED = {ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN, ApplicationStatus.EMPLOYED}
# Steps that may be skipped: not every employer interviews.
OPTIONAL = {ApplicationStatus.INTERVIEWED}
# The worker's stage each step moves them to (never backwards: a worker may hold several).
STAGE_AT: dict[str, str] = {
    ApplicationStatus.SHORTLISTED: Stage.MATCHED,
    ApplicationStatus.INTERVIEWED: Stage.MATCHED,
    ApplicationStatus.OFFERED: Stage.OFFERED,
    ApplicationStatus.ACCEPTED: Stage.OFFERED,
    ApplicationStatus.CONTRACTED: Stage.CONTRACTED,
    ApplicationStatus.DEPARTED: Stage.DEPARTED,
    ApplicationStatus.ARRIVED: Stage.ARRIVED,
    ApplicationStatus.EMPLOYED: Stage.EMPLOYED,
}


def next_steps(status: str) -> list[str]:
    """Where an application may go from `status`: the next step (skipping optional ones), or
    out (rejected, withdrawn) while it is still open."""
    if status in ENDED:
        return []
    position = PIPELINE.index(status)
    following: list[str] = []
    for candidate in PIPELINE[position + 1 :]:
        following.append(candidate)
        if candidate not in OPTIONAL:
            break
    return [*following, ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN]


def candidate_handle(vacancy_id: Any, worker_id: Any) -> str:
    """An opaque name for one worker as a candidate for one vacancy (decision 0011): stable for
    the vacancy, so a recruiter can name it to a centre, and unlinkable across vacancies."""
    digest = salted_hmac(
        "corridor.recruitment.candidate", f"{vacancy_id}:{worker_id}", algorithm="sha256"
    ).digest()
    return "K-" + base64.b32encode(digest[:5]).decode()


def is_programme_office_staff(user: User | AnonymousUser) -> bool:
    """Managers and administrators of the programme office (those who manage programmes there)."""
    if not user.is_authenticated:
        return False
    return bool(user.is_superuser or user.in_programme_office_with(Permission.MANAGE_PROGRAMMES))


class ApplicationQuerySet(ScopedQuerySet["Application"]):
    def scope(self, user: Any) -> Self:
        """Applications the user's organisations are party to (decision 0011): the worker's
        organisation, the vacancy's recruiter, and the vacancy's employer and owner once the
        worker was shortlisted to them; programme office staff see all, a worker their own.
        The worker's identity in them stays scoped (`with_worker_shown`)."""
        if is_programme_office_staff(user):
            return self
        # Memberships that work on applications or on the organisation's workers; a worker's
        # own login (in their centre) sees only their own applications.
        ids = {
            *user.organisation_ids_with(Permission.MANAGE_APPLICATIONS),
            *user.organisation_ids_with(Permission.VIEW_OWN_WORKERS),
        }
        # The shortlist is when the employer is shown the worker: before it, nothing to see.
        shortlisted = Exists(
            ApplicationStep.objects.filter(
                application=OuterRef("pk"), to_status=ApplicationStatus.SHORTLISTED
            )
        )
        return self.filter(
            Q(organisation_id__in=ids)
            | Q(vacancy__recruiter_id__in=ids)
            | (Q(vacancy__employer_id__in=ids) & shortlisted)
            | (Q(vacancy__organisation_id__in=ids) & shortlisted)
            | Q(worker__user=user)
        )

    def with_worker_shown(self, user: User | AnonymousUser) -> "ApplicationQuerySet":
        """Annotate `worker_shown`: whether the user may see the worker's record, and so the
        worker's id and reference; others see the candidate handle only."""
        condition = visible_worker_ids(user)
        if condition is None:
            return self.annotate(worker_shown=models.Value(False))
        return self.annotate(
            worker_shown=Exists(Worker.objects.filter(condition, pk=OuterRef("worker_id")))
        )

    def active(self) -> "ApplicationQuerySet":
        return self.exclude(status__in=ENDED)


@organisation_owned
class Application(TimestampedModel):
    # A merge of duplicate records moves these to the kept record (identity.services).
    moves_with_worker = True

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("worker's organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="applications")
    vacancy = models.ForeignKey(Vacancy, on_delete=models.PROTECT, related_name="applications")
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUGGESTED,
    )
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    match_score = models.FloatField(_("match score"), null=True, blank=True)
    match_explanation = models.JSONField(_("why it matched"), default=list, blank=True)
    # The offer: what the worker is promised, kept as offered (the contract copies it).
    offered_wage_rub = models.DecimalField(
        _("offered monthly wage (RUB, gross)"),
        max_digits=10,
        decimal_places=0,
        null=True,
        blank=True,
        validators=WAGE_BOUNDS,
    )
    offered_hours_per_week = models.PositiveSmallIntegerField(
        _("offered hours per week"), null=True, blank=True
    )
    offered_housing = models.CharField(
        _("offered housing"), max_length=20, choices=Housing.choices, blank=True
    )
    offered_housing_cost_rub = models.DecimalField(
        _("offered housing cost to the worker (RUB a month)"),
        max_digits=8,
        decimal_places=0,
        null=True,
        blank=True,
        validators=HOUSING_COST_BOUNDS,
    )
    offered_start_date = models.DateField(
        _("offered start date"), null=True, blank=True, validators=DATE_BOUNDS
    )
    offered_contract_months = models.PositiveSmallIntegerField(
        _("offered contract length (months)"), null=True, blank=True
    )
    offered_at = models.DateTimeField(_("offered"), null=True, blank=True)
    end_reason = models.CharField(_("why it ended"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects: ClassVar[ApplicationQuerySet] = ApplicationQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-status_changed_at"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(fields=["worker", "vacancy"], name="application_once"),
            within("offered_wage_rub", WAGE_BOUNDS, "application_offered_wage_within_bounds"),
            within(
                "offered_housing_cost_rub",
                HOUSING_COST_BOUNDS,
                "application_offered_housing_cost_within_bounds",
            ),
            within("offered_start_date", DATE_BOUNDS, "application_offered_start_within_bounds"),
        ]
        indexes = [
            models.Index(fields=["vacancy", "status"], name="application_vacancy_status"),
            models.Index(fields=["worker", "status"], name="application_worker_status"),
        ]

    def __str__(self) -> str:
        return f"{self.worker} → {self.vacancy.title}"

    def get_absolute_url(self) -> str:
        return reverse("recruitment:application", args=[self.pk])

    @property
    def candidate(self) -> str:
        return candidate_handle(self.vacancy_id, self.worker_id)

    @property
    def has_offer(self) -> bool:
        return self.offered_at is not None

    @property
    def is_open(self) -> bool:
        return self.status not in ENDED


class ApplicationPartQuerySet[M: models.Model](ThroughParentQuerySet[M]):
    """Rows of one application: visible exactly when their application is."""

    parent = "application"


@organisation_owned
class ApplicationStep(UUIDModel):
    """One move of an application, with who, when and why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="steps")
    # The application's organisation (the worker's centre), not the one that took the step.
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=20, choices=ApplicationStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ApplicationStatus.choices)
    reason = models.CharField(_("why"), max_length=500, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    by_organisation = models.ForeignKey(
        Organisation, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    objects: ClassVar[ApplicationPartQuerySet["ApplicationStep"]] = (
        ApplicationPartQuerySet.as_manager()  # type: ignore[assignment]
    )

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"
