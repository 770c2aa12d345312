"""Insights benchmark: seed N workers and 5 timeline events each, then time the summary refresh
and each dashboard through the Django test client.

    .venv/bin/python bench/insights.py [--workers 1000000] [--requests 30]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/insights.py

Runs on a throwaway database (bench/registry.py's configure()). The people tables are filled
directly with executemany in batches (not through the services: the refresh and the dashboards
are what is measured, and a million registrations through the service take hours). Each worker
gets a registration month in 2024-2026, a citizenship (UZ, TJ, KG), sex, birth date, home
region, and a path through the migration cycle; the timeline holds 5 events per worker (the
registration, stage moves along the path, and notes to make up the five); 80 % consent to
statistics, and one in ten of those later withdraws it (decision 0013: the refresh reads each
worker's consent in force, and the dashboards count consenting workers only). Goals (issue #7):
refresh < 5 minutes and each dashboard's p95 < 300 ms at 1,000,000 workers / 5,000,000 events.
"""

import argparse
import atexit
import datetime
import os
import random
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import registry
from registry import timed

EVENTS_PER_WORKER = 5
BATCH = 20_000
# Where a worker's path through the cycle stops, with weights like a real programme's funnel.
STOPS = [
    ("registered", 20), ("profiled", 15), ("in_training", 8), ("job_ready", 12),
    ("matched", 6), ("offered", 3), ("contracted", 3), ("departed", 2), ("arrived", 2),
    ("employed", 18), ("returned", 6), ("reintegrated", 2), ("withdrawn", 3),
]  # fmt: skip


def configure() -> None:
    """registry.configure(), but on PostgreSQL in a database of this benchmark's own name, so
    it can run beside the registry benchmark on one server."""
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        registry.configure()
        return
    import psycopg

    name = "corridor_bench_insights"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")
    os.environ.setdefault("CORRIDOR_SECRET_KEY", "benchmark-only")
    os.environ["CORRIDOR_ALLOWED_HOSTS"] = "testserver"
    os.environ["DJANGO_SETTINGS_MODULE"] = "corridor.settings"
    os.environ["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + name
    atexit.register(registry._drop_postgresql_database, url, name)
    import django

    django.setup()


def _row_values(model, values: dict, vendor: str) -> tuple:
    """One row in the concrete-field order of `model`, as the database driver takes it."""
    row = []
    for field in model._meta.concrete_fields:
        # A column the seeding does not name takes the model's default (a new field such as
        # Worker.version must not break the benchmark).
        if field.attname in values:
            value = values[field.attname]
        else:
            value = field.get_default() if field.has_default() else None
        if isinstance(value, uuid.UUID) and vendor == "sqlite":
            value = value.hex
        elif isinstance(value, datetime.datetime) and vendor == "sqlite":
            value = value.strftime("%Y-%m-%d %H:%M:%S")
        elif isinstance(value, datetime.date) and vendor == "sqlite":
            value = value.isoformat()
        row.append(value)
    return tuple(row)


def _insert_sql(model, connection) -> str:
    columns = [f.column for f in model._meta.concrete_fields]
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    return (
        f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({quoted}) VALUES ({marks})"
    )


def seed(count: int, organisations: dict, rng: random.Random) -> tuple[int, int, float]:
    """Insert `count` workers and 5 timeline events each; returns (workers, events, seconds)."""
    from django.db import connection, transaction

    from corridor.people.models import ConsentPurpose, ConsentRecord, TimelineEvent, Worker
    from corridor.people.stages import CYCLE
    from corridor.reference.models import Region

    vendor = connection.vendor
    regions = {
        c: list(Region.objects.filter(country_id=c).values_list("code", flat=True))
        for c in ("UZ", "TJ", "KG")
    }
    centres = {
        "UZ": organisations["uz"].pk,
        "TJ": organisations["tj"].pk,
        "KG": organisations["kg"].pk,
    }
    stops = [s for s, _w in STOPS]
    weights = [w for _s, w in STOPS]
    worker_sql, event_sql = _insert_sql(Worker, connection), _insert_sql(TimelineEvent, connection)
    consent_sql = _insert_sql(ConsentRecord, connection)
    base = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    start = time.perf_counter()
    events = 0
    for offset in range(0, count, BATCH):
        workers, timeline, consents = [], [], []
        for index in range(offset, min(count, offset + BATCH)):
            citizenship = rng.choices(("UZ", "TJ", "KG"), (6, 3, 1))[0]
            created = base + datetime.timedelta(minutes=rng.randrange(0, 3 * 365 * 24 * 60))
            stop = rng.choices(stops, weights)[0]
            path = CYCLE[: CYCLE.index(stop) + 1] if stop != "withdrawn" else [*CYCLE[:4], stop]
            worker_id = uuid.uuid4()
            workers.append(
                _row_values(Worker, {
                    "id": worker_id, "created_at": created, "updated_at": created,
                    "reference": f"{citizenship}-B-{index:09d}",
                    "organisation_id": centres[citizenship],
                    "family_name": "Bench", "given_name": f"W{index}", "patronymic": "",
                    "name_script": "latin", "family_name_latin": "Bench",
                    "given_name_latin": f"W{index}", "patronymic_latin": "",
                    "sex": "M" if rng.random() < 0.7 else "F",
                    "birth_date": datetime.date(1965 + rng.randrange(40), 1 + rng.randrange(12),
                                                1 + rng.randrange(28)),
                    "citizenship_id": citizenship,
                    "home_region_id": rng.choice(regions[citizenship]) if regions[citizenship] else None,
                    "phone": "", "messenger_handle": "", "education_level": "", "skills": "",
                    "stage": stop, "stage_changed_at": created,
                }, vendor)
            )  # fmt: skip
            if rng.random() < 0.8:
                statements = [True] if rng.random() < 0.9 else [True, False]
                for step, is_given in enumerate(statements):
                    at = created + datetime.timedelta(days=30 * step)
                    consents.append(
                        _row_values(ConsentRecord, {
                            "id": uuid.uuid4(), "created_at": at, "updated_at": at,
                            "worker_id": worker_id, "organisation_id": centres[citizenship],
                            "purpose": ConsentPurpose.STATISTICS, "is_given": is_given,
                            "method": "signed_form", "recorded_at": at, "note": "",
                        }, vendor)
                    )  # fmt: skip
            moves = path[1:][-(EVENTS_PER_WORKER - 1) :]
            kinds = [("registered", "")] + [("stage", s) for s in moves]
            kinds += [("note", "")] * (EVENTS_PER_WORKER - len(kinds))
            for step, (kind, to_stage) in enumerate(kinds):
                at = created + datetime.timedelta(days=20 * step)
                timeline.append(
                    _row_values(TimelineEvent, {
                        "id": uuid.uuid4(), "worker_id": worker_id,
                        "organisation_id": centres[citizenship], "at": at, "kind": kind,
                        "from_stage": "", "to_stage": to_stage, "reason": "",
                    }, vendor)
                )  # fmt: skip
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(worker_sql, workers)
            cursor.executemany(event_sql, timeline)
            cursor.executemany(consent_sql, consents)
        events += len(timeline)
        done = min(count, offset + BATCH)
        if done % 200_000 == 0 or done == count:
            print(f"  seeded {done:,} workers in {time.perf_counter() - start:.0f} s", flush=True)
    return count, events, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workers", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    configure()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from corridor.demo.loader import create_demo_organisations, create_demo_users
    from corridor.insights.refresh import refresh_summaries

    call_command("migrate", verbosity=0)
    organisations = create_demo_organisations()
    users = create_demo_users(organisations)
    workers, events, seed_seconds = seed(args.workers, organisations, random.Random(7))
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    start = time.perf_counter()
    snapshot = refresh_summaries()
    refresh_seconds = time.perf_counter() - start

    staff, donor = Client(), Client()
    staff.force_login(users["admin@demo.corridor"])
    donor.force_login(users["donor@demo.corridor"])

    def get(client: Client, url: str) -> None:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    dashboards = {
        "whole system, staff (exact)": (staff, "/insights/"),
        "whole system, donor (suppressed)": (donor, "/insights/"),
        "one year, UZ, women (donor)": (
            donor,
            "/insights/?start=2025-01&end=2025-12&citizenship=UZ&sex=F",
        ),
        "API /api/v1/insights/dashboard (donor)": (donor, "/api/v1/insights/dashboard"),
        "CSV of the trends table (donor)": (donor, "/insights/tables/trends.csv"),
    }
    results = {}
    for name, (client, url) in dashboards.items():
        get(client, url)  # warm: templates, connection
        results[name] = timed(lambda i, c=client, u=url: get(c, u), args.requests)

    print()
    print(f"database: {connection.vendor}; workers: {workers:,}; timeline events: {events:,}")
    print(f"seeding: {seed_seconds:.0f} s ({workers / seed_seconds:,.0f} workers/s)")
    print(f"summary rows: {snapshot.rows}")
    goal = "ok" if refresh_seconds < 300 else "OVER"
    print(f"summary refresh: {refresh_seconds:.1f} s (goal < 300 s: {goal})")
    print(
        f"{'dashboard (' + str(args.requests) + ' requests)':45} {'p50 ms':>8} {'p95 ms':>8}  goal"
    )
    for name, (p50, p95) in results.items():
        print(f"{name:45} {p50:8.1f} {p95:8.1f}  {'ok' if p95 < 300 else 'OVER'} (< 300 ms)")


if __name__ == "__main__":
    main()
