"""The migration cycle (DOMAIN.md) and the shipped default rules for moving through it.

The rules themselves are data (StageTransition, StageRequirement in models.py), seeded from the
defaults below and edited by an administrator; stage_rules.py applies them.
"""

from typing import Any

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


class StageCheck(models.TextChoices):
    """The named checks a stage requirement may use; each has a function in stage_rules.CHECKS.

    The labels complete the sentence "Before <stage> the worker needs: ..."."""

    PROFILE_RECORDED = "profile_recorded", _("languages and an occupation or skills recorded")
    MATCHING_CONSENT = "matching_consent", _("consent to matching and sharing with employers")
    VALID_PASSPORT = "valid_passport", _("a passport valid on the day")
    CONTRACT_RECORDED = "contract_recorded", _("an employment contract recorded")
    LANGUAGE_CERTIFICATE = (
        "language_certificate",
        _("a valid certificate of Russian language, history and law"),
    )


S = Stage
CYCLE_SOURCE = "DOMAIN.md: the migration cycle"
PIPELINE_SOURCE = "Recruitment pipeline (recruitment.pipeline): the application's step"
FALLS_THROUGH = "Case work and recruitment pipeline: the match, offer or contract falls through"

# (from, to, source): the moves a worker may make. Moves back to correct a mistake are not
# listed: they are corrections (people.corrections), any earlier stage, with a reason.
DEFAULT_TRANSITIONS: list[tuple[str, str, str]] = [
    (S.REGISTERED, S.PROFILED, CYCLE_SOURCE + ", profiling interview after registration"),
    (S.PROFILED, S.IN_TRAINING, CYCLE_SOURCE + ", pre-departure training"),
    (S.PROFILED, S.JOB_READY, "Programme practice: a worker certified elsewhere needs no course"),
    (S.IN_TRAINING, S.JOB_READY, "Training: a course completed and passed (training app)"),
    (S.IN_TRAINING, S.PROFILED, "Case work: the worker leaves a course before its end"),
    (S.JOB_READY, S.MATCHED, PIPELINE_SOURCE + " shortlisted"),
    (S.MATCHED, S.OFFERED, PIPELINE_SOURCE + " offered"),
    (S.MATCHED, S.JOB_READY, FALLS_THROUGH),
    (S.OFFERED, S.MATCHED, FALLS_THROUGH),
    (S.OFFERED, S.JOB_READY, FALLS_THROUGH),
    (S.OFFERED, S.CONTRACTED, PIPELINE_SOURCE + " contracted, from an accepted offer"),
    (S.CONTRACTED, S.JOB_READY, FALLS_THROUGH),
    (S.CONTRACTED, S.DEPARTED, PIPELINE_SOURCE + " departed"),
    (S.DEPARTED, S.ARRIVED, PIPELINE_SOURCE + " arrived, confirmed by the employer"),
    (S.DEPARTED, S.RETURNED, "Case work: refused entry or sent back before arrival"),
    (S.ARRIVED, S.EMPLOYED, PIPELINE_SOURCE + " employed"),
    (S.ARRIVED, S.RETURNED, "Case work: the job fell through on arrival"),
    (S.EMPLOYED, S.RETURNED, CYCLE_SOURCE + ", return home at the end of the contract"),
    (S.RETURNED, S.REINTEGRATED, CYCLE_SOURCE + ", reintegration plan completed"),
    (S.RETURNED, S.JOB_READY, "Circular migration: a returned worker may go again"),
    (S.REINTEGRATED, S.JOB_READY, "Circular migration: a returned worker may go again"),
    *(
        (stage, S.WITHDRAWN, "Voluntary participation: a worker may withdraw at any time")
        for stage in CYCLE[:-1]
    ),
    (S.WITHDRAWN, S.REGISTERED, "Case work: a worker who withdrew comes back, registered anew"),
]

# (stage, check, source): what a worker needs before entering a stage.
DEFAULT_REQUIREMENTS: list[tuple[str, str, str]] = [
    (
        S.PROFILED,
        StageCheck.PROFILE_RECORDED,
        CYCLE_SOURCE + ": profiling records the worker's languages and skills",
    ),
    (
        S.JOB_READY,
        StageCheck.PROFILE_RECORDED,
        "Matching (recruitment.features) ranks by languages and occupation",
    ),
    (
        S.MATCHED,
        StageCheck.MATCHING_CONSENT,
        "IOM Data Protection Principles: consent before sharing with employers",
    ),
    (
        S.CONTRACTED,
        StageCheck.CONTRACT_RECORDED,
        "ILO General principles and operational guidelines for fair recruitment: terms in a "
        "written contract the worker understands, before departure",
    ),
    (
        S.DEPARTED,
        StageCheck.CONTRACT_RECORDED,
        "ILO General principles and operational guidelines for fair recruitment: the "
        "contract is made before departure",
    ),
    (
        S.DEPARTED,
        StageCheck.VALID_PASSPORT,
        "Federal Law 114-FZ (entry to Russia): a valid passport on the day of departure",
    ),
]


def seed_default_rules(transition_model: Any, requirement_model: Any) -> None:
    """Insert the shipped default rules (idempotent). Takes the models as arguments so that
    migrations can pass their historical models."""
    transition_model.objects.bulk_create(
        [
            transition_model(from_stage=from_, to_stage=to, source=source)
            for from_, to, source in DEFAULT_TRANSITIONS
        ],
        ignore_conflicts=True,
    )
    requirement_model.objects.bulk_create(
        [
            requirement_model(stage=stage, check_code=check, source=source)
            for stage, check, source in DEFAULT_REQUIREMENTS
        ],
        ignore_conflicts=True,
    )
