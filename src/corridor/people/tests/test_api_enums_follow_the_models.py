"""Every choice the API takes is the model's: a test walks each value through the API."""

import pytest

from corridor.people.models import ConsentMethod, ConsentPurpose, DocumentType, Relation
from corridor.people.tests.factories import bearer

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("purpose", ConsentPurpose.values)
@pytest.mark.parametrize("method", ConsentMethod.values)
def test_every_consent_purpose_and_method_is_recorded_through_the_api(
    client, caseworker, worker, purpose, method
):
    response = client.post(
        f"/api/v1/workers/{worker.pk}/consents",
        {"purpose": purpose, "given": True, "method": method},
        content_type="application/json",
        headers=bearer(caseworker),
    )

    assert response.status_code == 201, response.content
    assert worker.consents.get().purpose == purpose


@pytest.mark.parametrize("relation", Relation.values)
def test_every_relation_is_taken(client, caseworker, worker, relation):
    response = client.post(
        f"/api/v1/workers/{worker.pk}/family",
        {"relation": relation, "full_name": "Каримова Дилноза"},
        content_type="application/json",
        headers=bearer(caseworker),
    )

    assert response.status_code == 201, response.content


@pytest.mark.parametrize("kind", DocumentType.values)
def test_every_document_type_is_taken(client, caseworker, worker, kind):
    response = client.post(
        f"/api/v1/workers/{worker.pk}/documents",
        {"type": kind, "number": "AB1234567"},
        content_type="application/json",
        headers=bearer(caseworker),
    )

    assert response.status_code == 201, response.content


def test_the_schema_lists_exactly_the_models_choices(client, caseworker):
    schema = client.get("/api/v1/openapi.json", headers=bearer(caseworker)).json()
    components = schema["components"]["schemas"]

    assert components["ConsentPurpose"]["enum"] == ConsentPurpose.values
    assert components["ConsentMethod"]["enum"] == ConsentMethod.values
