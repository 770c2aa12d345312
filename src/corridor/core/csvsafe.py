"""Writing CSV: every CSV the product writes comes from here, and says who reads it.

- `spreadsheet_writer`: a file people open in Excel, LibreOffice or Google Sheets (the worker
  export, the dashboard tables). A text cell starting with `=`, `+`, `-`, `@`, a tab or a
  carriage return would be run as a formula there ("CSV injection": a worker named
  `=HYPERLINK(...)` turns an export into a link that sends the sheet's data away). Such a cell
  is written with a single quote before it, as OWASP advises, so the program shows it as text.
  Numbers (int, float, Decimal) are values, not text, and stay as they are (-5 stays -5).
  `spreadsheet_file` gives such a file whole, as bytes for a download.
- `interchange_writer`: a file another program reads back (the identity and occupation
  command-line outputs, whose ids must round-trip exactly). Cells are written as they are;
  docs/decisions/0013-statistics-without-consent.md says which outputs are which.
"""

import csv
import io
from collections.abc import Iterable
from typing import Any

# What spreadsheet programs read as the start of a formula (OWASP, CSV Injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: Any) -> Any:
    """`value` with a single quote before it if it is text a spreadsheet would run. A lone
    sign ("-", the tables' mark for a hidden figure) runs nothing and stays as it is."""
    if isinstance(value, str) and len(value) > 1 and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SpreadsheetWriter:
    """csv.writer's writerow and writerows, with every cell escaped first."""

    def __init__(self, target: Any, **options: Any) -> None:
        self._writer = csv.writer(target, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([escape_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def spreadsheet_writer(target: Any, **options: Any) -> SpreadsheetWriter:
    """A CSV writer for a file people open in a spreadsheet program."""
    return SpreadsheetWriter(target, **options)


def spreadsheet_file(rows: Iterable[Iterable[Any]]) -> bytes:
    """A whole CSV file for a spreadsheet program: escaped cells, UTF-8 with a byte-order mark
    (without it Excel reads Cyrillic as the local code page)."""
    buffer = io.StringIO()
    spreadsheet_writer(buffer).writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode()


def interchange_writer(target: Any, **options: Any) -> Any:
    """A CSV writer for a file a program reads back: every cell exactly as given."""
    return csv.writer(target, **options)
