import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import member
from corridor.core.models import AuditAction, AuditEvent
from corridor.people import services
from corridor.people.models import Worker
from corridor.people.stage_rules import next_stages
from corridor.people.stages import CYCLE
from corridor.people.tests.factories import actor, snapshot


def test_cycle_runs_in_the_order_of_the_domain():
    assert CYCLE == [
        "registered",
        "profiled",
        "in_training",
        "job_ready",
        "matched",
        "offered",
        "contracted",
        "departed",
        "arrived",
        "employed",
        "returned",
        "reintegrated",
    ]


def at_stage(worker, stage):
    """Given: the worker is at `stage` (however they got there)."""
    Worker.objects.filter(pk=worker.pk).update(stage=stage)
    worker.refresh_from_db()
    return worker


def profile(caseworker, worker):
    services.update_worker(
        actor=actor(caseworker),
        worker=worker,
        details={"skills": "Welding"},
        languages=[services.LanguageSkill("ru", "B1")],
    )


@pytest.mark.django_db
def test_move_stage_writes_timeline_and_audit_with_who_when_and_why(caseworker, worker):
    at_stage(worker, "profiled")
    profile(caseworker, worker)
    event = services.move_stage(
        actor=actor(caseworker), worker=worker, stage="job_ready", reason="  Certified welder "
    )

    worker.refresh_from_db()
    assert worker.stage == "job_ready"
    assert (event.kind, event.from_stage, event.to_stage, event.reason, event.actor) == (
        "stage",
        "profiled",
        "job_ready",
        "Certified welder",
        caseworker,
    )
    audit_event = AuditEvent.objects.get(
        action=AuditAction.UPDATE, worker_id=worker.pk, changes__has_key="stage"
    )
    assert audit_event.changes == {
        "stage": ["profiled", "job_ready"],
        "reason": [None, "Certified welder"],
    }


@pytest.mark.django_db
def test_disallowed_move_raises_and_changes_nothing(caseworker, worker):
    at_stage(worker, "employed")
    before = snapshot(worker)

    with pytest.raises(ValidationError) as error:
        services.move_stage(actor=actor(caseworker), worker=worker, stage="profiled", reason="x")

    assert list(error.value.message_dict) == ["stage"]
    assert snapshot(worker) == before


@pytest.mark.django_db
def test_user_without_stage_permission_may_not_move(caseworker, worker):
    partner = member(Role.PARTNER)
    before = snapshot(worker)

    with pytest.raises(PermissionDenied):
        services.move_stage(actor=actor(partner), worker=worker, stage="profiled", reason="x")

    assert snapshot(worker) == before


@pytest.mark.django_db
def test_stage_page_moves_the_worker_and_redirects(client, caseworker, worker):
    profile(caseworker, worker)
    client.force_login(caseworker)

    response = client.post(
        f"/workers/{worker.pk}/stage/", {"stage": "profiled", "reason": "Interview done"}
    )

    assert response.status_code == 302
    assert response.url == f"/workers/{worker.pk}/"
    worker.refresh_from_db()
    assert worker.stage == "profiled"


@pytest.mark.django_db
def test_stage_page_with_a_disallowed_move_answers_422_and_nothing_changes(
    client, caseworker, worker
):
    at_stage(worker, "employed")
    client.force_login(caseworker)
    before = snapshot(worker)

    response = client.post(f"/workers/{worker.pk}/stage/", {"stage": "profiled", "reason": "x"})

    assert response.status_code == 422
    assert response.context["stage_form"].errors["stage"]
    assert snapshot(worker) == before


@pytest.mark.django_db
def test_stage_page_offers_only_allowed_moves(client, caseworker, worker):
    at_stage(worker, "matched")
    client.force_login(caseworker)

    choices = client.get(f"/workers/{worker.pk}/").context["stage_form"].fields["stage"].choices

    assert [value for value, _ in choices] == next_stages(worker)
    assert [value for value, _ in choices] == ["job_ready", "offered", "withdrawn"]


@pytest.mark.django_db
def test_job_ready_query_lists_only_job_ready_workers(caseworker, worker):
    from corridor.people.models import Worker
    from corridor.people.tests.factories import register

    other = at_stage(register(caseworker, family_name="Karimov"), "job_ready")

    assert list(Worker.objects.for_user(caseworker).job_ready()) == [other]
