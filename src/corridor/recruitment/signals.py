"""Keep matching features in step with the registry: any change to what matching reads
recomputes that worker's features once the transaction commits."""

from typing import Any

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from corridor.people.models import ConsentRecord, Document, Worker, WorkerLanguage, WorkerOccupation
from corridor.recruitment.models import JobProfile


def _refresh_on_commit(worker_id: Any) -> None:
    from corridor.recruitment.features import refresh_features

    transaction.on_commit(lambda: refresh_features([worker_id]))


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
