"""Documents about to expire: the worker's centre staff are warned on their Reminders page and
by e-mail, once per document and expiry date; other centres and the worker are not."""

import datetime

import pytest
from django.core import mail

from corridor.accounts.models import Notification, NotificationKind, User
from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import member
from corridor.core.models import JobOutcome, JobRun
from corridor.people.models import Document
from corridor.people.tasks import warn_of_expiring_documents
from corridor.people.tests.factories import add_document

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def days(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def centre(caseworker):
    return caseworker.active_memberships[0].organisation


def test_the_centre_staff_are_warned_once_of_a_document_expiring_within_the_window(
    caseworker, centre, outsider, worker, settings
):
    assert settings.DOCUMENT_EXPIRY_WARNING_DAYS == 30
    User.objects.filter(pk=caseworker.pk).update(language="en")  # the message in their language
    manager = member(Role.MANAGER, centre)
    own_login = member(Role.WORKER, centre)  # workers are not written to here
    passport = add_document(caseworker, worker, expiry_date=days(20))
    add_document(caseworker, worker, type="work_patent", number="P1", expiry_date=days(45))
    add_document(caseworker, worker, type="migration_card", number="M1", expiry_date=days(-1))

    first = warn_of_expiring_documents.call()
    again = warn_of_expiring_documents.call()

    assert first == {"notifications": 2, "emails": 2}
    assert again == {"notifications": 0, "emails": 0}
    notes = Notification.objects.all()
    assert {n.recipient for n in notes} == {caseworker, manager}
    assert {(n.kind, n.link) for n in notes} == {
        (NotificationKind.DOCUMENT_EXPIRING, worker.get_absolute_url())
    }
    in_english = notes.get(recipient=caseworker).subject
    assert in_english == f"passport of {worker.reference} expires on {days(20).isoformat()}"
    assert not Notification.objects.filter(recipient__in=[outsider, own_login]).exists()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([caseworker.email, manager.email])
    runs = JobRun.objects.filter(job="document_expiry").order_by("id")
    assert [(r.outcome, r.counts) for r in runs] == [
        (JobOutcome.SUCCEEDED, first),
        (JobOutcome.SUCCEEDED, again),
    ]
    assert passport.pk in set(Document.objects.expiring(today=TODAY).values_list("pk", flat=True))


def test_a_renewed_document_entering_the_window_again_is_warned_again(caseworker, worker):
    passport = add_document(caseworker, worker, expiry_date=days(10))
    warn_of_expiring_documents.call()
    Document.objects.filter(pk=passport.pk).update(expiry_date=days(25))

    assert warn_of_expiring_documents.call()["notifications"] == 1
    assert Notification.objects.filter(recipient=caseworker).count() == 2
