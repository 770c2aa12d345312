"""Entering and changing vacancies, and the employers and recruiters behind them.

Every rule a vacancy must keep is checked here, whatever the door (page, API, import): the
employer is an active employer, the recruiter holds a valid licence, the wage range is a range,
the region is Russian, the occupation is an ISCO-08 unit group (coded from the title when none
is given, with unsure codes sent to the occupation review list).
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.accounts.models import EmployerStatus, Organisation, OrganisationType
from corridor.accounts.roles import Permission
from corridor.core import audit
from corridor.core.audit import Actor
from corridor.core.models import AuditAction
from corridor.occupations.knowledge import unit_group_codes
from corridor.occupations.services import code_title
from corridor.recruitment.features import LEVEL_RANK
from corridor.recruitment.models import Vacancy, VacancyLanguage, VacancyStatus
from corridor.recruitment.models.vacancies import CERTIFICATE_TYPES, DRIVING_LICENCE_CATEGORIES
from corridor.reference.models import Region

# Fields a vacancy takes from a form, the API or an import, and may change later.
EDITABLE = (
    "title",
    "description",
    "address",
    "places",
    "wage_min",
    "wage_max",
    "hours_per_week",
    "schedule",
    "rotation_days_on",
    "rotation_days_off",
    "contract_months",
    "start_date",
    "housing",
    "housing_cost_rub",
    "meals",
    "transport",
    "min_experience_years",
    "driving_licences",
    "certificates",
    "min_age",
    "open_to_foreign",
    "status",
    "source_url",
)


@dataclass(frozen=True)
class LanguageRequirement:
    language: str
    level: str


def check_employer(employer: Organisation) -> None:
    if employer.type != OrganisationType.EMPLOYER:
        raise ValidationError({"employer": _("This organisation is not an employer.")})
    if employer.employer_status == EmployerStatus.BLOCKED or not employer.is_active:
        raise ValidationError(
            {"employer": _("This employer is blocked: it cannot post vacancies.")}
        )


def check_recruiter(recruiter: Organisation | None) -> None:
    if recruiter is None:
        return
    if recruiter.type != OrganisationType.RECRUITER:
        raise ValidationError({"recruiter": _("This organisation is not a recruiter.")})
    if not recruiter.has_valid_licence():
        raise ValidationError(
            {"recruiter": _("This recruiter's licence is expired or revoked: no new work.")}
        )


def _money(value: Decimal | int, field: str) -> Decimal:
    """Whole roubles. The amount comes parsed (the form, the schema, the import's reader)."""
    amount = Decimal(value)
    if not amount.is_finite() or amount < 0:
        raise ValidationError({field: _("Give an amount in roubles, in digits.")})
    return amount.quantize(Decimal(1))


def clean_values(values: dict[str, Any]) -> dict[str, Any]:
    cleaned = {k: v for k, v in values.items() if k in EDITABLE}
    for field in ("wage_min", "wage_max", "housing_cost_rub"):
        if field in cleaned and cleaned[field] is not None:
            cleaned[field] = _money(cleaned[field], field)
    if "title" in cleaned:
        cleaned["title"] = " ".join(str(cleaned["title"]).split())[:300]
    licences = [str(c).strip().upper() for c in cleaned.get("driving_licences") or []]
    unknown = sorted(set(licences) - set(DRIVING_LICENCE_CATEGORIES))
    if unknown:
        raise ValidationError(
            {"driving_licences": _("Unknown licence category: %(c)s.") % {"c": ", ".join(unknown)}}
        )
    if "driving_licences" in cleaned:
        cleaned["driving_licences"] = sorted(set(licences))
    certificates = [str(c).strip() for c in cleaned.get("certificates") or []]
    if set(certificates) - set(CERTIFICATE_TYPES):
        raise ValidationError({"certificates": _("Unknown certificate type.")})
    if "certificates" in cleaned:
        cleaned["certificates"] = sorted(set(certificates))
    return cleaned


def resolve_region(region: Region | str) -> Region:
    if isinstance(region, Region):
        found: Region | None = region
    else:
        found = Region.objects.filter(code=str(region or "").strip().upper()).first()
    if found is None or found.country_id != "RU":
        raise ValidationError(
            {"region": _("Give a Russian region as an ISO 3166-2 code, e.g. RU-MOW.")}
        )
    return found


def set_occupation(vacancy: Vacancy, isco_code: str | None, *, provisional: bool = False) -> None:
    """A code given is checked; without one, the title is coded (unsure codes go to review).

    `provisional` is for imports, where no person is there to choose a code: a weak guess is
    then kept for review rather than the vacancy refused (`code_title(guess=True)`).
    """
    if isco_code:
        if isco_code not in unit_group_codes():
            raise ValidationError(
                {"isco_code": _("%(code)s is not an ISCO-08 unit group.") % {"code": isco_code}}
            )
        vacancy.isco_id = isco_code
        vacancy.coded_title = None
        return
    coded = code_title(vacancy.title, guess=provisional)
    if coded is None or coded.isco_id is None:
        raise ValidationError(
            {"isco_code": _("No occupation could be found in the title: choose an ISCO-08 code.")}
        )
    vacancy.isco_id = coded.isco_id
    vacancy.coded_title = coded


def set_languages(vacancy: Vacancy, languages: list[LanguageRequirement] | None) -> None:
    if languages is None:
        return
    vacancy.languages.all().delete()
    unique = {item.language: item for item in languages}
    VacancyLanguage.objects.bulk_create(
        VacancyLanguage(vacancy=vacancy, language_id=item.language, level=item.level)
        for item in unique.values()
    )
    vacancy.language_needs = {code: LEVEL_RANK[item.level] for code, item in unique.items()}
    vacancy.save(update_fields=["language_needs", "updated_at"])


def check_wages(vacancy: Vacancy) -> None:
    """The wage range, with messages of its own (the database's constraint names only itself)."""
    if vacancy.wage_min is None or vacancy.wage_min <= 0:
        raise ValidationError({"wage_min": _("Give the lowest monthly wage in roubles.")})
    if vacancy.wage_max is None or vacancy.wage_max < vacancy.wage_min:
        raise ValidationError({"wage_max": _("The highest wage cannot be below the lowest.")})


def validate_vacancy(vacancy: Vacancy, *, constraints: bool = True) -> None:
    """The rules with their own message first; then the model's, which name only a constraint.

    With `constraints=False` Django does not check each database constraint with a query of
    its own (seven a vacancy), nor look the new primary key up (a fresh random UUID): for a
    caller that checked them itself. The database still enforces them all.
    """
    check_wages(vacancy)
    try:
        vacancy.full_clean(
            exclude=["organisation", "employer", "recruiter", "isco", "region", "created_by"],
            validate_unique=constraints,
            validate_constraints=constraints,
        )
    except ValidationError as error:
        raise ValidationError(error.message_dict) from None


@transaction.atomic
def create_vacancy(
    *,
    actor: Actor,
    employer: Organisation,
    region: Region | str,
    values: dict[str, Any],
    isco_code: str | None = None,
    recruiter: Organisation | None = None,
    languages: list[LanguageRequirement] | None = None,
    source: str = "manual",
    source_id: str = "",
) -> Vacancy:
    """Enter a vacancy for `employer`, as a user who may manage vacancies for it."""
    user = actor.user
    # The employer itself, the recruiter it names, or programme staff who check employers.
    allowed = set(user.organisation_ids_with(Permission.MANAGE_VACANCIES))
    if not (
        user.is_superuser
        or user.has_any_perm(Permission.MANAGE_EMPLOYERS)
        or allowed & {employer.pk, getattr(recruiter, "pk", None)}
    ):
        raise PermissionDenied(_("You may not enter vacancies for this employer."))
    check_employer(employer)
    check_recruiter(recruiter)
    vacancy = Vacancy(
        organisation_id=actor.organisation_id or employer.pk,
        employer=employer,
        recruiter=recruiter,
        region=resolve_region(region),
        source=source,
        source_id=source_id,
        created_by=user if user.is_authenticated else None,
        **clean_values(values),
    )
    set_occupation(vacancy, isco_code)
    validate_vacancy(vacancy)
    vacancy.save()
    set_languages(vacancy, languages)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=vacancy,
        changes={"title": [None, vacancy.title], "isco": [None, vacancy.isco_id]},
    )
    return vacancy


def _snapshot(vacancy: Vacancy) -> dict[str, Any]:
    return {
        "isco": vacancy.isco_id,
        "region": vacancy.region_id,
        "recruiter": str(vacancy.recruiter_id or ""),
        **{f: getattr(vacancy, f) for f in EDITABLE},
    }


@transaction.atomic
def update_vacancy(
    *,
    actor: Actor,
    vacancy: Vacancy,
    values: dict[str, Any],
    region: Region | str | None = None,
    isco_code: str | None = None,
    change_recruiter: bool = False,
    recruiter: Organisation | None = None,
    languages: list[LanguageRequirement] | None = None,
) -> Vacancy:
    """Change a vacancy; the recruiter only with `change_recruiter` (None removes it)."""
    if not Vacancy.objects.editable_by(actor.user).filter(pk=vacancy.pk).exists():
        raise PermissionDenied(_("You may not change this vacancy."))
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    before = _snapshot(vacancy)
    for field, value in clean_values(values).items():
        setattr(vacancy, field, value)
    if region is not None:
        vacancy.region = resolve_region(region)
    if change_recruiter and recruiter != vacancy.recruiter:
        check_recruiter(recruiter)
        vacancy.recruiter = recruiter
    if isco_code:
        set_occupation(vacancy, isco_code)
    if vacancy.status == VacancyStatus.OPEN:
        check_employer(vacancy.employer)
    validate_vacancy(vacancy)
    vacancy.save()
    set_languages(vacancy, languages)
    changes = audit.diff(before, _snapshot(vacancy))
    if changes:
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=vacancy, changes=changes)
    return vacancy


@transaction.atomic
def set_employer_status(*, actor: Actor, employer: Organisation, status: str, reason: str) -> None:
    """Put an employer under review, block or reactivate it; blocking closes its open vacancies."""
    if not actor.user.has_any_perm(Permission.MANAGE_EMPLOYERS):
        raise PermissionDenied(_("You may not change an employer's status."))
    if status not in EmployerStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the status changes.")})
    before = employer.employer_status
    employer.employer_status = status
    employer.save(update_fields=["employer_status", "updated_at"])
    closed = 0
    if status == EmployerStatus.BLOCKED:
        closed = Vacancy.objects.filter(employer=employer, status=VacancyStatus.OPEN).update(
            status=VacancyStatus.CLOSED, updated_at=timezone.now()
        )
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=employer,
        changes={
            "employer_status": [before, status],
            "reason": [None, reason.strip()[:500]],
            "vacancies_closed": [None, closed],
        },
    )
