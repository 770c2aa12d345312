"""The complaints list runs a fixed number of queries, however many complaints there are."""

import pytest

from corridor.grievances import services
from corridor.grievances.tests.factories import (
    complaint,
    employer,
    handler,
    handler_actor,
    office_of,
    pdf,
)
from corridor.people.tests.factories import bearer

pytestmark = pytest.mark.django_db

# token (with its user), memberships, count, rows (with the organisation complained
# about), attachments
COMPLAINT_LIST_QUERIES = 5


@pytest.mark.pins_queries("corridor_grievances_api_list_complaints")
@pytest.mark.parametrize("rows", [3, 10])
def test_api_complaint_list_query_count_does_not_grow(client, django_assert_num_queries, rows):
    manager = handler()
    company = office_of(employer())
    for _ in range(rows):
        complaint(office_of(manager), against=company, uploads=[pdf()])
    headers = bearer(manager)
    client.get("/api/v1/complaints", headers=headers)  # the first use of a token records it

    with django_assert_num_queries(COMPLAINT_LIST_QUERIES):
        response = client.get("/api/v1/complaints", {"limit": 50}, headers=headers)

    items = response.json()["items"]
    assert [(item["attachments"], item["against_organisation"]["id"]) for item in items] == [
        (1, str(company.pk))
    ] * rows
    assert {item["complainant"]["name"] for item in items} == {"Гулнора Саидова"}


# token, memberships, the complaint, savepoint, audit entry, release, rows
MESSAGE_LIST_QUERIES = 7


@pytest.mark.pins_queries("corridor_grievances_api_list_messages")
@pytest.mark.parametrize("rows", [3, 10])
def test_api_message_list_query_count_does_not_grow(client, django_assert_num_queries, rows):
    manager = handler()
    filed = complaint(office_of(manager))
    for number in range(rows):
        services.post_message(
            actor=handler_actor(manager),
            complaint=filed,
            text=f"Сообщение {number}",
            to_complainant=number % 2 == 0,
        )
    headers = bearer(manager)
    client.get("/api/v1/complaints", headers=headers)

    with django_assert_num_queries(MESSAGE_LIST_QUERIES):
        response = client.get(f"/api/v1/complaints/{filed.pk}/messages", headers=headers)

    assert len(response.json()) == rows
