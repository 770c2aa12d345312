"""The dashboard's tables as CSV, XLSX and a printable PDF report. They take the tables as the
reader may see them (`dashboards.dashboard_for`), so a donor's export is suppressed as the page is.
"""

import io
import logging
from decimal import Decimal
from typing import Any

import weasyprint
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from weasyprint.urls import URLFetcher

from corridor.core.csvsafe import spreadsheet_file
from corridor.core.pdf import FONT_BOLD, FONT_REGULAR
from corridor.insights.dashboards import Section

SUPPRESSED = "<5"


def cell_text(section: Section, row: Any, column: Any) -> str:
    """A figure as a reader sees it: "<5" for a suppressed count, "-" for a hidden amount."""
    value = row.values.get(column.key)
    kind = section.kind_of(row, column)
    if value is None:
        return SUPPRESSED if kind == "count" else "-"
    if kind == "percent":
        return f"{value} %"
    if isinstance(value, Decimal):
        return f"{value:,.0f}".replace(",", " ")
    return f"{value:,}".replace(",", " ") if isinstance(value, int) else str(value)


def table_rows(section: Section) -> list[list[str]]:
    """Header, rows and the total row, as text."""
    rows = [[str(section.title), *(str(c.label) for c in section.columns)]]
    for row in section.rows:
        rows.append([str(row.label), *(cell_text(section, row, c) for c in section.columns)])
    if section.total is not None:
        total = section.total
        rows.append(
            [str(total.label), *(cell_text(section, total, c) if c.key in total.values else ""
                                 for c in section.columns)]
        )  # fmt: skip
    return rows


def _xlsx_value(section: Section, row: Any, column: Any) -> Any:
    value = row.values.get(column.key)
    if value is None:
        return SUPPRESSED if section.kind_of(row, column) == "count" else None
    return float(value) if isinstance(value, Decimal) else value


def as_csv(section: Section) -> bytes:
    return spreadsheet_file(table_rows(section))


def _text_not_formulas(sheet: Any) -> None:
    """openpyxl stores a string starting with "=" as a formula: the tables hold no formulas,
    so a label like that (an organisation named "=HYPERLINK(...)") is stored as text."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"


def as_xlsx(sections: list[Section]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])  # the empty sheet every new workbook starts with
    for section in sections:
        sheet = workbook.create_sheet(section.key[:31])
        sheet.append([str(section.title), *(str(c.label) for c in section.columns)])
        for row in [*section.rows, *([section.total] if section.total else [])]:
            sheet.append([str(row.label), *(_xlsx_value(section, row, c) for c in section.columns)])
        _text_not_formulas(sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# WeasyPrint's note about font subsetting is noise here, as for contracts.
logging.getLogger("weasyprint").setLevel(logging.ERROR)


class _BundledFontsOnly(URLFetcher):
    """The report loads its bundled fonts and nothing else, never the network."""

    allowed = frozenset({FONT_REGULAR.as_uri(), FONT_BOLD.as_uri()})

    def fetch(self, url: str, headers: Any = None) -> Any:
        if url not in self.allowed:
            raise ValueError(f"The report may only load its bundled fonts, not {url}")
        return super().fetch(url, headers)


def as_pdf(context: dict[str, Any]) -> bytes:
    """Every table of the dashboard on A4 pages, for printing or sending to a donor."""
    html = render_to_string(
        "insights/report_pdf.html",
        {
            **context,
            "font_regular": FONT_REGULAR.as_uri(),
            "font_bold": FONT_BOLD.as_uri(),
            "tables": [(s, table_rows(s)) for s in context["sections"]],
            "title": _("Programme figures"),
        },
    )
    pdf = weasyprint.HTML(
        string=html, url_fetcher=_BundledFontsOnly(fail_on_errors=True)
    ).write_pdf()
    assert pdf is not None  # write_pdf returns the bytes when no target is given
    return pdf
