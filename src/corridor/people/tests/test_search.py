import datetime

import pytest

from corridor.people.models import Worker
from corridor.people.queries import search_workers
from corridor.people.tests.factories import add_document, bearer, register

pytestmark = pytest.mark.django_db


def _found(text):
    return set(search_workers(Worker.objects.all(), text))


@pytest.fixture
def latin(caseworker):
    return register(caseworker, family_name="Abdullayev", given_name="Jasur", patronymic="")


@pytest.fixture
def cyrillic(caseworker):
    return register(
        caseworker,
        family_name="Каримов",
        given_name="Шахзод",
        patronymic="",
        phone="+998 90 123 45 67",
    )


@pytest.fixture
def other(caseworker):
    return register(
        caseworker, family_name="Rahimova", given_name="Nilufar", patronymic="", sex="F"
    )


def test_cyrillic_query_finds_a_name_written_in_latin(latin, cyrillic, other):
    assert _found("Абдуллаев") == {latin}


def test_latin_query_finds_a_name_written_in_cyrillic(latin, cyrillic, other):
    assert _found("Shahzod") == {cyrillic}


def test_query_in_the_same_script_any_case_finds_the_name(latin, cyrillic, other):
    assert _found("каРИМов") == {cyrillic}
    assert _found("ABDULLAYEV") == {latin}


def test_every_word_must_match_a_name_of_the_same_worker(latin, cyrillic, other):
    assert _found("Karimov Shahzod") == {cyrillic}
    assert _found("Karimov Jasur") == set()


def test_prefix_of_a_name_finds_it(latin, cyrillic, other):
    assert _found("Rahim") == {other}


def test_search_by_reference_number(latin, cyrillic):
    assert _found(cyrillic.reference.lower()) == {cyrillic}


def test_search_by_phone_as_typed_locally_or_internationally(latin, cyrillic):
    assert _found("+998901234567") == {cyrillic}
    assert _found("90 123 45 67") == {cyrillic}


def test_search_by_document_number_ignores_spaces_and_case(caseworker, latin, cyrillic):
    add_document(caseworker, latin, type="work_patent", number="77 № 123456")

    assert _found("77123456") == {latin}


def test_blank_query_returns_everyone_and_junk_returns_no_one(latin, cyrillic, other):
    assert _found("   ") == {latin, cyrillic, other}
    assert _found("!!!") == set()
    assert _found("zzzzqqq") == set()


def test_api_search_contract_answers_items_and_count(client, caseworker, latin, cyrillic):
    headers = bearer(caseworker)

    by_cyrillic = client.get("/api/v1/workers", {"q": "Абдуллаев"}, headers=headers).json()
    by_latin = client.get("/api/v1/workers", {"q": "Shahzod"}, headers=headers).json()

    assert by_cyrillic["count"] == 1
    assert [item["id"] for item in by_cyrillic["items"]] == [str(latin.pk)]
    assert by_latin["count"] == 1
    assert [item["family_name"] for item in by_latin["items"]] == ["Каримов"]


def test_worker_list_page_search_finds_across_scripts(client, caseworker, latin, cyrillic):
    client.force_login(caseworker)

    response = client.get("/workers/", {"q": "Shahzod"})

    assert list(response.context["page"].object_list) == [cyrillic]


def test_search_does_not_reach_beyond_the_users_scope(client, outsider, latin):
    response = client.get("/api/v1/workers", {"q": "Abdullayev"}, headers=bearer(outsider))

    assert response.json()["count"] == 0


def test_renaming_a_worker_replaces_their_search_keys(caseworker, latin):
    from corridor.people import services
    from corridor.people.tests.factories import actor

    services.update_worker(actor=actor(caseworker), worker=latin, details={"family_name": "Тошев"})

    assert _found("Abdullayev") == set()
    assert _found("Toshev") == {latin}


def test_list_filters_by_stage_citizenship_region_and_occupation(client, caseworker):
    from corridor.people.services import Experience, register_worker
    from corridor.people.tests.factories import actor

    welder = register_worker(
        actor=actor(caseworker),
        organisation=caseworker.active_memberships[0].organisation,
        details={
            "family_name": "Welder",
            "given_name": "A",
            "sex": "M",
            "birth_date": datetime.date(1990, 1, 1),
            "citizenship": "UZ",
            "home_region": "UZ-TO",
        },
        occupations=[Experience(isco="7212", years_experience=5)],
    )
    register(caseworker, family_name="Tajik", citizenship="TJ")
    client.force_login(caseworker)

    def listed(**query):
        return list(client.get("/workers/", query).context["page"].object_list)

    assert listed(occupation="72") == [welder]
    assert listed(occupation="7212") == [welder]
    assert listed(region="UZ-TO") == [welder]
    assert [w.family_name for w in listed(citizenship="TJ")] == ["Tajik"]
    assert listed(stage="job_ready") == []


def test_api_list_filters_by_occupation_group(client, caseworker):
    from corridor.people.services import Experience, register_worker
    from corridor.people.tests.factories import actor

    welder = register_worker(
        actor=actor(caseworker),
        organisation=caseworker.active_memberships[0].organisation,
        details={
            "family_name": "Welder",
            "given_name": "A",
            "sex": "M",
            "birth_date": datetime.date(1990, 1, 1),
            "citizenship": "UZ",
        },
        occupations=[Experience(isco="7212", years_experience=5)],
    )
    register(caseworker, family_name="Other")
    headers = bearer(caseworker)

    body = client.get("/api/v1/workers", {"occupation": "721"}, headers=headers).json()

    assert (body["count"], [item["id"] for item in body["items"]]) == (1, [str(welder.pk)])
