"""The list reads the pages, the API and the CLI share (recruitment.queries)."""

import datetime
from decimal import Decimal

import pytest

from corridor.accounts.tests.factories import member
from corridor.people.tests.factories import actor
from corridor.recruitment import fees, pipeline, queries
from corridor.recruitment.models import ApplicationStatus
from corridor.recruitment.tests.factories import (
    YANDEX_INN,
    employer_user,
    job_ready_worker,
    vacancy,
)

pytestmark = pytest.mark.django_db


def test_vacancy_list_filters_within_what_the_user_may_see():
    employer, other = employer_user(), employer_user(name="ООО «Другое»", inn=YANDEX_INN)
    welder = vacancy(employer)
    cook = vacancy(employer, title="Повар", isco_code="5120", region="RU-SPE")
    closed = vacancy(employer, title="Сварщик аргоном", status="closed")
    vacancy(other, title="Сварщик у других")

    def found(**filters):
        return {v.pk for v in queries.vacancy_list(employer, queries.VacancyFilters(**filters))}

    assert found() == {welder.pk, cook.pk, closed.pk}
    assert found(q="сварщик") == {welder.pk, closed.pk}
    assert found(q="512") == {cook.pk}
    assert found(isco="72") == {welder.pk, closed.pk}
    assert found(status="open") == {welder.pk, cook.pk}
    assert found(region="ru-spe") == {cook.pk}


def test_application_list_filters_by_a_worker_only_the_reader_may_see():
    caseworker, employer = member(), employer_user()
    job = vacancy(employer)
    worker = job_ready_worker(caseworker)
    application = pipeline.create_application(actor=actor(caseworker), worker=worker, vacancy=job)
    pipeline.move_application(
        actor=actor(caseworker), application=application, status="shortlisted"
    )
    by_worker = queries.ApplicationFilters(worker=worker.pk)
    outsider = employer_user(name="ООО «Другое»", inn=YANDEX_INN)

    assert [a.pk for a in queries.application_list(caseworker, by_worker)] == [application.pk]
    assert [a.pk for a in queries.application_list(outsider, by_worker)] == []
    by_vacancy = queries.application_list(caseworker, queries.ApplicationFilters(vacancy=job.pk))
    # worker_shown is a queryset annotation, which the Django stubs cannot see.
    shown = [(a.pk, a.worker_shown) for a in by_vacancy]  # type: ignore[attr-defined]
    assert shown == [(application.pk, True)]
    assert (
        list(
            queries.application_list(
                caseworker, queries.ApplicationFilters(status=ApplicationStatus.OFFERED)
            )
        )
        == []
    )


def test_worker_payments_are_the_workers_own_latest_first():
    caseworker = member()
    worker, other = job_ready_worker(caseworker), job_ready_worker(caseworker)

    def pay(who, days_ago):
        return fees.record_payment(
            actor=actor(caseworker),
            worker=who,
            payee_type="recruiter",
            purpose="recruitment_service",
            amount=Decimal(1000),
            currency="RUB",
            paid_on=datetime.date.today() - datetime.timedelta(days=days_ago),
        )

    older, newer = pay(worker, 10), pay(worker, 1)
    pay(other, 5)

    assert [p.pk for p in queries.worker_payments(worker)] == [newer.pk, older.pk]
