"""Realistic names for demo workers, in the scripts people really use in each country."""

import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from corridor.core.csvfiles import read_rows

DATA = Path(__file__).resolve().parent / "data"

# Uzbek Latin (1995) to Uzbek Cyrillic; digraphs first.
UZ_LATIN_TO_CYRILLIC = [
    ("o‘", "ў"),
    ("g‘", "ғ"),
    ("O‘", "Ў"),
    ("G‘", "Ғ"),
    ("o'", "ў"),
    ("g'", "ғ"),
    ("sh", "ш"),
    ("Sh", "Ш"),
    ("ch", "ч"),
    ("Ch", "Ч"),
    ("yo", "ё"),
    ("Yo", "Ё"),
    ("yu", "ю"),
    ("Yu", "Ю"),
    ("ya", "я"),
    ("Ya", "Я"),
    ("ye", "е"),
    ("Ye", "Е"),
]
UZ_LETTERS = dict(
    zip(
        "abdefghijklmnopqrstuvxyzABDEFGHIJKLMNOPQRSTUVXYZ’ʼ",
        "абдэфгҳижклмнопқрстувхйзАБДЭФГҲИЖКЛМНОПҚРСТУВХЙЗъъ",
        strict=True,
    )
)


def uzbek_to_cyrillic(text: str) -> str:
    for latin, cyrillic in UZ_LATIN_TO_CYRILLIC:
        text = text.replace(latin, cyrillic)
    out = []
    for index, char in enumerate(text):
        letter = UZ_LETTERS.get(char, char)
        # "e" is "е" inside a word and "э" at its start, as Uzbek Cyrillic writes it.
        if char in "eE" and index > 0 and text[index - 1].isalpha():
            letter = "е" if char == "e" else "Е"
        out.append(letter)
    return "".join(out)


@cache
def _csv_lists(name: str) -> dict[str, list[str]]:
    lists: dict[str, list[str]] = {}
    for row in read_rows(DATA / name):
        lists.setdefault(row["list"], []).append(row["name"])
    return lists


@cache
def _tajik() -> list[dict[str, str]]:
    return list(read_rows(DATA / "tajik_names.csv"))


KYRGYZ_WOMEN = [
    "Айгүл",
    "Бермет",
    "Чолпон",
    "Нургүл",
    "Жылдыз",
    "Айпери",
    "Гүлнара",
    "Мээрим",
    "Асель",
    "Айжан",
    "Назира",
    "Умут",
    "Гүлзат",
    "Айзада",
]


@cache
def _kyrgyz() -> tuple[list[str], list[str]]:
    words = [
        line.strip()
        for line in (DATA / "kyrgyz_names.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    surnames = [w for w in words if w.endswith(("ов", "ев"))]
    given = [w for w in words if not w.endswith(("ов", "ев", "ова", "ева"))]
    return surnames, given


@dataclass(frozen=True)
class DemoName:
    family_name: str
    given_name: str
    patronymic: str


def _feminine(surname: str) -> str:
    return surname + "а" if surname.endswith(("ов", "ев", "ин")) else surname


def uzbek_name(rng: random.Random, sex: str, *, cyrillic: bool) -> DemoName:
    lists = _csv_lists("faker_uz_UZ_person_names.csv")
    given = rng.choice(lists["first_names_male" if sex == "M" else "first_names_female"])
    family = rng.choice(lists["last_names_male" if sex == "M" else "last_names_female"])
    father = rng.choice(lists["first_names_male"])
    if cyrillic:
        # Older documents: Cyrillic with a Russian-style patronymic.
        ending = "ович" if sex == "M" else "овна"
        return DemoName(
            uzbek_to_cyrillic(family), uzbek_to_cyrillic(given), uzbek_to_cyrillic(father) + ending
        )
    particle = "o‘g‘li" if sex == "M" else "qizi"
    return DemoName(family, given, f"{father} {particle}")


def tajik_name(rng: random.Random, sex: str, *, latin: bool) -> DemoName:
    rows = _tajik()
    given = rng.choice([r for r in rows if r["kind"] == "given" and r["sex"] == sex])
    family = rng.choice([r for r in rows if r["kind"] == "surname"])
    rng.choice([r for r in rows if r["kind"] == "given" and r["sex"] == "M"])
    use_zoda = bool(family["zoda_cyrillic"]) and rng.random() < 0.35
    column = "latin" if latin else "tajik_cyrillic"
    surname = family["zoda_latin" if latin else "zoda_cyrillic"] if use_zoda else family[column]
    if sex == "F" and not use_zoda:
        surname = surname + ("a" if latin else "а")
    return DemoName(surname, given[column], "")


def kyrgyz_name(rng: random.Random, sex: str) -> DemoName:
    surnames, given = _kyrgyz()
    surname = rng.choice(surnames)
    first = rng.choice(given) if sex == "M" else rng.choice(KYRGYZ_WOMEN)
    father = rng.choice(given)
    if sex == "F":
        surname = _feminine(surname)
    return DemoName(
        surname, first, father + (" уулу" if sex == "M" else " кызы") if rng.random() < 0.3 else ""
    )


def russian_style_name(rng: random.Random, sex: str) -> DemoName:
    lists = _csv_lists("faker_ru_RU_person_names.csv")
    if sex == "M":
        return DemoName(
            rng.choice(lists["last_names_male"]),
            rng.choice(lists["first_names_male"]),
            rng.choice(lists["middle_names_male"]),
        )
    return DemoName(
        rng.choice(lists["last_names_female"]),
        rng.choice(lists["first_names_female"]),
        rng.choice(lists["middle_names_female"]),
    )


def name_for(rng: random.Random, country: str, sex: str) -> DemoName:
    """A name as an employment centre of `country` would write it."""
    roll = rng.random()
    if country == "UZ":
        return uzbek_name(rng, sex, cyrillic=roll < 0.35)
    if country == "TJ":
        return tajik_name(rng, sex, latin=roll < 0.25)
    if country == "KG":
        return kyrgyz_name(rng, sex) if roll < 0.9 else russian_style_name(rng, sex)
    return russian_style_name(rng, sex)
