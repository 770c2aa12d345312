"""The training pages through the test client, as the provider, a caseworker and outsiders."""

import pytest
from django.test import Client

from corridor.accounts.models import OrganisationType
from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import OrganisationFactory, member
from corridor.core.models import AuditAction, AuditEvent
from corridor.people.models import Worker
from corridor.people.tests.factories import actor, register, snapshot
from corridor.training import certificates
from corridor.training.models import (
    Attendance,
    Certificate,
    Cohort,
    Course,
    Enrolment,
    EnrolmentStatus,
)
from corridor.training.tests.factories import (
    certified,
    cohort,
    complete,
    course,
    enrol,
    organisation_of,
    profiled_worker,
    provider_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider():
    return provider_user()


@pytest.fixture
def caseworker():
    return member()


@pytest.fixture
def group(provider):
    return cohort(provider, course(provider), capacity=2)


def login(user):
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


def outsiders():
    """Another training provider and another employment centre."""
    return [provider_user(name="Samarkand Training Centre"), member()]


# Courses ----------------------------------------------------------------------------------


def test_the_course_list_shows_every_course_to_training_users(provider, caseworker):
    course(provider)
    course(provider, title="Welding", type="vocational", isco_code="7212", hours=120)

    for user in (provider, caseworker):
        response = login(user).get("/training/")
        assert response.status_code == 200
        assert b"Welding" in response.content
    assert b"New course" in login(provider).get("/training/").content
    assert b"New course" not in login(caseworker).get("/training/").content


def test_the_course_list_keeps_its_query_count(provider, caseworker, django_assert_num_queries):
    for number in range(3):
        course(provider, title=f"Course {number}")
    client = login(caseworker)
    client.get("/training/")  # warm the session

    with django_assert_num_queries(6):
        client.get("/training/")


def test_who_may_not_manage_training_gets_403():
    employer = member(Role.EMPLOYER, OrganisationFactory.create(type=OrganisationType.EMPLOYER))

    assert login(employer).get("/training/").status_code == 403


def course_form(provider, **overrides):
    return {
        "provider": str(organisation_of(provider).pk),
        "title": "Электрогазосварщик",
        "type": "vocational",
        "isco": "7212 Welders and flame cutters",
        "hours": "120",
        "language": "uz",
        "payer": "employer",
        "description": "",
        "is_active": "on",
        **overrides,
    }


def test_a_provider_adds_a_course_through_the_form(provider):
    response = login(provider).post("/training/courses/new/", course_form(provider))

    created = Course.objects.get()
    assert response.status_code == 302
    assert response.url == created.get_absolute_url()
    assert (created.isco_id, created.language_id, created.payer) == ("7212", "uz", "employer")


def test_a_worker_paid_course_is_refused_with_422_and_the_reason(provider):
    response = login(provider).post("/training/courses/new/", course_form(provider, payer="worker"))

    assert response.status_code == 422
    assert b"The worker may pay only where the programme office allows it" in response.content
    assert Course.objects.count() == 0


def test_another_provider_cannot_edit_a_course(provider):
    offered = course(provider)

    for outsider in outsiders():
        client = login(outsider)
        assert client.get(f"/training/courses/{offered.pk}/edit/").status_code == 404
        response = client.post(
            f"/training/courses/{offered.pk}/edit/", course_form(provider, title="Hijacked")
        )
        assert response.status_code == 404
    offered.refresh_from_db()
    assert offered.title != "Hijacked"


def test_a_provider_adds_a_cohort_with_every_weekday_as_sessions(provider):
    offered = course(provider)
    data = {
        "start_date": "2026-03-02",
        "end_date": "2026-03-13",
        "place": "Ташкент",
        "capacity": "12",
        "trainer_name": "Наталья Ким",
        "sessions": "",
    }

    response = login(provider).post(f"/training/courses/{offered.pk}/cohorts/new/", data)

    created = Cohort.objects.get()
    assert response.status_code == 302
    assert created.sessions.count() == 10


def test_bad_session_dates_answer_422(provider):
    offered = course(provider)
    data = {
        "start_date": "2026-03-02",
        "end_date": "2026-03-13",
        "place": "Ташкент",
        "capacity": "12",
        "sessions": "2026-03-03\nnext tuesday",
    }

    response = login(provider).post(f"/training/courses/{offered.pk}/cohorts/new/", data)

    assert response.status_code == 422
    assert b"These are not dates: next, tuesday" in response.content
    assert Cohort.objects.count() == 0


# The cohort page --------------------------------------------------------------------------


def test_the_provider_sees_only_the_fields_training_needs_and_each_view_is_audited(
    provider, caseworker, group
):
    worker = profiled_worker(caseworker, given_name="Бахтиёр")
    enrol(caseworker, group, worker)

    response = login(provider).get(f"/training/cohorts/{group.pk}/")

    body = response.content.decode()
    assert response.status_code == 200
    assert worker.full_name in body
    assert worker.reference in body
    assert "+998901234567" in body
    assert "Russian A2" in body
    assert f"{worker.birth_date:%d.%m.%Y}" not in body
    assert f"/workers/{worker.pk}/" not in body  # no link to a record the provider cannot open
    assert (
        AuditEvent.objects.filter(
            worker_id=worker.pk, action=AuditAction.VIEW, changes__part="training roster"
        ).count()
        == 1
    )


def test_a_caseworker_sees_only_their_own_workers_in_a_cohort(provider, caseworker, group):
    own = enrol(caseworker, group, register(caseworker, given_name="Ali")).worker
    other_centre = member()
    theirs = enrol(other_centre, group, register(other_centre, given_name="Zafar")).worker

    response = login(caseworker).get(f"/training/cohorts/{group.pk}/")

    body = response.content.decode()
    assert own.reference in body
    assert theirs.reference not in body
    assert "Zafar" not in body
    assert f"/training/workers/{own.pk}/" in body
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW).exists()


def test_a_full_cohort_shows_its_waiting_list(provider, caseworker, group):
    for name in ("Ali", "Vali", "Gani"):
        enrol(caseworker, group, register(caseworker, given_name=name))

    body = login(provider).get(f"/training/cohorts/{group.pk}/").content.decode()

    assert "Waiting list" in body
    assert "2 / 2" in body
    assert "1 on the waiting list" in body


@pytest.mark.parametrize("enrolled", [2, 4])
def test_the_cohort_page_keeps_its_query_count(
    caseworker, group, enrolled, django_assert_num_queries
):
    for number in range(enrolled):
        enrol(caseworker, group, register(caseworker, given_name=f"Ali{number}"))
    client = login(caseworker)
    client.get(f"/training/cohorts/{group.pk}/")

    with django_assert_num_queries(13):
        client.get(f"/training/cohorts/{group.pk}/")


def test_another_provider_sees_the_cohort_but_no_worker(provider, caseworker, group):
    worker = enrol(caseworker, group, register(caseworker)).worker

    body = login(provider_user(name="Other")).get(f"/training/cohorts/{group.pk}/").content
    assert worker.reference.encode() not in body
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW).exists()


# Enrolment --------------------------------------------------------------------------------


def test_a_caseworker_enrols_a_worker_by_reference(caseworker, group):
    worker = profiled_worker(caseworker)

    response = login(caseworker).post(
        f"/training/cohorts/{group.pk}/enrol/", {"worker": f" {worker.reference.lower()} "}
    )

    assert response.status_code == 302
    assert Enrolment.objects.get().worker == worker
    assert Worker.objects.get(pk=worker.pk).stage == "in_training"


def test_a_full_cohort_puts_the_worker_on_the_waiting_list_with_a_message(caseworker, group):
    for name in ("Ali", "Vali"):
        enrol(caseworker, group, register(caseworker, given_name=name))
    worker = register(caseworker, given_name="Gani")

    response = login(caseworker).post(
        f"/training/cohorts/{group.pk}/enrol/", {"worker": worker.reference}, follow=True
    )

    assert b"number 1 on the waiting list" in response.content
    assert Enrolment.objects.get(worker=worker).status == EnrolmentStatus.WAITING


def test_enrolling_twice_answers_422_with_the_reason(caseworker, group):
    worker = register(caseworker)
    enrol(caseworker, group, worker)

    response = login(caseworker).post(
        f"/training/cohorts/{group.pk}/enrol/", {"worker": worker.reference}
    )

    assert response.status_code == 422
    assert b"The worker is already in this cohort" in response.content
    assert Enrolment.objects.count() == 1


def test_another_centres_worker_cannot_be_chosen(caseworker, group):
    stranger = register(member())

    response = login(caseworker).post(
        f"/training/cohorts/{group.pk}/enrol/", {"worker": stranger.reference}
    )

    assert response.status_code == 422
    assert b"No worker of your organisation has this reference number." in response.content
    assert Enrolment.objects.count() == 0


def test_a_provider_cannot_use_the_enrol_form(provider, group):
    assert login(provider).get(f"/training/cohorts/{group.pk}/enrol/").status_code == 403


def test_the_workers_centre_drops_an_enrolment(caseworker, group):
    enrolment = enrol(caseworker, group, register(caseworker))

    login(caseworker).post(f"/training/enrolments/{enrolment.pk}/drop/", {"reason": "Ill"})

    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.DROPPED


# Attendance, results, completion, certificates --------------------------------------------


def test_the_attendance_grid_records_a_session(provider, caseworker, group):
    enrolment = enrol(caseworker, group, register(caseworker))
    first, second, _ = group.sessions.order_by("date")

    response = login(provider).post(
        f"/training/cohorts/{group.pk}/attendance/",
        {f"mark_{first.pk}_{enrolment.pk}": "present", f"mark_{second.pk}_{enrolment.pk}": ""},
    )

    assert response.status_code == 302
    assert list(Attendance.objects.values_list("session", "status")) == [(first.pk, "present")]


def test_results_and_completion_through_the_page(provider, caseworker, group):
    worker = profiled_worker(caseworker)
    enrolment = enrol(caseworker, group, worker)
    client = login(provider)

    client.post(
        f"/training/enrolments/{enrolment.pk}/result/", {"score": "77", "outcome": "passed"}
    )
    client.post(f"/training/enrolments/{enrolment.pk}/complete/")
    client.post(f"/training/cohorts/{group.pk}/certificates/")

    enrolment.refresh_from_db()
    assert (enrolment.score, enrolment.is_passed, enrolment.status) == (77, True, "completed")
    assert Certificate.objects.get().enrolment == enrolment
    assert Worker.objects.get(pk=worker.pk).stage == "job_ready"


def test_the_caseworker_cannot_record_results_through_the_page(caseworker, group):
    enrolment = enrol(caseworker, group, register(caseworker))

    response = login(caseworker).post(
        f"/training/enrolments/{enrolment.pk}/result/", {"score": "100", "outcome": "passed"}
    )

    assert response.status_code == 403
    enrolment.refresh_from_db()
    assert enrolment.score is None


def test_outsiders_get_404_on_every_action_and_nothing_changes(provider, caseworker, group):
    worker = register(caseworker)
    enrolment = enrol(caseworker, group, worker)
    complete(provider, enrolment)
    certificate = certificates.issue_certificate(actor=actor(provider), enrolment=enrolment)
    session = group.sessions.order_by("date").first()
    before = snapshot(worker)

    for outsider in outsiders():
        client = login(outsider)
        answers = [
            client.get(f"/training/workers/{worker.pk}/").status_code,
            client.get(f"/training/certificates/{certificate.pk}/pdf/").status_code,
            client.post(
                f"/training/certificates/{certificate.pk}/revoke/", {"reason": "x"}
            ).status_code,
            client.post(f"/training/enrolments/{enrolment.pk}/drop/", {"reason": "x"}).status_code,
            client.post(
                f"/training/enrolments/{enrolment.pk}/result/", {"score": "1", "outcome": "failed"}
            ).status_code,
            client.post(f"/training/enrolments/{enrolment.pk}/complete/").status_code,
            client.post(
                f"/training/cohorts/{group.pk}/attendance/",
                {f"mark_{session.pk}_{enrolment.pk}": "absent"},
            ).status_code,
            client.post(f"/training/cohorts/{group.pk}/certificates/").status_code,
            client.get(f"/training/cohorts/{group.pk}/edit/").status_code,
        ]
        assert answers == [404] * len(answers), outsider

    assert snapshot(worker) == before
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    assert not Attendance.objects.exists()


def test_the_provider_revokes_a_certificate_through_the_page(provider, caseworker):
    certificate = certified(provider, caseworker)

    login(provider).post(f"/training/certificates/{certificate.pk}/revoke/", {"reason": "Fraud"})

    certificate.refresh_from_db()
    assert certificate.revoked_reason == "Fraud"


# A worker's training ----------------------------------------------------------------------


def test_the_workers_training_page_lists_enrolments_and_certificates(provider, caseworker):
    certificate = certified(provider, caseworker)
    worker = certificate.worker

    response = login(caseworker).get(f"/training/workers/{worker.pk}/")

    body = response.content.decode()
    assert response.status_code == 200
    assert certificate.code in body
    assert certificate.enrolment.cohort.course.title in body
    assert f"/training/certificates/{certificate.pk}/pdf/" in body
    assert AuditEvent.objects.filter(
        worker_id=worker.pk, action=AuditAction.VIEW, changes__part="training"
    ).exists()


def test_the_provider_does_not_open_the_workers_training_page(provider, caseworker):
    worker = certified(provider, caseworker).worker

    assert login(provider).get(f"/training/workers/{worker.pk}/").status_code == 404
