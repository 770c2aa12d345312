"""`corridor serve`: the web server. Gunicorn in production (docs/decisions/0014), Django's
development server with `--dev`."""

import os
import sys
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestStaticFilesStorage, staticfiles_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from corridor.core import serving


def gunicorn_argv(*, bind: str, workers: int, threads: int, access_log: bool = False) -> list[str]:
    """The gunicorn command line: pre-forked processes, each with a bounded thread pool."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "corridor.wsgi:application",
        f"--bind={bind}",
        f"--workers={workers}",
        "--worker-class=gthread",
        f"--threads={threads}",
        # A stuck request is killed after a minute; on SIGTERM requests in flight get 20 s.
        "--timeout=60",
        "--graceful-timeout=20",
        # Recycling a process now and then bounds what a slow leak can grow to.
        "--max-requests=20000",
        "--max-requests-jitter=2000",
        # No control socket: its default path is shared by every gunicorn of the same user.
        "--no-control-socket",
        # Access lines on standard output only when asked: a reverse proxy usually keeps them.
        *(["--access-logfile=-"] if access_log else []),
    ]


class Command(BaseCommand):
    help = (
        "Serve Corridor with gunicorn (bind, processes and threads from the options or "
        "CORRIDOR_BIND, CORRIDOR_WEB_WORKERS, CORRIDOR_WEB_THREADS); --dev: Django's server."
    )
    # The server loads the project itself; its own checks run there.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        where = parser.add_mutually_exclusive_group()
        where.add_argument(
            "--bind", help=f"host:port to listen on (default {serving.DEFAULT_BIND})"
        )
        where.add_argument("--port", type=int, help="listen on 127.0.0.1:PORT")
        parser.add_argument(
            "--workers",
            type=int,
            help=f"server processes, 1 to {serving.MAX_WORKERS} (default {serving.DEFAULT_WORKERS})",
        )
        parser.add_argument(
            "--threads",
            type=int,
            help=f"threads per process, 1 to {serving.MAX_THREADS} "
            f"(default {serving.DEFAULT_THREADS})",
        )
        parser.add_argument(
            "--dev", action="store_true", help="Django's development server, for development only"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        bind = options["bind"] or (f"127.0.0.1:{options['port']}" if options["port"] else None)
        try:
            address = serving.bind_address(bind=bind)
            sizes = serving.concurrency(workers=options["workers"], threads=options["threads"])
        except serving.ServingError as error:
            raise CommandError(str(error)) from error
        if options["dev"]:
            call_command("runserver", address, use_reloader=False, use_threading=True)
            return
        if isinstance(staticfiles_storage, ManifestStaticFilesStorage) and not (
            settings.STATIC_ROOT and os.path.exists(staticfiles_storage.path("staticfiles.json"))
        ):
            # Without the manifest every page would fail on its first stylesheet.
            raise CommandError(
                "Static files are not collected: run `corridor collectstatic --noinput` first "
                "(`corridor run` does)."
            )
        # The processes read these to size their database pools (settings.py).
        os.environ["CORRIDOR_WEB_WORKERS"] = str(sizes.workers)
        os.environ["CORRIDOR_WEB_THREADS"] = str(sizes.threads)
        argv = gunicorn_argv(
            bind=address,
            workers=sizes.workers,
            threads=sizes.threads,
            access_log=os.environ.get("CORRIDOR_ACCESS_LOG", "") in {"1", "true", "yes", "on"},
        )
        self.stdout.write(
            f"gunicorn on http://{address}/: {sizes.workers} processes x {sizes.threads} threads"
        )
        self.stdout.flush()
        # Replace this process, so that signals from a supervisor reach gunicorn itself.
        os.execv(argv[0], argv)  # noqa: S606 (a fixed command line, no shell)
