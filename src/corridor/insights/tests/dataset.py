"""A small dataset whose figures are known exactly, for the refresh, metric and page tests.

Registered (all in 2026, UTC):
- January: 3 Uzbek women born 1990-06-01 (age band 35-44), stage registered.
- February: 7 Uzbek men born 2000-01-01 (25-34) from Tashkent region: 4 reached `matched`
  (2 of them went on: arrived in February, and are employed now; 1 of those 2 returned in April
  and is `returned`). One is later withdrawn after reaching job-ready... no: the withdrawn one is
  the Kyrgyz woman below.
- March: 1 Kyrgyz woman born 1980-01-01 (45-54), withdrawn after reaching job_ready.
Placements: 2 contracts in February 2026 (Moscow, ISCO 7212), offered 100,000 RUB each; one
  recorded at arrival at 90,000 and substituted; the worker of that one paid 45,000 RUB the
  employer should have paid (SDG share 50%), the other paid nothing (0%).
Complaints: 3 unpaid-wages complaints filed in February, one resolved in March.
Referrals: 2 legal-aid referrals sent in February, one completed in March.
Every worker consented to statistics (decision 0013), so every figure counts them all.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from corridor.accounts.models import Organisation, User
from corridor.accounts.tests.factories import member
from corridor.grievances.models import Complaint
from corridor.grievances.tests.factories import complaint, programme_office
from corridor.people.models import ConsentPurpose, TimelineEvent, TimelineKind, Worker
from corridor.people.tests.factories import give_consent, register
from corridor.recruitment.models import Application, Contract, Payment
from corridor.recruitment.tests.factories import (
    employer_user,
    organisation_of,
    recruiter_user,
    vacancy,
)
from corridor.support.models import Referral
from corridor.support.tests.factories import offer, partner_user, refer


def at(year: int, month: int, day: int = 10) -> datetime.datetime:
    return datetime.datetime(year, month, day, 12, 0, tzinfo=datetime.UTC)


@dataclass
class Dataset:
    caseworker: User
    centre: Organisation
    workers: list[Worker]


def _register(caseworker: User, when: datetime.datetime, **details) -> Worker:
    worker = register(caseworker, **details)
    give_consent(caseworker, worker, ConsentPurpose.STATISTICS)
    Worker.objects.filter(pk=worker.pk).update(created_at=when)
    worker.refresh_from_db()
    return worker


def _reach(worker: Worker, stage: str, when: datetime.datetime, *, now: str = "") -> None:
    TimelineEvent.objects.create(
        worker=worker,
        organisation_id=worker.organisation_id,
        at=when,
        kind=TimelineKind.STAGE,
        to_stage=stage,
    )
    if now:
        Worker.objects.filter(pk=worker.pk).update(stage=now)


def _contract(worker, job, *, actual_wage=None, substituted=False, recruiter=None, fee=None):
    application = Application.objects.create(
        organisation_id=worker.organisation_id,
        worker=worker,
        vacancy=job,
        status="employed",
        offered_wage_rub=Decimal(100000),
    )
    contract = Contract.objects.create(
        application=application,
        organisation_id=worker.organisation_id,
        worker=worker,
        language="uz",
        terms={"wage_rub": 100000},
        pdf="contracts/2026/02/test.pdf",
        actual_terms={"wage_rub": actual_wage} if actual_wage else None,
        is_substituted=substituted,
    )
    Contract.objects.filter(pk=contract.pk).update(created_at=at(2026, 2, 20))
    if fee:
        Payment.objects.create(
            organisation_id=worker.organisation_id,
            worker=worker,
            application=application,
            payee_type="recruiter",
            payee_organisation=recruiter,
            purpose="recruitment_service",
            amount=Decimal(fee),
            currency="RUB",
            rate_to_rub=Decimal(1),
            amount_rub=Decimal(fee),
            paid_on=datetime.date(2026, 2, 1),
            should_employer_pay=True,
            recruiter=recruiter,
        )


def build() -> Dataset:
    caseworker = member("caseworker", name="Tashkent employment centre", country="UZ")
    centre = caseworker.active_memberships[0].organisation
    women = [
        _register(caseworker, at(2026, 1), sex="F", birth_date=datetime.date(1990, 6, 1))
        for _ in range(3)
    ]
    men = [
        _register(
            caseworker,
            at(2026, 2),
            sex="M",
            birth_date=datetime.date(2000, 1, 1),
            home_region="UZ-TO",
        )
        for _ in range(7)
    ]
    for worker in men[:4]:
        _reach(worker, "matched", at(2026, 2, 15), now="matched")
    for worker in men[:2]:
        _reach(worker, "arrived", at(2026, 2, 25))
        _reach(worker, "employed", at(2026, 2, 27), now="employed")
    _reach(men[0], "returned", at(2026, 4, 2), now="returned")
    kyrgyz = _register(
        caseworker, at(2026, 3), sex="F", birth_date=datetime.date(1980, 1, 1), citizenship="KG"
    )
    _reach(kyrgyz, "job_ready", at(2026, 3, 12))
    _reach(kyrgyz, "withdrawn", at(2026, 3, 20), now="withdrawn")

    agency = recruiter_user()
    job = vacancy(employer_user(), recruiter=organisation_of(agency))
    _contract(men[0], job, actual_wage=90000, substituted=True, recruiter=organisation_of(agency),
              fee=45000)  # fmt: skip
    _contract(men[1], job)

    office = programme_office()
    filed = [complaint(office, category="unpaid_wages") for _ in range(3)]
    Complaint.objects.filter(pk__in=[c.pk for c in filed]).update(created_at=at(2026, 2))
    Complaint.objects.filter(pk=filed[0].pk).update(status="resolved", resolved_at=at(2026, 3))

    service = offer(partner_user())
    sent = []
    for worker in men[2:4]:
        give_consent(caseworker, worker, ConsentPurpose.REFERRALS)
        sent.append(refer(caseworker, worker, service))
    Referral.objects.filter(pk__in=[r.pk for r in sent]).update(sent_at=at(2026, 2))
    Referral.objects.filter(pk=sent[0].pk).update(status="completed", completed_at=at(2026, 3))
    assert timezone.now().year >= 2026
    return Dataset(caseworker, centre, [*women, *men, kyrgyz])
