from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from corridor.programmes.iati import IatiExportError, write_activities
from corridor.programmes.queries import programmes_with_details


class Command(BaseCommand):
    help = (
        "IATI 2.03. `iati export --programme CODE --output FILE.xml` or `iati export --all "
        "--output FILE.xml`: the programme(s) as one iati-activities file, checked against the "
        "IATI schema and codelists before it is written; nothing is written when it fails."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        export = actions.add_parser("export", help="write an iati-activities XML file")
        which = export.add_mutually_exclusive_group(required=True)
        which.add_argument("--programme", metavar="CODE", help="one programme, by its code")
        which.add_argument("--all", action="store_true", help="every programme in one file")
        export.add_argument("--output", required=True, type=Path, help="the XML file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        programmes = programmes_with_details().order_by("code")
        if options["programme"]:
            programmes = programmes.filter(code=options["programme"])
        chosen = list(programmes)
        if not chosen:
            raise CommandError(
                f"No programme with the code {options['programme']}."
                if options["programme"]
                else "There are no programmes to export."
            )
        output: Path = options["output"]
        if not output.parent.is_dir():
            raise CommandError(f"The folder {output.parent} does not exist.")
        try:
            write_activities(chosen, output)
        except IatiExportError as error:
            raise CommandError("Nothing written.\n" + "\n".join(error.problems)) from error
        self.stdout.write(f"{len(chosen)} programme(s) written to {output}; valid IATI 2.03.")
