"""Recruitment pages: vacancies, matches, applications through to the contract, a worker's jobs
and fee ledger, and the record of recruiters and employers. Thin: they parse, call a service or
a query, and render."""

import uuid
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from corridor.accounts.models import Organisation, OrganisationType, signed_in_user
from corridor.accounts.roles import Permission
from corridor.core.audit import Actor
from corridor.core.forms import apply_errors
from corridor.core.scoping import get_for_user_or_404
from corridor.people.access import Section, workers_showing
from corridor.people.models import Worker
from corridor.people.services import record_view
from corridor.recruitment import contracts, fees, matching, pipeline, profiles, queries
from corridor.recruitment.forms import (
    CERTIFICATE_LABELS,
    ArrivalForm,
    EmployerStatusForm,
    JobProfileForm,
    MoveForm,
    OfferForm,
    PaymentForm,
    VacancyFilterForm,
    VacancyForm,
    VacancyLanguageFormSet,
    employer_choices,
    languages_from,
)
from corridor.recruitment.models import (
    Application,
    ApplicationStatus,
    Contract,
    Housing,
    Payment,
    Vacancy,
)
from corridor.recruitment.models.applications import is_programme_office_staff, next_steps
from corridor.recruitment.records import record_rows
from corridor.recruitment.vacancies import create_vacancy, set_employer_status, update_vacancy
from corridor.reference.models import Region

PAGE_SIZE = 25
MATCHES_ON_A_VACANCY = 20
VACANCIES_FOR_A_WORKER = 10

SUBSTITUTION_LABELS = {
    "wage_rub": gettext_lazy("wage"),
    "hours_per_week": gettext_lazy("hours per week"),
    "housing": gettext_lazy("housing"),
    "housing_cost_rub": gettext_lazy("housing cost"),
    "isco_code": gettext_lazy("occupation"),
}


# Shared helpers ---------------------------------------------------------------------------


def _user(request: HttpRequest) -> Any:
    return request.user


def _apply_errors(form: Any, error: ValidationError, renames: dict[str, str]) -> None:
    """Service errors onto the form, with the service's field names turned into the form's."""
    if hasattr(error, "error_dict"):
        error = ValidationError(
            {renames.get(field, field): items for field, items in error.message_dict.items()}
        )
    apply_errors(form, error)


def _acting_for(
    request: HttpRequest, permission: Permission, organisations: Iterable[Any]
) -> Actor:
    """The actor, for the first of `organisations` where the user holds `permission`."""
    allowed = _user(request).organisation_ids_with(permission)
    chosen = next((o for o in organisations if o is not None and o in allowed), None)
    return Actor.from_request(request, chosen or (allowed[0] if allowed else None))


def _percent(value: Any, digits: int = 1) -> str | None:
    if value is None:
        return None
    return number_format(Decimal(str(value)) * 100, digits, use_l10n=True)


def _explained(explanation: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Score factors as the pages show them: points out of 100, labels in the reader's language
    (a stored explanation keeps the language of whoever put the worker forward)."""
    return [
        {
            "label": matching.FACTOR_LABELS.get(item.get("factor", ""), item.get("label", "")),
            "detail": item.get("detail", ""),
            "points": _percent(item.get("points", 0)),
            "weight": _percent(item.get("weight", 0), 0),
        }
        for item in explanation
    ]


def _roubles(value: Any) -> str:
    return number_format(value, 0, use_l10n=True, force_grouping=True)


# Vacancies --------------------------------------------------------------------------------


def _may_see_vacancies(user: Any) -> bool:
    return (
        user.is_superuser
        or user.has_any_perm(Permission.VIEW_ALL_VACANCIES)
        or user.has_any_perm(Permission.MANAGE_VACANCIES)
    )


def _isco_prefix(vacancies: Any, prefix: str) -> Any:
    """Vacancies whose ISCO-08 code starts with `prefix` (a range: it uses the index)."""
    prefix = prefix[:4]
    return vacancies.filter(isco_id__gte=prefix, isco_id__lt=prefix + "~")


@login_required
def vacancy_list_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not _may_see_vacancies(user):
        raise PermissionDenied
    form = VacancyFilterForm(request.GET or None)
    vacancies = Vacancy.objects.for_user(user).select_related("employer", "region", "coded_title")
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        q = data["q"].strip()
        # Digits are an ISCO code; VacancyQuerySet.search's `isco_id__startswith` is not a
        # lookup a foreign key offers, so the prefix is matched here as a range.
        vacancies = _isco_prefix(vacancies, q) if q.isdigit() else vacancies.search(q)
        if data["status"]:
            vacancies = vacancies.filter(status=data["status"])
        if data["region"]:
            vacancies = vacancies.filter(region=data["region"])
        if data["isco"]:
            vacancies = _isco_prefix(vacancies, data["isco"])
    page = Paginator(vacancies, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "query": request.GET.copy(),
        "may_create": employer_choices(user).exists(),
    }
    htmx = getattr(request, "htmx", False)
    template = "recruitment/vacancy_list.html#results" if htmx else "recruitment/vacancy_list.html"
    return render(request, template, context)


def _vacancy_forms(request: HttpRequest, vacancy: Vacancy | None) -> tuple[VacancyForm, Any]:
    data = request.POST if request.method == "POST" else None
    initial_languages = None
    if vacancy is not None and data is None:
        initial_languages = [
            {"language": item.language_id, "level": item.level} for item in vacancy.languages.all()
        ]
    form = VacancyForm(data, instance=vacancy, user=request.user)
    languages = VacancyLanguageFormSet(data, prefix="lang", initial=initial_languages)
    return form, languages


VACANCY_ERRORS = {"isco_code": "isco"}


@login_required
def vacancy_create_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not employer_choices(user).exists():
        raise PermissionDenied
    form, languages = _vacancy_forms(request, None)
    if request.method == "POST" and all([form.is_valid(), languages.is_valid()]):
        data = form.cleaned_data
        employer, recruiter = data["employer"], data["recruiter"]
        try:
            vacancy = create_vacancy(
                actor=_acting_for(
                    request,
                    Permission.MANAGE_VACANCIES,
                    [employer.pk, getattr(recruiter, "pk", None)],
                ),
                employer=employer,
                recruiter=recruiter,
                region=data["region"],
                isco_code=data["isco"] or None,
                values=form.values(),
                languages=languages_from(languages),
            )
        except ValidationError as error:
            _apply_errors(form, error, VACANCY_ERRORS)
        else:
            messages.success(request, _("Vacancy “%(title)s” saved.") % {"title": vacancy.title})
            return redirect(vacancy)
    return render(
        request,
        "recruitment/vacancy_form.html",
        {"form": form, "languages": languages, "vacancy": None},
        status=422 if request.method == "POST" else 200,
    )


def _may_edit(user: Any, vacancy: Vacancy) -> bool:
    return Vacancy.objects.editable_by(user).filter(pk=vacancy.pk).exists()


@login_required
def vacancy_edit_view(request: HttpRequest, vacancy_id: uuid.UUID) -> HttpResponse:
    user = _user(request)
    vacancy = get_for_user_or_404(
        Vacancy.objects.select_related("employer", "recruiter", "isco"), user, pk=vacancy_id
    )
    if not _may_edit(user, vacancy):
        raise PermissionDenied
    form, languages = _vacancy_forms(request, vacancy)
    if request.method == "POST" and all([form.is_valid(), languages.is_valid()]):
        data = form.cleaned_data
        try:
            update_vacancy(
                actor=_acting_for(
                    request,
                    Permission.MANAGE_VACANCIES,
                    [vacancy.organisation_id, vacancy.employer_id, vacancy.recruiter_id],
                ),
                vacancy=vacancy,
                values=form.values(),
                region=data["region"],
                isco_code=data["isco"] or None,
                change_recruiter=True,
                recruiter=data["recruiter"],
                languages=languages_from(languages),
            )
        except ValidationError as error:
            _apply_errors(form, error, VACANCY_ERRORS)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(vacancy)
    return render(
        request,
        "recruitment/vacancy_form.html",
        {"form": form, "languages": languages, "vacancy": vacancy},
        status=422 if request.method == "POST" else 200,
    )


def _may_put_forward(user: Any) -> bool:
    return bool(user.is_superuser or user.has_any_perm(Permission.MANAGE_APPLICATIONS))


@login_required
def vacancy_detail_view(request: HttpRequest, vacancy_id: uuid.UUID) -> HttpResponse:
    user = _user(request)
    vacancy = get_for_user_or_404(
        Vacancy.objects.select_related(
            "employer", "recruiter", "region", "isco", "coded_title", "organisation"
        ),
        user,
        pk=vacancy_id,
    )
    applications = (
        Application.objects.for_user(user)
        .with_worker_shown(user)
        .filter(vacancy=vacancy)
        .select_related("worker")
    )
    matches: list[dict[str, Any]] = []
    may_see_matches = queries.candidate_scope(user, vacancy).sees_any
    if may_see_matches:
        items = queries.vacancy_candidates_or_404(
            user=user, vacancy=vacancy, limit=MATCHES_ON_A_VACANCY
        )
        shown = [item["worker"]["id"] for item in items if item["worker"]["id"]]
        applying = set(
            Application.objects.filter(vacancy=vacancy, worker_id__in=shown).values_list(
                "worker_id", flat=True
            )
        )
        matches = [
            {
                **item,
                "percent": round(item["score"] * 100),
                "factors": _explained(item["explanation"]),
                "applying": item["worker"]["id"] in applying,
            }
            for item in items
        ]
    context = {
        "vacancy": vacancy,
        "languages": vacancy.languages.select_related("language"),
        "certificates": [str(CERTIFICATE_LABELS.get(c, c)) for c in vacancy.certificates],
        "needs_review": bool(vacancy.coded_title and vacancy.coded_title.status == "needs_review"),
        "applications": applications,
        "matches": matches,
        "may_put_forward": vacancy.status == "open",
        "may_see_matches": may_see_matches,
        "may_edit": _may_edit(user, vacancy),
        "may_see_employer_record": _may_see_record(user, vacancy.employer),
        "may_see_recruiter_record": vacancy.recruiter is not None
        and _may_see_record(user, vacancy.recruiter),
    }
    return render(request, "recruitment/vacancy_detail.html", context)


@login_required
@require_POST
def put_forward_view(request: HttpRequest, vacancy_id: uuid.UUID) -> HttpResponse:
    """Put a matched worker forward: the application starts as "suggested"."""
    user = _user(request)
    vacancy = get_for_user_or_404(Vacancy.objects.all(), user, pk=vacancy_id)
    if not _may_put_forward(user):
        raise PermissionDenied
    # As in the API: a worker the user may not see answers 404 (decision 0011); the service
    # decides who may put forward, and checks consent and the vacancy's conditions.
    worker = queries.worker_to_put_forward_or_404(
        user=user, worker_id=request.POST.get("worker", "")
    )
    organisation = pipeline.acting_organisation(
        user, worker_organisation_id=worker.organisation_id, vacancy=vacancy
    )
    try:
        application = pipeline.create_application(
            actor=Actor.from_request(request, organisation),
            worker=worker,
            vacancy=vacancy,
            reason=request.POST.get("reason", "")[:500],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(vacancy)
    messages.success(request, _("%(reference)s put forward.") % {"reference": worker.reference})
    if Application.objects.for_user(user).filter(pk=application.pk).exists():
        return redirect(application)
    return redirect(vacancy)


# Applications -----------------------------------------------------------------------------


def _scoped_application(request: HttpRequest, application_id: uuid.UUID) -> Application:
    return get_for_user_or_404(
        Application.objects.with_worker_shown(request.user).select_related(
            "worker", "vacancy__employer", "vacancy__recruiter", "vacancy__region"
        ),
        request.user,
        pk=application_id,
    )


def _substitutions(contract: Contract) -> list[str]:
    """ "Contract substitution: wage 90 000 → 70 000", one line per worse term."""
    lines = []
    for flag in contract.substitutions:
        field = flag.get("field", "")
        was, now = flag.get("offered"), flag.get("actual")
        if field in {"wage_rub", "housing_cost_rub"}:
            was, now = _roubles(was or 0), _roubles(now or 0)
        elif field == "housing":
            was = Housing(was).label if was in Housing.values else was
            now = Housing(now).label if now in Housing.values else now
        lines.append(
            _("Contract substitution: %(what)s %(offered)s → %(actual)s")
            % {
                "what": SUBSTITUTION_LABELS.get(field, field),
                "offered": "—" if was in (None, "") else was,
                "actual": "—" if now in (None, "") else now,
            }
        )
    return lines


def _may_act(user: Any, application: Application) -> bool:
    allowed = set(user.organisation_ids_with(Permission.MANAGE_APPLICATIONS))
    return bool(is_programme_office_staff(user) or allowed & pipeline.parties(application))


def _actor_on(request: HttpRequest, application: Application) -> Actor:
    """The user acting on an application, for the organisation the pipeline expects."""
    organisation = pipeline.acting_organisation(
        _user(request),
        worker_organisation_id=application.organisation_id,
        vacancy=application.vacancy,
    )
    return Actor.from_request(request, organisation)


def _may_confirm(user: Any, contract: Contract, worker: Worker) -> bool:
    is_self = worker.user_id is not None and worker.user_id == user.pk
    return is_self or user.has_perm_in(Permission.CHANGE_WORKERS, worker.organisation_id)


def _application_context(
    request: HttpRequest, application: Application, **forms: Any
) -> dict[str, Any]:
    user = _user(request)
    worker = application.worker
    may_act = _may_act(user, application)
    allowed = pipeline.steps_for(_actor_on(request, application), application)
    steps = [step for step in next_steps(application.status) if step in allowed]
    contract = Contract.objects.filter(application=application).first()
    # A form sent back with its errors is shown again even if the step is no longer open.
    move_form = forms.get("move_form")
    if move_form is None and may_act:
        move_form = MoveForm(application=application, allowed=allowed)
        move_form = move_form if move_form.has_choices else None
    offer_form = forms.get("offer_form")
    if offer_form is None and may_act and ApplicationStatus.OFFERED in steps:
        offer_form = OfferForm(
            initial={
                "wage_rub": application.vacancy.wage_min,
                "hours_per_week": application.vacancy.hours_per_week,
                "housing": application.vacancy.housing,
                "housing_cost_rub": application.vacancy.housing_cost_rub,
                "start_date": application.vacancy.start_date,
                "contract_months": application.vacancy.contract_months,
            }
        )
    arrival_form = None
    if contract is not None:
        terms = contract.actual_terms or contract.terms
        arrival_form = forms.get("arrival_form") or ArrivalForm(
            initial={
                "wage_rub": terms.get("wage_rub"),
                "hours_per_week": terms.get("hours_per_week"),
                "housing": terms.get("housing"),
                "housing_cost_rub": terms.get("housing_cost_rub"),
                "isco": terms.get("isco_code") or terms.get("job", {}).get("isco_code"),
            }
        )
    return {
        "application": application,
        "vacancy": application.vacancy,
        "worker": worker,
        "worker_visible": bool(getattr(application, "worker_shown", False)),
        "steps": application.steps.select_related("by", "by_organisation"),
        "factors": _explained(application.match_explanation or []),
        "match_percent": round(application.match_score * 100)
        if application.match_score is not None
        else None,
        "may_act": may_act,
        "move_form": move_form,
        "offer_form": offer_form,
        "may_generate": may_act
        and application.status == ApplicationStatus.ACCEPTED
        and contract is None,
        "contract": contract,
        "may_confirm": contract is not None
        and contract.received_at is None
        and _may_confirm(user, contract, worker),
        "arrival_form": arrival_form if may_act else None,
        "substitutions": _substitutions(contract) if contract is not None else [],
    }


@login_required
def application_detail_view(request: HttpRequest, application_id: uuid.UUID) -> HttpResponse:
    application = _scoped_application(request, application_id)
    record_view(
        actor=Actor.from_request(request, channel="web"),
        worker=application.worker,
        what="application",
    )
    return render(
        request,
        "recruitment/application_detail.html",
        _application_context(request, application),
    )


def _application_action(
    request: HttpRequest,
    application_id: uuid.UUID,
    form_name: str,
    make_form: Callable[[Application], Any],
    action: Callable[[Application, Actor, dict[str, Any]], Any],
    done: str,
    renames: dict[str, str] | None = None,
) -> HttpResponse:
    """Run one form-backed step on the application page; on errors, show the page with them."""
    application = _scoped_application(request, application_id)
    form = make_form(application)
    if form.is_valid():
        actor = _actor_on(request, application)
        try:
            action(application, actor, form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error, renames or {})
        else:
            messages.success(request, done)
            return redirect(application)
    application.refresh_from_db()
    context = _application_context(request, application, **{form_name: form})
    return render(request, "recruitment/application_detail.html", context, status=422)


@login_required
@require_POST
def move_view(request: HttpRequest, application_id: uuid.UUID) -> HttpResponse:
    def act(application: Application, actor: Actor, data: dict[str, Any]) -> None:
        pipeline.move_application(
            actor=actor, application=application, status=data["status"], reason=data["reason"]
        )

    return _application_action(
        request,
        application_id,
        "move_form",
        lambda application: MoveForm(
            request.POST,
            application=application,
            allowed=pipeline.steps_for(_actor_on(request, application), application),
        ),
        act,
        _("Application moved."),
    )


@login_required
@require_POST
def offer_view(request: HttpRequest, application_id: uuid.UUID) -> HttpResponse:
    def act(application: Application, actor: Actor, data: dict[str, Any]) -> None:
        pipeline.make_offer(
            actor=actor,
            application=application,
            wage_rub=data["wage_rub"],
            hours_per_week=data["hours_per_week"],
            housing=data["housing"],
            housing_cost_rub=data["housing_cost_rub"] or 0,
            start_date=data["start_date"],
            contract_months=data["contract_months"],
        )

    return _application_action(
        request,
        application_id,
        "offer_form",
        lambda application: OfferForm(request.POST),
        act,
        _("Offer made."),
    )


@login_required
@require_POST
def generate_contract_view(request: HttpRequest, application_id: uuid.UUID) -> HttpResponse:
    application = _scoped_application(request, application_id)
    try:
        contracts.generate_contract(
            actor=_acting_for(
                request, Permission.MANAGE_APPLICATIONS, pipeline.parties(application)
            ),
            application=application,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Contract generated."))
    return redirect(application)


def _contract_of(application: Application) -> Contract:
    contract = Contract.objects.filter(application=application).first()
    if contract is None:
        raise Http404
    return contract


@login_required
def contract_pdf_view(request: HttpRequest, application_id: uuid.UUID) -> FileResponse:
    application = _scoped_application(request, application_id)
    contract = _contract_of(application)
    if not contract.pdf:
        raise Http404
    try:
        handle = contract.pdf.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    record_view(
        actor=Actor.from_request(request, application.organisation_id),
        worker=application.worker,
        what="contract",
    )
    return FileResponse(
        handle,
        content_type="application/pdf",
        as_attachment=True,
        filename=f"{contract.terms.get('number', 'contract')}.pdf",
    )


@login_required
@require_POST
def contract_received_view(request: HttpRequest, application_id: uuid.UUID) -> HttpResponse:
    application = _scoped_application(request, application_id)
    contract = _contract_of(application)
    contracts.confirm_receipt(
        actor=Actor.from_request(request, application.organisation_id), contract=contract
    )
    messages.success(request, _("Receipt of the contract recorded."))
    return redirect(application)


@login_required
@require_POST
def arrival_view(request: HttpRequest, application_id: uuid.UUID) -> HttpResponse:
    def act(application: Application, actor: Actor, data: dict[str, Any]) -> None:
        contracts.record_actual_terms(
            actor=actor,
            contract=_contract_of(application),
            wage_rub=data["wage_rub"],
            hours_per_week=data["hours_per_week"],
            housing=data["housing"],
            housing_cost_rub=data["housing_cost_rub"] or 0,
            isco_code=data["isco"],
        )

    return _application_action(
        request,
        application_id,
        "arrival_form",
        lambda application: ArrivalForm(request.POST),
        act,
        _("Terms at arrival recorded."),
        {"isco_code": "isco"},
    )


# A worker's jobs: profile, matches, applications, fees -------------------------------------


def _scoped_worker(request: HttpRequest, worker_id: uuid.UUID) -> Worker:
    """A worker whose job search the user may see: their centre's, their own (people.access).
    An employer or recruiter sees its own applications, never the worker's whole search."""
    return get_for_user_or_404(
        workers_showing(signed_in_user(request), Section.JOBS).select_related("organisation"),
        request.user,
        pk=worker_id,
    )


def _worker_applications(user: Any, worker: Worker) -> Any:
    return (
        Application.objects.for_user(user)
        .with_worker_shown(user)
        .filter(worker=worker)
        .select_related("vacancy__employer")
    )


def _jobs_context(request: HttpRequest, worker: Worker, **forms: Any) -> dict[str, Any]:
    user = _user(request)
    profile = profiles.job_profile_of(worker)
    values = profiles.job_profile_dict(profile)
    may_change = user.has_perm_in(Permission.CHANGE_WORKERS, worker.organisation_id)
    may_record_fees = user.has_perm_in(Permission.RECORD_FEES, worker.organisation_id)
    applications = _worker_applications(user, worker)
    best = [
        {
            **item,
            "percent": round(item["score"] * 100),
            "factors": _explained(item["explanation"]),
        }
        for item in queries.worker_vacancy_matches(
            user=user, worker=worker, limit=VACANCIES_FOR_A_WORKER
        )
    ]
    cost = fees.recruitment_cost(worker)
    profile_form = forms.get("profile_form") or JobProfileForm(initial=values)
    payment_form = forms.get("payment_form") or PaymentForm(user=user, applications=applications)
    return {
        "worker": worker,
        "profile": values,
        "profile_regions": Region.objects.filter(code__in=values["preferred_regions"]),
        "may_change": may_change,
        "profile_form": profile_form if may_change else None,
        "best": best,
        "applications": applications,
        "payments": Payment.objects.filter(worker=worker).select_related("payee_organisation"),
        "cost": cost,
        "cost_share": _percent(cost.share),
        "may_record_fees": may_record_fees,
        "payment_form": payment_form if may_record_fees else None,
    }


@login_required
def worker_jobs_view(request: HttpRequest, worker_id: uuid.UUID) -> HttpResponse:
    worker = _scoped_worker(request, worker_id)
    record_view(
        actor=Actor.from_request(request, worker.organisation_id), worker=worker, what="jobs"
    )
    return render(request, "recruitment/worker_jobs.html", _jobs_context(request, worker))


@login_required
@require_POST
def job_profile_view(request: HttpRequest, worker_id: uuid.UUID) -> HttpResponse:
    worker = _scoped_worker(request, worker_id)
    if not _user(request).has_perm_in(Permission.CHANGE_WORKERS, worker.organisation_id):
        raise PermissionDenied
    form = JobProfileForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            profiles.set_job_profile(
                actor=Actor.from_request(request, worker.organisation_id),
                worker=worker,
                preferred_regions=[region.code for region in data["preferred_regions"]],
                expected_wage_rub=data["expected_wage_rub"],
                available_from=data["available_from"],
                driving_licences=data["driving_licences"],
                accepts_rotation=data["accepts_rotation"],
            )
        except ValidationError as error:
            _apply_errors(form, error, {})
        else:
            messages.success(request, _("Job profile saved."))
            return redirect("recruitment:worker_jobs", worker.pk)
    context = _jobs_context(request, worker, profile_form=form)
    return render(request, "recruitment/worker_jobs.html", context, status=422)


@login_required
@require_POST
def payment_view(request: HttpRequest, worker_id: uuid.UUID) -> HttpResponse:
    user = _user(request)
    worker = _scoped_worker(request, worker_id)
    if not user.has_perm_in(Permission.RECORD_FEES, worker.organisation_id):
        raise PermissionDenied
    form = PaymentForm(
        request.POST,
        request.FILES,
        user=user,
        applications=_worker_applications(user, worker),
    )
    if form.is_valid():
        data = form.cleaned_data
        receipt = data["receipt"]
        if receipt is not None:
            # Never the uploaded name: it may carry the person's name.
            suffix = receipt.name.rsplit(".", 1)[-1].lower()[:5]
            receipt.name = f"{uuid.uuid4().hex}.{suffix}"
        try:
            payment = fees.record_payment(
                actor=Actor.from_request(request, worker.organisation_id),
                worker=worker,
                payee_type=data["payee_type"],
                payee_organisation=data["payee_organisation"],
                payee_name=data["payee_name"],
                purpose=data["purpose"],
                amount=data["amount"],
                currency=data["currency"],
                rate_to_rub=data["rate_to_rub"],
                paid_on=data["paid_on"],
                application=data["application"],
                note=data["note"],
                receipt=receipt,
            )
        except ValidationError as error:
            _apply_errors(form, error, {})
        else:
            if payment.should_employer_pay:
                messages.warning(
                    request,
                    _("Payment recorded. The employer should have paid this, not the worker."),
                )
            else:
                messages.success(request, _("Payment recorded."))
            return redirect("recruitment:worker_jobs", worker.pk)
    context = _jobs_context(request, worker, payment_form=form)
    return render(request, "recruitment/worker_jobs.html", context, status=422)


# Recruiters' and employers' record ---------------------------------------------------------


def _may_see_record(user: Any, organisation: Organisation) -> bool:
    """A recruiter's or employer's record: programme staff, and the organisation's members."""
    member = organisation.pk in {m.organisation_id for m in user.active_memberships}
    return bool(user.is_superuser or member or user.has_any_perm(Permission.VIEW_ALL_VACANCIES))


def _recorded_organisation(request: HttpRequest, organisation_id: uuid.UUID) -> Organisation:
    """A recruiter or employer, for programme staff and its own members; 404 for others."""
    user = _user(request)
    organisation = Organisation.objects.filter(
        pk=organisation_id, type__in=[OrganisationType.RECRUITER, OrganisationType.EMPLOYER]
    ).first()
    if organisation is None or not _may_see_record(user, organisation):
        raise Http404
    return organisation


def _record_context(
    request: HttpRequest, organisation: Organisation, status_form: Any = None
) -> dict[str, Any]:
    user = _user(request)
    is_employer = organisation.type == OrganisationType.EMPLOYER
    may_set_status = is_employer and bool(
        user.is_superuser or user.has_any_perm(Permission.MANAGE_EMPLOYERS)
    )
    context: dict[str, Any] = {
        "organisation": organisation,
        "is_employer": is_employer,
        "status_form": (
            status_form or EmployerStatusForm(initial={"status": organisation.employer_status})
        )
        if may_set_status
        else None,
        "other_rows": record_rows(organisation),
    }
    if is_employer:
        context["employer"] = fees.employer_record(organisation)
    else:
        record = fees.recruiter_record(organisation)
        context["recruiter"] = record
        context["mean_cost_share"] = _percent(record.mean_cost_share)
    return context


@login_required
def organisation_record_view(request: HttpRequest, organisation_id: uuid.UUID) -> HttpResponse:
    organisation = _recorded_organisation(request, organisation_id)
    return render(
        request, "recruitment/organisation_record.html", _record_context(request, organisation)
    )


@login_required
@require_POST
def employer_status_view(request: HttpRequest, organisation_id: uuid.UUID) -> HttpResponse:
    user = _user(request)
    organisation = _recorded_organisation(request, organisation_id)
    if organisation.type != OrganisationType.EMPLOYER:
        raise Http404
    if not (user.is_superuser or user.has_any_perm(Permission.MANAGE_EMPLOYERS)):
        raise PermissionDenied
    form = EmployerStatusForm(request.POST)
    if form.is_valid():
        try:
            set_employer_status(
                actor=_acting_for(request, Permission.MANAGE_EMPLOYERS, []),
                employer=organisation,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _apply_errors(form, error, {})
        else:
            messages.success(request, _("Employer status changed."))
            return redirect("recruitment:organisation_record", organisation.pk)
    context = _record_context(request, organisation, form)
    return render(request, "recruitment/organisation_record.html", context, status=422)
