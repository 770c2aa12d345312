import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from tqdm import tqdm

from corridor.core.csvfiles import CsvFileError
from corridor.occupations import services
from corridor.occupations.coder import Coding
from corridor.occupations.files import read_titles, write_codes

BATCH = 500


class Command(BaseCommand):
    help = "ISCO-08 occupation coding. `isco code --input IN.csv --output OUT.csv [--top 5]`."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        code = actions.add_parser(
            "code",
            help="code the titles of IN.csv (columns id,title) into OUT.csv (id,rank,isco_code,score)",
        )
        code.add_argument("--input", type=Path, required=True)
        code.add_argument("--output", type=Path, required=True)
        code.add_argument("--top", type=int, default=5, help="codes per title, best first")

    def _say(self, message: str) -> None:
        # Progress goes to stderr so OUT.csv and pipes stay clean.
        sys.stderr.write(f"[isco] {message}\n")
        sys.stderr.flush()

    def handle(self, *args: Any, **options: Any) -> None:
        if not 1 <= options["top"] <= 50:
            raise CommandError("--top must be between 1 and 50.")
        started = time.perf_counter()
        try:
            read = read_titles(options["input"])
        except CsvFileError as error:
            raise CommandError(str(error)) from error
        for line, problem in read.problems:
            self._say(f"line {line}: {problem}")
        titles = [title for _, title in read.rows]
        codings = self._code(titles, options["top"])
        try:
            write_codes(options["output"], [row_id for row_id, _ in read.rows], codings)
        except CsvFileError as error:
            raise CommandError(str(error)) from error
        coded = sum(1 for c in codings if c.candidates)
        confident = sum(1 for c in codings if c.confident)
        elapsed = time.perf_counter() - started
        self._say(
            f"{len(titles):,} titles: {coded:,} coded ({confident:,} confidently), "
            f"{len(titles) - coded:,} without a code; {elapsed:.1f} s"
        )

    def _code(self, titles: list[str], top: int) -> list[Coding]:
        suggest_many = services.suggest_many
        try:
            services.suggest_many(titles[:1], top)
        except DatabaseError:
            # No database yet (a fresh machine): the shipped knowledge codes alone, without
            # the titles staff have confirmed.
            self._say("no database to read staff confirmations from; using shipped knowledge")
            suggest_many = services.shipped_coder().code_many
        codings: list[Coding] = []
        with tqdm(total=len(titles), unit="title", file=sys.stderr, disable=None) as bar:
            for start in range(0, len(titles), BATCH):
                chunk = titles[start : start + BATCH]
                codings.extend(suggest_many(chunk, top))
                bar.update(len(chunk))
        return codings
