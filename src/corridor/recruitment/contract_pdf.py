"""The employment contract as a PDF: each clause in Russian beside the worker's language.

The text lives in `data/contract_clauses.json` (a template for lawyers to check, see its
"note"); this module fills it from the agreed terms (`Contract.terms`), renders
`recruitment/contract_pdf.html` and converts it with WeasyPrint using the DejaVu Sans files
shipped in `core/fonts/`, so the PDF looks the same on every machine. Nothing here touches the
database.

Besides the documented keys of `terms`, three optional ones are used when present (an em
dash otherwise): `term_ground` (the art. 59 ground for a fixed term), `place` (where the
contract is signed) and `worker.work_permit` (patent or work permit).
"""

import calendar
import datetime
import functools
import json
import logging
import string
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import weasyprint
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from weasyprint.urls import URLFetcher

from corridor.core.pdf import FONT_BOLD, FONT_REGULAR

# WeasyPrint notes at WARNING level that it subsets fonts with fontTools when the system lacks
# HarfBuzz-Subset; the PDF is the same, so the demo and the log stay quiet about it.
logging.getLogger("weasyprint").setLevel(logging.ERROR)

CONTRACT_LANGUAGES = ("uz", "tg", "ky", "en")
TEXT_LANGUAGES = ("ru", *CONTRACT_LANGUAGES)

MODULE_DIR = Path(__file__).resolve().parent
CLAUSES_PATH = MODULE_DIR / "data" / "contract_clauses.json"
TEMPLATE = "recruitment/contract_pdf.html"

DASH = "—"
NBSP = "\u00a0"
REQUIRED = ("number", "date", "wage_rub")
CHOICE_FIELDS = ("schedule", "housing", "meals", "transport")
NESTED = {
    "employer": ("name", "inn", "ogrn", "region_name", "address"),
    "recruiter": ("name", "licence_number", "licence_valid_until"),
    "worker": (
        "full_name",
        "full_name_latin",
        "birth_date",
        "citizenship",
        "passport_number",
        "work_permit",
    ),
    "job": ("title", "isco_code", "isco_title_ru", "isco_title_en"),
    "workplace": ("region_code", "region_name", "address"),
}
# (group, key): dates printed as DD.MM.YYYY; group None for a top-level key.
DATE_FIELDS = (
    (None, "date"),
    (None, "start_date"),
    ("worker", "birth_date"),
    ("recruiter", "licence_valid_until"),
)
MONEY_FIELDS = ("wage_rub", "housing_cost_rub")
PLAIN_FIELDS = (
    "number",
    "place",
    "term_ground",
    "hours_per_week",
    "rotation_days_on",
    "rotation_days_off",
    "contract_months",
)

# A clause with "only_if" is printed only when its condition holds for the terms.
CONDITIONS: dict[str, Callable[[Mapping[str, Any]], bool]] = {
    "rotation": lambda terms: terms.get("schedule") == "rotation",
    "recruiter": lambda terms: bool(terms.get("recruiter")),
    "no_recruiter": lambda terms: not terms.get("recruiter"),
}


@functools.cache
def contract_text() -> dict[str, Any]:
    """The clauses, labels and choice names from the shipped JSON (read once)."""
    return json.loads(CLAUSES_PATH.read_text(encoding="utf-8"))


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _plain(value: Any) -> str:
    return DASH if _missing(value) else str(value)


def _date(value: Any) -> str:
    """ISO dates as DD.MM.YYYY, the form used in all four countries; other text as given."""
    if _missing(value):
        return DASH
    try:
        return datetime.date.fromisoformat(str(value)).strftime("%d.%m.%Y")
    except ValueError:
        return str(value)


def _money(value: Any) -> str:
    """Whole roubles grouped by thousands with no-break spaces: 85 000."""
    if _missing(value):
        return DASH
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if amount == amount.to_integral_value():
        return f"{int(amount):,}".replace(",", NBSP)
    return f"{amount:,.2f}".replace(",", NBSP).replace(".", ",")


def _end_date(start: Any, months: Any) -> str:
    """The last day of a term of `months` months starting on `start` (inclusive)."""
    try:
        first = datetime.date.fromisoformat(str(start))
        count = int(months)
    except (TypeError, ValueError):
        return DASH
    if count <= 0:
        return DASH
    month_index = first.month - 1 + count
    year, month = first.year + month_index // 12, month_index % 12 + 1
    day = min(first.day, calendar.monthrange(year, month)[1])
    return (datetime.date(year, month, day) - datetime.timedelta(days=1)).strftime("%d.%m.%Y")


def _choice(kind: str, value: Any, column: str) -> str:
    labels = contract_text()["choices"][kind]
    return labels[value][column] if value in labels else DASH


def format_context(terms: Mapping[str, Any], language: str, column: str) -> dict[str, str]:
    """Every placeholder of the clauses, as text for one column (`column` is "ru" or the
    worker's language) of a contract in `language`. Missing values are an em dash."""
    context: dict[str, str] = {}
    for key in PLAIN_FIELDS:
        context[key] = _plain(terms.get(key))
    for group, keys in NESTED.items():
        values = terms.get(group) or {}
        for key in keys:
            context[f"{group}_{key}"] = _plain(values.get(key))
    for group_name, key in DATE_FIELDS:
        values = terms if group_name is None else (terms.get(group_name) or {})
        name = key if group_name is None else f"{group_name}_{key}"
        context[name] = _date(values.get(key))
    for key in MONEY_FIELDS:
        context[key] = _money(terms.get(key))
    for kind in CHOICE_FIELDS:
        context[f"{kind}_label"] = _choice(kind, terms.get(kind), column)
    job = terms.get("job") or {}
    # The ISCO title in English for the English column, in Russian for the others (the
    # workers' own languages have no official ISCO-08 titles); the other one if missing.
    preferred = (
        ("isco_title_en", "isco_title_ru") if column == "en" else ("isco_title_ru", "isco_title_en")
    )
    titles = [job.get(key) for key in preferred if not _missing(job.get(key))]
    context["job_isco_title"] = str(titles[0]) if titles else DASH
    context["end_date"] = _end_date(terms.get("start_date"), terms.get("contract_months"))
    context["worker_language"] = contract_text()["language_names"][language][column]
    return context


def _css_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    return '"' + escaped.replace("\n", "\\a ") + '"'


def _footer_css(template: str) -> str:
    """A label such as "Page {page} of {pages}" as a CSS `content` value with counters."""
    parts = []
    for literal, field, _, _ in string.Formatter().parse(template):
        if literal:
            parts.append(_css_string(literal))
        if field:
            if field not in ("page", "pages"):
                raise ValueError(f"Unknown page counter {field!r} in {template!r}")
            parts.append(f"counter({field})")
    return " ".join(parts)


def _check(terms: Mapping[str, Any], language: str) -> None:
    if language not in CONTRACT_LANGUAGES:
        raise ValueError(
            f"Unknown contract language {language!r}; expected one of {CONTRACT_LANGUAGES}"
        )
    missing = [key for key in REQUIRED if _missing(terms.get(key))]
    if missing:
        raise ValueError(f"Contract terms are missing: {', '.join(missing)}")


def contract_html(terms: Mapping[str, Any], language: str) -> str:
    """The contract as HTML for WeasyPrint (autoescaped Django template)."""
    _check(terms, language)
    text = contract_text()
    columns = ("ru", language)
    context = {column: format_context(terms, language, column) for column in columns}
    labels = {
        column: {
            name: value[column].format_map(context[column])
            for name, value in text["labels"].items()
            if name != "page_footer"  # its {page} and {pages} are CSS counters, see below
        }
        for column in columns
    }
    clauses: list[dict[str, Any]] = []
    for clause in text["clauses"]:
        condition = clause.get("only_if")
        if condition and not CONDITIONS[condition](terms):
            continue
        clauses.append(
            {
                "id": clause["id"],
                "number": len(clauses) + 1,
                "cells": [
                    {
                        "lang": column,
                        "title": clause["title"][column],
                        "text": clause[column].format_map(context[column]),
                    }
                    for column in columns
                ],
            }
        )
    # Trusted text from the shipped JSON, CSS-escaped: safe to put inside <style>.
    footer: SafeString = mark_safe(
        " ".join(
            [
                _footer_css(text["labels"]["page_footer"]["ru"]),
                _css_string(" / "),
                _footer_css(text["labels"]["page_footer"][language]),
            ]
        )
    )
    return render_to_string(
        TEMPLATE,
        {
            "language": language,
            "ru_label": labels["ru"],
            "tr_label": labels[language],
            "clauses": clauses,
            "ru": context["ru"],
            "font_regular": FONT_REGULAR.as_uri(),
            "font_bold": FONT_BOLD.as_uri(),
            "footer_content": footer,
        },
    )


class _LocalFetcher(URLFetcher):
    """Fetches only the bundled files: a contract never loads anything from the network."""

    allowed = frozenset({FONT_REGULAR.as_uri(), FONT_BOLD.as_uri()})

    def fetch(self, url: str, headers: Any = None) -> Any:
        if url not in self.allowed:
            raise ValueError(f"The contract may only load its bundled fonts, not {url}")
        return super().fetch(url, headers)


def contract_document(terms: Mapping[str, Any], language: str) -> weasyprint.Document:
    """The contract laid out in pages (WeasyPrint), before it is written as PDF."""
    html = contract_html(terms, language)
    return weasyprint.HTML(
        string=html,
        base_url=MODULE_DIR.as_uri() + "/",
        # A missing font is an error, not a silent fallback to whatever the machine has.
        url_fetcher=_LocalFetcher(fail_on_errors=True),
    ).render()


def render_contract_pdf(terms: Mapping[str, Any], language: str) -> bytes:
    """The contract as A4 PDF bytes; ValueError for an unknown language or missing terms."""
    pdf = contract_document(terms, language).write_pdf()
    assert pdf is not None  # write_pdf returns the bytes when no target is given
    return pdf
