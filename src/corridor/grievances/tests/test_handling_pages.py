"""The handlers' pages: only programme managers and administrators, only their office's
complaints, never a complaint against their own organisation."""

import datetime

import pytest

from corridor.accounts.models import Membership
from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import member
from corridor.core.models import AuditAction, AuditEvent
from corridor.grievances.models import Complaint, ComplaintMessage, ComplaintStatus
from corridor.grievances.tests.factories import (
    PHONE,
    WIFE,
    complaint,
    employer,
    handler,
    office_of,
    programme_office,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def state(filed):
    row = Complaint.objects.values("status", "assigned_to", "outcome", "updated_at").get(
        pk=filed.pk
    )
    return row, ComplaintMessage.objects.filter(complaint=filed).count()


def test_the_queue_lists_open_complaints_nearest_deadline_first_with_overdue_flags(
    client, django_assert_num_queries
):
    manager = handler()
    office = office_of(manager)
    late = complaint(office, category="retained_documents", description="Паспорт у бригадира.")
    Complaint.objects.filter(pk=late.pk).update(due_on=TODAY - datetime.timedelta(days=2))
    recent = complaint(office, category="housing")
    done = complaint(office, category="other")
    Complaint.objects.filter(pk=done.pk).update(status=ComplaintStatus.CLOSED)
    client.force_login(manager)
    client.get("/complaints/")  # warm the session and the user's memberships

    # Six: a programme manager's session also loads the second-factor device that verified
    # it (django-otp checks it still exists on every request).
    with django_assert_num_queries(6):
        response = client.get("/complaints/")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.index(late.tracking_code) < html.index(recent.tracking_code)
    assert done.tracking_code not in html
    assert html.count('<span class="badge bad">overdue</span>') == 1
    everything = client.get("/complaints/", {"status": ""}).content.decode()
    assert done.tracking_code in everything
    overdue_only = client.get("/complaints/", {"status": "open", "overdue": "on"}).content.decode()
    assert late.tracking_code in overdue_only and recent.tracking_code not in overdue_only
    a_page_link = client.get("/complaints/", {"page": "1"}).content.decode()
    assert done.tracking_code not in a_page_link


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.PARTNER, Role.EMPLOYER, Role.RECRUITER])
def test_other_roles_get_403_on_every_handling_page_and_nothing_changes(client, role):
    office = programme_office()
    filed = complaint(office)
    before = state(filed)
    client.force_login(member(role, office))

    answers = [
        client.get("/complaints/").status_code,
        client.get(f"/complaints/{filed.pk}/").status_code,
        client.post(f"/complaints/{filed.pk}/status/", {"status": "in_review"}).status_code,
        client.post(f"/complaints/{filed.pk}/assign/", {"handler": ""}).status_code,
        client.post(
            f"/complaints/{filed.pk}/messages/", {"kind": "to_complainant", "text": "Hi"}
        ).status_code,
    ]

    assert answers == [403] * 5
    assert state(filed) == before


def test_a_handler_of_another_office_gets_404_and_nothing_changes(client):
    filed = complaint(programme_office())
    before = state(filed)
    client.force_login(handler())

    answers = [
        client.get(f"/complaints/{filed.pk}/").status_code,
        client.post(f"/complaints/{filed.pk}/status/", {"status": "in_review"}).status_code,
        client.post(
            f"/complaints/{filed.pk}/messages/", {"kind": "to_complainant", "text": "Hi"}
        ).status_code,
    ]

    assert answers == [404, 404, 404]
    assert state(filed) == before
    assert filed.tracking_code not in client.get("/complaints/").content.decode()


def test_the_organisation_complained_against_never_sees_the_complaint(client):
    manager = handler()
    office = office_of(manager)
    company_user = employer()
    company = office_of(company_user)
    filed = complaint(office, against=company)
    # Someone who handles complaints at the office and also belongs to the employer.
    insider = handler(office)
    Membership.objects.create(user=insider, organisation=company, role=Role.EMPLOYER)

    client.force_login(company_user)
    employer_answers = [
        client.get("/complaints/").status_code,
        client.get(f"/complaints/{filed.pk}/").status_code,
    ]
    client.force_login(insider)
    insider_detail = client.get(f"/complaints/{filed.pk}/").status_code
    insider_list = client.get("/complaints/", {"status": ""}).content.decode()

    assert employer_answers == [403, 403]
    assert insider_detail == 404
    assert filed.tracking_code not in insider_list
    assert Complaint.objects.for_user(company_user).count() == 0


def test_a_handler_assigns_moves_and_tells_the_complainant(client):
    manager = handler()
    colleague = handler(office_of(manager))
    filed = complaint(office_of(manager))
    client.force_login(manager)

    assigned = client.post(f"/complaints/{filed.pk}/assign/", {"handler": colleague.pk})
    moved = client.post(
        f"/complaints/{filed.pk}/status/",
        {
            "status": "resolved",
            "outcome": "wages_paid",
            "resolution": "Employer paid February and March.",
            "message": "The employer has paid both months. Tell us if anything is missing.",
        },
    )
    noted = client.post(
        f"/complaints/{filed.pk}/messages/", {"kind": "internal_note", "text": "Paid by transfer."}
    )

    assert [assigned.status_code, moved.status_code, noted.status_code] == [302, 302, 302]
    filed.refresh_from_db()
    assert (filed.assigned_to, filed.status, filed.outcome) == (
        colleague,
        "resolved",
        "wages_paid",
    )
    assert filed.resolved_at is not None
    assert list(filed.messages.values_list("kind", "text")) == [
        ("to_complainant", "The employer has paid both months. Tell us if anything is missing."),
        ("internal_note", "Paid by transfer."),
    ]
    assert list(filed.steps.values_list("from_status", "to_status")) == [
        ("", "received"),
        ("received", "resolved"),
    ]
    audited = AuditEvent.objects.filter(
        actor=manager, object_type__startswith="grievances."
    ).values_list("action", "object_type")
    assert sorted(audited) == [
        ("create", "grievances.complaintmessage"),
        ("create", "grievances.complaintmessage"),
        ("update", "grievances.complaint"),
        ("update", "grievances.complaint"),
    ]


def test_rejecting_without_a_reason_re_renders_with_422(client):
    manager = handler()
    filed = complaint(office_of(manager))
    client.force_login(manager)

    response = client.post(f"/complaints/{filed.pk}/status/", {"status": "rejected"})

    assert response.status_code == 422
    assert "Say why the complaint is rejected." in response.content.decode()
    filed.refresh_from_db()
    assert filed.status == "received"


def test_a_handler_cannot_assign_someone_who_may_not_handle_it(client):
    manager = handler()
    caseworker = member(Role.CASEWORKER, office_of(manager))
    filed = complaint(office_of(manager))
    client.force_login(manager)

    response = client.post(f"/complaints/{filed.pk}/assign/", {"handler": caseworker.pk})

    assert response.status_code == 422
    filed.refresh_from_db()
    assert filed.assigned_to is None


def test_reading_a_complaint_is_audited(client):
    manager = handler()
    filed = complaint(office_of(manager))
    client.force_login(manager)

    client.get(f"/complaints/{filed.pk}/")

    event = AuditEvent.objects.get(action=AuditAction.VIEW)
    assert (event.actor, event.object_id, event.changes) == (
        manager,
        str(filed.pk),
        {"part": "complaint"},
    )


def test_a_confidential_complainant_is_hidden_from_a_handler_without_the_permission(client):
    manager = handler()
    admin = handler(office_of(manager), role=Role.ADMIN)
    filed = complaint(office_of(manager), confidentiality="confidential")

    client.force_login(manager)
    managers_detail = client.get(f"/complaints/{filed.pk}/").content.decode()
    managers_list = client.get("/complaints/").content.decode()
    client.force_login(admin)
    admins_detail = client.get(f"/complaints/{filed.pk}/").content.decode()
    admins_list = client.get("/complaints/").content.decode()

    for page in (managers_detail, managers_list):
        assert WIFE not in page and PHONE not in page
        assert "<td>confidential</td>" in page or "<p>confidential</p>" in page
    for page in (admins_detail, admins_list):
        assert WIFE in page
    assert PHONE in admins_detail


def test_an_anonymous_complaint_shows_anonymous_to_everyone(client):
    admin = handler(role=Role.ADMIN)
    filed = complaint(office_of(admin), confidentiality="anonymous")
    client.force_login(admin)

    page = client.get(f"/complaints/{filed.pk}/").content.decode()

    assert "<p>anonymous</p>" in page
    assert WIFE not in page
