"""`corridor worker`: runs queued tasks. django-tasks-db's `db_worker`, under Corridor's name."""

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker


class Command(DatabaseWorker):
    help = (
        "Run background tasks from the database queue until stopped (SIGTERM or Ctrl+C finish "
        "the current task first). The options are django-tasks-db's db_worker's."
    )
