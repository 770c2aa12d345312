"""The IATI file validates against the official schema and codelists, and is never written
invalid or incomplete."""

import datetime
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from lxml import etree

from corridor.accounts.models import OrganisationType
from corridor.accounts.tests.factories import OrganisationFactory
from corridor.programmes import services
from corridor.programmes.iati import IatiExportError, build_activities, even_percentages
from corridor.programmes.iati_validation import validate_file
from corridor.programmes.models import Programme
from corridor.programmes.tests.factories import actor_of, indicator, manager, programme

pytestmark = pytest.mark.django_db

OFFICIAL_VALIDATOR = Path("/work/shared/data/iati/validate.py")


def full_programme():
    by = manager()
    prog = programme(by)
    donor = OrganisationFactory.create(name="World Bank", type=OrganisationType.DONOR, country="US")
    services.add_funding(
        programme=prog, actor=actor_of(by), funder=donor, amount=Decimal("250000"),
        currency="USD", period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 12, 31),
    )  # fmt: skip
    services.add_funding(programme=prog, actor=actor_of(by), funder=donor)  # amount unknown
    services.add_transaction(
        programme=prog, actor=actor_of(by), date=datetime.date(2024, 3, 1), type="1",
        amount=Decimal("100000"), currency="USD", provider=donor,
        receiver=prog.reporting_organisation,
    )  # fmt: skip
    placed = indicator(prog, by)
    services.record_result(
        placed, datetime.date(2024, 1, 1), datetime.date(2024, 12, 31), 3,
        source="manual", evidence="register", actor=actor_of(by),
    )  # fmt: skip
    services.record_result(
        placed, datetime.date(2025, 1, 1), datetime.date(2025, 6, 30), 120,
        source="manual", evidence="register", actor=actor_of(by),
    )  # fmt: skip
    return prog


def official_validation(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [sys.executable, str(OFFICIAL_VALIDATOR), "--codes", str(path)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_the_command_writes_a_file_the_official_validator_accepts(tmp_path):
    full_programme()
    output = tmp_path / "prg.xml"

    call_command("iati", "export", "--programme", "PRG-1", "--output", str(output))

    assert validate_file(output) == []
    if not OFFICIAL_VALIDATOR.exists():
        pytest.skip("the shared IATI data folder is absent")
    checked = official_validation(output)
    assert (checked.returncode, checked.stdout.strip()) == (0, "valid")


def _child(element: etree._Element, path: str) -> etree._Element:
    """The element at `path` under `element`; the test fails where there is none."""
    found = element.find(path)
    assert found is not None, path
    return found


def test_the_file_holds_funders_budgets_countries_sectors_and_results(tmp_path):
    prog = full_programme()

    root = etree.fromstring(build_activities([Programme.objects.get(pk=prog.pk)]))

    activity = _child(root, "iati-activity")
    assert activity.findtext("iati-identifier") == "XX-TEST-PRG-1"
    funder = _child(activity, "participating-org")
    assert (funder.get("role"), funder.findtext("narrative")) == ("1", "World Bank")
    assert [c.get("percentage") for c in activity.iter("recipient-country")] == [
        "33.33", "33.33", "33.34",
    ]  # fmt: skip
    assert [(s.get("code"), s.get("percentage")) for s in activity.iter("sector")] == [
        ("15190", "50"), ("16020", "50"),
    ]  # fmt: skip
    # One budget: the funding whose amount is unknown is left out, not guessed.
    assert [_child(b, "value").text for b in activity.iter("budget")] == ["250000"]
    assert _child(activity, "transaction/value").text == "100000"
    periods = activity.findall("result/indicator/period")
    # A count of 3 is suppressed in the public file; 120 is shown.
    assert [_child(p, "actual").get("value") for p in periods] == [None, "120"]
    assert _child(periods[0], "actual/comment/narrative").text == "fewer than 5"
    assert _child(periods[1], "target").get("value") == "500"


def test_all_programmes_go_in_one_file(tmp_path):
    by = manager()
    programme(by)
    programme(by, code="PRG-2", title="Second")
    output = tmp_path / "all.xml"

    call_command("iati", "export", "--all", "--output", str(output))

    identifiers = [a.findtext("iati-identifier") for a in etree.parse(output).iter("iati-activity")]
    assert identifiers == ["XX-TEST-PRG-1", "XX-TEST-PRG-2"]
    assert validate_file(output) == []


def test_an_empty_programme_is_refused_with_what_is_missing_and_nothing_is_written(tmp_path):
    programme(
        code="EMPTY-1", recipient_countries=[], dac_sectors=[], iati_organisation_identifier=""
    )
    output = tmp_path / "empty.xml"

    with pytest.raises(CommandError) as refused:
        call_command("iati", "export", "--programme", "EMPTY-1", "--output", str(output))

    message = str(refused.value)
    assert "Nothing written" in message
    assert (
        "EMPTY-1 is missing the reporting organisation's IATI identifier, at least one " in message
    )
    assert "recipient country, at least one DAC sector." in message
    assert list(tmp_path.iterdir()) == []


def test_an_existing_file_is_kept_when_the_new_export_fails(tmp_path):
    programme(code="EMPTY-1", dac_sectors=[])
    output = tmp_path / "kept.xml"
    output.write_text("previous")

    with pytest.raises(CommandError):
        call_command("iati", "export", "--programme", "EMPTY-1", "--output", str(output))

    assert output.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["kept.xml"]


def test_an_unknown_programme_code_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="No programme with the code NOPE"):
        call_command("iati", "export", "--programme", "NOPE", "--output", str(tmp_path / "x.xml"))


def test_an_invalid_built_file_is_refused(monkeypatch):
    prog = programme()
    monkeypatch.setattr("corridor.programmes.iati.IATI_ACTIVITY_STATUS", {prog.status: "9"})

    with pytest.raises(IatiExportError) as refused:
        build_activities([prog])

    assert refused.value.problems[0] == "The IATI file did not validate; nothing was written."
    assert "'9' is not in codelist ActivityStatus" in refused.value.problems[1]


def test_percentages_always_sum_to_100():
    for count in range(1, 12):
        assert sum(Decimal(p) for p in even_percentages(count)) == 100


def test_a_folder_that_cannot_be_written_is_an_export_error_and_creates_nothing(tmp_path):
    from corridor.programmes.iati import write_activities

    prog = full_programme()

    with pytest.raises(IatiExportError, match="cannot write"):
        write_activities([prog], tmp_path / "missing-folder" / "activities.xml")

    assert list(tmp_path.iterdir()) == []
