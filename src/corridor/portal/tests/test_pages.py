"""The worker's own pages: each shows only the signed-in worker's record, in the first
person, and each read is audited once."""

import datetime
import json
from decimal import Decimal

import pytest
from django.contrib.staticfiles import finders

from corridor.accounts.tests.factories import member
from corridor.core.models import AuditAction, AuditEvent
from corridor.grievances.models import Complaint
from corridor.people.services import record_view
from corridor.people.tests.factories import actor, register, share
from corridor.portal.tests.factories import english, with_login
from corridor.recruitment import fees, pipeline
from corridor.recruitment.models import Application, VacancyInterest
from corridor.recruitment.tests.factories import (
    employer_user,
    job_ready_worker,
    organisation_of,
    programme_office_user,
    recruiter_user,
    vacancy,
)

pytestmark = pytest.mark.django_db

PAGES = [
    "/my/",
    "/my/jobs/",
    "/my/applications/",
    "/my/payments/",
    "/my/certificates/",
    "/my/data/",
    "/my/settings/",
]


def views_of(worker) -> int:
    return AuditEvent.objects.filter(worker_id=worker.pk, action=AuditAction.VIEW).count()


@pytest.mark.parametrize("path", PAGES)
def test_each_page_shows_the_own_record_and_is_audited(path):
    caseworker = member()
    worker = register(caseworker, given_name="Dilnoza", phone="+998901234567")
    login = with_login(worker)
    before = views_of(worker)

    page = english(login).get(path)

    assert page.status_code == 200
    assert views_of(worker) == before + 1


@pytest.mark.parametrize("path", PAGES)
def test_a_user_without_a_record_gets_404(path):
    assert english(member()).get(path).status_code == 404


def test_home_names_the_stage_and_what_the_next_one_still_needs():
    caseworker = member()
    worker = register(caseworker, given_name="Dilnoza")
    page = english(with_login(worker)).get("/my/")
    text = page.content.decode()

    assert "Hello, Dilnoza" in text
    assert 'data-stage="registered"' in text
    # registered -> profiled needs a recorded profile (the stage rules kept as data).
    assert (
        "<strong>profiled</strong>:\n  still needed: languages and an occupation or skills "
        "recorded</p>" in text
    )


def test_interest_is_recorded_once_seen_by_the_centre_and_taken_back():
    caseworker, employer = member(), employer_user()
    job = vacancy(employer)
    worker = job_ready_worker(caseworker)
    client = english(with_login(worker))

    jobs = client.get("/my/jobs/").content.decode()
    assert f'id="vacancy-{job.pk}"' in jobs

    first = client.post(f"/my/jobs/{job.pk}/interest/")
    again = client.post(f"/my/jobs/{job.pk}/interest/")

    assert (first.status_code, again.status_code) == (302, 302)
    assert VacancyInterest.objects.filter(worker=worker, vacancy=job).count() == 1
    assert (
        AuditEvent.objects.filter(
            object_type="recruitment.vacancyinterest", action="create"
        ).count()
        == 1
    )
    centre_page = english(caseworker).get(f"/recruitment/vacancies/{job.pk}/").content.decode()
    assert "The worker is interested" in centre_page

    client.post(f"/my/jobs/{job.pk}/interest/", {"withdraw": "1"})
    assert not VacancyInterest.objects.filter(worker=worker).exists()


def test_interest_without_matching_consent_is_refused_with_a_message():
    caseworker, employer = member(), employer_user()
    job = vacancy(employer)
    worker = job_ready_worker(caseworker, consent=False)

    answer = english(with_login(worker)).post(f"/my/jobs/{job.pk}/interest/", follow=True)

    assert answer.redirect_chain == [("/my/jobs/", 302)]
    assert "Give your consent to matching first" in answer.content.decode()
    assert not VacancyInterest.objects.exists()


def _offered(caseworker, employer, recruiter):
    job = vacancy(employer, recruiter=organisation_of(recruiter))
    worker = job_ready_worker(caseworker)
    application = pipeline.create_application(actor=actor(caseworker), worker=worker, vacancy=job)
    pipeline.move_application(
        actor=actor(caseworker), application=application, status="shortlisted"
    )
    pipeline.make_offer(
        actor=actor(employer),
        application=application,
        wage_rub=Decimal(95000),
        hours_per_week=40,
        housing="free",
    )
    return worker, application


def test_the_worker_accepts_an_offer_made_to_them():
    caseworker, employer, recruiter = member(), employer_user(), recruiter_user()
    worker, application = _offered(caseworker, employer, recruiter)
    client = english(with_login(worker))

    page = client.get("/my/applications/").content.decode()
    assert "I accept" in page and "95" in page

    answer = client.post(f"/my/applications/{application.pk}/answer/", {"accept": "yes"})

    assert answer.status_code == 302
    application.refresh_from_db()
    assert application.status == "accepted"
    assert application.steps.order_by("-at").first().by == worker.user


def test_the_worker_declines_with_a_reason_and_the_application_ends():
    caseworker, employer, recruiter = member(), employer_user(), recruiter_user()
    worker, application = _offered(caseworker, employer, recruiter)

    english(with_login(worker)).post(
        f"/my/applications/{application.pk}/answer/", {"accept": "no", "reason": "Too far"}
    )

    application.refresh_from_db()
    assert (application.status, application.end_reason) == ("withdrawn", "Too far")


def test_another_workers_offer_answers_404_and_nothing_changes():
    caseworker, employer, recruiter = member(), employer_user(), recruiter_user()
    _worker, application = _offered(caseworker, employer, recruiter)
    other = register(caseworker, given_name="Other")

    answer = english(with_login(other)).post(
        f"/my/applications/{application.pk}/answer/", {"accept": "yes"}
    )

    assert answer.status_code == 404
    assert Application.objects.get(pk=application.pk).status == "offered"


def test_answering_twice_is_refused_with_the_reason():
    caseworker, employer, recruiter = member(), employer_user(), recruiter_user()
    worker, application = _offered(caseworker, employer, recruiter)
    client = english(with_login(worker))
    client.post(f"/my/applications/{application.pk}/answer/", {"accept": "yes"})

    again = client.post(f"/my/applications/{application.pk}/answer/", {"accept": "no"})

    assert again.status_code == 422
    assert "There is no open offer on this application." in again.content.decode()
    assert Application.objects.get(pk=application.pk).status == "accepted"


def test_a_flagged_fee_is_explained_and_reported_as_a_complaint_against_the_recruiter():
    programme_office_user()  # complaints are handled by the programme office
    caseworker, recruiter = member(), recruiter_user()
    worker = register(caseworker, phone="+998901234567")
    payment = fees.record_payment(
        actor=actor(caseworker),
        worker=worker,
        payee_type="recruiter",
        purpose="recruitment_service",
        amount=Decimal(3000000),
        currency="UZS",
        rate_to_rub=Decimal("0.0075"),
        paid_on=datetime.date(2026, 11, 2),
        payee_organisation=organisation_of(recruiter),
    )
    client = english(with_login(worker))

    ledger = client.get("/my/payments/").content.decode()
    assert "The employer should have paid this" in ledger

    answer = client.post(
        f"/my/payments/{payment.pk}/report/",
        {"description": "They said no job without it.", "confidentiality": "confidential"},
    )

    complaint = Complaint.objects.get()
    assert answer.status_code == 302
    assert (complaint.category, complaint.against_organisation, complaint.worker) == (
        "recruitment_fees",
        organisation_of(recruiter),
        worker,
    )
    assert complaint.description.endswith("They said no job without it.")
    assert "3000000" in complaint.description


def test_another_workers_payment_answers_404():
    caseworker = member()
    worker = register(caseworker)
    payment = fees.record_payment(
        actor=actor(caseworker),
        worker=worker,
        payee_type="medical",
        purpose="medical",
        amount=Decimal(500),
        currency="RUB",
        paid_on=datetime.date(2026, 11, 2),
    )
    other = register(caseworker, given_name="Other")

    answer = english(with_login(other)).post(
        f"/my/payments/{payment.pk}/report/", {"description": "x", "confidentiality": "normal"}
    )

    assert answer.status_code == 404
    assert not Complaint.objects.exists()


def test_who_used_my_data_is_one_line_per_organisation_and_purpose():
    caseworker, employer = member(), employer_user()
    worker = register(caseworker)
    login = with_login(worker)
    share(caseworker, worker, organisation_of(employer))
    for _ in range(3):
        record_view(actor=actor(caseworker), worker=worker)
    record_view(actor=actor(employer), worker=worker)
    record_view(actor=actor(login), worker=worker)  # the worker's own: not listed

    page = english(login).get("/my/data/").content.decode()

    assert page.count('class="card data-use"') == 2
    assert "my centre, to run my case" in page
    assert "looked 3 times" in page
    assert "job application" in page and "looked once" in page
    assert "still shared" in page


def test_contact_and_language_are_changed_audited_and_remembered():
    caseworker = member()
    worker = register(caseworker, phone="+998901234567", citizenship="UZ")
    login = with_login(worker)
    client = english(login)

    answer = client.post(
        "/my/settings/",
        {"phone": "90 765 43 21", "messenger_handle": "@dilnoza", "language": "uz"},
    )

    assert answer.status_code == 302
    worker.refresh_from_db()
    login.refresh_from_db()
    assert (worker.phone, worker.messenger_handle, login.language) == (
        "+998907654321",
        "@dilnoza",
        "uz",
    )
    assert answer.cookies["django_language"].value == "uz"
    change = AuditEvent.objects.filter(worker_id=worker.pk, action="update").latest("at")
    assert change.changes["phone"] == ["+998901234567", "+998907654321"]


def test_a_phone_that_is_not_a_number_is_refused_and_nothing_changes():
    caseworker = member()
    worker = register(caseworker, phone="+998901234567")
    answer = english(with_login(worker)).post(
        "/my/settings/", {"phone": "not a phone", "messenger_handle": "", "language": "en"}
    )

    assert answer.status_code == 422
    worker.refresh_from_db()
    assert worker.phone == "+998901234567"


def test_the_saved_language_is_used_on_a_new_device():
    caseworker = member()
    worker = register(caseworker)
    login = with_login(worker)
    login.language = "uz"
    login.save()
    client = english(login)  # a browser asking for English, without a language cookie

    page = client.get("/my/")

    assert page.headers["Content-Language"] == "uz"


def test_the_manifest_lets_the_site_be_added_to_the_home_screen():
    # A static file (served by whitenoise, before any session or database work).
    path = finders.find("web/manifest.webmanifest")
    assert isinstance(path, str)
    with open(path, encoding="utf-8") as file:
        manifest = json.load(file)
    page = english(member()).get("/my/", follow=True).content.decode()

    assert (manifest["start_url"], manifest["display"]) == ("/my/", "standalone")
    assert '<link rel="manifest" href="/static/web/manifest.webmanifest">' in page
