"""Enrolment with a waiting list, attendance, assessment and completion.

Caseworkers enrol their own organisation's workers; the provider's staff record attendance
and results and complete enrolments. Every change is written three times in one transaction:
the enrolment itself, the worker's timeline (kind "training") and the audit log. A cohort's
row is locked while its places are counted, so two enrolments at once cannot overfill it.
"""

import datetime
import uuid
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.accounts.models import User
from corridor.accounts.roles import Permission
from corridor.core import audit
from corridor.core.audit import Actor
from corridor.core.models import AuditAction
from corridor.people import timeline
from corridor.people.models import TimelineKind, Worker
from corridor.people.services import add_timeline_event
from corridor.people.stages import Stage
from corridor.people.timeline import TimelineMessage
from corridor.training.models import (
    Attendance,
    AttendanceStatus,
    Cohort,
    CohortSession,
    Course,
    Enrolment,
    EnrolmentStatus,
)
from corridor.training.worker_record import move_forward


def require_provider(actor: Actor, cohort: Cohort) -> None:
    """Only the provider running the cohort records attendance and results."""
    if not actor.user.has_perm_in(Permission.MANAGE_TRAINING, cohort.course.provider_id):
        raise PermissionDenied(_("Only the provider running this cohort may do this."))


def _training_event(
    worker: Worker, actor: Actor, message: str, params: dict[str, Any], reason: str = ""
) -> None:
    add_timeline_event(
        worker, actor, TimelineKind.TRAINING, message=message, params=params, reason=reason[:500]
    )


def _locked_cohort(cohort: Cohort) -> Cohort:
    return Cohort.objects.select_for_update().select_related("course").get(pk=cohort.pk)


def _locked_enrolment(enrolment: Enrolment) -> Enrolment:
    # The cohort first, always, so two changes to one cohort queue in the same order.
    cohort = _locked_cohort(enrolment.cohort)
    locked = Enrolment.objects.select_for_update().select_related("worker").get(pk=enrolment.pk)
    locked.cohort = cohort
    return locked


def _course(cohort: Cohort) -> dict[str, Any]:
    """The cohort's course and dates as a timeline parameter."""
    return {"course": timeline.cohort(cohort.course.title, cohort.start_date, cohort.end_date)}


def _check_can_enrol(worker: Worker, cohort: Cohort, today: datetime.date) -> None:
    if worker.merged_into_id:
        raise ValidationError(
            {
                "worker": [
                    _("This record was merged into another: enrol the record it was merged into.")
                ]
            }
        )
    if worker.stage == Stage.WITHDRAWN:
        raise ValidationError({"worker": [_("The worker has withdrawn from the programme.")]})
    if cohort.has_ended(today):
        raise ValidationError(
            {
                "cohort": [
                    _("The cohort ended on %(date)s: choose another one.")
                    % {"date": f"{cohort.end_date:%d.%m.%Y}"}
                ]
            }
        )
    if not cohort.course.is_active:
        raise ValidationError({"cohort": [_("The course is no longer offered.")]})
    current = (
        Enrolment.objects.filter(cohort=cohort, worker=worker)
        .exclude(status=EnrolmentStatus.DROPPED)
        .first()
    )
    if current is not None:
        raise ValidationError(
            {
                "worker": [
                    _("The worker is already in this cohort (%(status)s).")
                    % {"status": EnrolmentStatus(current.status).label}
                ]
            }
        )


@transaction.atomic
def enrol_worker(
    *, actor: Actor, cohort: Cohort, worker: Worker, today: datetime.date | None = None
) -> Enrolment:
    """Enrol a worker in a cohort: a place if one is free, else the end of the waiting list."""
    if not actor.user.has_perm_in(Permission.MANAGE_TRAINING, worker.organisation_id):
        raise PermissionDenied(_("You may enrol only your own organisation's workers."))
    today = today or timezone.localdate()
    cohort = _locked_cohort(cohort)
    worker = Worker.objects.get(pk=worker.pk)
    _check_can_enrol(worker, cohort, today)
    enrolment = Enrolment(
        organisation_id=worker.organisation_id,
        cohort=cohort,
        worker=worker,
        created_by=actor.user if actor.user.is_authenticated else None,
    )
    taken = Enrolment.objects.filter(cohort=cohort).holding_places().count()
    if taken < cohort.capacity:
        enrolment.status = EnrolmentStatus.ENROLLED
        enrolment.enrolled_at = timezone.now()
        message = TimelineMessage.TRAINING_ENROLLED
    else:
        last = Enrolment.objects.filter(cohort=cohort).aggregate(last=Max("waiting_number"))
        enrolment.status = EnrolmentStatus.WAITING
        enrolment.waiting_number = (last["last"] or 0) + 1
        message = TimelineMessage.TRAINING_WAITING
    enrolment.save()
    _training_event(worker, actor, message, _course(cohort))
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=enrolment,
        worker_id=worker.pk,
        changes={"cohort": [None, str(cohort.pk)], "status": [None, enrolment.status]},
    )
    if enrolment.status == EnrolmentStatus.ENROLLED:
        move_forward(
            actor=actor,
            worker=worker,
            stage=Stage.IN_TRAINING,
            message=message,
            params=_course(cohort),
        )
    return enrolment


def waiting_position(enrolment: Enrolment) -> int | None:
    """1 for the first on the waiting list; None for an enrolment not waiting."""
    if enrolment.status != EnrolmentStatus.WAITING or enrolment.waiting_number is None:
        return None
    ahead = Enrolment.objects.filter(
        cohort_id=enrolment.cohort_id,
        status=EnrolmentStatus.WAITING,
        waiting_number__lt=enrolment.waiting_number,
    ).count()
    return ahead + 1


def fill_places(
    *, actor: Actor, cohort: Cohort, today: datetime.date | None = None
) -> list[Enrolment]:
    """Give free places to the waiting list, first come first in, while the cohort runs.
    Call it inside the transaction that freed the places, with the cohort locked."""
    if cohort.has_ended(today):
        return []
    free = cohort.capacity - Enrolment.objects.filter(cohort=cohort).holding_places().count()
    if free <= 0:
        return []
    promoted = list(
        Enrolment.objects.filter(cohort=cohort).waiting().select_related("worker")[:free]
    )
    for enrolment in promoted:
        enrolment.status = EnrolmentStatus.ENROLLED
        enrolment.enrolled_at = timezone.now()
        enrolment.save(update_fields=["status", "enrolled_at", "updated_at"])
        message = TimelineMessage.TRAINING_PROMOTED
        _training_event(enrolment.worker, actor, message, _course(cohort))
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=enrolment,
            worker_id=enrolment.worker_id,
            changes={"status": [EnrolmentStatus.WAITING, EnrolmentStatus.ENROLLED]},
        )
        move_forward(
            actor=actor,
            worker=enrolment.worker,
            stage=Stage.IN_TRAINING,
            message=message,
            params=_course(cohort),
        )
    return promoted


def may_drop(user: User, enrolment: Enrolment) -> bool:
    """The worker's organisation or the provider may take a worker out of a cohort."""
    return user.has_perm_in(Permission.MANAGE_TRAINING, enrolment.organisation_id) or (
        user.has_perm_in(Permission.MANAGE_TRAINING, enrolment.cohort.course.provider_id)
    )


@transaction.atomic
def drop_enrolment(
    *, actor: Actor, enrolment: Enrolment, reason: str, today: datetime.date | None = None
) -> Enrolment:
    """Take a worker out of a cohort (or off its waiting list); the place goes to the first
    on the waiting list."""
    if not may_drop(actor.user, enrolment):
        raise PermissionDenied(_("You may not change this enrolment."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why the worker leaves the cohort.")]})
    enrolment = _locked_enrolment(enrolment)
    if enrolment.status not in (EnrolmentStatus.WAITING, EnrolmentStatus.ENROLLED):
        raise ValidationError(
            {
                "status": [
                    _("The enrolment is %(status)s: it cannot be dropped.")
                    % {"status": EnrolmentStatus(enrolment.status).label}
                ]
            }
        )
    previous = enrolment.status
    enrolment.status = EnrolmentStatus.DROPPED
    enrolment.dropped_at = timezone.now()
    enrolment.drop_reason = reason[:500]
    enrolment.save(update_fields=["status", "dropped_at", "drop_reason", "updated_at"])
    _training_event(
        enrolment.worker,
        actor,
        TimelineMessage.TRAINING_LEFT,
        _course(enrolment.cohort),
        reason=reason,
    )
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=enrolment,
        worker_id=enrolment.worker_id,
        changes={"status": [previous, EnrolmentStatus.DROPPED], "reason": [None, reason[:500]]},
    )
    if previous == EnrolmentStatus.ENROLLED:
        fill_places(actor=actor, cohort=enrolment.cohort, today=today)
    return enrolment


@transaction.atomic
def record_attendance(
    *,
    actor: Actor,
    session: CohortSession,
    marks: Mapping[uuid.UUID, str],
    today: datetime.date | None = None,
) -> list[Attendance]:
    """Record who came to one session: {enrolment id: status}. Unchanged marks write nothing;
    returns the rows written."""
    session = CohortSession.objects.select_related("cohort__course").get(pk=session.pk)
    cohort = session.cohort
    require_provider(actor, cohort)
    if session.date > (today or timezone.localdate()):
        raise ValidationError(
            {"session": [_("Attendance is recorded on or after the day of the session.")]}
        )
    if any(status not in AttendanceStatus.values for status in marks.values()):
        raise ValidationError({"status": [_("Unknown attendance mark.")]})
    enrolments = {
        e.pk: e
        for e in Enrolment.objects.filter(
            cohort=cohort,
            pk__in=list(marks),
            status__in=(EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED),
        ).select_related("worker")
    }
    if set(marks) - set(enrolments):
        raise ValidationError(
            {"enrolment": [_("Attendance is recorded for workers holding a place in this cohort.")]}
        )
    existing = {a.enrolment_id: a for a in Attendance.objects.filter(session=session)}
    written = []
    for enrolment_id, status in marks.items():
        enrolment = enrolments[enrolment_id]
        row = existing.get(enrolment_id)
        before = row.status if row else None
        if before == status:
            continue
        row = row or Attendance(
            session=session, enrolment=enrolment, organisation_id=enrolment.organisation_id
        )
        row.status = status
        row.recorded_at = timezone.now()
        row.recorded_by = actor.user if actor.user.is_authenticated else None
        row.save()
        written.append(row)
        _training_event(
            enrolment.worker,
            actor,
            TimelineMessage.TRAINING_ATTENDANCE,
            {
                "course": cohort.course.title,
                "date": timeline.day(session.date),
                "status": timeline.choice(AttendanceStatus, status),
            },
        )
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE if before else AuditAction.CREATE,
            obj=row,
            worker_id=enrolment.worker_id,
            changes={"session": [None, session.date.isoformat()], "status": [before, status]},
        )
    return written


@transaction.atomic
def record_result(
    *, actor: Actor, enrolment: Enrolment, score: int | None, is_passed: bool
) -> Enrolment:
    """The assessment: a score out of 100 (if the course scores) and whether the worker passed."""
    require_provider(actor, enrolment.cohort)
    enrolment = _locked_enrolment(enrolment)
    if enrolment.status != EnrolmentStatus.ENROLLED:
        raise ValidationError(
            {
                "status": [
                    _("Results are recorded for enrolled workers; this one is %(status)s.")
                    % {"status": EnrolmentStatus(enrolment.status).label}
                ]
            }
        )
    if score is not None and (isinstance(score, bool) or not 0 <= int(score) <= 100):
        raise ValidationError({"score": [_("Give a score from 0 to 100.")]})
    before = {"score": enrolment.score, "is_passed": enrolment.is_passed}
    enrolment.score = int(score) if score is not None else None
    enrolment.is_passed = bool(is_passed)
    enrolment.assessed_at = timezone.now()
    enrolment.save(update_fields=["score", "is_passed", "assessed_at", "updated_at"])
    _training_event(
        enrolment.worker,
        actor,
        TimelineMessage.TRAINING_ASSESSED_PASSED
        if enrolment.is_passed
        else TimelineMessage.TRAINING_ASSESSED_FAILED,
        {
            "course": enrolment.cohort.course.title,
            "score": "—" if enrolment.score is None else enrolment.score,
        },
    )
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=enrolment,
        worker_id=enrolment.worker_id,
        changes=audit.diff(before, {"score": enrolment.score, "is_passed": enrolment.is_passed}),
    )
    return enrolment


def has_completed_required_training(worker: Worker) -> bool:
    """Whether the worker passed a course of every type that some offered course marks as
    required to be job-ready. By type, not by course: the same training from another provider
    counts. False when nothing is required."""
    required = set(
        Course.objects.active().filter(required_for_job_ready=True).values_list("type", flat=True)
    )
    if not required:
        return False
    passed = set(
        Enrolment.objects.filter(
            worker=worker, status=EnrolmentStatus.COMPLETED, is_passed=True
        ).values_list("cohort__course__type", flat=True)
    )
    return required <= passed


@transaction.atomic
def complete_enrolment(*, actor: Actor, enrolment: Enrolment) -> Enrolment:
    """Close an enrolment with its result. Completing the last required training with a pass
    makes the worker job-ready."""
    require_provider(actor, enrolment.cohort)
    enrolment = _locked_enrolment(enrolment)
    if enrolment.status != EnrolmentStatus.ENROLLED:
        raise ValidationError(
            {
                "status": [
                    _("Only an enrolled worker can complete; this one is %(status)s.")
                    % {"status": EnrolmentStatus(enrolment.status).label}
                ]
            }
        )
    if not enrolment.has_result:
        raise ValidationError({"result": [_("Record the assessment result first.")]})
    enrolment.status = EnrolmentStatus.COMPLETED
    enrolment.completed_at = timezone.now()
    enrolment.save(update_fields=["status", "completed_at", "updated_at"])
    _training_event(
        enrolment.worker,
        actor,
        TimelineMessage.TRAINING_COMPLETED_PASSED
        if enrolment.is_passed
        else TimelineMessage.TRAINING_COMPLETED_FAILED,
        _course(enrolment.cohort),
    )
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=enrolment,
        worker_id=enrolment.worker_id,
        changes={"status": [EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED]},
    )
    if enrolment.is_passed and has_completed_required_training(enrolment.worker):
        move_forward(
            actor=actor,
            worker=enrolment.worker,
            stage=Stage.JOB_READY,
            message=TimelineMessage.TRAINING_JOB_READY,
        )
    return enrolment
