"""Enrolment: places, the waiting list and who moves in when someone leaves."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from corridor.accounts.tests.factories import member
from corridor.core.models import AuditAction, AuditEvent
from corridor.people import services as people_services
from corridor.people.models import TimelineEvent, TimelineKind, Worker
from corridor.people.tests.factories import actor, register
from corridor.training import courses, enrolments
from corridor.training.models import Enrolment, EnrolmentStatus
from corridor.training.tests.factories import (
    cohort,
    complete,
    course,
    days,
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


def stage_of(worker):
    return Worker.objects.get(pk=worker.pk).stage


def statuses(group):
    return list(
        Enrolment.objects.filter(cohort=group)
        .order_by("created_at")
        .values_list("status", "waiting_number")
    )


def test_enrolling_past_capacity_goes_to_the_waiting_list_in_order(provider, caseworker):
    group = cohort(provider, course(provider), capacity=2)
    workers = [register(caseworker, given_name=name) for name in ("Ali", "Vali", "Gani", "Sobir")]

    made = [enrol(caseworker, group, worker) for worker in workers]

    assert statuses(group) == [
        ("enrolled", None),
        ("enrolled", None),
        ("waiting", 1),
        ("waiting", 2),
    ]
    assert Enrolment.objects.filter(cohort=group).holding_places().count() == 2
    assert [enrolments.waiting_position(e) for e in made] == [None, None, 1, 2]


def test_dropping_an_enrolled_worker_moves_the_first_waiting_one_in(provider, caseworker):
    group = cohort(provider, course(provider), capacity=1)
    first, second, third = (
        profiled_worker(caseworker, given_name=n) for n in ("Ali", "Vali", "Gani")
    )
    placed = enrol(caseworker, group, first)
    waiting_second = enrol(caseworker, group, second)
    waiting_third = enrol(caseworker, group, third)

    enrolments.drop_enrolment(actor=actor(caseworker), enrolment=placed, reason="Found work")

    placed.refresh_from_db()
    waiting_second.refresh_from_db()
    waiting_third.refresh_from_db()
    assert placed.status == EnrolmentStatus.DROPPED
    assert placed.drop_reason == "Found work"
    assert waiting_second.status == EnrolmentStatus.ENROLLED
    assert waiting_second.enrolled_at is not None
    assert waiting_third.status == EnrolmentStatus.WAITING
    assert enrolments.waiting_position(waiting_third) == 1
    assert stage_of(second) == "in_training"
    assert stage_of(third) == "profiled"
    moved_in = TimelineEvent.objects.filter(worker=second, kind=TimelineKind.TRAINING).first()
    assert moved_in is not None
    assert moved_in.message == "promoted"
    with translation.override("en"):
        assert moved_in.text.startswith("Moved from the waiting list into")
    assert AuditEvent.objects.filter(
        worker_id=second.pk, object_type="training.enrolment", action=AuditAction.UPDATE
    ).exists()


def test_dropping_a_waiting_worker_moves_nobody_in(provider, caseworker):
    group = cohort(provider, course(provider), capacity=1)
    enrol(caseworker, group, register(caseworker, given_name="Ali"))
    waiting = enrol(caseworker, group, register(caseworker, given_name="Vali"))
    last = enrol(caseworker, group, register(caseworker, given_name="Gani"))

    enrolments.drop_enrolment(actor=actor(caseworker), enrolment=waiting, reason="Moved away")

    last.refresh_from_db()
    assert last.status == EnrolmentStatus.WAITING
    assert enrolments.waiting_position(last) == 1


def test_raising_the_capacity_gives_the_new_places_to_the_waiting_list(provider, caseworker):
    group = cohort(provider, course(provider), capacity=1)
    enrol(caseworker, group, register(caseworker, given_name="Ali"))
    waiting = enrol(caseworker, group, register(caseworker, given_name="Vali"))

    courses.update_cohort(actor=actor(provider), cohort=group, values={"capacity": 2})

    waiting.refresh_from_db()
    assert waiting.status == EnrolmentStatus.ENROLLED


def test_the_capacity_cannot_drop_below_the_places_taken(provider, caseworker):
    group = cohort(provider, course(provider), capacity=2)
    enrol(caseworker, group, register(caseworker, given_name="Ali"))
    enrol(caseworker, group, register(caseworker, given_name="Vali"))

    with pytest.raises(ValidationError) as caught:
        courses.update_cohort(actor=actor(provider), cohort=group, values={"capacity": 1})

    assert "capacity" in caught.value.message_dict
    group.refresh_from_db()
    assert group.capacity == 2


def test_enrolling_moves_a_profiled_worker_into_training_and_is_on_the_timeline(
    provider, caseworker
):
    group = cohort(provider, course(provider))
    worker = profiled_worker(caseworker)

    enrolment = enrol(caseworker, group, worker)

    assert enrolment.status == EnrolmentStatus.ENROLLED
    assert enrolment.organisation_id == worker.organisation_id
    assert stage_of(worker) == "in_training"
    kinds = list(TimelineEvent.objects.filter(worker=worker).values_list("kind", flat=True))
    assert TimelineKind.TRAINING in kinds
    assert (
        AuditEvent.objects.filter(
            worker_id=worker.pk, object_type="training.enrolment", action=AuditAction.CREATE
        ).count()
        == 1
    )


def test_a_waiting_worker_keeps_their_stage(provider, caseworker):
    group = cohort(provider, course(provider), capacity=1)
    enrol(caseworker, group, register(caseworker, given_name="Ali"))
    waiting = profiled_worker(caseworker, given_name="Vali")

    enrol(caseworker, group, waiting)

    assert stage_of(waiting) == "profiled"


def test_a_registered_worker_is_enrolled_without_a_stage_move(provider, caseworker):
    worker = register(caseworker)

    enrol(caseworker, cohort(provider, course(provider)), worker)

    assert stage_of(worker) == "registered"


def assert_refused(caseworker, group, worker, field, message_start):
    before = (Enrolment.objects.count(), TimelineEvent.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as caught:
        enrol(caseworker, group, worker)
    assert caught.value.message_dict[field][0].startswith(message_start)
    after = (Enrolment.objects.count(), TimelineEvent.objects.count(), AuditEvent.objects.count())
    assert after == before


def test_the_same_worker_cannot_be_enrolled_twice(provider, caseworker):
    group = cohort(provider, course(provider))
    worker = register(caseworker)
    enrol(caseworker, group, worker)

    assert_refused(caseworker, group, worker, "worker", "The worker is already in this cohort")


def test_a_worker_who_dropped_out_may_enrol_again(provider, caseworker):
    group = cohort(provider, course(provider))
    worker = register(caseworker)
    first = enrol(caseworker, group, worker)
    enrolments.drop_enrolment(actor=actor(caseworker), enrolment=first, reason="Ill")

    again = enrol(caseworker, group, worker)

    assert again.status == EnrolmentStatus.ENROLLED
    assert again.pk != first.pk


def test_a_withdrawn_worker_cannot_be_enrolled(provider, caseworker):
    worker = register(caseworker)
    people_services.move_stage(
        actor=actor(caseworker), worker=worker, stage="withdrawn", reason="Changed their mind"
    )

    assert_refused(
        caseworker,
        cohort(provider, course(provider)),
        Worker.objects.get(pk=worker.pk),
        "worker",
        "The worker has withdrawn",
    )


def test_a_merged_record_cannot_be_enrolled(provider, caseworker):
    kept, merged = register(caseworker), register(caseworker, given_name="Shahzod")
    Worker.objects.filter(pk=merged.pk).update(merged_into=kept)

    assert_refused(
        caseworker,
        cohort(provider, course(provider)),
        Worker.objects.get(pk=merged.pk),
        "worker",
        "This record was merged into another",
    )


def test_nobody_is_enrolled_after_the_cohort_ended(provider, caseworker):
    group = cohort(provider, course(provider), start=days(-30), end=days(-1), sessions=[days(-20)])

    assert_refused(caseworker, group, register(caseworker), "cohort", "The cohort ended on")


def test_nobody_is_enrolled_in_a_course_no_longer_offered(provider, caseworker):
    offered = course(provider)
    group = cohort(provider, offered)
    courses.update_course(actor=actor(provider), course=offered, values={"is_active": False})

    assert_refused(caseworker, group, register(caseworker), "cohort", "The course is no longer")


def test_a_caseworker_enrols_only_their_own_organisations_workers(provider, caseworker):
    group = cohort(provider, course(provider))
    worker = register(caseworker)

    with pytest.raises(PermissionDenied):
        enrol(member(), group, worker)
    with pytest.raises(PermissionDenied):
        enrol(provider, group, worker)

    assert Enrolment.objects.count() == 0


def test_a_completed_enrolment_cannot_be_dropped(provider, caseworker):
    enrolment = enrol(caseworker, cohort(provider, course(provider)), register(caseworker))
    complete(provider, enrolment)

    with pytest.raises(ValidationError):
        enrolments.drop_enrolment(actor=actor(provider), enrolment=enrolment, reason="Oops")

    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED


def test_another_centre_may_not_drop_an_enrolment(provider, caseworker):
    enrolment = enrol(caseworker, cohort(provider, course(provider)), register(caseworker))

    with pytest.raises(PermissionDenied):
        enrolments.drop_enrolment(actor=actor(member()), enrolment=enrolment, reason="No")

    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ENROLLED
