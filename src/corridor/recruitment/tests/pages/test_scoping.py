"""Who sees what on the recruitment pages: another organisation, a donor, a worker's jobs."""

import pytest

from corridor.accounts.models import EmployerStatus
from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import member
from corridor.core.models import AuditAction, AuditEvent
from corridor.people.tests.factories import actor
from corridor.recruitment import pipeline
from corridor.recruitment.models import (
    Application,
    Contract,
    Payment,
    Vacancy,
)
from corridor.recruitment.tests.factories import (
    YANDEX_INN,
    employer_user,
    organisation_of,
)
from corridor.recruitment.tests.pages.steps import (
    accepted_application,
    login,
    put_forward,
    vacancy_form,
)

pytestmark = pytest.mark.django_db


def test_an_employer_of_another_organisation_gets_404_and_changes_nothing(client, setting):
    caseworker, employer, job, worker = setting
    application = put_forward(caseworker, job, worker)
    pipeline.move_application(
        actor=actor(caseworker), application=application, status="shortlisted"
    )
    other = employer_user(name="ООО «Другое»", inn=YANDEX_INN)
    login(client, other)
    before = (
        Vacancy.objects.values("title", "wage_min", "status", "updated_at").get(pk=job.pk),
        Application.objects.values("status", "status_changed_at").get(pk=application.pk),
        AuditEvent.objects.count(),
    )

    assert client.get(f"/recruitment/vacancies/{job.pk}/").status_code == 404
    assert client.get(f"/recruitment/vacancies/{job.pk}/edit/").status_code == 404
    assert (
        client.post(
            f"/recruitment/vacancies/{job.pk}/edit/",
            vacancy_form(organisation_of(employer), title="Захвачено"),
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"/recruitment/vacancies/{job.pk}/put-forward/", {"worker": worker.pk}
        ).status_code
        == 404
    )
    assert client.get(f"/recruitment/applications/{application.pk}/").status_code == 404
    assert (
        client.post(
            f"/recruitment/applications/{application.pk}/move/",
            {"status": "rejected", "reason": "x"},
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"/recruitment/applications/{application.pk}/offer/",
            {"wage_rub": "95000", "hours_per_week": "40", "housing": "free"},
        ).status_code
        == 404
    )
    assert (
        client.get(f"/recruitment/organisations/{organisation_of(employer).pk}/record/").status_code
        == 404
    )
    assert client.get(f"/recruitment/workers/{worker.pk}/jobs/").status_code == 404

    after = (
        Vacancy.objects.values("title", "wage_min", "status", "updated_at").get(pk=job.pk),
        Application.objects.values("status", "status_changed_at").get(pk=application.pk),
        AuditEvent.objects.count(),
    )
    assert after == before


def test_a_donor_gets_403_or_404_on_every_page(client, setting):
    caseworker, employer, job, worker = setting
    application = accepted_application(caseworker, employer, job, worker)
    employer_org = organisation_of(employer)
    donor = member(role=Role.DONOR)
    login(client, donor)
    audit_before = AuditEvent.objects.count()

    gets = [
        "/recruitment/vacancies/",
        "/recruitment/vacancies/new/",
        f"/recruitment/vacancies/{job.pk}/",
        f"/recruitment/vacancies/{job.pk}/edit/",
        f"/recruitment/applications/{application.pk}/",
        f"/recruitment/applications/{application.pk}/contract.pdf",
        f"/recruitment/workers/{worker.pk}/jobs/",
        f"/recruitment/organisations/{employer_org.pk}/record/",
    ]
    posts = {
        "/recruitment/vacancies/new/": vacancy_form(employer_org),
        f"/recruitment/vacancies/{job.pk}/put-forward/": {"worker": worker.pk},
        f"/recruitment/applications/{application.pk}/move/": {
            "status": "withdrawn",
            "reason": "x",
        },
        f"/recruitment/applications/{application.pk}/contract/": {},
        f"/recruitment/workers/{worker.pk}/jobs/profile/": {"accepts_rotation": "on"},
        f"/recruitment/workers/{worker.pk}/jobs/payments/": {},
        f"/recruitment/organisations/{employer_org.pk}/record/status/": {
            "status": "blocked",
            "reason": "x",
        },
    }
    for url in gets:
        assert client.get(url).status_code in (403, 404), url
    for url, data in posts.items():
        assert client.post(url, data).status_code in (403, 404), url

    application.refresh_from_db()
    employer_org.refresh_from_db()
    assert application.status == "accepted"
    assert employer_org.employer_status == EmployerStatus.ACTIVE
    assert (Vacancy.objects.count(), Contract.objects.count(), Payment.objects.count()) == (1, 0, 0)
    assert AuditEvent.objects.count() == audit_before


def test_who_may_not_see_the_worker_gets_404_on_their_jobs_page(client, setting):
    _caseworker, employer, _job, worker = setting
    outsider = member(name="Another employment centre")

    for user in (outsider, employer):
        login(client, user)
        assert client.get(f"/recruitment/workers/{worker.pk}/jobs/").status_code == 404
        assert (
            client.post(
                f"/recruitment/workers/{worker.pk}/jobs/payments/",
                {"payee_type": "recruiter", "purpose": "medical", "amount": "10"},
            ).status_code
            == 404
        )
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW, worker_id=worker.pk).exists()
    assert not Payment.objects.exists()
