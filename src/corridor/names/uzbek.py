"""Uzbek running text from the Latin alphabet (1995) to the Uzbek Cyrillic one.

``transliterate.to_cyrillic`` spells a *name* the Russian way (o‘ -> о) for
display hints; this module writes *Uzbek* Cyrillic (oʻ -> ў, gʻ -> ғ, q -> қ,
h -> ҳ), letter for letter, for whole sentences such as the interface
catalogue.  It is deterministic and its output is the reverse of the Uzbek
table in ``transliterate`` (``to_latin(uzbek_to_cyrillic(x), language="uz")``
gives *x* back for native words).

What is not Uzbek text is kept byte for byte: Python and ``str.format``
placeholders, HTML tags and entities, URLs and e-mail addresses, words the
caller names in *keep* (product names, English column names) and upper-case
abbreviations from that list.  Russian loanwords whose Cyrillic spelling has
a letter the Latin one dropped (ь, ц, ъ) come from a small list of stems.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

from corridor.names.transliterate import _apply_case

__all__ = ["PROTECTED_RE", "uzbek_to_cyrillic"]

# The o‘/g‘ sign (U+02BB and the characters typed for it) and the tutuq
# (U+02BC and its stand-ins).  A plain apostrophe after o/g is the o‘ sign.
_OKINA_SIGNS = "\u02bb\u2018`'"
_TUTUQ_SIGNS = "\u02bc\u2019"

#: Spans that are not text: kept exactly as they are.
PROTECTED_RE = re.compile(
    r"%(?:\([^)]*\))?[-#0 +]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[hlL]?[diouxXeEfFgGcrsa%]"  # printf
    r"|\{\{|\}\}|\{[^{}\s]*\}"  # str.format fields and escaped braces
    r"|<[^<>]*>"  # HTML tags
    r"|&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);"  # HTML entities
    r"|(?:https?|ftp)://[^\s<>\"]+|www\.[^\s<>\"]+"  # URLs
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail addresses
)

# A word: letters with the o‘ and tutuq signs inside or after them (oʻ, gʻ at
# the end: "yoʻ"), so that signs are read together with their letter.
_WORD_RE = re.compile(rf"[^\W\d_](?:[^\W\d_]|[{_OKINA_SIGNS}{_TUTUQ_SIGNS}](?=[^\W\d_]))*")

_LETTERS: dict[str, str] = {
    "a": "а", "b": "б", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "ҳ",
    "i": "и", "j": "ж", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о",
    "p": "п", "q": "қ", "r": "р", "s": "с", "t": "т", "u": "у", "v": "в",
    "x": "х", "y": "й", "z": "з",
    # Not in the Uzbek alphabet; seen in loanwords and kept readable.
    "c": "к", "w": "в",
}  # fmt: skip
_DIGRAPHS: dict[str, str] = {
    "sh": "ш", "ch": "ч", "yo": "ё", "yu": "ю", "ya": "я", "ye": "е",
}  # fmt: skip
_VOWELS = frozenset("aeiou")
_TOKEN_RE = re.compile(
    rf"[og][{_OKINA_SIGNS}]|[{_OKINA_SIGNS}{_TUTUQ_SIGNS}]|sh|ch|ts(?=i[yo])"
    rf"|y(?=[og][{_OKINA_SIGNS}])|yo|yu|ya|ye|.",
    re.DOTALL,
)

# Loanwords (mostly from Russian) keep their Russian letters in Uzbek
# Cyrillic: the Latin spelling drops ь, writes ц as ts or s and ъ as y.  A
# word that starts with one of these stems gets the stem's Cyrillic spelling
# and the rest (an Uzbek suffix) letter by letter.
_LOAN_STEMS: dict[str, str] = {
    "aprel": "апрель", "dekabr": "декабрь", "fevral": "февраль",
    "filtr": "фильтр", "intervyu": "интервью", "iyul": "июль", "iyun": "июнь",
    "kompyuter": "компьютер", "kvitans": "квитанц", "litsenz": "лиценз", "litsey": "лицей",
    "model": "модель", "noyabr": "ноябрь", "obyekt": "объект",
    "oktabr": "октябрь", "panel": "панель", "parol": "пароль", "portfel": "портфель",
    "profil": "профиль", "rol": "роль", "sentabr": "сентябрь", "subyekt": "субъект",
    "tranzaks": "транзакц", "tsentr": "центр", "tsex": "цех", "yanvar": "январь",
}  # fmt: skip
_LOAN_RE = re.compile("|".join(sorted(_LOAN_STEMS, key=len, reverse=True)))


def _letters(low: str, original: str, all_caps: bool, begin: int = 0) -> str:
    """Spell ``low[begin:]`` (a lower-cased Latin word) in Cyrillic, cased as *original*."""
    out: list[str] = []
    for match in _TOKEN_RE.finditer(low, begin):
        piece = match.group()
        start = match.start()
        prev = low[start - 1] if start else ""
        if len(piece) == 2 and piece[0] in "og" and piece[1] in _OKINA_SIGNS:
            rendered = "ў" if piece[0] == "o" else "ғ"
        elif piece in _OKINA_SIGNS or piece in _TUTUQ_SIGNS:
            # After s/c the tutuq only keeps "sh"/"ch" apart (Isʼhoq -> Исҳоқ).
            nxt = low[match.end() : match.end() + 1]
            rendered = "" if prev in ("s", "c") and nxt == "h" else "ъ"
        elif piece == "ts":
            rendered = "ц"  # -tsiya, -tsion: every such word is a loanword
        elif piece == "e":
            # э at the start of a word and after a vowel (poeziya -> поэзия).
            rendered = "э" if not prev or prev in _VOWELS else "е"
        elif piece in _DIGRAPHS:
            rendered = _DIGRAPHS[piece]
        elif piece in _LETTERS:
            rendered = _LETTERS[piece]
        else:
            rendered = original[start : match.end()]  # a letter of no table: kept
        source = original[start]
        out.append(_apply_case(rendered, source != source.lower(), all_caps))
    return "".join(out)


def _word(word: str, keep: Collection[str]) -> str:
    if word in keep:
        return word
    if not all(ch.isascii() or ch in _OKINA_SIGNS or ch in _TUTUQ_SIGNS for ch in word):
        return word  # Cyrillic, or letters of another alphabet: not ours to change
    low = word.lower()
    all_caps = len(word) > 1 and word.isupper()
    loan = _LOAN_RE.match(low)
    if loan is None:
        return _letters(low, word, all_caps)
    stem = _LOAN_STEMS[loan.group()]
    if stem.endswith("ь") and low[loan.end() : loan.end() + 1] in _VOWELS:
        stem = stem[:-1]  # a vowel suffix drops the soft sign: profil-i -> профили
    head = _apply_case(stem, word[0] != low[0], all_caps)
    return head + _letters(low, word, all_caps, loan.end())


def _text(text: str, keep: Collection[str]) -> str:
    return _WORD_RE.sub(lambda m: _word(m.group(), keep), text)


def uzbek_to_cyrillic(text: str, *, keep: Collection[str] = ()) -> str:
    """Write Uzbek Latin *text* in the Uzbek Cyrillic alphabet.

    *keep* holds words to leave in Latin letters (``Corridor``, ``CSV``);
    placeholders, tags, entities, URLs and e-mail addresses are always kept.
    Each word keeps its case (``SHARTNOMA`` -> ``ШАРТНОМА``, ``Oʻqish`` ->
    ``Ўқиш``).

    >>> uzbek_to_cyrillic("Shartnoma %(number)s yoʻq")
    'Шартнома %(number)s йўқ'
    """
    text = unicodedata.normalize("NFC", text)
    out: list[str] = []
    last = 0
    for match in PROTECTED_RE.finditer(text):
        out.append(_text(text[last : match.start()], keep))
        out.append(match.group())
        last = match.end()
    out.append(_text(text[last:], keep))
    return "".join(out)
