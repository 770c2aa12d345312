"""`corridor serve`, `worker` and `scheduler`: what their arguments and the environment decide."""

import os
import signal
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.tasks import TaskResultStatus

from corridor.core.management.commands import serve
from corridor.grievances.tasks import remind_overdue_complaints


@pytest.fixture
def execv(monkeypatch):
    """Catch the exec into gunicorn: the command line is what is under test."""
    calls: list[list[str]] = []
    monkeypatch.setattr(os, "execv", lambda path, argv: calls.append(list(argv)))
    for name in ("CORRIDOR_BIND", "CORRIDOR_WEB_WORKERS", "CORRIDOR_WEB_THREADS"):
        monkeypatch.delenv(name, raising=False)
    return calls


def test_serve_runs_gunicorn_on_loopback_with_bounded_defaults(execv):
    call_command("serve", stdout=StringIO())

    (argv,) = execv
    assert argv[:4] == [sys.executable, "-m", "gunicorn", "corridor.wsgi:application"]
    assert "--bind=127.0.0.1:8000" in argv
    assert "--workers=2" in argv
    assert "--worker-class=gthread" in argv
    assert "--threads=4" in argv
    assert not any(a.startswith("--access-logfile") for a in argv)


def test_serve_takes_bind_and_sizes_from_the_environment(execv, monkeypatch):
    monkeypatch.setenv("CORRIDOR_BIND", "0.0.0.0:9000")
    monkeypatch.setenv("CORRIDOR_WEB_WORKERS", "3")
    monkeypatch.setenv("CORRIDOR_WEB_THREADS", "6")

    call_command("serve", stdout=StringIO())

    (argv,) = execv
    assert {"--bind=0.0.0.0:9000", "--workers=3", "--threads=6"} <= set(argv)


def test_serve_options_win_over_the_environment_and_reach_the_pool_sizing(execv, monkeypatch):
    monkeypatch.setenv("CORRIDOR_WEB_WORKERS", "3")

    call_command("serve", "--port", "8123", "--workers", "1", "--threads", "8", stdout=StringIO())

    (argv,) = execv
    assert {"--bind=127.0.0.1:8123", "--workers=1", "--threads=8"} <= set(argv)
    # The server's processes size their database pool from these (settings.py).
    assert os.environ["CORRIDOR_WEB_WORKERS"] == "1"
    assert os.environ["CORRIDOR_WEB_THREADS"] == "8"


@pytest.mark.parametrize(
    ("arguments", "environment", "message"),
    [
        (["--workers", "0"], {}, "CORRIDOR_WEB_WORKERS must be between 1 and 8, not 0."),
        (["--threads", "9"], {}, "CORRIDOR_WEB_THREADS must be between 1 and 8, not 9."),
        ([], {"CORRIDOR_WEB_WORKERS": "many"}, "CORRIDOR_WEB_WORKERS must be a whole number"),
        (["--bind", "8000"], {}, "CORRIDOR_BIND must be host:port"),
        ([], {"CORRIDOR_BIND": "localhost:99999"}, "CORRIDOR_BIND must be host:port"),
    ],
)
def test_serve_refuses_counts_and_addresses_out_of_bounds(
    execv, monkeypatch, arguments, environment, message
):
    for name, value in environment.items():
        monkeypatch.setenv(name, value)

    with pytest.raises(CommandError, match=message):
        call_command("serve", *arguments, stdout=StringIO())
    assert execv == []


def test_serve_takes_either_bind_or_port(execv):
    with pytest.raises(CommandError, match="not allowed with argument"):
        call_command("serve", "--bind", "127.0.0.1:1", "--port", "2", stdout=StringIO())


def test_serve_refuses_to_start_before_static_files_are_collected(execv, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

    with pytest.raises(CommandError, match="run `corridor collectstatic --noinput` first"):
        call_command("serve", stdout=StringIO())
    assert execv == []


def test_serve_dev_is_django_development_server(execv, monkeypatch):
    calls = []
    monkeypatch.setattr(serve, "call_command", lambda *a, **kw: calls.append((a, kw)))

    call_command("serve", "--dev", "--port", "8124", stdout=StringIO())

    assert calls == [
        (("runserver", "127.0.0.1:8124"), {"use_reloader": False, "use_threading": True})
    ]
    assert execv == []


@pytest.fixture
def signals_restored():
    # The task worker installs its own SIGINT/SIGTERM handlers; pytest keeps its own.
    saved = {n: signal.getsignal(n) for n in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for number, handler in saved.items():
        signal.signal(number, handler)


# Transactional: the worker closes the connection between polls (pooled connections are not
# persistent ones), which a test's enclosing transaction would not survive.
@pytest.mark.django_db(transaction=True)
def test_worker_runs_queued_tasks(signals_restored):
    queued = remind_overdue_complaints.enqueue(today="2026-01-01")

    call_command("worker", "--batch", "--no-startup-delay", verbosity=0, stdout=StringIO())

    queued.refresh()
    assert queued.status == TaskResultStatus.SUCCESSFUL
    assert queued.return_value == 0


def test_worker_refuses_a_negative_interval():
    with pytest.raises(CommandError, match="--interval: Must be zero or greater"):
        call_command("worker", "--interval", "-1")


def test_scheduler_takes_only_its_own_options():
    with pytest.raises(CommandError, match="unrecognized arguments: --every"):
        call_command("scheduler", "--every", "5")
