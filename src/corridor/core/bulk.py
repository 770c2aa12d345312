"""Fast bulk insert of plain rows, for seeding and imports of hundreds of thousands of rows.

Django's bulk_create builds a model instance per row and prepares every value through the
field API, a statement per few dozen rows on SQLite; at a million rows that costs minutes. Here a row is a dict keyed by column
attribute name, each column's conversion is chosen once per table, and rows go to the
database with executemany. Callers pass complete rows (defaults filled in).
"""

import json
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import Any, cast

from django.db import connections, models

Row = dict[str, Any]


def _identity(value: Any) -> Any:
    return value


def _sqlite_uuid(value: uuid.UUID | None) -> str | None:
    return value.hex if value is not None else None


def _sqlite_datetime(value: datetime | None) -> str | None:
    # Django keeps aware datetimes in SQLite as naive UTC text.
    return None if value is None else str(value.astimezone(UTC).replace(tzinfo=None))


def _sqlite_date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _converter(field: models.Field, vendor: str) -> Callable[[Any], Any]:
    kind = field.get_internal_type()
    if isinstance(field, models.ForeignKey):
        kind = field.target_field.get_internal_type()
    if kind == "JSONField":
        if vendor == "postgresql":
            from psycopg.types.json import Jsonb

            return cast(Callable[[Any], Any], Jsonb)
        return _json
    if vendor != "sqlite":
        return _identity
    sqlite_converters: dict[str, Callable[[Any], Any]] = {
        "UUIDField": _sqlite_uuid,
        "DateTimeField": _sqlite_datetime,
        "DateField": _sqlite_date,
    }
    return sqlite_converters.get(kind, _identity)


def insert_rows(
    model: type[models.Model], rows: Sequence[Row], *, using: str = "default", chunk: int = 5000
) -> int:
    """INSERT `rows` (dicts of attname -> value) into `model`'s table; returns the count."""
    if not rows:
        return 0
    connection = connections[using]
    fields = [f for f in model._meta.concrete_fields if f.attname in rows[0]]
    converters = [_converter(f, connection.vendor) for f in fields]
    quote = connection.ops.quote_name
    # Table and column names come from model metadata, never from input.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(model._meta.db_table or ""),
        ", ".join(quote(str(f.column)) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    names = [f.attname for f in fields]
    if connection.vendor == "postgresql":
        return _copy_rows(connection, model, fields, converters, names, rows)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), chunk):
            batch = rows[start : start + chunk]
            cursor.executemany(
                sql,
                [tuple(c(row[n]) for c, n in zip(converters, names, strict=True)) for row in batch],
            )
    return len(rows)


def rows_of(objects: Sequence[models.Model]) -> list[Row]:
    """Rows for `insert_rows` from new, unsaved instances, as `save` would write them: each
    field's `pre_save` (auto_now stamps the time), an auto-increment key left to the database.
    No `save` method or signal runs: the caller does what they would (e.g. derived fields)."""
    if not objects:
        return []
    meta = objects[0]._meta
    fields = [f for f in meta.concrete_fields if not isinstance(f, models.AutoField)]
    return [{f.attname: f.pre_save(obj, True) for f in fields} for obj in objects]


def defaults(model: type[models.Model], **values: Any) -> Row:
    """A row with every column's default, overridden by `values` (call once per table)."""
    row: Row = {}
    for field in model._meta.concrete_fields:
        if field.attname in values or field.primary_key:
            continue  # primary keys are per row: the caller sets them
        if field.has_default():
            row[field.attname] = field.get_default()
        elif field.null:
            row[field.attname] = None
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            row[field.attname] = None  # the caller sets it
        elif field.blank and field.empty_strings_allowed:
            row[field.attname] = ""
    row.update(values)
    return row


def _copy_rows(
    connection: Any,
    model: type[models.Model],
    fields: list[Any],
    converters: list[Callable[[Any], Any]],
    names: list[str],
    rows: Sequence[Row],
) -> int:
    """PostgreSQL's COPY: several times faster than INSERT for large loads."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(f.column)) for f in fields)
    statement = f"COPY {quote(model._meta.db_table or '')} ({columns}) FROM STDIN"
    connection.ensure_connection()
    with connection.connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(tuple(c(row[n]) for c, n in zip(converters, names, strict=True)))
    return len(rows)
