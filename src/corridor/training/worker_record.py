"""What training writes into the worker's record in `people`: stage moves and the certificate
document that matching reads.

The people services check the acting user's permissions in the worker's organisation; a
training provider's staff hold none there (they enrol nobody and change no record), yet their
results move a worker to job-ready and their certificates are documents the worker holds.
So training calls the people services as a workflow: the move and the document are checked
against the cycle and the document rules, recorded on the timeline and audited, attributed to
the provider's user, without a role in the worker's organisation.
"""

import datetime
from typing import Any

from django.db import transaction

from corridor.core import audit
from corridor.core.audit import Actor
from corridor.core.models import AuditAction
from corridor.people.documents import add_document
from corridor.people.models import Document, DocumentType, Worker
from corridor.people.services import move_stage
from corridor.people.stage_rules import may_move
from corridor.people.stages import Stage

# Training moves a worker forward only from these stages (DOMAIN.md: profiled -> in training
# -> job-ready), and only as the stage rules allow (people.stage_rules); a worker further on,
# withdrawn, or short of a requirement keeps their stage.
MOVES_FROM: dict[str, set[str]] = {
    Stage.IN_TRAINING: {Stage.PROFILED},
    Stage.JOB_READY: {Stage.PROFILED, Stage.IN_TRAINING},
}


@transaction.atomic
def move_forward(
    *, actor: Actor, worker: Worker, stage: str, message: str, params: dict[str, Any] | None = None
) -> bool:
    """Move the worker to `stage` if training may (see MOVES_FROM); True when moved. The
    timeline says why with `message` and `params` (people.timeline)."""
    current = Worker.objects.select_for_update().get(pk=worker.pk)
    if current.stage not in MOVES_FROM[stage] or not may_move(current, stage):
        return False
    move_stage(
        actor=actor,
        worker=current,
        stage=stage,
        by_workflow=True,
        message=message,
        params=params or {},
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
    return add_document(actor=actor, worker=worker, details=details, issued_by_workflow=True)


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
    # Matching counted the certificate: it recomputes the worker's features.
    Worker.objects.filter(pk=worker.pk).mark_match_features_stale()
