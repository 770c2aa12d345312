"""Who sees which candidates (decision 0011): page and API through one query."""

import pytest
from django.test import Client

from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import member
from corridor.people.tests.factories import actor, bearer, share
from corridor.recruitment import pipeline
from corridor.recruitment.tests.factories import (
    employer_user,
    job_ready_worker,
    organisation_of,
    programme_office_user,
    recruiter_user,
    vacancy,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def two_centres():
    """A welding vacancy with a recruiter, and one candidate in each of two centres."""
    tashkent, khujand = member(name="Tashkent centre"), member(name="Khujand centre")
    employer, recruiter = employer_user(), recruiter_user()
    job = vacancy(employer, recruiter=organisation_of(recruiter))
    ours = job_ready_worker(tashkent, years=6)
    theirs = job_ready_worker(khujand, years=5, family_name="Каримов", citizenship="TJ")
    return tashkent, khujand, employer, recruiter, job, ours, theirs


def api_matches(client, user, job):
    return client.get(f"/api/v1/vacancies/{job.pk}/matches", headers=bearer(user))


def page_matches(client, user, job):
    client.force_login(user)
    return client.get(f"/recruitment/vacancies/{job.pk}/")


def test_a_caseworker_sees_only_their_own_centres_candidates_on_the_api(client, two_centres):
    tashkent, khujand, _employer, _recruiter, job, ours, theirs = two_centres

    mine = api_matches(client, tashkent, job)
    other = api_matches(client, khujand, job)

    assert [i["worker"]["id"] for i in mine.json()["items"]] == [str(ours.pk)]
    assert [i["worker"]["reference"] for i in other.json()["items"]] == [theirs.reference]
    assert theirs.reference not in mine.content.decode()
    assert str(theirs.pk) not in mine.content.decode()


def test_a_caseworker_sees_only_their_own_centres_candidates_on_the_page(client, two_centres):
    tashkent, _khujand, _employer, _recruiter, job, ours, theirs = two_centres

    response = page_matches(client, tashkent, job)

    assert [m["worker"]["reference"] for m in response.context["matches"]] == [ours.reference]
    page = response.content.decode()
    assert theirs.reference not in page and str(theirs.pk) not in page


def test_the_employer_and_recruiter_see_every_candidate_anonymised(client, two_centres):
    _tashkent, _khujand, employer, recruiter, job, ours, theirs = two_centres

    for user in (employer, recruiter):
        response = api_matches(client, user, job)
        items = response.json()["items"]
        assert len(items) == 2
        for item in items:
            assert item["worker"]["anonymised"] is True
            assert (item["worker"]["id"], item["worker"]["reference"]) == (None, None)
            assert (item["worker"]["initials"], item["worker"]["age"]) == (None, None)
            assert item["worker"]["handle"].startswith("K-")
            assert item["worker"]["age_band"] == "25–34"
            assert item["explanation"][0]["factor"] == "occupation"
        body = response.content.decode()
        for worker in (ours, theirs):
            assert worker.reference not in body and str(worker.pk) not in body

        page = page_matches(client, user, job)
        text = page.content.decode()
        assert [m["worker"]["anonymised"] for m in page.context["matches"]] == [True, True]
        for worker in (ours, theirs):
            assert worker.reference not in text and str(worker.pk) not in text


def test_the_handle_is_stable_for_a_vacancy_and_differs_between_vacancies(client, two_centres):
    tashkent, _khujand, employer, _recruiter, job, ours, _theirs = two_centres
    other_job = vacancy(employer, title="Сварщик НАКС")

    first = api_matches(client, employer, job).json()["items"]
    again = api_matches(client, employer, job).json()["items"]
    elsewhere = api_matches(client, employer, other_job).json()["items"]
    own = api_matches(client, tashkent, job).json()["items"]

    assert [i["worker"]["handle"] for i in first] == [i["worker"]["handle"] for i in again]
    assert not {i["worker"]["handle"] for i in first} & {i["worker"]["handle"] for i in elsewhere}
    # The centre sees the same handle beside its worker, to know whom a recruiter means.
    assert own[0]["worker"]["handle"] in {i["worker"]["handle"] for i in first}
    assert own[0]["worker"]["id"] == str(ours.pk)


def test_a_grant_shows_that_one_candidate_in_full_to_the_employer(client, two_centres):
    tashkent, _khujand, employer, _recruiter, job, ours, theirs = two_centres
    share(tashkent, ours, organisation_of(employer))

    items = api_matches(client, employer, job).json()["items"]

    shown = {i["worker"]["reference"] for i in items}
    assert shown == {ours.reference, None}
    assert theirs.reference not in str(items)


def test_programme_office_staff_see_every_candidate_in_full(client, two_centres):
    *_rest, job, ours, theirs = two_centres
    office = programme_office_user()

    items = api_matches(client, office, job).json()["items"]

    assert {i["worker"]["reference"] for i in items} == {ours.reference, theirs.reference}
    assert page_matches(client, office, job).status_code == 200


@pytest.mark.parametrize(
    "role", [Role.DONOR, Role.AUTHORITY, Role.PARTNER, Role.WORKER, "other_employer", "recruiter"]
)
def test_nobody_else_sees_the_matches(client, two_centres, role):
    *_rest, job, ours, theirs = two_centres
    if role == "other_employer":
        user = employer_user(name="ООО «Другая»", inn="7736207543")
    elif role == "recruiter":
        user = recruiter_user(name="Другое агентство")
    else:
        user = member(role)

    response = api_matches(client, user, job)
    page = page_matches(client, user, job)

    assert response.status_code == 404
    assert page.status_code == 404 or not page.context["matches"]
    for worker in (ours, theirs):
        assert worker.reference not in page.content.decode()


def test_a_worker_login_of_the_centre_that_entered_the_vacancy_gets_404(client, two_centres):
    tashkent, _khujand, employer, _recruiter, _job, _ours, _theirs = two_centres
    centre = organisation_of(tashkent)
    manager = member(Role.MANAGER, centre)
    job = vacancy(manager, employer=organisation_of(employer))
    worker_login = member(Role.WORKER, centre)

    assert api_matches(client, worker_login, job).status_code == 404


def test_the_vacancy_side_sees_applications_without_the_workers_identity(client, two_centres):
    tashkent, _khujand, employer, recruiter, job, ours, _theirs = two_centres
    application = pipeline.create_application(actor=actor(tashkent), worker=ours, vacancy=job)

    as_recruiter = client.get("/api/v1/applications", headers=bearer(recruiter)).json()
    as_employer = client.get("/api/v1/applications", headers=bearer(employer)).json()
    detail = client.get(f"/api/v1/applications/{application.pk}", headers=bearer(recruiter))
    client.force_login(recruiter)
    page = client.get(f"/recruitment/vacancies/{job.pk}/").content.decode()
    application_page = client.get(f"/recruitment/applications/{application.pk}/")

    assert as_recruiter["count"] == 1
    assert as_recruiter["items"][0]["worker"] is None
    assert as_recruiter["items"][0]["candidate"].startswith("K-")
    assert detail.json()["worker"] is None
    # Not yet shortlisted to the employer: the employer does not see the application at all.
    assert as_employer["count"] == 0
    assert ours.reference not in page and str(ours.pk) not in page
    assert application_page.status_code == 200
    assert ours.reference not in application_page.content.decode()


def test_the_workers_own_centre_sees_its_applications_in_full(client, two_centres):
    tashkent, _khujand, _employer, _recruiter, job, ours, _theirs = two_centres
    pipeline.create_application(actor=actor(tashkent), worker=ours, vacancy=job)

    listed = client.get("/api/v1/applications", headers=bearer(tashkent)).json()

    assert [i["worker"] for i in listed["items"]] == [str(ours.pk)]


def test_a_workers_matches_list_only_vacancies_the_reader_may_see(client, two_centres):
    tashkent, _khujand, employer, _recruiter, job, ours, _theirs = two_centres
    rival = employer_user(name="ООО «Другая»", inn="7736207543")
    rival_job = vacancy(rival, title="Сварщик (другой)")
    share(tashkent, ours, organisation_of(employer))

    as_employer = client.get(f"/api/v1/workers/{ours.pk}/matches", headers=bearer(employer))
    as_centre = client.get(f"/api/v1/workers/{ours.pk}/matches", headers=bearer(tashkent))

    # The worker's matches are their job search: not the employer's even with a grant (it sees
    # the worker among its own vacancy's candidates).
    assert as_employer.status_code == 404
    assert str(rival_job.pk) not in as_employer.content.decode()
    assert {i["vacancy"]["id"] for i in as_centre.json()["items"]} == {
        str(job.pk),
        str(rival_job.pk),
    }
