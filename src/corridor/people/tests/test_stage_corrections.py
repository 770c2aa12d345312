"""A stage entered in error is corrected: a move back with a reason, audited as a correction."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import member
from corridor.core.models import AuditEvent
from corridor.people.corrections import correct_stage
from corridor.people.models import TimelineKind, Worker
from corridor.people.stage_rules import correction_stages, next_stages
from corridor.people.stages import CYCLE
from corridor.people.tests.factories import actor, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def at_stage(worker, stage):
    Worker.objects.filter(pk=worker.pk).update(stage=stage)
    worker.refresh_from_db()
    return worker


def test_a_correction_moves_back_with_its_reason_on_the_timeline_and_in_the_audit_log(
    caseworker, worker
):
    at_stage(worker, "departed")

    event = correct_stage(
        actor=actor(caseworker), worker=worker, stage="job_ready", reason=" Entered in error "
    )

    worker.refresh_from_db()
    assert worker.stage == "job_ready"
    with translation.override("en"):
        text = event.text
    assert (event.kind, event.from_stage, event.to_stage, event.reason, text) == (
        TimelineKind.STAGE,
        "departed",
        "job_ready",
        "Entered in error",
        "Correction: Entered in error",
    )
    entry = AuditEvent.objects.get(worker_id=worker.pk, changes__has_key="correction")
    assert entry.changes == {
        "stage": ["departed", "job_ready"],
        "reason": [None, "Entered in error"],
        "correction": [None, True],
    }


def test_a_correction_needs_a_reason(caseworker, worker):
    at_stage(worker, "job_ready")
    before = snapshot(worker)

    with pytest.raises(ValidationError) as error:
        correct_stage(actor=actor(caseworker), worker=worker, stage="profiled", reason="  ")

    assert error.value.message_dict == {"reason": ["Say why the stage is corrected."]}
    assert snapshot(worker) == before


def test_a_correction_only_moves_back(caseworker, worker):
    before = snapshot(worker)

    with pytest.raises(ValidationError) as error:
        correct_stage(actor=actor(caseworker), worker=worker, stage="departed", reason="x")

    assert error.value.message_dict == {
        "stage": ["A correction moves the worker back to an earlier stage."]
    }
    assert snapshot(worker) == before


def test_a_withdrawal_in_error_is_corrected_back_to_where_the_worker_was(caseworker, worker):
    at_stage(worker, "matched")
    from corridor.people import services

    services.move_stage(actor=actor(caseworker), worker=worker, stage="withdrawn", reason="Left")
    worker.refresh_from_db()

    assert correction_stages(worker) == CYCLE[: CYCLE.index("matched") + 1]
    correct_stage(actor=actor(caseworker), worker=worker, stage="matched", reason="Wrong worker")
    worker.refresh_from_db()
    assert worker.stage == "matched"


def test_a_caseworker_of_another_organisation_may_not_correct(worker, outsider):
    at_stage(worker, "job_ready")
    before = snapshot(worker)

    with pytest.raises(PermissionDenied):
        correct_stage(actor=actor(outsider), worker=worker, stage="profiled", reason="x")

    assert snapshot(worker) == before


def test_a_user_without_the_stage_permission_may_not_correct(worker):
    at_stage(worker, "job_ready")
    partner = member(Role.PARTNER)
    before = snapshot(worker)

    with pytest.raises(PermissionDenied):
        correct_stage(actor=actor(partner), worker=worker, stage="profiled", reason="x")

    assert snapshot(worker) == before


def test_the_worker_page_offers_the_next_stages_and_the_earlier_ones_to_correct(
    client, caseworker, worker
):
    at_stage(worker, "departed")
    client.force_login(caseworker)

    context = client.get(f"/workers/{worker.pk}/").context

    offered = [value for value, _ in context["stage_form"].fields["stage"].choices]
    corrections = [value for value, _ in context["correction_form"].fields["stage"].choices]
    assert offered == next_stages(worker) == ["arrived", "returned", "withdrawn"]
    assert corrections == CYCLE[: CYCLE.index("departed")]


def test_the_correction_page_corrects_and_redirects(client, caseworker, worker):
    at_stage(worker, "departed")
    client.force_login(caseworker)

    response = client.post(
        f"/workers/{worker.pk}/stage/correct/", {"stage": "contracted", "reason": "Not yet left"}
    )

    assert response.status_code == 302
    assert response.url == f"/workers/{worker.pk}/"
    worker.refresh_from_db()
    assert worker.stage == "contracted"


def test_the_correction_page_without_a_reason_answers_422(client, caseworker, worker):
    at_stage(worker, "departed")
    client.force_login(caseworker)
    before = snapshot(worker)

    response = client.post(f"/workers/{worker.pk}/stage/correct/", {"stage": "contracted"})

    assert response.status_code == 422
    assert response.context["correction_form"].errors["reason"]
    assert snapshot(worker) == before


def test_another_organisations_caseworker_gets_404_from_the_correction_page(
    client, worker, outsider
):
    at_stage(worker, "departed")
    client.force_login(outsider)
    before = snapshot(worker)

    response = client.post(
        f"/workers/{worker.pk}/stage/correct/", {"stage": "contracted", "reason": "x"}
    )

    assert response.status_code == 404
    assert snapshot(worker) == before


def test_the_api_corrects_a_stage(client, caseworker, worker):
    from corridor.people.tests.factories import bearer

    at_stage(worker, "departed")

    response = client.post(
        f"/api/v1/workers/{worker.pk}/stage/correction",
        {"stage": "contracted", "reason": "Not yet left"},
        content_type="application/json",
        headers=bearer(caseworker),
    )

    assert response.status_code == 200
    assert (response.json()["from_stage"], response.json()["to_stage"]) == (
        "departed",
        "contracted",
    )
    worker.refresh_from_db()
    assert worker.stage == "contracted"


def test_the_stage_form_says_what_a_next_stage_still_needs(client, caseworker, worker):
    at_stage(worker, "contracted")
    client.force_login(caseworker)

    page = client.get(f"/workers/{worker.pk}/", headers={"Accept-Language": "en"})
    choices = page.context["stage_form"].fields["stage"].choices

    assert dict(choices)["departed"] == (
        "departed (needs: a passport valid on the day, an employment contract recorded)"
    )
    assert dict(choices)["withdrawn"] == "withdrawn"
