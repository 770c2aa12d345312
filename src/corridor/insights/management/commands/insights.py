from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from corridor.insights.tasks import refresh_summary_tables


class Command(BaseCommand):
    help = (
        "Insights. `insights refresh [--enqueue]`: rebuild the summary tables the dashboards "
        "and indicators read (--enqueue hands it to the task worker instead)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        refresh = actions.add_parser("refresh", help="rebuild the summary tables")
        refresh.add_argument(
            "--enqueue", action="store_true", help="queue the task for the task worker"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = refresh_summary_tables.enqueue()
            self.stdout.write(f"queued {result.id}")
            return
        rows = refresh_summary_tables.call()
        self.stdout.write(
            "summary tables refreshed: " + ", ".join(f"{k} {v}" for k, v in rows.items())
        )
