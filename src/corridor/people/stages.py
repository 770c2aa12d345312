"""The migration cycle (DOMAIN.md) and which moves through it are allowed."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    REGISTERED = "registered", _("registered")
    PROFILED = "profiled", _("profiled")
    IN_TRAINING = "in_training", _("in training")
    JOB_READY = "job_ready", _("job-ready")
    MATCHED = "matched", _("matched")
    OFFERED = "offered", _("offered")
    CONTRACTED = "contracted", _("contracted")
    DEPARTED = "departed", _("departed")
    ARRIVED = "arrived", _("arrived")
    EMPLOYED = "employed", _("employed")
    RETURNED = "returned", _("returned")
    REINTEGRATED = "reintegrated", _("reintegrated")
    WITHDRAWN = "withdrawn", _("withdrawn")


CYCLE: list[str] = [s.value for s in Stage if s != Stage.WITHDRAWN]

# Moves back that happen in real case work: a match, offer or contract falls through and the
# worker is job-ready again; a withdrawn worker comes back and is registered anew.
BACKWARD_MOVES: dict[str, set[str]] = {
    Stage.MATCHED: {Stage.JOB_READY},
    Stage.OFFERED: {Stage.JOB_READY, Stage.MATCHED},
    Stage.CONTRACTED: {Stage.JOB_READY},
    Stage.WITHDRAWN: {Stage.REGISTERED},
    Stage.IN_TRAINING: {Stage.PROFILED},
}


def allowed_moves(current: str) -> list[str]:
    """Stages a worker at `current` may move to.

    Forward moves may skip stages (a worker trained elsewhere is job-ready at once); a worker may
    withdraw at any stage; backward moves only as listed above.
    """
    if current == Stage.WITHDRAWN:
        return sorted(BACKWARD_MOVES[Stage.WITHDRAWN])
    position = CYCLE.index(current)
    forward = CYCLE[position + 1 :]
    back = [s for s in CYCLE if s in BACKWARD_MOVES.get(current, set())]
    withdraw = [Stage.WITHDRAWN.value] if current != Stage.REINTEGRATED else []
    return back + forward + withdraw


def is_move_allowed(current: str, target: str) -> bool:
    return target in allowed_moves(current)
