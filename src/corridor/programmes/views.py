"""Programme pages: the list, a programme with its funders, indicators and results, the forms
programme managers edit them with, and the IATI file. Thin: they parse, call a service or a
query, and render."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from corridor.core.audit import Actor
from corridor.programmes import services
from corridor.programmes.forms import FundingForm, IndicatorForm, ManualResultForm, ProgrammeForm
from corridor.programmes.iati import IatiExportError, build_activities
from corridor.programmes.models import Programme, ResultSource
from corridor.programmes.queries import (
    may_edit,
    may_manage,
    may_read,
    may_report,
    programmes_with_details,
    sees_small_counts,
    shown_breakdown,
    shown_value,
)


def _require_read(request: HttpRequest) -> None:
    if not may_read(request.user):
        raise PermissionDenied


def _require_edit(request: HttpRequest) -> None:
    if not may_edit(request.user):
        raise PermissionDenied


def _programme(code: str) -> Programme:
    try:
        return programmes_with_details().get(code=code)
    except Programme.DoesNotExist as error:
        raise Http404 from error


def _managed(request: HttpRequest, code: str) -> Programme:
    """The programme if the user's organisation is its office; 404 for a programme manager
    of any other organisation (403 for who manages no programme at all)."""
    _require_edit(request)
    programme = _programme(code)
    if not may_manage(request.user, programme):
        raise Http404
    return programme


def _reported(request: HttpRequest, code: str) -> Programme:
    """The programme if the user's organisation is its office or one of its partners."""
    _require_edit(request)
    programme = _programme(code)
    if not may_report(request.user, programme):
        raise Http404
    return programme


def _apply_errors(form: BaseForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, items in error.error_dict.items():
            form.add_error(field if field in form.fields else None, items)
    else:
        form.add_error(None, error)


def _invalid(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    return render(request, template, context, status=422)


@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    _require_read(request)
    programmes = Programme.objects.prefetch_related("recipient_countries").order_by(
        "-period_start", "code"
    )
    return render(
        request,
        "programmes/programme_list.html",
        {"programmes": programmes, "may_edit": may_edit(request.user)},
    )


def indicator_rows(programme: Programme, *, suppress: bool) -> list[dict[str, Any]]:
    """Each indicator with its latest current result, small counts hidden for `suppress`."""
    rows = []
    for indicator in programme.indicators.all():
        results = list(indicator.current_results)  # type: ignore[attr-defined]
        latest = max(results, key=lambda r: r.period_end, default=None)
        rows.append(
            {
                "indicator": indicator,
                "latest": latest,
                "latest_value": shown_value(indicator, latest.value, suppress=suppress)
                if latest
                else None,
                "latest_breakdown": shown_breakdown(
                    indicator, latest.disaggregated, suppress=suppress
                )
                if latest
                else None,
                "results": [
                    (r, shown_value(indicator, r.value, suppress=suppress)) for r in results
                ],
            }
        )
    return rows


@login_required
def programme_detail(request: HttpRequest, code: str) -> HttpResponse:
    _require_read(request)
    programme = _programme(code)
    suppress = not sees_small_counts(request.user)
    return render(
        request,
        "programmes/programme_detail.html",
        {
            "programme": programme,
            "indicators": indicator_rows(programme, suppress=suppress),
            "may_edit": may_manage(request.user, programme),
            "may_report": may_report(request.user, programme),
            "dac_sectors": ProgrammeForm(instance=programme).dac_sector_names(),
        },
    )


def _programme_fields(form: ProgrammeForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    if not form.instance._state.adding:
        data.pop("code", None)
    return data


@login_required
def programme_create(request: HttpRequest) -> HttpResponse:
    _require_edit(request)
    form = ProgrammeForm(request.POST or None)
    context = {"form": form, "programme": None}
    if request.method != "POST":
        return render(request, "programmes/programme_form.html", context)
    if form.is_valid():
        try:
            programme = services.create_programme(
                actor=Actor.from_request(request), **form.cleaned_data
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Programme saved."))
            return redirect(programme)
    return _invalid(request, "programmes/programme_form.html", context)


@login_required
def programme_edit(request: HttpRequest, code: str) -> HttpResponse:
    programme = _managed(request, code)
    form = ProgrammeForm(request.POST or None, instance=programme)
    context = {"form": form, "programme": programme}
    if request.method != "POST":
        return render(request, "programmes/programme_form.html", context)
    if form.is_valid():
        try:
            services.update_programme(
                programme=programme, actor=Actor.from_request(request), **_programme_fields(form)
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Programme saved."))
            return redirect(programme)
    return _invalid(request, "programmes/programme_form.html", context)


def _child_form(
    request: HttpRequest, code: str, form_class: Any, service: Any, title: str
) -> HttpResponse:
    """A form that adds one thing to the programme of one's office (a funder, an indicator)."""
    programme = _managed(request, code)
    form = form_class(request.POST or None)
    context = {"form": form, "programme": programme, "title": title}
    if request.method != "POST":
        return render(request, "programmes/child_form.html", context)
    if form.is_valid():
        try:
            service(programme, form.cleaned_data, Actor.from_request(request))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(programme)
    return _invalid(request, "programmes/child_form.html", context)


@login_required
def funding_add(request: HttpRequest, code: str) -> HttpResponse:
    return _child_form(
        request,
        code,
        FundingForm,
        lambda p, data, actor: services.add_funding(programme=p, actor=actor, **data),
        _("Add a funder"),
    )


@login_required
def indicator_add(request: HttpRequest, code: str) -> HttpResponse:
    return _child_form(
        request,
        code,
        IndicatorForm,
        lambda p, data, actor: services.add_indicator(programme=p, actor=actor, **data),
        _("Add an indicator"),
    )


def _record_manual(programme: Programme, data: dict[str, Any], actor: Actor) -> None:
    services.record_result(
        data["indicator"],
        data["period_start"],
        data["period_end"],
        data["value"],
        source=ResultSource.MANUAL,
        evidence=data["evidence"],
        actor=actor,
    )


@login_required
def result_add(request: HttpRequest, code: str) -> HttpResponse:
    programme = _reported(request, code)
    form = ManualResultForm(request.POST or None, programme=programme)
    context = {"form": form, "programme": programme, "title": _("Enter a result")}
    if request.method != "POST":
        return render(request, "programmes/child_form.html", context)
    if form.is_valid():
        try:
            _record_manual(programme, form.cleaned_data, Actor.from_request(request))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Result recorded."))
            return redirect(programme)
    return _invalid(request, "programmes/child_form.html", context)


@login_required
def iati_download(request: HttpRequest, code: str) -> HttpResponse:
    _require_read(request)
    programme = _programme(code)
    try:
        content = build_activities([programme])
    except IatiExportError as error:
        messages.error(request, " ".join(error.problems[:5]))
        return redirect(programme)
    response = HttpResponse(content, content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="iati-{programme.code}.xml"'
    return response
