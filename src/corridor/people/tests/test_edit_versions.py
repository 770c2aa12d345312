"""Edits carry the version they started from: a stale edit is refused, never a lost update."""

import pytest
from django.utils import translation

from corridor.core.models import AuditEvent
from corridor.people import services
from corridor.people.models import Worker
from corridor.people.services import EditConflict
from corridor.people.tests.factories import actor, bearer, snapshot

pytestmark = pytest.mark.django_db

FORM = {
    "lang-TOTAL_FORMS": "0",
    "lang-INITIAL_FORMS": "0",
    "occ-TOTAL_FORMS": "0",
    "occ-INITIAL_FORMS": "0",
    "family_name": "Абдуллаев",
    "given_name": "Шахзод",
    "patronymic": "Ўткирович",
    "sex": "M",
    "birth_date": "1995-03-14",
    "citizenship": "UZ",
}


def edit_form(client, worker):
    """What the edit page's form would send, as the page rendered it."""
    form = client.get(f"/workers/{worker.pk}/edit/").context["form"]
    return {**FORM, "version": str(form["version"].value())}


def test_a_new_worker_is_at_version_1_and_each_saved_edit_counts_one_up(caseworker, worker):
    assert worker.version == 1

    updated = services.update_worker(
        actor=actor(caseworker),
        worker=worker,
        details={"phone": "+998901234567"},
        expected_version=1,
    )

    assert updated.version == 2
    worker.refresh_from_db()
    assert worker.version == 2


def test_an_edit_started_from_an_older_version_is_refused_and_changes_nothing(caseworker, worker):
    services.update_worker(
        actor=actor(caseworker), worker=worker, details={"phone": "+998901111111"}
    )
    before = snapshot(worker)

    with pytest.raises(EditConflict) as conflict:
        services.update_worker(
            actor=actor(caseworker),
            worker=worker,
            details={"phone": "+998902222222"},
            expected_version=1,
        )

    assert conflict.value.current.version == 2
    assert conflict.value.current.phone == "+998901111111"
    assert snapshot(worker) == before


def test_without_an_expected_version_the_edit_is_not_checked(caseworker, worker):
    services.update_worker(
        actor=actor(caseworker), worker=worker, details={"phone": "+998901111111"}
    )

    services.update_worker(actor=actor(caseworker), worker=worker, details={"skills": "Welding"})

    worker.refresh_from_db()
    assert (worker.phone, worker.skills, worker.version) == ("+998901111111", "Welding", 3)


def test_a_stage_move_counts_as_a_new_version(caseworker, worker):
    services.move_stage(actor=actor(caseworker), worker=worker, stage="withdrawn", reason="Left")

    worker.refresh_from_db()
    assert worker.version == 2


def test_the_second_of_two_staff_editing_at_once_gets_409_showing_both(client, caseworker, worker):
    client.force_login(caseworker)
    first, second = edit_form(client, worker), edit_form(client, worker)

    saved = client.post(f"/workers/{worker.pk}/edit/", {**first, "phone": "+998 90 111 11 11"})
    assert saved.status_code == 302
    before = snapshot(worker)
    with translation.override("en"):
        response = client.post(
            f"/workers/{worker.pk}/edit/", {**second, "phone": "", "skills": "Welding"}
        )

    assert response.status_code == 409
    assert snapshot(worker) == before
    rows = {row["field"]: (row["stored"], row["typed"]) for row in response.context["conflict"]}
    assert rows == {"phone": ("+998901111111", ""), "skills": ("", "Welding")}
    page = response.content.decode()
    assert "+998901111111" in page and "Welding" in page
    # The form now carries the stored version: saving again is a deliberate choice.
    assert response.context["form"]["version"].value() == "2"


def test_saving_again_after_the_conflict_page_overwrites_deliberately(client, caseworker, worker):
    client.force_login(caseworker)
    first, second = edit_form(client, worker), edit_form(client, worker)
    client.post(f"/workers/{worker.pk}/edit/", {**first, "phone": "+998 90 111 11 11"})
    conflict = client.post(f"/workers/{worker.pk}/edit/", {**second, "skills": "Welding"})

    resubmitted = {**second, "skills": "Welding", "phone": "+998 90 111 11 11"}
    resubmitted["version"] = conflict.context["form"]["version"].value()
    response = client.post(f"/workers/{worker.pk}/edit/", resubmitted)

    assert response.status_code == 302
    worker.refresh_from_db()
    assert (worker.phone, worker.skills, worker.version) == ("+998901111111", "Welding", 3)


def test_the_api_shows_the_version_and_refuses_a_stale_patch_with_409(client, caseworker, worker):
    headers = bearer(caseworker)
    assert client.get(f"/api/v1/workers/{worker.pk}", headers=headers).json()["version"] == 1
    services.update_worker(
        actor=actor(caseworker), worker=worker, details={"phone": "+998901111111"}
    )
    before = snapshot(worker)

    response = client.patch(
        f"/api/v1/workers/{worker.pk}",
        {"phone": "+998902222222", "version": 1},
        content_type="application/json",
        headers=headers,
    )

    assert response.status_code == 409
    body = response.json()
    assert body["error"]["code"] == "conflict"
    assert (body["current"]["version"], body["current"]["phone"]) == (2, "+998901111111")
    assert snapshot(worker) == before


def test_the_api_takes_the_version_from_if_match(client, caseworker, worker):
    headers = bearer(caseworker)

    stale = client.patch(
        f"/api/v1/workers/{worker.pk}",
        {"phone": "+998902222222"},
        content_type="application/json",
        headers={**headers, "If-Match": '"7"'},
    )
    fresh = client.patch(
        f"/api/v1/workers/{worker.pk}",
        {"phone": "+998902222222"},
        content_type="application/json",
        headers={**headers, "If-Match": '"1"'},
    )

    assert stale.status_code == 409
    assert fresh.status_code == 200
    assert fresh.json()["version"] == 2
    assert fresh.headers["ETag"] == '"2"'


def test_a_malformed_if_match_is_422(client, caseworker, worker):
    response = client.patch(
        f"/api/v1/workers/{worker.pk}",
        {"phone": "+998902222222"},
        content_type="application/json",
        headers={**bearer(caseworker), "If-Match": "yesterday"},
    )

    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == ["If-Match"]


def test_the_api_patch_without_a_version_still_works(client, caseworker, worker):
    response = client.patch(
        f"/api/v1/workers/{worker.pk}",
        {"phone": "+998902222222"},
        content_type="application/json",
        headers=bearer(caseworker),
    )

    assert response.status_code == 200
    assert response.json()["version"] == 2


def test_another_organisation_gets_404_with_or_without_a_version(client, worker, outsider):
    before = snapshot(worker)

    response = client.patch(
        f"/api/v1/workers/{worker.pk}",
        {"phone": "+998902222222", "version": 1},
        content_type="application/json",
        headers=bearer(outsider),
    )

    assert response.status_code == 404
    assert snapshot(worker) == before
    assert not AuditEvent.objects.filter(worker_id=worker.pk, action="update").exists()
    assert Worker.objects.get(pk=worker.pk).version == 1


def test_an_occupation_added_through_the_api_meanwhile_makes_the_open_edit_stale(
    client, caseworker, worker
):
    client.force_login(caseworker)
    opened = edit_form(client, worker)
    added = client.post(
        f"/api/v1/workers/{worker.pk}/occupations",
        {"isco_code": "7212", "years": 4},
        content_type="application/json",
        headers=bearer(caseworker),
    )
    assert added.status_code == 201
    before = snapshot(worker)

    with translation.override("en"):
        response = client.post(f"/workers/{worker.pk}/edit/", {**opened, "skills": "Welding"})

    assert response.status_code == 409
    assert snapshot(worker) == before
    assert list(worker.occupations.values_list("isco_id", flat=True)) == ["7212"]
    rows = {row["field"]: (row["stored"], row["typed"]) for row in response.context["conflict"]}
    assert rows["occupations"] == ("7212:4", "")
