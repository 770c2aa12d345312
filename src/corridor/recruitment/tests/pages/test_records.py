"""The record of recruiters and employers, and an employer's status."""

from decimal import Decimal

import pytest

from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import member
from corridor.recruitment.tests.factories import (
    organisation_of,
    recruiter_user,
)
from corridor.recruitment.tests.pages.steps import (
    TODAY,
    login,
)

pytestmark = pytest.mark.django_db


def test_a_manager_blocks_an_employer_with_a_reason_and_its_vacancies_close(client, setting):
    _caseworker, employer, job, _worker = setting
    employer_org = organisation_of(employer)
    manager = member(Role.MANAGER)
    login(client, manager)
    url = f"/recruitment/organisations/{employer_org.pk}/record/status/"

    no_reason = client.post(url, {"status": "blocked", "reason": ""})
    assert no_reason.status_code == 422
    employer_org.refresh_from_db()
    assert employer_org.employer_status == "active"

    response = client.post(url, {"status": "blocked", "reason": "Wages unpaid for 3 months"})
    assert response.status_code == 302
    employer_org.refresh_from_db()
    job.refresh_from_db()
    assert (employer_org.employer_status, job.status) == ("blocked", "closed")

    login(client, employer)
    page = client.get(f"/recruitment/organisations/{employer_org.pk}/record/")
    assert page.status_code == 200
    assert page.context["status_form"] is None
    assert client.post(url, {"status": "active", "reason": "We paid"}).status_code == 403
    employer_org.refresh_from_db()
    assert employer_org.employer_status == "blocked"


def test_the_recruiter_record_counts_fees_charged_to_workers(client, setting):
    caseworker, _employer, _job, worker = setting
    recruiter = recruiter_user()
    recruiter_org = organisation_of(recruiter)
    login(client, caseworker)
    client.post(
        f"/recruitment/workers/{worker.pk}/jobs/payments/",
        {
            "payee_type": "recruiter",
            "payee_organisation": str(recruiter_org.pk),
            "purpose": "recruitment_service",
            "amount": "15000",
            "currency": "RUB",
            "paid_on": TODAY.isoformat(),
        },
    )

    login(client, recruiter)
    response = client.get(f"/recruitment/organisations/{recruiter_org.pk}/record/")

    record = response.context["recruiter"]
    assert (record.flagged_payments, record.flagged_fees_rub, record.workers_charged) == (
        1,
        Decimal("15000.00"),
        1,
    )
    other_recruiter = recruiter_user()
    login(client, other_recruiter)
    assert client.get(f"/recruitment/organisations/{recruiter_org.pk}/record/").status_code == 404
