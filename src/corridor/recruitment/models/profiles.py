"""What a worker looks for (job profile) and the features matching reads, kept precomputed.

`MatchFeatures` and `MatchOccupation` are derived from the registry (occupations, languages,
documents, consent, stage, job profile) and recomputed after one of those changes (the
services mark the worker stale; `recruitment.features.refresh_stale`), so ranking a vacancy's
candidates reads two indexed tables instead of joining the registry.
"""

from typing import Any, ClassVar

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from corridor.accounts.models import Organisation
from corridor.core.bounds import DATE_BOUNDS, EXPECTED_WAGE_BOUNDS
from corridor.core.models import TimestampedModel, organisation_owned
from corridor.people.models import Worker, WorkerChildQuerySet
from corridor.reference.models import Region


@organisation_owned
class JobProfile(TimestampedModel):
    """The work a worker looks for: where, for how much, from when, with which licences."""

    worker = models.OneToOneField(Worker, on_delete=models.CASCADE, related_name="job_profile")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    preferred_regions = models.ManyToManyField(
        Region, verbose_name=_("preferred regions"), blank=True, related_name="+"
    )
    expected_wage_rub = models.DecimalField(
        _("expected monthly wage (RUB)"),
        max_digits=10,
        decimal_places=0,
        null=True,
        blank=True,
        validators=EXPECTED_WAGE_BOUNDS,
    )
    available_from = models.DateField(
        _("available from"), null=True, blank=True, validators=DATE_BOUNDS
    )
    driving_licences = models.JSONField(_("driving licence categories"), default=list, blank=True)
    accepts_rotation = models.BooleanField(_("accepts rotation work (vakhta)"), default=True)

    objects: ClassVar[WorkerChildQuerySet["JobProfile"]] = WorkerChildQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("job profile")
        verbose_name_plural = _("job profiles")

    def __str__(self) -> str:
        return f"{self.worker}"

    def get_absolute_url(self) -> str:
        return reverse("people:worker", args=[self.worker_id])


class MatchFeatures(models.Model):
    """One row per worker: everything matching scores, flattened. Derived, never edited."""

    worker = models.OneToOneField(
        Worker, primary_key=True, on_delete=models.CASCADE, related_name="match_features"
    )
    organisation_id = models.UUIDField()
    eligible = models.BooleanField(default=False)
    passport_valid_until = models.DateField(null=True)
    birth_date = models.DateField()
    citizenship = models.CharField(max_length=2)
    # {"ru": 5, "uz": 7}: levels as ranks, A1 = 1 … C2 = 6, native = 7.
    languages = models.JSONField(default=dict)
    licences = models.JSONField(default=list)
    # {"language_certificate": "2027-03-01" or "" when it has no end date}
    certificates = models.JSONField(default=dict)
    regions = models.JSONField(default=list)
    expected_wage = models.PositiveIntegerField(null=True)
    available_from = models.DateField(null=True)
    accepts_rotation = models.BooleanField(default=True)
    # Stamped by every refresh just before the row is written: how the ranking's columnar
    # cache learns which rows changed (recruitment.ranking, decision 0007).
    refreshed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["eligible"], name="match_features_eligible"),
            models.Index(fields=["refreshed_at"], name="match_features_refreshed"),
        ]

    def __str__(self) -> str:
        return f"features of {self.worker_id}"


class MatchOccupation(models.Model):
    """One row per worker and occupation, with the code at every level for candidate search."""

    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="+")
    isco = models.CharField(max_length=4)
    minor = models.CharField(max_length=3)
    sub_major = models.CharField(max_length=2)
    major = models.CharField(max_length=1)
    years = models.PositiveSmallIntegerField(default=0)
    eligible = models.BooleanField(default=False)
    passport_valid_until = models.DateField(null=True)

    class Meta:
        indexes = [
            # Each tier is read most experienced first (see matching.workers_for_vacancy).
            models.Index(fields=["eligible", "isco", "-years"], name="match_occ_unit"),
            models.Index(fields=["eligible", "minor", "-years"], name="match_occ_minor"),
            models.Index(fields=["eligible", "sub_major", "-years"], name="match_occ_sub_major"),
            models.Index(fields=["eligible", "major", "-years"], name="match_occ_major"),
            models.Index(fields=["worker"], name="match_occ_worker"),
        ]

    def __str__(self) -> str:
        return f"{self.worker_id} {self.isco}"

    @classmethod
    def levels(cls, isco: str) -> dict[str, Any]:
        return {"isco": isco, "minor": isco[:3], "sub_major": isco[:2], "major": isco[:1]}
