"""The complaints API takes its choices from the models: the schema offers exactly the model's
values, and every category, relation and confidentiality is accepted by the public door."""

import pytest
from django.core.cache import cache

from corridor.grievances.models import (
    Category,
    ComplainantRelation,
    ComplaintStatus,
    Confidentiality,
    Outcome,
)
from corridor.grievances.tests.factories import programme_office

pytestmark = pytest.mark.django_db


def _enum(schema: dict, component: str, field: str) -> set[str]:
    prop = schema["components"]["schemas"][component]["properties"][field]
    values: set[str] = set()
    for option in prop.get("anyOf", prop.get("allOf", [prop])):
        if "$ref" in option:
            option = schema["components"]["schemas"][option["$ref"].rsplit("/", 1)[-1]]
        values.update(option.get("enum", []))
        if "const" in option:
            values.add(option["const"])
    return values


def test_the_schema_offers_exactly_the_models_choices(client):
    schema = client.get("/api/v1/openapi.json").json()

    assert _enum(schema, "PublicComplaintIn", "category") == set(Category.values)
    assert _enum(schema, "PublicComplaintIn", "complainant_relation") == set(
        ComplainantRelation.values
    )
    assert _enum(schema, "PublicComplaintIn", "confidentiality") == set(Confidentiality.values)
    assert _enum(schema, "ComplaintStatusIn", "status") == set(ComplaintStatus.values)
    assert _enum(schema, "ComplaintStatusIn", "outcome") == set(Outcome.values) | {""}


@pytest.mark.parametrize(
    ("field", "value"),
    [("category", c) for c in Category.values]
    + [("complainant_relation", r) for r in ComplainantRelation.values]
    + [("confidentiality", c) for c in Confidentiality.values],
)
def test_every_choice_is_accepted_by_the_public_door(client, field, value):
    cache.clear()
    programme_office()
    body = {"category": "other", "description": "Не платят.", field: value}

    response = client.post("/api/v1/complaints/public", body, content_type="application/json")

    assert response.status_code == 201, response.content
