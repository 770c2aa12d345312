"""The stable endpoints outside checks use, and a negative test for each."""

import datetime

import pytest

from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import member
from corridor.core.models import AuditEvent
from corridor.people.tests.factories import bearer, register
from corridor.recruitment.models import Application, Contract, Payment, Vacancy
from corridor.recruitment.tests.factories import (
    employer_user,
    job_ready_worker,
    organisation_of,
    recruiter_user,
    vacancy,
)

pytestmark = pytest.mark.django_db

NEW_VACANCY = {
    "title": "Сварщик (м. Выхино)",
    "isco_code": "7212",
    "region": "RU-MOW",
    "places": 4,
    "wage_min": 90000,
    "wage_max": 120000,
    "languages": [{"language": "ru", "level": "A2"}],
}


def post(client, url, body, user):
    return client.post(url, body, content_type="application/json", headers=bearer(user))


def test_an_employer_posts_a_vacancy_and_reads_it_back(client):
    employer = employer_user()

    created = post(client, "/api/v1/vacancies", NEW_VACANCY, employer)

    assert created.status_code == 201
    body = created.json()
    assert (body["isco_code"], body["region"], body["wage_min"], body["status"]) == (
        "7212",
        "RU-MOW",
        90000,
        "open",
    )
    assert body["employer"]["id"] == str(organisation_of(employer).pk)
    assert body["languages"] == {"ru": 2}
    read = client.get(f"/api/v1/vacancies/{body['id']}", headers=bearer(employer))
    assert read.json()["title"] == "Сварщик (м. Выхино)"


def test_without_a_code_the_title_is_coded(client):
    employer = employer_user()

    body = post(
        client,
        "/api/v1/vacancies",
        {**NEW_VACANCY, "isco_code": None, "title": "Грузчик на склад"},
        employer,
    ).json()

    assert body["isco_code"] == "9333"
    assert body["isco_needs_review"] is False


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"wage_max": 50000}, "wage_max"),
        ({"region": "UZ-TO"}, "region"),
        ({"isco_code": "0000"}, "isco_code"),
        ({"wage_min": "договорная"}, "wage_min"),
        ({"places": 0}, "places"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_vacancies_get_422_naming_the_field_and_nothing_is_saved(client, change, field):
    response = post(client, "/api/v1/vacancies", {**NEW_VACANCY, **change}, employer_user())

    assert response.status_code == 422
    assert field in response.json()["error"]["fields"]
    assert not Vacancy.objects.exists()


def test_a_blocked_employer_cannot_post(client):
    employer = employer_user()
    company = organisation_of(employer)
    company.employer_status = "blocked"
    company.save()

    response = post(client, "/api/v1/vacancies", NEW_VACANCY, employer)

    assert response.status_code == 422
    assert "employer" in response.json()["error"]["fields"]
    assert not Vacancy.objects.exists()


def test_search_lists_items_and_count_and_employers_see_only_their_own(client):
    mine, theirs = employer_user(), employer_user(name="ООО «Другая»", inn="7736207543")
    vacancy(mine, title="Сварщик")
    vacancy(mine, title="Каменщик", isco_code="7112")
    vacancy(theirs, title="Сварщик-аргонщик")

    found = client.get("/api/v1/vacancies", {"q": "сварщик"}, headers=bearer(mine)).json()
    everything = client.get("/api/v1/vacancies", {"q": "сварщик"}, headers=bearer(member())).json()

    assert (found["count"], [v["title"] for v in found["items"]]) == (1, ["Сварщик"])
    assert everything["count"] == 2


def test_another_employer_gets_404_on_a_vacancy_and_cannot_change_it(client):
    job = vacancy(employer_user())
    stranger = employer_user(name="ООО «Другая»", inn="7736207543")

    read = client.get(f"/api/v1/vacancies/{job.pk}", headers=bearer(stranger))
    patch = client.patch(
        f"/api/v1/vacancies/{job.pk}",
        {"wage_min": 1},
        content_type="application/json",
        headers=bearer(stranger),
    )

    assert (read.status_code, patch.status_code) == (404, 404)
    job.refresh_from_db()
    assert job.wage_min == 90000


def test_worker_occupations_endpoint_adds_and_updates_years(client):
    caseworker = member()
    worker = register(caseworker)

    added = post(
        client,
        f"/api/v1/workers/{worker.pk}/occupations",
        {"isco_code": "7212", "years": 5},
        caseworker,
    )
    changed = post(
        client,
        f"/api/v1/workers/{worker.pk}/occupations",
        {"isco_code": "7212", "years": 7},
        caseworker,
    )
    bad = post(
        client,
        f"/api/v1/workers/{worker.pk}/occupations",
        {"isco_code": "72", "years": 5},
        caseworker,
    )
    stranger = post(
        client,
        f"/api/v1/workers/{worker.pk}/occupations",
        {"isco_code": "9333", "years": 1},
        member(),
    )

    assert (added.status_code, added.json()) == (201, {"isco": "7212", "years_experience": 5})
    assert changed.json()["years_experience"] == 7
    assert (bad.status_code, stranger.status_code) == (422, 404)
    assert list(worker.occupations.values_list("isco", "years_experience")) == [("7212", 7)]


def test_matches_both_ways_best_first_with_explanations(client):
    caseworker, employer = member(), employer_user()
    welder = job_ready_worker(caseworker, isco="7212", years=6)
    related = job_ready_worker(caseworker, isco="7214", years=6, given_name="Жасур")
    job = vacancy(employer)
    cooking = vacancy(employer, title="Повар", isco_code="5120")

    for_job = client.get(
        f"/api/v1/vacancies/{job.pk}/matches", {"limit": 5}, headers=bearer(caseworker)
    ).json()
    for_worker = client.get(
        f"/api/v1/workers/{welder.pk}/matches", {"limit": 5}, headers=bearer(caseworker)
    ).json()

    assert [i["worker"]["id"] for i in for_job["items"]] == [str(welder.pk), str(related.pk)]
    first = for_job["items"][0]
    assert first["score"] > for_job["items"][1]["score"]
    assert first["explanation"][0]["factor"] == "occupation"
    assert set(first["worker"]) == {
        "handle",
        "anonymised",
        "id",
        "reference",
        "initials",
        "age",
        "age_band",
        "citizenship",
    }
    assert (first["worker"]["anonymised"], first["worker"]["initials"]) == (False, "А.Ш.")
    assert [i["vacancy"]["id"] for i in for_worker["items"]] == [str(job.pk)]
    assert str(cooking.pk) not in str(for_worker)


def test_matches_are_404_for_who_cannot_see_and_403_for_a_donor(client):
    caseworker, employer = member(), employer_user()
    worker = job_ready_worker(caseworker)
    job = vacancy(employer)
    stranger = employer_user(name="ООО «Другая»", inn="7736207543")

    assert (
        client.get(f"/api/v1/vacancies/{job.pk}/matches", headers=bearer(stranger)).status_code
        == 404
    )
    assert (
        client.get(f"/api/v1/workers/{worker.pk}/matches", headers=bearer(member())).status_code
        == 404
    )
    assert (
        client.get(
            f"/api/v1/vacancies/{job.pk}/matches", headers=bearer(member(role=Role.DONOR))
        ).status_code
        == 404
    )


def test_from_application_to_contract_pdf_arrival_and_fees(client):
    caseworker, employer, recruiter = member(), employer_user(), recruiter_user()
    worker = job_ready_worker(caseworker)
    job = vacancy(employer, recruiter=organisation_of(recruiter))

    created = post(
        client,
        "/api/v1/applications",
        {"worker": str(worker.pk), "vacancy": str(job.pk)},
        caseworker,
    )
    assert created.status_code == 201
    url = f"/api/v1/applications/{created.json()['id']}"
    assert client.get(f"{url}/contract.pdf", headers=bearer(recruiter)).status_code == 404
    assert (
        post(client, f"{url}/move", {"status": "shortlisted"}, caseworker).json()["status"]
        == "shortlisted"
    )
    offer = post(
        client,
        f"{url}/offer",
        {"wage_rub": 100000, "hours_per_week": 40, "housing": "free"},
        employer,
    )
    assert (offer.status_code, offer.json()["offered_wage_rub"]) == (200, 100000)
    assert post(client, f"{url}/move", {"status": "accepted"}, recruiter).status_code == 200
    contract = post(client, f"{url}/contract", {}, recruiter)
    assert (contract.status_code, contract.json()["language"]) == (201, "uz")

    pdf = client.get(f"{url}/contract.pdf", headers=bearer(employer))
    assert (pdf.status_code, pdf["Content-Type"]) == (200, "application/pdf")
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")

    post(client, f"{url}/move", {"status": "departed"}, recruiter)
    post(client, f"{url}/move", {"status": "arrived"}, recruiter)
    arrival = post(
        client,
        f"{url}/contract/arrival",
        {
            "wage_rub": 80000,
            "hours_per_week": 48,
            "housing": "charged",
            "housing_cost_rub": 6000,
            "isco_code": "7212",
        },
        employer,
    ).json()
    assert arrival["is_substituted"] is True
    assert [f["field"] for f in arrival["substitutions"]] == [
        "wage_rub",
        "hours_per_week",
        "housing_cost_rub",
    ]

    paid = post(
        client,
        f"/api/v1/workers/{worker.pk}/payments",
        {
            "payee_type": "recruiter",
            "purpose": "recruitment_service",
            "amount": 20000,
            "currency": "RUB",
            "paid_on": str(datetime.date.today()),
            "application": created.json()["id"],
        },
        caseworker,
    )
    assert (paid.status_code, paid.json()["should_employer_pay"]) == (201, True)
    ledger = client.get(f"/api/v1/workers/{worker.pk}/payments", headers=bearer(caseworker)).json()
    assert (ledger["fees_rub"], ledger["monthly_wage_rub"], ledger["recruitment_cost_share"]) == (
        "20000.00",
        "80000",
        "0.250",
    )


def test_applications_contracts_and_payments_are_404_to_other_organisations_and_nothing_changes(
    client,
):
    caseworker, employer, recruiter = member(), employer_user(), recruiter_user()
    worker = job_ready_worker(caseworker)
    job = vacancy(employer, recruiter=organisation_of(recruiter))
    application = post(
        client,
        "/api/v1/applications",
        {"worker": str(worker.pk), "vacancy": str(job.pk)},
        caseworker,
    ).json()
    stranger = employer_user(name="ООО «Другая»", inn="7736207543")
    url = f"/api/v1/applications/{application['id']}"

    assert client.get(url, headers=bearer(stranger)).status_code == 404
    assert post(client, f"{url}/move", {"status": "shortlisted"}, stranger).status_code == 404
    assert client.get(f"{url}/contract.pdf", headers=bearer(stranger)).status_code == 404
    assert (
        post(
            client,
            f"/api/v1/workers/{worker.pk}/payments",
            {
                "payee_type": "recruiter",
                "purpose": "recruitment_service",
                "amount": 1,
                "currency": "RUB",
                "paid_on": "2026-01-01",
            },
            stranger,
        ).status_code
        == 404
    )
    assert (
        client.get(f"/api/v1/workers/{worker.pk}/payments", headers=bearer(stranger)).status_code
        == 404
    )
    assert client.get("/api/v1/applications", headers=bearer(stranger)).json()["count"] == 0
    assert Application.objects.get().status == "suggested"
    assert not Payment.objects.exists() and not Contract.objects.exists()
    assert not AuditEvent.objects.filter(actor__in=stranger.memberships.values("user")).exists()


def test_an_application_for_a_worker_without_consent_is_422_and_unknown_ids_404(client):
    caseworker, employer = member(), employer_user()
    worker = job_ready_worker(caseworker, consent=False)
    job = vacancy(employer)

    refused = post(
        client,
        "/api/v1/applications",
        {"worker": str(worker.pk), "vacancy": str(job.pk)},
        caseworker,
    )
    unknown = post(
        client,
        "/api/v1/applications",
        {"worker": "00000000-0000-0000-0000-000000000000", "vacancy": str(job.pk)},
        caseworker,
    )

    assert (refused.status_code, unknown.status_code) == (422, 404)
    assert not Application.objects.exists()
