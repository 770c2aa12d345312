"""Derived name forms of a worker: script, Latin spelling and search keys (from corridor.names)."""

from collections.abc import Iterable
from typing import Any

from corridor.names import Script, detect_script, guess_language, name_keys, to_latin
from corridor.people.models import NameScript, Worker, WorkerNameKey


def name_forms(family_name: str, given_name: str, patronymic: str) -> dict[str, str]:
    """The derived name columns of a worker, from the names as written."""
    written = " ".join(p for p in (family_name, given_name, patronymic) if p)
    script = detect_script(written)
    # One language for the whole name: "Юсупов" alone looks Russian, but beside
    # "Муҳаммадумар" it is Uzbek, and reads Yusupov, not ICAO's Iusupov.
    language = guess_language(written)
    return {
        "name_script": NameScript(script.value) if script != Script.UNKNOWN else NameScript.UNKNOWN,
        "family_name_latin": to_latin(family_name, language=language)[:150],
        "given_name_latin": to_latin(given_name, language=language)[:150],
        "patronymic_latin": to_latin(patronymic, language=language)[:150] if patronymic else "",
    }


def search_keys(family_name: str, given_name: str, patronymic: str) -> list[str]:
    written = " ".join(p for p in (family_name, given_name, patronymic) if p)
    return [key[:64] for key in name_keys(written)]


def apply_name_forms(worker: Worker) -> None:
    """Set the script and Latin forms from the names as written (no save)."""
    for name, value in name_forms(worker.family_name, worker.given_name, worker.patronymic).items():
        setattr(worker, name, value)


def keys_for(worker: Worker) -> list[str]:
    return search_keys(worker.family_name, worker.given_name, worker.patronymic)


def name_key_rows(workers: Iterable[Worker]) -> list[WorkerNameKey]:
    return [WorkerNameKey(worker=w, key=key) for w in workers for key in keys_for(w)]


def replace_name_keys(worker: Worker) -> None:
    WorkerNameKey.objects.filter(worker=worker).delete()
    WorkerNameKey.objects.bulk_create(name_key_rows([worker]))


def name_key_dicts(
    worker_id: Any, family_name: str, given_name: str, patronymic: str
) -> list[dict[str, Any]]:
    """Name-key rows for bulk insert (see corridor.core.bulk)."""
    return [
        {"worker_id": worker_id, "key": key}
        for key in search_keys(family_name, given_name, patronymic)
    ]
