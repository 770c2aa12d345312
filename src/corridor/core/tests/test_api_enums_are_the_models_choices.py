"""Every choice the API offers is a model's TextChoices, never a hand-written list that drifts.

The consent purposes of the API were once a hand copy that lost "referrals"; this walks the
whole OpenAPI schema so no schema can do that again.
"""

from typing import Any

from django.db import models

from corridor.api import api

# Enumerations that are not model choices: a filter's "any open one", an empty "none".
NOT_CHOICES = ({""}, {"open"})


def _text_choices() -> dict[str, type[models.TextChoices]]:
    found: dict[str, type[models.TextChoices]] = {}
    pending = list(models.TextChoices.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("corridor."):
            found[cls.__name__] = cls
    return found


def _inline_enums(node: Any, path: str) -> list[tuple[str, list[Any]]]:
    """Enumerations written into a schema's properties instead of referring to a component."""
    found: list[tuple[str, list[Any]]] = []
    if isinstance(node, dict):
        if "enum" in node and set(node["enum"]) not in NOT_CHOICES:
            found.append((path, node["enum"]))
        for key, value in node.items():
            found += _inline_enums(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _inline_enums(value, f"{path}/{index}")
    return found


def test_every_enumerated_component_is_a_models_choices_with_the_same_values():
    schema = api.get_openapi_schema()
    choices = _text_choices()
    components = schema["components"]["schemas"]

    enums = {name: body["enum"] for name, body in components.items() if "enum" in body}

    assert enums, "the schema names its enumerations as components"
    for name, values in enums.items():
        assert name in choices, f"{name} is not a model's TextChoices"
        assert values == choices[name].values, name


def test_no_schema_writes_its_own_list_of_choices():
    schema = api.get_openapi_schema()
    bodies = {
        name: body for name, body in schema["components"]["schemas"].items() if "enum" not in body
    }

    inline = _inline_enums(bodies, "components") + _inline_enums(schema["paths"], "paths")

    assert inline == []
