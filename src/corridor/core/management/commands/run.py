"""`corridor run`: web server, task worker and scheduler together, for the embedded default.

Production runs the three as separate processes under a supervisor (systemd, compose); one
machine with SQLite runs them with this one command. Each child is `corridor serve`,
`corridor worker` or `corridor scheduler` in a process group of its own, so a Ctrl+C in the
terminal reaches this process alone, which asks every child to stop and waits for them. When
one child stops on its own the others are stopped too: a site without its worker would look
alive while nothing it queued ever ran.
"""

import signal
import subprocess
import sys
import time
from types import FrameType
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from corridor.core import serving

# How long the children get to finish what they are doing (gunicorn's graceful timeout is 20 s).
STOP_SECONDS = 25


def corridor_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "corridor.cli", *args]


class Command(BaseCommand):
    help = (
        "Collect static files, migrate, then run the web server, the task worker and the "
        "scheduler as child processes until stopped (Ctrl+C or SIGTERM) or until one of them stops."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind", help=f"host:port for the web server (default {serving.DEFAULT_BIND})"
        )
        parser.add_argument("--no-migrate", action="store_true", help="do not migrate first")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            address = serving.bind_address(bind=options["bind"])
            serving.concurrency()
        except serving.ServingError as error:
            raise CommandError(str(error)) from error
        if not options["no_migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        children = {
            "web": corridor_argv("serve", f"--bind={address}"),
            "worker": corridor_argv("worker"),
            "scheduler": corridor_argv("scheduler"),
        }
        code = Supervisor(children, self.stderr.write).run()
        if code:
            raise SystemExit(code)


class Supervisor:
    """Start the children, forward stop signals, stop all when one stops; return an exit code."""

    def __init__(self, children: dict[str, list[str]], say: Any) -> None:
        self.children = children
        self.say = say
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.stopping = False

    def run(self) -> int:
        previous = {
            number: signal.signal(number, self.on_signal)
            for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
        }
        try:
            for name, argv in self.children.items():
                if self.stopping:
                    break
                self.processes[name] = subprocess.Popen(argv, process_group=0)  # noqa: S603
            return self.watch()
        finally:
            self.stop_all()
            for number, handler in previous.items():
                signal.signal(number, handler)

    def on_signal(self, number: int, frame: FrameType | None) -> None:
        self.stopping = True

    def watch(self) -> int:
        while not self.stopping:
            for name, process in self.processes.items():
                code = process.poll()
                if code is not None:
                    self.say(f"corridor run: {name} stopped (exit code {code}); stopping the rest.")
                    self.stop_all()
                    return code or 1
            time.sleep(0.2)
        self.stop_all()
        failed = [code for code in (p.returncode for p in self.processes.values()) if code]
        # Children that end on the SIGTERM they were sent have stopped as asked.
        return 0 if all(code == -signal.SIGTERM for code in failed) else 1

    def stop_all(self) -> None:
        running = [p for p in self.processes.values() if p.poll() is None]
        for process in running:
            process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_SECONDS
        for process in running:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.say(f"corridor run: pid {process.pid} did not stop in time; killing it.")
                process.kill()
                process.wait()
