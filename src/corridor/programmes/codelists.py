"""The IATI codelists shipped in `data/iati/codelists/` (see its README): codes, names, status.

Read with the standard library so that looking a code up never needs lxml; parsed once.
"""

import functools
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

IATI_DATA = Path(__file__).resolve().parent / "data" / "iati"
CODELISTS = IATI_DATA / "codelists"
SCHEMA = IATI_DATA / "schema" / "iati-activities-schema.xsd"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class Code:
    code: str
    name: str
    is_withdrawn: bool


@functools.cache
def codelist(name: str) -> dict[str, Code]:
    """{code: Code} of codelists/<name>.xml, withdrawn codes included (marked)."""
    tree = ElementTree.parse(CODELISTS / f"{name}.xml")  # noqa: S314 (our own shipped file)
    codes = {}
    for item in tree.iter("codelist-item"):
        code = (item.findtext("code") or "").strip()
        english = [
            n.text or "" for n in item.iterfind("name/narrative") if n.get(XML_LANG) in (None, "en")
        ]
        codes[code] = Code(
            code, english[0].strip() if english else code, item.get("status") == "withdrawn"
        )
    return codes


def is_active_code(name: str, code: str) -> bool:
    found = codelist(name).get(code)
    return found is not None and not found.is_withdrawn


def code_name(name: str, code: str) -> str:
    found = codelist(name).get(code)
    return found.name if found else code
