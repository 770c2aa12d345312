from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from corridor.grievances.tasks import remind_overdue_complaints


class Command(BaseCommand):
    help = (
        "Complaints. `complaints remind [--date YYYY-MM-DD] [--enqueue]`: record a reminder for "
        "each complaint past its deadline (at most one per complaint and day); run it daily."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        remind = actions.add_parser("remind", help="record reminders for overdue complaints")
        remind.add_argument("--date", help="the day to remind for (default: today)")
        remind.add_argument(
            "--enqueue",
            action="store_true",
            help="hand the work to the task worker instead of doing it now",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        day = options["date"]
        if day:
            try:
                date.fromisoformat(day)
            except ValueError as error:
                raise CommandError("--date must be YYYY-MM-DD.") from error
        if options["enqueue"]:
            result = remind_overdue_complaints.enqueue(today=day)
            self.stdout.write(f"reminders queued as task {result.id}")
            return
        recorded = remind_overdue_complaints.call(today=day)
        self.stdout.write(f"{recorded} overdue reminders recorded")
