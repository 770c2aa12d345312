"""Referrals of a worker (or one of their family) to a partner's service, step by step.

A referral belongs to the worker's organisation, which sent it; the receiving partner sees it
through `received_by`, never through a sharing grant: partners see the few fields a referral
needs on their own pages, and the worker's record stays closed to them.
"""

from datetime import date
from typing import Any, ClassVar, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from corridor.accounts.models import Organisation
from corridor.accounts.roles import Permission
from corridor.core.bounds import DATE_BOUNDS
from corridor.core.models import TimestampedModel, UUIDModel, organisation_owned
from corridor.core.scoping import ScopedQuerySet, ThroughParentQuerySet
from corridor.people.models import FamilyMember, Worker
from corridor.support.models.catalogue import PartnerService, ServiceCategory


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("sent")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    IN_PROGRESS = "in_progress", _("in progress")
    COMPLETED = "completed", _("completed")
    CANCELLED = "cancelled", _("cancelled")


S = ReferralStatus
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.SENT: (S.ACCEPTED, S.DECLINED, S.CANCELLED),
    S.ACCEPTED: (S.IN_PROGRESS, S.COMPLETED, S.CANCELLED),
    S.IN_PROGRESS: (S.COMPLETED, S.CANCELLED),
}
OPEN = frozenset({S.SENT, S.ACCEPTED, S.IN_PROGRESS})
CLOSED = frozenset({S.DECLINED, S.COMPLETED, S.CANCELLED})
# The receiving partner answers and reports; the sender may only call a referral off.
PARTNER_MOVES = frozenset({S.ACCEPTED, S.DECLINED, S.IN_PROGRESS, S.COMPLETED})
SENDER_MOVES = frozenset({S.CANCELLED})


def next_statuses(status: str) -> tuple[str, ...]:
    return TRANSITIONS.get(status, ())


def _sending_organisations(user: Any) -> set[Any]:
    return {
        *user.organisation_ids_with(Permission.SEND_REFERRALS),
        *user.organisation_ids_with(Permission.VIEW_OWN_WORKERS),
    }


class ReferralQuerySet(ScopedQuerySet["Referral"]):
    def scope(self, user: Any) -> Self:
        """Referrals the user's organisations sent, or received as the partner."""
        return self.filter(
            Q(organisation_id__in=_sending_organisations(user))
            | Q(partner_id__in=user.organisation_ids_with(Permission.HANDLE_REFERRALS))
        )

    def sent_by(self, user: Any) -> "ReferralQuerySet":
        """The sender's side: referrals of the user's organisations' workers."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(organisation_id__in=_sending_organisations(user))

    def received_by(self, user: Any) -> "ReferralQuerySet":
        """The partner's side: referrals to services of organisations the user handles for."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(partner_id__in=user.organisation_ids_with(Permission.HANDLE_REFERRALS))

    def open(self) -> "ReferralQuerySet":
        return self.filter(status__in=OPEN)

    def overdue(self, today: date | None = None) -> "ReferralQuerySet":
        """Not yet completed, declined or cancelled, and past their due date."""
        return self.open().filter(due_date__lt=today or timezone.localdate())


@organisation_owned
class Referral(TimestampedModel):
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("sent by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The service's organisation, kept on the row so the partner's list is one indexed filter.
    partner = models.ForeignKey(
        Organisation,
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        related_name="received_referrals",
    )
    service = models.ForeignKey(
        PartnerService,
        verbose_name=_("service"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    category = models.CharField(_("category"), max_length=20, choices=ServiceCategory.choices)
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="referrals")
    family_member = models.ForeignKey(
        FamilyMember,
        verbose_name=_("for the family member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("reason"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    due_date = models.DateField(_("due"), validators=DATE_BOUNDS)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by (user)"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Sent without the worker's consent to referrals: who decided, and why (staff only; the
    # partner sees an urgent referral, the worker's timeline never the reason).
    consent_override_reason = models.CharField(
        _("why it was sent without consent"), max_length=500, blank=True
    )
    consent_overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The sharing grant that lets the partner see the person (people.access, purpose referral);
    # a withdrawn consent ends it, and with it the partner's view of who the referral is for.
    grant = models.ForeignKey(
        "people.AccessGrant",
        verbose_name=_("sharing grant"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    meeting = models.ForeignKey(
        "support.Meeting",
        verbose_name=_("raised at the meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals",
    )
    decline_reason = models.CharField(_("why it was declined"), max_length=500, blank=True)
    cancel_reason = models.CharField(_("why it was cancelled"), max_length=500, blank=True)
    outcome = models.TextField(_("outcome"), blank=True, max_length=2000)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    feedback_rating = models.PositiveSmallIntegerField(
        _("worker's rating (1 to 5)"), null=True, blank=True
    )
    feedback_comment = models.CharField(_("worker's comment"), max_length=1000, blank=True)
    feedback_at = models.DateTimeField(_("feedback recorded"), null=True, blank=True)

    objects: ClassVar[ReferralQuerySet] = ReferralQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [
            models.Index(fields=["organisation", "-sent_at"], name="referral_org_sent"),
            models.Index(fields=["partner", "-sent_at"], name="referral_partner_sent"),
            models.Index(fields=["status", "due_date"], name="referral_status_due"),
            models.Index(fields=["worker", "-sent_at"], name="referral_worker_sent"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(feedback_rating__isnull=True)
                | Q(feedback_rating__gte=1, feedback_rating__lte=5),
                name="referral_rating_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return f"{self.worker.reference} → {self.partner.name} ({self.get_category_display()})"

    def get_absolute_url(self) -> str:
        return reverse("support:referral", args=[self.pk])

    def get_partner_url(self) -> str:
        return reverse("support:received_referral", args=[self.pk])

    @property
    def is_urgent(self) -> bool:
        """Sent without the worker's consent, by a recorded decision."""
        return bool(self.consent_override_reason)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    def is_overdue(self, today: date | None = None) -> bool:
        return self.is_open and self.due_date < (today or timezone.localdate())


class ReferralPartQuerySet[M: models.Model](ThroughParentQuerySet[M]):
    """Rows of one referral: visible exactly when their referral is."""

    parent = "referral"


@organisation_owned
class ReferralStep(UUIDModel):
    """One move of a referral, with who, when and why."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="steps")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=20, choices=ReferralStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ReferralStatus.choices)
    note = models.CharField(_("why"), max_length=500, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    by_organisation = models.ForeignKey(
        Organisation, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    objects: ClassVar[ReferralPartQuerySet["ReferralStep"]] = ReferralPartQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


@organisation_owned
class ReferralReminder(UUIDModel):
    """A reminder that an open referral is past its due date; at most one per referral a day."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="reminders")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    on = models.DateField(_("on"), validators=DATE_BOUNDS)
    days_overdue = models.PositiveIntegerField(_("days overdue"))
    created_at = models.DateTimeField(default=timezone.now)

    objects: ClassVar[ReferralPartQuerySet["ReferralReminder"]] = ReferralPartQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-on"]
        verbose_name = _("referral reminder")
        verbose_name_plural = _("referral reminders")
        constraints = [
            models.UniqueConstraint(fields=["referral", "on"], name="referral_reminder_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.referral_id} {self.on}"
