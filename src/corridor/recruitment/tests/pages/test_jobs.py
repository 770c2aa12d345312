"""A worker's jobs page: the best vacancies, the job profile, the fee ledger."""

import datetime
from decimal import Decimal

import pytest

from corridor.core.models import AuditAction, AuditEvent
from corridor.people.tests.factories import share
from corridor.recruitment.models import (
    JobProfile,
    Payment,
)
from corridor.recruitment.tests.factories import (
    organisation_of,
)
from corridor.recruitment.tests.pages.steps import (
    TODAY,
    accepted_application,
    login,
)

pytestmark = pytest.mark.django_db


def test_the_jobs_page_is_audited_and_shows_the_best_vacancies(client, setting):
    caseworker, _employer, job, worker = setting

    response = login(client, caseworker).get(
        f"/recruitment/workers/{worker.pk}/jobs/", REMOTE_ADDR="198.51.100.4"
    )

    assert response.status_code == 200
    event = AuditEvent.objects.get(action=AuditAction.VIEW, worker_id=worker.pk)
    assert (event.actor, event.changes, event.ip_address) == (
        caseworker,
        {"part": "jobs"},
        "198.51.100.4",
    )
    assert [item["vacancy"]["id"] for item in response.context["best"]] == [job.pk]
    assert "same occupation (7212)" in response.content.decode()


def test_the_job_profile_is_saved_by_the_caseworker_and_read_only_for_others(client, setting):
    caseworker, employer, _job, worker = setting
    login(client, caseworker)

    response = client.post(
        f"/recruitment/workers/{worker.pk}/jobs/profile/",
        {
            "preferred_regions": ["RU-MOW", "RU-SPE"],
            "expected_wage_rub": "100000",
            "available_from": TODAY.isoformat(),
            "driving_licences": ["B", "C"],
            "accepts_rotation": "on",
        },
    )

    assert response.status_code == 302
    profile = JobProfile.objects.get(worker=worker)
    assert sorted(profile.preferred_regions.values_list("code", flat=True)) == ["RU-MOW", "RU-SPE"]
    assert (profile.expected_wage_rub, profile.driving_licences, profile.accepts_rotation) == (
        Decimal(100000),
        ["B", "C"],
        True,
    )
    bad = client.post(
        f"/recruitment/workers/{worker.pk}/jobs/profile/", {"preferred_regions": ["UZ-TO"]}
    )
    assert bad.status_code == 422
    assert "preferred_regions" in bad.context["profile_form"].errors

    share(caseworker, worker, organisation_of(employer))
    login(client, employer)
    # A grant shows the employer its own application, never the worker's whole job search
    # (people.access, Section.JOBS).
    page = client.get(f"/recruitment/workers/{worker.pk}/jobs/")
    assert page.status_code == 404
    assert (
        client.post(
            f"/recruitment/workers/{worker.pk}/jobs/profile/", {"accepts_rotation": ""}
        ).status_code
        == 404
    )
    profile.refresh_from_db()
    assert profile.accepts_rotation


def test_the_payments_form_records_a_fee_the_employer_should_have_paid_and_shows_the_share(
    client, setting
):
    caseworker, employer, job, worker = setting
    accepted_application(caseworker, employer, job, worker, wage=90000)
    login(client, caseworker)

    response = client.post(
        f"/recruitment/workers/{worker.pk}/jobs/payments/",
        {
            "payee_type": "recruiter",
            "payee_name": "Агент в Самарканде",
            "purpose": "recruitment_service",
            "amount": "1200000",
            "currency": "UZS",
            "rate_to_rub": "0.0075",
            "paid_on": (TODAY - datetime.timedelta(days=3)).isoformat(),
        },
    )

    assert response.status_code == 302
    payment = Payment.objects.get()
    assert (payment.should_employer_pay, payment.amount_rub) == (True, Decimal("9000.00"))
    page = client.get(f"/recruitment/workers/{worker.pk}/jobs/")
    assert page.context["cost_share"] == "10.0"
    content = page.content.decode()
    assert "employer should have paid" in content
    assert "10.0%" in content


def test_a_payment_in_another_currency_needs_its_rate(client, setting):
    caseworker, _employer, _job, worker = setting
    login(client, caseworker)

    response = client.post(
        f"/recruitment/workers/{worker.pk}/jobs/payments/",
        {
            "payee_type": "medical",
            "purpose": "medical",
            "amount": "300000",
            "currency": "UZS",
            "paid_on": TODAY.isoformat(),
        },
    )

    assert response.status_code == 422
    assert "rate_to_rub" in response.context["payment_form"].errors
    assert not Payment.objects.exists()
    page = client.get(f"/recruitment/workers/{worker.pk}/jobs/")
    assert page.context["cost_share"] is None  # no wage yet: "—"
