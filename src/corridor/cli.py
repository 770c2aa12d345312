"""The `corridor` command: every Django management command, plus Corridor's own
(`demo`, `run`, `serve`, `worker`, `scheduler`, `createtoken`, `loadreference`, `dedupe`, `isco`,
`vacancies`, `matching`)."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "corridor.settings")
    if sys.argv[1:2] in (["demo"], ["dedupe"], ["isco"]):
        # The demo runs on this machine only; dedupe and isco over files serve nothing and keep
        # no session: a local key under var/ is enough.
        os.environ.setdefault("CORRIDOR_DEMO", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["corridor", *sys.argv[1:]])


if __name__ == "__main__":
    main()
