"""How many server processes and threads Corridor runs, and where it listens, from the environment.

Read by the settings (the database pool holds one connection per server thread) and by the
`serve` and `run` commands, so both agree without passing numbers between processes. Plain
Python: the settings import it before Django is set up.

    CORRIDOR_BIND         host:port the web server listens on (default 127.0.0.1:8000)
    CORRIDOR_WEB_WORKERS  server processes (default 2, one per core of a small machine)
    CORRIDOR_WEB_THREADS  threads per process (default 4)
"""

import os
from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_BIND = "127.0.0.1:8000"
DEFAULT_WORKERS = 2
DEFAULT_THREADS = 4
# Bounds: every thread may hold a database connection, and PostgreSQL's default
# max_connections is 100; 8 x 8 = 64 leaves room for the task worker, the scheduler and psql.
MAX_WORKERS = 8
MAX_THREADS = 8


class ServingError(ValueError):
    """A bind address or a worker or thread count outside what Corridor runs with."""


@dataclass(frozen=True)
class Concurrency:
    workers: int
    threads: int


def bounded(name: str, value: str | int, upper: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ServingError(f"{name} must be a whole number, not {value!r}.") from None
    if not 1 <= number <= upper:
        raise ServingError(f"{name} must be between 1 and {upper}, not {number}.")
    return number


def concurrency(
    environ: Mapping[str, str] = os.environ,
    *,
    workers: int | None = None,
    threads: int | None = None,
) -> Concurrency:
    """The worker and thread counts: arguments first, then the environment, then the defaults."""
    return Concurrency(
        workers=bounded(
            "CORRIDOR_WEB_WORKERS",
            workers
            if workers is not None
            else environ.get("CORRIDOR_WEB_WORKERS", "") or DEFAULT_WORKERS,
            MAX_WORKERS,
        ),
        threads=bounded(
            "CORRIDOR_WEB_THREADS",
            threads
            if threads is not None
            else environ.get("CORRIDOR_WEB_THREADS", "") or DEFAULT_THREADS,
            MAX_THREADS,
        ),
    )


def bind_address(environ: Mapping[str, str] = os.environ, *, bind: str | None = None) -> str:
    """`host:port` (IPv6 as `[::1]:8000`), from the argument, the environment or the default."""
    value = bind or environ.get("CORRIDOR_BIND", "") or DEFAULT_BIND
    host, separator, port = value.rpartition(":")
    if not separator or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ServingError(
            f"CORRIDOR_BIND must be host:port, such as {DEFAULT_BIND}, not {value!r}."
        )
    return value
