"""Reading "Work in Russia" (trudvsem) files into records, and what a record's own content decides.

Two shapes come in (see docs: shared/data/formats/trudvsem-vacancies.md): the API answer
`{"results": {"vacancies": [{"vacancy": {...}}]}}` and the bulk dump `{"vacancies": [{...}]}`.
Both are read into `Record`s, each field optional and every value untrusted text. `check` says
why a record cannot be imported from its content alone (no database).

The employer's staff contacts (`contact_list`, `contact_person`, the company's e-mail and phone)
are personal data Corridor has no use for: they are never read into a record, so they are never
stored, audited or logged.
"""

import html
import json
import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from stdnum.ru import inn as ru_inn
from stdnum.ru import ogrn as ru_ogrn

from corridor.core.csvfiles import read_rows
from corridor.recruitment.models import Housing, Schedule
from corridor.reference.loader import DATA_DIR

API = "trudvsem-api"
DUMP = "trudvsem-dump"
FORMATS = (API, DUMP)
REGION_CODES_FILE = "ru_region_codes_kladr_iso_okato.csv"

DESCRIPTION_MAX = 20000
ADDRESS_MAX = 500
NAME_MAX = 200
COMPANY_CODE_MAX = 64
SOURCE_ID_MAX = 100
URL_MAX = 500


class ImportFileError(Exception):
    """A file that cannot be imported at all; the message says why. Nothing was written."""


@dataclass(frozen=True)
class Record:
    """One vacancy as read from the file, normalised; contact data is never part of it."""

    index: int  # 1-based position in the file
    source_id: str = ""
    title: str = ""
    description: str = ""
    region_code: str = ""
    address: str = ""
    places: int = 1
    salary_min: Decimal | None = None
    salary_max: Decimal | None = None
    salary_text: str = ""
    schedule: str = Schedule.FULL_TIME
    housing: str = Housing.NONE
    open_to_foreign: bool = False
    source_url: str = ""
    employer_name: str = ""
    inn: str = ""
    ogrn: str = ""
    company_code: str = ""  # the portal's `companycode`


# Reading the file ------------------------------------------------------------------------------


def read_file(path: Path, fmt: str) -> list[Record]:
    """The records of a trudvsem file in format `fmt`; ImportFileError when it cannot be read."""
    if fmt not in FORMATS:
        raise ImportFileError(
            _("Unknown format %(format)s: use %(formats)s.")
            % {"format": fmt, "formats": " or ".join(FORMATS)}
        )
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ImportFileError(
            _("Cannot open %(path)s: %(error)s") % {"path": path, "error": error.strerror}
        ) from error
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _("%(path)s is not UTF-8 text (byte %(at)s): save it as UTF-8 and try again.")
            % {"path": path, "at": error.start}
        ) from error
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        # The position only: the text around it may be anything, contacts included.
        raise ImportFileError(
            _("%(path)s is not JSON: %(problem)s at line %(line)s, column %(column)s.")
            % {"path": path, "problem": error.msg, "line": error.lineno, "column": error.colno}
        ) from error
    return parse(data, fmt, name=str(path))


def _shape(data: Any) -> str | None:
    if isinstance(data, dict):
        results = data.get("results")
        if isinstance(results, dict) and isinstance(results.get("vacancies", []), list):
            return API
        if isinstance(data.get("vacancies"), list):
            return DUMP
    return None


def parse(data: Any, fmt: str, name: str = "the file") -> list[Record]:
    """Records from decoded JSON of shape `fmt`; ImportFileError when the shape is not that."""
    shape = _shape(data)
    if shape is None:
        raise ImportFileError(
            _(
                '%(name)s has neither trudvsem shape: expected {"results": {"vacancies": [...]}} '
                '(the API) or {"vacancies": [...]} (a dump).'
            )
            % {"name": name}
        )
    if shape != fmt:
        raise ImportFileError(
            _("%(name)s has the shape of %(shape)s, not %(format)s: use --format %(shape)s.")
            % {"name": name, "shape": shape, "format": fmt}
        )
    if shape == API:
        items = data["results"].get("vacancies", [])
        return [_from_api(_unwrap(item), index) for index, item in enumerate(items, start=1)]
    return [_from_dump(item, index) for index, item in enumerate(data["vacancies"], start=1)]


def _unwrap(item: Any) -> dict[str, Any]:
    """API items are {"vacancy": {...}}; a bare vacancy object is taken as it is."""
    if isinstance(item, dict):
        inner = item.get("vacancy")
        if isinstance(inner, dict):
            return inner
        return item
    return {}


def _from_api(item: dict[str, Any], index: int) -> Record:
    region = _dict(item.get("region"))
    company = _dict(item.get("company"))
    place_type = _dict(item.get("workPlaceType"))
    return Record(
        index=index,
        source_id=_text(item.get("id")),
        title=_text(item.get("job-name")) or _text(item.get("vacancy_name")),
        description=_description(item),
        region_code=_code(region.get("region_code"))
        or _code(item.get("region_code"))
        or _code(item.get("state_region_code")),
        address=_api_address(item),
        places=_places(item.get("work_places")),
        salary_min=_amount(item.get("salary_min")),
        salary_max=_amount(item.get("salary_max")),
        salary_text=_text(item.get("salary")),
        schedule=_schedule(item),
        housing=_housing(item),
        # The API marks jobs open to foreign citizens; when it says nothing, they are not.
        open_to_foreign=_flag(place_type.get("workPlaceForeign")) is True,
        source_url=_url(item.get("vac_url")),
        employer_name=_text(company.get("name"))[:NAME_MAX],
        inn=_identifier(company.get("inn"), (10, 12)),
        ogrn=_identifier(company.get("ogrn"), (13, 15)),
        company_code=_company_code(company.get("companycode")),
    )


def _from_dump(item: Any, index: int) -> Record:
    item = _dict(item)
    company = _dict(item.get("company"))
    return Record(
        index=index,
        source_id=_text(item.get("id")),
        title=_text(item.get("vacancy_name")) or _text(item.get("job-name")),
        description=_description(item),
        region_code=_code(item.get("state_region_code")) or _code(item.get("region_code")),
        address=_clip(_scrub(_text(item.get("vacancy_address"))), ADDRESS_MAX),
        places=_places(item.get("work_places")),
        salary_min=_amount(item.get("salary_min")),
        salary_max=_amount(item.get("salary_max")),
        salary_text=_text(item.get("salary")),
        schedule=_schedule(item),
        housing=_housing(item),
        # The dumps have no field for jobs open to foreign citizens (the API's workPlaceForeign):
        # a vacancy on the national portal is open to anyone allowed to work in Russia, so the
        # dump's vacancies are taken as open to foreign citizens.
        open_to_foreign=True,
        source_url=_url(item.get("vac_url")),
        employer_name=_text(company.get("name"))[:NAME_MAX],
        inn=_identifier(company.get("inn"), (10, 12)),
        ogrn=_identifier(company.get("ogrn"), (13, 15)),
        company_code=_company_code(company.get("companycode")),
    )


# Reading single values -------------------------------------------------------------------------


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str:
    """Text with its whitespace collapsed; numbers as digits; anything else is nothing."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int | float | Decimal):
        return str(value) if not isinstance(value, float) or math.isfinite(value) else ""
    if isinstance(value, str):
        return " ".join(value.split())
    return ""


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _code(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        # A 13-digit KLADR code sent as a number loses its leading zero (0100000000000).
        return str(value).zfill(13) if value >= 10**10 else str(value)
    return "".join(_text(value).split())


def _identifier(value: Any, lengths: tuple[int, int]) -> str:
    """An INN or OGRN as digits (not yet checked); a number that lost its leading zero is padded."""
    if isinstance(value, int) and not isinstance(value, bool):
        digits = str(value)
        for length in lengths:
            if len(digits) <= length:
                return digits.zfill(length)
        return digits
    return re.sub(r"[\s-]", "", _text(value))


_COMPANY_CODE = re.compile(rf"[0-9A-Za-z-]{{1,{COMPANY_CODE_MAX}}}")


def _company_code(value: Any) -> str:
    """The portal's company code: an OGRN-like number or a UUID; anything else is no code."""
    code = "".join(_text(value).split())
    return code.lower() if _COMPANY_CODE.fullmatch(code) else ""


def _flag(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    text = _text(value).casefold()
    if text in {"true", "1", "yes", "y", "да", "t"}:
        return True
    if text in {"false", "0", "no", "n", "нет", "f"}:
        return False
    return None


def _places(value: Any) -> int:
    """Places to fill; 1 when not given or not a positive whole number."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if value >= 1 else 1
    text = _text(value)
    if text.isdigit() and int(text) >= 1:
        return int(text)
    return 1


# "40000", "40 000", "40 000,50" (spaces, no-break or thin spaces between thousands).
_NUMBER = re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?")


def _decimal(number: str) -> Decimal | None:
    try:
        amount = Decimal(re.sub(r"[ \u00a0\u202f]", "", number).replace(",", "."))
    except InvalidOperation:
        return None
    return amount if amount.is_finite() else None


def _amount(value: Any) -> Decimal | None:
    """A positive amount from a number or from text such as "от 40 000 руб."; else None.

    0 means "not given" in the feed; "договорная" (negotiable) and other text without digits
    give nothing.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        amount = Decimal(str(value)) if math.isfinite(value) else None
    elif isinstance(value, str):
        if value.strip().startswith("-"):
            return None
        match = _NUMBER.search(value)
        amount = _decimal(match.group()) if match else None
    else:
        return None
    return amount if amount is not None and amount > 0 else None


def _amounts_from_text(text: str) -> tuple[Decimal | None, Decimal | None]:
    """The range in the API's salary text: "от 40000 до 60000", "от 40000", "до 60000"."""
    numbers = [n for n in (_decimal(m) for m in _NUMBER.findall(text)) if n is not None and n > 0]
    if not numbers:
        return None, None
    if len(numbers) >= 2:
        return numbers[0], numbers[1]
    lowered = text.casefold()
    if re.search(r"\bдо\b", lowered) and not re.search(r"\bот\b", lowered):
        return None, numbers[0]
    return numbers[0], None


_BLOCK_END = re.compile(r"(?i)<\s*(?:br|/p|/div|/li|/h[1-6]|/tr|/ul|/ol)\b[^>]*>")
_LIST_ITEM = re.compile(r"(?i)<\s*li\b[^>]*>")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Russian phone numbers: +7 or 8, then ten digits in the usual groupings.
_PHONE = re.compile(r"(?:\+7|\b8)[\s(.-]*\d{3}[\s).-]*\d{3}[\s.-]*\d{2}[\s.-]*\d{2}\b")


def _scrub(text: str) -> str:
    """Free text keeps no e-mail address or phone number: employers type their staff's in."""
    return _PHONE.sub("…", _EMAIL.sub("…", text))


def _plain(value: Any) -> str:
    """HTML (the API's duty) as plain text, a paragraph a line."""
    if not isinstance(value, str):
        return _text(value)
    text = _LIST_ITEM.sub("\n- ", _BLOCK_END.sub("\n", value))
    text = html.unescape(strip_tags(text))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line and line != "-")


def _description(item: dict[str, Any]) -> str:
    parts = [_plain(item.get("duty")), _plain(item.get("requirements"))]
    text = "\n\n".join(part for part in parts if part)
    return _clip(_scrub(text), DESCRIPTION_MAX)


def _api_address(item: dict[str, Any]) -> str:
    addresses = _dict(item.get("addresses")).get("address")
    if isinstance(addresses, dict):  # one address comes as an object, not a list
        addresses = [addresses]
    for address in addresses if isinstance(addresses, list) else []:
        location = _text(_dict(address).get("location"))
        if location:
            return _clip(_scrub(location), ADDRESS_MAX)
    return _clip(_scrub(_text(item.get("vacancy_address"))), ADDRESS_MAX)


def _schedule(item: dict[str, Any]) -> str:
    words = " ".join(
        _text(item.get(key)) for key in ("schedule", "employment", "schedule_type", "busy_type")
    ).casefold()
    if "вахт" in words or "vakht" in words or "vahta" in words:
        return Schedule.ROTATION
    if "сменн" in words:
        return Schedule.SHIFTS
    if "неполн" in words or "частичн" in words:
        return Schedule.PART_TIME
    if "гибк" in words:
        return Schedule.FLEXIBLE
    return Schedule.FULL_TIME


def _housing(item: dict[str, Any]) -> str:
    offered = _flag(item.get("accommodation_capability")) is True or bool(
        _text(item.get("accommodation_type"))
    )
    return Housing.FREE if offered else Housing.NONE


def _url(value: Any) -> str:
    url = _text(value)
    if not url or len(url) > URL_MAX:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return ""
    return url


# Deciding --------------------------------------------------------------------------------------


@cache
def region_codes() -> dict[str, str]:
    """KLADR region code (13 digits, or the 2-digit subject code) -> ISO 3166-2."""
    codes: dict[str, str] = {}
    for row in read_rows(DATA_DIR / REGION_CODES_FILE):
        iso = row["iso_3166_2"].strip()
        codes[row["kladr_13"].strip()] = iso
        codes[row["region_code_fns_kladr"].strip()] = iso
    return codes


def iso_region(code: str) -> str | None:
    """The ISO 3166-2 code of a trudvsem region code, or None when it is not known."""
    return region_codes().get(code) if code.isdigit() and len(code) in (2, 13) else None


def wage_range(record: Record) -> tuple[Decimal, Decimal] | str:
    """The monthly wage range of a record, or why there is none."""
    low, high = record.salary_min, record.salary_max
    if low is None and high is None and record.salary_text:
        low, high = _amounts_from_text(record.salary_text)
    if low is None and high is None:
        return _("No wage is given (negotiable, zero or no amount).")
    if low is None:
        return _("Only the highest wage is given: Corridor needs the lowest monthly wage.")
    if high is None:  # "from 40 000" only, or max 0 meaning "not given"
        high = low
    if high < low:
        return _(
            "The wage range is inconsistent: the highest (%(high)s) is below the lowest (%(low)s)."
        ) % {
            "high": high,
            "low": low,
        }
    return low, high


# An employer posts many vacancies: its numbers are checked once an import, not once a record.
_valid_inn = lru_cache(maxsize=2**16)(ru_inn.is_valid)
_valid_ogrn = lru_cache(maxsize=2**16)(ru_ogrn.is_valid)


def check(record: Record) -> str | None:
    """Why a record cannot be imported, from its own content (no database); None if it can."""
    if not record.source_id:
        return _("The record has no id.")
    if len(record.source_id) > SOURCE_ID_MAX:
        return _("The record's id is longer than %(n)s characters.") % {"n": SOURCE_ID_MAX}
    if not record.title:
        return _("The record has no job title.")
    wages = wage_range(record)
    if isinstance(wages, str):
        return wages
    if not record.region_code:
        return _("The record has no region.")
    if iso_region(record.region_code) is None:
        return _("Unknown region code %(code)s.") % {"code": record.region_code[:20]}
    # The values are not repeated: a 12-digit INN is a sole trader's personal tax number.
    if record.inn and not _valid_inn(record.inn):
        return _("The employer's INN is not valid (wrong length or check digit).")
    if record.ogrn and not _valid_ogrn(record.ogrn):
        return _("The employer's OGRN is not valid (wrong length or check digit).")
    if not record.inn and not record.ogrn and not record.company_code:
        return _(
            "The employer has neither an INN, an OGRN nor a company code of the portal: "
            "it cannot be told from any other."
        )
    return None
