"""A NUL byte anywhere in a request is refused with a clear answer, never a 500 (PostgreSQL
refuses NUL in text, so before this a query with one failed inside the database)."""

import json

import pytest
from django.test import Client

from corridor.accounts.tests.factories import member
from corridor.core.middleware import JSON_NUL


@pytest.fixture
def staff(db):
    client = Client(headers={"accept-language": "en"})
    client.force_login(member())
    return client


@pytest.mark.parametrize("path", ["/programmes/%00/", "/workers/%00/", "/verify/%00/", "/%00"])
def test_a_nul_byte_in_a_page_path_is_not_found(staff, path):
    response = staff.get(path)

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_nul_byte_in_an_api_path_is_a_json_404(staff):
    response = staff.get("/api/v1/programmes/%00")

    assert response.status_code == 404
    assert response.json() == {"error": {"code": "not_found", "message": "Not found."}}


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/vacancies?q=%00",
        "/api/v1/workers?region=%00",
        "/api/v1/workers?q=a%00b",
        "/api/v1/workers?%00=1",
    ],
)
def test_a_nul_byte_in_an_api_query_parameter_is_a_400_in_the_error_shape(staff, url):
    response = staff.get(url)

    assert response.status_code == 400
    assert response.json() == {
        "error": {"code": "invalid", "message": "The request contains a NUL character."}
    }


def test_a_nul_byte_in_a_page_query_parameter_is_a_styled_400(staff):
    response = staff.get("/workers/?q=%00")

    assert response.status_code == 400
    assert "The request contains a NUL character." in response.content.decode()
    assert 'class="top"' in response.content.decode()  # the site's layout


def test_a_nul_byte_in_a_form_field_is_a_400_and_nothing_is_written(staff):
    from corridor.grievances.models import Complaint

    response = Client(headers={"accept-language": "en"}).post(
        "/complaints/new/", {"description": "fees\x00taken"}
    )

    assert response.status_code == 400
    assert "The request contains a NUL character." in response.content.decode()
    assert Complaint.objects.count() == 0


def test_a_nul_byte_in_a_json_body_is_a_400(staff):
    body = json.dumps({"name": "Centre\u0000"})

    response = staff.post("/api/v1/organisations", body, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"


def test_only_an_escaped_nul_in_json_counts_not_an_escaped_backslash():
    assert JSON_NUL.search(json.dumps({"q": "a\x00b"}).encode()) is not None
    assert JSON_NUL.search(json.dumps({"q": "a\\\x00b"}).encode()) is not None
    assert JSON_NUL.search(json.dumps({"q": "C:\\u0000"}).encode()) is None


def test_a_request_without_nul_passes(staff):
    response = staff.get("/api/v1/workers?q=Karimov")

    assert response.status_code == 200


def test_a_session_cookie_with_a_nul_is_treated_as_not_sent(db):
    client = Client()
    client.cookies["sessionid"] = "abcdefgh\x00ijkl"

    response = client.get("/workers/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/workers/"


def test_another_cookie_with_a_nul_keeps_the_user_signed_in(staff):
    staff.cookies["tracking"] = "a\x00b"

    response = staff.get("/api/v1/workers")

    assert response.status_code == 200
