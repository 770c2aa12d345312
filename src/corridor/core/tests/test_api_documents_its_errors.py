"""Every operation documents the error answers it can give, in the one error shape."""

import pytest

from corridor.api import api


def operations():
    schema = api.get_openapi_schema()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def test_the_error_shape_is_a_component():
    schema = api.get_openapi_schema()

    error = schema["components"]["schemas"]["Error"]

    assert error["required"] == ["error"]
    assert error["properties"]["error"]["required"] == ["code", "message"]


@pytest.mark.parametrize(("path", "method", "operation"), list(operations()))
def test_each_operation_documents_its_error_statuses(path, method, operation):
    responses = operation["responses"]

    assert {"400", "429"} <= set(responses)
    if operation.get("security"):
        assert {"401", "403"} <= set(responses)
    if "{" in path or method in ("post", "put", "patch", "delete"):
        assert "404" in responses
    if operation.get("parameters") or operation.get("requestBody"):
        assert "422" in responses
    for status in ("400", "401", "403", "404", "422", "429"):
        if status in responses:
            assert responses[status]["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/Error"
            }


def test_a_public_operation_does_not_claim_a_token_error():
    schema = api.get_openapi_schema()

    public = schema["paths"]["/api/v1/complaints/public"]["post"]

    assert "401" not in public["responses"]
