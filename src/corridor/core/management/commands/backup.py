from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from corridor.core import backups


class Command(BaseCommand):
    help = (
        "Back up the whole database to PATH (default var/backups/corridor-<UTC time>.sqlite3 "
        "or .dump): SQLite's online backup, or pg_dump's custom format on PostgreSQL. "
        "The site may keep serving meanwhile."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", type=Path, help="where to write the backup")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            path = backups.back_up(path=options["path"] or backups.default_path())
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"backed up to {path} ({path.stat().st_size} bytes)")
