"""The file contract of `corridor dedupe --input IN.csv --output OUT.csv`.

IN.csv: a header naming some of `records.INPUT_COLUMNS` (record_id is required), one record
per line. OUT.csv: `record_id,cluster_id`, one row per input record, in input order.
"""

from dataclasses import dataclass, field
from pathlib import Path

from corridor.core import csvsafe
from corridor.core.csvfiles import numbered_rows, read_rows, write_whole
from corridor.identity.records import INPUT_COLUMNS, check_record


@dataclass
class ReadResult:
    records: list[dict[str, str]]
    # (line number, what was wrong); the record is still used, without the bad value,
    # unless it has no usable record_id.
    problems: list[tuple[int, str]] = field(default_factory=list)
    skipped: int = 0


def read_records(path: Path) -> ReadResult:
    result = ReadResult(records=[])
    seen: set[str] = set()
    for line, row in numbered_rows(path, required=["record_id"]):
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
    """Write OUT.csv whole or not at all (the old file stays if anything fails)."""
    with write_whole(path) as handle:
        # Read back by programs (ids must round-trip exactly), not opened as a spreadsheet.
        writer = csvsafe.interchange_writer(handle)
        writer.writerow(["record_id", "cluster_id"])
        for record_id in record_ids:
            writer.writerow([record_id, cluster_of.get(record_id, record_id)])


def read_labels(path: Path) -> dict[str, str]:
    """record_id -> person_id from a CSV with those two columns (for training)."""
    rows = read_rows(path, required=["record_id", "person_id"])
    return {row["record_id"]: row["person_id"] for row in rows}
