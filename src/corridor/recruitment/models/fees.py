"""The fee ledger: every payment a worker makes on the way, classified under employer-pays.

Under the ILO General Principles and Operational Guidelines for Fair Recruitment (2019) and the
IRIS standard, no recruitment fee or related cost is charged to a worker: service fees, agents'
fees, medical examinations, training, travel, visas and work permits, deposits. What a worker
may pay for is their own identity document (a passport) and personal expenses. Each payment
keeps its amount as paid, in its currency, and the rate to roubles it was counted at.
"""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from corridor.accounts.models import Organisation
from corridor.core.bounds import (
    DATE_BOUNDS,
    PAYMENT_BOUNDS,
    PAYMENT_DIGITS,
    PAYMENT_PLACES,
    RATE_BOUNDS,
    RATE_PLACES,
    amount_bounds,
    within,
)
from corridor.core.models import TimestampedModel, organisation_owned
from corridor.people.models import Worker, WorkerChildQuerySet
from corridor.recruitment.models.applications import Application


class FeePurpose(models.TextChoices):
    RECRUITMENT_SERVICE = "recruitment_service", _("recruitment or placement service")
    SUB_AGENT = "sub_agent", _("agent or intermediary")
    MEDICAL = "medical", _("medical examination")
    TRAINING = "training", _("training or testing")
    TRAVEL = "travel", _("travel")
    VISA_PERMIT = "visa_permit", _("visa, work permit or patent")
    DOCUMENTS = "documents", _("documents for the job (translations, certificates)")
    ACCOMMODATION = "accommodation", _("accommodation on the way")
    DEPOSIT = "deposit", _("deposit or guarantee")
    PASSPORT = "passport", _("the worker's own passport")
    PERSONAL = "personal", _("personal expenses")
    OTHER = "other", _("other")


# What the worker may pay for; everything else is a recruitment fee or related cost.
WORKER_MAY_PAY = {FeePurpose.PASSPORT, FeePurpose.PERSONAL}


class PayeeType(models.TextChoices):
    RECRUITER = "recruiter", _("recruiter")
    SUB_AGENT = "sub_agent", _("agent or intermediary")
    EMPLOYER = "employer", _("employer")
    TRAINING_PROVIDER = "training_provider", _("training provider")
    MEDICAL = "medical", _("clinic")
    GOVERNMENT = "government", _("government office")
    TRANSPORT = "transport", _("transport company")
    OTHER = "other", _("other")


class Currency(models.TextChoices):
    """Currencies payments are recorded in (ISO 4217 codes: their own labels)."""

    RUB = "RUB", "RUB"
    UZS = "UZS", "UZS"
    TJS = "TJS", "TJS"
    KGS = "KGS", "KGS"
    USD = "USD", "USD"
    EUR = "EUR", "EUR"


CURRENCIES = tuple(Currency.values)


@organisation_owned
class Payment(TimestampedModel):
    # A merge of duplicate records moves these to the kept record (identity.services).
    moves_with_worker = True

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("worker's organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="payments")
    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payments",
    )
    payee_type = models.CharField(_("paid to"), max_length=20, choices=PayeeType.choices)
    payee_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation paid"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    payee_name = models.CharField(_("name of who was paid"), max_length=200, blank=True)
    purpose = models.CharField(_("what for"), max_length=30, choices=FeePurpose.choices)
    amount = models.DecimalField(
        _("amount"),
        max_digits=PAYMENT_DIGITS,
        decimal_places=PAYMENT_PLACES,
        validators=PAYMENT_BOUNDS,
    )
    currency = models.CharField(_("currency"), max_length=3)
    rate_to_rub = models.DecimalField(
        _("roubles per unit of the currency on the day"),
        max_digits=14,
        decimal_places=RATE_PLACES,
        validators=RATE_BOUNDS,
    )
    amount_rub = models.DecimalField(
        _("amount in roubles"),
        max_digits=PAYMENT_DIGITS,
        decimal_places=PAYMENT_PLACES,
        validators=amount_bounds(PAYMENT_DIGITS, PAYMENT_PLACES),
    )
    paid_on = models.DateField(_("paid on"), validators=DATE_BOUNDS)
    receipt = models.FileField(_("receipt"), upload_to="receipts/%Y/%m/", blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    # Employer-pays: True when the employer, not the worker, should have borne this cost.
    should_employer_pay = models.BooleanField(_("the employer should have paid"), default=False)
    # The recruiter whose record this payment counts on (the payee, or the vacancy's recruiter).
    recruiter = models.ForeignKey(
        Organisation,
        verbose_name=_("recruiter responsible"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fees_charged",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    objects: ClassVar[WorkerChildQuerySet["Payment"]] = WorkerChildQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-paid_on"]
        verbose_name = _("payment by a worker")
        verbose_name_plural = _("payments by workers")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            within("amount", PAYMENT_BOUNDS, "payment_amount_within_bounds"),
            within("rate_to_rub", RATE_BOUNDS, "payment_rate_within_bounds"),
            within(
                "amount_rub",
                amount_bounds(PAYMENT_DIGITS, PAYMENT_PLACES),
                "payment_amount_rub_within_bounds",
            ),
            within("paid_on", DATE_BOUNDS, "payment_paid_on_within_bounds"),
            models.CheckConstraint(
                condition=Q(currency__in=CURRENCIES), name="payment_currency_known"
            ),
        ]
        indexes = [
            models.Index(fields=["recruiter", "should_employer_pay"], name="payment_recruiter")
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.currency} ({self.get_purpose_display()})"
