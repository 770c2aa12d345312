"""Attendance per session, assessment results, completion and the move to job-ready."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from corridor.accounts.tests.factories import member
from corridor.core.models import AuditAction, AuditEvent
from corridor.people.models import TimelineEvent, TimelineKind, Worker
from corridor.people.tests.factories import actor, register
from corridor.training import enrolments
from corridor.training.models import Attendance, EnrolmentStatus
from corridor.training.tests.factories import (
    cohort,
    complete,
    course,
    enrol,
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
    return cohort(provider, course(provider))


def sessions_of(group):
    return list(group.sessions.order_by("date"))


def test_attendance_is_recorded_per_session_audited_and_on_the_timeline(
    provider, caseworker, group
):
    one, two = (enrol(caseworker, group, register(caseworker, given_name=n)) for n in "AB")
    first, second, _future = sessions_of(group)

    written = enrolments.record_attendance(
        actor=actor(provider), session=first, marks={one.pk: "present", two.pk: "absent"}
    )
    enrolments.record_attendance(actor=actor(provider), session=second, marks={one.pk: "excused"})

    assert len(written) == 2
    assert dict(Attendance.objects.filter(session=first).values_list("enrolment_id", "status")) == {
        one.pk: "present",
        two.pk: "absent",
    }
    assert Attendance.objects.get(session=second).status == "excused"
    assert Attendance.objects.get(session=first, enrolment=one).organisation_id == (
        one.organisation_id
    )
    entries = list(
        TimelineEvent.objects.filter(worker=one.worker, kind=TimelineKind.TRAINING).order_by("at")
    )
    assert (entries[-2].message, entries[-2].params["date"]) == (
        "attendance",
        {"date": first.date.isoformat()},
    )
    with translation.override("ru"):
        assert entries[-2].text.endswith(f"занятие {first.date:%d.%m.%Y}: присутствовал(а)")
    assert (
        AuditEvent.objects.filter(
            object_type="training.attendance", worker_id=one.worker_id
        ).count()
        == 2
    )


def test_changing_a_mark_updates_it_and_an_unchanged_one_writes_nothing(
    provider, caseworker, group
):
    enrolment = enrol(caseworker, group, register(caseworker))
    first = sessions_of(group)[0]
    enrolments.record_attendance(
        actor=actor(provider), session=first, marks={enrolment.pk: "absent"}
    )
    audit_before = AuditEvent.objects.count()

    unchanged = enrolments.record_attendance(
        actor=actor(provider), session=first, marks={enrolment.pk: "absent"}
    )
    changed = enrolments.record_attendance(
        actor=actor(provider), session=first, marks={enrolment.pk: "excused"}
    )

    assert unchanged == []
    assert [row.status for row in changed] == ["excused"]
    assert Attendance.objects.get().status == "excused"
    assert AuditEvent.objects.count() == audit_before + 1
    event = AuditEvent.objects.first()
    assert event is not None
    assert event.action == AuditAction.UPDATE


def test_attendance_of_a_future_session_is_refused(provider, caseworker, group):
    enrolment = enrol(caseworker, group, register(caseworker))
    future = sessions_of(group)[-1]

    with pytest.raises(ValidationError) as caught:
        enrolments.record_attendance(
            actor=actor(provider), session=future, marks={enrolment.pk: "present"}
        )

    assert "session" in caught.value.message_dict
    assert Attendance.objects.count() == 0


def test_attendance_for_someone_not_holding_a_place_writes_nothing(provider, caseworker):
    group = cohort(provider, course(provider), capacity=1)
    placed = enrol(caseworker, group, register(caseworker, given_name="Ali"))
    waiting = enrol(caseworker, group, register(caseworker, given_name="Vali"))

    with pytest.raises(ValidationError):
        enrolments.record_attendance(
            actor=actor(provider),
            session=sessions_of(group)[0],
            marks={placed.pk: "present", waiting.pk: "present"},
        )

    assert Attendance.objects.count() == 0


def test_only_the_provider_records_attendance(provider, caseworker, group):
    enrolment = enrol(caseworker, group, register(caseworker))

    for outsider in (caseworker, provider_user(name="Another centre")):
        with pytest.raises(PermissionDenied):
            enrolments.record_attendance(
                actor=actor(outsider),
                session=sessions_of(group)[0],
                marks={enrolment.pk: "present"},
            )

    assert Attendance.objects.count() == 0


def test_a_result_is_recorded_with_its_score_and_pass(provider, caseworker, group):
    enrolment = enrol(caseworker, group, register(caseworker))

    enrolments.record_result(actor=actor(provider), enrolment=enrolment, score=72, is_passed=True)

    enrolment.refresh_from_db()
    assert (enrolment.score, enrolment.is_passed, enrolment.status) == (72, True, "enrolled")
    assert enrolment.assessed_at is not None
    entry = TimelineEvent.objects.get(worker=enrolment.worker, message="assessed_passed")
    with translation.override("en"):
        assert entry.text.endswith(": 72, passed")


@pytest.mark.parametrize("score", [-1, 101, 1000])
def test_a_score_outside_0_to_100_is_refused(provider, caseworker, group, score):
    enrolment = enrol(caseworker, group, register(caseworker))

    with pytest.raises(ValidationError) as caught:
        enrolments.record_result(
            actor=actor(provider), enrolment=enrolment, score=score, is_passed=True
        )

    assert caught.value.message_dict == {"score": ["Give a score from 0 to 100."]}
    enrolment.refresh_from_db()
    assert enrolment.score is None


def test_the_caseworker_cannot_record_results(provider, caseworker, group):
    enrolment = enrol(caseworker, group, register(caseworker))

    with pytest.raises(PermissionDenied):
        enrolments.record_result(
            actor=actor(caseworker), enrolment=enrolment, score=100, is_passed=True
        )


def test_completion_needs_a_result(provider, caseworker, group):
    enrolment = enrol(caseworker, group, register(caseworker))

    with pytest.raises(ValidationError) as caught:
        enrolments.complete_enrolment(actor=actor(provider), enrolment=enrolment)

    assert "result" in caught.value.message_dict
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ENROLLED


def stage_of(worker):
    return Worker.objects.get(pk=worker.pk).stage


def test_passing_the_only_required_course_makes_the_worker_job_ready(provider, caseworker, group):
    worker = profiled_worker(caseworker)
    enrolment = enrol(caseworker, group, worker)
    assert stage_of(worker) == "in_training"

    complete(provider, enrolment)

    assert stage_of(worker) == "job_ready"
    move = TimelineEvent.objects.filter(worker=worker, kind=TimelineKind.STAGE).first()
    assert move is not None
    assert (move.from_stage, move.to_stage) == ("in_training", "job_ready")
    assert move.actor == provider
    assert AuditEvent.objects.filter(
        worker_id=worker.pk,
        object_type="people.worker",
        action=AuditAction.UPDATE,
        changes__stage=["in_training", "job_ready"],
    ).exists()


def test_every_required_kind_of_course_must_be_passed(provider, caseworker):
    exam = course(provider)
    orientation = course(provider, title="Pre-departure orientation", type="orientation", hours=16)
    worker = profiled_worker(caseworker)
    complete(provider, enrol(caseworker, cohort(provider, exam), worker))
    assert stage_of(worker) == "in_training"

    complete(provider, enrol(caseworker, cohort(provider, orientation), worker))

    assert orientation.required_for_job_ready
    assert stage_of(worker) == "job_ready"


def test_failing_a_required_course_keeps_the_stage(provider, caseworker, group):
    worker = profiled_worker(caseworker)

    complete(provider, enrol(caseworker, group, worker), score=30, passed=False)

    assert stage_of(worker) == "in_training"


def test_a_course_not_required_moves_nobody_to_job_ready(provider, caseworker):
    welding = course(
        provider,
        title="Welding",
        type="vocational",
        isco_code="7212",
        hours=120,
        required_for_job_ready=False,
    )
    worker = profiled_worker(caseworker)

    complete(provider, enrol(caseworker, cohort(provider, welding), worker))

    assert stage_of(worker) == "in_training"


def test_a_registered_worker_is_not_moved_to_job_ready(provider, caseworker, group):
    worker = register(caseworker)

    complete(provider, enrol(caseworker, group, worker))

    assert stage_of(worker) == "registered"


def test_completion_is_on_the_timeline_and_audited(provider, caseworker, group):
    enrolment = enrol(caseworker, group, register(caseworker))

    complete(provider, enrolment, score=90)

    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED
    assert enrolment.completed_at is not None
    entry = TimelineEvent.objects.get(worker=enrolment.worker, message="completed_passed")
    with translation.override("en"):
        assert entry.text.startswith("Completed “")
        assert entry.text.endswith(": passed")
    assert AuditEvent.objects.filter(
        object_id=str(enrolment.pk), changes__status=["enrolled", "completed"]
    ).exists()
