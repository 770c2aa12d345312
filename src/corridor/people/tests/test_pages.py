import datetime

import pytest

from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import member, recruiter
from corridor.core.models import AuditAction, AuditEvent
from corridor.people.models import AccessGrant, FamilyMember, Worker
from corridor.people.tests.factories import (
    give_consent,
    register,
    share,
    snapshot,
    with_profile,
)

pytestmark = pytest.mark.django_db

FORMSETS = {
    "lang-TOTAL_FORMS": "1",
    "lang-INITIAL_FORMS": "0",
    "occ-TOTAL_FORMS": "1",
    "occ-INITIAL_FORMS": "0",
}
NEW_WORKER = {
    **FORMSETS,
    "family_name": "Абдуллаев",
    "given_name": "Шахзод",
    "sex": "M",
    "birth_date": "1995-03-14",
    "citizenship": "UZ",
    "home_region": "UZ-TO",
    "phone": "+998 90 123 45 67",
    "lang-0-language": "ru",
    "lang-0-level": "B1",
    "occ-0-isco": "7212 Welders",
    "occ-0-years_experience": "4",
}


def test_caseworker_opens_every_page(client, caseworker, worker):
    client.force_login(caseworker)

    for url in [
        "/",
        "/workers/",
        "/workers/new/",
        f"/workers/{worker.pk}/",
        f"/workers/{worker.pk}/edit/",
    ]:
        assert client.get(url).status_code == 200, url


def test_register_page_creates_the_worker_and_redirects_to_it(client, caseworker):
    client.force_login(caseworker)

    response = client.post("/workers/new/", NEW_WORKER)

    worker = Worker.objects.get()
    assert response.status_code == 302
    assert response.url == f"/workers/{worker.pk}/"
    assert (worker.home_region_id, worker.phone) == ("UZ-TO", "+998901234567")
    assert list(worker.languages.values_list("language", "level")) == [("ru", "B1")]
    assert list(worker.occupations.values_list("isco", "years_experience")) == [("7212", 4)]
    assert (
        AuditEvent.objects.filter(
            action=AuditAction.CREATE, worker_id=worker.pk, object_type="people.worker"
        ).count()
        == 1
    )
    # Each purpose asked at registration is on record, a box left empty as "not given".
    assert worker.consents.filter(is_given=False).count() == 6


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (
            {"birth_date": (datetime.date.today() + datetime.timedelta(days=1)).isoformat()},
            "birth_date",
        ),
        ({"birth_date": "31.02.1990"}, "birth_date"),
        ({"phone": "12345"}, "phone"),
        ({"citizenship": "XX"}, "citizenship"),
        ({"home_region": "TJ-SU"}, "home_region"),
        ({"occ-0-isco": "9999"}, None),
    ],
)
def test_register_page_with_bad_input_answers_422_with_the_error_and_saves_nothing(
    client, caseworker, change, field
):
    client.force_login(caseworker)

    response = client.post("/workers/new/", {**NEW_WORKER, **change})

    assert response.status_code == 422
    if field:
        assert response.context["form"].errors[field]
    assert Worker.objects.count() == 0


def test_recruiter_may_not_open_the_register_page(client):
    client.force_login(recruiter())

    assert client.get("/workers/new/").status_code == 403


def test_edit_page_saves_changes_and_audits_old_and_new(client, caseworker, worker):
    client.force_login(caseworker)
    data = {
        **NEW_WORKER,
        "family_name": "Абдуллаев",
        "given_name": "Жасур",
        "patronymic": "Ўткирович",
        "occ-0-isco": "",
        "lang-0-language": "",
        "lang-0-level": "",
    }

    response = client.post(f"/workers/{worker.pk}/edit/", data)

    assert response.status_code == 302
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, worker_id=worker.pk)
    assert event.changes["given_name"] == ["Шахзод", "Жасур"]
    assert event.changes["phone"] == ["", "+998901234567"]
    assert event.actor == caseworker


def test_edit_page_with_bad_input_answers_422_and_changes_nothing(client, caseworker, worker):
    client.force_login(caseworker)
    before = snapshot(worker)

    response = client.post(f"/workers/{worker.pk}/edit/", {**NEW_WORKER, "phone": "12"})

    assert response.status_code == 422
    assert snapshot(worker) == before


def test_detail_page_records_a_view_with_the_worker_id(client, caseworker, worker):
    client.force_login(caseworker)

    response = client.get(f"/workers/{worker.pk}/", REMOTE_ADDR="198.51.100.4")

    assert response.status_code == 200
    event = AuditEvent.objects.get(action=AuditAction.VIEW)
    assert (event.worker_id, event.actor, event.ip_address) == (
        worker.pk,
        caseworker,
        "198.51.100.4",
    )
    assert event.organisation_id == worker.organisation_id


def test_detail_page_shows_the_timeline(client, caseworker, worker):
    with_profile(worker)
    client.force_login(caseworker)
    client.post(f"/workers/{worker.pk}/stage/", {"stage": "profiled", "reason": "Interview"})

    response = client.get(f"/workers/{worker.pk}/")

    assert [e.kind for e in response.context["timeline"]] == ["stage", "registered"]
    assert "Interview" in response.content.decode()


def test_worker_sees_who_viewed_their_record(client, caseworker, worker):
    client.force_login(caseworker)
    client.get(f"/workers/{worker.pk}/")
    person = member(Role.WORKER, organisation=worker.organisation)
    worker.user = person
    worker.save()
    client.force_login(person)

    response = client.get("/workers/me/")

    assert [event.actor for event in response.context["viewers"]] == [caseworker]
    assert caseworker.email in response.content.decode()


def test_family_page_adds_a_member(client, caseworker, worker):
    client.force_login(caseworker)

    response = client.post(
        f"/workers/{worker.pk}/family/",
        {"relation": "child", "full_name": "Малика", "is_dependant": "on"},
    )

    assert response.status_code == 302
    assert list(FamilyMember.objects.values_list("relation", "full_name", "is_dependant")) == [
        ("child", "Малика", True)
    ]


def test_family_page_with_bad_input_answers_422_and_saves_nothing(client, caseworker, worker):
    client.force_login(caseworker)

    response = client.post(f"/workers/{worker.pk}/family/", {"relation": "cousin", "full_name": ""})

    assert response.status_code == 422
    assert FamilyMember.objects.count() == 0


def test_share_page_grants_and_ends_access(client, caseworker, worker):
    agency = recruiter().active_memberships[0].organisation
    give_consent(caseworker, worker)
    client.force_login(caseworker)

    granted = client.post(
        f"/workers/{worker.pk}/share/",
        {"organisation": agency.pk, "purpose": "application", "reason": "Job"},
    )
    grant = AccessGrant.objects.get()
    ended = client.post(f"/workers/{worker.pk}/share/{grant.pk}/end/")

    assert (granted.status_code, ended.status_code) == (302, 302)
    grant.refresh_from_db()
    assert (grant.organisation, grant.revoked_by) == (agency, caseworker)
    assert AuditEvent.objects.filter(action=AuditAction.REVOKE, worker_id=worker.pk).count() == 1


def test_share_page_without_consent_answers_422_and_grants_nothing(client, caseworker, worker):
    agency = recruiter().active_memberships[0].organisation
    client.force_login(caseworker)

    response = client.post(
        f"/workers/{worker.pk}/share/",
        {"organisation": agency.pk, "purpose": "application", "reason": "Job"},
    )

    assert response.status_code == 422
    assert AccessGrant.objects.count() == 0


def test_recruiter_may_not_end_a_grant_made_to_them(client, caseworker, worker):
    agent = recruiter()
    grant = share(caseworker, worker, agent.active_memberships[0].organisation)
    client.force_login(agent)

    response = client.post(f"/workers/{worker.pk}/share/{grant.pk}/end/")

    assert response.status_code == 404
    grant.refresh_from_db()
    assert grant.revoked_at is None


def test_list_page_answers_an_htmx_request_with_the_results_only(client, caseworker, worker):
    client.force_login(caseworker)

    response = client.get("/workers/", {"q": "Abdulla"}, headers={"HX-Request": "true"})

    page = response.content.decode()
    assert response.status_code == 200
    assert worker.reference in page
    assert "<html" not in page


def test_list_page_with_a_bad_page_number_or_filter_does_not_fail(client, caseworker, worker):
    client.force_login(caseworker)

    for query in ("page=999", "page=abc", "occupation=abc", "region=ZZ-99", "organisation=x"):
        assert client.get(f"/workers/?{query}").status_code == 200, query


def test_pages_render_in_english_and_uzbek(client, caseworker, worker):
    person = member(Role.WORKER, organisation=worker.organisation)
    worker.user = person
    worker.save()
    client.force_login(caseworker)
    english = client.get(f"/workers/{worker.pk}/", headers={"Accept-Language": "en"})
    client.force_login(person)
    uzbek = client.get("/workers/me/", headers={"Accept-Language": "uz"})

    assert (english.status_code, english.headers["Content-Language"]) == (200, "en")
    assert (uzbek.status_code, uzbek.headers["Content-Language"]) == (200, "uz")


def test_occupation_picker_suggests_unit_groups_in_russian_and_english(client):
    caseworker = member()
    client.force_login(caseworker)

    russian = client.get("/workers/isco-options/", {"occ-0-isco": "сварщ"})
    english = client.get("/workers/isco-options/", {"occ-0-isco": "welder"})

    assert russian.status_code == 200
    assert '<option value="7212 ' in russian.content.decode()
    assert '<option value="7212 ' in english.content.decode()
    assert client.get("/workers/isco-options/", {"occ-0-isco": "x"}).content.decode().strip() == ""


def test_admin_exports_the_filtered_list_as_csv_and_the_export_is_audited(client):
    admin = member(Role.ADMIN)
    worker = register(admin)
    client.force_login(admin)

    response = client.get("/workers/export.csv", {"q": "Abdullayev"})

    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("reference,family_name,given_name")
    assert lines[1].startswith(f"{worker.reference},Абдуллаев,Шахзод")
    assert len(lines) == 2
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.changes == {"filters": [None, {"q": "Abdullayev"}], "rows": [None, 1]}


def test_caseworker_may_not_export(client):
    caseworker = member(Role.CASEWORKER)
    client.force_login(caseworker)

    response = client.get("/workers/export.csv")

    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()
