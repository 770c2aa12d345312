"""The training API: the same services, scoping and error shape as the pages."""

import pytest
from django.test import Client

from corridor.accounts.tests.factories import member
from corridor.people.models import Worker
from corridor.people.tests.factories import actor, bearer, register, snapshot
from corridor.training import certificates
from corridor.training.models import Attendance, Certificate, Cohort, Course, Enrolment
from corridor.training.tests.factories import (
    cohort,
    complete,
    course,
    days,
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
    return cohort(provider, course(provider), capacity=1)


def api(user):
    return Client(headers={**bearer(user), "accept-language": "en"})


def test_courses_are_listed_and_created(provider, caseworker):
    course(provider, title="Русский язык", type="russian_language", hours=72)

    created = api(provider).post(
        "/api/v1/training/courses",
        {
            "title": "Электрогазосварщик",
            "type": "vocational",
            "isco_code": "7212",
            "hours": 120,
            "language": "uz",
            "payer": "employer",
        },
        content_type="application/json",
    )
    listed = api(caseworker).get("/api/v1/training/courses?type=vocational")

    assert created.status_code == 201
    assert created.json()["provider"] == str(organisation_of(provider).pk)
    assert created.json()["isco_code"] == "7212"
    assert listed.json()["count"] == 1
    assert listed.json()["items"][0]["title"] == "Электрогазосварщик"


def test_a_worker_paid_course_is_422_with_the_field(provider):
    response = api(provider).post(
        "/api/v1/training/courses",
        {"title": "Course", "type": "orientation", "hours": 8, "language": "ru", "payer": "worker"},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert "payer" in response.json()["error"]["fields"]
    assert Course.objects.count() == 0


def test_a_caseworker_cannot_create_a_course(caseworker):
    response = api(caseworker).post(
        "/api/v1/training/courses",
        {"title": "Course", "type": "orientation", "hours": 8, "language": "ru"},
        content_type="application/json",
    )

    assert response.status_code == 403


def test_cohorts_are_created_with_sessions_and_listed(provider, caseworker):
    offered = course(provider)

    created = api(provider).post(
        "/api/v1/training/cohorts",
        {
            "course": str(offered.pk),
            "start_date": "2026-03-02",
            "end_date": "2026-03-06",
            "place": "Ташкент",
            "capacity": 12,
        },
        content_type="application/json",
    )
    listed = api(caseworker).get(f"/api/v1/training/cohorts?course={offered.pk}")

    assert created.status_code == 201
    assert len(created.json()["sessions"]) == 5
    assert listed.json()["items"][0]["places_taken"] == 0


def test_another_provider_cannot_add_a_cohort(provider):
    offered = course(provider)

    response = api(provider_user(name="Other")).post(
        "/api/v1/training/cohorts",
        {
            "course": str(offered.pk),
            "start_date": "2026-03-02",
            "end_date": "2026-03-06",
            "place": "Ташкент",
            "capacity": 12,
        },
        content_type="application/json",
    )

    assert response.status_code == 404
    assert Cohort.objects.count() == 0


def post_enrolment(user, group, worker):
    return api(user).post(
        "/api/v1/training/enrolments",
        {"cohort": str(group.pk), "worker": str(worker.pk)},
        content_type="application/json",
    )


def test_enrolment_gives_a_place_then_the_waiting_list(caseworker, group):
    first = post_enrolment(caseworker, group, profiled_worker(caseworker, given_name="Ali"))
    second = post_enrolment(caseworker, group, register(caseworker, given_name="Vali"))

    assert first.status_code == second.status_code == 201
    assert (first.json()["status"], first.json()["waiting_position"]) == ("enrolled", None)
    assert (second.json()["status"], second.json()["waiting_position"]) == ("waiting", 1)


def test_enrolling_twice_is_422_and_writes_nothing(caseworker, group):
    worker = register(caseworker)
    post_enrolment(caseworker, group, worker)
    before = snapshot(worker)

    response = post_enrolment(caseworker, group, worker)

    assert response.status_code == 422
    assert response.json()["error"]["fields"]["worker"] == [
        "The worker is already in this cohort (enrolled)."
    ]
    assert snapshot(worker) == before


def test_enrolling_after_the_cohort_ended_is_422(provider, caseworker):
    ended = cohort(provider, course(provider), start=days(-20), end=days(-1), sessions=[])

    response = post_enrolment(caseworker, ended, register(caseworker))

    assert response.status_code == 422
    assert "cohort" in response.json()["error"]["fields"]
    assert Enrolment.objects.count() == 0


def test_another_centres_worker_is_404(caseworker, group):
    assert post_enrolment(caseworker, group, register(member())).status_code == 404
    assert Enrolment.objects.count() == 0


def test_dropping_moves_the_first_waiting_worker_in(caseworker, group):
    placed = enrol(caseworker, group, register(caseworker, given_name="Ali"))
    waiting = enrol(caseworker, group, register(caseworker, given_name="Vali"))

    response = api(caseworker).post(
        f"/api/v1/training/enrolments/{placed.pk}/drop",
        {"reason": "Found work at home"},
        content_type="application/json",
    )

    assert response.json()["status"] == "dropped"
    waiting.refresh_from_db()
    assert waiting.status == "enrolled"


def test_attendance_results_completion_and_certificate(provider, caseworker, group):
    worker = profiled_worker(caseworker)
    enrolment = enrol(caseworker, group, worker)
    session = group.sessions.order_by("date").first()
    client = api(provider)

    marked = client.post(
        "/api/v1/training/attendance",
        {
            "session": str(session.pk),
            "marks": [{"enrolment": str(enrolment.pk), "status": "present"}],
        },
        content_type="application/json",
    )
    result = client.post(
        f"/api/v1/training/enrolments/{enrolment.pk}/result",
        {"score": 81, "passed": True},
        content_type="application/json",
    )
    completed = client.post(f"/api/v1/training/enrolments/{enrolment.pk}/completion")
    issued = client.post(f"/api/v1/training/enrolments/{enrolment.pk}/certificate")
    fetched = api(caseworker).get(f"/api/v1/training/certificates/{issued.json()['id']}")
    pdf = api(caseworker).get(f"/api/v1/training/certificates/{issued.json()['id']}/pdf")

    assert marked.json() == [
        {"enrolment": str(enrolment.pk), "session": str(session.pk), "status": "present"}
    ]
    assert (result.json()["score"], result.json()["passed"]) == (81, True)
    assert completed.json()["status"] == "completed"
    assert issued.status_code == 201
    assert fetched.json()["status"] == "valid"
    code = fetched.json()["code"]
    assert fetched.json()["verify_url"] == f"http://testserver/verify/{code}/"
    assert pdf.content.startswith(b"%PDF")
    assert Worker.objects.get(pk=worker.pk).stage == "job_ready"


def test_a_score_over_100_is_422(provider, caseworker, group):
    enrolment = enrol(caseworker, group, register(caseworker))

    response = api(provider).post(
        f"/api/v1/training/enrolments/{enrolment.pk}/result",
        {"score": 101, "passed": True},
        content_type="application/json",
    )

    assert response.status_code == 422
    enrolment.refresh_from_db()
    assert enrolment.score is None


@pytest.mark.parametrize("who", ["other provider", "other centre"])
def test_outsiders_get_404_and_nothing_changes(provider, caseworker, group, who):
    outsider = provider_user(name="Other provider") if who == "other provider" else member()
    worker = register(caseworker)
    enrolment = enrol(caseworker, group, worker)
    session = group.sessions.order_by("date").first()
    complete(provider, enrolment)
    certificate = certificates.issue_certificate(actor=actor(provider), enrolment=enrolment)
    before = snapshot(worker)
    client = api(outsider)

    answers = [
        client.get(f"/api/v1/training/enrolments/{enrolment.pk}").status_code,
        client.post(
            f"/api/v1/training/enrolments/{enrolment.pk}/drop",
            {"reason": "x"},
            content_type="application/json",
        ).status_code,
        client.post(
            f"/api/v1/training/enrolments/{enrolment.pk}/result",
            {"score": 1, "passed": False},
            content_type="application/json",
        ).status_code,
        client.post(
            "/api/v1/training/attendance",
            {
                "session": str(session.pk),
                "marks": [{"enrolment": str(enrolment.pk), "status": "absent"}],
            },
            content_type="application/json",
        ).status_code,
        client.get(f"/api/v1/training/certificates/{certificate.pk}").status_code,
        client.get(f"/api/v1/training/certificates/{certificate.pk}/pdf").status_code,
        client.post(
            f"/api/v1/training/certificates/{certificate.pk}/revocation",
            {"reason": "x"},
            content_type="application/json",
        ).status_code,
    ]

    assert answers == [404] * len(answers)
    assert snapshot(worker) == before
    assert not Attendance.objects.exists()
    assert Certificate.objects.get().revoked_at is None
