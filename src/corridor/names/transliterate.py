"""Readable transliteration of names between Cyrillic and Latin, for display.

These functions produce what a person would expect to *read*; they are not
used for matching (see ``keys.py`` for that).  Cyrillic text is rendered with
the convention of the language its letters betray: Uzbek Cyrillic uses the
official 1995 Uzbek Latin alphabet, Tajik the common Tajik romanisation,
Kyrgyz and Russian the ICAO Doc 9303 passport standard, so the result looks
like what is printed in the person's own documents.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Literal

import iuliia

from corridor.names.scripts import _CYR_RE, _WORD_RE, fix_lookalikes

__all__ = ["Language", "to_cyrillic", "to_latin"]

#: A language whose Latin convention to_latin() can be told to use.
Language = Literal["ru", "uz", "tg", "ky"]

# Letters that only occur in one of the Central Asian Cyrillic alphabets.
# Tajik is checked first because it shares қ ғ ҳ with Uzbek.
_TAJIK_MARKERS = frozenset("ӣӯҷӢӮҶ")
_UZBEK_MARKERS = frozenset("ўқғҳЎҚҒҲ")
_KYRGYZ_MARKERS = frozenset("өүңӨҮҢ")

_RUSSIAN_LETTERS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
# ICAO Doc 9303 is a context-free letter mapping, so the per-letter table can
# be taken from iuliia once; handling case ourselves fixes iuliia's output
# for all-caps words ("ЩУКИН" -> "SHCHUKIN", not "ShchUKIN").
_ICAO: dict[str, str] = {ch: iuliia.ICAO_DOC_9303.translate(ch) for ch in _RUSSIAN_LETTERS}
_KYRGYZ: dict[str, str] = {**_ICAO, "ө": "o", "ү": "u", "ң": "ng"}

_OKINA = "\u2018"  # the project's chosen form of the o‘ / g‘ sign
_TUTUQ = "\u2019"  # hard sign / glottal stop

_UZBEK: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo",
    "ж": "j", "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "x", "ц": "s", "ч": "ch", "ш": "sh", "щ": "sh",
    "ъ": _TUTUQ, "ы": "i", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    "ў": "o" + _OKINA, "қ": "q", "ғ": "g" + _OKINA, "ҳ": "h",
}  # fmt: skip

_TAJIK: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ғ": "gh", "д": "d", "е": "e",
    "ё": "yo", "ж": "zh", "з": "z", "и": "i", "ӣ": "i", "й": "y", "к": "k",
    "қ": "q", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ӯ": "u", "ф": "f", "х": "kh", "ҳ": "h",
    "ц": "ts", "ч": "ch", "ҷ": "j", "ш": "sh", "щ": "shch", "ъ": _TUTUQ,
    "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip

# Letters a chosen table lacks (an Uzbek ў inside Kyrgyz text, Kazakh ә, ...)
# still must not leak Cyrillic into a Latin rendering.
_FALLBACK: dict[str, str] = {
    "ў": "o" + _OKINA, "қ": "q", "ғ": "g" + _OKINA, "ҳ": "h", "ӣ": "i",
    "ӯ": "u", "ҷ": "j", "ө": "o", "ү": "u", "ң": "ng", "ә": "a", "і": "i",
    "ұ": "u", "һ": "h", "є": "ye", "ї": "yi", "ґ": "g",
}  # fmt: skip

_VOWELS_CYR = frozenset("аеёиоуўэюяыӣӯөүәіұєї")
# In Uzbek, е is iotated after a vowel or a separator sign as well as at the
# start of a word; in Tajik romanisation only at the start ("Ҷӯраев" -> Juraev).
_UZBEK_YE_AFTER = _VOWELS_CYR | {"ъ", "ь"}


_TableChoice = tuple[Mapping[str, str], frozenset[str] | None]
# For each language: the letter table and the letters after which е becomes
# ye.  е also becomes ye at the start of a word, unless the second element is
# None (ICAO spells е as e everywhere).
_TABLES: dict[str, _TableChoice] = {
    "tg": (_TAJIK, frozenset()),
    "uz": (_UZBEK, _UZBEK_YE_AFTER),
    "ky": (_KYRGYZ, None),
    "ru": (_ICAO, None),
}


def guess_language(text: str) -> Language:
    """Guess the language of Cyrillic *text* from its distinctive letters."""
    letters = set(text)
    if letters & _TAJIK_MARKERS:
        return "tg"
    if letters & _UZBEK_MARKERS:
        return "uz"
    if letters & _KYRGYZ_MARKERS:
        return "ky"
    return "ru"


def _apply_case(rendered: str, source_upper: bool, all_caps: bool) -> str:
    """Give *rendered* the case of the source letter it came from."""
    if not source_upper or not rendered:
        return rendered
    if all_caps:
        return rendered.upper()
    return rendered[0].upper() + rendered[1:]


def _word_to_latin(word: str, table: Mapping[str, str], ye_after: frozenset[str] | None) -> str:
    """Transliterate one word letter by letter, keeping each letter's case."""
    all_caps = len(word) > 1 and word.isupper()
    out: list[str] = []
    prev = ""
    for index, ch in enumerate(word):
        low = ch.lower()
        rendered = table.get(low)
        if rendered is None:
            rendered = _FALLBACK.get(low)
        if rendered is None:
            out.append(ch)  # a Latin letter in a mixed text, or unknown
            prev = low
            continue
        if low == "е" and ye_after is not None:
            rendered = "ye" if index == 0 or prev in ye_after else "e"
        elif low == "ң" and word[index + 1 : index + 2].lower() == "г":
            rendered = "n"  # Чыңгыз is Chyngyz, not Chynggyz
        out.append(_apply_case(rendered, ch != low, all_caps))
        prev = low
    return "".join(out)


def to_latin(text: str, *, language: Language | None = None) -> str:
    """Render a (usually Cyrillic) name in Latin letters for display.

    The alphabet is chosen from the letters present: Tajik (ӣ ӯ ҷ) uses the
    common Tajik romanisation, Uzbek (ў қ ғ ҳ) the 1995 Uzbek Latin alphabet
    with ``‘`` (U+2018) in o‘/g‘, Kyrgyz (ө ү ң) and plain Russian ICAO
    Doc 9303.  Each word keeps its capitalisation (``ЩУКИН`` -> ``SHCHUKIN``).
    Text without Cyrillic letters is returned unchanged apart from NFC.

    Many Uzbek names contain none of the distinctive letters ("Андижон",
    "Шахзод") and would get ICAO; a caller that knows the language (e.g. from
    the person's citizenship) can pass *language* to force the convention.

    >>> to_latin("Ўткир Қодиров")
    'O‘tkir Qodirov'
    """
    text = unicodedata.normalize("NFC", text)
    if _CYR_RE.search(text) is None:
        return text
    # Repair homoglyphs first so that "Aбдуллаев" is transliterated as one
    # Cyrillic word instead of keeping a Latin letter in the middle.
    text = fix_lookalikes(text)
    if language is None:
        language = guess_language(text)
    elif language not in _TABLES:
        raise ValueError(f"unsupported language: {language!r}")
    table, ye_after = _TABLES[language]
    return _WORD_RE.sub(lambda m: _word_to_latin(m.group(), table, ye_after), text)


# --- Latin -> Cyrillic -------------------------------------------------------

_APOSTROPHES = "\u2018\u2019'`\u02bb\u02bc\u02b9\u00b4"
# Longest sequences first so that "shch" wins over "sh" and "sh" over "s".
# No soft sign is put before я/ю after a consonant: most Latin names here are
# Central Asian compounds (Muhammadyusuf -> Мухаммадюсуф) where ь is wrong.
_LATIN_TOKEN_RE = re.compile(
    rf"shch|dzh|yo[{_APOSTROPHES}]|[og][{_APOSTROPHES}]"
    r"|sh|ch|kh|zh|ts|dj|ph|gh|y[aueo]|.",
    re.DOTALL,
)
_LATIN_TO_CYR: dict[str, str] = {
    "shch": "щ", "dzh": "дж", "sh": "ш", "ch": "ч", "kh": "х", "zh": "ж",
    "ts": "ц", "dj": "дж", "ph": "ф", "gh": "г", "ya": "я", "yu": "ю",
    "yo": "ё", "ye": "е", "a": "а", "b": "б", "c": "к", "d": "д", "e": "е",
    "f": "ф", "g": "г", "h": "х", "i": "и", "j": "дж", "k": "к", "l": "л",
    "m": "м", "n": "н", "o": "о", "p": "п", "q": "к", "r": "р", "s": "с",
    "t": "т", "u": "у", "v": "в", "w": "в", "x": "х", "z": "з",
    # Letters seen in Turkic Latin spellings; enough to stay readable.
    "ş": "ш", "ç": "ч", "ğ": "г", "ı": "ы", "ö": "о", "ü": "у", "ä": "а",
    "é": "е", "ñ": "н", "ž": "ж", "š": "ш", "č": "ч",
}  # fmt: skip
for _apostrophe in _APOSTROPHES:
    # Uzbek o‘ and g‘ are plain о and г in Russian-style spelling (this also
    # keeps name_key(to_cyrillic(x)) == name_key(x)); a lone tutuq is dropped.
    _LATIN_TO_CYR["o" + _apostrophe] = "о"
    _LATIN_TO_CYR["g" + _apostrophe] = "г"
    _LATIN_TO_CYR["yo" + _apostrophe] = "йо"
    _LATIN_TO_CYR[_apostrophe] = ""
_LATIN_VOWELS = frozenset("aeiouy")
_LATIN_NAME_WORD_RE = re.compile(rf"[^\W\d_]+(?:[{_APOSTROPHES}]+[^\W\d_]+)*")


def _latin_word_to_cyrillic(word: str) -> str:
    """Render one Latin word in Cyrillic, keeping its capitalisation."""
    if _CYR_RE.search(word) is not None:
        return word  # already Cyrillic (or mixed): leave it to the caller
    # Lower-case letter by letter so positions in *low* match *word*.
    low = "".join(c.lower() if len(c.lower()) == 1 else c for c in word)
    all_caps = len(word) > 1 and word.isupper()
    out: list[str] = []
    for match in _LATIN_TOKEN_RE.finditer(low):
        piece = match.group()
        start = match.start()
        prev = low[start - 1] if start else ""
        after_consonant = prev.isalpha() and prev not in _LATIN_VOWELS
        if piece == "e" and start == 0:
            rendered = "э"  # Erkin -> Эркин, Eldor -> Элдор
        elif piece == "y":
            nxt = low[match.end() : match.end() + 1]
            # After a consonant and not before a vowel, y is the Russian ы
            # (Kyrgyz -> Кыргыз); otherwise it is й (Aygul -> Айгул).
            rendered = "ы" if after_consonant and nxt not in _LATIN_VOWELS else "й"
        else:
            rendered = _LATIN_TO_CYR.get(piece, word[start : match.end()])
        out.append(_apply_case(rendered, word[start] != low[start], all_caps))
    return "".join(out)


def to_cyrillic(text: str) -> str:
    """Best-effort Russian-style Cyrillic spelling of a Latin name.

    Meant for display hints ("Shahzod" -> "Шахзод", "O‘tkir" -> "Откир",
    "Jamshed" -> "Джамшед"), not for round-tripping.  Cyrillic words are left
    as they are; case is kept per word.
    """
    text = fix_lookalikes(unicodedata.normalize("NFC", text))
    return _LATIN_NAME_WORD_RE.sub(lambda m: _latin_word_to_cyrillic(m.group()), text)
