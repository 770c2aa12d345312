from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from corridor.demo.loader import DEMO_PASSWORD, LOGINS, is_loaded, load_demo


class Command(BaseCommand):
    help = (
        "Migrate, load reference and demo data, print the demo logins, then `corridor run` "
        "(web server, task worker and scheduler) on 127.0.0.1:8000."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--workers", type=int, default=2000, help="how many demo workers (default 2000)"
        )
        parser.add_argument("--no-serve", action="store_true", help="load the data and stop")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["workers"] < 0:
            self.stderr.write(self.style.ERROR("--workers must be 0 or more."))
            raise SystemExit(2)
        call_command("migrate", interactive=False, verbosity=0)
        if is_loaded():
            self.stdout.write("Demo data is already loaded; keeping it.")
        else:
            with tqdm(
                total=options["workers"], desc="demo workers", unit="worker", file=self.stderr
            ) as bar:
                summary = load_demo(workers=options["workers"], progress=bar.update)
            self.stdout.write(
                f"Loaded {summary.organisations} organisations, {summary.users} users, "
                f"{summary.workers} workers, {summary.grants} sharing grants, "
                f"{summary.vacancies} vacancies."
            )
            call_command("dedupe")
        self.stdout.write("\nDemo logins (password for all: " + DEMO_PASSWORD + "):")
        for login in LOGINS:
            self.stdout.write(f"  {login}")
        if not options["no_serve"]:
            self.stdout.write(
                f"\nCorridor is at http://127.0.0.1:{options['port']}/  (Ctrl+C stops it)\n"
            )
            self.stdout.flush()
            call_command("run", bind=f"127.0.0.1:{options['port']}", no_migrate=True)
