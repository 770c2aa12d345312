"""The support API's lists run a fixed number of queries, however many rows they return."""

import pytest

from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import member
from corridor.people.tests.factories import actor, bearer, register
from corridor.support import groups
from corridor.support.tests.factories import (
    consenting_worker,
    days_ago,
    group_of,
    offer,
    organisation_of,
    refer,
)

pytestmark = pytest.mark.django_db

# token (with its user), memberships, count, rows, countries, regions, languages
SERVICE_LIST_QUERIES = 7
# token, memberships, count, rows, steps
SENT_LIST_QUERIES = 5
# token, memberships, count, rows (with worker, service, grant and newest referral consent),
# workers' languages, languages
RECEIVED_LIST_QUERIES = 6
# token, memberships, count, rows, members (with their workers)
GROUP_LIST_QUERIES = 5


def _measured(client, user, path):
    headers = bearer(user)
    client.get(path, headers=headers)  # the first use of a token records it
    return lambda: client.get(path, {"limit": 50}, headers=headers)


@pytest.mark.pins_queries("corridor_support_api_list_services")
@pytest.mark.parametrize("rows", [3, 10])
def test_api_service_list_query_count_does_not_grow(
    client, django_assert_num_queries, caseworker, partner, rows
):
    for number in range(rows):
        offer(partner, name=f"Консультации юриста {number}")
    get = _measured(client, caseworker, "/api/v1/support/services")

    with django_assert_num_queries(SERVICE_LIST_QUERIES):
        response = get()

    items = response.json()["items"]
    assert [item["languages"] for item in items] == [["ru", "uz"]] * rows


def _referrals(caseworker, service, rows):
    for _ in range(rows):
        refer(caseworker, consenting_worker(caseworker), service)


@pytest.mark.pins_queries("corridor_support_api_list_referrals")
@pytest.mark.parametrize("rows", [3, 10])
def test_api_sent_referral_list_query_count_does_not_grow(
    client, django_assert_num_queries, caseworker, legal_aid, rows
):
    _referrals(caseworker, legal_aid, rows)
    get = _measured(client, caseworker, "/api/v1/support/referrals")

    with django_assert_num_queries(SENT_LIST_QUERIES):
        response = get()

    assert [len(item["steps"]) for item in response.json()["items"]] == [1] * rows


@pytest.mark.pins_queries("corridor_support_api_list_received")
@pytest.mark.parametrize("rows", [3, 10])
def test_api_received_referral_list_query_count_does_not_grow(
    client, django_assert_num_queries, caseworker, partner, legal_aid, rows
):
    # Through a grant to the partner: the grant's validity comes with the rows.
    _referrals(caseworker, legal_aid, rows)
    get = _measured(client, partner, "/api/v1/support/referrals/received")

    with django_assert_num_queries(RECEIVED_LIST_QUERIES):
        response = get()

    items = response.json()["items"]
    assert [item["worker"]["phone"] for item in items] == ["+998901234567"] * rows


@pytest.mark.pins_queries("corridor_support_api_list_received")
@pytest.mark.parametrize("rows", [3, 10])
def test_api_received_list_of_the_own_centre_query_count_does_not_grow(
    client, django_assert_num_queries, caseworker, rows
):
    # A service of the worker's own centre: no grant, the worker's newest consent decides.
    colleague = member(Role.PARTNER, organisation_of(caseworker))
    _referrals(caseworker, offer(colleague), rows)
    get = _measured(client, colleague, "/api/v1/support/referrals/received")

    with django_assert_num_queries(RECEIVED_LIST_QUERIES):
        response = get()

    items = response.json()["items"]
    assert [item["worker"]["phone"] for item in items] == ["+998901234567"] * rows


@pytest.mark.pins_queries("corridor_support_api_list_groups")
@pytest.mark.parametrize("rows", [3, 10])
def test_api_group_list_query_count_does_not_grow(
    client, django_assert_num_queries, caseworker, rows
):
    members = [register(caseworker), register(caseworker)]
    for number in range(rows):
        group = group_of(caseworker, name=f"Семьи трудовых мигрантов {number}")
        for worker in members:
            groups.add_member(actor=actor(caseworker), group=group, worker=worker)
    get = _measured(client, caseworker, "/api/v1/support/groups")

    with django_assert_num_queries(GROUP_LIST_QUERIES):
        response = get()

    references = sorted(worker.reference for worker in members)
    assert [
        sorted(member["worker_reference"] for member in item["members"])
        for item in response.json()["items"]
    ] == [references] * rows


# token, memberships, the group, meetings, attendance
MEETING_LIST_QUERIES = 5


@pytest.mark.pins_queries("corridor_support_api_list_meetings")
@pytest.mark.parametrize("rows", [3, 10])
def test_api_meeting_list_query_count_does_not_grow(
    client, django_assert_num_queries, caseworker, rows
):
    group = group_of(caseworker)
    joined = groups.add_member(
        actor=actor(caseworker), group=group, worker=register(caseworker), joined_on=days_ago(30)
    )
    for number in range(rows):
        groups.record_meeting(
            actor=actor(caseworker),
            group=group,
            held_on=days_ago(number),
            topics="Права мигрантов",
            present=[joined.pk],
        )
    get = _measured(client, caseworker, f"/api/v1/support/groups/{group.pk}/meetings")

    with django_assert_num_queries(MEETING_LIST_QUERIES):
        response = get()

    assert [item["present"] for item in response.json()] == [[str(joined.pk)]] * rows
