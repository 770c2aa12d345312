"""Error answers are the site's pages in its layout (or the API's error shape), never Django's
bare English pages."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.urls import include, path
from django.utils import translation

from corridor.accounts.tests.factories import member
from corridor.core import errors

LAYOUT = '<header class="top">'


def _boom(request):
    raise RuntimeError("a defect")


# This module is also a URL conf (for the 500 tests): the product's URLs plus a failing view.
urlpatterns = [
    path("boom/", _boom),
    path("api/v1/boom", _boom),
    path("", include("corridor.urls")),
]
handler500 = "corridor.core.errors.server_error"


def test_an_unknown_page_is_the_styled_404(db):
    response = Client(headers={"accept-language": "ru"}).get("/no-such-page/")

    body = response.content.decode()
    assert response.status_code == 404
    assert LAYOUT in body
    assert '<html lang="ru">' in body
    assert "The requested resource was not found on this server" not in body


def test_an_unknown_api_path_keeps_the_json_error_shape(db):
    response = Client(headers={"accept-language": "en"}).get("/api/v1/no-such-thing")

    assert response.status_code == 404
    assert response.json() == {"error": {"code": "not_found", "message": "Not found."}}


def test_a_disallowed_host_is_the_styled_400(db):
    response = Client(headers={"accept-language": "en"}).get("/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert LAYOUT in response.content.decode()
    assert "Bad request" in response.content.decode()


def test_a_form_without_its_csrf_token_is_the_styled_403(db):
    client = Client(enforce_csrf_checks=True, headers={"accept-language": "en"})

    response = client.post("/complaints/new/", {"description": "fees"})

    body = response.content.decode()
    assert response.status_code == 403
    assert LAYOUT in body
    assert "The form had expired or came from another site." in body
    assert "CSRF verification failed" not in body


def test_a_refusal_shows_the_reason_in_the_layout(db):
    request = RequestFactory().get("/workers/")
    request.user = member()

    response = errors.permission_denied(request, PermissionDenied("Only administrators may."))

    assert response.status_code == 403
    assert LAYOUT in response.content.decode()
    assert "Only administrators may." in response.content.decode()


def test_too_many_requests_is_the_styled_429_or_the_api_shape(db):
    page = RequestFactory().get("/identity/")
    page.user = member()
    api = RequestFactory().get("/api/v1/identity/check")

    response = errors.error_answer(page, 429, "Wait a minute.")
    api_response = errors.error_answer(api, 429, "Wait a minute.")

    assert response.status_code == 429
    assert LAYOUT in response.content.decode()
    assert "Wait a minute." in response.content.decode()
    assert api_response.status_code == 429
    assert api_response.content == b'{"error": {"code": "limited", "message": "Wait a minute."}}'


def test_the_500_page_needs_no_database_and_no_user():
    # No `db` fixture: a query here would raise.
    request = RequestFactory().get("/workers/")  # no user, no session

    # In English whatever language an earlier test left active in this thread.
    with translation.override("en"):
        response = errors.server_error(request)

    body = response.content.decode()
    assert response.status_code == 500
    assert LAYOUT in body
    assert "Something went wrong" in body


@pytest.mark.urls(__name__)
def test_a_defect_in_a_page_is_the_styled_500(db):
    client = Client(raise_request_exception=False, headers={"accept-language": "en"})

    response = client.get("/boom/")

    assert response.status_code == 500
    assert LAYOUT in response.content.decode()
    assert "Something went wrong" in response.content.decode()


@pytest.mark.urls(__name__)
def test_a_defect_in_the_api_is_a_json_500(db):
    client = Client(raise_request_exception=False, headers={"accept-language": "en"})

    response = client.get("/api/v1/boom")

    assert response.status_code == 500
    assert response.json()["error"]["code"] == "error"
