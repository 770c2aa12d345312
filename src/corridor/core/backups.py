"""Backups of the whole database and their restore (`corridor backup`, `corridor restore`).

SQLite: the online backup API, a consistent copy taken while the site keeps serving.
PostgreSQL: `pg_dump --format=custom`, restored with `pg_restore --clean`. Media files
(document scans) live under MEDIA_ROOT and are backed up with the file system, not here.
"""

import datetime
import hashlib
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection


class BackupError(Exception):
    pass


@dataclass(frozen=True)
class TableState:
    rows: int
    checksum: str  # sha256 over every row, in primary-key order


def default_path(now: datetime.datetime | None = None) -> Path:
    stamp = (now or datetime.datetime.now(datetime.UTC)).strftime("%Y%m%dT%H%M%SZ")
    suffix = "sqlite3" if connection.vendor == "sqlite" else "dump"
    return Path(settings.VAR_DIR) / "backups" / f"corridor-{stamp}.{suffix}"


def back_up(*, path: Path) -> Path:
    """Write a consistent copy of the database to `path` (made if missing); return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(path) as target:
            connection.connection.backup(target)
        target.close()
    elif connection.vendor == "postgresql":
        _run_pg("pg_dump", "--format=custom", "--no-owner", f"--file={path}")
    else:
        raise BackupError(f"no backup for the {connection.vendor} database")
    return path


def restore(*, path: Path) -> None:
    """Replace the whole database with the backup at `path`. Stop the web server, the task
    worker and the scheduler first: they would write into the database being replaced."""
    if not path.is_file():
        raise BackupError(f"{path}: no such backup file")
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            source.backup(connection.connection)
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{path}: not a SQLite backup ({error})") from error
        finally:
            source.close()
    elif connection.vendor == "postgresql":
        connection.close()  # holds no lock pg_restore's DROP TABLE would wait for
        _run_pg(
            "pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", str(path)
        )
    else:
        raise BackupError(f"no restore for the {connection.vendor} database")


def tables_with_rows() -> list[str]:
    """The tables that hold at least one row (a restore over them needs --yes)."""
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
        found = []
        for name in names:
            # Table names come from the database's own catalogue, not from input.
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(name)} LIMIT 1")  # noqa: S608
            if cursor.fetchone():
                found.append(name)
    return found


def table_states() -> dict[str, TableState]:
    """Row count and checksum of every table, to compare a restore with what was backed up."""
    states = {}
    with connection.cursor() as cursor:
        for name in sorted(connection.introspection.table_names(cursor)):
            quoted = connection.ops.quote_name(name)
            columns = [c.name for c in connection.introspection.get_table_description(cursor, name)]
            order = ", ".join(connection.ops.quote_name(c) for c in columns)
            cursor.execute(f"SELECT * FROM {quoted} ORDER BY {order}")  # noqa: S608
            digest = hashlib.sha256()
            rows = 0
            for row in cursor.fetchall():
                digest.update(repr(tuple(_stable(value) for value in row)).encode())
                rows += 1
            states[name] = TableState(rows=rows, checksum=digest.hexdigest())
    return states


def _stable(value: object) -> object:
    # PostgreSQL returns JSON columns as parsed objects; their text is what was stored.
    return value if isinstance(value, str | int | float | bytes | type(None)) else str(value)


def _run_pg(program: str, *args: str) -> None:
    if shutil.which(program) is None:
        raise BackupError(f"{program} is not installed (PostgreSQL's client tools)")
    db: dict[str, Any] = dict(settings.DATABASES["default"])
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    command = [program, *args, f"--dbname={db['NAME']}"]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            command.append(f"{flag}={db[key]}")
    # The program and its arguments come from settings and the operator's command line.
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{program} failed: {result.stderr.strip()}")
