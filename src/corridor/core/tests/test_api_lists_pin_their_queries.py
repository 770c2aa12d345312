"""Every API list has a test that pins its query count, so that no list grows a query a row.

An API list is a GET operation whose answer is an array or a page (an object with an `items`
array): the top-level lists, and the lists under one record (a worker's documents, a
vacancy's matches). A test pins one by carrying
`@pytest.mark.pins_queries("<operation id>")` in its app's `tests/test_query_counts.py` and
measuring with `django_assert_num_queries`.
"""

import importlib
import inspect
from collections.abc import Iterator
from typing import Any

from django.apps import apps

from corridor.api import api


def _answer(operation: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    responses = operation.get("responses", {})
    ok = responses.get(200) or responses.get("200") or {}
    body = ok.get("content", {}).get("application/json", {}).get("schema", {})
    if "$ref" in body:
        body = components[body["$ref"].rsplit("/", 1)[-1]]
    return body


def _is_list(body: dict[str, Any]) -> bool:
    items = body.get("properties", {}).get("items", {})
    return body.get("type") == "array" or items.get("type") == "array"


def api_lists() -> set[str]:
    schema = api.get_openapi_schema()
    components = schema["components"]["schemas"]
    found = set()
    for operations in schema["paths"].values():
        operation = operations.get("get")
        if operation is not None and _is_list(_answer(operation, components)):
            found.add(operation["operationId"])
    return found


def _query_count_tests() -> Iterator[Any]:
    for app in apps.get_app_configs():
        if not app.name.startswith("corridor."):
            continue
        name = f"{app.name}.tests.test_query_counts"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            continue
        for test_name, test in inspect.getmembers(module, inspect.isfunction):
            if test_name.startswith("test_"):
                yield test


def pinned_operations() -> set[str]:
    pinned: set[str] = set()
    for test in _query_count_tests():
        marks = [mark for mark in getattr(test, "pytestmark", []) if mark.name == "pins_queries"]
        if marks and "django_assert_num_queries" in inspect.signature(test).parameters:
            pinned.update(mark.args[0] for mark in marks)
    return pinned


def test_the_walk_finds_the_lists_it_must():
    # A walk that found nothing would let every list through.
    assert {
        "corridor_people_api_list_workers",
        "corridor_people_api_list_documents",
        "corridor_training_api_list_cohorts",
        "corridor_programmes_api_list_programmes",
    } <= api_lists()
    assert "corridor_people_api_get_worker" not in api_lists()


def test_every_api_list_has_a_test_pinning_its_query_count():
    assert sorted(api_lists() - pinned_operations()) == []


def test_every_pinned_operation_is_an_api_list():
    # A mark naming an operation that was renamed or removed pins nothing.
    assert sorted(pinned_operations() - api_lists()) == []
