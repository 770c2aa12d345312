"""Overdue referrals reach people: the partner's staff who owe the answer and the sender get
a notification on their Reminders page and an e-mail, once a day; nobody else sees it."""

import datetime
from email.header import decode_header, make_header

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from corridor.accounts.models import Notification, NotificationKind, User
from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import member
from corridor.core.models import JobOutcome, JobRun
from corridor.support.models import Referral
from corridor.support.tasks import remind_overdue_referrals
from corridor.support.tests.factories import days_ago, organisation_of, refer

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue(caseworker, worker, legal_aid):
    referral = refer(caseworker, worker, legal_aid)
    Referral.objects.filter(pk=referral.pk).update(due_date=days_ago(3))
    return Referral.objects.get(pk=referral.pk)


def signed_in(user):
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


def test_the_partner_and_the_sender_are_notified_and_emailed_once(
    caseworker, partner, overdue, worker
):
    User.objects.filter(pk=partner.pk).update(language="en")  # the message in their language
    first = remind_overdue_referrals.call()
    again = remind_overdue_referrals.call()

    assert (first, again) == (1, 0)
    notes = {n.recipient: n for n in Notification.objects.all()}
    assert set(notes) == {caseworker, partner}
    assert notes[partner].link == overdue.get_partner_url()
    assert notes[caseworker].link == overdue.get_absolute_url()
    assert notes[partner].kind == NotificationKind.REFERRAL_OVERDUE
    assert notes[partner].subject == f"Referral of {worker.reference} is 3 days overdue"
    assert notes[partner].organisation == organisation_of(partner)
    assert notes[caseworker].organisation == organisation_of(caseworker)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([caseworker.email, partner.email])
    assert all(n.emailed_at is not None for n in notes.values())
    runs = JobRun.objects.filter(job="referral_reminders").order_by("id")
    assert [(r.outcome, r.counts) for r in runs] == [
        (JobOutcome.SUCCEEDED, {"reminders": 1, "notifications": 2, "emails": 2}),
        (JobOutcome.SUCCEEDED, {"reminders": 0, "notifications": 0, "emails": 0}),
    ]


def test_the_next_day_brings_a_new_reminder(caseworker, partner, overdue):
    remind_overdue_referrals.call()
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()

    assert remind_overdue_referrals.call(on=tomorrow) == 1
    assert Notification.objects.filter(recipient=partner).count() == 2
    assert len(mail.outbox) == 4


def test_every_partner_handler_and_the_senders_colleagues_are_told_when_the_sender_left(
    caseworker, partner, overdue
):
    colleague = member(Role.PARTNER, organisation_of(partner))
    manager = member(Role.MANAGER, overdue.organisation)
    caseworker.memberships.all().delete()

    remind_overdue_referrals.call()

    assert set(Notification.objects.values_list("recipient", flat=True)) == {
        partner.pk,
        colleague.pk,
        manager.pk,
    }


def test_the_recipient_sees_it_on_the_reminders_page_and_opening_marks_it_read(
    partner, overdue, worker
):
    User.objects.filter(pk=partner.pk).update(language="en")
    remind_overdue_referrals.call()
    note = Notification.objects.get(recipient=partner)
    client = signed_in(partner)

    listing = client.get(reverse("accounts:reminders"))
    page = client.get(note.get_absolute_url())

    assert listing.status_code == 200
    assert f"Referral of {worker.reference} is 3 days overdue" in listing.content.decode()
    assert page.status_code == 200
    assert overdue.get_partner_url() in page.content.decode()
    note.refresh_from_db()
    assert note.read_at is not None


def test_another_organisations_user_sees_none_and_gets_404(partner, outsider, overdue, worker):
    remind_overdue_referrals.call()
    note = Notification.objects.get(recipient=partner)
    client = signed_in(outsider)

    listing = client.get(reverse("accounts:reminders"))
    page = client.get(note.get_absolute_url())

    assert worker.reference not in listing.content.decode()
    assert "No reminders." in listing.content.decode()
    assert page.status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_the_email_goes_through_a_real_smtp_server(smtp_server, partner, caseworker, overdue):
    remind_overdue_referrals.call()

    received = sorted(smtp_server.messages, key=lambda m: m["To"])
    assert sorted(m["To"] for m in received) == sorted([caseworker.email, partner.email])
    note = Notification.objects.get(recipient=partner)
    by_partner = next(m for m in received if m["To"] == partner.email)
    assert str(make_header(decode_header(by_partner["Subject"]))) == note.subject
    body = by_partner.get_payload(decode=True).decode(by_partner.get_content_charset() or "utf-8")
    assert f"http://127.0.0.1:8000{note.get_absolute_url()}" in body


def test_an_email_the_server_refused_is_sent_by_the_next_run(settings, partner, overdue):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            # Nothing listens on port 9 (discard) on loopback: the connection is refused.
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }
    remind_overdue_referrals.call()
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 2

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    remind_overdue_referrals.call()

    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0
    assert len(mail.outbox) == 2
    runs = JobRun.objects.filter(job="referral_reminders").order_by("id")
    assert [r.counts["emails"] for r in runs] == [0, 2]
