"""Import speed: `--vacancies` "Work in Russia" vacancies in the API shape, through the importer.

    .venv/bin/python bench/import_vacancies.py [--vacancies 100000] [--employers 5000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/import_vacancies.py

Builds one API file (`{"results": {"vacancies": [{"vacancy": {...}}]}}`) of synthetic records
whose titles are real titles (the Primorsky fixture and the real Russian titles of the
occupation development set), with the feed's quirks: salary as text or numbers, `address` as an
object or a list, employers by INN, OGRN or only the portal's company code (one in twenty),
region codes of every Russian region. Then times what `corridor vacancies import FILE --format
trudvsem-api` does: reading and parsing the file, then `import_records` in one transaction
(employers created, titles coded and remembered, vacancies and audit events written). A second
import of the same file (every record unchanged) is timed too. Goal (issue 14): 100,000 in < 60 s.
Prints figures, the wall clock and the process's CPU time (on a shared machine the wall clock
also counts the time other work held the cores); asserts nothing about time.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from registry import configure  # noqa: E402

FIXTURE = HERE.parent / "src/corridor/recruitment/tests/data/trudvsem_api_primorsky.json"
DEVSET = HERE / "occupations" / "devset.csv"
REGIONS = HERE.parent / "src/corridor/reference/data/ru_region_codes_kladr_iso_okato.csv"


def inn(number: int) -> str:
    """A valid 10-digit company INN built from a 9-digit number (its check digit appended)."""
    digits = [int(d) for d in f"{number:09d}"]
    weights = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    return "".join(map(str, digits)) + str(
        sum(w * d for w, d in zip(weights, digits, strict=True)) % 11 % 10
    )


def titles() -> list[str]:
    real = [
        item["vacancy"]["job-name"]
        for item in json.loads(FIXTURE.read_text(encoding="utf-8"))["results"]["vacancies"]
    ]
    with DEVSET.open(encoding="utf-8", newline="") as handle:
        real += [
            r["title"]
            for r in csv.DictReader(handle)
            if r["language"] == "ru" and r["source"] != "composed"
        ]
    return real


def build(count: int, employers: int, seed: int, known: set[str]) -> dict:
    rng = random.Random(seed)
    names = titles()
    with REGIONS.open(encoding="utf-8", newline="") as handle:
        regions = [r["kladr_13"] for r in csv.DictReader(handle) if r["iso_3166_2"] in known]
    companies = []
    for n in range(employers):
        if n % 20 == 19:  # known only by the portal's code, as some real records are
            companies.append(
                {"companycode": str(uuid.UUID(int=rng.getrandbits(128))), "name": f"Employer {n}"}
            )
        else:
            companies.append({"inn": inn(100_000_000 + n), "name": f"ООО «Работодатель {n}»"})
    vacancies = []
    for n in range(count):
        low = rng.randrange(30, 150) * 1000
        address = {"location": f"ул. Примерная, д. {n % 200 + 1}"}
        vacancy = {
            "id": str(uuid.UUID(int=rng.getrandbits(128))),
            "job-name": rng.choice(names),
            "region": {"region_code": rng.choice(regions)},
            "company": rng.choice(companies),
            "duty": "<p>Обязанности по должности.</p><ul><li>Работа по графику</li></ul>",
            "work_places": rng.randrange(1, 6),
            "schedule": rng.choice(["Полный рабочий день", "Сменный график", "Вахтовый метод"]),
            "workPlaceType": {"workPlaceForeign": n % 3 == 0},
            "addresses": {"address": address if n % 2 else [address]},
        }
        if n % 2:
            vacancy["salary"] = f"от {low}"
        else:
            vacancy |= {"salary_min": low, "salary_max": low + 20000}
        vacancies.append({"vacancy": vacancy})
    return {"status": "200", "meta": {"total": str(count)}, "results": {"vacancies": vacancies}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vacancies", type=int, default=100_000)
    parser.add_argument("--employers", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    configure()
    from django.core.management import call_command
    from django.db import connection

    from corridor.recruitment import importing
    from corridor.recruitment.models import Vacancy
    from corridor.reference.models import Region

    call_command("migrate", verbosity=0)
    known = set(Region.objects.filter(country_id="RU").values_list("code", flat=True))
    folder = Path(tempfile.mkdtemp(prefix="corridor-import-bench-"))
    path = folder / "vacancies.json"
    path.write_text(
        json.dumps(build(args.vacancies, args.employers, args.seed, known)), encoding="utf-8"
    )
    size = path.stat().st_size / 2**20
    print(
        f"{args.vacancies:,} vacancies, {args.employers:,} employers, {size:.0f} MB file, "
        f"database {connection.vendor}"
    )
    for run in ("first import", "second import (unchanged)"):
        started, cpu_started = time.perf_counter(), time.process_time()
        records = importing.read_file(path, importing.API)
        read = time.perf_counter() - started
        result = importing.import_records(records)
        total = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        print(
            f"{run}: {total:.1f} s ({args.vacancies / total:,.0f} vacancies/s; reading "
            f"{read:.1f} s; CPU time of this process {cpu:.1f} s); created {result.created:,}, "
            f"updated {result.updated:,}, unchanged {result.unchanged:,}, "
            f"rejected {len(result.rejected):,}"
        )
    reasons: dict[str, int] = {}
    for rejection in result.rejected:
        reasons[rejection.reason[:70]] = reasons.get(rejection.reason[:70], 0) + 1
    for reason, count in sorted(reasons.items(), key=lambda item: -item[1])[:5]:
        print(f"  rejected {count:,}: {reason}")
    print(f"vacancies in the database: {Vacancy.objects.count():,}")
    print(f"peak memory (RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    path.unlink()
    folder.rmdir()


if __name__ == "__main__":
    main()
