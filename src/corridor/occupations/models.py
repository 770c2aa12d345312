"""Titles the coder has met, and the codes staff confirmed for them.

A coded title is knowledge about words, not about a person: it belongs to no organisation.
What it keeps is the title as first written (cut to 300 characters) and its normalised form,
which is the key: "Сварщик (м. Выхино)" and "СВАРЩИК, срочно" are one title.
"""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from corridor.core.models import TimestampedModel
from corridor.reference.models import IscoGroup

TITLE_MAX_LENGTH = 300


class CodingStatus(models.TextChoices):
    AUTOMATIC = "automatic", _("coded automatically")
    NEEDS_REVIEW = "needs_review", _("needs review")
    CONFIRMED = "confirmed", _("confirmed by staff")


class CodedTitleQuerySet(models.QuerySet["CodedTitle"]):
    def needing_review(self) -> "CodedTitleQuerySet":
        """Most often seen first: confirming those helps the most records."""
        return self.filter(status=CodingStatus.NEEDS_REVIEW).order_by(
            "-times_seen", "-last_seen_at"
        )

    def confirmed(self) -> "CodedTitleQuerySet":
        return self.filter(status=CodingStatus.CONFIRMED)


class CodedTitle(TimestampedModel):
    normalised = models.CharField(_("normalised title"), max_length=600, unique=True)
    title = models.CharField(_("title as first written"), max_length=TITLE_MAX_LENGTH)
    isco = models.ForeignKey(
        IscoGroup,
        verbose_name=_("occupation (ISCO-08 unit group)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": 4},
    )
    # The coder's own first choice, kept when staff correct it: how often the coder is overruled.
    suggested = models.ForeignKey(
        IscoGroup,
        verbose_name=_("coder's suggestion"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    score = models.FloatField(_("score"), default=0.0)
    status = models.CharField(
        _("status"), max_length=20, choices=CodingStatus.choices, default=CodingStatus.AUTOMATIC
    )
    times_seen = models.PositiveIntegerField(_("times seen"), default=1)
    last_seen_at = models.DateTimeField(_("last seen"), default=timezone.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    objects: ClassVar[CodedTitleQuerySet] = CodedTitleQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("coded title")
        verbose_name_plural = _("coded titles")
        indexes = [models.Index(fields=["status", "-times_seen"], name="coded_title_review")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="confirmed") | Q(isco__isnull=False),
                name="coded_title_confirmed_has_code",
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=1), name="coded_title_score_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} → {self.isco_id or '?'}"

    @property
    def is_confirmed(self) -> bool:
        return self.status == CodingStatus.CONFIRMED
