"""The recruitment pages, through the test client, as each kind of user."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client

from corridor.accounts.models import EmployerStatus
from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import member
from corridor.core.models import AuditAction, AuditEvent
from corridor.people.models import AccessGrant, Worker
from corridor.people.tests.factories import actor, share
from corridor.recruitment import contracts, pipeline
from corridor.recruitment.models import (
    Application,
    ApplicationStatus,
    Contract,
    JobProfile,
    Payment,
    Vacancy,
)
from corridor.recruitment.tests.factories import (
    YANDEX_INN,
    employer_user,
    job_ready_worker,
    organisation_of,
    recruiter_user,
    vacancy,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture
def client():
    # English pages, so that assertions can read the words.
    return Client(headers={"accept-language": "en"})


def login(client, user):
    client.force_login(user)
    return client


def stage_of(worker):
    return Worker.objects.get(pk=worker.pk).stage


def vacancy_form(employer_org, **overrides):
    data = {
        "title": "Электрогазосварщик",
        "isco": "7212 Welders and flame cutters",
        "employer": str(employer_org.pk),
        "recruiter": "",
        "region": "RU-MOW",
        "address": "Москва, ул. Строителей, 5",
        "description": "",
        "places": "2",
        "wage_min": "90000",
        "wage_max": "120000",
        "hours_per_week": "40",
        "schedule": "full_time",
        "rotation_days_on": "",
        "rotation_days_off": "",
        "contract_months": "12",
        "start_date": (TODAY + datetime.timedelta(days=60)).isoformat(),
        "housing": "free",
        "housing_cost_rub": "0",
        "meals": "subsidised",
        "transport": "to_work",
        "min_experience_years": "2",
        "driving_licences": ["C"],
        "certificates": ["medical_certificate"],
        "min_age": "18",
        "open_to_foreign": "on",
        "status": "open",
        "lang-TOTAL_FORMS": "3",
        "lang-INITIAL_FORMS": "0",
        "lang-0-language": "ru",
        "lang-0-level": "A2",
        "lang-1-language": "",
        "lang-1-level": "",
        "lang-2-language": "",
        "lang-2-level": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def setting():
    """A caseworker with a job-ready worker, an employer with an open welding vacancy."""
    caseworker, employer = member(), employer_user()
    job = vacancy(employer)
    worker = job_ready_worker(caseworker)
    return caseworker, employer, job, worker


def put_forward(caseworker, job, worker):
    return pipeline.create_application(actor=actor(caseworker), worker=worker, vacancy=job)


def accepted_application(caseworker, employer, job, worker, wage=90000):
    application = put_forward(caseworker, job, worker)
    pipeline.move_application(
        actor=actor(caseworker), application=application, status="shortlisted"
    )
    pipeline.make_offer(
        actor=actor(employer),
        application=application,
        wage_rub=wage,
        hours_per_week=40,
        housing="free",
    )
    pipeline.move_application(actor=actor(caseworker), application=application, status="accepted")
    application.refresh_from_db()
    return application


# Every page opens for the right user ------------------------------------------------------


def test_every_page_opens_for_the_right_user(client, setting):
    caseworker, employer, job, worker = setting
    recruiter = recruiter_user()
    application = put_forward(caseworker, job, worker)
    employer_org, recruiter_org = organisation_of(employer), organisation_of(recruiter)

    login(client, caseworker)
    for url in [
        "/recruitment/vacancies/",
        f"/recruitment/vacancies/{job.pk}/",
        f"/recruitment/applications/{application.pk}/",
        f"/recruitment/workers/{worker.pk}/jobs/",
        f"/recruitment/organisations/{employer_org.pk}/record/",
        f"/recruitment/organisations/{recruiter_org.pk}/record/",
    ]:
        assert client.get(url).status_code == 200, url

    login(client, employer)
    for url in [
        "/recruitment/vacancies/",
        "/recruitment/vacancies/new/",
        f"/recruitment/vacancies/{job.pk}/",
        f"/recruitment/vacancies/{job.pk}/edit/",
        f"/recruitment/organisations/{employer_org.pk}/record/",
    ]:
        assert client.get(url).status_code == 200, url

    login(client, recruiter)
    assert client.get(f"/recruitment/organisations/{recruiter_org.pk}/record/").status_code == 200


def test_the_list_offers_a_new_vacancy_only_to_who_may_enter_one(client, setting):
    caseworker, employer, _job, _worker = setting

    assert login(client, employer).get("/recruitment/vacancies/").context["may_create"]
    assert not login(client, caseworker).get("/recruitment/vacancies/").context["may_create"]
    assert client.get("/recruitment/vacancies/new/").status_code == 403
    manager = member(Role.MANAGER)
    assert login(client, manager).get("/recruitment/vacancies/").context["may_create"]


# Entering vacancies -----------------------------------------------------------------------


def test_a_vacancy_entered_through_the_form_is_saved_audited_and_shown(client):
    employer = employer_user()
    login(client, employer)
    form = client.get("/recruitment/vacancies/new/").content.decode()
    assert 'hx-get="/workers/isco-options/"' in form
    assert '<datalist id="isco-options">' in form

    response = client.post("/recruitment/vacancies/new/", vacancy_form(organisation_of(employer)))

    job = Vacancy.objects.get()
    assert response.status_code == 302
    assert response.url == f"/recruitment/vacancies/{job.pk}/"
    assert (job.isco_id, job.region_id, job.wage_min, job.wage_max) == (
        "7212",
        "RU-MOW",
        Decimal(90000),
        Decimal(120000),
    )
    assert (job.employer, job.organisation, job.created_by) == (
        organisation_of(employer),
        organisation_of(employer),
        employer,
    )
    assert (job.driving_licences, job.certificates, job.min_age) == (
        ["C"],
        ["medical_certificate"],
        18,
    )
    assert job.language_needs == {"ru": 2}
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(job.pk))
    assert (event.actor, event.channel) == (employer, "web")
    page = client.get(response.url).content.decode()
    assert "Электрогазосварщик" in page
    assert "90,000–120,000" in page


def test_a_vacancy_without_a_code_has_its_title_coded(client):
    employer = employer_user()
    login(client, employer)

    response = client.post(
        "/recruitment/vacancies/new/",
        vacancy_form(organisation_of(employer), isco="", title="Сварщик"),
    )

    assert response.status_code == 302
    assert Vacancy.objects.get().isco_id.startswith("72")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"wage_min": "120000", "wage_max": "90000"}, "wage_max"),
        ({"region": "UZ-TO"}, "region"),
        ({"isco": "9999"}, "isco"),
        ({"isco": "12"}, "isco"),
        ({"min_age": "30"}, "min_age"),
        ({"lang-0-level": ""}, None),
    ],
)
def test_bad_input_shows_the_form_again_with_422_and_saves_nothing(client, overrides, field):
    employer = employer_user()
    login(client, employer)

    response = client.post(
        "/recruitment/vacancies/new/", vacancy_form(organisation_of(employer), **overrides)
    )

    assert response.status_code == 422
    assert not Vacancy.objects.exists()
    assert not AuditEvent.objects.filter(object_type="recruitment.vacancy").exists()
    if field:
        assert field in response.context["form"].errors
    else:
        assert any(row.errors for row in response.context["languages"])


def test_an_employer_cannot_enter_a_vacancy_for_another_employer(client):
    employer, other = employer_user(), employer_user(name="ООО «Другое»", inn=YANDEX_INN)
    login(client, employer)

    response = client.post("/recruitment/vacancies/new/", vacancy_form(organisation_of(other)))

    assert response.status_code == 422
    assert "employer" in response.context["form"].errors
    assert not Vacancy.objects.exists()


def test_a_vacancy_is_changed_through_the_edit_form(client, setting):
    _caseworker, employer, job, _worker = setting
    login(client, employer)

    response = client.post(
        f"/recruitment/vacancies/{job.pk}/edit/",
        vacancy_form(organisation_of(employer), wage_min="95000", **{"lang-0-level": "B1"}),
    )

    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.wage_min, job.language_needs) == (Decimal(95000), {"ru": 3})
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(job.pk))
    assert event.changes["wage_min"] == ["90000", "95000"]


def test_the_edit_form_is_refused_to_who_may_see_but_not_change_the_vacancy(client, setting):
    caseworker, _employer, job, _worker = setting

    assert login(client, caseworker).get(f"/recruitment/vacancies/{job.pk}/").status_code == 200
    assert client.get(f"/recruitment/vacancies/{job.pk}/edit/").status_code == 403


# The list ---------------------------------------------------------------------------------


def test_the_list_searches_and_filters(client):
    employer = employer_user()
    welder = vacancy(employer)
    cook = vacancy(employer, title="Повар", isco_code="5120", region="RU-SPE")
    closed = vacancy(employer, title="Сварщик аргоном", status="closed")
    login(client, employer)

    def found(**query):
        response = client.get("/recruitment/vacancies/", query)
        assert response.status_code == 200
        return {v.pk for v in response.context["page"]}

    assert found() == {welder.pk, cook.pk, closed.pk}
    assert found(q="повар") == {cook.pk}
    assert found(q="72") == {welder.pk, closed.pk}
    assert found(isco="512") == {cook.pk}
    assert found(status="open") == {welder.pk, cook.pk}
    assert found(region="RU-SPE") == {cook.pk}
    assert found(q="сварщик", status="closed") == {closed.pk}
    htmx = client.get("/recruitment/vacancies/", {"q": "повар"}, headers={"HX-Request": "true"})
    assert "<table" in htmx.content.decode()
    assert "<html" not in htmx.content.decode()


def test_the_list_shows_only_the_employers_own_vacancies(client):
    employer, other = employer_user(), employer_user(name="ООО «Другое»", inn=YANDEX_INN)
    own = vacancy(employer)
    vacancy(other, title="Сварщик у других")

    response = login(client, employer).get("/recruitment/vacancies/")

    assert [v.pk for v in response.context["page"]] == [own.pk]


# Matches ----------------------------------------------------------------------------------


def test_the_vacancy_page_shows_matches_with_their_explanation(client, setting):
    caseworker, _employer, job, worker = setting

    response = login(client, caseworker).get(f"/recruitment/vacancies/{job.pk}/")

    (match,) = response.context["matches"]
    assert match["worker"]["reference"] == worker.reference
    assert match["worker"]["initials"] == "А.Ш."
    assert match["percent"] == 99
    assert [f["label"] for f in match["factors"]][:2] == ["occupation", "experience"]
    page = response.content.decode()
    assert worker.reference in page
    assert "same occupation (7212)" in page
    assert "Put forward" in page
    # Matched workers show initials, never their names.
    assert worker.family_name not in page


def test_matches_are_not_shown_to_who_may_not_put_workers_forward(client, setting):
    _caseworker, _employer, job, worker = setting
    authority = member(Role.AUTHORITY)
    # A labour authority sees no vacancy of others: nothing to show at all.
    assert login(client, authority).get(f"/recruitment/vacancies/{job.pk}/").status_code == 404
    assert not Application.objects.filter(worker=worker).exists()


# The pipeline through the pages -----------------------------------------------------------


def test_put_forward_shortlist_offer_and_accept_through_the_pages(client, setting):
    caseworker, employer, job, worker = setting
    login(client, caseworker)

    response = client.post(f"/recruitment/vacancies/{job.pk}/put-forward/", {"worker": worker.pk})

    application = Application.objects.get()
    assert response.status_code == 302
    assert response.url == f"/recruitment/applications/{application.pk}/"
    assert (application.status, stage_of(worker)) == ("suggested", "job_ready")
    page = client.get(response.url)
    assert [value for value, _ in page.context["move_form"].fields["status"].choices] == [
        "shortlisted",
        "rejected",
        "withdrawn",
    ]
    assert page.context["offer_form"] is None

    response = client.post(
        f"/recruitment/applications/{application.pk}/move/", {"status": "shortlisted"}
    )
    assert response.status_code == 302
    assert stage_of(worker) == "matched"
    assert (
        AccessGrant.objects.active()
        .filter(worker=worker, organisation=organisation_of(employer))
        .exists()
    )

    login(client, employer)
    page = client.get(f"/recruitment/applications/{application.pk}/")
    assert page.status_code == 200
    assert page.context["offer_form"] is not None
    response = client.post(
        f"/recruitment/applications/{application.pk}/offer/",
        {"wage_rub": "95000", "hours_per_week": "40", "housing": "free", "housing_cost_rub": "0"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.offered_wage_rub) == ("offered", Decimal(95000))
    assert application.offered_contract_months == 12
    assert stage_of(worker) == "offered"

    login(client, caseworker)
    response = client.post(
        f"/recruitment/applications/{application.pk}/move/", {"status": "accepted"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "accepted"
    page = client.get(f"/recruitment/applications/{application.pk}/")
    assert [(s.from_status, s.to_status) for s in page.context["steps"]] == [
        ("", "suggested"),
        ("suggested", "shortlisted"),
        ("shortlisted", "offered"),
        ("offered", "accepted"),
    ]
    assert page.context["may_generate"]
    assert "Generate contract" in page.content.decode()


def test_a_worker_put_forward_twice_gets_a_message_not_a_second_application(client, setting):
    caseworker, _employer, job, worker = setting
    put_forward(caseworker, job, worker)
    login(client, caseworker)

    response = client.post(
        f"/recruitment/vacancies/{job.pk}/put-forward/", {"worker": worker.pk}, follow=True
    )

    assert response.redirect_chain == [(f"/recruitment/vacancies/{job.pk}/", 302)]
    assert "already applies" in response.content.decode()
    assert Application.objects.count() == 1


def test_bad_steps_show_the_page_again_with_422(client, setting):
    caseworker, _employer, job, worker = setting
    application = put_forward(caseworker, job, worker)
    login(client, caseworker)

    no_reason = client.post(
        f"/recruitment/applications/{application.pk}/move/", {"status": "rejected"}
    )
    skipping = client.post(
        f"/recruitment/applications/{application.pk}/move/", {"status": "employed"}
    )
    early_offer = client.post(
        f"/recruitment/applications/{application.pk}/offer/",
        {"wage_rub": "95000", "hours_per_week": "40", "housing": "free"},
    )

    assert (no_reason.status_code, skipping.status_code, early_offer.status_code) == (
        422,
        422,
        422,
    )
    assert "reason" in no_reason.context["move_form"].errors
    assert "status" in skipping.context["move_form"].errors
    assert early_offer.context["offer_form"].non_field_errors()
    application.refresh_from_db()
    assert application.status == "suggested"


def test_an_offer_below_the_wage_range_is_refused(client, setting):
    caseworker, employer, job, worker = setting
    application = put_forward(caseworker, job, worker)
    pipeline.move_application(
        actor=actor(caseworker), application=application, status="shortlisted"
    )
    login(client, employer)

    response = client.post(
        f"/recruitment/applications/{application.pk}/offer/",
        {"wage_rub": "50000", "hours_per_week": "40", "housing": "free"},
    )

    assert response.status_code == 422
    assert "wage_rub" in response.context["offer_form"].errors
    application.refresh_from_db()
    assert application.status == "shortlisted"


# Contracts --------------------------------------------------------------------------------


def test_contract_generated_downloaded_received_and_substitution_flagged(client, setting):
    caseworker, employer, job, worker = setting
    application = accepted_application(caseworker, employer, job, worker, wage=90000)
    login(client, employer)

    response = client.post(f"/recruitment/applications/{application.pk}/contract/")

    assert response.status_code == 302
    contract = Contract.objects.get()
    application.refresh_from_db()
    assert application.status == "contracted"
    page = client.get(f"/recruitment/applications/{application.pk}/")
    assert f"/recruitment/applications/{application.pk}/contract.pdf" in page.content.decode()
    # The employer may not confirm for the worker.
    assert not page.context["may_confirm"]
    assert (
        client.post(f"/recruitment/applications/{application.pk}/contract/received/").status_code
        == 403
    )

    download = client.get(f"/recruitment/applications/{application.pk}/contract.pdf")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    view = AuditEvent.objects.filter(action=AuditAction.VIEW, worker_id=worker.pk).latest("at")
    assert (view.actor, view.changes) == (employer, {"part": "contract"})

    login(client, caseworker)
    assert client.get(f"/recruitment/applications/{application.pk}/").context["may_confirm"]
    response = client.post(f"/recruitment/applications/{application.pk}/contract/received/")
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.received_at is not None

    login(client, employer)
    response = client.post(
        f"/recruitment/applications/{application.pk}/contract/arrival/",
        {
            "wage_rub": "70000",
            "hours_per_week": "40",
            "housing": "free",
            "housing_cost_rub": "0",
            "isco": "7212",
        },
    )
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.is_substituted
    page = client.get(f"/recruitment/applications/{application.pk}/").content.decode()
    assert "Contract substitution: wage 90,000 → 70,000" in page
    assert 'class="badge bad"' in page


def test_no_contract_no_download(client, setting):
    caseworker, _employer, job, worker = setting
    application = put_forward(caseworker, job, worker)
    login(client, caseworker)

    assert client.get(f"/recruitment/applications/{application.pk}/contract.pdf").status_code == 404
    response = client.post(f"/recruitment/applications/{application.pk}/contract/", follow=True)
    assert "accepted offer" in response.content.decode()
    assert not Contract.objects.exists()


# Scoping: who sees what -------------------------------------------------------------------


def test_an_employer_of_another_organisation_gets_404_and_changes_nothing(client, setting):
    caseworker, employer, job, worker = setting
    application = put_forward(caseworker, job, worker)
    pipeline.move_application(
        actor=actor(caseworker), application=application, status="shortlisted"
    )
    other = employer_user(name="ООО «Другое»", inn=YANDEX_INN)
    login(client, other)
    before = (
        Vacancy.objects.values("title", "wage_min", "status", "updated_at").get(pk=job.pk),
        Application.objects.values("status", "status_changed_at").get(pk=application.pk),
        AuditEvent.objects.count(),
    )

    assert client.get(f"/recruitment/vacancies/{job.pk}/").status_code == 404
    assert client.get(f"/recruitment/vacancies/{job.pk}/edit/").status_code == 404
    assert (
        client.post(
            f"/recruitment/vacancies/{job.pk}/edit/",
            vacancy_form(organisation_of(employer), title="Захвачено"),
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"/recruitment/vacancies/{job.pk}/put-forward/", {"worker": worker.pk}
        ).status_code
        == 404
    )
    assert client.get(f"/recruitment/applications/{application.pk}/").status_code == 404
    assert (
        client.post(
            f"/recruitment/applications/{application.pk}/move/",
            {"status": "rejected", "reason": "x"},
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"/recruitment/applications/{application.pk}/offer/",
            {"wage_rub": "95000", "hours_per_week": "40", "housing": "free"},
        ).status_code
        == 404
    )
    assert (
        client.get(f"/recruitment/organisations/{organisation_of(employer).pk}/record/").status_code
        == 404
    )
    assert client.get(f"/recruitment/workers/{worker.pk}/jobs/").status_code == 404

    after = (
        Vacancy.objects.values("title", "wage_min", "status", "updated_at").get(pk=job.pk),
        Application.objects.values("status", "status_changed_at").get(pk=application.pk),
        AuditEvent.objects.count(),
    )
    assert after == before


def test_a_donor_gets_403_or_404_on_every_page(client, setting):
    caseworker, employer, job, worker = setting
    application = accepted_application(caseworker, employer, job, worker)
    employer_org = organisation_of(employer)
    donor = member(role=Role.DONOR)
    login(client, donor)
    audit_before = AuditEvent.objects.count()

    gets = [
        "/recruitment/vacancies/",
        "/recruitment/vacancies/new/",
        f"/recruitment/vacancies/{job.pk}/",
        f"/recruitment/vacancies/{job.pk}/edit/",
        f"/recruitment/applications/{application.pk}/",
        f"/recruitment/applications/{application.pk}/contract.pdf",
        f"/recruitment/workers/{worker.pk}/jobs/",
        f"/recruitment/organisations/{employer_org.pk}/record/",
    ]
    posts = {
        "/recruitment/vacancies/new/": vacancy_form(employer_org),
        f"/recruitment/vacancies/{job.pk}/put-forward/": {"worker": worker.pk},
        f"/recruitment/applications/{application.pk}/move/": {
            "status": "withdrawn",
            "reason": "x",
        },
        f"/recruitment/applications/{application.pk}/contract/": {},
        f"/recruitment/workers/{worker.pk}/jobs/profile/": {"accepts_rotation": "on"},
        f"/recruitment/workers/{worker.pk}/jobs/payments/": {},
        f"/recruitment/organisations/{employer_org.pk}/record/status/": {
            "status": "blocked",
            "reason": "x",
        },
    }
    for url in gets:
        assert client.get(url).status_code in (403, 404), url
    for url, data in posts.items():
        assert client.post(url, data).status_code in (403, 404), url

    application.refresh_from_db()
    employer_org.refresh_from_db()
    assert application.status == "accepted"
    assert employer_org.employer_status == EmployerStatus.ACTIVE
    assert (Vacancy.objects.count(), Contract.objects.count(), Payment.objects.count()) == (1, 0, 0)
    assert AuditEvent.objects.count() == audit_before


def test_who_may_not_see_the_worker_gets_404_on_their_jobs_page(client, setting):
    _caseworker, employer, _job, worker = setting
    outsider = member(name="Another employment centre")

    for user in (outsider, employer):
        login(client, user)
        assert client.get(f"/recruitment/workers/{worker.pk}/jobs/").status_code == 404
        assert (
            client.post(
                f"/recruitment/workers/{worker.pk}/jobs/payments/",
                {"payee_type": "recruiter", "purpose": "medical", "amount": "10"},
            ).status_code
            == 404
        )
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW, worker_id=worker.pk).exists()
    assert not Payment.objects.exists()


# A worker's jobs page ---------------------------------------------------------------------


def test_the_jobs_page_is_audited_and_shows_the_best_vacancies(client, setting):
    caseworker, _employer, job, worker = setting

    response = login(client, caseworker).get(
        f"/recruitment/workers/{worker.pk}/jobs/", REMOTE_ADDR="198.51.100.4"
    )

    assert response.status_code == 200
    event = AuditEvent.objects.get(action=AuditAction.VIEW, worker_id=worker.pk)
    assert (event.actor, event.changes, event.ip_address) == (
        caseworker,
        {"part": "jobs"},
        "198.51.100.4",
    )
    assert [item["vacancy"]["id"] for item in response.context["best"]] == [job.pk]
    assert "same occupation (7212)" in response.content.decode()


def test_the_job_profile_is_saved_by_the_caseworker_and_read_only_for_others(client, setting):
    caseworker, employer, _job, worker = setting
    login(client, caseworker)

    response = client.post(
        f"/recruitment/workers/{worker.pk}/jobs/profile/",
        {
            "preferred_regions": ["RU-MOW", "RU-SPE"],
            "expected_wage_rub": "100000",
            "available_from": TODAY.isoformat(),
            "driving_licences": ["B", "C"],
            "accepts_rotation": "on",
        },
    )

    assert response.status_code == 302
    profile = JobProfile.objects.get(worker=worker)
    assert sorted(profile.preferred_regions.values_list("code", flat=True)) == ["RU-MOW", "RU-SPE"]
    assert (profile.expected_wage_rub, profile.driving_licences, profile.accepts_rotation) == (
        Decimal(100000),
        ["B", "C"],
        True,
    )
    bad = client.post(
        f"/recruitment/workers/{worker.pk}/jobs/profile/", {"preferred_regions": ["UZ-TO"]}
    )
    assert bad.status_code == 422
    assert "preferred_regions" in bad.context["profile_form"].errors

    share(caseworker, worker, organisation_of(employer))
    login(client, employer)
    # A grant shows the employer its own application, never the worker's whole job search
    # (people.access, Section.JOBS).
    page = client.get(f"/recruitment/workers/{worker.pk}/jobs/")
    assert page.status_code == 404
    assert (
        client.post(
            f"/recruitment/workers/{worker.pk}/jobs/profile/", {"accepts_rotation": ""}
        ).status_code
        == 404
    )
    profile.refresh_from_db()
    assert profile.accepts_rotation


def test_the_payments_form_records_a_fee_the_employer_should_have_paid_and_shows_the_share(
    client, setting
):
    caseworker, employer, job, worker = setting
    accepted_application(caseworker, employer, job, worker, wage=90000)
    login(client, caseworker)

    response = client.post(
        f"/recruitment/workers/{worker.pk}/jobs/payments/",
        {
            "payee_type": "recruiter",
            "payee_name": "Агент в Самарканде",
            "purpose": "recruitment_service",
            "amount": "1200000",
            "currency": "UZS",
            "rate_to_rub": "0.0075",
            "paid_on": (TODAY - datetime.timedelta(days=3)).isoformat(),
        },
    )

    assert response.status_code == 302
    payment = Payment.objects.get()
    assert (payment.should_employer_pay, payment.amount_rub) == (True, Decimal("9000.00"))
    page = client.get(f"/recruitment/workers/{worker.pk}/jobs/")
    assert page.context["cost_share"] == "10.0"
    content = page.content.decode()
    assert "employer should have paid" in content
    assert "10.0%" in content


def test_a_payment_in_another_currency_needs_its_rate(client, setting):
    caseworker, _employer, _job, worker = setting
    login(client, caseworker)

    response = client.post(
        f"/recruitment/workers/{worker.pk}/jobs/payments/",
        {
            "payee_type": "medical",
            "purpose": "medical",
            "amount": "300000",
            "currency": "UZS",
            "paid_on": TODAY.isoformat(),
        },
    )

    assert response.status_code == 422
    assert "rate_to_rub" in response.context["payment_form"].errors
    assert not Payment.objects.exists()
    page = client.get(f"/recruitment/workers/{worker.pk}/jobs/")
    assert page.context["cost_share"] is None  # no wage yet: "—"


# The record of recruiters and employers ---------------------------------------------------


def test_a_manager_blocks_an_employer_with_a_reason_and_its_vacancies_close(client, setting):
    _caseworker, employer, job, _worker = setting
    employer_org = organisation_of(employer)
    manager = member(Role.MANAGER)
    login(client, manager)
    url = f"/recruitment/organisations/{employer_org.pk}/record/status/"

    no_reason = client.post(url, {"status": "blocked", "reason": ""})
    assert no_reason.status_code == 422
    employer_org.refresh_from_db()
    assert employer_org.employer_status == "active"

    response = client.post(url, {"status": "blocked", "reason": "Wages unpaid for 3 months"})
    assert response.status_code == 302
    employer_org.refresh_from_db()
    job.refresh_from_db()
    assert (employer_org.employer_status, job.status) == ("blocked", "closed")

    login(client, employer)
    page = client.get(f"/recruitment/organisations/{employer_org.pk}/record/")
    assert page.status_code == 200
    assert page.context["status_form"] is None
    assert client.post(url, {"status": "active", "reason": "We paid"}).status_code == 403
    employer_org.refresh_from_db()
    assert employer_org.employer_status == "blocked"


def test_the_recruiter_record_counts_fees_charged_to_workers(client, setting):
    caseworker, _employer, _job, worker = setting
    recruiter = recruiter_user()
    recruiter_org = organisation_of(recruiter)
    login(client, caseworker)
    client.post(
        f"/recruitment/workers/{worker.pk}/jobs/payments/",
        {
            "payee_type": "recruiter",
            "payee_organisation": str(recruiter_org.pk),
            "purpose": "recruitment_service",
            "amount": "15000",
            "currency": "RUB",
            "paid_on": TODAY.isoformat(),
        },
    )

    login(client, recruiter)
    response = client.get(f"/recruitment/organisations/{recruiter_org.pk}/record/")

    record = response.context["recruiter"]
    assert (record.flagged_payments, record.flagged_fees_rub, record.workers_charged) == (
        1,
        Decimal("15000.00"),
        1,
    )
    other_recruiter = recruiter_user()
    login(client, other_recruiter)
    assert client.get(f"/recruitment/organisations/{recruiter_org.pk}/record/").status_code == 404


def test_the_worker_themself_confirms_receiving_the_contract(client, setting):
    caseworker, employer, job, worker = setting
    application = accepted_application(caseworker, employer, job, worker)
    contracts.generate_contract(actor=actor(employer), application=application)
    person = member(Role.WORKER, organisation=worker.organisation)
    Worker.objects.filter(pk=worker.pk).update(user=person)
    login(client, person)

    # Another worker's login in the same centre sees nothing of this application.
    other = member(Role.WORKER, organisation=worker.organisation)
    login(client, other)
    assert client.get(f"/recruitment/applications/{application.pk}/").status_code == 404
    login(client, person)
    my_record = client.get("/workers/me/").content.decode()
    assert f'href="/recruitment/applications/{application.pk}/"' in my_record
    page = client.get(f"/recruitment/applications/{application.pk}/")
    assert page.status_code == 200
    assert page.context["may_confirm"]
    assert page.context["move_form"] is None
    response = client.post(f"/recruitment/applications/{application.pk}/contract/received/")

    assert response.status_code == 302
    assert Contract.objects.get().received_at is not None
    assert Application.objects.get().status == ApplicationStatus.CONTRACTED


def test_programme_staff_enter_a_vacancy_for_any_employer(client):
    employer, manager = employer_user(), member(Role.MANAGER)
    login(client, manager)

    response = client.post("/recruitment/vacancies/new/", vacancy_form(organisation_of(employer)))

    assert response.status_code == 302
    job = Vacancy.objects.get()
    assert (job.employer, job.organisation) == (organisation_of(employer), organisation_of(manager))


def test_an_employer_cannot_put_forward_and_sees_the_application_once_shortlisted(client, setting):
    caseworker, employer, job, worker = setting
    login(client, employer)

    refused = client.post(f"/recruitment/vacancies/{job.pk}/put-forward/", {"worker": worker.pk})
    assert refused.status_code == 404
    assert not Application.objects.exists()

    application = put_forward(caseworker, job, worker)
    assert client.get(f"/recruitment/applications/{application.pk}/").status_code == 404
    pipeline.move_application(
        actor=actor(caseworker), application=application, status="shortlisted"
    )
    page = client.get(f"/recruitment/applications/{application.pk}/")
    assert page.status_code == 200
    assert worker.reference in page.content.decode()
    assert (
        client.post(
            f"/recruitment/vacancies/{job.pk}/put-forward/", {"worker": "not-an-id"}
        ).status_code
        == 404
    )
