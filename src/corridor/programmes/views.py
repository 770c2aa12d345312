"""Programme pages: the list, a programme with its funders, indicators and results, the forms
programme managers edit them with, and the IATI file. Thin: they parse, call a service or a
query, and render."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from corridor.accounts.requests import signed_in_user
from corridor.core.audit import Actor
from corridor.core.forms import form_status, submit
from corridor.programmes import services
from corridor.programmes.forms import FundingForm, IndicatorForm, ManualResultForm, ProgrammeForm
from corridor.programmes.iati import IatiExportError, build_activities
from corridor.programmes.models import Funding, Indicator, Programme, Result, ResultSource
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
    if not may_read(signed_in_user(request)):
        raise PermissionDenied


def _require_edit(request: HttpRequest) -> None:
    if not may_edit(signed_in_user(request)):
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
    if not may_manage(signed_in_user(request), programme):
        raise Http404
    return programme


def _reported(request: HttpRequest, code: str) -> Programme:
    """The programme if the user's organisation is its office or one of its partners."""
    _require_edit(request)
    programme = _programme(code)
    if not may_report(signed_in_user(request), programme):
        raise Http404
    return programme


@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    _require_read(request)
    programmes = Programme.objects.prefetch_related("recipient_countries").order_by(
        "-period_start", "code"
    )
    return render(
        request,
        "programmes/programme_list.html",
        {"programmes": programmes, "may_edit": may_edit(signed_in_user(request))},
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
    suppress = not sees_small_counts(signed_in_user(request))
    return render(
        request,
        "programmes/programme_detail.html",
        {
            "programme": programme,
            "indicators": indicator_rows(programme, suppress=suppress),
            "may_edit": may_manage(signed_in_user(request), programme),
            "may_report": may_report(signed_in_user(request), programme),
            "dac_sectors": ProgrammeForm(instance=programme).dac_sector_names(),
        },
    )


def _programme_details(data: dict[str, Any]) -> services.ProgrammeDetails:
    """The form's fields beyond code, title, start and reporting office."""
    return {
        "goal": data["goal"],
        "description": data["description"],
        "period_end": data["period_end"],
        "status": data["status"],
        "iati_organisation_identifier": data["iati_organisation_identifier"],
        "activity_areas": data["activity_areas"],
        "dac_sectors": data["dac_sectors"],
        "recipient_countries": data["recipient_countries"],
        "implementing_partners": data["implementing_partners"],
        "target_sectors": data["target_sectors"],
    }


@login_required
def programme_create(request: HttpRequest) -> HttpResponse:
    _require_edit(request)
    form = ProgrammeForm(request.POST or None)

    def create(data: dict[str, Any]) -> Programme:
        return services.create_programme(
            actor=Actor.from_request(request),
            code=data["code"],
            title=data["title"],
            period_start=data["period_start"],
            reporting_organisation=data["reporting_organisation"],
            **_programme_details(data),
        )

    if (done := submit(request, form, create)).ok:
        messages.success(request, _("Programme saved."))
        return redirect(done.result)
    context = {"form": form, "programme": None}
    return render(request, "programmes/programme_form.html", context, status=form_status(request))


@login_required
def programme_edit(request: HttpRequest, code: str) -> HttpResponse:
    programme = _managed(request, code)
    form = ProgrammeForm(request.POST or None, instance=programme)

    def update(data: dict[str, Any]) -> Programme:
        # The code is shown but not editable: it names the programme in every IATI file.
        return services.update_programme(
            programme=programme,
            actor=Actor.from_request(request),
            title=data["title"],
            period_start=data["period_start"],
            reporting_organisation=data["reporting_organisation"],
            **_programme_details(data),
        )

    if submit(request, form, update).ok:
        messages.success(request, _("Programme saved."))
        return redirect(programme)
    context = {"form": form, "programme": programme}
    return render(request, "programmes/programme_form.html", context, status=form_status(request))


def _child_form(
    request: HttpRequest,
    programme: Programme,
    form: BaseForm,
    action: Callable[[dict[str, Any]], object],
    title: str,
    done: str,
) -> HttpResponse:
    """A form that adds one thing to a programme (a funder, an indicator, a result)."""
    if submit(request, form, action).ok:
        messages.success(request, done)
        return redirect(programme)
    context = {"form": form, "programme": programme, "title": title}
    return render(request, "programmes/child_form.html", context, status=form_status(request))


@login_required
def funding_add(request: HttpRequest, code: str) -> HttpResponse:
    programme = _managed(request, code)

    def add(data: dict[str, Any]) -> Funding:
        return services.add_funding(
            programme=programme,
            actor=Actor.from_request(request),
            funder=data["funder"],
            amount=data["amount"],
            currency=data["currency"],
            period_start=data["period_start"],
            period_end=data["period_end"],
        )

    form = FundingForm(request.POST or None)
    return _child_form(request, programme, form, add, _("Add a funder"), _("Saved."))


@login_required
def indicator_add(request: HttpRequest, code: str) -> HttpResponse:
    programme = _managed(request, code)

    def add(data: dict[str, Any]) -> Indicator:
        return services.add_indicator(
            programme=programme,
            actor=Actor.from_request(request),
            name=data["name"],
            unit=data["unit"],
            measure=data["measure"],
            is_ascending=data["is_ascending"],
            baseline_value=data["baseline_value"],
            baseline_year=data["baseline_year"],
            target_value=data["target_value"],
            target_year=data["target_year"],
            disaggregation=data["disaggregation"],
            metric=data["metric"],
        )

    form = IndicatorForm(request.POST or None)
    return _child_form(request, programme, form, add, _("Add an indicator"), _("Saved."))


@login_required
def result_add(request: HttpRequest, code: str) -> HttpResponse:
    programme = _reported(request, code)

    def record(data: dict[str, Any]) -> Result:
        return services.record_result(
            data["indicator"],
            data["period_start"],
            data["period_end"],
            data["value"],
            source=ResultSource.MANUAL,
            evidence=data["evidence"],
            actor=Actor.from_request(request),
        )

    form = ManualResultForm(request.POST or None, programme=programme)
    return _child_form(request, programme, form, record, _("Enter a result"), _("Result recorded."))


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
