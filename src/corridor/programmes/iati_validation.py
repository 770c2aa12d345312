"""Checking an IATI 2.03 activities file against the shipped schema and codelists.

The same two checks as the official data folder's `validate.py --codes`: the XSD (structure,
order, required parts, types), then every code attribute against its codelist (withdrawn codes
are errors; sector and region codes only in vocabulary 1). Nothing is fetched from the network.
"""

import functools
from pathlib import Path
from typing import Any

from lxml import etree

from corridor.programmes.codelists import SCHEMA, codelist

# (XPath, attribute, codelist, vocabulary condition): the rules of the official validate.py.
CODE_RULES = [
    ("//reporting-org | //participating-org | //provider-org | //receiver-org",
     "type", "OrganisationType", None),
    ("//participating-org", "role", "OrganisationRole", None),
    ("//iati-activity/description", "type", "DescriptionType", None),
    ("//activity-status", "code", "ActivityStatus", None),
    ("//activity-date", "type", "ActivityDateType", None),
    ("//recipient-country", "code", "Country", None),
    ("//recipient-region", "code", "Region", "1"),
    ("//sector", "vocabulary", "SectorVocabulary", None),
    ("//sector", "code", "Sector", "1"),
    ("//policy-marker", "vocabulary", "PolicyMarkerVocabulary", None),
    ("//policy-marker", "code", "PolicyMarker", "1"),
    ("//policy-marker", "significance", "PolicySignificance", None),
    ("//budget", "type", "BudgetType", None),
    ("//budget", "status", "BudgetStatus", None),
    ("//transaction-type", "code", "TransactionType", None),
    ("//iati-activity", "default-currency", "Currency", None),
    ("//*[@currency]", "currency", "Currency", None),
    ("//result", "type", "ResultType", None),
    ("//indicator", "measure", "IndicatorMeasure", None),
]  # fmt: skip


def _parser() -> etree.XMLParser:
    return etree.XMLParser(no_network=True, resolve_entities=False)


@functools.cache
def _schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA), _parser()))


def check_codes(document: Any) -> list[str]:
    errors = []
    for xpath, attribute, listname, vocabulary in CODE_RULES:
        codes = codelist(listname)
        for element in document.xpath(xpath):
            value = element.get(attribute)
            if value is None:
                continue
            if vocabulary is not None and element.get("vocabulary", vocabulary) != vocabulary:
                continue
            found = codes.get(value)
            if found is None or found.is_withdrawn:
                state = "is withdrawn in" if found else "is not in"
                errors.append(
                    f"line {element.sourceline}: <{element.tag}> @{attribute}={value!r} "
                    f"{state} codelist {listname}"
                )
    return errors


def validate_bytes(content: bytes) -> list[str]:
    """Errors of an activities file held in memory (an empty list: valid)."""
    try:
        document = etree.fromstring(content, _parser()).getroottree()
    except etree.XMLSyntaxError as error:
        return [f"not well-formed XML: {error}"]
    schema = _schema()
    errors = []
    if not schema.validate(document):
        errors += [f"line {e.line}: {e.message}" for e in schema.error_log]
    return errors + check_codes(document)


def validate_file(path: Path) -> list[str]:
    try:
        return validate_bytes(Path(path).read_bytes())
    except OSError as error:
        return [f"unreadable: {error}"]
