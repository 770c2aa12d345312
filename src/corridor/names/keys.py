"""Search and record-linkage keys for personal names.

One person's name reaches us spelled many ways: Cyrillic (Russian, Uzbek,
Tajik, Kyrgyz letters), the Uzbek 1995 Latin alphabet with any of half a
dozen apostrophe characters, ICAO passport transliteration, and ad-hoc
English spellings.  ``name_key`` folds all of them into one lower-case ASCII
"skeleton" so that equal keys mean "probably the same name".  The folding is
deliberately lossy (it merges kh/h/x, q/k, doubled letters, y-glides) because
a missed match costs more here than an extra candidate.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from corridor.names.scripts import fix_lookalikes

__all__ = [
    "father_name_stem",
    "name_key",
    "name_keys",
    "patronymic_stem",
    "query_keys",
    "surname_stem",
]

_APOSTROPHES = "\u02bb\u02bc\u02b9\u2018\u2019\u201b\u2032\u00b4\u0060'\""

# One flat Cyrillic -> Latin table for every alphabet we meet.  It does not
# need to be a pleasant transliteration, only to land on the same skeleton as
# the Latin spellings once _fold() has run.  х is "kh" (not "h") so that
# Cyrillic кх (Акхан) folds like its ICAO spelling Akkhan; ж is "j" because
# zh/j/dzh all fold to j; ң is "ng" as in Kyrgyz passports (Chyngyz).
_CYRILLIC_FLAT: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo",
    "ж": "j", "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "s", "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "",
    "ы": "i", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    # Uzbek, Tajik, Kyrgyz.
    "ў": "o", "қ": "k", "ғ": "g", "ҳ": "h", "ӣ": "i", "ӯ": "u", "ҷ": "j",
    "ө": "o", "ү": "u", "ң": "ng",
    # Kazakh and Ukrainian letters that turn up in neighbouring records.
    "ә": "a", "ұ": "u", "һ": "h", "і": "i", "ї": "i", "є": "e", "ґ": "g",
    "ҫ": "s", "ӑ": "a", "ӗ": "e",
}  # fmt: skip
# Latin letters whose diacritic changes the sound, so plain stripping would
# be wrong (ş is sh, not s).  Everything else just loses its accent.
_LATIN_SPECIAL: dict[str, str] = {
    "ş": "sh", "ș": "sh", "š": "sh", "ç": "ch", "č": "ch", "ž": "j",
    "ğ": "g", "ı": "i", "ə": "a", "ß": "ss", "æ": "ae", "œ": "oe",
    "ø": "o", "đ": "d", "ł": "l",
}  # fmt: skip
_FLAT_TABLE = str.maketrans(
    {
        **_CYRILLIC_FLAT,
        **_LATIN_SPECIAL,
        **dict.fromkeys(_APOSTROPHES, ""),
    }
)

# Single-letter folds that need no context; applied after the digraphs.
_LETTER_FOLD = str.maketrans({"x": "h", "q": "k", "w": "v", "c": "s"})
# Digraphs in the order they must be replaced: "dzh" before "zh", "shch"
# before "sh" is even considered, and "ch" is protected from c -> s below.
_DIGRAPHS: tuple[tuple[str, str], ...] = (
    ("shch", "sh"),
    ("dzh", "j"),
    ("dj", "j"),
    ("zh", "j"),
    ("kh", "h"),
    ("gh", "g"),
    ("ph", "f"),
    ("ts", "s"),
)
_CH_GUARD = "\x00"

_NON_LETTERS_RE = re.compile(r"[^a-z]+")
_C = "bcdfghjklmnpqrstvwxz"
_V = "aeiou"
# Word-initial iotation: Yevgeniy = Evgeniy = Евгений; ICAO Iusuf/Iakov.
_INITIAL_YE_RE = re.compile(r"^ye")
_INITIAL_I_GLIDE_RE = re.compile(r"^i(?=[aou])")
# After a consonant, yo/ye are what ICAO writes as e (Фёдор = Fedor,
# Афанасьев = Afanasyev = Afanasev) and ya/yu/yi as ia/iu/ii (Tatyana).
_CONS_YO_YE_RE = re.compile(rf"(?<=[{_C}])y[oe]")
_CONS_Y_RE = re.compile(rf"(?<=[{_C}])y(?=[aiu])")
# A glide between vowels is spelled y, i or nothing: Abdullayev/Abdullaev,
# Mariya/Mariia/Maria, Qayumov/Kaiumov.
_GLIDE_RE = re.compile(rf"(?<=[{_V}])[iy](?=[{_V}])")
# Any remaining y not before a vowel is the й/ы of Aygul/Aigul, -iy/-i.
_Y_RE = re.compile(rf"y(?![{_V}])")
_DOUBLE_RE = re.compile(r"(.)\1+")

# Patronymic particles written as a separate word: "Karim o‘g‘li",
# "Asan uulu", "Aigul kyzy".  Stored as keys so every spelling matches.
_PARTICLE_KEYS = frozenset({"ogli", "ugli", "oglu", "kizi", "ulu", "uli"})
_TOKEN_SPLIT_RE = re.compile(r"[\s,;:/\\()\[\].\-\u2010-\u2015\u2212]+")

_MIN_STEM = 3
# Longest first so that -ovna is removed before -ova, -ova before -ov.
_SURNAME_ENDINGS: tuple[str, ...] = (
    "ovich", "evich", "ovna", "evna", "zoda", "zada", "zade",
    "ova", "eva", "ina", "ska", "ski", "zod", "ulu", "kizi",
    "ov", "ev", "in",
)  # fmt: skip
_PATRONYMIC_ENDINGS: tuple[str, ...] = (
    "ovich", "evich", "ovna", "evna", "vich", "vna",
    "ugli", "ogli", "kizi", "ulu",
)  # fmt: skip


def _to_ascii(text: str) -> str:
    """Lower-case, script-fold and strip *text* down to the letters a-z."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = fix_lookalikes(text)
    text = text.translate(_FLAT_TABLE)
    if not text.isascii():
        # Strip remaining accents (ö -> o, ā -> a); anything with no ASCII
        # base letter (other scripts) is dropped rather than guessed.
        decomposed = unicodedata.normalize("NFKD", text)
        text = decomposed.encode("ascii", "ignore").decode("ascii")
    return _NON_LETTERS_RE.sub("", text)


def _fold(text: str) -> str:
    """Apply the spelling-variant folds to an a-z string."""
    for old, new in _DIGRAPHS:
        if old in text:
            text = text.replace(old, new)
    text = text.replace("ch", _CH_GUARD).translate(_LETTER_FOLD)
    text = text.replace(_CH_GUARD, "ch")
    # Collapse doubles before the glide rules too, so that Майя (mayya) and
    # ICAO Maiia reach the same single glide as Maya.
    text = _DOUBLE_RE.sub(r"\1", text)
    if "y" in text or "i" in text:
        text = _INITIAL_YE_RE.sub("e", text)
        text = _CONS_YO_YE_RE.sub("e", text)
        text = _CONS_Y_RE.sub("i", text)
        text = _GLIDE_RE.sub("", text)
        # After the glide drop, so that Ия (iya -> ia) and ICAO Iia agree.
        text = _INITIAL_I_GLIDE_RE.sub("y", text)
        text = _Y_RE.sub("i", text)
    return _DOUBLE_RE.sub(r"\1", text)


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """Return the ASCII matching skeleton of one name token.

    All common spellings of a name across scripts and transliterations give
    the same key: ``Абдуллаев``, ``Abdullayev``, ``ABDULLAEV`` and
    ``Abdulaev`` are all ``abdulaev``; ``Ўткир``, ``O‘tkir`` and ``Otkir``
    are all ``otkir``.  Gender forms stay distinct (``ivanov`` vs
    ``ivanova``); use :func:`surname_stem` to merge those.  Anything that is
    not a letter (spaces, hyphens, digits, apostrophes) is ignored, and the
    key is empty for input without Latin or Cyrillic letters.  Keys are not
    meant to be keyed again: fold raw names, not keys.
    """
    return _fold(_to_ascii(text))


def name_keys(text: str) -> list[str]:
    """Split a full name into tokens and return their distinct keys in order.

    Tokens are separated by whitespace, hyphens, commas and similar
    punctuation.  Patronymic particles written as separate words
    (``o‘g‘li``, ``ugli``, ``qizi``, ``уулу``, ``кызы`` ...) are dropped
    because they say nothing about which person is meant.
    """
    keys: list[str] = []
    for token in _TOKEN_SPLIT_RE.split(text):
        if not token:
            continue
        key = name_key(token)
        if key and key not in _PARTICLE_KEYS and key not in keys:
            keys.append(key)
    return keys


def query_keys(query: str) -> list[str]:
    """Keys for a user's free-text name search; same rules as name_keys."""
    return name_keys(query)


def _strip_ending(key: str, endings: tuple[str, ...]) -> str:
    """Remove the first matching ending unless that leaves under 3 letters."""
    for ending in endings:
        if key.endswith(ending) and len(key) - len(ending) >= _MIN_STEM:
            return key[: -len(ending)]
    return key


def surname_stem(key: str) -> str:
    """Strip a surname key's gender/patronymic/Tajik ending.

    ``rahmonov``, ``rahmonova`` and ``rahmonzoda`` share ``rahmon``;
    ``ivanov``/``ivanova`` share ``ivan``.  Expects a :func:`name_key`
    result and never shortens it below three letters.
    """
    return _strip_ending(key, _SURNAME_ENDINGS)


def patronymic_stem(key: str) -> str:
    """Strip a patronymic key's ending: ``ivanovich``/``ivanovna`` -> ``ivan``.

    Handles Russian -ovich/-evich/-ovna/-evna/-vich/-vna and Turkic
    -ugli/-ogli/-kizi (qizi, kyzy)/-ulu (uulu) written as one word.
    """
    return _strip_ending(key, _PATRONYMIC_ENDINGS)


# An initial is one letter, or a Latin digraph for one Cyrillic letter (Sh. for Ш.), with or
# without its full stop; its key keeps a trailing "." so that it never equals a name's key.
_INITIAL_RE = re.compile(r"^\s*([^\W\d_]|[A-Za-z][Hh])\s*\.?\s*$")


def father_name_stem(patronymic: str) -> str:
    """The father's name a written patronymic is made from, as one key whatever the style.

    ``Rustam o‘g‘li``, ``Рустам угли``, ``Рустамович``, ``RUSTAMOVICH`` and ``Rustam`` (the
    father's name alone) are all ``rustam``; ``Алим кизи`` and ``Алимовна`` are ``alim``;
    ``Курманбек уулу`` and ``Курманбекович`` are ``kurmanbek``.  An initial (``S.``, ``К.``,
    ``Ш.``/``Sh.``) gives the key of its letter and a full stop (``s.``, ``k.``, ``sh.``):
    it agrees with every father's name that starts so, and equals none.  Empty when there is
    no name (a particle alone, punctuation).
    """
    initial = _INITIAL_RE.match(patronymic)
    if initial:
        letter = name_key(initial.group(1))
        return f"{letter}." if letter else ""
    keys = name_keys(patronymic)
    return patronymic_stem(keys[0]) if keys else ""
