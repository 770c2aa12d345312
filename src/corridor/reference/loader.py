"""Loading the shipped reference files into the database, idempotently.

Each loader reads one source, builds the rows, and upserts them; a second run changes nothing.
Sources and their licences are listed in data/README.md.
"""

import gettext
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pycountry
from django.db import transaction

from corridor.core.csvfiles import read_rows
from corridor.reference.models import Country, IscoGroup, IscoLevel, Language, Region

DATA_DIR = Path(__file__).resolve().parent / "data"


def _rows(name: str) -> Iterator[dict[str, str]]:
    return read_rows(DATA_DIR / name)


def _translator(domain: str, language: str) -> Callable[[str], str]:
    try:
        return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language]).gettext
    except FileNotFoundError:
        return lambda text: ""


def _upsert(model: Any, rows: list[Any], fields: list[str]) -> int:
    model.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=[model._meta.pk.name],
        update_fields=fields,
        batch_size=500,
    )
    return len(rows)


def load_countries() -> int:
    ru = _translator("iso3166-1", "ru")
    uz = _translator("iso3166-1", "uz")
    rows = []
    for country in pycountry.countries:
        english = getattr(country, "common_name", None) or country.name
        rows.append(
            Country(
                code=country.alpha_2,
                alpha_3=country.alpha_3,
                name_en=english,
                name_ru=ru(country.name) if ru(country.name) != country.name else "",
                name_uz=uz(country.name) if uz(country.name) != country.name else "",
            )
        )
    return _upsert(Country, rows, ["alpha_3", "name_en", "name_ru", "name_uz"])


def load_languages() -> int:
    ru = _translator("iso639-3", "ru")
    rows = []
    for language in pycountry.languages:
        code = getattr(language, "alpha_2", None)
        if not code:
            continue
        russian = ru(language.name)
        rows.append(
            Language(
                code=code,
                name_en=language.name,
                name_ru=russian if russian != language.name else "",
                name_uz=UZBEK_LANGUAGE_NAMES.get(code, ""),
            )
        )
    return _upsert(Language, rows, ["name_en", "name_ru", "name_uz"])


# pycountry has no Uzbek translation of language names; these are the ones workers pick most.
UZBEK_LANGUAGE_NAMES = {
    "uz": "Oʻzbek tili",
    "ru": "Rus tili",
    "tg": "Tojik tili",
    "ky": "Qirgʻiz tili",
    "kk": "Qozoq tili",
    "tk": "Turkman tili",
    "en": "Ingliz tili",
    "tr": "Turk tili",
    "de": "Nemis tili",
    "ko": "Koreys tili",
    "ar": "Arab tili",
    "zh": "Xitoy tili",
}


def load_regions() -> int:
    russian: dict[str, tuple[str, bool]] = {}
    for row in _rows("ru_regions_iso_code_russian_name.csv"):
        russian[row["code"]] = (row["name_ru"], True)
    for row in _rows("tj_kg_subdivisions_ru_unverified.csv"):
        russian[row["iso_3166_2"]] = (row["name_ru (unverified)"], False)
    uzbek: dict[str, tuple[str, str]] = {}
    for row in _rows("uz_regions_4lang.csv"):
        uzbek[row["iso_3166_2"]] = (row["name_uz_latn"], row["name_ru"])
        russian.setdefault(row["iso_3166_2"], (row["name_ru"], True))
    rows = []
    for row in _rows("iso3166_2_RU_UZ_TJ_KG.csv"):
        name_ru, verified = russian.get(row["code"], ("", True))
        rows.append(
            Region(
                code=row["code"],
                country_id=row["country"],
                type=row["type"],
                name_en=row["name"],
                name_ru=name_ru,
                name_uz=uzbek.get(row["code"], ("", ""))[0],
                is_name_ru_verified=verified,
            )
        )
    fields = ["country", "type", "name_en", "name_ru", "name_uz", "is_name_ru_verified"]
    return _upsert(Region, rows, fields)


def load_isco() -> int:
    russian_units = {
        row["code"]: row
        for row in _rows("isco08_unit_groups_okz_ru.csv")
        if row["in_isco08"] == "True"
    }
    russian_majors = {
        row["code"]: row["okz_major_group_ru"]
        for row in _rows("okz_major_groups_ru_unverified.csv")
    }
    groups = []
    for row in _rows("ISCOGroups_en.csv"):
        code = row["code"].strip()
        unit = russian_units.get(code)
        title_ru = unit["okz_title_ru_clean"] if unit else russian_majors.get(code, "")
        groups.append(
            IscoGroup(
                code=code,
                level=len(code),
                parent_id=code[:-1] or None,
                title_en=row["preferredLabel"].strip(),
                title_ru=title_ru,
                definition_en=row["description"].strip(),
                # Unit-group titles come from the OKZ text itself; major-group titles were
                # recalled and are flagged unverified in the source.
                is_title_ru_verified=unit is not None,
                is_title_ru_possibly_truncated=bool(
                    unit and unit["ru_possibly_truncated"] == "True"
                ),
            )
        )
    # Parents first, so the self-reference holds on databases that check it immediately.
    groups.sort(key=lambda group: (group.level, group.code))
    fields = [
        "level",
        "parent",
        "title_en",
        "title_ru",
        "definition_en",
        "is_title_ru_verified",
        "is_title_ru_possibly_truncated",
    ]
    return _upsert(IscoGroup, groups, fields)


LOADERS: dict[str, Callable[[], int]] = {
    "countries": load_countries,
    "languages": load_languages,
    "regions": load_regions,
    "isco08": load_isco,
}


def load_reference_data(progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
    """Load every reference table in one transaction; returns rows loaded per table."""
    counts = {}
    with transaction.atomic():
        for name, loader in LOADERS.items():
            counts[name] = loader()
            if progress:
                progress(name, counts[name])
    return counts


def load_after_migrate(
    sender: Any, using: str = "default", plan: Any = None, **kwargs: Any
) -> None:
    if not plan and IscoGroup.objects.using(using).filter(level=IscoLevel.UNIT).exists():
        return  # nothing migrated and the data is there: keep `migrate` quick
    load_reference_data()
