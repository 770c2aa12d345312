import sys
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from corridor.support.queries import overdue_referrals
from corridor.support.tasks import remind_overdue_referrals


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"not a date (YYYY-MM-DD): {value}") from error


class Command(BaseCommand):
    help = (
        "Referrals. `referrals overdue [--on YYYY-MM-DD]`: list open referrals past their due "
        "date. `referrals remind [--on YYYY-MM-DD] [--enqueue]`: record today's reminders "
        "(once a day; --enqueue hands it to the task worker instead)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        overdue = actions.add_parser("overdue", help="list open referrals past their due date")
        overdue.add_argument("--on", default="", help="as on this day (default: today)")
        remind = actions.add_parser("remind", help="record a reminder per overdue referral")
        remind.add_argument("--on", default="", help="as on this day (default: today)")
        remind.add_argument(
            "--enqueue", action="store_true", help="queue the task for the task worker"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = _day(options["on"]) if options["on"] else timezone.localdate()
        if options["action"] == "overdue":
            self._overdue(today)
        else:
            self._remind(today, enqueue=options["enqueue"])

    def _overdue(self, today: date) -> None:
        # References, partners and dates only: no names or reasons in a terminal or a log.
        rows = overdue_referrals(today)
        count = 0
        for referral in rows:
            count += 1
            self.stdout.write(
                "\t".join(
                    [
                        str(referral.pk),
                        referral.worker.reference,
                        referral.category,
                        referral.status,
                        referral.due_date.isoformat(),
                        f"{(today - referral.due_date).days}d overdue",
                        referral.organisation.name,
                        "→ " + referral.partner.name,
                    ]
                )
            )
        sys.stderr.write(f"[referrals] {count} overdue on {today.isoformat()}\n")

    def _remind(self, today: date, *, enqueue: bool) -> None:
        if enqueue:
            result = remind_overdue_referrals.enqueue(on=today.isoformat())
            self.stdout.write(f"queued {result.id}")
            return
        created = remind_overdue_referrals.call(on=today.isoformat())
        self.stdout.write(f"{created} reminders recorded for {today.isoformat()}")
