"""A worker's job profile (what work they look for), and match results shaped for the outside."""

from datetime import date
from decimal import Decimal
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from corridor.accounts.permissions import require_permission_in
from corridor.accounts.roles import Permission
from corridor.core import audit
from corridor.core.audit import Actor
from corridor.core.bounds import check_bounds
from corridor.core.models import AuditAction
from corridor.people.models import Worker
from corridor.recruitment import matching
from corridor.recruitment.features import refresh_stale
from corridor.recruitment.matching import Scored
from corridor.recruitment.models import JobProfile, Vacancy
from corridor.recruitment.models.vacancies import DRIVING_LICENCE_CATEGORIES
from corridor.reference.models import Region


def job_profile_of(worker: Worker) -> JobProfile:
    """The worker's profile, or an unsaved empty one."""
    return JobProfile.objects.filter(worker=worker).first() or JobProfile(
        worker=worker, organisation_id=worker.organisation_id
    )


def job_profile_dict(profile: JobProfile) -> dict[str, Any]:
    return {
        "preferred_regions": sorted(r.code for r in profile.preferred_regions.all())
        if profile.pk
        else [],
        "expected_wage_rub": profile.expected_wage_rub,
        "available_from": profile.available_from,
        "driving_licences": list(profile.driving_licences),
        "accepts_rotation": profile.accepts_rotation,
    }


@transaction.atomic
def set_job_profile(
    *,
    actor: Actor,
    worker: Worker,
    preferred_regions: list[str],
    expected_wage_rub: Decimal | None,
    available_from: date | None,
    driving_licences: list[str],
    accepts_rotation: bool,
) -> JobProfile:
    """Record the work a worker looks for; audited like every change to their record."""
    require_permission_in(actor, Permission.CHANGE_WORKERS, worker.organisation)
    codes = sorted({c.strip().upper() for c in preferred_regions})
    regions = list(Region.objects.filter(code__in=codes, country_id="RU"))
    if len(regions) != len(codes):
        unknown = sorted(set(codes) - {r.code for r in regions})
        raise ValidationError(
            {
                "preferred_regions": _("Unknown Russian region: %(codes)s.")
                % {"codes": ", ".join(unknown)}
            }
        )
    licences = sorted({c.strip().upper() for c in driving_licences})
    if set(licences) - set(DRIVING_LICENCE_CATEGORIES):
        raise ValidationError({"driving_licences": _("Unknown licence category.")})
    profile = job_profile_of(worker)
    before = job_profile_dict(profile)
    profile.expected_wage_rub = expected_wage_rub
    profile.available_from = available_from
    profile.driving_licences = licences
    profile.accepts_rotation = accepts_rotation
    check_bounds(profile)
    profile.save()
    profile.preferred_regions.set(regions)
    # Matching reads the profile: marked here, recomputed once this transaction commits (the
    # mark stays if that fails, and the next ranking recomputes).
    Worker.objects.filter(pk=worker.pk).mark_match_features_stale()
    transaction.on_commit(partial(refresh_stale, worker_ids=[worker.pk]), robust=True)
    after = job_profile_dict(profile)
    changes = audit.diff(before, after)
    if changes:
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=profile,
            worker_id=worker.pk,
            changes=changes,
        )
    return profile


def _initials(worker: Any) -> str:
    return ".".join(p[:1] for p in (worker["family_name"], worker["given_name"]) if p) + "."


def _age(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def worker_match_items(ranked: list[Scored]) -> list[dict[str, Any]]:
    """Matched workers as the outside sees them: reference, initials, citizenship, age."""
    today = timezone.localdate()
    workers = {
        w["pk"]: w
        for w in Worker.objects.filter(pk__in=[s.worker_id for s in ranked]).values(
            "pk", "reference", "family_name", "given_name", "citizenship_id", "birth_date"
        )
    }
    return [
        {
            "worker": {
                "id": s.worker_id,
                "reference": workers[s.worker_id]["reference"],
                "initials": _initials(workers[s.worker_id]),
                "citizenship": workers[s.worker_id]["citizenship_id"],
                "age": _age(workers[s.worker_id]["birth_date"], today),
            },
            "score": s.score,
            "explanation": s.explanation(),
        }
        for s in ranked
        if s.worker_id in workers
    ]


def vacancy_match_items(ranked: list[Scored]) -> list[dict[str, Any]]:
    vacancies = Vacancy.objects.select_related("employer", "region").in_bulk(
        [s.vacancy_id for s in ranked]
    )
    return [
        {
            "vacancy": {
                "id": v.pk,
                "title": v.title,
                "isco_code": v.isco_id,
                "region": v.region_id,
                "region_name": v.region.name,
                "employer": v.employer.name,
                "wage_min": int(v.wage_min),
                "wage_max": int(v.wage_max),
            },
            "score": s.score,
            "explanation": s.explanation(),
        }
        for s in ranked
        if (v := vacancies.get(s.vacancy_id)) is not None
    ]


def percent(value: Any, digits: int = 1) -> str | None:
    if value is None:
        return None
    return number_format(Decimal(str(value)) * 100, digits, use_l10n=True)


def explained(explanation: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Score factors as the pages show them: points out of 100, labels in the reader's language
    (a stored explanation keeps the language of whoever put the worker forward)."""
    return [
        {
            "label": matching.FACTOR_LABELS.get(item.get("factor", ""), item.get("label", "")),
            "detail": item.get("detail", ""),
            "points": percent(item.get("points", 0)),
            "weight": percent(item.get("weight", 0), 0),
        }
        for item in explanation
    ]
