"""What a worker does on their own job search, signed in to their own pages: say they are
interested in a vacancy, and answer an offer made to them.

The worker acts only on their own record (the user linked to it). An interest is not an
application: putting a worker forward stays with their centre (decision 0011), which sees the
interest beside the candidate. An offer's answer is the worker's alone: accepting moves the
application to "offer accepted", declining ends it with the worker's reason.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from corridor.core import audit
from corridor.core.audit import Actor
from corridor.core.models import AuditAction
from corridor.people.consent import may_process
from corridor.people.models import ConsentPurpose, Worker
from corridor.recruitment.models import (
    Application,
    ApplicationStatus,
    Vacancy,
    VacancyInterest,
    VacancyStatus,
)
from corridor.recruitment.pipeline import apply_step


def own_worker(actor: Actor) -> Worker:
    """The record linked to the acting user; a user without one acts on nothing."""
    worker = (
        Worker.objects.filter(user_id=actor.user.pk, merged_into__isnull=True).first()
        if actor.user.is_authenticated
        else None
    )
    if worker is None:
        raise PermissionDenied(_("Only a worker signed in to their own record may do this."))
    return worker


@transaction.atomic
def express_interest(*, actor: Actor, vacancy: Vacancy) -> VacancyInterest:
    """Record that the signed-in worker is interested in an open vacancy (once); audited."""
    worker = own_worker(actor)
    if vacancy.status != VacancyStatus.OPEN or not vacancy.open_to_foreign:
        raise ValidationError({"vacancy": _("The vacancy is not open.")})
    if not may_process(worker, ConsentPurpose.MATCHING):
        raise ValidationError(
            {
                "vacancy": _(
                    "Give your consent to matching first: without it no employer or recruiter "
                    "sees your interest."
                )
            }
        )
    existing = VacancyInterest.objects.filter(worker=worker, vacancy=vacancy).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            interest = VacancyInterest.objects.create(
                organisation_id=worker.organisation_id, worker=worker, vacancy=vacancy
            )
    except IntegrityError:  # the same click twice at once: the first one stands
        return VacancyInterest.objects.get(worker=worker, vacancy=vacancy)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=interest,
        worker_id=worker.pk,
        changes={"vacancy": [None, str(vacancy.pk)]},
    )
    return interest


@transaction.atomic
def withdraw_interest(*, actor: Actor, vacancy: Vacancy) -> bool:
    """Take the signed-in worker's interest back; False when there was none."""
    worker = own_worker(actor)
    interest = VacancyInterest.objects.filter(worker=worker, vacancy=vacancy).first()
    if interest is None:
        return False
    audit.record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=interest,
        worker_id=worker.pk,
        changes={"vacancy": [str(vacancy.pk), None]},
    )
    interest.delete()
    return True


@transaction.atomic
def answer_offer(
    *, actor: Actor, application: Application, accept: bool, reason: str = ""
) -> Application:
    """The worker accepts or declines the offer on their own application."""
    worker = own_worker(actor)
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("vacancy__employer", "vacancy__recruiter", "worker")
        .get(pk=application.pk)
    )
    if application.worker_id != worker.pk:
        raise PermissionDenied(_("You may answer only offers made to you."))
    if application.status != ApplicationStatus.OFFERED:
        raise ValidationError({"status": _("There is no open offer on this application.")})
    reason = reason.strip()
    if accept:
        return apply_step(actor, application, ApplicationStatus.ACCEPTED, reason)
    return apply_step(
        actor,
        application,
        ApplicationStatus.WITHDRAWN,
        reason or _("The worker declined the offer."),
    )
