from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve Corridor on 127.0.0.1 (Django's server; put a WSGI server such as gunicorn in production)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args: Any, **options: Any) -> None:
        call_command(
            "runserver", f"127.0.0.1:{options['port']}", use_reloader=False, use_threading=True
        )
