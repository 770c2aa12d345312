import pytest

from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import member
from corridor.core.models import AuditEvent
from corridor.occupations import services
from corridor.occupations.models import CodingStatus

pytestmark = pytest.mark.django_db


def test_the_review_list_shows_uncertain_titles_with_ranked_suggestions(client):
    services.code_title("сварщик кондитер")
    services.code_title("грузчик")  # confident: not listed
    client.force_login(member())

    page = client.get("/occupations/review/", headers={"Accept-Language": "en"}).content.decode()

    assert "“сварщик кондитер”" in page
    assert "грузчик" not in page
    assert 'value="7212"' in page and 'value="7512"' in page
    assert "Confirm" in page


def test_confirming_on_the_page_settles_the_code_and_leaves_the_list(client):
    coded = services.code_title("сварщик кондитер")
    assert coded is not None
    client.force_login(member())

    response = client.post(f"/occupations/review/{coded.pk}/confirm/", {"isco": "9329 Other"})

    assert response.status_code == 302
    coded.refresh_from_db()
    assert (coded.isco_id, coded.status) == ("9329", CodingStatus.CONFIRMED)
    assert "<h2>“сварщик кондитер”</h2>" not in client.get("/occupations/review/").content.decode()


def test_a_code_that_is_no_unit_group_is_refused_with_a_message(client):
    coded = services.code_title("сварщик кондитер")
    assert coded is not None
    client.force_login(member())

    response = client.post(
        f"/occupations/review/{coded.pk}/confirm/",
        {"isco": "72 welders"},
        follow=True,
        headers={"Accept-Language": "en"},
    )

    assert "Choose an ISCO-08 unit group from the suggestions." in response.content.decode()
    coded.refresh_from_db()
    assert coded.status == CodingStatus.NEEDS_REVIEW


@pytest.mark.parametrize("role", [Role.DONOR, Role.WORKER, Role.PARTNER])
def test_who_may_not_review_gets_403_and_nothing_changes(client, role):
    coded = services.code_title("сварщик кондитер")
    assert coded is not None
    client.force_login(member(role=role))

    listed = client.get("/occupations/review/")
    confirmed = client.post(f"/occupations/review/{coded.pk}/confirm/", {"isco": "9329"})

    assert (listed.status_code, confirmed.status_code) == (403, 403)
    coded.refresh_from_db()
    assert coded.status == CodingStatus.NEEDS_REVIEW
    assert not AuditEvent.objects.filter(object_id=str(coded.pk)).exists()


def test_the_menu_offers_the_review_list_only_to_reviewers(client):
    client.force_login(member())
    assert "/occupations/review/" in client.get("/").content.decode()
    client.force_login(member(role=Role.DONOR))
    assert "/occupations/review/" not in client.get("/").content.decode()
