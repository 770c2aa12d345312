import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import member
from corridor.core.models import AuditAction, AuditEvent
from corridor.people import services
from corridor.people.stages import CYCLE, Stage, allowed_moves, is_move_allowed
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


def test_forward_moves_may_skip_stages():
    assert is_move_allowed("registered", "job_ready")
    assert is_move_allowed("arrived", "employed")


def test_a_worker_may_withdraw_at_any_stage_before_reintegration():
    assert [s for s in CYCLE if is_move_allowed(s, Stage.WITHDRAWN)] == CYCLE[:-1]


def test_withdrawn_worker_may_only_be_registered_anew():
    assert allowed_moves(Stage.WITHDRAWN) == ["registered"]


def test_only_listed_backward_moves_are_allowed():
    assert is_move_allowed("offered", "job_ready")
    assert is_move_allowed("matched", "job_ready")
    assert not is_move_allowed("employed", "job_ready")
    assert not is_move_allowed("job_ready", "registered")
    assert not is_move_allowed("job_ready", "job_ready")


@pytest.mark.django_db
def test_move_stage_writes_timeline_and_audit_with_who_when_and_why(caseworker, worker):
    event = services.move_stage(
        actor=actor(caseworker), worker=worker, stage="job_ready", reason="  Certified welder "
    )

    worker.refresh_from_db()
    assert worker.stage == "job_ready"
    assert (event.kind, event.from_stage, event.to_stage, event.reason, event.actor) == (
        "stage",
        "registered",
        "job_ready",
        "Certified welder",
        caseworker,
    )
    audit_event = AuditEvent.objects.get(action=AuditAction.UPDATE, worker_id=worker.pk)
    assert audit_event.changes == {
        "stage": ["registered", "job_ready"],
        "reason": [None, "Certified welder"],
    }


@pytest.mark.django_db
def test_disallowed_move_raises_and_changes_nothing(caseworker, worker):
    services.move_stage(actor=actor(caseworker), worker=worker, stage="employed", reason="hired")
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
    services.move_stage(actor=actor(caseworker), worker=worker, stage="employed", reason="hired")
    client.force_login(caseworker)
    before = snapshot(worker)

    response = client.post(f"/workers/{worker.pk}/stage/", {"stage": "profiled", "reason": "x"})

    assert response.status_code == 422
    assert response.context["stage_form"].errors["stage"]
    assert snapshot(worker) == before


@pytest.mark.django_db
def test_stage_page_offers_only_allowed_moves(client, caseworker, worker):
    services.move_stage(actor=actor(caseworker), worker=worker, stage="matched", reason="match")
    client.force_login(caseworker)

    choices = client.get(f"/workers/{worker.pk}/").context["stage_form"].fields["stage"].choices

    assert [value for value, _ in choices] == allowed_moves("matched")


@pytest.mark.django_db
def test_job_ready_query_lists_only_job_ready_workers(caseworker, worker):
    from corridor.people.models import Worker
    from corridor.people.tests.factories import register

    other = register(caseworker, family_name="Karimov")
    services.move_stage(actor=actor(caseworker), worker=other, stage="job_ready", reason="ok")

    assert list(Worker.objects.for_user(caseworker).job_ready()) == [other]
