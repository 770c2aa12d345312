"""Every interface language ships a whole catalogue (issue 15).

The English catalogue is the list of messages (English is the source text, so
its msgstr stay empty); every other language in settings.LANGUAGES translates
each of them, keeps its placeholders, and the machine-prepared ones (uz_Cyrl,
tg, ky) say on every entry that a native speaker has not read them yet.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation import get_language_info, to_locale

from corridor.core import pofile

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
TRANSLATED = [code for code, _ in settings.LANGUAGES if code != "en"]
MACHINE_PREPARED = ["uz-cyrl", "tg", "ky"]
REVIEW = "native review pending"
PLACEHOLDER_RE = re.compile(
    r"%(?:\([^)]*\))?[-#0 +]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[hlL]?[diouxXeEfFgGcrsa%]|\{[^{}\s]*\}"
)


def catalogue(code: str) -> tuple[pofile.Entry, list[pofile.Entry]]:
    return pofile.read(LOCALE_DIR / to_locale(code) / "LC_MESSAGES" / "django.po")


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER_RE.findall(pofile.unescape(text)))


def test_the_interface_languages() -> None:
    assert [code for code, _ in settings.LANGUAGES] == ["ru", "en", "uz", "uz-cyrl", "tg", "ky"]
    assert to_locale("uz-cyrl") == "uz_Cyrl"
    assert get_language_info("uz-cyrl")["name_local"] == "Ўзбекча"
    assert get_language_info("uz")["name_local"] == "oʻzbek tili"  # uz stays Latin


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_message_is_translated(code: str) -> None:
    _, source = catalogue("en")
    _, entries = catalogue(code)

    assert [e.key for e in entries] == [e.key for e in source]
    assert [e.key for e in entries if not e.translated] == []


@pytest.mark.parametrize("code", TRANSLATED)
def test_translations_keep_the_placeholders(code: str) -> None:
    _, entries = catalogue(code)
    wrong = []
    for entry in entries:
        if entry.msgid_plural is None:
            if placeholders(entry.msgstr[0]) != placeholders(entry.msgid):
                wrong.append(entry.msgid)
            continue
        # A form may leave the count out ("one code left"), never add one.
        allowed = set(placeholders(entry.msgid) + placeholders(entry.msgid_plural))
        if any(not set(placeholders(form)) <= allowed for form in entry.msgstr):
            wrong.append(entry.msgid)
        if placeholders(entry.msgstr[-1]) != placeholders(entry.msgid_plural):
            wrong.append(entry.msgid_plural)
    assert wrong == []


@pytest.mark.parametrize(("code", "forms"), [("tg", 2), ("ky", 2), ("uz-cyrl", 1)])
def test_plural_forms_match_the_header(code: str, forms: int) -> None:
    header, entries = catalogue(code)

    assert f"nplurals={forms};" in header.msgstr[0]
    assert {len(e.msgstr) for e in entries if e.msgid_plural is not None} == {forms}


@pytest.mark.parametrize("code", MACHINE_PREPARED)
def test_machine_prepared_catalogues_await_native_review(code: str) -> None:
    header, entries = catalogue(code)

    assert any("MACHINE-PREPARED" in line for line in header.translator_comments)
    assert [e.msgid for e in entries if REVIEW not in e.translator_comments] == []
    assert [e.msgid for e in entries if "fuzzy" in e.flags] == []  # fuzzy would hide them


# The title is also in Django's own catalogues; the line under the form is only in ours.
@pytest.mark.parametrize(
    ("code", "title", "worker_line"),
    [
        ("ru", "Войти", "Вы работник? Войдите по номеру телефона и коду от вашего центра"),
        ("en", "Log in", "A worker? Sign in with your phone and the code from your centre"),
        ("uz", "Kirish", "Ishchimisiz? Telefon raqamingiz va markaz bergan kod bilan kiring"),
        ("uz-cyrl", "Кириш", "Ишчимисиз? Телефон рақамингиз ва марказ берган код билан киринг"),
        (
            "tg",
            "Ворид шудан",
            "Шумо коргаред? Бо рақами телефон ва рамзе, ки маркази шумо додааст, ворид шавед",
        ),
        ("ky", "Кирүү", "Жумушчусузбу? Телефон номериңиз жана борборуңуз берген код менен кириңиз"),
    ],
)
def test_the_login_page_speaks_each_language(
    client, code: str, title: str, worker_line: str
) -> None:
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE=code)

    assert response.status_code == 200
    assert response.headers["Content-Language"] == code
    page = response.content.decode()
    assert f"<title>{title} · Corridor</title>" in page
    assert worker_line in page
