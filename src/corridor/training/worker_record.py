"""What training writes into the worker's record in `people`: stage moves and the certificate
document that matching reads.

The people services check the acting user's permissions in the worker's organisation; a
training provider's staff hold none there (they enrol nobody and change no record), yet their
results move a worker to job-ready and their certificates are documents the worker holds.
When the actor holds the permission the people service does the work; otherwise the same rows
are written here, with the same timeline entry and audit event, attributed to the provider's
user. (A people entry point for trusted workflows would let this module shrink to the calls.)
"""

import datetime

from django.db import transaction
from django.utils import timezone

from corridor.accounts.roles import Permission
from corridor.core import audit
from corridor.core.audit import Actor
from corridor.core.models import AuditAction
from corridor.people.documents import add_document, normalise_document_number
from corridor.people.models import Document, DocumentType, TimelineKind, Worker
from corridor.people.services import add_timeline_event, move_stage
from corridor.people.stages import Stage, is_move_allowed

# Training moves a worker forward only from these stages (DOMAIN.md: profiled -> in training
# -> job-ready); a worker further on, or withdrawn, keeps their stage.
MOVES_FROM: dict[str, set[str]] = {
    Stage.IN_TRAINING: {Stage.PROFILED},
    Stage.JOB_READY: {Stage.PROFILED, Stage.IN_TRAINING},
}


@transaction.atomic
def move_forward(*, actor: Actor, worker: Worker, stage: str, reason: str) -> bool:
    """Move the worker to `stage` if training may (see MOVES_FROM); True when moved."""
    reason = reason[:500]
    current = Worker.objects.select_for_update().get(pk=worker.pk)
    if current.stage not in MOVES_FROM[stage] or not is_move_allowed(current.stage, stage):
        return False
    if actor.user.has_any_perm(Permission.MOVE_STAGE):
        move_stage(actor=actor, worker=current, stage=stage, reason=reason)
        return True
    previous = current.stage
    current.stage = stage
    current.stage_changed_at = timezone.now()
    current.save(update_fields=["stage", "stage_changed_at", "updated_at"])
    add_timeline_event(
        current, actor, TimelineKind.STAGE, from_stage=previous, to_stage=stage, reason=reason
    )
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=current,
        worker_id=current.pk,
        changes={"stage": [previous, stage], "reason": [None, reason]},
    )
    return True


@transaction.atomic
def add_language_certificate(
    *,
    actor: Actor,
    worker: Worker,
    number: str,
    issued_on: datetime.date,
    valid_until: datetime.date | None,
) -> Document:
    """Record the certificate of Russian language, history and law as the worker's document,
    so that matching counts it like one typed in by a caseworker."""
    details = {
        "type": DocumentType.LANGUAGE_CERTIFICATE,
        "number": number,
        "issue_date": issued_on,
        "expiry_date": valid_until,
    }
    if actor.user.has_perm_in(Permission.CHANGE_WORKERS, worker.organisation_id):
        return add_document(actor=actor, worker=worker, details=details)
    document = Document(
        worker=worker,
        organisation_id=actor.organisation_id or worker.organisation_id,
        created_by=actor.user if actor.user.is_authenticated else None,
        number_normalised=normalise_document_number(number),
        **details,
    )
    document.full_clean(exclude=["worker", "organisation", "created_by", "file"])
    document.save()
    add_timeline_event(worker, actor, TimelineKind.DOCUMENT, reason=str(document))
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=document,
        worker_id=worker.pk,
        changes={"type": [None, document.type], "number": [None, document.number]},
    )
    return document


@transaction.atomic
def remove_language_certificate(*, actor: Actor, document: Document, reason: str) -> None:
    """A revoked certificate is no longer a document the worker holds: matching must not count
    it. The audit entry keeps what it was; the revocation is on the worker's timeline."""
    worker = document.worker
    audit.record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=document,
        worker_id=worker.pk,
        changes={
            "type": [document.type, None],
            "number": [document.number, None],
            "reason": reason,
        },
    )
    document.delete()
