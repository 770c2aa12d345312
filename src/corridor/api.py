"""The REST API: /api/v1/, one error shape, bearer tokens (or the browser session).

Each app contributes a router from its own `api.py`; this module only assembles them and
turns exceptions into the one error shape:
    {"error": {"code": "...", "message": "...", "fields": {"name": ["..."]}}}
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.security import HttpBearer

from corridor.accounts.api import router as organisations_router
from corridor.accounts.api import session_auth
from corridor.accounts.models import ApiToken
from corridor.grievances.api import router as grievances_router
from corridor.identity.api import router as identity_router
from corridor.insights.api import router as insights_router
from corridor.occupations.api import router as occupations_router
from corridor.people.api import router as workers_router
from corridor.programmes.api import router as programmes_router
from corridor.recruitment.api import router as recruitment_router
from corridor.reference.api import router as reference_router
from corridor.support.api import router as support_router
from corridor.training.api import router as training_router


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = ApiToken.objects.find(token)
        if found is None:
            return None
        now = timezone.now()
        # Touch at most once a minute: a busy client should not write on every request.
        if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        return found.user


ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                },
            },
        }
    },
}
WRITES = {"post", "put", "patch", "delete"}


def error_statuses(path: str, method: str, operation: dict[str, Any]) -> dict[str, str]:
    """The error answers an operation can give, from the handlers below: every client can be
    refused for a malformed request (400) or throttled (429); a secured operation for its token
    (401) or a permission (403); an id in the path or a write's body can name nothing visible
    (404); parameters or a body can be invalid (422); a write can meet a conflicting state
    (409)."""
    statuses = {"400": "Malformed request", "429": "Too many requests"}
    if operation.get("security"):
        statuses |= {"401": "No valid token", "403": "Not allowed"}
    if "{" in path or method in WRITES:
        # A write's body names records too (the worker to enrol, the vacancy to apply to).
        statuses["404"] = "Not found (or not visible to the caller)"
    if operation.get("parameters") or operation.get("requestBody"):
        statuses["422"] = "Invalid values"
    if method in WRITES:
        statuses["409"] = "Conflicts with the current state"
    return statuses


class CorridorAPI(NinjaAPI):
    """ninja's API, with the one error shape documented on every operation, so clients and the
    schema conformance checks know every status an operation may answer."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        reference = {"$ref": "#/components/schemas/Error"}
        for path, operations in schema["paths"].items():
            for method, operation in operations.items():
                responses = operation.setdefault("responses", {})
                for status, description in error_statuses(path, method, operation).items():
                    responses.setdefault(
                        status,
                        {
                            "description": description,
                            "content": {"application/json": {"schema": reference}},
                        },
                    )
        return schema


api = CorridorAPI(
    title="Corridor API",
    version="1",
    description="Workers, documents, consent and the migration cycle; scoped like the pages.",
    auth=[BearerToken(), session_auth],
    urls_namespace="api",
)


def error_response(
    request: HttpRequest, status: int, code: str, message: str, fields: Any = None
) -> HttpResponse:
    body: dict[str, Any] = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    return api.create_response(request, {"error": body}, status=status)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return error_response(request, 422, "invalid", _("Some values are not valid."), fields)


@api.exception_handler(SchemaValidationError)
def on_schema_error(request: HttpRequest, exc: SchemaValidationError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        location = [
            str(part) for part in error.get("loc", []) if part not in ("body", "payload", "query")
        ]
        fields.setdefault(".".join(location) or "__all__", []).append(str(error.get("msg", "")))
    return error_response(request, 422, "invalid", _("Some values are not valid."), fields)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(request, 404, "not_found", _("Not found."))


@api.exception_handler(PermissionDenied)
def on_forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error_response(request, 403, "forbidden", str(exc) or _("You may not do this."))


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_response(
        request, 401, "unauthenticated", _("Send a valid token: Authorization: Bearer <token>.")
    )


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error_response(request, exc.status_code, "error", str(exc))


api.add_router("/workers", workers_router)
api.add_router("/organisations", organisations_router)
api.add_router("/reference", reference_router)
api.add_router("/identity", identity_router)
api.add_router("/occupations", occupations_router)
api.add_router("", recruitment_router)
api.add_router("/training", training_router)
api.add_router("/support", support_router)
api.add_router("/complaints", grievances_router)
api.add_router("/programmes", programmes_router)
api.add_router("/insights", insights_router)
