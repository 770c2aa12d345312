"""The file contract outside checks use: IN.csv with id,title in, OUT.csv id,rank,isco_code,score out."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from corridor.core import csvsafe
from corridor.core.csvfiles import numbered_rows, write_whole
from corridor.occupations.coder import Coding


@dataclass
class TitlesRead:
    rows: list[tuple[str, str]]
    problems: list[tuple[int, str]] = field(default_factory=list)


def read_titles(path: Path) -> TitlesRead:
    """(id, title) pairs from a CSV whose header has at least id and title; others ignored."""
    result = TitlesRead(rows=[])
    for line, row in numbered_rows(path, required=["id", "title"]):
        row_id = (row.get("id") or "").strip()
        if not row_id:
            result.problems.append((line, "no id; row skipped"))
            continue
        result.rows.append((row_id, row.get("title") or ""))
    return result


def output_rows(ids: list[str], codings: list[Coding]) -> Iterator[list[str]]:
    for row_id, coding in zip(ids, codings, strict=True):
        for rank, candidate in enumerate(coding.candidates, start=1):
            yield [row_id, str(rank), candidate.isco_code, f"{min(candidate.score, 1.0):.4f}"]


def write_codes(path: Path, ids: list[str], codings: list[Coding]) -> None:
    """Write OUT.csv whole or not at all (the old file stays if anything fails)."""
    with write_whole(path) as handle:
        # Read back by programs (ids must round-trip exactly), not opened as a spreadsheet.
        writer = csvsafe.interchange_writer(handle, lineterminator="\n")
        writer.writerow(["id", "rank", "isco_code", "score"])
        writer.writerows(output_rows(ids, codings))
