"""Overdue complaints reach their handler (or, with none, the office's complaint handlers)
on the Reminders page and by e-mail, once per complaint and day; nobody else sees them."""

import datetime

import pytest
from django.core import mail
from django.test import Client

from corridor.accounts.models import Notification, NotificationKind
from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import member
from corridor.core.models import JobOutcome, JobRun
from corridor.grievances import services
from corridor.grievances.models import Complaint
from corridor.grievances.tasks import remind_overdue_complaints
from corridor.grievances.tests.factories import complaint, handler, handler_actor, office_of

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def late_complaint(office):
    filed = complaint(office, category="abuse")
    Complaint.objects.filter(pk=filed.pk).update(due_on=TODAY - datetime.timedelta(days=2))
    return Complaint.objects.get(pk=filed.pk)


def test_the_assigned_handler_alone_is_notified_and_emailed_once():
    manager = handler()
    office = office_of(manager)
    colleague = member(Role.MANAGER, office)
    filed = late_complaint(office)
    services.assign_complaint(actor=handler_actor(manager), complaint=filed, handler=manager)

    first = remind_overdue_complaints.call()
    again = remind_overdue_complaints.call()

    assert (first, again) == (1, 0)
    note = Notification.objects.get()
    assert (note.recipient, note.kind, note.link) == (
        manager,
        NotificationKind.COMPLAINT_OVERDUE,
        filed.get_absolute_url(),
    )
    assert filed.tracking_code in note.subject
    assert not Notification.objects.filter(recipient=colleague).exists()
    assert [m.to for m in mail.outbox] == [[manager.email]]
    runs = JobRun.objects.filter(job="complaint_reminders").order_by("id")
    assert [(r.outcome, r.counts) for r in runs] == [
        (JobOutcome.SUCCEEDED, {"reminders": 1, "notifications": 1, "emails": 1}),
        (JobOutcome.SUCCEEDED, {"reminders": 0, "notifications": 0, "emails": 0}),
    ]


def test_an_unassigned_complaint_reaches_every_handler_of_the_office():
    manager = handler()
    office = office_of(manager)
    admin = member(Role.ADMIN, office)
    member(Role.CASEWORKER, office)  # caseworkers do not handle complaints
    late_complaint(office)

    remind_overdue_complaints.call()

    assert set(Notification.objects.values_list("recipient", flat=True)) == {manager.pk, admin.pk}
    assert len(mail.outbox) == 2


def test_another_offices_handler_sees_none_and_gets_404():
    manager = handler()
    late_complaint(office_of(manager))
    remind_overdue_complaints.call()
    note = Notification.objects.get()
    stranger = handler()
    client = Client(headers={"accept-language": "en"})
    client.force_login(stranger)

    listing = client.get("/accounts/reminders/")
    page = client.get(note.get_absolute_url())

    assert note.subject not in listing.content.decode()
    assert page.status_code == 404
    note.refresh_from_db()
    assert note.read_at is None
