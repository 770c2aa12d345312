import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from corridor.recruitment.importing import FORMATS, ImportFileError, import_records, read_file


class Command(BaseCommand):
    help = (
        "Vacancies. `vacancies import FILE --format trudvsem-api|trudvsem-dump [--strict]`: "
        "import “Work in Russia” open data; a second import updates, never duplicates."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        command = actions.add_parser(
            "import",
            help="import the vacancies of a trudvsem JSON file (an API answer or a bulk dump)",
        )
        command.add_argument("file", type=Path, help="the JSON file")
        command.add_argument(
            "--format",
            required=True,
            choices=FORMATS,
            help="trudvsem-api: an answer of /api/v1/vacancies; trudvsem-dump: a bulk dump file",
        )
        command.add_argument(
            "--strict",
            action="store_true",
            help="write nothing at all when any record is rejected",
        )

    def _say(self, message: str) -> None:
        # Progress and reasons go to stderr so pipes stay clean; no contact data ever reaches it.
        sys.stderr.write(f"[vacancies] {message}\n")
        sys.stderr.flush()

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        path: Path = Path(options["file"])
        try:
            records = read_file(path, options["format"])
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        self._say(f"{len(records):,} records in {path}")
        with tqdm(total=len(records), unit="record", file=sys.stderr, disable=None) as bar:
            result = import_records(records, strict=options["strict"], progress=bar.update)
        for rejection in result.rejected:
            self._say(f"{rejection.label}: {rejection.reason}")
        elapsed = time.perf_counter() - started
        summary = (
            f"{result.records:,} records: {result.accepted:,} accepted "
            f"({result.created:,} created, {result.updated:,} updated"
            + (f", {result.unchanged:,} unchanged" if result.unchanged else "")
            + f"), {len(result.rejected):,} rejected; {elapsed:.1f} s"
        )
        self._say(summary)
        if not result.written:
            raise CommandError(
                f"--strict: {len(result.rejected):,} of {result.records:,} records rejected, "
                "nothing written."
            )
