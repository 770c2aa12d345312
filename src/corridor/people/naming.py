"""Derived name forms of a worker: script, Latin spelling and search keys (from corridor.names)."""

from collections.abc import Iterable

from corridor.names import Script, detect_script, name_keys, to_latin
from corridor.people.models import NameScript, Worker, WorkerNameKey


def apply_name_forms(worker: Worker) -> None:
    """Set the script and Latin forms from the names as written (no save)."""
    written = " ".join(p for p in (worker.family_name, worker.given_name, worker.patronymic) if p)
    script = detect_script(written)
    worker.name_script = NameScript(script.value) if script != Script.UNKNOWN else NameScript.UNKNOWN
    worker.family_name_latin = to_latin(worker.family_name)[:150]
    worker.given_name_latin = to_latin(worker.given_name)[:150]
    worker.patronymic_latin = to_latin(worker.patronymic)[:150] if worker.patronymic else ""


def keys_for(worker: Worker) -> list[str]:
    written = " ".join(p for p in (worker.family_name, worker.given_name, worker.patronymic) if p)
    return [key[:64] for key in name_keys(written)]


def name_key_rows(workers: Iterable[Worker]) -> list[WorkerNameKey]:
    return [WorkerNameKey(worker=w, key=key) for w in workers for key in keys_for(w)]


def replace_name_keys(worker: Worker) -> None:
    WorkerNameKey.objects.filter(worker=worker).delete()
    WorkerNameKey.objects.bulk_create(name_key_rows([worker]))
