"""Contracts: generated from the accepted offer, confirmed by the worker, checked at arrival.

Contract substitution (a worse contract at arrival than the one offered) is a common abuse.
At arrival the employer records the actual terms; every difference that is worse for the worker
is flagged on the contract and counts on the employer's and the recruiter's record.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.accounts.roles import Permission
from corridor.core import audit
from corridor.core.audit import Actor
from corridor.core.models import AuditAction
from corridor.occupations.knowledge import unit_group_codes
from corridor.people import timeline
from corridor.people.models import Document, DocumentType, TimelineKind
from corridor.people.services import add_timeline_event
from corridor.people.timeline import TimelineMessage
from corridor.recruitment.contract_pdf import CONTRACT_LANGUAGES, render_contract_pdf
from corridor.recruitment.models import Application, ApplicationStatus, Contract
from corridor.recruitment.models.contracts import ContractLanguage
from corridor.recruitment.models.vacancies import Housing
from corridor.recruitment.pipeline import apply_step, parties, require_party

LANGUAGE_BY_CITIZENSHIP = {"UZ": "uz", "TJ": "tg", "KG": "ky"}


def contract_language(application: Application) -> str:
    """The worker's language for the second column: by citizenship, else English."""
    language = LANGUAGE_BY_CITIZENSHIP.get(application.worker.citizenship_id, "en")
    return language if language in CONTRACT_LANGUAGES else "en"


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def contract_terms(application: Application, number: str) -> dict[str, Any]:
    """The agreed terms as plain values: what the PDF shows and arrival is checked against."""
    vacancy, worker = application.vacancy, application.worker
    employer, recruiter = vacancy.employer, vacancy.recruiter
    passport = (
        Document.objects.filter(worker=worker, type=DocumentType.PASSPORT)
        .order_by("-expiry_date")
        .values_list("number", flat=True)
        .first()
    )
    return {
        "number": number,
        "date": timezone.localdate().isoformat(),
        "employer": {
            "name": employer.name,
            "inn": employer.inn,
            "ogrn": employer.ogrn,
            "region_name": employer.region.name_ru if employer.region else "",
            "address": vacancy.address,
        },
        "recruiter": {
            "name": recruiter.name,
            "licence_number": recruiter.licence_number,
            "licence_valid_until": _iso(recruiter.licence_valid_until),
        }
        if recruiter
        else None,
        "worker": {
            "full_name": worker.full_name,
            "full_name_latin": worker.full_name_latin,
            "birth_date": _iso(worker.birth_date),
            "citizenship": worker.citizenship_id,
            "passport_number": passport or "",
        },
        "job": {
            "title": vacancy.title,
            "isco_code": vacancy.isco_id,
            "isco_title_ru": vacancy.isco.title_ru,
            "isco_title_en": vacancy.isco.title_en,
        },
        "workplace": {
            "region_code": vacancy.region_id,
            "region_name": vacancy.region.name_ru,
            "address": vacancy.address,
        },
        "wage_rub": int(application.offered_wage_rub or 0),
        "hours_per_week": application.offered_hours_per_week,
        "schedule": vacancy.schedule,
        "rotation_days_on": vacancy.rotation_days_on,
        "rotation_days_off": vacancy.rotation_days_off,
        "housing": application.offered_housing or Housing.NONE,
        "housing_cost_rub": int(application.offered_housing_cost_rub or 0),
        "meals": vacancy.meals,
        "transport": vacancy.transport,
        "start_date": _iso(application.offered_start_date),
        "contract_months": application.offered_contract_months,
    }


def _number(application: Application) -> str:
    return f"C-{timezone.localdate().year}-{str(application.pk)[:8].upper()}"


@transaction.atomic
def generate_contract(*, actor: Actor, application: Application) -> Contract:
    """The contract PDF from the accepted offer; the application becomes "contracted"."""
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related(
            "vacancy__employer__region",
            "vacancy__recruiter",
            "vacancy__region",
            "vacancy__isco",
            "worker",
        )
        .get(pk=application.pk)
    )
    require_party(actor, parties(application))
    if application.status != ApplicationStatus.ACCEPTED:
        raise ValidationError({"status": _("A contract is made from an accepted offer.")})
    language = contract_language(application)
    terms = contract_terms(application, _number(application))
    pdf = render_contract_pdf(terms, language)
    contract = Contract(
        application=application,
        organisation_id=application.organisation_id,
        worker=application.worker,
        language=language,
        terms=terms,
        generated_by=actor.user if actor.user.is_authenticated else None,
    )
    contract.pdf.save(f"{terms['number']}.pdf", ContentFile(pdf), save=False)
    contract.save()
    add_timeline_event(
        application.worker,
        actor,
        TimelineKind.CONTRACT,
        message=TimelineMessage.CONTRACT_MADE,
        params={
            "number": terms["number"],
            "language": timeline.choice(ContractLanguage, contract.language),
        },
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=contract,
        worker_id=application.worker_id,
        changes={"number": [None, terms["number"]], "wage_rub": [None, terms["wage_rub"]]},
    )
    apply_step(actor, application, ApplicationStatus.CONTRACTED, terms["number"])
    return contract


@transaction.atomic
def confirm_receipt(*, actor: Actor, contract: Contract) -> Contract:
    """The worker (or their caseworker, recording it) confirms they received the contract."""
    contract = (
        Contract.objects.select_for_update(of=("self",))
        .select_related("worker")
        .get(pk=contract.pk)
    )
    is_self = contract.worker.user_id is not None and contract.worker.user_id == actor.user.pk
    if not is_self and not actor.user.has_perm_in(
        Permission.CHANGE_WORKERS, contract.worker.organisation_id
    ):
        raise PermissionDenied(_("Only the worker or their caseworker confirms receipt."))
    if contract.received_at is None:
        contract.received_at = timezone.now()
        contract.save(update_fields=["received_at", "updated_at"])
        add_timeline_event(
            contract.worker,
            actor,
            TimelineKind.CONTRACT,
            message=TimelineMessage.CONTRACT_RECEIVED,
            params={"number": contract.terms["number"]},
        )
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=contract,
            worker_id=contract.worker_id,
            changes={"received_at": [None, contract.received_at.isoformat()]},
        )
    return contract


def substitutions(offered: dict[str, Any], actual: dict[str, Any]) -> list[dict[str, Any]]:
    """Every way the actual terms are worse for the worker than the offered ones."""
    found: list[dict[str, Any]] = []

    def flag(field: str, was: Any, now: Any) -> None:
        found.append({"field": field, "offered": was, "actual": now})

    if actual["wage_rub"] < offered["wage_rub"]:
        flag("wage_rub", offered["wage_rub"], actual["wage_rub"])
    if (actual.get("hours_per_week") or 0) > (offered.get("hours_per_week") or 0):
        flag("hours_per_week", offered.get("hours_per_week"), actual["hours_per_week"])
    if actual["housing_cost_rub"] > offered.get("housing_cost_rub", 0):
        flag("housing_cost_rub", offered.get("housing_cost_rub", 0), actual["housing_cost_rub"])
    if (
        offered.get("housing") in {Housing.FREE, Housing.CHARGED, Housing.ALLOWANCE}
        and actual["housing"] == Housing.NONE
    ):
        flag("housing", offered.get("housing"), actual["housing"])
    if actual["isco_code"] != offered["job"]["isco_code"]:
        flag("isco_code", offered["job"]["isco_code"], actual["isco_code"])
    return found


@transaction.atomic
def record_actual_terms(
    *,
    actor: Actor,
    contract: Contract,
    wage_rub: Decimal,
    hours_per_week: int,
    housing: Housing | str,
    housing_cost_rub: Decimal,
    isco_code: str,
) -> Contract:
    """At arrival: what the employer actually gives. Worse differences are substitution."""
    contract = (
        Contract.objects.select_for_update(of=("self",))
        .select_related("application__vacancy", "worker")
        .get(pk=contract.pk)
    )
    require_party(actor, parties(contract.application))
    # Whole roubles, as the contract's terms are kept; the amounts come parsed.
    actual: dict[str, Any] = {
        "wage_rub": int(wage_rub),
        "hours_per_week": hours_per_week,
        "housing": str(housing),
        "housing_cost_rub": int(housing_cost_rub),
        "isco_code": isco_code,
    }
    if housing not in Housing.values:
        raise ValidationError({"housing": _("Unknown housing option.")})
    if actual["isco_code"] not in unit_group_codes():
        raise ValidationError({"isco_code": _("Choose an ISCO-08 unit group (four digits).")})
    if actual["wage_rub"] <= 0 or not 1 <= actual["hours_per_week"] <= 84:
        raise ValidationError({"wage_rub": _("Give the wage and the hours actually worked.")})
    flags = substitutions(contract.terms, actual)
    contract.actual_terms = actual
    contract.actual_recorded_at = timezone.now()
    contract.actual_recorded_by = actor.user
    contract.substitutions = flags
    contract.is_substituted = bool(flags)
    contract.save()
    if flags:
        add_timeline_event(
            contract.worker,
            actor,
            TimelineKind.CONTRACT,
            message=TimelineMessage.CONTRACT_SUBSTITUTED,
            params={"fields": ", ".join(f["field"] for f in flags)},
        )
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=contract,
        worker_id=contract.worker_id,
        changes={"actual_terms": [None, actual], "substitutions": [None, flags]},
    )
    return contract
