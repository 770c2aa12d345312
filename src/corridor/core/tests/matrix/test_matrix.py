"""The access matrix: every page and API operation x every role x every method, against the
one table of expected answers (table.py). See table.py for the outcomes and how to add a URL."""

import hashlib
import json
import re
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client

from corridor.core.models import AuditAction, AuditEvent
from corridor.core.tests.matrix import bodies, routes
from corridor.core.tests.matrix.conftest import TALLY
from corridor.core.tests.matrix.table import (
    ADMIN_LOGIN,
    ALLOW,
    API,
    AUDITED,
    DENY,
    EITHER,
    FORBIDDEN,
    GRANT_PURPOSE,
    LAWFUL,
    NOT_FOUND,
    PAGES,
    REFUSE,
    RULES,
    SCOPED,
    SIGNED_OUT,
)
from corridor.core.tests.matrix.world import ANON, OTHER_WORKER, ROLES, World

LOGIN_URL = "/accounts/login/"
TEXT_TYPES = ("text/", "application/json", "application/xml")


@dataclass(frozen=True)
class Case:
    kind: str  # "page" or "api"
    name: str  # URL name or "METHOD /path"
    method: str
    role: str
    entry: routes.UrlEntry | None = None
    variant: str = ""  # a search of bodies.SEARCHES, by its label

    def __str__(self) -> str:
        door = self.name if self.kind == "api" else f"{self.name} {self.method}"
        door += f" ?{self.variant}" if self.variant else ""
        return f"{door} [{self.role}]"

    @property
    def rule(self) -> str:
        return API[self.name] if self.kind == "api" else PAGES[self.name][self.method]

    @property
    def expected(self) -> str:
        return RULES[self.rule][self.role]


def _cases() -> list[Case]:
    entries = {entry.name: entry for entry in routes.url_entries()}
    entries["admin:index"] = routes.UrlEntry("admin:index", "/admin/", ())
    cases = []
    for name in sorted(set(PAGES) & set(entries)):
        for method in PAGES[name]:
            for variant in ["", *(label for label, _ in bodies.SEARCHES.get(name, []))]:
                cases += [
                    Case("page", name, method, role, entries[name], variant) for role in ROLES
                ]
    for operation in sorted(set(API) & set(routes.api_operations())):
        method = operation.split(" ")[0]
        for variant in ["", *(label for label, _ in bodies.SEARCHES.get(operation, []))]:
            cases += [Case("api", operation, method, role, None, variant) for role in ROLES]
    return cases


CASES = _cases()


# The database, cheaply: row count and latest change of every table a request could write.
SKIPPED_TABLES = {"django_session", "core_auditevent", "accounts_apitoken"}


def _fingerprint_sql() -> str:
    quote = connection.ops.quote_name
    parts = []
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if table in SKIPPED_TABLES or not model._meta.managed:
            continue
        # Table and column names come from the models, not from input.
        parts.append(f"(SELECT COUNT(*) FROM {quote(table)})")  # noqa: S608
        names = {f.column for f in model._meta.concrete_fields}
        for column in ("updated_at", "created_at", "at"):
            if column in names:
                parts.append(f"(SELECT MAX({quote(column)}) FROM {quote(table)})")  # noqa: S608
                break
    # Audit entries other than views and logins would be changes recorded by a refused write.
    parts.append(
        "(SELECT COUNT(*) FROM core_auditevent WHERE action NOT IN ('view', 'login', 'logout'))"
    )
    return "SELECT " + ", ".join(parts)


FINGERPRINT_SQL = _fingerprint_sql()


def fingerprint() -> str:
    with connection.cursor() as cursor:
        cursor.execute(FINGERPRINT_SQL)
        return hashlib.sha256(repr(cursor.fetchone()).encode()).hexdigest()


# One client per door kind and role: a new client would load the middleware again (WhiteNoise
# scans every static file when it starts), which is most of a case's time.
CLIENTS: dict[tuple[str, str], Client] = {}


def _client(world: World, case: Case) -> Client:
    user = world.users[case.role]
    key = (case.kind, case.role)
    if key not in CLIENTS:
        headers = {"accept-language": "en"}
        if case.kind == "api" and user is not None:
            headers["authorization"] = f"Bearer {world.tokens[case.role]}"
        CLIENTS[key] = Client(headers=headers)
    client = CLIENTS[key]
    client.cookies.clear()  # the session of the previous case was rolled back with it
    if case.kind == "page" and user is not None:
        client.force_login(user)
    return client


def _query(world: World, case: Case) -> dict:
    if case.variant:
        return dict(bodies.SEARCHES[case.name])[case.variant](world)
    return bodies.QUERIES.get(case.name, lambda w: {})(world)


def _send(world: World, case: Case):
    client = _client(world, case)
    if case.kind == "api":
        url = routes.api_url(world, case.name)
        body = bodies.API_BODIES.get(case.name, lambda w: {})(world)
        if case.method == "GET":
            return client.get(url, _query(world, case))
        return client.generic(case.method, url, data=_json(body), content_type="application/json")
    assert case.entry is not None, case  # every page case carries its URL entry
    url = routes.page_url(world, case.entry)
    if case.method == "GET":
        return client.get(url, _query(world, case))
    return client.post(url, bodies.PAGE_BODIES.get(case.name, lambda w: {})(world))


def _json(body: dict) -> str:
    return json.dumps(body, default=str)


def _is_login_redirect(response, login_url: str = LOGIN_URL) -> bool:
    return response.status_code == 302 and response["Location"].startswith(login_url)


def _status_ok(case: Case, response) -> bool:
    status, expected = response.status_code, case.expected
    if expected == NOT_FOUND:
        return status == 404
    if expected == SIGNED_OUT:
        return 200 <= status < 400
    if expected == ADMIN_LOGIN:
        return _is_login_redirect(response, "/admin/login/")
    if case.role == ANON and expected != ALLOW:
        return status == 401 if case.kind == "api" else _is_login_redirect(response)
    answered = 200 <= status < 300 or (
        case.kind == "page" and 300 <= status < 400 and not _is_login_redirect(response)
    )
    if case.kind == "api" and case.method != "GET" and 300 <= status < 400:
        answered = True
    return {
        ALLOW: answered,
        DENY: status == 404,
        REFUSE: status in (403, 404, 422),
        SCOPED: answered or status in (403, 404, 422),
        EITHER: answered or status == 404,
    }[expected]


def _body_text(response) -> str:
    kind = response.get("Content-Type", "")
    if not any(t in kind for t in TEXT_TYPES) or getattr(response, "streaming", False):
        return ""
    return response.content.decode("utf-8", "replace")


def _why(response) -> str:
    """What a 4xx answer said (an API error, or a page's form errors), to tell a wrong body
    from a refusal."""
    if response.status_code < 400:
        return ""
    text = _body_text(response)
    if "json" in response.get("Content-Type", ""):
        return " " + text[:300]
    errors = re.findall(r'class="[^"]*(?:errorlist|error)[^"]*"[^>]*>(.*?)</', text, re.S)
    return " " + " | ".join(e.strip() for e in errors)[:300] if errors else ""


def _audit_target(world: World, case: Case):
    return world.workers["X" if case.role == OTHER_WORKER else "W"].pk


def _views_of(worker_id) -> int:
    return AuditEvent.objects.filter(worker_id=worker_id, action=AuditAction.VIEW).count()


@pytest.mark.parametrize("case", CASES, ids=str)
def test_door(world, db, case):
    TALLY["cases"] += 1
    TALLY["failed"] += 1  # taken back at the end if every check holds
    writes = case.method in routes.WRITE_METHODS
    target = _audit_target(world, case)
    views_before = _views_of(target)
    before = fingerprint() if writes and case.expected != ALLOW else None

    response = _send(world, case)

    status = response.status_code
    location = response.get("Location", "")
    assert _status_ok(case, response), (
        f"{case}: expected {case.expected} (rule {case.rule}), got {status} {location}"
        + _why(response)
    )
    answered = 200 <= status < 300
    text = _body_text(response) if answered else ""
    # A search answers with what was typed (the search box, its links); a typed reference or
    # name is not a leak, the worker's other markers (id, name or reference) in a row are.
    typed = {str(value) for value in _query(world, case).values()} if case.variant else set()
    markers = [m for m in world.foreign_markers(case.role) if m not in typed]
    leaked = [marker for marker in markers if marker in text]
    purpose = GRANT_PURPOSE.get(case.role)
    overshared = (
        [
            marker
            for marker in FORBIDDEN[purpose]
            if marker in text and marker not in LAWFUL.get(case.rule, ())
        ]
        if purpose and case.rule in AUDITED
        else []
    )
    TALLY["leaks"] += bool(leaked)
    TALLY["overshares"] += bool(overshared)
    assert not leaked, f"{case}: foreign workers in the response: {leaked}"
    assert not overshared, f"{case}: sections its grant does not allow: {overshared}"
    if before is not None and status >= 400:
        assert fingerprint() == before, f"{case}: refused ({status}) but the database changed"
    if case.rule in AUDITED and not writes and answered:
        views = _views_of(target) - views_before
        assert views == 1, f"{case}: {views} view audit events for the worker, expected 1"
    TALLY["failed"] -= 1


# Meta-tests: the table covers every door, and names none that is gone.


def test_every_page_is_in_the_table():
    assert routes.page_names() - set(PAGES) == set()


def test_the_table_names_no_page_that_is_gone():
    assert set(PAGES) - routes.page_names() == set()


def test_every_api_operation_is_in_the_table():
    assert set(routes.api_operations()) - set(API) == set()


def test_the_table_names_no_api_operation_that_is_gone():
    assert set(API) - set(routes.api_operations()) == set()


def test_every_api_route_is_in_the_schema():
    # An operation left out of the schema would escape the matrix.
    schema = {path.replace("{", "<").replace("}", ">") for path in routes.api_paths()}
    pages = {
        routes._api_route(entry)
        for entry in routes.url_entries()
        if entry.name in PAGES and entry.name.startswith("api:")
    }
    assert routes.api_resolver_templates() - schema - pages == set()


def test_every_rule_names_an_outcome_for_every_role():
    used = set(API.values()) | {rule for methods in PAGES.values() for rule in methods.values()}
    assert used - set(RULES) == set()
    assert set(RULES) - used == set()  # no rule left behind by a door that went
    assert all(set(RULES[rule]) == set(ROLES) for rule in used)


def test_every_write_method_of_a_page_is_listed():
    # Pages list their methods; the API's come from the schema.
    assert all(set(methods) <= {"GET", "POST"} for methods in PAGES.values())


def test_every_url_parameter_can_be_filled(world, db):
    entries = [e for e in routes.url_entries() if e.name in PAGES]
    unfilled = []
    for entry in entries:
        try:
            routes.page_url(world, entry)
        except KeyError as error:
            unfilled.append(str(error))
    for operation in API:
        try:
            routes.api_url(world, operation)
        except KeyError as error:
            unfilled.append(str(error))
    assert unfilled == []


def test_the_matrix_size_is_printed():
    roles = len(ROLES)
    print(f"\nAccess matrix: {len(CASES)} cases ({len(CASES) // roles} doors x {roles} roles)")
    searches = sum(len(variants) for variants in bodies.SEARCHES.values())
    doors = sum(len(m) for m in PAGES.values()) + len(API) + searches
    assert len(CASES) == doors * roles


def test_every_search_names_a_door_of_the_table():
    assert set(bodies.SEARCHES) - set(PAGES) - set(API) == set()


# Positive controls: the leak check looks for reference numbers and ids, so a list that shows
# a visible worker must show that worker's reference or id (else the check would prove nothing).


@pytest.mark.parametrize(
    ("door", "role", "worker"),
    [
        ("people:list", "own_caseworker", "W"),
        ("people:list", "other_caseworker", "WB"),
        ("GET /workers", "own_caseworker", "W"),
        ("GET /workers", "other_caseworker", "WB"),
        ("GET /applications", "own_caseworker", "W"),
    ],
)
def test_a_list_shows_the_workers_the_role_may_see(world, db, door, role, worker):
    kind = "api" if door.startswith("GET ") else "page"
    entry = next((e for e in routes.url_entries() if e.name == door), None)
    response = _send(world, Case(kind, door, "GET", role, entry))

    shown = world.workers[worker]
    text = _body_text(response)
    assert response.status_code == 200
    assert shown.reference in text or str(shown.pk) in text
