"""A referral moves only along the allowed steps, each by the side that may take it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from corridor.core.models import AuditAction, AuditEvent
from corridor.people.models import TimelineEvent, TimelineKind
from corridor.people.tests.factories import actor
from corridor.support.models import Referral, ReferralStatus, ReferralStep, next_statuses
from corridor.support.referrals import move_referral, record_feedback, record_outcome
from corridor.support.tests.factories import refer

pytestmark = pytest.mark.django_db
S = ReferralStatus


@pytest.fixture
def referral(caseworker, worker, legal_aid):
    return refer(caseworker, worker, legal_aid)


def move(user, referral, status, **details):
    return move_referral(actor=actor(user), referral=referral, status=status, **details)


def test_the_allowed_steps():
    assert next_statuses(S.SENT) == (S.ACCEPTED, S.DECLINED, S.CANCELLED)
    assert next_statuses(S.ACCEPTED) == (S.IN_PROGRESS, S.COMPLETED, S.CANCELLED)
    assert next_statuses(S.IN_PROGRESS) == (S.COMPLETED, S.CANCELLED)
    assert next_statuses(S.COMPLETED) == ()
    assert next_statuses(S.DECLINED) == ()
    assert next_statuses(S.CANCELLED) == ()


def test_the_partner_takes_it_through_to_completion(partner, referral, worker):
    move(partner, referral, S.ACCEPTED)
    move(partner, referral, S.IN_PROGRESS)
    done = move(partner, referral, S.COMPLETED, outcome="Жалоба подана в трудовую инспекцию")

    assert done.status == S.COMPLETED
    assert done.outcome == "Жалоба подана в трудовую инспекцию"
    assert done.completed_at is not None
    steps = list(ReferralStep.objects.filter(referral=referral).values_list("to_status", flat=True))
    assert steps == [S.SENT, S.ACCEPTED, S.IN_PROGRESS, S.COMPLETED]
    assert TimelineEvent.objects.filter(worker=worker, kind=TimelineKind.REFERRAL).count() == 4
    audited = AuditEvent.objects.filter(object_id=str(referral.pk)).values_list("action", flat=True)
    assert sorted(audited) == sorted(
        [AuditAction.CREATE, AuditAction.UPDATE, AuditAction.UPDATE, AuditAction.UPDATE]
    )


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ([], S.IN_PROGRESS),
        ([], S.COMPLETED),
        ([S.ACCEPTED], S.DECLINED),
        ([S.ACCEPTED], S.SENT),
        ([S.DECLINED], S.ACCEPTED),
    ],
)
def test_a_step_out_of_order_is_refused(partner, referral, path, target):
    for status in path:
        move(partner, referral, status, note="Нет свободных юристов")

    with pytest.raises(ValidationError) as refused:
        move(partner, referral, target, outcome="x")

    assert "status" in refused.value.message_dict
    assert Referral.objects.get(pk=referral.pk).status == (path[-1] if path else S.SENT)


def test_completion_needs_an_outcome(partner, referral):
    move(partner, referral, S.ACCEPTED)

    with pytest.raises(ValidationError) as refused:
        move(partner, referral, S.COMPLETED)

    assert "outcome" in refused.value.message_dict
    assert Referral.objects.get(pk=referral.pk).status == S.ACCEPTED


def test_declining_needs_a_reason_which_is_kept(partner, referral):
    with pytest.raises(ValidationError):
        move(partner, referral, S.DECLINED)

    declined = move(partner, referral, S.DECLINED, note="Вне нашей территории")

    assert declined.decline_reason == "Вне нашей территории"


def test_the_sender_may_not_answer_for_the_partner(caseworker, referral):
    with pytest.raises(PermissionDenied):
        move(caseworker, referral, S.ACCEPTED)

    assert Referral.objects.get(pk=referral.pk).status == S.SENT


def test_the_partner_may_not_cancel(partner, referral):
    with pytest.raises(PermissionDenied):
        move(partner, referral, S.CANCELLED, note="x")


def test_another_partner_may_not_answer(other_partner, referral):
    with pytest.raises(PermissionDenied):
        move(other_partner, referral, S.ACCEPTED)


def test_the_sender_cancels_saying_why(caseworker, referral):
    with pytest.raises(ValidationError):
        move(caseworker, referral, S.CANCELLED)

    cancelled = move(caseworker, referral, S.CANCELLED, note="Работник уехал домой")

    assert cancelled.cancel_reason == "Работник уехал домой"
    with pytest.raises(ValidationError):
        move(caseworker, cancelled, S.CANCELLED, note="again")


def test_the_outcome_completes_or_is_corrected(partner, referral):
    move(partner, referral, S.ACCEPTED)

    record_outcome(actor=actor(partner), referral=referral, outcome="Консультация проведена")
    corrected = record_outcome(
        actor=actor(partner), referral=referral, outcome="Консультация проведена, иск подан"
    )

    assert corrected.status == S.COMPLETED
    assert corrected.outcome == "Консультация проведена, иск подан"
    last = AuditEvent.objects.filter(object_id=str(referral.pk)).order_by("-id").first()
    assert last is not None
    assert last.changes == {
        "outcome": ["Консультация проведена", "Консультация проведена, иск подан"]
    }


def test_feedback_is_recorded_once_completed(caseworker, partner, referral, worker):
    with pytest.raises(ValidationError):
        record_feedback(actor=actor(caseworker), referral=referral, rating=5)
    move(partner, referral, S.ACCEPTED)
    move(partner, referral, S.COMPLETED, outcome="Помогли")

    rated = record_feedback(
        actor=actor(caseworker), referral=referral, rating=4, comment="Быстро ответили"
    )

    assert (rated.feedback_rating, rated.feedback_comment) == (4, "Быстро ответили")
    entry = TimelineEvent.objects.get(worker=worker, message="referral_feedback")
    assert entry.params["rating"] == 4
    with translation.override("ru"):
        assert entry.text.endswith(": оценка 4/5")


@pytest.mark.parametrize("rating", [0, 6])
def test_a_rating_outside_1_to_5_is_refused(caseworker, partner, referral, rating):
    move(partner, referral, S.ACCEPTED)
    move(partner, referral, S.COMPLETED, outcome="Помогли")

    with pytest.raises(ValidationError):
        record_feedback(actor=actor(caseworker), referral=referral, rating=rating)

    assert Referral.objects.get(pk=referral.pk).feedback_rating is None


def test_the_partner_may_not_record_the_workers_feedback(partner, referral):
    move(partner, referral, S.ACCEPTED)
    move(partner, referral, S.COMPLETED, outcome="Помогли")

    with pytest.raises(PermissionDenied):
        record_feedback(actor=actor(partner), referral=referral, rating=5)


def test_the_worker_records_their_own_feedback(caseworker, partner, referral, worker):
    from corridor.accounts.roles import Role
    from corridor.accounts.tests.factories import member

    own_login = member(Role.WORKER, worker.organisation)
    worker.user = own_login
    worker.save(update_fields=["user"])
    move(partner, referral, S.ACCEPTED)
    move(partner, referral, S.COMPLETED, outcome="Помогли")

    rated = record_feedback(actor=actor(own_login), referral=referral, rating=3, comment="Долго")

    assert (rated.feedback_rating, rated.feedback_comment) == (3, "Долго")
