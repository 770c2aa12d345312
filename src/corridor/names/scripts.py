"""Script detection and homoglyph repair for personal names.

Names in this project arrive in Latin (Uzbek 1995 alphabet, passport
transliterations) and Cyrillic (Russian, Uzbek, Tajik, Kyrgyz).  Data typed
on a keyboard that was switched mid-word often contains a Latin letter that
merely *looks* like its Cyrillic twin (Latin ``a`` inside ``Абдуллаев``).  Such
a word must be treated as Cyrillic, otherwise keys and transliterations of the
same name diverge.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum

__all__ = ["Script", "detect_script", "fix_lookalikes"]


class Script(StrEnum):
    """The writing system a piece of text is (mostly) written in."""

    LATIN = "latin"
    CYRILLIC = "cyrillic"
    MIXED = "mixed"
    UNKNOWN = "unknown"


# Character ranges rather than unicodedata.name() lookups: this code sits on
# the hot path of name_key(), and a range check in a compiled regex is cheap.
_CYR_CLASS = "\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f"
_LAT_CLASS = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff\u2c60-\u2c7f\ua720-\ua7ff"
_CYR_RE = re.compile(f"[{_CYR_CLASS}]")
_LAT_RE = re.compile(f"[{_LAT_CLASS}]")
# A "word" is a run of letters; digits, spaces and punctuation separate words.
_WORD_RE = re.compile(r"[^\W\d_]+")

# Latin letters whose upper-case glyph is indistinguishable from a Cyrillic
# letter, paired case-for-case so that replacing them preserves case.
_LATIN_LOOKS = "ABCEHKMOPTXYabcehkmoptxy"
_CYRIL_LOOKS = "АВСЕНКМОРТХУавсенкмортху"
_LAT_TO_CYR = str.maketrans(_LATIN_LOOKS, _CYRIL_LOOKS)
# The reverse direction additionally knows a few Cyrillic letters that exist
# only in other languages (Ukrainian і, Macedonian ј/ѕ) and are used in
# practice as homoglyphs of Latin i/j/s.
_CYR_TO_LAT = str.maketrans(_CYRIL_LOOKS + "ІіЈјЅѕ", _LATIN_LOOKS + "IiJjSs")
_LATIN_LOOKALIKES = frozenset(_LATIN_LOOKS)
_CYRILLIC_LOOKALIKES = frozenset(_CYRIL_LOOKS + "ІіЈјЅѕ")

# Below this share (and below two letters) a second script is treated as
# noise, e.g. one Latin initial next to a Cyrillic surname.
_MIXED_MIN_LETTERS = 2
_MIXED_MIN_SHARE = 0.1


def _is_cyrillic(ch: str) -> bool:
    """Return True for a Cyrillic letter."""
    return _CYR_RE.match(ch) is not None


def _is_latin(ch: str) -> bool:
    """Return True for a Latin letter (including accented Latin letters)."""
    return _LAT_RE.match(ch) is not None


def _count_scripts(word: str) -> tuple[int, int, bool, bool]:
    """Count Cyrillic and Latin letters in *word*.

    Also reports whether every Latin letter is a Cyrillic look-alike and
    whether every Cyrillic letter is a Latin look-alike; those flags decide
    which way a mixed word can be repaired.
    """
    cyr = lat = 0
    latin_all_lookalike = cyr_all_lookalike = True
    for ch in word:
        if _is_cyrillic(ch):
            cyr += 1
            if ch not in _CYRILLIC_LOOKALIKES:
                cyr_all_lookalike = False
        elif _is_latin(ch):
            lat += 1
            if ch not in _LATIN_LOOKALIKES:
                latin_all_lookalike = False
    return cyr, lat, latin_all_lookalike, cyr_all_lookalike


def _word_target(word: str) -> Script | None:
    """Decide which script a word that mixes both scripts really belongs to.

    A word can only be repaired towards Cyrillic when all of its Latin letters
    have Cyrillic twins (and vice versa); a word such as ``Shахзод`` that holds
    non-look-alike letters of both scripts is genuinely mixed and is left
    alone (None).  When both repairs are possible (every letter is a
    look-alike) the majority wins; a tie stays unrepaired.
    """
    cyr, lat, latin_ok, cyr_ok = _count_scripts(word)
    if not cyr or not lat:
        return None
    if latin_ok and cyr_ok:
        if cyr == lat:
            return None
        return Script.CYRILLIC if cyr > lat else Script.LATIN
    if latin_ok:
        return Script.CYRILLIC
    if cyr_ok:
        return Script.LATIN
    return None


def _fix_word(match: re.Match[str]) -> str:
    """Regex callback: rewrite one word's look-alikes into its own script."""
    word = match.group()
    target = _word_target(word)
    if target is Script.CYRILLIC:
        return word.translate(_LAT_TO_CYR)
    if target is Script.LATIN:
        return word.translate(_CYR_TO_LAT)
    return word


def fix_lookalikes(text: str) -> str:
    """Replace homoglyphs typed in the wrong script, word by word.

    Inside a word that is otherwise Cyrillic, Latin look-alike letters
    (``a o e c p x y k m t h b`` and their capitals) become their Cyrillic
    twins; inside an otherwise Latin word, Cyrillic look-alikes become Latin.
    Case is preserved and everything else in *text* is returned untouched.

    >>> fix_lookalikes("Aбдуллаев")  # Latin capital A
    'Абдуллаев'
    """
    # Fast path: most inputs are in one script and need no per-word work.
    if text.isascii() or _LAT_RE.search(text) is None or _CYR_RE.search(text) is None:
        return text
    return _WORD_RE.sub(_fix_word, text)


def detect_script(text: str) -> Script:
    """Tell which script *text* is written in, judging by letters only.

    Digits, punctuation and whitespace are ignored.  A word with a stray
    homoglyph counts wholly for the script it was meant to be in.  The result
    is ``MIXED`` only when the minority script has at least two letters and
    at least a tenth of all letters; ``UNKNOWN`` when there are no Latin or
    Cyrillic letters at all.
    """
    text = unicodedata.normalize("NFC", text)
    cyr_total = lat_total = 0
    for word in _WORD_RE.findall(text):
        cyr, lat, _, _ = _count_scripts(word)
        if cyr and lat:
            target = _word_target(word)
            if target is Script.CYRILLIC:
                cyr, lat = cyr + lat, 0
            elif target is Script.LATIN:
                cyr, lat = 0, cyr + lat
        cyr_total += cyr
        lat_total += lat
    total = cyr_total + lat_total
    if total == 0:
        return Script.UNKNOWN
    minority = min(cyr_total, lat_total)
    if minority >= _MIXED_MIN_LETTERS and minority >= _MIXED_MIN_SHARE * total:
        return Script.MIXED
    return Script.CYRILLIC if cyr_total > lat_total else Script.LATIN
