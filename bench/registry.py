"""Registry benchmark: seed N workers, then time the worker list page and name search.

    .venv/bin/python bench/registry.py [--workers 100000] [--requests 200]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/registry.py

Runs on a database of its own: a temporary SQLite file, or a new PostgreSQL database
`corridor_bench` on the server DATABASE_URL names (dropped at the end). Prints seeding rate,
p50/p95 of the list page, filtered list, name search (as a caseworker sees them, through the
full page render) and the API list, each beside a baseline measured in the same run:
one-by-one registration through the service for seeding, and a naive `icontains` name filter
for search. Peak memory is the process's maximum resident set size.
"""

import argparse
import atexit
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def configure() -> None:
    """Point Django at a database of the benchmark's own and start Django.

    SQLite: a temporary file, removed at exit. PostgreSQL (DATABASE_URL set): a fresh database
    `corridor_bench` on that server, dropped at exit.
    """
    database_url = os.environ.get("DATABASE_URL", "")
    os.environ.setdefault("CORRIDOR_SECRET_KEY", "benchmark-only")
    os.environ["CORRIDOR_ALLOWED_HOSTS"] = "testserver"
    os.environ["DJANGO_SETTINGS_MODULE"] = "corridor.settings"
    if not database_url:
        folder = tempfile.mkdtemp(prefix="corridor-bench-")
        # A million workers take gigabytes: the database goes when the benchmark does.
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        os.environ["CORRIDOR_SQLITE_PATH"] = f"{folder}/bench.sqlite3"
        os.environ["CORRIDOR_VAR_DIR"] = folder
    else:
        import psycopg

        name = "corridor_bench"
        with psycopg.connect(database_url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name}")
            admin.execute(f"CREATE DATABASE {name}")
        os.environ["DATABASE_URL"] = database_url.rsplit("/", 1)[0] + "/" + name
        atexit.register(_drop_postgresql_database, database_url, name)
    import django

    django.setup()


def _drop_postgresql_database(server_url: str, name: str) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)]
    return statistics.median(ordered) * 1000, p95 * 1000


def timed(call, repeat: int) -> tuple[float, float]:
    samples = []
    for index in range(repeat):
        start = time.perf_counter()
        call(index)
        samples.append(time.perf_counter() - start)
    return percentiles(samples)


def seed_registry(count: int) -> tuple[dict, dict, int, float]:
    """Migrate, create the demo organisations and users, seed `count` workers; time the seeding."""
    from django.core.management import call_command

    from corridor.demo.loader import create_demo_organisations, create_demo_users
    from corridor.demo.seeding import Centre, seed_workers

    call_command("migrate", verbosity=0)
    organisations = create_demo_organisations()
    users = create_demo_users(organisations)
    centres = [
        Centre(organisations[k], users[f"caseworker.{k}@demo.corridor"]) for k in ("uz", "tj", "kg")
    ]
    start = time.perf_counter()
    seeded = seed_workers(count=count, centres=centres, all_or_nothing=False)
    return organisations, users, seeded, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workers", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--baseline-workers", type=int, default=300)
    args = parser.parse_args()
    configure()
    from django.db import connection
    from django.db.models import Q
    from django.test import Client

    from corridor.core.audit import Actor
    from corridor.people import services
    from corridor.people.models import Worker

    organisations, users, seeded, seed_seconds = seed_registry(args.workers)
    caseworker = users["caseworker.uz@demo.corridor"]

    actor = Actor(user=caseworker, organisation_id=organisations["uz"].pk)
    start = time.perf_counter()
    for index in range(args.baseline_workers):
        services.register_worker(
            actor=actor,
            organisation=organisations["uz"],
            details={
                "family_name": f"Baseline{index}",
                "given_name": "Test",
                "sex": "M",
                "birth_date": "1990-01-01",
                "citizenship": "UZ",
            },
        )
    baseline_rate = args.baseline_workers / (time.perf_counter() - start)

    rng = random.Random(7)
    sample = list(
        Worker.objects.filter(organisation=organisations["uz"]).values_list(
            "family_name_latin", "given_name", "family_name"
        )[:5000]
    )
    picks = [rng.choice(sample) for _ in range(args.requests)]
    latin_queries = [f"{p[0]} {p[1]}" if rng.random() < 0.5 else p[0] for p in picks]
    prefixes = [p[2][:4] for p in picks]

    client = Client()
    client.force_login(caseworker)
    token_client = Client(headers={"accept": "application/json"})
    token_client.force_login(caseworker)

    def get(url: str) -> None:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    results = {
        "list page (first page)": timed(lambda i: get("/workers/"), args.requests),
        "list page, deep page": timed(
            lambda i: get(f"/workers/?page={50 + i % 50}"), args.requests
        ),
        "list page, stage + region filter": timed(
            lambda i: get("/workers/?stage=job_ready&region=UZ-TO"), args.requests
        ),
        "name search, Latin query for any script": timed(
            lambda i: get(f"/workers/?q={latin_queries[i]}"), args.requests
        ),
        "name search, 4-letter prefix": timed(
            lambda i: get(f"/workers/?q={prefixes[i]}"), args.requests
        ),
        "API list with search": timed(
            lambda i: token_client.get(f"/api/v1/workers?q={latin_queries[i]}"), args.requests
        ),
    }
    visible = Worker.objects.for_user(caseworker)
    baseline_search = timed(
        lambda i: list(
            visible.filter(
                Q(family_name__icontains=picks[i][2]) | Q(family_name_latin__icontains=picks[i][0])
            )[:25]
        ),
        min(args.requests, 50),
    )

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"database: {connection.vendor}, workers: {Worker.objects.count():,} ({seeded:,} seeded)")
    print(
        f"seeding: {seeded / seed_seconds:,.0f} workers/s ({seed_seconds:.1f} s for {seeded:,}); "
        f"baseline one-by-one service: {baseline_rate:,.0f} workers/s"
    )
    print(f"{'request':45} {'p50 ms':>8} {'p95 ms':>8}")
    for name, (p50, p95) in results.items():
        print(f"{name:45} {p50:8.1f} {p95:8.1f}")
    print(
        f"{'baseline: naive icontains name filter (query)':45} {baseline_search[0]:8.1f} {baseline_search[1]:8.1f}"
    )
    print(f"peak memory: {peak_mb:,.0f} MB")


if __name__ == "__main__":
    main()
