"""What the coder knows: occupation terms tied to ISCO-08 unit groups, from the shipped files.

Sources, most trusted first (the weight multiplies a match's score):
- the curated dictionary (`data/synonyms/*.csv`) of the occupations migrants from Central Asia
  hold, in Russian (formal and colloquial), Uzbek (Latin and Cyrillic), Tajik, Kyrgyz, English,
  and the heads of departments (`data/departments.csv`: a domain and its managers' group);
- the Russian OKZ unit-group titles and the English ISCO-08 titles and alternative titles;
- ESCO's 2,942 occupations (preferred and alternative English labels), each tied to one group.
Staff confirmations stored in the database are added by `coder.current_coder()`.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from corridor.core.csvfiles import read_rows
from corridor.occupations.text import title_words

DATA = Path(__file__).resolve().parent / "data"
REFERENCE_DATA = Path(__file__).resolve().parent.parent / "reference" / "data"

LANGUAGES = ("ru", "uz-Latn", "uz-Cyrl", "tg", "ky", "en")


@dataclass(frozen=True, slots=True)
class Source:
    key: str
    weight: float


DICTIONARY = Source("dictionary", 1.0)
CONFIRMED = Source("confirmed", 1.0)
OKZ = Source("okz", 0.9)
ISCO = Source("isco", 0.9)
ISCO_ALTERNATIVE = Source("isco-alternative", 0.85)
ESCO = Source("esco", 0.85)
ESCO_ALTERNATIVE = Source("esco-alternative", 0.8)


@dataclass(frozen=True, slots=True)
class Term:
    """One way of naming an occupation, tied to its ISCO-08 unit group."""

    isco_code: str
    text: str
    language: str
    source: Source
    words: tuple[str, ...]


def _read(path: Path) -> Iterator[dict[str, str]]:
    return read_rows(path)


def term(isco_code: str, text: str, language: str, source: Source) -> Term | None:
    words = title_words(text)
    return Term(isco_code, text, language, source, words) if words else None


@cache
def unit_group_codes() -> frozenset[str]:
    """ISCO-08 unit groups: the only codes the coder ever answers with."""
    return frozenset(
        row["code"] for row in _read(REFERENCE_DATA / "ISCOGroups_en.csv") if len(row["code"]) == 4
    )


def _dictionary_terms(codes: frozenset[str]) -> Iterator[Term | None]:
    for path in sorted((DATA / "synonyms").glob("*.csv")):
        for row in _read(path):
            code = row["isco_code"].strip()
            if code not in codes:
                raise ValueError(f"{path.name}: {code!r} is not an ISCO-08 unit group")
            yield term(code, row["term"], row["language"].strip(), DICTIONARY)


# Who heads a department, in the forms vacancy titles use: the head of "отдел кадров" is a
# human resource manager, of "отдел информационных технологий" an ICT services manager.
# `data/departments.csv` names each department by its domain, as it follows these words.
DEPARTMENT_HEADS = {
    "ru": (
        "начальник отдела",
        "руководитель отдела",
        "заведующий отделом",
        "начальник управления",
        "руководитель управления",
        "начальник службы",
        "руководитель службы",
        "начальник департамента",
        "директор департамента",
        "руководитель направления",
        "директор",
    ),
}


def _department_terms(codes: frozenset[str]) -> Iterator[Term | None]:
    """A term for each head of each department: its domain decides the manager's unit group."""
    path = DATA / "departments.csv"
    for row in _read(path):
        code = row["isco_code"].strip()
        if code not in codes:
            raise ValueError(f"{path.name}: {code!r} is not an ISCO-08 unit group")
        language = row["language"].strip()
        for head in DEPARTMENT_HEADS[language]:
            yield term(code, f"{head} {row['domain'].strip()}", language, DICTIONARY)


def _classification_terms(codes: frozenset[str]) -> Iterator[Term | None]:
    for row in _read(REFERENCE_DATA / "isco08_unit_groups_okz_ru.csv"):
        if row["code"] in codes and row["okz_title_ru_clean"]:
            yield term(row["code"], row["okz_title_ru_clean"], "ru", OKZ)
    for row in _read(REFERENCE_DATA / "ISCOGroups_en.csv"):
        if row["code"] in codes:
            yield term(row["code"], row["preferredLabel"], "en", ISCO)
            for label in row["altLabels"].splitlines():
                yield term(row["code"], label, "en", ISCO_ALTERNATIVE)
    for row in _read(DATA / "esco_labels_en.csv"):
        if row["isco_code"] in codes:
            source = ESCO if row["kind"] == "preferred" else ESCO_ALTERNATIVE
            yield term(row["isco_code"], row["label"], "en", source)


@cache
def shipped_terms() -> tuple[Term, ...]:
    """Every term from the shipped files, built once per process."""
    codes = unit_group_codes()
    terms = [
        t
        for t in (
            *_dictionary_terms(codes),
            *_department_terms(codes),
            *_classification_terms(codes),
        )
        if t
    ]
    return tuple(terms)
