"""`corridor backup` and `corridor restore` (the full drill with demo data, on SQLite and
PostgreSQL, is scripts/restore-drill, run by .ci/run)."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from corridor.accounts.models import Organisation
from corridor.accounts.tests.factories import OrganisationFactory
from corridor.core import backups


def test_restore_refuses_a_database_holding_data_without_yes(db, tmp_path):
    OrganisationFactory(name="Kept")
    backup = tmp_path / "backup"
    backup.write_bytes(b"not read: the refusal comes first")

    with pytest.raises(CommandError, match="Run again with --yes"):
        call_command("restore", str(backup))

    assert list(Organisation.objects.values_list("name", flat=True)) == ["Kept"]


def test_restore_of_a_missing_file_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="no such backup file"):
        call_command("restore", str(tmp_path / "missing"), yes=True)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL: scripts/restore-drill")
def test_a_sqlite_backup_restores_what_was_backed_up(transactional_db, tmp_path):
    OrganisationFactory(name="Before the backup")
    path = tmp_path / "corridor.sqlite3"
    call_command("backup", str(path))
    states = backups.table_states()
    OrganisationFactory(name="After the backup")

    call_command("restore", str(path), yes=True)

    assert list(Organisation.objects.values_list("name", flat=True)) == ["Before the backup"]
    assert backups.table_states() == states


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the file is SQLite's")
def test_a_file_that_is_not_a_backup_is_refused_and_nothing_changes(transactional_db, tmp_path):
    OrganisationFactory(name="Kept")
    path = tmp_path / "garbage"
    path.write_bytes(b"x" * 4096)

    with pytest.raises(CommandError, match="not a SQLite backup"):
        call_command("restore", str(path), yes=True)

    assert list(Organisation.objects.values_list("name", flat=True)) == ["Kept"]


def test_the_default_backup_path_is_under_var_backups(settings, tmp_path):
    import datetime

    settings.VAR_DIR = tmp_path
    path = backups.default_path(datetime.datetime(2026, 12, 7, 15, 4, 5, tzinfo=datetime.UTC))

    assert path.parent == tmp_path / "backups"
    suffix = "sqlite3" if connection.vendor == "sqlite" else "dump"
    assert path.name == f"corridor-20261207T150405Z.{suffix}"
