import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from corridor.insights.metrics import compute_indicator_results
from corridor.insights.tasks import refresh_summary_tables


class Command(BaseCommand):
    help = (
        "Insights. `insights refresh [--enqueue]`: rebuild the summary tables the dashboards "
        "and indicators read (--enqueue hands it to the task worker instead). "
        "`insights results --from DATE --to DATE [--programme CODE]`: record the computed "
        "results of programmes' indicators for that reporting period (kept as recorded)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        refresh = actions.add_parser("refresh", help="rebuild the summary tables")
        refresh.add_argument(
            "--enqueue", action="store_true", help="queue the task for the task worker"
        )

        results = actions.add_parser(
            "results", help="record computed indicator results for a reporting period"
        )
        results.add_argument("--from", dest="start", required=True, help="YYYY-MM-DD")
        results.add_argument("--to", dest="end", required=True, help="YYYY-MM-DD")
        results.add_argument("--programme", help="a programme code (default: every programme)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "results":
            self._results(options)
            return
        if options["enqueue"]:
            result = refresh_summary_tables.enqueue()
            self.stdout.write(f"queued {result.id}")
            return
        rows = refresh_summary_tables.call()
        self.stdout.write(
            "summary tables refreshed: " + ", ".join(f"{k} {v}" for k, v in rows.items())
        )

    def _results(self, options: dict[str, Any]) -> None:
        from corridor.programmes.models import Programme

        try:
            start = datetime.date.fromisoformat(options["start"])
            end = datetime.date.fromisoformat(options["end"])
        except ValueError as error:
            raise CommandError(f"Dates are YYYY-MM-DD: {error}") from error
        if end < start:
            raise CommandError("The period ends before it starts.")
        programmes = Programme.objects.all()
        if options["programme"]:
            programmes = programmes.filter(code=options["programme"])
            if not programmes.exists():
                raise CommandError(f"No programme with the code {options['programme']!r}.")
        # The summary tables first: results are computed from them.
        refresh_summary_tables.call()
        for programme in programmes:
            recorded = compute_indicator_results(programme, start, end)
            self.stdout.write(f"{programme.code}: {recorded} indicator results for {start}..{end}")
