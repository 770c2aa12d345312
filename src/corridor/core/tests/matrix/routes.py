"""Every door of the product: pages from Django's URL resolver, operations from the OpenAPI
schema; and how to fill each URL's parameters from the world."""

from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from corridor.api import api
from corridor.core.tests.matrix.world import World

API_PREFIX = "/api/v1"
# The admin site is Django's own: one case stands for all of its pages (staff only).
ADMIN_NAMESPACE = "admin"
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


@dataclass(frozen=True)
class UrlEntry:
    name: str  # "namespace:name"
    route: str  # the pattern, e.g. "workers/<uuid:worker_id>/"
    params: tuple[str, ...]


def _walk(patterns: Any, namespaces: tuple[str, ...], prefix: str, params: tuple[str, ...]):
    for pattern in patterns:
        found = tuple(getattr(pattern.pattern, "converters", {}) or ())
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from _walk(pattern.url_patterns, inner, route, params + found)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield UrlEntry(":".join((*namespaces, pattern.name)), route, params + found)


def url_entries() -> list[UrlEntry]:
    """Every named URL pattern of corridor.urls, the API's included."""
    return list(_walk(get_resolver().url_patterns, (), "/", ()))


def page_names() -> set[str]:
    """URL names that are pages: everything but the API's operations (which the schema lists)
    and the admin site beyond its index."""
    operation_routes = {path.replace("{", "<").replace("}", ">") for path in api_paths()}
    names = set()
    for entry in url_entries():
        namespace = entry.name.split(":")[0]
        if namespace == ADMIN_NAMESPACE:
            continue
        if namespace == "api" and _api_route(entry) in operation_routes:
            continue
        names.add(entry.name)
    return names | {"admin:index"}


def _api_route(entry: UrlEntry) -> str:
    # "/api/v1/workers/<worker_id>" -> "/workers/<worker_id>"
    return "/" + entry.route.removeprefix(API_PREFIX + "/").rstrip("/")


def api_paths() -> set[str]:
    return {path.removeprefix(API_PREFIX) for path in api.get_openapi_schema()["paths"]}


def api_operations() -> dict[str, dict[str, Any]]:
    """{"METHOD /path": operation} for every operation of the OpenAPI schema."""
    operations = {}
    for path, methods in api.get_openapi_schema()["paths"].items():
        for method, operation in methods.items():
            operations[f"{method.upper()} {path.removeprefix(API_PREFIX)}"] = operation
    return operations


def api_resolver_templates() -> set[str]:
    """API routes as the URL resolver has them ("/workers/<worker_id>"), to find operations
    left out of the schema."""
    return {_api_route(entry) for entry in url_entries() if entry.name.startswith("api:")}


# URL parameter name -> the world object (or value) that fills it. A more specific entry,
# ("namespace or page name", parameter), wins over the plain one.
def _kwarg_values(world: World) -> dict[Any, Any]:
    o = world.objects
    return {
        "worker_id": world.workers["W"].pk,
        "document_id": o["document"].pk,
        "token_id": o["token"].pk,
        "user_id": o["second_factor_user"].pk,
        # A password reset link that is no longer valid: the page says so.
        "uidb64": "MQ",
        "token": "expired-link",
        "notification_id": o["notification"].pk,
        "grant_id": o["authority_grant"].pk,
        "organisation_id": o["organisation"].pk,
        ("recruitment", "organisation_id"): o["employer"].pk,
        "pair_id": o["pair"].pk,
        "merge_id": o["merge"].pk,
        "coded_id": o["coded_title"].pk,
        "vacancy_id": o["vacancy"].pk,
        "application_id": o["application"].pk,
        ("portal:answer", "application_id"): o["offered_application"].pk,
        "payment_id": o["payment"].pk,
        "course_id": o["course"].pk,
        "cohort_id": o["cohort"].pk,
        "enrolment_id": o["enrolment"].pk,
        "certificate_id": o["certificate"].pk,
        "service_id": o["service"].pk,
        "referral_id": o["referral"].pk,
        "group_id": o["group"].pk,
        "member_id": o["group_member"].pk,
        "meeting_id": o["meeting"].pk,
        "complaint_id": o["complaint"].pk,
        "attachment_id": o["attachment"].pk,
        "indicator_id": o["indicator"].pk,
        ("grievances", "code"): o["complaint"].tracking_code,
        ("GET /complaints/track/{code}", "code"): o["complaint"].tracking_code,
        ("verify", "code"): o["certificate"].code,
        ("GET /training/verify/{code}", "code"): o["certificate"].code,
        ("programmes", "code"): o["programme"].code,
        "code": o["programme"].code,
        "key": "funnel",
        ("GET /insights/metrics/{key}", "key"): _first_metric(),
        "extension": "csv",
        # Steps that need an application, enrolment or referral in another state.
        **{
            (door, "application_id"): o["shortlisted_application"].pk
            for door in (
                "recruitment:application_offer",
                "recruitment:application_move",
                "POST /applications/{application_id}/offer",
                "POST /applications/{application_id}/move",
            )
        },
        **{
            (door, "application_id"): o["accepted_application"].pk
            for door in (
                "recruitment:contract_generate",
                "POST /applications/{application_id}/contract",
            )
        },
        **{
            (door, "enrolment_id"): o["running_enrolment"].pk
            for door in ("training:drop", "POST /training/enrolments/{enrolment_id}/drop")
        },
        **{
            (door, "referral_id"): o["completed_referral"].pk
            for door in (
                "support:referral_feedback",
                "POST /support/referrals/{referral_id}/feedback",
            )
        },
    }


def _first_metric() -> str:
    from corridor.insights.metrics import METRICS

    return next(iter(METRICS))


def fill(world: World, name: str, params: tuple[str, ...]) -> dict[str, str]:
    """The URL's parameters from the world; KeyError when one has no value (a meta-test)."""
    values = _kwarg_values(world)
    namespace = name.split(":")[0]
    filled = {}
    for param in params:
        for key in ((name, param), (namespace, param), param):
            if key in values:
                filled[param] = str(values[key])
                break
        else:
            raise KeyError(f"{name}: no value for URL parameter {param!r}")
    return filled


def page_url(world: World, entry: UrlEntry) -> str:
    if entry.name == "admin:index":
        return reverse("admin:index")
    return reverse(entry.name, kwargs=fill(world, entry.name, entry.params))


def api_url(world: World, operation: str) -> str:
    path = operation.split(" ", 1)[1]
    params = tuple(part[1:-1] for part in path.split("/") if part.startswith("{"))
    return API_PREFIX + path.format(**fill(world, operation, params))
