"""Concurrency benchmark: many clients writing at once against `corridor serve` (gunicorn) on
PostgreSQL, and every acknowledged write compared with the database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/concurrency.py [--clients 200] [--writes 5] [--racers 50]

Loads the demo (its organisations, users, workers and vacancies) into a fresh database
`bench_concurrency` on that server, starts `corridor serve` as a deployment runs it, and then:

1. **Writing clients**: `--clients` threads, each with its own connection and started together,
   send `--writes` writes each as the Uzbek centre's caseworker, alternating a consent record
   (`POST /api/v1/workers/{id}/consents`, on a pool of 20 workers so that writers collide on
   the same records) and a new worker (`POST /api/v1/workers`). Every request carries a marker
   of its own (in the consent's note, in the new worker's skills).
2. **Consent race**: `--racers` clients record a consent on the same worker at the same moment.
3. **Application race**: `--racers` clients put the same worker forward for the same vacancy at
   the same moment: one application, and a 409 naming it for every other client.

Then it reads the database: a write is **lost** when the client was told 201 and the row is not
there (or is not the row the answer named); **phantom** when the row is there and the client was
not told 201 (a 5xx, a dropped connection or a timeout on a write that happened). The goal is 0
of both, and no answer that is not 201 or the documented 409.
"""

import argparse
import http.client
import json
import os
import platform
import random
import shutil
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from serving import (  # noqa: E402 (after the path is set)
    Server,
    add_server_arguments,
    configure,
    free_port,
    postgres_server_url,
    server_environment,
)

DATABASE = "bench_concurrency"
POOL = 20


@dataclass
class Answer:
    marker: str
    kind: str  # "consent", "worker" or "application"
    status: int  # 0: no answer (connection dropped, timeout)
    named: str = ""  # the id the answer named
    seconds: float = 0.0


@dataclass
class World:
    caseworker: Any
    visible: Any  # the caseworker's own workers (a QuerySet)
    token: str
    pool: list[str]
    race_worker: str
    applicant: str = ""
    vacancy: str = ""
    answers: list[Answer] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def prepare(workers: int) -> World:
    from corridor.accounts.models import ApiToken, User
    from corridor.accounts.roles import Permission
    from corridor.demo.loader import load_demo
    from corridor.people.models import Worker

    started = time.perf_counter()
    load_demo(workers=workers)
    print(f"demo loaded ({workers:,} workers) in {time.perf_counter() - started:.0f} s")
    caseworker = User.objects.get(email="caseworker.uz@demo.corridor")
    _, token = ApiToken.issue(user=caseworker, name="concurrency benchmark")
    own = caseworker.organisation_ids_with(Permission.REGISTER_WORKERS)
    visible = Worker.objects.for_user(caseworker).filter(organisation__in=own)
    pool = [str(pk) for pk in visible.order_by("?").values_list("pk", flat=True)[: POOL + 1]]
    return World(caseworker, visible, token, pool[1:], pool[0])


def eligible_pair(caseworker, visible) -> tuple[str, str] | None:
    """A worker and an open vacancy the caseworker may put the worker forward for: found by
    running the product's own workflow on candidates and rolling each attempt back."""
    from django.core.exceptions import ValidationError
    from django.db import transaction

    from corridor.core.audit import Actor
    from corridor.people.models import ConsentPurpose
    from corridor.recruitment import pipeline
    from corridor.recruitment.models import Application, Vacancy

    class RolledBack(Exception):
        pass

    applied = Application.objects.values_list("worker_id", flat=True)
    workers = (
        visible.exclude(pk__in=applied)
        .filter(consents__purpose=ConsentPurpose.MATCHING, consents__is_given=True)
        .distinct()[:40]
    )
    for vacancy in Vacancy.objects.open()[:20]:
        for worker in workers:
            organisation = pipeline.acting_organisation(
                caseworker, worker_organisation_id=worker.organisation_id, vacancy=vacancy
            )
            try:
                with transaction.atomic():
                    pipeline.create_application(
                        actor=Actor(user=caseworker, organisation_id=organisation, channel="api"),
                        worker=worker,
                        vacancy=vacancy,
                        reason="benchmark probe",
                    )
                    raise RolledBack
            except RolledBack:
                return str(worker.pk), str(vacancy.pk)
            except ValidationError:
                continue
    return None


def new_worker(marker: str, rng: random.Random) -> dict:
    return {
        "family_name": rng.choice(["Karimov", "Rahimov", "Yusupov", "Aliyev", "Tursunov"]),
        "given_name": rng.choice(["Rustam", "Aziz", "Dilshod", "Jasur", "Bekzod"]),
        "birth_date": f"{rng.randint(1975, 2004)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "sex": "M",
        "citizenship": "UZ",
        "skills": marker,
        "consents": [{"purpose": "registration", "given": True}],
    }


def send(connection, world: World, method: str, path: str, body: dict) -> tuple[int, dict]:
    connection.request(
        method,
        path,
        body=json.dumps(body),
        headers={
            "Authorization": f"Bearer {world.token}",
            "Content-Type": "application/json",
            "Accept": "application/json",
        },
    )
    response = connection.getresponse()
    raw = response.read()
    try:
        return response.status, json.loads(raw)
    except ValueError:
        return response.status, {}


def client(world: World, port: int, plan: list[tuple[str, str]], barrier: threading.Barrier):
    """One client: its own connection; waits for the others, then sends its writes in turn."""
    rng = random.Random(plan[0][1])
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    barrier.wait()
    for kind, marker in plan:
        if kind == "consent":
            worker = world.race_worker if marker.startswith("race") else rng.choice(world.pool)
            path = f"/api/v1/workers/{worker}/consents"
            body = {"purpose": "messages", "given": True, "note": marker}
        elif kind == "worker":
            path, body = "/api/v1/workers", new_worker(marker, rng)
        else:
            path = "/api/v1/applications"
            body = {"worker": world.applicant, "vacancy": world.vacancy, "reason": marker}
        started = time.perf_counter()
        try:
            status, answer = send(connection, world, "POST", path, body)
        except (OSError, http.client.HTTPException):
            status, answer = 0, {}
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        named = answer.get("id") or answer.get("error", {}).get("application") or ""
        with world.lock:
            world.answers.append(
                Answer(marker, kind, status, str(named), time.perf_counter() - started)
            )
    connection.close()


def run_clients(world: World, port: int, plans: list[list[tuple[str, str]]]) -> float:
    barrier = threading.Barrier(len(plans))
    threads = [threading.Thread(target=client, args=(world, port, plan, barrier)) for plan in plans]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def written(world: World) -> dict[str, dict[str, str]]:
    """What the database holds for every marker: kind -> marker -> the row's id."""
    from corridor.people.models import ConsentRecord, Worker
    from corridor.recruitment.models import Application

    return {
        "consent": {
            note: str(pk)
            for note, pk in ConsentRecord.objects.filter(note__startswith="bench-").values_list(
                "note", "pk"
            )
        }
        | {
            note: str(pk)
            for note, pk in ConsentRecord.objects.filter(note__startswith="race-").values_list(
                "note", "pk"
            )
        },
        "worker": {
            skills: str(pk)
            for skills, pk in Worker.objects.filter(skills__startswith="bench-").values_list(
                "skills", "pk"
            )
        },
        "application": {
            str(pk): str(pk)
            for pk in Application.objects.filter(
                worker_id=world.applicant, vacancy_id=world.vacancy
            ).values_list("pk", flat=True)
        },
    }


def compare(answers: list[Answer], rows: dict[str, dict[str, str]]) -> dict[str, int]:
    """Lost, phantom and untruthful answers for one scenario's answers."""
    figures: Counter = Counter({"lost": 0, "phantom": 0})
    for answer in answers:
        figures[f"status {answer.status or 'none'}"] += 1
        if answer.kind == "application":
            continue
        there = rows[answer.kind].get(answer.marker)
        if answer.status == 201:
            if there is None or there != answer.named:
                figures["lost"] += 1
        elif there is not None:
            figures["phantom"] += 1
    applications = [a for a in answers if a.kind == "application"]
    if applications:
        made = set(rows["application"])
        created = {a.named for a in applications if a.status == 201}
        named = {a.named for a in applications if a.status == 409}
        figures["applications in the database"] = len(made)
        figures["lost"] += len(created - made)
        figures["phantom"] += len(made - created)
        # Every 409 names the one application that exists.
        figures["409 naming another"] = len(named - made)
    return dict(figures)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000 if ordered else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=200, help="writing clients (<= 500)")
    parser.add_argument("--writes", type=int, default=5, help="writes per client (<= 50)")
    parser.add_argument("--racers", type=int, default=50, help="clients in each race (<= 200)")
    parser.add_argument("--demo-workers", type=int, default=2000)
    add_server_arguments(parser)
    parser.add_argument(
        "--compare-dev", action="store_true", help="also run against Django's development server"
    )
    args = parser.parse_args()
    if not (1 <= args.clients <= 500 and 1 <= args.writes <= 50 and 2 <= args.racers <= 200):
        parser.error("--clients 1 to 500, --writes 1 to 50, --racers 2 to 200")
    server_url = postgres_server_url(parser)

    url = configure(server_url, keep=False, reuse=False, database=DATABASE)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    world = prepare(args.demo_workers)
    folder = Path(tempfile.mkdtemp(prefix="corridor-concurrency-"))
    environment = server_environment(url, folder, args, manifest=False)
    corridor = [sys.executable, "-m", "corridor.cli", "serve"]
    servers = {f"gunicorn {args.web_workers} x {args.web_threads} threads, `corridor serve`": []}
    if args.compare_dev:
        servers["Django development server, `corridor serve --dev`"] = ["--dev"]
    results = []
    try:
        for name, options in servers.items():
            results.append((name, run_server(world, args, [*corridor, *options], environment)))
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    print(
        f"\n{platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"PostgreSQL; load average {os.getloadavg()[0]:.1f}"
    )
    for name, scenarios in results:
        print(f"\n{name}")
        for scenario, (answers, seconds, figures) in scenarios.items():
            latencies = [a.seconds for a in answers]
            print(
                f"  {scenario}: {len(answers)} writes in {seconds:.1f} s "
                f"({len(answers) / seconds:.0f}/s), p50 {percentile(latencies, 0.5):.0f} ms, "
                f"p95 {percentile(latencies, 0.95):.0f} ms"
            )
            for key, value in sorted(figures.items()):
                print(f"      {key}: {value}")


def run_server(world: World, args, argv: list[str], environment: dict) -> dict:
    """Start a server, run the three scenarios against it, stop it; each scenario's answers,
    seconds and its comparison with the database."""
    pair = eligible_pair(world.caseworker, world.visible)
    if pair is None:
        raise SystemExit("the demo has no worker the caseworker may put forward for a vacancy")
    world.applicant, world.vacancy = pair
    world.answers = []
    port = free_port()
    server = Server(argv[-1], [*argv, f"--bind=127.0.0.1:{port}"], environment, port)
    run = uuid.uuid4().hex[:8]
    timings: dict[str, tuple[int, float]] = {}
    try:
        plans = [
            [
                ("consent" if n % 2 == 0 else "worker", f"bench-{run}-{c}-{n}")
                for n in range(args.writes)
            ]
            for c in range(args.clients)
        ]
        timings["writing clients"] = (args.clients * args.writes, run_clients(world, port, plans))
        for name, kind in (("consent race", "consent"), ("application race", "application")):
            plans = [[(kind, f"race-{run}-{kind}-{c}")] for c in range(args.racers)]
            timings[name] = (args.racers, run_clients(world, port, plans))
    finally:
        server.stop()
    rows = written(world)
    scenarios, offset = {}, 0
    for name, (count, seconds) in timings.items():
        # Clients of one scenario finish before the next starts: answers are in scenario order.
        answers = world.answers[offset : offset + count]
        offset += count
        scenarios[name] = (answers, seconds, compare(answers, rows))
    return scenarios


if __name__ == "__main__":
    main()
