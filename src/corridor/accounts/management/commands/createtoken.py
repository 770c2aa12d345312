from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from corridor.accounts import services
from corridor.accounts.models import User
from corridor.core.audit import Actor


class Command(BaseCommand):
    help = (
        "Print a new API token for the user with this e-mail (shown once; only its hash is kept)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--name", default="", help="what the token is for")
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"how many days the token lives (default {settings.API_TOKEN_LIFETIME_DAYS}, "
            f"at most {settings.API_TOKEN_MAX_LIFETIME_DAYS})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email=options["email"].lower(), is_active=True).first()
        if user is None:
            raise CommandError(f"No active user with the e-mail {options['email']}.")
        try:
            token, raw = services.issue_token(
                actor=Actor(user=None, channel="cli"),
                user=user,
                name=options["name"],
                lifetime_days=options["days"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stderr.write(f"Expires {token.expires_at:%Y-%m-%d %H:%M} UTC.")
        self.stdout.write(raw)
