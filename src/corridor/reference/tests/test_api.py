import pytest

from corridor.accounts.tests.factories import member
from corridor.people.tests.factories import bearer

pytestmark = pytest.mark.django_db


def test_isco_lookup_finds_unit_groups_by_russian_words(client):
    response = client.get("/api/v1/reference/isco?q=сварщ&level=4", headers=bearer(member()))

    assert response.status_code == 200
    assert [group["code"] for group in response.json()] == ["7212"]


def test_regions_lookup_lists_one_countrys_regions(client):
    response = client.get("/api/v1/reference/regions?country=uz", headers=bearer(member()))

    regions = response.json()
    assert response.status_code == 200
    assert {region["country"] for region in regions} == {"UZ"}
    assert "UZ-TO" in [region["code"] for region in regions]


def test_reference_lookups_need_a_token(client):
    assert client.get("/api/v1/reference/regions?country=UZ").status_code == 401


def test_lookups_without_parameters_answer_200_not_500(client):
    headers = bearer(member())

    isco = client.get("/api/v1/reference/isco", headers=headers)
    regions = client.get("/api/v1/reference/regions", headers=headers)

    assert (isco.status_code, isco.json()) == (200, [])
    assert regions.status_code == 200
    assert len(regions.json()) > 83


def test_isco_lookup_limit_out_of_range_answers_422_in_the_error_shape(client):
    response = client.get("/api/v1/reference/isco?q=7&limit=1000", headers=bearer(member()))

    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid"
