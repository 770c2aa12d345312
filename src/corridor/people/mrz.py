"""Check digits of a passport's machine-readable zone (ICAO Doc 9303, part 4: TD3).

Pure functions: they say what is wrong, callers decide what to do with it.
"""

from dataclasses import dataclass
from datetime import date

from corridor.names import name_keys

WEIGHTS = (7, 3, 1)


def check_digit(field: str) -> str:
    """The ICAO 9303 check digit: digits as themselves, A-Z as 10-35, '<' as 0, weights 7-3-1."""
    total = 0
    for position, char in enumerate(field):
        if char.isdigit():
            value = int(char)
        elif "A" <= char <= "Z":
            value = ord(char) - ord("A") + 10
        elif char == "<":
            value = 0
        else:
            raise ValueError(f"invalid MRZ character {char!r}")
        total += value * WEIGHTS[position % 3]
    return str(total % 10)


@dataclass(frozen=True)
class PassportMRZ:
    document_number: str
    issuing_state: str
    nationality: str
    birth_date: str  # YYMMDD as printed; the century is ambiguous
    sex: str
    expiry_date: str
    family_name: str
    given_names: str
    # The name field is full to its last character: the last name may be cut short.
    is_name_truncated: bool = False

    def expiry(self) -> date:
        # Passports are valid at most ten years: expiry years are always in this century.
        return date(
            2000 + int(self.expiry_date[:2]), int(self.expiry_date[2:4]), int(self.expiry_date[4:6])
        )


class MRZError(ValueError):
    """A machine-readable zone that is malformed or whose check digits do not match.

    `code` names the fault ("shape", "type", "characters", "composite" or the field whose
    check digit fails) so callers can say it in the user's language.
    """

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


def normalise_mrz(text: str) -> list[str]:
    lines = [
        line.strip().upper().replace(" ", "") for line in text.strip().splitlines() if line.strip()
    ]
    return lines


def parse_passport_mrz(text: str) -> PassportMRZ:
    """Parse a two-line TD3 MRZ and verify all five check digits, or raise MRZError."""
    lines = normalise_mrz(text)
    if len(lines) != 2 or any(len(line) != 44 for line in lines):
        raise MRZError("A passport MRZ has two lines of 44 characters.", "shape")
    first, second = lines
    if not first.startswith("P"):
        raise MRZError("A passport MRZ starts with P.", "type")
    fields = {
        "document number": (second[0:9], second[9]),
        "date of birth": (second[13:19], second[19]),
        "date of expiry": (second[21:27], second[27]),
        "personal number": (second[28:42], second[42]),
    }
    try:
        for name, (value, digit) in fields.items():
            if name == "personal number" and set(value) == {"<"} and digit in "<0":
                continue
            if check_digit(value) != digit:
                raise MRZError(f"The check digit of the {name} does not match.", name)
        composite = second[0:10] + second[13:20] + second[21:43]
        if check_digit(composite) != second[43]:
            raise MRZError("The composite check digit does not match.", "composite")
    except ValueError as error:
        if isinstance(error, MRZError):
            raise
        raise MRZError(
            "The MRZ contains characters other than A-Z, 0-9 and <.", "characters"
        ) from error
    names = first[5:].split("<<", 1)
    return PassportMRZ(
        document_number=second[0:9].rstrip("<"),
        issuing_state=first[2:5].rstrip("<"),
        nationality=second[10:13].rstrip("<"),
        birth_date=second[13:19],
        sex=second[20],
        expiry_date=second[21:27],
        family_name=names[0].replace("<", " ").strip(),
        given_names=names[1].replace("<", " ").strip() if len(names) > 1 else "",
        is_name_truncated=first[43] != "<",
    )


def _names_agree(zone: str, record: str, *, is_truncated: bool) -> bool:
    """Every name in the zone is one of the record's, compared through the name keys (so a
    Latin zone meets a Cyrillic record); a name cut short at the end of the field may be a
    prefix of the record's."""
    zone_keys, record_keys = name_keys(zone), name_keys(record)
    if not zone_keys:
        return False
    for position, key in enumerate(zone_keys):
        if key in record_keys:
            continue
        cut_short = is_truncated and position == len(zone_keys) - 1
        if not (cut_short and any(r.startswith(key) for r in record_keys)):
            return False
    return True


def identity_disagreements(
    mrz: PassportMRZ,
    *,
    family_name: str,
    given_name: str,
    patronymic: str,
    birth_date: date,
    sex: str,
) -> list[str]:
    """Which identity fields of the zone disagree with a person's record, as codes:
    "family name", "given names", "date of birth", "sex". Empty when the zone is theirs."""
    found = []
    truncated_given = mrz.is_name_truncated and bool(mrz.given_names)
    if not _names_agree(
        mrz.family_name, family_name, is_truncated=mrz.is_name_truncated and not truncated_given
    ):
        found.append("family name")
    # A zone without given names asserts none (ICAO 9303: a person with one name).
    if mrz.given_names and not _names_agree(
        mrz.given_names, f"{given_name} {patronymic}", is_truncated=truncated_given
    ):
        found.append("given names")
    printed = birth_date.strftime("%y%m%d")
    # "<" stands for a part of the date the issuing state does not know.
    if any(z != r for z, r in zip(mrz.birth_date, printed, strict=True) if z != "<"):
        found.append("date of birth")
    if mrz.sex in {"M", "F"} and mrz.sex != sex:
        found.append("sex")
    return found
