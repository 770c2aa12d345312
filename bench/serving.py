"""Serving benchmark: `corridor serve` (gunicorn) beside Django's development server, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/serving.py [--workers 100000] [--seconds 20] [--connections 16]
        [--rounds 1] [--compare-granian]

Needs PostgreSQL (DATABASE_URL names the server; the benchmark makes and drops a database
`bench_serving` there) and wrk (Debian's package `wrk`), the load tool, which runs as a second
process on loopback, bounded in connections and seconds. Seeds the registry as
bench/registry.py does, collects static files, then for each server in turn: starts it, warms
it up, and runs wrk against

- the read API, `GET /api/v1/workers/{id}` with a bearer token, over 1,000 worker ids the Uzbek
  centre's caseworker may read (each read also writes its audit entry);
- the worker list page, `/workers/`, as the same caseworker signed in.

It prints requests/s, p50/p95/p99 latency and errors (connection errors, timeouts and answers
that are not 2xx/3xx). `--compare-granian` adds granian (`pip install granian`) with the same
processes and threads, for docs/decisions/0014-production-server.md.
"""

import argparse
import atexit
import json
import os
import platform
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

DATABASE = "bench_serving"
SECRET = "benchmark-only-" + "x" * 40

# wrk's script: random worker ids per request; the summary as JSON, percentiles included.
WRK_SCRIPT = """
local ids = {}
for line in io.lines(os.getenv("BENCH_IDS")) do ids[#ids + 1] = line end
local prefix = os.getenv("BENCH_PREFIX")
request = function()
  if #ids > 0 and prefix ~= "" then
    return wrk.format("GET", prefix .. ids[math.random(#ids)])
  end
  return wrk.format("GET", wrk.path)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'JSON{"requests": %d, "seconds": %f, "p50": %f, "p95": %f, "p99": %f, ' ..
    '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3,
    latency:percentile(95) / 1e3, latency:percentile(99) / 1e3,
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def configure(server_url: str, keep: bool, reuse: bool, database: str = DATABASE) -> str:
    """A fresh database (`bench_serving` unless named) on the server (or the one a `--keep`
    run left, with `reuse`); its URL. Dropped at exit unless kept."""
    import psycopg

    if not reuse:
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {database}")
            admin.execute(f"CREATE DATABASE {database}")
    url = server_url.rsplit("/", 1)[0] + "/" + database
    os.environ["DATABASE_URL"] = url
    os.environ["CORRIDOR_SECRET_KEY"] = SECRET
    os.environ["CORRIDOR_ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"
    os.environ["DJANGO_SETTINGS_MODULE"] = "corridor.settings"
    if not keep:
        atexit.register(drop_database, server_url, database)
    import django

    django.setup()
    return url


def drop_database(server_url: str, database: str = DATABASE) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [database]
        )
        admin.execute(f"DROP DATABASE IF EXISTS {database}")


def prepare(count: int, folder: Path, reuse: bool) -> dict:
    """Seed, then a token, a session and worker ids for the Uzbek centre's caseworker."""
    from django.test import Client
    from registry import seed_registry

    from corridor.accounts.models import ApiToken, User
    from corridor.people.models import Worker

    if reuse:
        caseworker = User.objects.get(email="caseworker.uz@demo.corridor")
    else:
        _, users, seeded, seconds = seed_registry(count)
        print(f"seeded {seeded:,} workers in {seconds:.1f} s", flush=True)
        caseworker = users["caseworker.uz@demo.corridor"]
    _, token = ApiToken.issue(user=caseworker, name="serving benchmark")
    client = Client()
    client.force_login(caseworker)
    ids = list(
        Worker.objects.for_user(caseworker).order_by("?").values_list("pk", flat=True)[:1000]
    )
    (folder / "ids.txt").write_text("".join(f"{pk}\n" for pk in ids))
    (folder / "bench.lua").write_text(WRK_SCRIPT)
    return {
        "token": token,
        "session": client.cookies["sessionid"].value,
        "first_id": str(ids[0]),
        "visible": Worker.objects.for_user(caseworker).count(),
        "total": Worker.objects.count(),
    }


def add_server_arguments(parser: argparse.ArgumentParser) -> None:
    """The server's size, as `corridor serve` reads it (both serving benchmarks)."""
    parser.add_argument("--web-workers", type=int, default=2, help="server processes")
    parser.add_argument("--web-threads", type=int, default=4, help="threads per process")


def postgres_server_url(parser: argparse.ArgumentParser) -> str:
    """DATABASE_URL, which must name a PostgreSQL server."""
    server_url = os.environ.get("DATABASE_URL", "")
    if not server_url.startswith("postgres"):
        parser.error("set DATABASE_URL to a PostgreSQL server (postgres://...)")
    return server_url


def server_environment(url: str, folder: Path, args, *, manifest: bool) -> dict:
    """The environment a server process of the benchmark runs with."""
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "DATABASE_URL": url,
        "CORRIDOR_VAR_DIR": str(folder),
        "CORRIDOR_WEB_WORKERS": str(args.web_workers),
        "CORRIDOR_WEB_THREADS": str(args.web_threads),
        "CORRIDOR_STATIC_MANIFEST": "1" if manifest else "0",
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str, headers: dict) -> int:
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status


class Server:
    def __init__(self, name: str, argv: list[str], environment: dict, port: int) -> None:
        self.name, self.port = name, port
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (kept open while the server runs)
        self.process = subprocess.Popen(
            argv, env=environment, stdout=self.log, stderr=subprocess.STDOUT, process_group=0
        )
        deadline = time.monotonic() + 60
        while True:
            if self.process.poll() is not None:
                self.log.seek(0)
                raise SystemExit(f"{name} did not start:\n{self.log.read().decode()}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit(f"{name} did not listen in 60 s") from None
                time.sleep(0.2)

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def wrk(url: str, headers: dict, *, seconds: int, connections: int, folder: Path, prefix: str):
    argv = [
        "wrk",
        "--threads=1",
        f"--connections={connections}",
        f"--duration={seconds}s",
        "--timeout=10s",
        f"--script={folder / 'bench.lua'}",
    ]
    for name, value in headers.items():
        argv.append(f"--header={name}: {value}")
    environment = {**os.environ, "BENCH_IDS": str(folder / "ids.txt"), "BENCH_PREFIX": prefix}
    output = subprocess.run(
        [*argv, url], env=environment, capture_output=True, text=True, check=True
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("JSON"))
    result = json.loads(line[4:])
    result["rate"] = result["requests"] / result["seconds"]
    result["errors"] = sum(result[k] for k in ("connect", "read", "write", "status", "timeout"))
    return result


def measure(server: Server, seen: dict, args, folder: Path) -> dict:
    base = f"http://127.0.0.1:{server.port}"
    api_headers = {"Authorization": f"Bearer {seen['token']}", "Accept": "application/json"}
    page_headers = {"Cookie": f"sessionid={seen['session']}"}
    # Both answer 200 before anything is timed (a redirect to the login page would not count
    # as an error in wrk).
    assert get(f"{base}/api/v1/workers/{seen['first_id']}", api_headers) == 200
    assert get(f"{base}/workers/", page_headers) == 200
    run = {"seconds": args.seconds, "connections": args.connections, "folder": folder}
    wrk(f"{base}/api/v1/workers/", api_headers, **{**run, "seconds": 3}, prefix="/api/v1/workers/")
    return {
        "read API": wrk(f"{base}/api/v1/workers/", api_headers, **run, prefix="/api/v1/workers/"),
        "list page": wrk(f"{base}/workers/", page_headers, **run, prefix=""),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workers", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=20, help="per measurement (at most 120)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (<= 256)")
    add_server_arguments(parser)
    parser.add_argument("--rounds", type=int, default=1, help="measure every server N times")
    parser.add_argument("--compare-granian", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the bench_serving database")
    parser.add_argument(
        "--reuse", action="store_true", help="measure on the database a --keep run left"
    )
    args = parser.parse_args()
    if not (1 <= args.seconds <= 120 and 1 <= args.connections <= 256 and 1 <= args.rounds <= 5):
        parser.error("--seconds must be 1 to 120, --connections 1 to 256, --rounds 1 to 5")
    server_url = postgres_server_url(parser)
    if shutil.which("wrk") is None:
        parser.error("wrk is not installed (Debian: apt-get install wrk)")

    load_before = os.getloadavg()[0]
    url = configure(server_url, args.keep or args.reuse, args.reuse)
    folder = Path(tempfile.mkdtemp(prefix="corridor-serving-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    random.seed(3)
    seen = prepare(args.workers, folder, args.reuse)
    environment = server_environment(url, folder, args, manifest=True)
    corridor = [sys.executable, "-m", "corridor.cli"]
    subprocess.run([*corridor, "collectstatic", "--noinput", "-v0"], env=environment, check=True)

    servers = {
        f"gunicorn ({args.web_workers} x {args.web_threads} threads), `corridor serve`": (
            lambda port: [*corridor, "serve", f"--bind=127.0.0.1:{port}"]
        ),
        "Django development server, `corridor serve --dev`": (
            lambda port: [*corridor, "serve", "--dev", f"--bind=127.0.0.1:{port}"]
        ),
    }
    if args.compare_granian:
        servers[f"granian ({args.web_workers} x {args.web_threads} threads)"] = lambda port: [
            sys.executable,
            "-m",
            "granian",
            "--interface=wsgi",
            "--host=127.0.0.1",
            f"--port={port}",
            f"--workers={args.web_workers}",
            f"--blocking-threads={args.web_threads}",
            "--no-ws",
            "--log-level=warning",
            "corridor.wsgi:application",
        ]
    results = {}
    # Rounds alternate the servers, so that a change in the machine's load during the run
    # does not fall on one server alone.
    for round_ in range(1, args.rounds + 1):
        for name, argv in servers.items():
            port = free_port()
            server = Server(name, argv(port), environment, port)
            try:
                results[(round_, name)] = measure(server, seen, args, folder)
            finally:
                server.stop()
            print(f"round {round_}: measured {name}", flush=True)

    print(
        f"\n{platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load average before the run {load_before:.1f}, after {os.getloadavg()[0]:.1f}; "
        f"workers: {seen['visible']:,} of {seen['total']:,} visible to the caseworker; "
        f"wrk 1 thread, {args.connections} connections, {args.seconds} s each"
    )
    print(
        f"{'round':5} {'server':58} {'what':9} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6} "
        f"{'errors':>6}"
    )
    for (round_, name), figures in results.items():
        for what, r in figures.items():
            print(
                f"{round_:5} {name:58} {what:9} {r['rate']:7.0f} {r['p50']:6.1f} "
                f"{r['p95']:6.1f} {r['p99']:6.1f} {r['errors']:6d}"
            )


if __name__ == "__main__":
    main()
