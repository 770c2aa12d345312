from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from corridor.accounts.models import ApiToken, User


class Command(BaseCommand):
    help = (
        "Print a new API token for the user with this e-mail (shown once; only its hash is kept)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--name", default="", help="what the token is for")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email=options["email"].lower(), is_active=True).first()
        if user is None:
            raise CommandError(f"No active user with the e-mail {options['email']}.")
        _, raw = ApiToken.issue(user=user, name=options["name"])
        self.stdout.write(raw)
