"""Correcting a worker's stage: a move back to an earlier stage with a reason.

Distinct from a move (services.move_stage): a correction undoes a mistake, so the cycle's rules
for moving on do not apply, but it needs the stage permission in the worker's organisation and
a reason, and it is marked as a correction on the timeline and in the audit log.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from corridor.accounts.permissions import require_permission_in
from corridor.accounts.roles import Permission
from corridor.core import audit
from corridor.core.audit import Actor
from corridor.core.models import AuditAction
from corridor.people.models import TimelineEvent, TimelineKind, Worker
from corridor.people.services import add_timeline_event
from corridor.people.stage_rules import correction_stages
from corridor.people.stages import Stage
from corridor.people.timeline import TimelineMessage


@transaction.atomic
def correct_stage(*, actor: Actor, worker: Worker, stage: str, reason: str) -> TimelineEvent:
    """Move the worker back to an earlier stage entered in error; audited as a correction."""
    require_permission_in(actor, Permission.MOVE_STAGE, worker.organisation)
    if stage not in Stage.values:
        raise ValidationError({"stage": [_("Unknown stage.")]})
    reason = reason.strip()[:480]
    if not reason:
        raise ValidationError({"reason": [_("Say why the stage is corrected.")]})
    worker = Worker.objects.select_for_update().get(pk=worker.pk)
    if stage not in correction_stages(worker):
        raise ValidationError(
            {"stage": [_("A correction moves the worker back to an earlier stage.")]}
        )
    previous = worker.enter_stage(stage)
    event = add_timeline_event(
        worker,
        actor,
        TimelineKind.STAGE,
        from_stage=previous,
        to_stage=stage,
        reason=reason,
        message=TimelineMessage.STAGE_CORRECTED,
    )
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=worker,
        worker_id=worker.pk,
        changes={"stage": [previous, stage], "reason": [None, reason], "correction": [None, True]},
    )
    return event
