"""Person records as linkage sees them: the raw fields, checked, plus comparison columns.

Pure functions over plain dicts (no models): the file command, the registry and the
registration check all build their records here, so they compare alike.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import phonenumbers

from corridor.names import father_name_stem, name_keys, surname_stem

INPUT_COLUMNS = (
    "record_id",
    "family_name",
    "given_name",
    "patronymic",
    "birth_date",
    "sex",
    "citizenship",
    "birth_region",
    "phone",
    "passport_number",
    "source_org",
)
MAX_FIELD_LENGTH = 200
_REGION = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}$")


@dataclass
class CheckedRecord:
    """A record with every unusable value emptied, and what was wrong with it."""

    values: dict[str, str]
    problems: list[str] = field(default_factory=list)


def _clean_text(value: Any) -> str:
    text = "" if value is None else str(value)
    return " ".join(text.split())[:MAX_FIELD_LENGTH]


def check_record(raw: dict[str, Any]) -> CheckedRecord:
    """Validate one input record; a bad value is reported and treated as missing."""
    values = {column: _clean_text(raw.get(column)) for column in INPUT_COLUMNS}
    problems: list[str] = []
    if values["birth_date"]:
        try:
            born = date.fromisoformat(values["birth_date"])
            if not 1900 <= born.year <= date.today().year:
                raise ValueError
        except ValueError:
            problems.append(f"birth_date {values['birth_date']!r} is not a date YYYY-MM-DD")
            values["birth_date"] = ""
    values["sex"] = values["sex"].upper()
    if values["sex"] not in ("", "M", "F"):
        problems.append(f"sex {values['sex']!r} is not M or F")
        values["sex"] = ""
    values["citizenship"] = values["citizenship"].upper()
    if values["citizenship"] and not re.fullmatch(r"[A-Z]{2}", values["citizenship"]):
        problems.append(f"citizenship {values['citizenship']!r} is not an ISO alpha-2 code")
        values["citizenship"] = ""
    values["birth_region"] = values["birth_region"].upper()
    if values["birth_region"] and not _REGION.match(values["birth_region"]):
        problems.append(f"birth_region {values['birth_region']!r} is not an ISO 3166-2 code")
        values["birth_region"] = ""
    return CheckedRecord(values, problems)


# "+998 90 123 45 67": a full international number of the corridor's countries, whose
# national number is the digits after the country code (no trunk prefix to strip). Parsing
# with phonenumbers costs half of building a million records' columns; these need none.
_INTERNATIONAL = re.compile(r"^\+[\d\s()-]+$")
_NATIONAL_LENGTH = {"998": 9, "992": 9, "996": 9, "7": 10}


def _phone_digits(raw: str, citizenship: str) -> str:
    if not raw:
        return ""
    if _INTERNATIONAL.match(raw):
        digits = re.sub(r"\D", "", raw)
        for code, length in _NATIONAL_LENGTH.items():
            if digits.startswith(code) and len(digits) == len(code) + length:
                return digits[len(code) :][-9:]
    try:
        parsed = phonenumbers.parse(raw, citizenship or None)
    except phonenumbers.NumberParseException:
        digits = re.sub(r"\D", "", raw)
        return digits[-9:] if len(digits) >= 7 else ""
    # National significant number: "+998 90..." and "8 90..." written locally agree.
    return phonenumbers.national_significant_number(parsed)[-9:]


# Passport series are typed on whichever keyboard is at hand: "АА" on a Russian layout is
# Cyrillic A twice. Letters that look alike map by shape (Р is P, not R, in "АР"), the rest
# by sound (Ф is F, И is I, Д is D).
_PASSPORT_LETTERS = str.maketrans(
    "АВСЕНКМОРТХУФИДЛГБЗЖПЁЎҚҒҲ",
    "ABCEHKMOPTXYFIDLGBZJPEOKGH",
)


def passport_key(raw: str) -> str:
    """A passport number as compared: Latin capitals and digits, no spaces, "№" or dashes.

    "№ АА 1234567", "AA-1234567" and "aa1234567" are all "AA1234567".
    """
    text = raw.upper().translate(_PASSPORT_LETTERS)
    return "".join(ch for ch in text if ch.isascii() and ch.isalnum())


def _first_key(text: str) -> str:
    keys = name_keys(text)
    return keys[0] if keys else ""


def linkage_columns(values: dict[str, str]) -> dict[str, Any]:
    """Comparison columns for one checked record (see identity.model for how they compare)."""
    family = _first_key(values["family_name"])
    given = _first_key(values["given_name"])
    born = values["birth_date"]
    patronymic = father_name_stem(values["patronymic"])
    passport = passport_key(values["passport_number"])
    return {
        "family_key": family or None,
        "family_stem": surname_stem(family) if family else None,
        "given_key": given or None,
        # The given name's stem (as a surname's), so that a swapped "Laylo Muhammadaliyev"
        # meets "Muhammadaliyeva Laylo" and "Далер Ҳасанзода" meets "Хасанов Далер".
        "given_stem": surname_stem(given) if given else None,
        # The father's name whatever the style: Rustamovich, Rustam o‘g‘li, Рустам угли, R.
        "patronymic_stem": patronymic or None,
        "birth_date": born or None,
        "birth_year": int(born[:4]) if born else None,
        "birth_month_day": born[5:] if born else None,
        # The same date with day and month swapped, a common clerical error.
        "birth_date_swapped": f"{born[:4]}-{born[8:10]}-{born[5:7]}" if born else None,
        "sex": values["sex"] or None,
        "citizenship": values["citizenship"] or None,
        "birth_region": values["birth_region"] or None,
        "phone": _phone_digits(values["phone"], values["citizenship"]) or None,
        "passport": passport or None,
    }
