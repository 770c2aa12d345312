from typing import Any

from django.core.management.base import BaseCommand

from corridor.reference.loader import load_reference_data


class Command(BaseCommand):
    help = "Load (or refresh) ISCO-08, countries, regions and languages from the shipped files."

    def handle(self, *args: Any, **options: Any) -> None:
        def report(name: str, count: int) -> None:
            self.stdout.write(f"{name}: {count}")

        load_reference_data(progress=report)
