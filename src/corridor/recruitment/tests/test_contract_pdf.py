"""The bilingual contract PDF: text data, filled HTML and the laid-out pages.

No test here is marked django_db: pytest-django fails any database query, so these tests
also show that rendering a contract never touches the database. Text is read from the pages
WeasyPrint lays out (pypdf is not a dependency), walking the boxes of each page.
"""

import string
from collections.abc import Iterator
from typing import Any

import pytest
from weasyprint.formatting_structure.boxes import TextBox

from corridor.core.pdf import FONT_BOLD, FONT_REGULAR, FONTS_DIR
from corridor.recruitment.contract_pdf import (
    CONDITIONS,
    CONTRACT_LANGUAGES,
    DASH,
    TEXT_LANGUAGES,
    _LocalFetcher,
    contract_document,
    contract_html,
    contract_text,
    format_context,
    render_contract_pdf,
)
from corridor.recruitment.models.vacancies import Housing, Meals, Schedule, Transport

FULL_TERMS: dict[str, Any] = {
    "number": "C-2026-000123",
    "date": "2026-11-27",
    "employer": {
        "name": "ООО «СтройМонтаж»",
        "inn": "5036123456",
        "ogrn": "1155074001234",
        "region_name": "Московская область",
        "address": "г. Подольск, ул. Правды, д. 20",
    },
    "recruiter": {
        "name": "OOO «Ishonchli Yo‘l»",
        "licence_number": "L-0042",
        "licence_valid_until": "2028-12-31",
    },
    "worker": {
        "full_name": "Каримов Шахзод Рустамович",
        "full_name_latin": "Karimov Shahzod Rustamovich",
        "birth_date": "1995-03-14",
        "citizenship": "Узбекистан",
        "passport_number": "FA1234567",
    },
    "job": {
        "title": "Каменщик",
        "isco_code": "7112",
        "isco_title_ru": "Каменщики и рабочие родственных занятий",
        "isco_title_en": "Bricklayers and related workers",
    },
    "workplace": {
        "region_code": "50",
        "region_name": "Московская область",
        "address": "г. Подольск, стройплощадка «Северная»",
    },
    "wage_rub": 85000,
    "hours_per_week": 40,
    "schedule": "rotation",
    "rotation_days_on": 30,
    "rotation_days_off": 15,
    "housing": "charged",
    "housing_cost_rub": 5000,
    "meals": "subsidised",
    "transport": "both",
    "start_date": "2027-02-01",
    "contract_months": 12,
}

# Only what is required; every optional value missing in one way or another.
SPARSE_TERMS: dict[str, Any] = {
    "number": "C-2026-000124",
    "date": "2026-11-28",
    "employer": {"name": "ООО «Агро»", "inn": None, "ogrn": "", "region_name": None},
    "recruiter": None,
    "worker": {"full_name": "Раҳимов Ҷамшед", "full_name_latin": None, "birth_date": None},
    "job": None,
    "wage_rub": 70000,
    "hours_per_week": None,
    "schedule": None,
    "housing": None,
    "housing_cost_rub": None,
    "start_date": None,
    "contract_months": None,
}

# A phrase from the wage clause in each column's language.
WAGE_TITLES = {
    "ru": "Оплата труда",
    "uz": "Mehnatga haq toʻlash",
    "tg": "Музди меҳнат",
    "ky": "Эмгек акы",
    "en": "Wage",
}
NO_FEES_PHRASES = {
    "ru": "Работник не платит за трудоустройство",
    "uz": "Xodim ishga joylashish uchun toʻlamaydi",
    "tg": "Корманд барои ба кор ҷойгиршавӣ пардохт намекунад",
    "ky": "Кызматкер жумушка орношкону үчүн төлөбөйт",
    "en": "The worker pays nothing to be recruited",
}


def _box_texts(box: Any) -> Iterator[str]:
    if isinstance(box, TextBox):
        yield box.text
    for child in getattr(box, "children", ()):
        yield from _box_texts(child)


def _pages_text(terms: dict[str, Any], language: str) -> list[str]:
    """The text of each laid-out page, margin boxes (the footer) included, with runs of
    white space (no-break spaces too) made one space."""
    document = contract_document(terms, language)
    return [" ".join(" ".join(_box_texts(page._page_box)).split()) for page in document.pages]


def _fields(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


@pytest.fixture(scope="module")
def pages_by_language() -> dict[str, list[str]]:
    return {language: _pages_text(FULL_TERMS, language) for language in CONTRACT_LANGUAGES}


# --- the PDF ---------------------------------------------------------------------------


@pytest.mark.parametrize("language", CONTRACT_LANGUAGES)
def test_renders_a_pdf_in_every_language(language):
    pdf = render_contract_pdf(FULL_TERMS, language)
    assert isinstance(pdf, bytes)
    assert pdf.startswith(b"%PDF")
    assert pdf.rstrip().endswith(b"%%EOF")


@pytest.mark.parametrize("language", CONTRACT_LANGUAGES)
def test_pages_are_a4_and_use_only_the_bundled_font(language):
    document = contract_document(FULL_TERMS, language)
    assert len(document.pages) >= 2
    for page in document.pages:
        # A4 in CSS pixels (96 per inch): 210 mm x 297 mm.
        assert page.width == pytest.approx(210 / 25.4 * 96)
        assert page.height == pytest.approx(297 / 25.4 * 96)
    # Every glyph comes from the @font-face files: no fallback to a font of this machine.
    # (WeasyPrint collects the fonts while it writes the PDF.)
    assert document.write_pdf().startswith(b"%PDF")
    assert {font.family for font in document.fonts.values()} == {"Corridor DejaVu Sans"}


@pytest.mark.parametrize("language", CONTRACT_LANGUAGES)
def test_pdf_text_has_the_terms_and_both_languages(language, pages_by_language):
    text = " ".join(pages_by_language[language])
    assert "85 000" in text
    assert "ООО «СтройМонтаж»" in text
    assert "Каримов Шахзод Рустамович" in text
    assert "Karimov Shahzod Rustamovich" in text
    assert "C-2026-000123" in text
    assert "27.11.2026" in text
    assert "31.01.2028" in text  # twelve months from 01.02.2027, inclusive
    for column in ("ru", language):
        assert WAGE_TITLES[column] in text
        assert NO_FEES_PHRASES[column] in text


@pytest.mark.parametrize("language", CONTRACT_LANGUAGES)
def test_footer_numbers_the_pages_in_both_languages(language, pages_by_language):
    pages = pages_by_language[language]
    footers = {
        "uz": "{page}-sahifa, jami {pages}",
        "tg": "Саҳифаи {page} аз {pages}",
        "ky": "{page}-барак, бардыгы {pages}",
        "en": "Page {page} of {pages}",
    }
    for number, text in enumerate(pages, start=1):
        assert f"Страница {number} из {len(pages)}" in text
        assert footers[language].format(page=number, pages=len(pages)) in text
        assert "№ C-2026-000123 от 27.11.2026" in text


def test_clauses_stay_side_by_side_in_one_row():
    html = contract_html(FULL_TERMS, "tg")
    assert html.count('<td lang="ru">') == html.count('<td lang="tg">')
    assert '<tr id="clause-wage">' in html


def test_signature_lines_for_both_parties():
    text = _pages_text(FULL_TERMS, "en")[-1]
    assert "Подписи сторон / Signatures of the parties" in text
    assert "Работодатель / Employer" in text
    assert "Работник / Worker" in text
    assert "I have received my copy of this contract" in text


# --- missing values, conditions, escaping ----------------------------------------------


def test_missing_values_show_as_an_em_dash_not_none():
    pages = _pages_text(SPARSE_TERMS, "tg")
    text = " ".join(pages)
    assert "None" not in text
    assert "ИНН —; ОГРН —" in text
    assert "Раҳимов Ҷамшед (—)" in text
    assert "Режим работы: —." in text
    assert "Дата начала работы: —." in text
    assert "дата окончания: —" in text
    assert f"Жильё: {DASH}; стоимость для Работника: {DASH} руб." in text
    assert "Санаи ба кор шурӯъ кардан: —." in text
    assert "85 000" not in text and "70 000" in text


def test_format_context_turns_every_missing_value_into_a_dash():
    for column in ("ru", "uz"):
        context = format_context({"number": "X", "date": "2026-01-01", "wage_rub": 1}, "uz", column)
        missing = {key: value for key, value in context.items() if value == DASH}
        assert "employer_name" in missing and "worker_passport_number" in missing
        assert all(value and value != "None" for value in context.values())


def test_rotation_and_recruiter_clauses_follow_the_terms():
    rotation = contract_html(FULL_TERMS, "ky")
    assert 'id="clause-rotation"' in rotation
    assert 'id="clause-recruiter"' in rotation
    assert 'id="clause-no_recruiter"' not in rotation
    assert "L-0042" in rotation and "31.12.2028" in rotation

    direct = contract_html({**FULL_TERMS, "schedule": "shifts", "recruiter": None}, "ky")
    assert 'id="clause-rotation"' not in direct
    assert 'id="clause-recruiter"' not in direct
    assert 'id="clause-no_recruiter"' in direct


def test_values_are_html_escaped():
    terms = {**FULL_TERMS, "employer": {**FULL_TERMS["employer"], "name": "<b>Evil & Co</b>"}}
    html = contract_html(terms, "en")
    assert "<b>Evil" not in html
    assert "&lt;b&gt;Evil &amp; Co&lt;/b&gt;" in html


def test_values_that_look_like_placeholders_are_printed_as_they_are():
    terms = {**FULL_TERMS, "worker": {**FULL_TERMS["worker"], "full_name": "{wage_rub}"}}
    text = " ".join(_pages_text(terms, "en"))
    assert "Worker: {wage_rub} (Karimov" in text


@pytest.mark.parametrize(
    ("wage", "shown"), [(85000, "85\u00a0000"), (1234567, "1\u00a0234\u00a0567"), (0, "0")]
)
def test_roubles_are_grouped_by_thousands(wage, shown):
    assert format_context({**FULL_TERMS, "wage_rub": wage}, "en", "en")["wage_rub"] == shown


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        ("2027-02-01", 12, "31.01.2028"),
        ("2027-01-31", 1, "27.02.2027"),  # 28 February 2027, the day before, is the last
        ("2027-03-15", 6, "14.09.2027"),
        (None, 12, DASH),
        ("2027-02-01", None, DASH),
    ],
)
def test_end_date_is_the_last_day_of_the_term(start, months, end):
    terms = {**FULL_TERMS, "start_date": start, "contract_months": months}
    assert format_context(terms, "en", "ru")["end_date"] == end


# --- errors ----------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["ru", "fr", "", "UZ", "uz-Cyrl"])
def test_unknown_language_is_a_value_error(language):
    with pytest.raises(ValueError, match="language"):
        render_contract_pdf(FULL_TERMS, language)
    with pytest.raises(ValueError, match="language"):
        contract_html(FULL_TERMS, language)


@pytest.mark.parametrize("key", ["number", "date", "wage_rub"])
def test_required_terms_are_checked(key):
    with pytest.raises(ValueError, match=key):
        render_contract_pdf({**FULL_TERMS, key: None}, "en")


def test_only_the_bundled_fonts_can_be_loaded():
    fetcher = _LocalFetcher()
    for url in ("https://example.org/font.ttf", "file:///etc/passwd", FONTS_DIR.as_uri()):
        with pytest.raises(ValueError, match="bundled fonts"):
            fetcher.fetch(url)
    response = fetcher.fetch(FONT_REGULAR.as_uri())
    response.close()


def test_fonts_and_their_licence_are_shipped():
    html = contract_html(FULL_TERMS, "en")
    for font in (FONT_REGULAR, FONT_BOLD):
        assert font.read_bytes()[:4] == b"\x00\x01\x00\x00"  # a TrueType font
        assert f'url("{font.as_uri()}")' in html
    licence = (FONTS_DIR / "LICENSE-DejaVu.txt").read_text(encoding="utf-8")
    assert "Bitstream Vera" in licence
    assert "DejaVu changes are in public domain" in licence


# --- the clause data -------------------------------------------------------------------


def test_the_text_is_marked_as_a_template_for_lawyers():
    assert "lawyer" in contract_text()["note"]


def test_every_clause_has_all_five_languages_with_the_same_placeholders():
    clauses = contract_text()["clauses"]
    assert len({clause["id"] for clause in clauses}) == len(clauses)
    for clause in clauses:
        for entry in (clause, clause["title"]):
            for language in TEXT_LANGUAGES:
                assert isinstance(entry.get(language), str), (clause["id"], language)
                assert entry[language].strip(), (clause["id"], language)
            assert len({frozenset(_fields(entry[lang])) for lang in TEXT_LANGUAGES}) == 1, clause[
                "id"
            ]
        assert clause.get("only_if") in (None, *CONDITIONS)


@pytest.mark.parametrize("language", CONTRACT_LANGUAGES)
def test_every_placeholder_formats_from_a_full_terms_dict(language):
    text = contract_text()
    for column in ("ru", language):
        context = format_context(FULL_TERMS, language, column)
        for clause in text["clauses"]:
            formatted = clause[column].format_map(context)  # a KeyError fails the test
            assert "{" not in formatted and "None" not in formatted
        for name, label in text["labels"].items():
            if name != "page_footer":
                label[column].format_map(context)


def test_labels_and_choices_cover_all_languages_and_all_model_choices():
    text = contract_text()
    for label in text["labels"].values():
        assert set(label) == set(TEXT_LANGUAGES)
    model_choices = {
        "schedule": Schedule.values,
        "housing": Housing.values,
        "meals": Meals.values,
        "transport": Transport.values,
    }
    for kind, values in model_choices.items():
        assert set(text["choices"][kind]) == set(values), kind
        for value in values:
            assert set(text["choices"][kind][value]) == set(TEXT_LANGUAGES), (kind, value)
    for language in CONTRACT_LANGUAGES:
        names = text["language_names"][language]
        assert set(names) == set(TEXT_LANGUAGES)


def test_worker_scripts_use_their_own_letters():
    # A cheap check that the translations are written in each language's alphabet.
    text = contract_text()
    joined = {lang: " ".join(c[lang] for c in text["clauses"]) for lang in TEXT_LANGUAGES}
    assert "oʻ" in joined["uz"] and "gʻ" in joined["uz"]
    assert "'" not in joined["uz"]  # oʻ and gʻ with U+02BB, not an ASCII apostrophe
    assert all(letter in joined["tg"] for letter in "ӣӯқғҳҷ")
    assert all(letter in joined["ky"] for letter in "өү")
