from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from corridor.recruitment.features import refresh_all
from corridor.recruitment.tasks import refresh_stale_match_features


class Command(BaseCommand):
    help = (
        "Matching features. `matching refresh-stale [--enqueue]`: recompute the workers whose "
        "records changed since (--enqueue hands it to the task worker instead). "
        "`matching refresh-all`: recompute every worker (after a change of the rules)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        stale = actions.add_parser(
            "refresh-stale", help="recompute the features of the workers marked stale"
        )
        stale.add_argument(
            "--enqueue", action="store_true", help="queue the task for the task worker"
        )
        actions.add_parser("refresh-all", help="recompute every worker's features")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "refresh-all":
            self.stdout.write(f"{refresh_all()} workers' features recomputed")
        elif options["enqueue"]:
            result = refresh_stale_match_features.enqueue()
            self.stdout.write(f"queued {result.id}")
        else:
            count = refresh_stale_match_features.call()
            self.stdout.write(f"{count} stale workers' features recomputed")
