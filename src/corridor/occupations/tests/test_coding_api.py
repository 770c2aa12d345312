import pytest

from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import member
from corridor.core.models import AuditEvent
from corridor.occupations import services
from corridor.occupations.models import CodedTitle, CodingStatus
from corridor.people.tests.factories import bearer

pytestmark = pytest.mark.django_db


def test_code_ranks_unit_groups_with_titles_scores_and_why(client):
    response = client.get(
        "/api/v1/occupations/code",
        {"q": "Водитель погрузчика (м. Сокол)", "top": 3},
        headers={**bearer(member()), "Accept-Language": "en"},
    )

    assert response.status_code == 200
    body = response.json()
    assert body["query"] == "Водитель погрузчика (м. Сокол)"
    first = body["results"][0]
    assert (first["rank"], first["isco_code"]) == (1, "8344")
    assert first["title"] == "Lifting truck operators"
    assert 0 < first["score"] <= 1
    assert first["matched_words"] == ["водитель", "погрузчика"]
    assert "погрузчик" in first["matched_term"]
    assert first["explanation"].startswith("водитель, погрузчика matched")
    assert len(body["results"]) <= 3
    assert [r["rank"] for r in body["results"]] == list(range(1, len(body["results"]) + 1))


def test_code_answers_in_the_users_language(client):
    response = client.get(
        "/api/v1/occupations/code",
        {"q": "forklift driver"},
        headers={**bearer(member()), "Accept-Language": "ru"},
    )

    first = response.json()["results"][0]
    assert first["isco_code"] == "8344"
    assert first["title"] == "Операторы автопогрузчиков"


@pytest.mark.parametrize("q", ["", "12345", "asdfghjk", "🙂", "срочно!!!"])
def test_code_of_nonsense_is_an_empty_unconfident_answer(client, q):
    response = client.get("/api/v1/occupations/code", {"q": q}, headers=bearer(member()))

    assert response.status_code == 200
    assert response.json() == {"query": q, "confident": False, "results": []}


def test_code_refuses_a_query_over_2000_characters_with_a_clear_message(client):
    response = client.get(
        "/api/v1/occupations/code", {"q": "сварщик " * 300}, headers=bearer(member())
    )

    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid"
    assert "q" in str(response.json()["error"]["fields"])


def test_code_needs_a_login(client):
    assert client.get("/api/v1/occupations/code", {"q": "сварщик"}).status_code == 401


def test_reviewers_list_and_confirm_uncertain_codes(client):
    reviewer = member()
    coded = services.code_title("сварщик кондитер")
    assert coded is not None

    listed = client.get("/api/v1/occupations/review", headers=bearer(reviewer))
    confirmed = client.post(
        f"/api/v1/occupations/review/{coded.pk}/confirm",
        {"isco_code": "9329"},
        content_type="application/json",
        headers=bearer(reviewer),
    )

    assert [item["id"] for item in listed.json()["items"]] == [str(coded.pk)]
    assert confirmed.status_code == 200
    assert (confirmed.json()["isco_code"], confirmed.json()["status"]) == ("9329", "confirmed")
    assert AuditEvent.objects.filter(object_id=str(coded.pk), channel="api").count() == 1
    assert client.get("/api/v1/occupations/review", headers=bearer(reviewer)).json()["items"] == []


@pytest.mark.parametrize("role", [Role.DONOR, Role.WORKER, Role.EMPLOYER, Role.PARTNER])
def test_who_may_not_review_gets_403_and_nothing_changes(client, role):
    coded = services.code_title("сварщик кондитер")
    assert coded is not None
    outsider = member(role=role)

    listed = client.get("/api/v1/occupations/review", headers=bearer(outsider))
    confirmed = client.post(
        f"/api/v1/occupations/review/{coded.pk}/confirm",
        {"isco_code": "9329"},
        content_type="application/json",
        headers=bearer(outsider),
    )

    assert (listed.status_code, confirmed.status_code) == (403, 403)
    coded.refresh_from_db()
    assert coded.status == CodingStatus.NEEDS_REVIEW
    assert not AuditEvent.objects.filter(object_id=str(coded.pk)).exists()


def test_confirming_an_unknown_title_or_code_is_a_clear_4xx(client):
    reviewer = member()
    coded = services.code_title("сварщик кондитер")
    assert coded is not None
    headers = bearer(reviewer)

    unknown = client.post(
        "/api/v1/occupations/review/00000000-0000-0000-0000-000000000000/confirm",
        {"isco_code": "9329"},
        content_type="application/json",
        headers=headers,
    )
    not_a_group = client.post(
        f"/api/v1/occupations/review/{coded.pk}/confirm",
        {"isco_code": "0000"},
        content_type="application/json",
        headers=headers,
    )

    assert unknown.status_code == 404
    assert not_a_group.status_code == 422
    assert "isco" in str(not_a_group.json()["error"]["fields"])
    assert CodedTitle.objects.get().status == CodingStatus.NEEDS_REVIEW
