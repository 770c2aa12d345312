"""Every worker page in every interface language: no message falls back to the English text.

Each gettext lookup made while a page renders is checked against the active language's
catalogue; a message the catalogue lacks (or has empty) is a miss. English is the source
language, so it is not walked."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.utils.translation import trans_real

from corridor.accounts.tests.factories import member
from corridor.portal.tests.factories import with_login
from corridor.recruitment.tests.factories import employer_user, job_ready_worker, vacancy

pytestmark = pytest.mark.django_db

PAGES = [
    "/my/",
    "/my/jobs/",
    "/my/applications/",
    "/my/payments/",
    "/my/certificates/",
    "/my/data/",
    "/my/settings/",
    "/workers/me/",
    "/complaints/mine/",
    "/complaints/mine/new/",
]
PUBLIC_PAGES = ["/my/register/", "/workers/sign-in/"]
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]


def _is_translation(text: str) -> bool:
    """Whether `text` is itself a translation in some interface language (the language switch
    shows every language's name in that language): looking it up again is no miss."""
    if not _TRANSLATIONS:
        for code, _name in settings.LANGUAGES:
            language: Any = trans_real.translation(code)
            _TRANSLATIONS.update(v for _k, v in language._catalog.items())
    return text in _TRANSLATIONS


_TRANSLATIONS: set[str] = set()


@pytest.fixture
def misses(monkeypatch) -> Iterator[list[str]]:
    found: list[str] = []
    plain = trans_real.DjangoTranslation.gettext
    plural = trans_real.DjangoTranslation.ngettext

    def gettext(self, message):
        translated = plain(self, message)
        # A label already translated (a language's name in the switch) is looked up again by
        # Django's language-info tags: that is no miss.
        if message and self._catalog.get(message) in (None, "") and not _is_translation(message):
            found.append(message)
        return translated

    def ngettext(self, singular, plural_form, number):
        if self._catalog.get((singular, 0)) in (None, ""):
            found.append(singular)
        return plural(self, singular, plural_form, number)

    monkeypatch.setattr(trans_real.DjangoTranslation, "gettext", gettext)
    monkeypatch.setattr(trans_real.DjangoTranslation, "ngettext", ngettext)
    yield found


@pytest.fixture
def worker_login():
    caseworker = member()
    vacancy(employer_user())
    worker = job_ready_worker(caseworker, phone="+998901234567")
    return with_login(worker)


def _walk(client, paths, language) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    for path in paths:
        assert client.get(path).status_code == 200, path


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_worker_page_is_translated(client, worker_login, misses, language):
    client.force_login(worker_login)

    _walk(client, PAGES, language)

    assert sorted(set(misses)) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_public_pages_a_worker_starts_from_are_translated(client, misses, language):
    _walk(client, PUBLIC_PAGES, language)

    assert sorted(set(misses)) == []
