"""Words typed in the worker form's occupation field, without choosing a suggestion."""

import pytest

from corridor.accounts.tests.factories import member
from corridor.occupations.models import CodedTitle, CodingStatus
from corridor.people.models import Worker
from corridor.people.tests.test_pages import NEW_WORKER

pytestmark = pytest.mark.django_db


@pytest.fixture
def caseworker():
    return member()


def test_words_the_coder_is_sure_of_are_coded_and_remembered(client, caseworker):
    client.force_login(caseworker)

    response = client.post("/workers/new/", {**NEW_WORKER, "occ-0-isco": "payvandchi"})

    assert response.status_code == 302
    worker = Worker.objects.get()
    assert list(worker.occupations.values_list("isco", flat=True)) == ["7212"]
    coded = CodedTitle.objects.get()
    assert (coded.title, coded.isco_id, coded.status) == ("payvandchi", "7212", "automatic")


def test_words_the_coder_is_unsure_of_ask_for_a_choice_and_join_the_review_list(client, caseworker):
    client.force_login(caseworker)

    response = client.post(
        "/workers/new/",
        {**NEW_WORKER, "occ-0-isco": "сварщик кондитер"},
        headers={"Accept-Language": "en"},
    )

    assert response.status_code == 422
    assert "Choose an ISCO-08 unit group from the suggestions." in response.content.decode()
    assert Worker.objects.count() == 0
    assert CodedTitle.objects.get().status == CodingStatus.NEEDS_REVIEW


def test_the_picker_explains_each_suggestion(client, caseworker):
    client.force_login(caseworker)

    options = client.get(
        "/workers/isco-options/", {"occ-0-isco": "ширетүүчү"}, headers={"Accept-Language": "en"}
    ).content.decode()

    assert options.startswith('<option value="7212 Welders and flamecutters" label="7212 ')
    assert "ширетүүчү matched" in options
