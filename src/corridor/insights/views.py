"""The dashboards: the whole system or one programme, as the reader may see them, with each
table's CSV and XLSX and a printable PDF report. Thin: parse the filters, build, render."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from corridor.accounts.models import User
from corridor.accounts.requests import signed_in_user
from corridor.accounts.roles import Permission
from corridor.insights import exports
from corridor.insights.dashboards import Section, dashboard_for, section_as_data
from corridor.insights.filters import DashboardFilterForm
from corridor.insights.refresh import latest_snapshot
from corridor.insights.scope import Scope

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def require_aggregates(user: User) -> None:
    if not user.has_any_perm(Permission.VIEW_AGGREGATES):
        raise PermissionDenied


def scope_text(scope: Scope) -> str:
    parts = [
        f"{scope.start:%Y-%m}" if scope.start else "…",
        "–",
        f"{scope.end:%Y-%m}" if scope.end else "…",
    ]
    if scope.countries:
        parts.append(" · " + ", ".join(scope.countries))
    if scope.citizenship:
        parts.append(" · " + scope.citizenship)
    if scope.sex:
        parts.append(" · " + scope.sex)
    return "".join(parts)


def _read(request: HttpRequest) -> tuple[DashboardFilterForm, Scope | None]:
    require_aggregates(signed_in_user(request))
    form = DashboardFilterForm(request.GET or None)
    if request.GET and not form.is_valid():
        return form, None
    return form, form.scope() if request.GET else Scope()


def _display(section: Section) -> dict[str, Any]:
    return {
        "section": section,
        "rows": exports.table_rows(section)[1 : len(section.rows) + 1],
        "total": exports.table_rows(section)[-1] if section.total else None,
    }


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    form, scope = _read(request)
    if scope is None:
        return render(request, "insights/dashboard.html", {"form": form}, status=422)
    sections, exact = dashboard_for(signed_in_user(request), scope)
    return render(
        request,
        "insights/dashboard.html",
        {
            "form": form,
            "exact": exact,
            "tables": [_display(s) for s in sections],
            "chart_data": [section_as_data(s) for s in sections if s.chart],
            "snapshot": latest_snapshot(),
            "scope_text": scope_text(scope),
            "query": request.GET.urlencode(),
        },
    )


class BadFilters(Exception):
    pass


def _sections(request: HttpRequest) -> tuple[list[Section], bool, Scope]:
    _form, scope = _read(request)
    if scope is None:
        raise BadFilters
    sections, exact = dashboard_for(signed_in_user(request), scope)
    return sections, exact, scope


def _bad_filters() -> HttpResponse:
    # The page shows what is wrong with them; an export just refuses.
    return HttpResponse(_("Check the filters on the dashboard page."), status=422)


@login_required
def export_table(request: HttpRequest, key: str, extension: str) -> HttpResponse:
    try:
        sections, _exact, _scope = _sections(request)
    except BadFilters:
        return _bad_filters()
    section = next((s for s in sections if s.key == key), None)
    if section is None:
        raise Http404
    if extension == "csv":
        response = HttpResponse(exports.as_csv(section), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(exports.as_xlsx([section]), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="corridor-{key}.{extension}"'
    return response


@login_required
def export_workbook(request: HttpRequest) -> HttpResponse:
    try:
        sections, _exact, _scope = _sections(request)
    except BadFilters:
        return _bad_filters()
    response = HttpResponse(exports.as_xlsx(sections), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="corridor-dashboard.xlsx"'
    return response


@login_required
def report_pdf(request: HttpRequest) -> HttpResponse:
    try:
        sections, exact, scope = _sections(request)
    except BadFilters:
        return _bad_filters()
    pdf = exports.as_pdf(
        {
            "sections": sections,
            "exact": exact,
            "snapshot": latest_snapshot(),
            "scope_text": scope_text(scope),
        }
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="corridor-report.pdf"'
    return response
