"""The fee ledger and the recruitment cost indicator (SDG 10.7.1).

SDG indicator 10.7.1 is the recruitment cost borne by the worker as a share of their monthly
income in the country of destination. Here: everything the worker paid on the way that the
employer should have paid (in roubles, at the rate recorded with each payment), over the first
month's wage: the wage actually paid when the employer recorded it at arrival, else the offer.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.accounts.models import Organisation, OrganisationType
from corridor.accounts.permissions import require_permission_in
from corridor.accounts.roles import Permission
from corridor.core import audit
from corridor.core.audit import Actor
from corridor.core.bounds import PAYMENT_DIGITS, PAYMENT_PLACES, check_bounds, largest_amount
from corridor.core.models import AuditAction
from corridor.people import timeline
from corridor.people.models import TimelineKind, Worker
from corridor.people.services import add_timeline_event
from corridor.people.timeline import TimelineMessage
from corridor.recruitment.models import Application, Contract, Payment
from corridor.recruitment.models.fees import (
    CURRENCIES,
    WORKER_MAY_PAY,
    Currency,
    FeePurpose,
    PayeeType,
)


def employer_should_pay(purpose: str) -> bool:
    """Employer pays: every recruitment fee and related cost, not the worker's own passport."""
    return purpose not in WORKER_MAY_PAY


def _responsible_recruiter(
    payee_type: str, payee: Organisation | None, application: Application | None
) -> Organisation | None:
    if payee is not None and payee.type == OrganisationType.RECRUITER:
        return payee
    if application is not None and payee_type in {PayeeType.RECRUITER, PayeeType.SUB_AGENT}:
        return application.vacancy.recruiter
    if application is not None:
        return application.vacancy.recruiter
    return None


@transaction.atomic
def record_payment(
    *,
    actor: Actor,
    worker: Worker,
    payee_type: PayeeType | str,
    purpose: FeePurpose | str,
    amount: Decimal,
    currency: Currency | str,
    paid_on: date,
    rate_to_rub: Decimal | None = None,
    payee_organisation: Organisation | None = None,
    payee_name: str = "",
    application: Application | None = None,
    note: str = "",
    receipt: File | None = None,
) -> Payment:
    """Record one payment a worker made on the way, classified under employer-pays. The amount
    and the rate come parsed (the form, the schema); the rules on them are checked here."""
    require_permission_in(actor, Permission.RECORD_FEES, worker.organisation)
    errors: dict[str, str] = {}
    if currency not in CURRENCIES:
        errors["currency"] = _("Choose a currency: %(list)s.") % {"list": ", ".join(CURRENCIES)}
    if purpose not in FeePurpose.values:
        errors["purpose"] = _("Choose what the payment was for.")
    if payee_type not in PayeeType.values:
        errors["payee_type"] = _("Choose who was paid.")
    amount = Decimal(amount)
    if not amount.is_finite() or amount <= 0:
        errors["amount"] = _("Give the amount paid, in digits, above zero.")
    rate = Decimal(1) if currency == Currency.RUB else Decimal(rate_to_rub or 0)
    if not rate.is_finite() or rate <= 0:
        errors["rate_to_rub"] = _(
            "Give the rate: how many roubles one unit of the currency was worth that day."
        )
    if application is not None and application.worker_id != worker.pk:
        errors["application"] = _("This application is another worker's.")
    if paid_on and paid_on > timezone.localdate():
        errors["paid_on"] = _("The date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    amount_rub = (amount * rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if amount_rub > largest_amount(PAYMENT_DIGITS, PAYMENT_PLACES):
        # Each within its bounds, the product is not: say so on what the person typed.
        raise ValidationError(
            {"amount": _("This amount in roubles is more than the ledger can hold.")},
            code="out_of_bounds",
        )
    should_employer_pay = employer_should_pay(purpose)
    payment = Payment(
        organisation_id=worker.organisation_id,
        worker=worker,
        application=application,
        payee_type=payee_type,
        payee_organisation=payee_organisation,
        payee_name=payee_name.strip()[:200],
        purpose=purpose,
        amount=amount,
        currency=currency,
        rate_to_rub=rate,
        amount_rub=amount_rub,
        paid_on=paid_on,
        note=note.strip()[:500],
        should_employer_pay=should_employer_pay,
        recruiter=_responsible_recruiter(payee_type, payee_organisation, application),
        recorded_by=actor.user,
    )
    check_bounds(payment)
    if receipt is not None:
        payment.receipt.save(receipt.name or "receipt", receipt, save=False)
    payment.save()
    add_timeline_event(
        worker,
        actor,
        TimelineKind.PAYMENT,
        message=TimelineMessage.PAYMENT_EMPLOYER_SHOULD_PAY
        if should_employer_pay
        else TimelineMessage.PAYMENT,
        params={
            "amount": str(payment.amount),
            "currency": payment.currency,
            "purpose": timeline.choice(FeePurpose, payment.purpose),
        },
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=payment,
        worker_id=worker.pk,
        changes={
            "amount": [None, str(amount)],
            "currency": [None, currency],
            "purpose": [None, purpose],
            "should_employer_pay": [None, should_employer_pay],
        },
    )
    return payment


@dataclass(frozen=True)
class RecruitmentCost:
    """SDG 10.7.1 for one worker: fees that were the employer's to pay, over a month's wage."""

    fees_rub: Decimal
    monthly_wage_rub: Decimal | None

    @property
    def share(self) -> Decimal | None:
        if not self.monthly_wage_rub:
            return None
        return (self.fees_rub / self.monthly_wage_rub).quantize(Decimal("0.001"))


def first_month_wage(worker: Worker) -> Decimal | None:
    """The wage at arrival if the employer recorded it, else the accepted offer's."""
    contract = Contract.objects.filter(worker=worker).order_by("-created_at").first()
    if contract and contract.actual_terms:
        return Decimal(contract.actual_terms["wage_rub"])
    if contract:
        return Decimal(contract.terms["wage_rub"])
    offer = (
        Application.objects.filter(worker=worker, offered_wage_rub__isnull=False)
        .order_by("-offered_at")
        .values_list("offered_wage_rub", flat=True)
        .first()
    )
    return offer


def recruitment_cost(worker: Worker) -> RecruitmentCost:
    fees = Payment.objects.filter(worker=worker, should_employer_pay=True).aggregate(
        total=Sum("amount_rub")
    )["total"] or Decimal(0)
    # Databases sum decimals to different scales (SQLite drops the cents): one scale out.
    return RecruitmentCost(
        fees_rub=Decimal(fees).quantize(Decimal("0.01")),
        monthly_wage_rub=first_month_wage(worker),
    )


@dataclass(frozen=True)
class RecruiterRecord:
    """What a recruiter's record shows: fees workers should not have paid, substitutions,
    and the mean recruitment cost share of the workers it placed."""

    flagged_payments: int
    flagged_fees_rub: Decimal
    workers_charged: int
    substituted_contracts: int
    contracts: int
    mean_cost_share: Decimal | None


def recruiter_record(recruiter: Organisation) -> RecruiterRecord:
    fees = Payment.objects.filter(recruiter=recruiter, should_employer_pay=True).aggregate(
        count=Count("id"), total=Sum("amount_rub"), workers=Count("worker", distinct=True)
    )
    contracts = Contract.objects.filter(application__vacancy__recruiter=recruiter).aggregate(
        count=Count("id"), substituted=Count("id", filter=Q(is_substituted=True))
    )
    shares = [
        cost.share
        for worker in Worker.objects.filter(
            contracts__application__vacancy__recruiter=recruiter
        ).distinct()
        if (cost := recruitment_cost(worker)).share is not None
    ]
    mean = (sum(shares, Decimal(0)) / len(shares)).quantize(Decimal("0.001")) if shares else None
    return RecruiterRecord(
        flagged_payments=fees["count"],
        flagged_fees_rub=Decimal(fees["total"] or 0).quantize(Decimal("0.01")),
        workers_charged=fees["workers"],
        substituted_contracts=contracts["substituted"],
        contracts=contracts["count"],
        mean_cost_share=mean,
    )


def employer_record(employer: Organisation) -> dict[str, int]:
    return Contract.objects.filter(application__vacancy__employer=employer).aggregate(
        contracts=Count("id"), substituted=Count("id", filter=Q(is_substituted=True))
    )
