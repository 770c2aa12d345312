"""Duplicate pairs awaiting review, and merges that can be undone."""

from typing import Any, ClassVar, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from corridor.accounts.models import Organisation, User
from corridor.core.models import TimestampedModel, UUIDModel, organisation_owned
from corridor.core.scoping import ScopedQuerySet
from corridor.people.models import Worker


class PairStatus(models.TextChoices):
    OPEN = "open", _("to review")
    MERGED = "merged", _("merged")
    NOT_SAME = "not_same", _("not the same person")


class DuplicatePairQuerySet(ScopedQuerySet["DuplicatePair"]):
    def scope(self, user: Any) -> Self:
        """Pairs the user may decide: both records are ones they change. Seeing two records
        through sharing grants is not enough: the review shows them side by side, in full."""
        editable = Worker.objects.editable_by(user)
        return self.filter(worker_a__in=editable, worker_b__in=editable)

    def open(self) -> "DuplicatePairQuerySet":
        return self.filter(status=PairStatus.OPEN)


@organisation_owned
class DuplicatePair(TimestampedModel):
    """Two records the linkage model thinks are one person, with its explanation."""

    # The organisation that reviews it: the one that registered the first record.
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("reviewed by"), on_delete=models.PROTECT, related_name="+"
    )
    worker_a = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="+")
    worker_b = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="+")
    match_probability = models.FloatField(_("match probability"))
    # [{"field": ..., "level": ..., "weight": ...}], as the model scored the pair.
    explanation = models.JSONField(_("why"), default=list)
    # Held back from automatic merging: sex, birth year or given name contradict.
    is_conflicting = models.BooleanField(_("values conflict"), default=False)
    model_version = models.CharField(_("model version"), max_length=20)
    status = models.CharField(
        _("status"), max_length=10, choices=PairStatus.choices, default=PairStatus.OPEN
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)

    objects: ClassVar[DuplicatePairQuerySet] = DuplicatePairQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-match_probability", "created_at"]
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        constraints = [
            models.UniqueConstraint(fields=["worker_a", "worker_b"], name="duplicate_pair_once"),
            models.CheckConstraint(
                condition=~Q(worker_a=models.F("worker_b")), name="duplicate_pair_two_records"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-match_probability"], name="duplicate_pair_queue")
        ]

    def __str__(self) -> str:
        return f"{self.worker_a_id} ~ {self.worker_b_id} ({self.match_probability:.3f})"

    def mark_reviewed(self, status: str, by: User) -> None:
        self.status = status
        self.reviewed_by = by
        self.reviewed_at = timezone.now()
        self.save(update_fields=["status", "reviewed_by", "reviewed_at", "updated_at"])


class MergeQuerySet(ScopedQuerySet["Merge"]):
    def scope(self, user: Any) -> Self:
        """Merges the user may undo: both records are ones they change."""
        editable = Worker.objects.editable_by(user)
        return self.filter(kept__in=editable, merged__in=editable)


@organisation_owned
class Merge(UUIDModel):
    """One record merged into another; `moved` lists what moved, so it can be moved back."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    kept = models.ForeignKey(
        Worker, verbose_name=_("kept"), on_delete=models.PROTECT, related_name="merges"
    )
    merged = models.ForeignKey(
        Worker, verbose_name=_("merged"), on_delete=models.PROTECT, related_name="+"
    )
    pair = models.ForeignKey(
        DuplicatePair, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # {"people.document": [ids], ...}: rows moved from `merged` to `kept`.
    moved = models.JSONField(default=dict)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_at = models.DateTimeField(_("merged"), default=timezone.now)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)

    objects: ClassVar[MergeQuerySet] = MergeQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-merged_at"]
        verbose_name = _("merge")
        verbose_name_plural = _("merges")

    def __str__(self) -> str:
        return f"{self.merged_id} -> {self.kept_id}"
