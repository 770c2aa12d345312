"""Keep matching features in step with the registry: any change to what matching reads
recomputes that worker's features once the transaction commits."""

from typing import Any

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from corridor.people.models import ConsentRecord, Document, Worker, WorkerLanguage, WorkerOccupation
from corridor.recruitment.models import JobProfile


def _refresh_on_commit(worker_id: Any) -> None:
    """Collect the workers a transaction touches and refresh them once, at commit: deleting a
    thousand occupation rows queues one refresh, not a thousand."""
    from corridor.recruitment.features import refresh_features

    connection = transaction.get_connection()
    pending: set[Any] | None = getattr(connection, "_corridor_match_pending", None)
    queued = getattr(connection, "_corridor_match_callback", None)
    # A rolled-back transaction drops its callbacks: start a new batch then.
    if pending is None or not any(entry[1] is queued for entry in connection.run_on_commit):
        pending = set()

        def refresh() -> None:
            batch = connection._corridor_match_pending  # type: ignore[attr-defined]
            connection._corridor_match_pending = None  # type: ignore[attr-defined]
            refresh_features(batch)

        connection._corridor_match_pending = pending  # type: ignore[attr-defined]
        connection._corridor_match_callback = refresh  # type: ignore[attr-defined]
        pending.add(worker_id)
        transaction.on_commit(refresh)
        return
    pending.add(worker_id)


def _worker_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    _refresh_on_commit(instance.pk)


def _part_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    _refresh_on_commit(instance.worker_id)


def _regions_changed(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    if action in {"post_add", "post_remove", "post_clear"}:
        _refresh_on_commit(instance.worker_id)


post_save.connect(_worker_changed, sender=Worker, dispatch_uid="match_worker")
for model in (ConsentRecord, Document, WorkerLanguage, WorkerOccupation, JobProfile):
    post_save.connect(_part_changed, sender=model, dispatch_uid=f"match_save_{model.__name__}")
    post_delete.connect(_part_changed, sender=model, dispatch_uid=f"match_delete_{model.__name__}")
m2m_changed.connect(
    _regions_changed, sender=JobProfile.preferred_regions.through, dispatch_uid="match_regions"
)
