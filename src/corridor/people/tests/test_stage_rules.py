"""Stage moves follow rules kept as data: which stage may follow which, what each requires."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from corridor.core.models import AuditEvent
from corridor.people import services
from corridor.people.models import StageRequirement, StageTransition, TimelineKind, Worker
from corridor.people.stage_rules import CHECKS, next_stages
from corridor.people.stages import CYCLE, Stage, StageCheck
from corridor.people.tests.factories import (
    actor,
    add_document,
    give_consent,
    snapshot,
)

pytestmark = pytest.mark.django_db

IN_A_YEAR = datetime.date.today() + datetime.timedelta(days=365)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def at_stage(worker, stage):
    """Given: the worker is at `stage` (however they got there)."""
    Worker.objects.filter(pk=worker.pk).update(stage=stage)
    worker.refresh_from_db()
    return worker


def move(caseworker, worker, stage, reason="Case review"):
    return services.move_stage(actor=actor(caseworker), worker=worker, stage=stage, reason=reason)


def profile(caseworker, worker):
    services.update_worker(
        actor=actor(caseworker),
        worker=worker,
        details={"skills": "Welding (MIG/MAG), 5 years"},
        languages=[services.LanguageSkill("uz", "native"), services.LanguageSkill("ru", "B1")],
    )


def test_a_new_worker_cannot_go_straight_to_departed(caseworker, worker):
    before = snapshot(worker)

    with pytest.raises(ValidationError) as error:
        move(caseworker, worker, "departed")

    assert error.value.message_dict == {
        "stage": ["A worker cannot move from “registered” to “departed”."]
    }
    assert snapshot(worker) == before


def test_departure_needs_a_valid_passport_and_a_contract(caseworker, worker):
    at_stage(worker, "contracted")
    before = snapshot(worker)

    with pytest.raises(ValidationError) as error:
        move(caseworker, worker, "departed")

    assert error.value.message_dict == {
        "stage": [
            "Before “departed” the worker needs: a passport valid on the day, "
            "an employment contract recorded."
        ]
    }
    assert snapshot(worker) == before


def test_an_expired_passport_does_not_count(caseworker, worker):
    at_stage(worker, "contracted")
    add_document(caseworker, worker, expiry_date=datetime.date.today() - datetime.timedelta(days=1))
    add_document(
        caseworker, worker, type="employment_contract", number="C-1", issuing_country_id=None
    )

    with pytest.raises(ValidationError) as error:
        move(caseworker, worker, "departed")

    assert error.value.message_dict == {
        "stage": ["Before “departed” the worker needs: a passport valid on the day."]
    }


def test_with_a_valid_passport_and_a_contract_the_worker_departs(caseworker, worker):
    at_stage(worker, "contracted")
    add_document(caseworker, worker, expiry_date=IN_A_YEAR)
    add_document(
        caseworker, worker, type="employment_contract", number="C-1", issuing_country_id=None
    )

    move(caseworker, worker, "departed", reason="Left for Moscow")

    worker.refresh_from_db()
    assert worker.stage == "departed"


def test_a_contract_on_the_timeline_counts_for_contracted(caseworker, worker):
    at_stage(worker, "offered")
    with pytest.raises(ValidationError):
        move(caseworker, worker, "contracted")

    services.add_timeline_event(
        worker, actor(caseworker), TimelineKind.CONTRACT, reason="Contract C-2026-1 made"
    )
    move(caseworker, worker, "contracted")

    worker.refresh_from_db()
    assert worker.stage == "contracted"


def test_a_contract_from_before_the_worker_was_last_job_ready_does_not_count(caseworker, worker):
    at_stage(worker, "offered")
    old = services.add_timeline_event(
        worker, actor(caseworker), TimelineKind.CONTRACT, reason="C-1"
    )
    old.at = timezone.now() - datetime.timedelta(days=400)
    old.save()
    services.add_timeline_event(
        worker,
        actor(caseworker),
        TimelineKind.STAGE,
        from_stage="returned",
        to_stage="job_ready",
        reason="Going again",
        at=timezone.now() - datetime.timedelta(days=10),
    )

    with pytest.raises(ValidationError) as error:
        move(caseworker, worker, "contracted")

    assert error.value.message_dict == {
        "stage": ["Before “contracted” the worker needs: an employment contract recorded."]
    }


def test_profiling_needs_languages_and_skills(caseworker, worker):
    with pytest.raises(ValidationError) as error:
        move(caseworker, worker, "profiled")
    assert error.value.message_dict == {
        "stage": [
            "Before “profiled” the worker needs: languages and an occupation or skills recorded."
        ]
    }

    profile(caseworker, worker)
    move(caseworker, worker, "profiled")

    worker.refresh_from_db()
    assert worker.stage == "profiled"


def test_a_match_needs_the_workers_consent(caseworker, worker):
    at_stage(worker, "job_ready")
    with pytest.raises(ValidationError) as error:
        move(caseworker, worker, "matched")
    assert error.value.message_dict == {
        "stage": [
            "Before “matched” the worker needs: consent to matching and sharing with employers."
        ]
    }

    give_consent(caseworker, worker)
    move(caseworker, worker, "matched")

    worker.refresh_from_db()
    assert worker.stage == "matched"


def test_a_worker_may_withdraw_at_any_stage_before_reintegration():
    withdrawals = StageTransition.objects.filter(to_stage=Stage.WITHDRAWN, is_active=True)

    assert sorted(withdrawals.values_list("from_stage", flat=True)) == sorted(CYCLE[:-1])


def test_the_next_stages_follow_the_rules(caseworker, worker):
    assert next_stages(worker) == ["profiled", "withdrawn"]
    assert next_stages(at_stage(worker, "offered")) == [
        "job_ready",
        "matched",
        "contracted",
        "withdrawn",
    ]
    assert next_stages(at_stage(worker, "withdrawn")) == ["registered"]


def test_a_rule_switched_off_by_the_administrator_refuses_the_move(caseworker, worker):
    profile(caseworker, worker)
    StageTransition.objects.filter(from_stage="registered", to_stage="profiled").update(
        is_active=False
    )

    with pytest.raises(ValidationError):
        move(caseworker, worker, "profiled")

    assert next_stages(worker) == ["withdrawn"]


def test_a_requirement_added_by_the_administrator_applies(caseworker, worker):
    at_stage(worker, "contracted")
    add_document(caseworker, worker, expiry_date=IN_A_YEAR)
    add_document(
        caseworker, worker, type="employment_contract", number="C-1", issuing_country_id=None
    )
    StageRequirement.objects.create(
        stage="departed",
        check_code=StageCheck.LANGUAGE_CERTIFICATE,
        source="Federal Law 115-FZ art. 15.1: the certificate for a work patent",
    )

    with pytest.raises(ValidationError) as error:
        move(caseworker, worker, "departed")

    assert error.value.message_dict == {
        "stage": [
            "Before “departed” the worker needs: "
            "a valid certificate of Russian language, history and law."
        ]
    }


def test_every_check_code_has_a_check():
    assert set(CHECKS) == set(StageCheck.values)


def test_the_shipped_rules_reach_every_stage_from_registration_and_cite_a_source():
    edges = set(StageTransition.objects.values_list("from_stage", "to_stage"))
    reached, frontier = {"registered"}, ["registered"]
    while frontier:
        current = frontier.pop()
        for source, target in edges:
            if source == current and target not in reached:
                reached.add(target)
                frontier.append(target)

    assert reached == set(Stage.values)
    assert not StageTransition.objects.filter(source="").exists()
    assert not StageRequirement.objects.filter(source="").exists()
    assert set(StageRequirement.objects.values_list("stage", "check_code")) >= {
        ("departed", "valid_passport"),
        ("departed", "contract_recorded"),
        ("contracted", "contract_recorded"),
        ("job_ready", "profile_recorded"),
    }


def test_the_rules_are_in_the_admin(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root@example.org", "x" * 20)
    client.force_login(admin)

    assert client.get("/admin/people/stagetransition/").status_code == 200
    assert client.get("/admin/people/stagerequirement/").status_code == 200


def test_a_move_is_audited_with_the_rule_checked(caseworker, worker):
    profile(caseworker, worker)

    move(caseworker, worker, "profiled", reason="Interview done")

    entry = AuditEvent.objects.filter(worker_id=worker.pk, changes__has_key="stage").get()
    assert entry.changes == {
        "stage": ["registered", "profiled"],
        "reason": [None, "Interview done"],
    }


def test_a_workflow_move_obeys_the_rules_too(worker):
    from corridor.accounts.tests.factories import member

    provider = member(name="A training provider")
    before = snapshot(worker)

    with pytest.raises(ValidationError):
        services.move_stage(
            actor=actor(provider), worker=worker, stage="departed", reason="x", by_workflow=True
        )

    assert snapshot(worker) == before
