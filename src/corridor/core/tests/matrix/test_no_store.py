"""Every page and API read answers `Cache-Control: no-store`: a shared cache or the browser's
history never keeps a copy of personal data. A sweep over the URL resolver and the OpenAPI
schema, as the worker's own caseworker (who sees the most) and signed out."""

import pytest
from django.test import Client

from corridor.core.tests.matrix import routes
from corridor.core.tests.matrix.table import PAGES
from corridor.core.tests.matrix.world import ANON, OWN_CW

PAGE_ENTRIES = sorted(
    (entry for entry in routes.url_entries() if entry.name in PAGES and "GET" in PAGES[entry.name]),
    key=lambda entry: entry.name,
)
API_READS = sorted(op for op in routes.api_operations() if op.startswith("GET "))


def _client(world, role: str, *, api: bool) -> Client:
    user = world.users[role]
    if api:
        headers = {"authorization": f"Bearer {world.tokens[role]}"} if user else {}
        return Client(headers=headers)
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",")}


@pytest.mark.parametrize("role", [OWN_CW, ANON])
def test_every_page_answers_no_store(world, db, role):
    client = _client(world, role, api=False)
    missing = []
    for entry in [*PAGE_ENTRIES, routes.UrlEntry("admin:index", "/admin/", ())]:
        response = client.get(routes.page_url(world, entry))
        if "no-store" not in _cache_control(response):
            missing.append(f"{entry.name} ({response.status_code})")

    assert len(PAGE_ENTRIES) > 50
    assert missing == []


@pytest.mark.parametrize("role", [OWN_CW, ANON])
def test_every_api_read_answers_no_store(world, db, role):
    client = _client(world, role, api=True)
    missing = []
    for operation in API_READS:
        response = client.get(routes.api_url(world, operation))
        if "no-store" not in _cache_control(response):
            missing.append(f"{operation} ({response.status_code})")

    assert len(API_READS) > 30
    assert missing == []
