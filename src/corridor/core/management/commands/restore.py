from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from corridor.core import backups


class Command(BaseCommand):
    help = (
        "Replace the whole database with the backup at PATH (from `corridor backup`). Stop the "
        "web server, worker and scheduler first. Refuses a database that holds data unless "
        "--yes is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="the backup file")
        parser.add_argument("--yes", action="store_true", help="replace a database that holds data")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"{path}: no such backup file")
        holding = backups.tables_with_rows()
        if holding and not options["yes"]:
            raise CommandError(
                f"the database holds data ({len(holding)} tables with rows); restoring replaces "
                "all of it. Run again with --yes to do so."
            )
        try:
            backups.restore(path=path)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"restored from {path}")
