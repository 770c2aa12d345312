"""The public form: no login, any phone, identity kept only as the complainant chose."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from corridor.core.models import AuditAction, AuditEvent
from corridor.grievances.models import Complaint, ComplaintStatus
from corridor.grievances.tests.factories import PHONE, WIFE, programme_office

pytestmark = pytest.mark.django_db

URL = "/complaints/new/"


def form(**overrides):
    return {
        "complainant_relation": "family",
        "category": "unpaid_wages",
        "description": "Мужу два месяца не платят зарплату на складе.",
        "against_organisation": "",
        "against_name": "ООО «ЛогистикЦентр Подмосковье»",
        "confidentiality": "normal",
        "complainant_name": WIFE,
        "complainant_contact": PHONE,
        "website": "",
        **overrides,
    }


def test_a_family_member_files_without_logging_in_and_gets_a_tracking_code(client):
    office = programme_office()

    response = client.post(URL, form())

    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/complaints/track/{complaint.tracking_code}/"
    assert (complaint.organisation, complaint.channel, complaint.status) == (
        office,
        "public_form",
        ComplaintStatus.RECEIVED,
    )
    assert (complaint.complainant_relation, complaint.complainant_name) == ("family", WIFE)
    assert complaint.complainant_contact == PHONE
    assert complaint.against_name == "ООО «ЛогистикЦентр Подмосковье»"
    assert complaint.due_on == datetime.date.today() + datetime.timedelta(days=10)
    page = client.get(response["Location"])
    assert complaint.tracking_code in page.content.decode()
    assert "write it down" in page.content.decode()
    event = AuditEvent.objects.get(object_id=str(complaint.pk), action=AuditAction.CREATE)
    assert (event.action, event.channel) == (AuditAction.CREATE, "public")


def test_an_anonymous_complaint_stores_no_identity_anywhere(client):
    programme_office()

    client.post(URL, form(confidentiality="anonymous"), REMOTE_ADDR="198.51.100.4")

    complaint = Complaint.objects.get()
    assert complaint.confidentiality == "anonymous"
    assert (complaint.complainant_name, complaint.complainant_contact) == ("", "")
    assert (complaint.worker, complaint.filed_by) == (None, None)
    event = AuditEvent.objects.get(object_id=str(complaint.pk))
    assert (event.actor, event.actor_label, event.ip_address, event.worker_id) == (
        None,
        "",
        None,
        None,
    )
    assert WIFE not in str(event.changes) and PHONE not in str(event.changes)


def test_a_filled_in_honeypot_saves_nothing(client):
    programme_office()

    response = client.post(URL, form(website="http://cheap-pills.example"))

    assert response.status_code == 422
    assert Complaint.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_the_sixth_filing_in_an_hour_from_one_address_gets_429(client):
    programme_office()

    answers = [client.post(URL, form()).status_code for _ in range(6)]

    assert answers == [302, 302, 302, 302, 302, 429]
    assert Complaint.objects.count() == 5
    refused = client.post(URL, form())
    assert "Too many requests" in refused.content.decode()
    other_address = client.post(URL, form(), REMOTE_ADDR="198.51.100.77")
    assert other_address.status_code == 302


def test_the_limit_message_is_translated():
    programme_office()
    russian = Client(headers={"accept-language": "ru"})
    for _ in range(5):
        russian.post(URL, form())

    response = russian.post(URL, form())

    assert response.status_code == 429
    assert response.headers["Content-Language"] == "ru"


def test_the_form_keeps_csrf_protection():
    programme_office()
    strict = Client(enforce_csrf_checks=True)

    response = strict.post(URL, form())

    assert response.status_code == 403
    assert Complaint.objects.count() == 0


def test_the_form_is_one_column_with_a_hidden_honeypot_and_file_upload(client):
    response = client.get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in html
    assert 'enctype="multipart/form-data"' in html
    assert '<div hidden><label for="id_website">' in html
    assert 'name="attachments"' in html and "multiple" in html
    assert "style=" not in html  # the CSP forbids inline styles


@pytest.mark.parametrize("language", ["ru", "en", "uz", "tg", "ky"])
def test_the_form_answers_in_every_corridor_language(language):
    response = Client(headers={"accept-language": language}).get(URL)

    assert response.status_code == 200


def test_missing_description_re_renders_with_422_and_saves_nothing(client):
    programme_office()

    response = client.post(URL, form(description=""))

    assert response.status_code == 422
    assert "This field is required." in response.content.decode()
    assert Complaint.objects.count() == 0


def test_a_complaint_against_an_organisation_of_the_directory(client):
    from corridor.grievances.tests.factories import employer, office_of

    programme_office()
    against = office_of(employer())

    client.post(URL, form(against_organisation=str(against.pk), against_name="ignored"))

    complaint = Complaint.objects.get()
    assert (complaint.against_organisation, complaint.against_name) == (against, "")


def test_a_logged_in_worker_is_sent_to_their_own_form(client):
    from corridor.accounts.roles import Role
    from corridor.accounts.tests.factories import member
    from corridor.people.tests.factories import register

    caseworker = member()
    worker = register(caseworker)
    login = member(Role.WORKER, worker.organisation)
    worker.user = login
    worker.save(update_fields=["user"])
    client.force_login(login)

    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == reverse("grievances:mine_new")
