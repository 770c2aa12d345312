"""One pagination for the whole API, with bounds: past them a 422, never a 500 (a limit or
offset past 64 bits used to reach the database and fail there)."""

import pytest

from corridor.accounts.models import ApiToken
from corridor.accounts.tests.factories import member
from corridor.api import api
from corridor.core.pagination import MAX_LIMIT, MAX_OFFSET

pytestmark = pytest.mark.django_db


def _lists():
    schema = api.get_openapi_schema()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            names = {p["name"]: p for p in operation.get("parameters", []) if p["in"] == "query"}
            if {"offset", "page", "page_size"} & set(names):
                yield path, method, names


def _top_n():
    # Best matches and suggestions: the first N, no pages; N is still bounded.
    schema = api.get_openapi_schema()
    for path, methods in schema["paths"].items():
        for operation in methods.values():
            names = {p["name"]: p for p in operation.get("parameters", []) if p["in"] == "query"}
            if "limit" in names and "offset" not in names:
                yield path, names["limit"]


LISTS = list(_lists())


def test_there_are_lists_to_check():
    assert len(LISTS) == 13  # every @paginate list and the worker list


@pytest.mark.parametrize(("path", "method", "params"), LISTS, ids=[p for p, _, _ in LISTS])
def test_every_list_takes_bounded_limit_and_offset(path, method, params):
    assert "page" not in params and "page_size" not in params
    assert params["limit"]["schema"]["maximum"] == MAX_LIMIT
    assert params["limit"]["schema"]["minimum"] == 1
    assert params["offset"]["schema"]["maximum"] == MAX_OFFSET
    assert params["offset"]["schema"]["minimum"] == 0


@pytest.mark.parametrize(("path", "limit"), list(_top_n()), ids=[p for p, _ in _top_n()])
def test_a_top_n_list_bounds_its_n(path, limit):
    assert limit["schema"]["minimum"] >= 1 and limit["schema"]["maximum"] <= MAX_LIMIT


TOP_LEVEL = [path for path, method, _ in LISTS if "{" not in path and method == "get"]


@pytest.mark.parametrize("path", TOP_LEVEL)
@pytest.mark.parametrize(
    "query", ["limit=1455000000000000000000", "offset=6491000000000000000000", "limit=0"]
)
def test_past_the_bounds_is_422(client, path, query):
    _, raw = ApiToken.issue(user=member())

    response = client.get(f"{path}?{query}", headers={"Authorization": f"Bearer {raw}"})

    assert response.status_code in (403, 422)  # 403: the caseworker may not list this at all
    if response.status_code == 422:
        assert set(response.json()["error"]["fields"]) == {query.split("=")[0]}
