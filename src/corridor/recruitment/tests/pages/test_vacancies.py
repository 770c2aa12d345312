"""Vacancy pages: every page opens, entering and changing a vacancy, the list, the matches."""

from decimal import Decimal

import pytest

from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import member
from corridor.core.models import AuditAction, AuditEvent
from corridor.recruitment.models import (
    Application,
    Vacancy,
)
from corridor.recruitment.tests.factories import (
    YANDEX_INN,
    employer_user,
    organisation_of,
    recruiter_user,
    vacancy,
)
from corridor.recruitment.tests.pages.steps import (
    login,
    put_forward,
    vacancy_form,
)

pytestmark = pytest.mark.django_db


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


def test_programme_staff_enter_a_vacancy_for_any_employer(client):
    employer, manager = employer_user(), member(Role.MANAGER)
    login(client, manager)

    response = client.post("/recruitment/vacancies/new/", vacancy_form(organisation_of(employer)))

    assert response.status_code == 302
    job = Vacancy.objects.get()
    assert (job.employer, job.organisation) == (organisation_of(employer), organisation_of(manager))


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


def test_the_vacancy_page_shows_matches_with_their_explanation(client, setting):
    caseworker, _employer, job, worker = setting

    response = login(client, caseworker).get(f"/recruitment/vacancies/{job.pk}/")

    (match,) = response.context["matches"]
    assert match["worker"]["reference"] == worker.reference
    assert match["worker"]["initials"] == "А.Ш."
    assert match["percent"] == 98  # 0.985: no region preference, 0.75 of 0.06
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
