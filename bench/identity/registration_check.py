"""Duplicate check at registration: p50/p95 with N workers registered.

    .venv/bin/python bench/identity/registration_check.py [--workers 1000000] [--checks 200]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/identity/registration_check.py

Seeds N demo workers into a database of its own (as bench/registry.py does), then times
`identity.duplicates.likely_duplicates` for re-typed versions of registered workers (the
other script, day and month swapped, or a new phone), and, in the same run, the baseline a
registry without linkage would run: an exact match on family name and birth date.
Prints how many of the re-typed workers were found.
"""

import argparse
import random
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BENCH))
from registry import configure, percentiles, seed_registry  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workers", type=int, default=1_000_000)
    parser.add_argument("--checks", type=int, default=200)
    args = parser.parse_args()

    configure()
    from django.db import connection

    from corridor.identity.duplicates import likely_duplicates
    from corridor.names import to_latin
    from corridor.people.models import Worker

    _, users, _, seed_seconds = seed_registry(args.workers)
    caseworker = users["caseworker.uz@demo.corridor"]

    rng = random.Random(5)
    total = Worker.objects.count()
    sample = [
        Worker.objects.order_by("reference")[rng.randrange(total)] for _ in range(args.checks)
    ]
    typed = []
    for worker in sample:
        born = worker.birth_date
        variant = rng.choice(["script", "swap", "phone"])
        birth = (
            born.strftime("%Y-%d-%m") if variant == "swap" and born.day <= 12 else born.isoformat()
        )
        typed.append(
            {
                "family_name": to_latin(worker.family_name)
                if variant == "script"
                else worker.family_name,
                "given_name": to_latin(worker.given_name)
                if variant == "script"
                else worker.given_name,
                "patronymic": worker.patronymic,
                "birth_date": birth,
                "sex": worker.sex,
                "citizenship": worker.citizenship_id,
                "phone": "" if variant == "phone" else worker.phone,
            }
        )

    found = 0
    samples = []
    for worker, details in zip(sample, typed, strict=True):
        started = time.perf_counter()
        report = likely_duplicates(caseworker, details)
        samples.append(time.perf_counter() - started)
        found += any(d.worker.pk == worker.pk for d in report.visible) or report.elsewhere > 0
    p50, p95 = percentiles(samples)

    baseline = []
    for details in typed:
        started = time.perf_counter()
        list(
            Worker.objects.filter(
                family_name=details["family_name"], birth_date=details["birth_date"]
            )[:10]
        )
        baseline.append(time.perf_counter() - started)
    b50, b95 = percentiles(baseline)

    print(f"database: {connection.vendor}, workers: {total:,} (seeded in {seed_seconds:.0f} s)")
    print(f"{'check':48} {'p50 ms':>8} {'p95 ms':>8}")
    print(f"{'likely_duplicates (candidates + model score)':48} {p50:8.1f} {p95:8.1f}")
    print(f"{'baseline: exact family name + birth date':48} {b50:8.1f} {b95:8.1f}")
    print(f"re-typed workers found: {found}/{len(sample)}")


if __name__ == "__main__":
    main()
