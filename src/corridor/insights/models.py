"""Summary tables the dashboards and indicators read: counts only, never a person.

Each table is rebuilt whole by `corridor.insights.refresh` in one transaction, so a dashboard
sees either the previous snapshot or the new one. Months are the first day of the month (UTC).
Nothing here identifies a worker, so these are not organisation-owned: they are read through
the suppression rule in `corridor.insights.suppression` by anyone who may see aggregates.

Statistics consent (docs/decisions/0013-statistics-without-consent.md): every fact row says
whether the workers it counts have statistics consent in force. `objects`, the default manager,
holds only those rows, so a dashboard, export, breakdown or new metric counts only consenting
workers without having to remember to; `everyone` holds all rows and is read in one place only,
`metrics.operational_total`, for the programme's operational totals.
"""

from typing import ClassVar, Self

from django.db import models
from django.utils.translation import gettext_lazy as _


class AgeBand(models.TextChoices):
    UNDER_25 = "18-24", "18-24"
    FROM_25 = "25-34", "25-34"
    FROM_35 = "35-44", "35-44"
    FROM_45 = "45-54", "45-54"
    FROM_55 = "55+", "55+"


class ConsentedFacts[F: models.Model](models.Manager[F]):
    """Rows about workers whose statistics consent is in force."""

    def get_queryset(self) -> models.QuerySet[F]:
        return super().get_queryset().filter(statistics_consent=True)


class Fact(models.Model):
    """A summary table's row: the people behind it did, or did not, consent to statistics."""

    # The newest statistics statement of each worker counted here gives consent (for a
    # complaint: also when no registered worker stands behind it, as for anonymous ones).
    statistics_consent = models.BooleanField(default=False)

    # The default manager, so declared first: what every reader gets unless it asks.
    objects: ClassVar[ConsentedFacts[Self]] = ConsentedFacts()
    # Everyone, consenting or not: only for metrics.operational_total (decision 0013).
    everyone: ClassVar[models.Manager[Self]] = models.Manager()

    class Meta:
        abstract = True


class Snapshot(models.Model):
    """One completed refresh; the newest says how fresh the dashboards are."""

    refreshed_at = models.DateTimeField(_("refreshed"))
    seconds = models.FloatField(_("duration (seconds)"))
    rows = models.JSONField(_("rows per table"), default=dict)

    class Meta:
        ordering = ["-refreshed_at"]
        get_latest_by = "refreshed_at"

    def __str__(self) -> str:
        return f"{self.refreshed_at:%Y-%m-%d %H:%M}"


class WorkerFact(Fact):
    """Workers by month registered and who they are, with the furthest stage they reached
    (from the timeline and their stage now). Metrics broken down by region or age band read it."""

    month = models.DateField()
    citizenship = models.CharField(max_length=2)
    sex = models.CharField(max_length=1)
    age_band = models.CharField(max_length=5, choices=AgeBand.choices)
    region = models.CharField(max_length=10, blank=True)
    stage = models.CharField(max_length=20)
    # Position in people.stages.CYCLE of the furthest stage ever reached (0 = registered).
    furthest = models.PositiveSmallIntegerField()
    workers = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["month"], name="insights_worker_month")]

    def __str__(self) -> str:
        return f"{self.month} {self.citizenship} {self.sex} {self.stage}: {self.workers}"


class WorkerMonthFact(Fact):
    """WorkerFact without region and age band: a few thousand rows however many workers, so
    the dashboards' funnel and trends stay fast."""

    month = models.DateField()
    citizenship = models.CharField(max_length=2)
    sex = models.CharField(max_length=1)
    stage = models.CharField(max_length=20)
    furthest = models.PositiveSmallIntegerField()
    workers = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.month} {self.citizenship} {self.sex} {self.stage}: {self.workers}"


class Movement(models.TextChoices):
    ARRIVED = "arrived", _("arrived")
    RETURNED = "returned", _("returned")


class MovementFact(Fact):
    """Workers by the month they first arrived in the destination, or first returned home."""

    month = models.DateField()
    movement = models.CharField(max_length=10, choices=Movement.choices)
    citizenship = models.CharField(max_length=2)
    sex = models.CharField(max_length=1)
    age_band = models.CharField(max_length=5, choices=AgeBand.choices)
    region = models.CharField(max_length=10, blank=True)
    # The stage now: whether someone who arrived is still employed (or has since come home).
    stage = models.CharField(max_length=20)
    workers = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["movement", "month"], name="insights_movement_month")]

    def __str__(self) -> str:
        return f"{self.month} {self.movement} {self.citizenship}: {self.workers}"


class PlacementFact(Fact):
    """Contracts by month signed, where, which occupation and who; wages offered and actual,
    substitutions, and the worker's recruitment costs as a share of the monthly wage."""

    month = models.DateField()
    region = models.CharField(max_length=10)
    isco = models.CharField(max_length=4)
    citizenship = models.CharField(max_length=2)
    sex = models.CharField(max_length=1)
    placements = models.PositiveIntegerField()
    employed = models.PositiveIntegerField()
    substituted = models.PositiveIntegerField()
    offered_wage_sum = models.DecimalField(max_digits=18, decimal_places=0)
    offered_wage_count = models.PositiveIntegerField()
    actual_wage_sum = models.DecimalField(max_digits=18, decimal_places=0)
    actual_wage_count = models.PositiveIntegerField()
    # SDG 10.7.1 per contract: recruitment costs the worker paid / the monthly wage.
    cost_share_sum = models.FloatField()
    cost_share_count = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["month"], name="insights_placement_month")]

    def __str__(self) -> str:
        return f"{self.month} {self.region} {self.isco}: {self.placements}"


class FeeFact(Fact):
    """Payments the employer should have made, by recruiter responsible and month paid."""

    month = models.DateField()
    recruiter_id = models.UUIDField(null=True)
    recruiter_name = models.CharField(max_length=200, blank=True)
    citizenship = models.CharField(max_length=2)
    sex = models.CharField(max_length=1)
    fees_rub = models.DecimalField(max_digits=18, decimal_places=2)
    payments = models.PositiveIntegerField()
    workers = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["month"], name="insights_fee_month")]

    def __str__(self) -> str:
        return f"{self.month} {self.recruiter_name}: {self.fees_rub}"


class ComplaintFact(Fact):
    """Complaints opened (by month filed) and resolved (by month resolved), per category and
    status. A complaint counts once in `opened` and, when resolved, once in `resolved`."""

    month = models.DateField()
    category = models.CharField(max_length=30)
    status = models.CharField(max_length=20)
    citizenship = models.CharField(max_length=2, blank=True)
    sex = models.CharField(max_length=1, blank=True)
    opened = models.PositiveIntegerField()
    resolved = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.month} {self.category}: {self.opened}/{self.resolved}"


class ReferralFact(Fact):
    """Referrals by month sent, category and status; completed ones also by month completed."""

    month = models.DateField()
    category = models.CharField(max_length=20)
    status = models.CharField(max_length=20)
    citizenship = models.CharField(max_length=2)
    sex = models.CharField(max_length=1)
    sent = models.PositiveIntegerField()
    completed = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.month} {self.category} {self.status}: {self.sent}"


class TrainingFact(Fact):
    """Enrolments by month given a place, course type and who: enrolled, completed, certified."""

    month = models.DateField()
    course_type = models.CharField(max_length=30)
    citizenship = models.CharField(max_length=2)
    sex = models.CharField(max_length=1)
    enrolled = models.PositiveIntegerField()
    completed = models.PositiveIntegerField()
    certified = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.month} {self.course_type}: {self.enrolled}"
