"""The file contract of `corridor dedupe --input IN.csv --output OUT.csv`.

IN.csv: a header naming some of `records.INPUT_COLUMNS` (record_id is required), one record
per line. OUT.csv: `record_id,cluster_id`, one row per input record, in input order.
"""

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from corridor.core import csvsafe
from corridor.identity.records import INPUT_COLUMNS, check_record


class InputFileError(ValueError):
    """The file as a whole cannot be read: missing, wrong encoding, no record_id column."""


@dataclass
class ReadResult:
    records: list[dict[str, str]]
    # (line number, what was wrong); the record is still used, without the bad value,
    # unless it has no usable record_id.
    problems: list[tuple[int, str]] = field(default_factory=list)
    skipped: int = 0


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str | None]]]:
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as error:
        raise InputFileError(f"cannot open {path}: {error.strerror}") from error
    with handle:
        reader = csv.DictReader(handle)
        try:
            header = [name.strip() for name in reader.fieldnames or []]
        except UnicodeDecodeError as error:
            raise InputFileError(f"{path} is not UTF-8 text") from error
        if "record_id" not in header:
            raise InputFileError(f"{path}: the header has no record_id column")
        reader.fieldnames = header
        try:
            for row in reader:
                yield reader.line_num, row
        except (UnicodeDecodeError, csv.Error) as error:
            raise InputFileError(f"{path} line {reader.line_num}: {error}") from error


def read_records(path: Path) -> ReadResult:
    result = ReadResult(records=[])
    seen: set[str] = set()
    for line, row in _rows(path):
        if None in row:  # more fields than the header names
            result.problems.append((line, "more fields than the header has; extra fields ignored"))
            row.pop(None)  # type: ignore[call-overload]
        checked = check_record({k: v for k, v in row.items() if k in INPUT_COLUMNS})
        record_id = checked.values["record_id"]
        if not record_id:
            result.problems.append((line, "no record_id; record skipped"))
            result.skipped += 1
            continue
        if record_id in seen:
            result.problems.append(
                (line, f"record_id {record_id!r} repeats an earlier one; record skipped")
            )
            result.skipped += 1
            continue
        seen.add(record_id)
        result.problems.extend((line, problem) for problem in checked.problems)
        result.records.append(checked.values)
    return result


def write_clusters(path: Path, record_ids: list[str], cluster_of: dict[str, str]) -> None:
    """Write OUT.csv whole or not at all: a temporary file beside it, renamed when complete."""
    partial = path.with_name(path.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8", newline="") as handle:
            # Read back by programs (ids must round-trip exactly), not opened as a spreadsheet.
            writer = csvsafe.interchange_writer(handle)
            writer.writerow(["record_id", "cluster_id"])
            for record_id in record_ids:
                writer.writerow([record_id, cluster_of.get(record_id, record_id)])
        partial.replace(path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise InputFileError(f"cannot write {path}: {error.strerror}") from error


def read_labels(path: Path) -> dict[str, str]:
    """record_id -> person_id from a CSV with those two columns (for training)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            if not {"record_id", "person_id"} <= set(reader.fieldnames or []):
                raise InputFileError(f"{path}: the header needs record_id and person_id")
            return {row["record_id"]: row["person_id"] for row in reader}
    except OSError as error:
        raise InputFileError(f"cannot open {path}: {error.strerror}") from error
