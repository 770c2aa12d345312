"""What providers offer: courses and their cohorts with session dates.

A provider's staff (MANAGE_TRAINING in the provider) write them; only the programme office
may let workers pay for a course, since training a job needs is a cost the worker should not
bear (ILO fair recruitment principles, employer-pays).
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from corridor.accounts.models import Organisation, OrganisationType, User
from corridor.accounts.roles import Permission, role_has
from corridor.core import audit
from corridor.core.audit import Actor
from corridor.core.models import AuditAction
from corridor.people.services import require_permission_in
from corridor.reference.models import IscoGroup, Language
from corridor.training.enrolments import fill_places
from corridor.training.models import (
    PROVIDER_TYPES,
    Cohort,
    CohortSession,
    Course,
    CourseType,
    Enrolment,
    Payer,
)

COURSE_FIELDS = (
    "title",
    "type",
    "hours",
    "payer",
    "required_for_job_ready",
    "description",
    "is_active",
)
COHORT_FIELDS = ("start_date", "end_date", "place", "capacity", "trainer_name")


def is_programme_office(user: User) -> bool:
    """Whether the user manages training for the programme office (they decide who pays)."""
    return bool(user.is_superuser) or any(
        m.organisation.type == OrganisationType.PROGRAMME_OFFICE
        and role_has(m.role, Permission.MANAGE_TRAINING)
        for m in user.active_memberships
    )


def _snapshot(obj: Any, fields: Iterable[str]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in fields}


def _course_snapshot(course: Course) -> dict[str, Any]:
    return {
        **_snapshot(course, COURSE_FIELDS),
        "isco": course.isco_id,
        "language": course.language_id,
    }


def _apply_course_values(
    course: Course, values: dict[str, Any], isco_code: str | None, language: str | None
) -> None:
    unknown = set(values) - set(COURSE_FIELDS)
    if unknown:
        raise ValueError(f"not course fields: {sorted(unknown)}")
    for name, value in values.items():
        setattr(course, name, " ".join(value.split()) if name == "title" else value)
    if language is not None:
        if not Language.objects.filter(code=language).exists():
            raise ValidationError({"language": [_("Unknown language.")]})
        course.language_id = language
    errors: dict[str, list[str]] = {}
    if course.type == CourseType.VOCATIONAL:
        code = (isco_code or course.isco_id or "").strip()
        if not (len(code) == 4 and IscoGroup.objects.filter(code=code, level=4).exists()):
            errors["isco"] = [_("Choose the trade as an ISCO-08 unit group (four digits).")]
        course.isco_id = code or None
    else:
        course.isco_id = None  # only a vocational course teaches a trade
    if course.payer == Payer.WORKER and not course.worker_pays_allowed:
        errors["payer"] = [
            _(
                "The worker may pay only where the programme office allows it for this "
                "course. Choose who else pays, or ask the programme office."
            )
        ]
    try:
        course.full_clean(
            exclude=["provider", "language", "isco", "created_by"], validate_constraints=False
        )
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if isinstance(course.hours, int) and not 1 <= course.hours <= 2000:
        errors.setdefault("hours", []).append(_("Give the course's hours (1 to 2000)."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_course(
    *,
    actor: Actor,
    provider: Organisation,
    values: dict[str, Any],
    language: str,
    isco_code: str | None = None,
) -> Course:
    """A provider's new course; audited."""
    if provider.type not in PROVIDER_TYPES:
        raise ValidationError({"provider": [_("Courses are run by training providers and NGOs.")]})
    require_permission_in(actor, Permission.MANAGE_TRAINING, provider)
    course = Course(provider=provider, created_by=actor.user)
    _apply_course_values(course, values, isco_code, language)
    course.save()
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=course,
        changes=audit.diff({}, _course_snapshot(course)),
    )
    return course


@transaction.atomic
def update_course(
    *,
    actor: Actor,
    course: Course,
    values: dict[str, Any],
    language: str | None = None,
    isco_code: str | None = None,
) -> Course:
    require_permission_in(actor, Permission.MANAGE_TRAINING, course.provider)
    course = Course.objects.select_for_update().get(pk=course.pk)
    before = _course_snapshot(course)
    _apply_course_values(course, values, isco_code, language)
    changes = audit.diff(before, _course_snapshot(course))
    if changes:
        course.save()
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=course, changes=changes)
    return course


@transaction.atomic
def set_worker_payment_allowed(*, actor: Actor, course: Course, allowed: bool) -> Course:
    """The programme office's decision that workers may (or may not) pay for this course."""
    if not is_programme_office(actor.user):
        raise PermissionDenied(_("Only the programme office decides whether workers may pay."))
    course = Course.objects.select_for_update().get(pk=course.pk)
    if not allowed and course.payer == Payer.WORKER:
        raise ValidationError(
            {
                "worker_pays_allowed": [
                    _("The worker pays for this course now: change who pays first.")
                ]
            }
        )
    if course.worker_pays_allowed != allowed:
        before = course.worker_pays_allowed
        course.worker_pays_allowed = allowed
        course.save(update_fields=["worker_pays_allowed", "updated_at"])
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=course,
            changes={"worker_pays_allowed": [before, allowed]},
        )
    return course


def _check_sessions(cohort: Cohort, dates: Iterable[datetime.date]) -> list[datetime.date]:
    unique = sorted(set(dates))
    outside = [d for d in unique if not cohort.start_date <= d <= cohort.end_date]
    if outside:
        raise ValidationError(
            {
                "sessions": [
                    _("Session dates must fall between the cohort's first and last day: %(dates)s")
                    % {"dates": ", ".join(f"{d:%d.%m.%Y}" for d in outside)}
                ]
            }
        )
    return unique


def _set_sessions(cohort: Cohort, dates: list[datetime.date]) -> None:
    existing = {session.date: session for session in cohort.sessions.all()}
    removed = [session for day, session in existing.items() if day not in dates]
    recorded = [session for session in removed if session.attendance.exists()]
    if recorded:
        raise ValidationError(
            {
                "sessions": [
                    _("Attendance was recorded on %(dates)s: these sessions stay.")
                    % {"dates": ", ".join(str(s) for s in recorded)}
                ]
            }
        )
    CohortSession.objects.filter(pk__in=[s.pk for s in removed]).delete()
    CohortSession.objects.bulk_create(
        [CohortSession(cohort=cohort, date=day) for day in dates if day not in existing]
    )


def _apply_cohort_values(cohort: Cohort, values: dict[str, Any]) -> None:
    unknown = set(values) - set(COHORT_FIELDS)
    if unknown:
        raise ValueError(f"not cohort fields: {sorted(unknown)}")
    for name, value in values.items():
        setattr(cohort, name, " ".join(value.split()) if isinstance(value, str) else value)
    errors: dict[str, list[str]] = {}
    try:
        cohort.full_clean(exclude=["course", "created_by"], validate_constraints=False)
    except ValidationError as error:
        errors.update(error.message_dict)
    dates = (cohort.start_date, cohort.end_date)
    if all(isinstance(d, datetime.date) for d in dates) and cohort.end_date < cohort.start_date:
        errors.setdefault("end_date", []).append(_("The cohort cannot end before it starts."))
    if cohort.capacity is not None and not 1 <= cohort.capacity <= 500:
        errors.setdefault("capacity", []).append(_("Give the number of places (1 to 500)."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_cohort(
    *,
    actor: Actor,
    course: Course,
    values: dict[str, Any],
    session_dates: Iterable[datetime.date] = (),
) -> Cohort:
    """A new cohort of a course, with its session dates; audited."""
    require_permission_in(actor, Permission.MANAGE_TRAINING, course.provider)
    if not course.is_active:
        raise ValidationError({"course": [_("The course is no longer offered.")]})
    cohort = Cohort(course=course, created_by=actor.user)
    _apply_cohort_values(cohort, values)
    dates = _check_sessions(cohort, session_dates)
    cohort.save()
    _set_sessions(cohort, dates)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=cohort,
        changes=audit.diff(
            {},
            {**_snapshot(cohort, COHORT_FIELDS), "sessions": [d.isoformat() for d in dates]},
        ),
    )
    return cohort


@transaction.atomic
def update_cohort(
    *,
    actor: Actor,
    cohort: Cohort,
    values: dict[str, Any],
    session_dates: Iterable[datetime.date] | None = None,
) -> Cohort:
    """Change a cohort. Places never drop below those taken; new places go to the waiting list
    in its order."""
    require_permission_in(actor, Permission.MANAGE_TRAINING, cohort.course.provider)
    cohort = Cohort.objects.select_for_update().select_related("course").get(pk=cohort.pk)
    before = {
        **_snapshot(cohort, COHORT_FIELDS),
        "sessions": [s.date.isoformat() for s in cohort.sessions.all()],
    }
    _apply_cohort_values(cohort, values)
    taken = Enrolment.objects.filter(cohort=cohort).holding_places().count()
    if cohort.capacity < taken:
        raise ValidationError(
            {
                "capacity": [
                    _("%(taken)d places are taken: the cohort cannot have fewer.")
                    % {"taken": taken}
                ]
            }
        )
    dates = (
        _check_sessions(cohort, session_dates)
        if session_dates is not None
        else _check_sessions(cohort, [s.date for s in cohort.sessions.all()])
    )
    cohort.save()
    _set_sessions(cohort, dates)
    after = {**_snapshot(cohort, COHORT_FIELDS), "sessions": [d.isoformat() for d in dates]}
    changes = audit.diff(before, after)
    if changes:
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=cohort, changes=changes)
    fill_places(actor=actor, cohort=cohort)
    return cohort


def weekdays_between(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """Every Monday to Friday from `start` to `end`: the usual timetable when none is given."""
    days = (end - start).days + 1
    every_day = (start + datetime.timedelta(days=offset) for offset in range(max(days, 0)))
    return [day for day in every_day if day.weekday() < 5]
