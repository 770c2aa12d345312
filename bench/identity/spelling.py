"""How one name is spelt across scripts, and the mistakes people make typing it.

Used by generate.py: a Token holds a name in the native Latin, the native Cyrillic and the
Russian-style Cyrillic spellings; ICAO 9303 passport capitals are derived from the latter.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))

from corridor.demo.names import uzbek_to_cyrillic
from corridor.names import to_cyrillic, to_latin

# Cyrillic letters and the Latin letters that look the same on a keyboard layout switch.
LOOKALIKES = dict(zip("аеорсухкАВЕКМНОРСТХ", "aeopcyxkABEKMHOPCTX", strict=True))
CYR_VOWELS = set("аеёиоуыэюяўӣӯөүАЕЁИОУЫЭЮЯЎӢӮӨҮ")


@dataclass(frozen=True)
class Token:
    """One name in every spelling a registration may use."""

    latin: str
    cyrillic: str
    russian: tuple[str, ...]  # Russian-style spellings really seen (Уткир / Откир)


def russian_from_uzbek_cyrillic(text: str) -> str:
    return text.translate(str.maketrans("ўқғҳЎҚҒҲ", "укгхУКГХ"))


def russian_from_tajik(text: str) -> str:
    text = text.replace("ҷ", "дж").replace("Ҷ", "Дж")
    return text.translate(str.maketrans("ӣӯҳқғӢӮҲҚҒ", "иухкгИУХКГ"))


def russian_from_kyrgyz(text: str) -> str:
    return text.translate(str.maketrans("өүңӨҮҢ", "оунОУН"))


@cache
def uzbek_token(latin: str) -> Token:
    cyrillic = uzbek_to_cyrillic(latin)
    # Two Russian habits: letter-for-letter from Uzbek Cyrillic (Уткир, Хужаев), or
    # from the Latin (Откир, Ходжаев).
    spellings = {russian_from_uzbek_cyrillic(cyrillic), to_cyrillic(latin)}
    return Token(latin, cyrillic, tuple(sorted(spellings)))


@cache
def tajik_token(cyrillic: str, latin: str) -> Token:
    return Token(latin, cyrillic, (russian_from_tajik(cyrillic),))


@cache
def kyrgyz_token(cyrillic: str) -> Token:
    return Token(to_latin(cyrillic, language="ky"), cyrillic, (russian_from_kyrgyz(cyrillic),))


@cache
def russian_token(cyrillic: str) -> Token:
    return Token(to_latin(cyrillic, language="ru"), cyrillic, (cyrillic,))


def icao(russian: str) -> str:
    return to_latin(russian, language="ru").upper()


def feminine(surname: str) -> str:
    """Abdullayev -> Abdullayeva, Каримов -> Каримова, ABDULLAEV -> ABDULLAEVA; -zoda stays."""
    if not surname.lower().endswith(("ov", "ev", "ов", "ев", "ин")):
        return surname
    ending = "а" if "а" <= surname[-1].lower() <= "я" else "a"
    return surname + (ending.upper() if surname.isupper() else ending)


def russian_patronymic(father: str, sex: str) -> str:
    """Ўткир -> Ўткирович, Андрей -> Андреевич, Мустафо -> Мустафоевич."""
    male = sex != "F"
    if father.endswith("й"):
        return father[:-1] + ("евич" if male else "евна")
    if father.endswith(("а", "я")):
        return father[:-1] + ("ич" if male else "ична")
    if father[-1] in CYR_VOWELS:
        return father + ("евич" if male else "евна")
    return father + ("ович" if male else "овна")


def latin_patronymic(father: str, sex: str) -> str:
    male = sex != "F"
    if father[-1].lower() in "aeiouy":
        return father + ("evich" if male else "evna")
    return father + ("ovich" if male else "ovna")


def one_letter_edit(rng: random.Random, text: str) -> str:
    letters = [i for i, c in enumerate(text) if c.isalpha()]
    if len(letters) < 3:
        return text
    i = rng.choice(letters[1:])  # first letters are rarely mistyped
    cyrillic = "а" <= text[i].lower() <= "я"
    alphabet = "абвгдежзиклмнопрстуфхчшэюя" if cyrillic else "abdefghijklmnopqrstuvxyz"
    new = rng.choice(alphabet.replace(text[i].lower(), ""))
    new = new.upper() if text[i].isupper() else new
    match rng.randrange(4):
        case 0:  # substitute
            return text[:i] + new + text[i + 1 :]
        case 1:  # delete
            return text[:i] + text[i + 1 :]
        case 2:  # double a letter
            return text[:i] + text[i] + text[i:]
        case _:  # transpose with the previous letter
            return text[: i - 1] + text[i] + text[i - 1] + text[i + 1 :]


def with_lookalikes(rng: random.Random, text: str) -> str:
    spots = [i for i, c in enumerate(text) if c in LOOKALIKES]
    for i in rng.sample(spots, min(len(spots), rng.randint(1, 2))):
        text = text[:i] + LOOKALIKES[text[i]] + text[i + 1 :]
    return text
