"""`corridor run`: starts web, worker and scheduler, serves, stops them all together."""

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from corridor.core.management.commands.run import Supervisor

PYTHON = sys.executable


def sleeper(ready: Path) -> list[str]:
    return [
        PYTHON,
        "-c",
        f"import pathlib, time; pathlib.Path({str(ready)!r}).touch(); time.sleep(60)",
    ]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_when_one_child_stops_the_others_are_stopped_and_its_code_returned(tmp_path):
    said: list[str] = []
    supervisor = Supervisor(
        {"web": sleeper(tmp_path / "web"), "worker": [PYTHON, "-c", "raise SystemExit(3)"]},
        said.append,
    )

    assert supervisor.run() == 3

    assert said == ["corridor run: worker stopped (exit code 3); stopping the rest."]
    assert supervisor.processes["web"].returncode == -signal.SIGTERM
    assert not alive(supervisor.processes["web"].pid)


def test_a_stop_signal_is_forwarded_to_every_child_and_ends_cleanly(tmp_path):
    supervisor = Supervisor(
        {name: sleeper(tmp_path / name) for name in ("web", "worker", "scheduler")}, print
    )

    def stop_when_ready() -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and len(list(tmp_path.iterdir())) < 3:
            time.sleep(0.05)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=stop_when_ready, daemon=True).start()

    assert supervisor.run() == 0

    assert sorted(p.name for p in tmp_path.iterdir()) == ["scheduler", "web", "worker"]
    assert [p.returncode for p in supervisor.processes.values()] == [-signal.SIGTERM] * 3


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def children_of(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in path.read_text().split()] if path.exists() else []


def get(url: str, **headers: str):
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (loopback)
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return response.status, dict(response.headers), response.read()


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads children from /proc")
def test_run_serves_with_gunicorn_and_compressed_static_files_then_stops_on_sigterm(tmp_path):
    port = free_port()
    environment = {
        **os.environ,
        "CORRIDOR_VAR_DIR": str(tmp_path),
        "CORRIDOR_SECRET_KEY": "run-test-only",
        "CORRIDOR_WEB_WORKERS": "1",
        "CORRIDOR_WEB_THREADS": "2",
        "PYTHONPATH": str(Path(__file__).resolve().parents[3]),
    }
    # The embedded default: its own SQLite file and the production static storage.
    for name in ("DATABASE_URL", "CORRIDOR_SQLITE_PATH", "CORRIDOR_STATIC_MANIFEST"):
        environment.pop(name, None)
    run = subprocess.Popen(  # noqa: S603
        [PYTHON, "-m", "corridor.cli", "run", f"--bind=127.0.0.1:{port}"],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        # Migrating and compressing static files on a busy 2-core machine: bounded, generous.
        deadline = time.monotonic() + 240
        while True:
            assert run.poll() is None, run.stdout.read().decode() if run.stdout else ""
            try:
                status, headers, _ = get(f"{base}/accounts/login/")
                break
            except OSError:
                assert time.monotonic() < deadline, "the server did not answer in time"
                time.sleep(0.5)
        assert status == 200
        assert headers["Server"] == "gunicorn"
        assert len(children_of(run.pid)) == 3

        manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
        stylesheet = manifest["paths"]["web/corridor.css"]
        assert stylesheet != "web/corridor.css"  # the hashed name
        status, headers, body = get(f"{base}/static/{stylesheet}", **{"Accept-Encoding": "gzip"})
        assert (status, headers["Content-Encoding"]) == (200, "gzip")
        assert headers["Cache-Control"] == "max-age=315360000, public, immutable"
        assert headers["Vary"] == "Accept-Encoding"
        assert body[:2] == b"\x1f\x8b"
        _, headers, _ = get(f"{base}/static/{stylesheet}", **{"Accept-Encoding": "br, gzip"})
        assert headers["Content-Encoding"] == "br"

        children = children_of(run.pid)
        run.send_signal(signal.SIGTERM)
        assert run.wait(timeout=60) == 0
        assert [pid for pid in children if alive(pid)] == []
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
