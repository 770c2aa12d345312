"""How the stage rules (StageTransition, StageRequirement) apply to one worker.

Each requirement names a check in CHECKS. People may not import recruitment, so the checks
read what people holds: a contract is an employment-contract event on the worker's timeline
(recruitment writes one when it makes the contract) or an employment-contract document a
caseworker recorded (docs/decisions/0012).
"""

from collections.abc import Callable
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.people.consent import may_process
from corridor.people.models import (
    ConsentPurpose,
    Document,
    DocumentType,
    StageRequirement,
    StageTransition,
    TimelineEvent,
    TimelineKind,
    Worker,
)
from corridor.people.stages import CYCLE, Stage, StageCheck


def _has_profile(worker: Worker, today: date) -> bool:
    return worker.languages.exists() and (bool(worker.skills) or worker.occupations.exists())


def _has_matching_consent(worker: Worker, today: date) -> bool:
    return may_process(worker, ConsentPurpose.MATCHING)


def _has_valid_passport(worker: Worker, today: date) -> bool:
    return Document.objects.filter(
        worker=worker, type=DocumentType.PASSPORT, expiry_date__gte=today
    ).exists()


def _has_contract(worker: Worker, today: date) -> bool:
    """A contract made in this round: since the worker last became job-ready, if they were."""
    since = (
        TimelineEvent.objects.filter(
            worker=worker, kind=TimelineKind.STAGE, to_stage=Stage.JOB_READY
        )
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    events = TimelineEvent.objects.filter(worker=worker, kind=TimelineKind.CONTRACT)
    documents = Document.objects.filter(worker=worker, type=DocumentType.EMPLOYMENT_CONTRACT)
    if since is not None:
        events, documents = events.filter(at__gte=since), documents.filter(created_at__gte=since)
    return events.exists() or documents.exists()


def _has_language_certificate(worker: Worker, today: date) -> bool:
    return (
        Document.objects.filter(worker=worker, type=DocumentType.LANGUAGE_CERTIFICATE)
        .exclude(expiry_date__lt=today)
        .exists()
    )


CHECKS: dict[str, Callable[[Worker, date], bool]] = {
    StageCheck.PROFILE_RECORDED: _has_profile,
    StageCheck.MATCHING_CONSENT: _has_matching_consent,
    StageCheck.VALID_PASSPORT: _has_valid_passport,
    StageCheck.CONTRACT_RECORDED: _has_contract,
    StageCheck.LANGUAGE_CERTIFICATE: _has_language_certificate,
}


# Unmet requirements are named in the order StageCheck lists them, not the database's.
CHECK_ORDER: list[str] = list(StageCheck.values)


def _order(stage: str) -> int:
    return CYCLE.index(stage) if stage in CYCLE else len(CYCLE)


def next_stages(worker: Worker) -> list[str]:
    """The stages the rules in force let the worker move to, in the order of the cycle."""
    targets = StageTransition.objects.filter(from_stage=worker.stage, is_active=True).values_list(
        "to_stage", flat=True
    )
    return sorted(targets, key=_order)


def next_stage_choices(worker: Worker, *, today: date | None = None) -> list[tuple[str, str]]:
    """(stage, label) for the stage form: a next stage whose requirements are unmet says what
    it still needs, so nobody has to submit to find out."""
    choices = []
    for stage in next_stages(worker):
        label = str(Stage(stage).label)
        missing = unmet_requirements(worker, stage, today=today)
        if missing:
            label = _("%(stage)s (needs: %(missing)s)") % {
                "stage": label,
                "missing": ", ".join(str(StageCheck(code).label) for code in missing),
            }
        choices.append((stage, label))
    return choices


def unmet_requirements(worker: Worker, stage: str, *, today: date | None = None) -> list[str]:
    """The checks (StageCheck codes) the worker fails for entering `stage`."""
    today = today or timezone.localdate()
    codes = StageRequirement.objects.filter(stage=stage, is_active=True).values_list(
        "check_code", flat=True
    )
    return [
        code for code in sorted(codes, key=CHECK_ORDER.index) if not CHECKS[code](worker, today)
    ]


def check_move(worker: Worker, stage: str, *, today: date | None = None) -> None:
    """Raise a ValidationError on "stage" saying which rule refuses the move, if one does."""
    if stage not in next_stages(worker):
        raise ValidationError(
            {
                "stage": [
                    _("A worker cannot move from “%(current)s” to “%(target)s”.")
                    % {"current": Stage(worker.stage).label, "target": Stage(stage).label}
                ]
            }
        )
    missing = unmet_requirements(worker, stage, today=today)
    if missing:
        raise ValidationError(
            {
                "stage": [
                    _("Before “%(target)s” the worker needs: %(missing)s.")
                    % {
                        "target": Stage(stage).label,
                        "missing": ", ".join(str(StageCheck(code).label) for code in missing),
                    }
                ]
            }
        )


def may_move(worker: Worker, stage: str) -> bool:
    """True when the rules let the worker move to `stage` now."""
    try:
        check_move(worker, stage)
    except ValidationError:
        return False
    return True


def correction_stages(worker: Worker) -> list[str]:
    """The earlier stages a correction may move the worker back to: those before their stage
    in the cycle; for a withdrawn worker, the stage they withdrew from and those before it."""
    if worker.stage != Stage.WITHDRAWN:
        return CYCLE[: CYCLE.index(worker.stage)]
    withdrawn_from = (
        TimelineEvent.objects.filter(
            worker=worker, kind=TimelineKind.STAGE, to_stage=Stage.WITHDRAWN
        )
        .order_by("-at")
        .values_list("from_stage", flat=True)
        .first()
    )
    if withdrawn_from not in CYCLE:
        return list(CYCLE)
    return CYCLE[: CYCLE.index(withdrawn_from) + 1]
