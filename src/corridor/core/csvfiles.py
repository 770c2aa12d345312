"""Reading and writing CSV files: the one way a command, an import or a loader does it.

- `read_rows` / `numbered_rows`: the rows of a UTF-8 CSV file (a byte-order mark allowed) as
  dicts keyed by the header, its names stripped. A file that cannot be opened, is not UTF-8,
  is not CSV or lacks a needed column is a `CsvFileError` whose message (translated) names the
  file and, where it can, the line: never a traceback.
- `write_whole`: a file written whole or not at all. It is written beside its destination and
  renamed over it when complete, so a reader sees the old file or the new one, never half of
  one; on any error the temporary file goes and the old file (or none) stays.

What goes into a cell is `core.csvsafe`'s concern (spreadsheet or interchange).
"""

import os
import secrets
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from csv import DictReader
from csv import Error as CsvError
from pathlib import Path
from typing import IO, Any

from django.utils.text import get_text_list
from django.utils.translation import gettext as _


class CsvFileError(ValueError):
    """A file that cannot be read or written as a whole; the message says why."""


def _missing_columns_message(path: Path, required: Collection[str], missing: list[str]) -> str:
    if len(required) == 1:
        return _("%(path)s: the header has no %(column)s column") % {
            "path": path,
            "column": missing[0],
        }
    return _("%(path)s: the header needs the columns %(columns)s") % {
        "path": path,
        "columns": get_text_list(list(required), _("and")),
    }


def numbered_rows(
    path: Path, *, required: Collection[str] = ()
) -> Iterator[tuple[int, dict[Any, Any]]]:
    """(line number, row) for each record of the file; the header must name `required`.

    A row with more fields than the header keeps the extra ones under the key None, as
    `csv.DictReader` does; one with fewer has None for the missing columns.
    """
    path = Path(path)
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as error:
        raise CsvFileError(
            _("cannot open %(path)s: %(reason)s") % {"path": path, "reason": error.strerror}
        ) from error
    with handle:
        reader = DictReader(handle)
        try:
            header = [name.strip() for name in reader.fieldnames or []]
            reader.fieldnames = header
            missing = [column for column in required if column not in header]
            if missing:
                raise CsvFileError(_missing_columns_message(path, required, missing))
            for row in reader:
                yield reader.line_num, row
        except UnicodeDecodeError as error:
            # No line: the text is decoded ahead of the reader, in blocks.
            raise CsvFileError(_("%(path)s is not UTF-8 text") % {"path": path}) from error
        except CsvError as error:
            raise CsvFileError(
                _("%(path)s line %(line)s: not a readable CSV file (%(error)s)")
                % {"path": path, "line": reader.line_num + 1, "error": error}
            ) from error


def read_rows(path: Path, *, required: Collection[str] = ()) -> Iterator[dict[Any, Any]]:
    """The rows of the file as dicts keyed by its header; the header must name `required`."""
    for _line, row in numbered_rows(path, required=required):
        yield row


@contextmanager
def write_whole(path: Path, *, binary: bool = False) -> Iterator[IO[Any]]:
    """A file to write `path`'s new content into (UTF-8 text for the csv module, or bytes);
    when the block ends it replaces `path` in one rename. If the block raises, or the file
    cannot be written, nothing of it is left and `path` is as it was."""
    path = Path(path)
    # Beside the destination (a rename within one folder is atomic); a name of its own so two
    # writers never share it; created like any file (mkstemp's would be private, 0600).
    partial = path.with_name(f".{path.name}.{secrets.token_hex(4)}.partial")
    try:
        handle = partial.open("xb") if binary else partial.open("x", encoding="utf-8", newline="")
        try:
            with handle:
                yield handle
            os.replace(partial, path)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    except OSError as error:
        raise CsvFileError(
            _("cannot write %(path)s: %(reason)s")
            % {"path": path, "reason": error.strerror or error}
        ) from error
