"""Vacancy pages: the list, entering and changing a vacancy, its page with the matches, and
putting a matched worker forward."""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from corridor.accounts.models import User
from corridor.accounts.requests import signed_in_user
from corridor.accounts.roles import Permission
from corridor.core.audit import Actor
from corridor.core.forms import form_status, submit
from corridor.core.scoping import get_for_user_or_404
from corridor.recruitment import pipeline, queries
from corridor.recruitment.forms import (
    CERTIFICATE_LABELS,
    VacancyFilterForm,
    VacancyForm,
    VacancyLanguageFormSet,
    employer_choices,
    languages_from,
)
from corridor.recruitment.models import (
    Application,
    Vacancy,
)
from corridor.recruitment.vacancies import create_vacancy, update_vacancy
from corridor.recruitment.views.common import acting_for, explained, may_see_record

PAGE_SIZE = 25
MATCHES_ON_A_VACANCY = 20


def _may_see_vacancies(user: User) -> bool:
    return (
        user.is_superuser
        or user.has_any_perm(Permission.VIEW_ALL_VACANCIES)
        or user.has_any_perm(Permission.MANAGE_VACANCIES)
    )


@login_required
def vacancy_list_view(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not _may_see_vacancies(user):
        raise PermissionDenied
    form = VacancyFilterForm(request.GET or None)
    filters = queries.VacancyFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = queries.VacancyFilters(
            q=data["q"],
            status=data["status"] or None,
            region=data["region"].code if data["region"] else "",
            isco=data["isco"],
        )
    vacancies = queries.vacancy_list(user, filters)
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
    form = VacancyForm(data, instance=vacancy, user=signed_in_user(request))
    languages = VacancyLanguageFormSet(data, prefix="lang", initial=initial_languages)
    return form, languages


# The services name the occupation `isco_code`; the form calls its picker `isco`.
RENAMES = {"isco_code": "isco"}


@login_required
def vacancy_create_view(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not employer_choices(user).exists():
        raise PermissionDenied
    form, languages = _vacancy_forms(request, None)

    def create(data: dict[str, Any]) -> Vacancy:
        employer, recruiter = data["employer"], data["recruiter"]
        vacancy = create_vacancy(
            actor=acting_for(
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
        messages.success(request, _("Vacancy “%(title)s” saved.") % {"title": vacancy.title})
        return vacancy

    if languages.is_valid() and (done := submit(request, form, create, renames=RENAMES)).ok:
        assert done.result is not None
        return redirect(done.result)
    return render(
        request,
        "recruitment/vacancy_form.html",
        {"form": form, "languages": languages, "vacancy": None},
        status=form_status(request),
    )


def _may_edit(user: User, vacancy: Vacancy) -> bool:
    return Vacancy.objects.editable_by(user).filter(pk=vacancy.pk).exists()


@login_required
def vacancy_edit_view(request: HttpRequest, vacancy_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    vacancy = get_for_user_or_404(
        Vacancy.objects.select_related("employer", "recruiter", "isco"), user, pk=vacancy_id
    )
    if not _may_edit(user, vacancy):
        raise PermissionDenied
    form, languages = _vacancy_forms(request, vacancy)

    def update(data: dict[str, Any]) -> Vacancy:
        return update_vacancy(
            actor=acting_for(
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

    if languages.is_valid() and submit(request, form, update, renames=RENAMES).ok:
        messages.success(request, _("Changes saved."))
        return redirect(vacancy)
    return render(
        request,
        "recruitment/vacancy_form.html",
        {"form": form, "languages": languages, "vacancy": vacancy},
        status=form_status(request),
    )


def _may_put_forward(user: User) -> bool:
    return bool(user.is_superuser or user.has_any_perm(Permission.MANAGE_APPLICATIONS))


@login_required
def vacancy_detail_view(request: HttpRequest, vacancy_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    vacancy = get_for_user_or_404(
        Vacancy.objects.select_related(
            "employer", "recruiter", "region", "isco", "coded_title", "organisation"
        ),
        user,
        pk=vacancy_id,
    )
    applications = queries.application_list(user, queries.ApplicationFilters(vacancy=vacancy.pk))
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
                "factors": explained(item["explanation"]),
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
        "may_see_employer_record": may_see_record(user, vacancy.employer),
        "may_see_recruiter_record": vacancy.recruiter is not None
        and may_see_record(user, vacancy.recruiter),
    }
    return render(request, "recruitment/vacancy_detail.html", context)


@login_required
@require_POST
def put_forward_view(request: HttpRequest, vacancy_id: uuid.UUID) -> HttpResponse:
    """Put a matched worker forward: the application starts as "suggested"."""
    user = signed_in_user(request)
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
