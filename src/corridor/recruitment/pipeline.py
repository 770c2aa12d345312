"""The hiring pipeline: an application per worker and vacancy, moved step by step.

Every step is written three times in one transaction: the application's own history
(`ApplicationStep`), the worker's timeline (with the worker's stage moved forward where the
step says so), and the audit log. Shortlisting shares the worker's record with the vacancy's
employer and recruiter through recorded grants, which need the worker's consent to matching.

Who may take which step (decision 0011): the worker's side (their own centre, or programme
office staff) every step; the vacancy's recruiter every step but the shortlist, and it puts
forward only workers already shared with it; the employer only its choices on candidates
shortlisted to it (interview, offer, decline) and arrival and employment.
"""

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.accounts.models import User
from corridor.accounts.roles import Permission
from corridor.core import audit
from corridor.core.audit import Actor
from corridor.core.bounds import check_bounds
from corridor.core.models import AuditAction
from corridor.people import timeline
from corridor.people.consent import may_process
from corridor.people.models import (
    AccessGrant,
    ConsentPurpose,
    GrantPurpose,
    TimelineKind,
    Worker,
)
from corridor.people.services import add_timeline_event, check_grant, move_stage
from corridor.people.stages import CYCLE, Stage
from corridor.people.timeline import TimelineMessage
from corridor.recruitment.features import refresh_stale
from corridor.recruitment.matching import Needs, best_occupation, passes_filters, score
from corridor.recruitment.models import (
    Application,
    ApplicationStatus,
    ApplicationStep,
    MatchFeatures,
    MatchOccupation,
    Vacancy,
    VacancyStatus,
)
from corridor.recruitment.models.applications import STAGE_AT, next_steps
from corridor.recruitment.models.vacancies import Housing
from corridor.recruitment.vacancies import check_employer, check_recruiter


def parties(application: Application) -> set[UUID]:
    """Organisations that act on an application: the worker's, and the vacancy's."""
    vacancy = application.vacancy
    candidates = (
        application.organisation_id,
        vacancy.organisation_id,
        vacancy.employer_id,
        vacancy.recruiter_id,
    )
    return {organisation for organisation in candidates if organisation is not None}


def require_party(actor: Actor, organisations: set[UUID]) -> None:
    allowed = set(actor.user.organisation_ids_with(Permission.MANAGE_APPLICATIONS))
    if acts_for_programme_office(actor):
        return
    if not (allowed & organisations) and not actor.user.is_superuser:
        raise PermissionDenied(_("You may not act on this application."))


class Side(StrEnum):
    WORKER = "worker"  # the worker's own centre, or programme office staff
    RECRUITER = "recruiter"
    EMPLOYER = "employer"


EVERY_STEP = frozenset(ApplicationStatus.values)
STEPS_BY_SIDE: dict[Side, frozenset[str]] = {
    Side.WORKER: EVERY_STEP,
    # Shortlisting shares the record: the decision of whoever holds it.
    Side.RECRUITER: EVERY_STEP - {ApplicationStatus.SHORTLISTED},
    # "Offer accepted" and "withdrawn" are the worker's answers, not the employer's.
    Side.EMPLOYER: frozenset(
        {
            ApplicationStatus.INTERVIEWED,
            ApplicationStatus.OFFERED,
            ApplicationStatus.REJECTED,
            ApplicationStatus.ARRIVED,
            ApplicationStatus.EMPLOYED,
        }
    ),
}


def acts_for_programme_office(actor: Actor) -> bool:
    """Programme office staff (those who manage programmes there), acting for the office."""
    user = actor.user
    if actor.organisation_id is None or not user.is_authenticated:
        return False
    return actor.organisation_id in user.programme_office_ids_with(Permission.MANAGE_PROGRAMMES)


def sides_of(actor: Actor, *, worker_organisation_id: UUID | None, vacancy: Vacancy) -> set[Side]:
    """The sides the actor's organisation takes on a worker's application for a vacancy."""
    organisation_id = actor.organisation_id
    user = actor.user
    if organisation_id is None or not user.is_authenticated:
        return set()
    if user.is_superuser:
        return {Side.WORKER}
    if not user.has_perm_in(Permission.MANAGE_APPLICATIONS, organisation_id):
        return set()
    sides = set()
    if organisation_id == worker_organisation_id or acts_for_programme_office(actor):
        sides.add(Side.WORKER)
    if organisation_id == vacancy.recruiter_id:
        sides.add(Side.RECRUITER)
    if organisation_id == vacancy.employer_id:
        sides.add(Side.EMPLOYER)
    return sides


def acting_organisation(
    user: User, *, worker_organisation_id: UUID | None, vacancy: Vacancy
) -> UUID | None:
    """The organisation a user acts for on an application: the worker's centre first, then the
    programme office, the recruiter, the employer (the first the user works applications in)."""
    allowed = user.organisation_ids_with(Permission.MANAGE_APPLICATIONS)
    offices = user.programme_office_ids_with(Permission.MANAGE_PROGRAMMES)
    for candidate in (worker_organisation_id, *offices, vacancy.recruiter_id, vacancy.employer_id):
        if candidate is not None and candidate in allowed:
            return candidate
    return allowed[0] if allowed else None


def _shared_for_applications(worker: Worker, organisation_id: UUID) -> bool:
    return (
        AccessGrant.objects.active()
        .filter(worker=worker, organisation_id=organisation_id, purpose=GrantPurpose.APPLICATION)
        .exists()
    )


def require_may_put_forward(actor: Actor, worker: Worker, vacancy: Vacancy) -> None:
    """The worker's side puts any worker forward; the recruiter only one shared with it."""
    sides = sides_of(actor, worker_organisation_id=worker.organisation_id, vacancy=vacancy)
    if Side.WORKER in sides:
        return
    if (
        Side.RECRUITER in sides
        and vacancy.recruiter_id is not None
        and _shared_for_applications(worker, vacancy.recruiter_id)
    ):
        return
    raise PermissionDenied(
        _(
            "Only the worker's centre, the programme office, or a recruiter the worker was "
            "shared with may put the worker forward."
        )
    )


def steps_for(actor: Actor, application: Application) -> set[str]:
    """The steps the actor's side may take on this application (decision 0011)."""
    sides = sides_of(
        actor, worker_organisation_id=application.organisation_id, vacancy=application.vacancy
    )
    allowed: set[str] = set().union(*(STEPS_BY_SIDE[side] for side in sides))
    if (
        sides == {Side.EMPLOYER}
        and not application.steps.filter(to_status=ApplicationStatus.SHORTLISTED).exists()
    ):
        # The employer chooses among candidates shortlisted to it, nothing earlier.
        return set()
    return allowed


def require_may_take(actor: Actor, application: Application, status: str) -> None:
    """The step must be one the actor's side takes (decision 0011)."""
    allowed = steps_for(actor, application)
    if status not in allowed:
        raise PermissionDenied(
            _("This step on the application is not yours to take.")
            if allowed
            else _("You may not act on this application.")
        )


def _timeline_entry(
    application: Application, reason: str, offered: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The worker's timeline entry for a step of the application (people.timeline)."""
    params: dict[str, Any] = {
        "vacancy": application.vacancy.title,
        "employer": application.vacancy.employer.name,
        "status": timeline.choice(ApplicationStatus, application.status),
    }
    if offered is not None:
        return {"message": TimelineMessage.APPLICATION_OFFERED, "params": {**params, **offered}}
    if reason:
        return {
            "message": TimelineMessage.APPLICATION_STEP_REASON,
            "params": params,
            "reason": reason[:300],
        }
    return {"message": TimelineMessage.APPLICATION_STEP, "params": params}


def _step(
    application: Application,
    actor: Actor,
    previous: str,
    reason: str,
    offered: dict[str, Any] | None = None,
) -> ApplicationStep:
    step = ApplicationStep.objects.create(
        application=application,
        organisation_id=application.organisation_id,
        from_status=previous,
        to_status=application.status,
        reason=reason[:500],
        by=actor.user if actor.user.is_authenticated else None,
        by_organisation_id=actor.organisation_id,
    )
    add_timeline_event(
        application.worker,
        actor,
        TimelineKind.APPLICATION,
        **_timeline_entry(application, reason, offered),
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE if not previous else AuditAction.UPDATE,
        obj=application,
        worker_id=application.worker_id,
        changes={"status": [previous or None, application.status], "reason": [None, reason[:500]]},
    )
    return step


def _current_match(worker: Worker, vacancy: Vacancy) -> tuple[float | None, list[dict[str, Any]]]:
    features = MatchFeatures.objects.filter(worker_id=worker.pk).first()
    occupations = list(
        MatchOccupation.objects.filter(worker_id=worker.pk).values_list("isco", "years")
    )
    if features is None or not occupations:
        return None, []
    needs = Needs.of(vacancy, timezone.localdate())
    scored = score(needs, features, *best_occupation(needs, occupations))
    return scored.score, scored.explanation()


class AlreadyApplied(ValidationError):
    """The worker already applies for this vacancy: the answer names that application."""

    def __init__(self, application: Application) -> None:
        super().__init__(
            {"worker": _("This worker already applies for this vacancy.")}, code="already_applied"
        )
        self.application = application


@transaction.atomic
def create_application(
    *, actor: Actor, worker: Worker, vacancy: Vacancy, reason: str = ""
) -> Application:
    """Put a worker forward for a vacancy (status "suggested")."""
    vacancy = Vacancy.objects.select_related("employer", "recruiter").get(pk=vacancy.pk)
    require_may_put_forward(actor, worker, vacancy)
    if vacancy.status != VacancyStatus.OPEN:
        raise ValidationError({"vacancy": _("The vacancy is not open.")})
    check_employer(vacancy.employer)
    check_recruiter(vacancy.recruiter)
    if worker.merged_into_id:
        raise ValidationError({"worker": _("This record was merged into another.")})
    if not may_process(worker, ConsentPurpose.MATCHING):
        raise ValidationError(
            {"worker": _("The worker has not consented to matching and sharing with employers.")}
        )
    if existing := Application.objects.filter(worker=worker, vacancy=vacancy).first():
        raise AlreadyApplied(existing)
    # The conditions and the score are read from the features: never from stale ones.
    refresh_stale(worker_ids=[worker.pk])
    features = MatchFeatures.objects.filter(worker_id=worker.pk).first()
    if features is not None and not passes_filters(
        Needs.of(vacancy, timezone.localdate()), features
    ):
        raise ValidationError(
            {
                "worker": _(
                    "The worker does not meet the vacancy's conditions: job-ready, a passport "
                    "valid on the start date, rotation work and minimum age."
                )
            }
        )
    match_score, explanation = _current_match(worker, vacancy)
    try:
        # A savepoint: a concurrent create of the same pair loses on the unique constraint,
        # and this transaction goes on to answer with the one that won.
        with transaction.atomic():
            application = Application.objects.create(
                organisation_id=worker.organisation_id,
                worker=worker,
                vacancy=vacancy,
                match_score=match_score,
                match_explanation=explanation,
                created_by=actor.user if actor.user.is_authenticated else None,
            )
    except IntegrityError:
        existing = Application.objects.filter(worker=worker, vacancy=vacancy).first()
        if existing is None:
            raise
        raise AlreadyApplied(existing) from None
    _step(application, actor, "", reason.strip())
    return application


def _share_with_parties(actor: Actor, application: Application) -> None:
    """Shortlisting shows the worker to the employer and recruiter: recorded, consented grants
    naming the real actor (the acting user and the organisation they act for)."""
    vacancy = application.vacancy
    if actor.organisation_id is None:
        raise PermissionDenied(_("You may not act on this application."))
    # Under the worker's row lock: a consent change in flight lands before or after, whole.
    worker = Worker.objects.select_for_update().get(pk=application.worker_id)
    # Purpose "application" rests on the matching consent (people's sharing rule).
    if not may_process(worker, ConsentPurpose.MATCHING):
        raise ValidationError(
            {"status": _("The worker has withdrawn consent to sharing with employers.")}
        )
    for organisation in (vacancy.employer, vacancy.recruiter):
        if organisation is None or organisation.pk == worker.organisation_id:
            continue
        # A grant for another purpose (a referral, an authority) does not carry this one.
        already = AccessGrant.objects.active().filter(
            worker=worker, organisation=organisation, purpose=GrantPurpose.APPLICATION
        )
        if already.exists():
            continue
        # The one sharing rule of people (receiver and consent of the purpose, decision 9).
        check_grant(worker=worker, organisation=organisation, purpose=GrantPurpose.APPLICATION)
        grant = AccessGrant.objects.create(
            worker=worker,
            organisation=organisation,
            granted_by_organisation_id=actor.organisation_id,
            purpose=GrantPurpose.APPLICATION,
            reason=_("Shortlisted for “%(title)s”") % {"title": vacancy.title[:200]},
            granted_by=actor.user if actor.user.is_authenticated else None,
        )
        add_timeline_event(
            worker,
            actor,
            TimelineKind.SHARED,
            message=TimelineMessage.SHARED_SHORTLISTED,
            params={"organisation": organisation.name, "title": vacancy.title[:200]},
        )
        audit.record(
            actor=actor,
            action=AuditAction.GRANT,
            obj=grant,
            worker_id=worker.pk,
            changes={
                "organisation": [None, str(organisation.pk)],
                "purpose": [None, grant.purpose],
            },
        )


def _move_worker_forward(actor: Actor, application: Application, entry: dict[str, Any]) -> None:
    target = STAGE_AT.get(application.status)
    worker = Worker.objects.get(pk=application.worker_id)
    if not target or worker.stage not in CYCLE:
        return
    if CYCLE.index(target) > CYCLE.index(worker.stage):
        move_stage(actor=actor, worker=worker, stage=target, by_workflow=True, **entry)


def _move_worker_back(actor: Actor, application: Application, entry: dict[str, Any]) -> None:
    """An application that ends sends the worker back to job-ready, unless another goes on."""
    worker = Worker.objects.get(pk=application.worker_id)
    if worker.stage not in {Stage.MATCHED, Stage.OFFERED, Stage.CONTRACTED}:
        return
    if Application.objects.active().filter(worker=worker).exclude(pk=application.pk).exists():
        return
    move_stage(actor=actor, worker=worker, stage=Stage.JOB_READY, by_workflow=True, **entry)


@transaction.atomic
def move_application(
    *, actor: Actor, application: Application, status: str, reason: str = ""
) -> Application:
    """Move an application one step (or out: rejected, withdrawn, with a reason)."""
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("vacancy__employer", "vacancy__recruiter", "worker")
        .get(pk=application.pk)
    )
    require_party(actor, parties(application))
    reason = reason.strip()
    if status not in next_steps(application.status):
        raise ValidationError(
            {
                "status": _("An application cannot move from “%(current)s” to “%(target)s”.")
                % {
                    "current": ApplicationStatus(application.status).label,
                    "target": ApplicationStatus(status).label
                    if status in ApplicationStatus.values
                    else status,
                }
            }
        )
    require_may_take(actor, application, status)
    if status in {ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN} and not reason:
        raise ValidationError({"reason": _("Say why the application ends.")})
    if status == ApplicationStatus.OFFERED:
        raise ValidationError({"status": _("Make an offer with its terms.")})
    if status == ApplicationStatus.CONTRACTED:
        raise ValidationError({"status": _("Generate the contract from the accepted offer.")})
    if status == ApplicationStatus.SHORTLISTED:
        check_recruiter(application.vacancy.recruiter)
        _share_with_parties(actor, application)
    return apply_step(actor, application, status, reason)


def apply_step(
    actor: Actor,
    application: Application,
    status: str,
    reason: str,
    offered: dict[str, Any] | None = None,
) -> Application:
    """Move the application to `status`; `offered` is the offer's terms for the timeline."""
    previous = application.status
    application.status = status
    application.status_changed_at = timezone.now()
    if status in {ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN}:
        application.end_reason = reason[:500]
    application.save()
    _step(application, actor, previous, reason, offered)
    # The stage move says what the step says.
    entry = _timeline_entry(application, reason, offered)
    if status in {ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN}:
        _move_worker_back(actor, application, entry)
    else:
        _move_worker_forward(actor, application, entry)
    if status == ApplicationStatus.EMPLOYED:
        _fill_when_full(application.vacancy)
    return application


def _fill_when_full(vacancy: Vacancy) -> None:
    employed = Application.objects.filter(
        vacancy=vacancy, status=ApplicationStatus.EMPLOYED
    ).count()
    if employed >= vacancy.places and vacancy.status == VacancyStatus.OPEN:
        Vacancy.objects.filter(pk=vacancy.pk).update(status=VacancyStatus.FILLED)


OFFER_FIELDS = (
    "offered_wage_rub",
    "offered_hours_per_week",
    "offered_housing",
    "offered_housing_cost_rub",
    "offered_start_date",
    "offered_contract_months",
)


@transaction.atomic
def make_offer(
    *,
    actor: Actor,
    application: Application,
    wage_rub: Decimal,
    hours_per_week: int,
    housing: Housing | str,
    housing_cost_rub: Decimal = Decimal(0),
    start_date: date | None = None,
    contract_months: int | None = None,
) -> Application:
    """Offer the job on stated terms; the contract will copy them and arrival is checked
    against them."""
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("vacancy__employer", "vacancy__recruiter", "worker")
        .get(pk=application.pk)
    )
    require_party(actor, parties(application))
    require_may_take(actor, application, ApplicationStatus.OFFERED)
    if ApplicationStatus.OFFERED not in next_steps(application.status):
        raise ValidationError(
            {"status": _("Shortlist (and interview) the worker before an offer.")}
        )
    vacancy = application.vacancy
    # Whole roubles, as the vacancy's range; the amounts come parsed (the form, the schema).
    wage = Decimal(wage_rub).quantize(Decimal(1))
    housing_cost = Decimal(housing_cost_rub).quantize(Decimal(1))
    errors: dict[str, str] = {}
    if wage <= 0:
        errors["wage_rub"] = _("Give the monthly wage in roubles.")
    elif wage < vacancy.wage_min:
        errors["wage_rub"] = _("The offer is below the vacancy's wage range.")
    if not 1 <= hours_per_week <= 84:
        errors["hours_per_week"] = _("Give the hours per week (1 to 84).")
    if housing not in Housing.values:
        errors["housing"] = _("Unknown housing option.")
    if housing_cost < 0:
        errors["housing_cost_rub"] = _("Give amounts in roubles, in digits.")
    if errors:
        raise ValidationError(errors)
    application.offered_wage_rub = wage
    application.offered_hours_per_week = hours_per_week
    application.offered_housing = housing
    application.offered_housing_cost_rub = housing_cost
    application.offered_start_date = start_date or vacancy.start_date
    application.offered_contract_months = contract_months or vacancy.contract_months
    application.offered_at = timezone.now()
    check_bounds(
        application,
        rename={
            "offered_wage_rub": "wage_rub",
            "offered_housing_cost_rub": "housing_cost_rub",
            "offered_start_date": "start_date",
        },
    )
    return apply_step(
        actor,
        application,
        ApplicationStatus.OFFERED,
        _("%(wage)s RUB a month, %(hours)s hours a week") % {"wage": wage, "hours": hours_per_week},
        offered={"wage": str(wage), "hours": hours_per_week},
    )
