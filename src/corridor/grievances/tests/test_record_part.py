"""Complaints count on the record of the recruiter or employer they are against, without ever
saying who complained."""

import pytest
from django.utils import translation

from corridor.accounts.tests.factories import OrganisationFactory
from corridor.grievances import services
from corridor.grievances.queries import complaint_record_rows
from corridor.grievances.tests.factories import (
    PHONE,
    WIFE,
    complaint,
    handler,
    handler_actor,
    office_of,
)
from corridor.recruitment.records import record_rows
from corridor.recruitment.tests.factories import recruiter_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency_with_complaints():
    manager = handler()
    office, actor = office_of(manager), handler_actor(manager)
    agency_user = recruiter_user()
    agency = office_of(agency_user)
    open_one = complaint(office, against=agency, category="recruitment_fees")
    upheld = complaint(office, against=agency, category="recruitment_fees")
    unfounded = complaint(office, against=agency, category="other")
    complaint(
        office, against=OrganisationFactory.create(type="recruiter", name="Pamir Labour Partners")
    )
    services.change_status(actor=actor, complaint=open_one, status="investigating")
    services.change_status(
        actor=actor, complaint=upheld, status="resolved", outcome="refund_obtained"
    )
    services.change_status(
        actor=actor, complaint=unfounded, status="resolved", outcome="no_violation_found"
    )
    return agency, agency_user


def test_the_record_counts_complaints_open_and_upheld(agency_with_complaints):
    agency, _ = agency_with_complaints

    with translation.override("en"):
        rows = complaint_record_rows(agency)

    assert [(label, value, is_bad) for label, value, is_bad in rows] == [
        ("Complaints", 3, False),
        ("Open complaints", 1, True),
        ("Upheld complaints", 1, True),
    ]


def test_the_part_is_registered_on_the_recruitment_record(agency_with_complaints):
    agency, _ = agency_with_complaints

    assert complaint_record_rows(agency)[0] in record_rows(agency)


def test_an_organisation_without_complaints_shows_zeros_and_nothing_bad():
    agency = office_of(recruiter_user())

    assert [(value, is_bad) for _, value, is_bad in complaint_record_rows(agency)] == [
        (0, False),
        (0, False),
        (0, False),
    ]


def test_the_recruiter_sees_the_counts_on_its_record_but_not_who_complained(
    client, agency_with_complaints
):
    agency, agency_user = agency_with_complaints
    client.force_login(agency_user)

    response = client.get(f"/recruitment/organisations/{agency.pk}/record/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<th>Open complaints</th><td>1" in html
    assert WIFE not in html and PHONE not in html
    assert "Два месяца не платят" not in html
