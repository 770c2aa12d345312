"""The support reads the pages and the API share: the catalogue with its filters, and the
assistance groups of the user's organisations."""

import pytest
from django.test import Client

from corridor.accounts.models import OrganisationType
from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import OrganisationFactory, member
from corridor.people.tests.factories import actor, bearer
from corridor.support import catalogue, groups
from corridor.support.queries import ServiceFilters, group_list, group_summaries, service_list
from corridor.support.tests.factories import group_of, offer, organisation_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def services(partner, other_partner):
    """Four services: legal aid (ru, uz) and housing (ru, tg) of the partner, psychosocial help
    (ru, uz) of the diaspora association, and a closed housing programme of the partner."""
    closed = offer(partner, "housing", name="Закрытая программа", languages=["ru"])
    catalogue.update_service(actor=actor(partner), service=closed, values={"is_active": False})
    return {
        "legal_aid": offer(partner, "legal_aid"),
        "housing": offer(partner, "housing", name="Общежитие", languages=["ru", "tg"]),
        "psychosocial": offer(other_partner, "psychosocial", name="Психолог"),
        "closed": closed,
    }


def names(queryset):
    return sorted(service.name for service in queryset)


def test_the_catalogue_filters_by_category_organisation_language_and_region(
    caseworker, partner, services
):
    assert names(service_list(caseworker, ServiceFilters())) == [
        "Консультации юриста",
        "Общежитие",
        "Психолог",
    ]
    assert names(service_list(caseworker, ServiceFilters(category="housing"))) == ["Общежитие"]
    assert names(
        service_list(caseworker, ServiceFilters(category="housing", include_inactive=True))
    ) == ["Закрытая программа", "Общежитие"]
    mine = ServiceFilters(organisation=organisation_of(partner).pk)
    assert names(service_list(caseworker, mine)) == ["Консультации юриста", "Общежитие"]
    assert names(service_list(caseworker, ServiceFilters(language="TG"))) == ["Общежитие"]
    assert names(service_list(caseworker, ServiceFilters(region="ru-mow"))) == [
        "Консультации юриста",
        "Общежитие",
        "Психолог",
    ]
    assert names(service_list(caseworker, ServiceFilters(region="RU-SPE"))) == []


def test_the_catalogue_is_empty_for_a_user_who_may_not_read_it(services):
    employer = member(Role.EMPLOYER, OrganisationFactory.create(type=OrganisationType.EMPLOYER))

    assert list(service_list(employer, ServiceFilters(include_inactive=True))) == []


def test_the_page_and_the_api_list_the_same_services_for_the_same_filters(caseworker, services):
    client = Client(headers={"accept-language": "en"})
    api = client.get(
        "/api/v1/support/services",
        {"category": "housing", "include_inactive": "true"},
        headers=bearer(caseworker),
    ).json()
    client.force_login(caseworker)
    page = client.get("/support/services/", {"category": "housing", "include_inactive": "on"})

    listed = [item["name"] for item in api["items"]]
    assert listed == ["Закрытая программа", "Общежитие"]
    text = page.content.decode()
    assert all(name in text for name in listed)
    assert services["legal_aid"].name not in text


def test_groups_are_those_of_the_users_organisations_with_members_and_counts(
    caseworker, outsider, worker
):
    group = group_of(caseworker, facilitator=caseworker)
    group_of(outsider, name="Ҷамъияти муҳоҷирон — Хуҷанд", country="TJ", region=None)
    groups.add_member(actor=actor(caseworker), group=group, worker=worker)

    listed = list(group_list(caseworker))
    summaries = list(group_summaries(caseworker))

    assert [item.pk for item in listed] == [group.pk]
    assert [member.worker_id for member in listed[0].members.all()] == [worker.pk]
    # member_count and meeting_count are queryset annotations, which the Django stubs cannot see.
    counts = [(item.pk, item.member_count, item.meeting_count) for item in summaries]  # type: ignore[attr-defined]
    assert counts == [(group.pk, 1, 0)]
