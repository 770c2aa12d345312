"""Programmes as an IATI 2.03 activities file, checked before anyone receives it.

The file is public reporting, so counts under 5 are suppressed in it as on every donor page.
It is never written invalid: a programme that lacks what IATI requires is refused with the list
of what is missing, and a built file that fails the shipped schema or codelists is refused
before it reaches its destination (written to a temporary file, checked, then renamed).
"""

import datetime
from collections.abc import Iterable, Sequence
from decimal import ROUND_DOWN, Decimal
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from lxml import etree

from corridor.accounts.models import Organisation, OrganisationType
from corridor.core.csvfiles import CsvFileError, write_whole
from corridor.programmes.codelists import code_name
from corridor.programmes.iati_validation import validate_bytes, validate_file
from corridor.programmes.models import (
    IATI_ACTIVITY_STATUS,
    Indicator,
    Programme,
    ProgrammeStatus,
)
from corridor.programmes.queries import shown_value

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# IATI OrganisationType when an organisation has no IATI identity of its own: public agencies
# are government (10), NGOs national (22), diasporas other (90), private companies 70.
ORGANISATION_TYPES: dict[str, str] = {
    OrganisationType.EMPLOYMENT_CENTRE: "10",
    OrganisationType.AUTHORITY: "10",
    OrganisationType.RECRUITER: "70",
    OrganisationType.EMPLOYER: "70",
    OrganisationType.TRAINING_PROVIDER: "80",
    OrganisationType.NGO: "22",
    OrganisationType.DIASPORA: "90",
    OrganisationType.DONOR: "10",
    OrganisationType.PROGRAMME_OFFICE: "40",
}
ROLE_FUNDING, ROLE_ACCOUNTABLE, ROLE_IMPLEMENTING = "1", "2", "4"
BUDGET_ORIGINAL, BUDGET_COMMITTED = "1", "2"
RESULT_OUTCOME = "2"
DESCRIPTION_GENERAL, DESCRIPTION_OBJECTIVES = "1", "2"
PLANNED_START, ACTUAL_START, PLANNED_END, ACTUAL_END = "1", "2", "3", "4"


class IatiExportError(Exception):
    """Why no file was produced: each line a missing part or a validation error."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


def missing_parts(programme: Programme) -> list[str]:
    """What the programme lacks for an IATI activity, in words a manager can act on."""
    missing = []
    if not programme.title.strip():
        missing.append(_("a title"))
    if not programme.iati_organisation_identifier:
        missing.append(_("the reporting organisation's IATI identifier"))
    if not programme.recipient_countries.all():
        missing.append(_("at least one recipient country"))
    if not programme.dac_sectors:
        missing.append(_("at least one DAC sector"))
    return missing


def _check_complete(programmes: Iterable[Programme]) -> None:
    problems = [
        _("%(code)s is missing %(parts)s.") % {"code": p.code, "parts": ", ".join(parts)}
        for p in programmes
        if (parts := missing_parts(p))
    ]
    if problems:
        raise IatiExportError(problems)


def _sub(parent: Any, tag: str, text: str | None = None, **attributes: Any) -> Any:
    element = etree.SubElement(
        parent,
        tag,
        {k.replace("_", "-"): str(v) for k, v in attributes.items() if v not in (None, "")},
    )
    if text is not None:
        element.text = text
    return element


def _narrative(parent: Any, tag: str, text: str, **attributes: Any) -> Any:
    element = _sub(parent, tag, **attributes)
    _sub(element, "narrative", text)
    return element


def _number(value: Decimal) -> str:
    normalised = value.normalize()
    return f"{normalised:f}"


def even_percentages(count: int) -> list[str]:
    """`count` shares of 100 with two decimals that add up to exactly 100."""
    if count == 0:
        return []
    share = (Decimal(100) / count).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    shares = [share] * count
    shares[-1] = Decimal(100) - share * (count - 1)
    return [_number(s) for s in shares]


def _organisation(parent: Any, tag: str, organisation: Organisation, **attributes: Any) -> None:
    identity = getattr(organisation, "iati_identity", None)
    ref = identity.ref if identity else ""
    kind = (identity.type if identity else "") or ORGANISATION_TYPES.get(organisation.type, "90")
    _narrative(parent, tag, organisation.name, **{"ref": ref, "type": kind, **attributes})


def _dates(activity: Any, programme: Programme, today: datetime.date) -> None:
    started = programme.status != ProgrammeStatus.PIPELINE and programme.period_start <= today
    _sub(activity, "activity-date", type=ACTUAL_START if started else PLANNED_START,
         iso_date=programme.period_start.isoformat())  # fmt: skip
    if programme.period_end:
        ended = (
            programme.status in (ProgrammeStatus.CLOSED, ProgrammeStatus.FINALISATION)
            and programme.period_end <= today
        )
        _sub(activity, "activity-date", type=ACTUAL_END if ended else PLANNED_END,
             iso_date=programme.period_end.isoformat())  # fmt: skip


def _budgets(activity: Any, programme: Programme) -> None:
    for funding in programme.fundings.all():
        if funding.amount is None:
            continue  # an unknown amount is left out, never guessed
        start = funding.period_start or programme.period_start
        end = funding.period_end or programme.period_end
        if end is None:
            continue
        budget = _sub(activity, "budget", type=BUDGET_ORIGINAL, status=BUDGET_COMMITTED)
        _sub(budget, "period-start", iso_date=start.isoformat())
        _sub(budget, "period-end", iso_date=end.isoformat())
        _sub(budget, "value", _number(funding.amount), currency=funding.currency,
             value_date=start.isoformat())  # fmt: skip


def _transactions(activity: Any, programme: Programme) -> None:
    for record in programme.transactions.all():
        transaction = _sub(activity, "transaction")
        _sub(transaction, "transaction-type", code=record.type)
        _sub(transaction, "transaction-date", iso_date=record.date.isoformat())
        _sub(transaction, "value", _number(record.amount), currency=record.currency,
             value_date=record.date.isoformat())  # fmt: skip
        if record.description:
            _narrative(transaction, "description", record.description)
        if record.provider:
            _organisation(transaction, "provider-org", record.provider)
        if record.receiver:
            _organisation(transaction, "receiver-org", record.receiver)


def _value(parent: Any, tag: str, indicator: Indicator, value: Decimal | None) -> None:
    shown = shown_value(indicator, value, suppress=True)
    element = _sub(parent, tag, value=_number(shown) if shown is not None else None)
    if value is not None and shown is None:
        _narrative(element, "comment", _("fewer than 5"))


def _indicator(activity: Any, programme: Programme, indicator: Indicator) -> None:
    result = _sub(activity, "result", type=RESULT_OUTCOME)
    _narrative(result, "title", indicator.name)
    element = _sub(result, "indicator", measure=indicator.measure,
                   ascending="1" if indicator.is_ascending else "0")  # fmt: skip
    _narrative(element, "title", indicator.name)
    if indicator.baseline_year:
        _value(element, "baseline", indicator, indicator.baseline_value)
        element[-1].set("year", str(indicator.baseline_year))
    results = getattr(indicator, "current_results", None)
    if results is None:
        results = list(indicator.results.current())
    results = sorted(results, key=lambda r: r.period_start)
    for recorded in results:
        period = _sub(element, "period")
        _sub(period, "period-start", iso_date=recorded.period_start.isoformat())
        _sub(period, "period-end", iso_date=recorded.period_end.isoformat())
        if indicator.target_value is not None:
            _value(period, "target", indicator, indicator.target_value)
        _value(period, "actual", indicator, recorded.value)
    if not results and indicator.target_value is not None and programme.period_end:
        period = _sub(element, "period")
        _sub(period, "period-start", iso_date=programme.period_start.isoformat())
        _sub(period, "period-end", iso_date=programme.period_end.isoformat())
        _value(period, "target", indicator, indicator.target_value)


def _activity(root: Any, programme: Programme, now: datetime.datetime) -> None:
    activity = _sub(root, "iati-activity", last_updated_datetime=_timestamp(programme.updated_at),
                    humanitarian="0")  # fmt: skip
    activity.set(XML_LANG, "en")
    _sub(activity, "iati-identifier", programme.iati_identifier)
    _organisation(activity, "reporting-org", programme.reporting_organisation,
                  ref=programme.iati_organisation_identifier)  # fmt: skip
    _narrative(activity, "title", programme.title)
    if programme.description:
        _narrative(activity, "description", programme.description, type=DESCRIPTION_GENERAL)
    if programme.goal:
        _narrative(activity, "description", programme.goal, type=DESCRIPTION_OBJECTIVES)
    funders = {f.funder_id: f.funder for f in programme.fundings.all()}
    for funder in funders.values():
        _organisation(activity, "participating-org", funder, role=ROLE_FUNDING)
    _organisation(activity, "participating-org", programme.reporting_organisation,
                  ref=programme.iati_organisation_identifier, role=ROLE_ACCOUNTABLE)  # fmt: skip
    for partner in programme.implementing_partners.all():
        _organisation(activity, "participating-org", partner, role=ROLE_IMPLEMENTING)
    _sub(activity, "activity-status", code=IATI_ACTIVITY_STATUS[programme.status])
    _dates(activity, programme, now.date())
    countries = sorted(programme.recipient_countries.all(), key=lambda c: c.code)
    for country, share in zip(countries, even_percentages(len(countries)), strict=True):
        _sub(activity, "recipient-country", code=country.code, percentage=share)
    sectors = list(programme.dac_sectors)
    for code, share in zip(sectors, even_percentages(len(sectors)), strict=True):
        _narrative(activity, "sector", code_name("Sector", code), vocabulary="1", code=code,
                   percentage=share)  # fmt: skip
    _budgets(activity, programme)
    _transactions(activity, programme)
    for indicator in programme.indicators.all():
        _indicator(activity, programme, indicator)


def _timestamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def build_activities(programmes: Sequence[Programme]) -> bytes:
    """The activities file of `programmes`, checked: raises IatiExportError rather than
    return an incomplete or invalid file."""
    _check_complete(programmes)
    now = timezone.now()
    root = etree.Element(
        "iati-activities", {"version": "2.03", "generated-datetime": _timestamp(now)}
    )
    for programme in programmes:
        _activity(root, programme, now)
    content: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    errors = validate_bytes(content)
    if errors:
        raise IatiExportError([_("The IATI file did not validate; nothing was written."), *errors])
    return content


def write_activities(programmes: Sequence[Programme], destination: Path) -> Path:
    """Write the checked file to `destination` through a temporary file in the same folder, so a
    reader never sees a half-written or invalid file; the old file stays if anything fails."""
    content = build_activities(programmes)
    destination = Path(destination)
    try:
        with write_whole(destination, binary=True) as file:
            file.write(content)
            file.flush()
            errors = validate_file(Path(file.name))
            if errors:
                raise IatiExportError(
                    [_("The IATI file did not validate; nothing was written."), *errors]
                )
    except CsvFileError as error:  # the folder cannot be written
        raise IatiExportError([str(error)]) from error
    return destination
