"""The file contract outside checks use: IN.csv with id,title in, OUT.csv id,rank,isco_code,score out."""

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from corridor.core import csvsafe
from corridor.occupations.coder import Coding


class CodingFileError(Exception):
    """A file that cannot be read or written as the contract says; the message says why."""


@dataclass
class TitlesRead:
    rows: list[tuple[str, str]]
    problems: list[tuple[int, str]] = field(default_factory=list)


def read_titles(path: Path) -> TitlesRead:
    """(id, title) pairs from a CSV whose header has at least id and title; others ignored."""
    result = TitlesRead(rows=[])
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = [name.strip() for name in reader.fieldnames or []]
            if not {"id", "title"} <= set(header):
                raise CodingFileError(f"{path}: the header needs the columns id and title")
            reader.fieldnames = header
            for row in reader:
                line = reader.line_num
                row_id = (row.get("id") or "").strip()
                if not row_id:
                    result.problems.append((line, "no id; row skipped"))
                    continue
                result.rows.append((row_id, row.get("title") or ""))
    except OSError as error:
        raise CodingFileError(f"cannot open {path}: {error.strerror}") from error
    except UnicodeDecodeError as error:
        raise CodingFileError(f"{path} is not UTF-8 text: {error.reason}") from error
    except csv.Error as error:
        raise CodingFileError(f"{path}: not a readable CSV file ({error})") from error
    return result


def output_rows(ids: list[str], codings: list[Coding]) -> Iterator[list[str]]:
    for row_id, coding in zip(ids, codings, strict=True):
        for rank, candidate in enumerate(coding.candidates, start=1):
            yield [row_id, str(rank), candidate.isco_code, f"{min(candidate.score, 1.0):.4f}"]


def write_codes(path: Path, ids: list[str], codings: list[Coding]) -> None:
    """Write OUT.csv whole or not at all: a temporary file beside it, renamed when complete."""
    partial = path.with_name(path.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8", newline="") as handle:
            # Read back by programs (ids must round-trip exactly), not opened as a spreadsheet.
            writer = csvsafe.interchange_writer(handle, lineterminator="\n")
            writer.writerow(["id", "rank", "isco_code", "score"])
            writer.writerows(output_rows(ids, codings))
        partial.replace(path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise CodingFileError(f"cannot write {path}: {error.strerror}") from error
