import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from corridor.accounts.tests.factories import member
from corridor.core.models import AuditEvent
from corridor.people.models import TimelineEvent
from corridor.people.tests.factories import actor, register
from corridor.recruitment import fees, pipeline
from corridor.recruitment.models import Payment
from corridor.recruitment.tests.factories import (
    employer_user,
    job_ready_worker,
    organisation_of,
    recruiter_user,
    vacancy,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def pay(caseworker, worker, **fields):
    values = {
        "payee_type": "recruiter",
        "purpose": "recruitment_service",
        "amount": Decimal("3000000"),
        "currency": "UZS",
        "rate_to_rub": Decimal("0.0075"),
        "paid_on": TODAY - datetime.timedelta(days=10),
        **fields,
    }
    return fees.record_payment(actor=actor(caseworker), worker=worker, **values)


def test_a_fee_the_employer_should_pay_is_flagged_on_the_recruiter_and_converted_to_roubles():
    caseworker, recruiter = member(), recruiter_user()
    worker = register(caseworker)

    payment = pay(caseworker, worker, payee_organisation=organisation_of(recruiter))

    assert (payment.amount_rub, payment.should_employer_pay) == (Decimal("22500.00"), True)
    assert payment.recruiter == organisation_of(recruiter)
    entry = TimelineEvent.objects.get(worker=worker, kind="payment")
    assert entry.message == "payment_employer"
    with translation.override("ru"):
        assert entry.text.endswith(") — это должен был оплатить работодатель")
    assert AuditEvent.objects.filter(object_id=str(payment.pk), worker_id=worker.pk).count() == 1


def test_the_workers_own_passport_is_not_a_recruitment_cost():
    caseworker = member()
    worker = register(caseworker)

    payment = pay(
        caseworker,
        worker,
        purpose="passport",
        payee_type="government",
        currency="RUB",
        amount=Decimal("6000"),
        rate_to_rub=None,
    )

    assert (payment.should_employer_pay, payment.rate_to_rub, payment.amount_rub) == (
        False,
        1,
        Decimal("6000.00"),
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"currency": "XYZ"}, "currency"),
        ({"amount": Decimal("0")}, "amount"),
        ({"rate_to_rub": None}, "rate_to_rub"),
        ({"purpose": "bribe"}, "purpose"),
        ({"paid_on": TODAY + datetime.timedelta(days=1)}, "paid_on"),
    ],
)
def test_bad_payments_are_refused_with_the_field_named_and_nothing_saved(change, field):
    caseworker = member()
    worker = register(caseworker)

    with pytest.raises(ValidationError) as error:
        pay(caseworker, worker, **change)

    assert field in error.value.message_dict
    assert not Payment.objects.exists()


def test_another_organisations_caseworker_may_not_record_payments():
    worker = register(member())

    with pytest.raises(PermissionDenied):
        pay(member(), worker)
    assert not Payment.objects.exists()


def test_recruitment_cost_share_is_fees_over_the_first_months_wage():
    caseworker, employer, recruiter = member(), employer_user(), recruiter_user()
    job = vacancy(employer, recruiter=organisation_of(recruiter))
    worker = job_ready_worker(caseworker)
    application = pipeline.create_application(actor=actor(caseworker), worker=worker, vacancy=job)
    pipeline.move_application(
        actor=actor(caseworker), application=application, status="shortlisted"
    )
    pipeline.make_offer(
        actor=actor(employer),
        application=application,
        wage_rub=Decimal(90000),
        hours_per_week=40,
        housing="free",
    )
    pay(caseworker, worker, application=application)  # 22,500 RUB to the recruiter
    pay(
        caseworker,
        worker,
        application=application,  # a clinic the recruiter sent the worker to: on its record
        purpose="medical",
        payee_type="medical",
        currency="RUB",
        amount=Decimal("4500"),
        rate_to_rub=None,
    )
    pay(
        caseworker,
        worker,
        purpose="passport",
        payee_type="government",
        currency="RUB",
        amount=Decimal("6000"),
        rate_to_rub=None,
    )

    cost = fees.recruitment_cost(worker)

    assert (cost.fees_rub, cost.monthly_wage_rub, cost.share) == (
        Decimal("27000.00"),
        Decimal(90000),
        Decimal("0.300"),
    )
    record = fees.recruiter_record(organisation_of(recruiter))
    assert (record.flagged_payments, record.flagged_fees_rub, record.workers_charged) == (
        2,
        Decimal("27000.00"),
        1,
    )
