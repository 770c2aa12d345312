import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from corridor.accounts.models import EmployerStatus
from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import member
from corridor.core.models import AuditEvent
from corridor.people.models import AccessGrant, TimelineEvent, Worker
from corridor.people.tests.factories import actor, give_consent
from corridor.recruitment import pipeline
from corridor.recruitment.models import Application, ApplicationStep
from corridor.recruitment.tests.factories import (
    employer_user,
    job_ready_worker,
    organisation_of,
    recruiter_user,
    vacancy,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    caseworker, employer, recruiter = member(), employer_user(), recruiter_user()
    job = vacancy(employer, recruiter=organisation_of(recruiter))
    worker = job_ready_worker(caseworker)
    return caseworker, employer, recruiter, job, worker


def stage_of(worker):
    return Worker.objects.get(pk=worker.pk).stage


def test_the_centre_shortlists_and_recruiter_and_employer_take_the_worker_to_accepted(setting):
    caseworker, employer, recruiter, job, worker = setting
    as_recruiter, as_employer = actor(recruiter), actor(employer)

    application = pipeline.create_application(actor=actor(caseworker), worker=worker, vacancy=job)
    assert (application.status, stage_of(worker)) == ("suggested", "job_ready")
    assert application.match_score == pytest.approx(0.985)  # no region preference: 0.75 of 0.06

    pipeline.move_application(
        actor=actor(caseworker), application=application, status="shortlisted"
    )
    assert stage_of(worker) == "matched"
    shared_with = set(
        AccessGrant.objects.active().filter(worker=worker).values_list("organisation", flat=True)
    )
    assert shared_with == {organisation_of(employer).pk, organisation_of(recruiter).pk}

    pipeline.move_application(actor=as_employer, application=application, status="interviewed")
    pipeline.make_offer(
        actor=as_employer,
        application=application,
        wage_rub=Decimal(95000),
        hours_per_week=40,
        housing="free",
    )
    assert stage_of(worker) == "offered"
    pipeline.move_application(actor=as_recruiter, application=application, status="accepted")
    application.refresh_from_db()
    assert (application.status, application.offered_wage_rub) == ("accepted", Decimal(95000))

    steps = list(
        ApplicationStep.objects.filter(application=application).values_list("to_status", flat=True)
    )
    assert steps == ["suggested", "shortlisted", "interviewed", "offered", "accepted"]
    entries = list(TimelineEvent.objects.filter(worker=worker, kind="application").order_by("at"))
    assert [entry.message for entry in entries] == [
        "application_step",
        "application_step",
        "application_step",
        "application_offered",
        "application_step",
    ]
    with translation.override("ru"):
        assert entries[3].text.endswith(
            ": получено предложение о работе — 95000 руб. в месяц, 40 ч в неделю"
        )
    assert AuditEvent.objects.filter(object_id=str(application.pk)).count() == 5


def test_steps_cannot_be_skipped_and_ending_needs_a_reason(setting):
    caseworker, employer, recruiter, job, worker = setting
    application = pipeline.create_application(actor=actor(caseworker), worker=worker, vacancy=job)

    with pytest.raises(ValidationError, match="cannot move"):
        pipeline.move_application(
            actor=actor(recruiter), application=application, status="employed"
        )
    with pytest.raises(ValidationError, match="Say why"):
        pipeline.move_application(
            actor=actor(recruiter), application=application, status="rejected"
        )
    with pytest.raises(ValidationError, match="Shortlist"):
        pipeline.make_offer(
            actor=actor(recruiter),
            application=application,
            wage_rub=Decimal(95000),
            hours_per_week=40,
            housing="none",
        )
    # Before the shortlist the application is not the employer's to act on at all.
    with pytest.raises(PermissionDenied):
        pipeline.make_offer(
            actor=actor(employer),
            application=application,
            wage_rub=Decimal(95000),
            hours_per_week=40,
            housing="none",
        )
    assert Application.objects.get().status == "suggested"


def test_a_rejected_application_sends_the_worker_back_to_job_ready(setting):
    caseworker, employer, _recruiter, job, worker = setting
    application = pipeline.create_application(actor=actor(caseworker), worker=worker, vacancy=job)
    pipeline.move_application(
        actor=actor(caseworker), application=application, status="shortlisted"
    )

    pipeline.move_application(
        actor=actor(employer),
        application=application,
        status="rejected",
        reason="Chose another welder",
    )

    application.refresh_from_db()
    assert (application.status, application.end_reason) == ("rejected", "Chose another welder")
    assert stage_of(worker) == "job_ready"


def test_no_consent_means_no_application_and_no_sharing(setting):
    caseworker, _employer, _recruiter, job, worker = setting
    give_consent(caseworker, worker, is_given=False)

    with pytest.raises(ValidationError, match="consented"):
        pipeline.create_application(actor=actor(caseworker), worker=worker, vacancy=job)
    assert not Application.objects.exists()
    assert not AccessGrant.objects.filter(worker=worker).exists()


def test_withdrawn_consent_blocks_the_shortlist_and_shares_nothing(setting):
    caseworker, _employer, _recruiter, job, worker = setting
    application = pipeline.create_application(actor=actor(caseworker), worker=worker, vacancy=job)
    give_consent(caseworker, worker, is_given=False)

    with pytest.raises(ValidationError, match="withdrawn consent"):
        pipeline.move_application(
            actor=actor(caseworker), application=application, status="shortlisted"
        )
    assert Application.objects.get().status == "suggested"
    assert not AccessGrant.objects.filter(worker=worker).exists()


def test_an_expired_licence_or_a_blocked_employer_blocks_new_work(setting):
    caseworker, employer, recruiter, job, worker = setting
    agency = organisation_of(recruiter)
    agency.licence_valid_until = datetime.date.today() - datetime.timedelta(days=1)
    agency.save()

    with pytest.raises(ValidationError, match="licence"):
        pipeline.create_application(actor=actor(caseworker), worker=worker, vacancy=job)

    agency.licence_valid_until = None
    agency.licence_revoked_on = datetime.date.today()
    agency.save()
    with pytest.raises(ValidationError, match="licence"):
        pipeline.create_application(actor=actor(caseworker), worker=worker, vacancy=job)

    agency.licence_revoked_on = None
    agency.save()
    company = organisation_of(employer)
    company.employer_status = EmployerStatus.BLOCKED
    company.save()
    with pytest.raises(ValidationError, match="blocked"):
        pipeline.create_application(actor=actor(caseworker), worker=worker, vacancy=job)
    assert not Application.objects.exists()


def test_an_organisation_outside_the_application_may_not_move_it(setting):
    caseworker, _employer, _recruiter, job, worker = setting
    application = pipeline.create_application(actor=actor(caseworker), worker=worker, vacancy=job)
    stranger = employer_user(name="ООО «Другая»", inn="7736207543")

    with pytest.raises(PermissionDenied):
        pipeline.move_application(
            actor=actor(stranger), application=application, status="shortlisted"
        )
    with pytest.raises(PermissionDenied):
        pipeline.create_application(
            actor=actor(member(role=Role.DONOR)), worker=worker, vacancy=job
        )
    assert Application.objects.get().status == "suggested"


def test_an_offer_below_the_wage_range_is_refused(setting):
    caseworker, employer, _recruiter, job, worker = setting
    application = pipeline.create_application(actor=actor(caseworker), worker=worker, vacancy=job)
    pipeline.move_application(
        actor=actor(caseworker), application=application, status="shortlisted"
    )

    with pytest.raises(ValidationError, match="below"):
        pipeline.make_offer(
            actor=actor(employer),
            application=application,
            wage_rub=Decimal(50000),
            hours_per_week=40,
            housing="none",
        )
    application.refresh_from_db()
    assert application.offered_at is None


def test_filling_every_place_fills_the_vacancy():
    caseworker, employer, recruiter = member(), employer_user(), recruiter_user()
    job = vacancy(employer, recruiter=organisation_of(recruiter), places=1)
    worker = job_ready_worker(caseworker)
    application = pipeline.create_application(actor=actor(caseworker), worker=worker, vacancy=job)
    pipeline.move_application(
        actor=actor(caseworker), application=application, status="shortlisted"
    )
    pipeline.make_offer(
        actor=actor(employer),
        application=application,
        wage_rub=Decimal(95000),
        hours_per_week=40,
        housing="free",
    )
    pipeline.move_application(actor=actor(recruiter), application=application, status="accepted")
    # contracted needs the contract document; skip straight through with the step function.
    application.status = "arrived"
    application.save()
    # ... and the worker with it (the stage rules would refuse "offered" -> "employed").
    Worker.objects.filter(pk=worker.pk).update(stage="arrived")

    pipeline.move_application(actor=actor(employer), application=application, status="employed")

    job.refresh_from_db()
    assert job.status == "filled"


def test_merging_duplicate_records_moves_the_application_and_refreshes_matching(setting):
    from corridor.identity.services import merge_workers, undo_merge
    from corridor.recruitment.features import refresh_stale
    from corridor.recruitment.models import MatchFeatures

    caseworker, _employer, _recruiter, job, worker = setting
    duplicate = job_ready_worker(caseworker, given_name="Шахзодбек")
    application = pipeline.create_application(
        actor=actor(caseworker), worker=duplicate, vacancy=job
    )

    merge = merge_workers(actor=actor(caseworker), kept=worker, merged=duplicate)
    refresh_stale()

    assert Application.objects.get(pk=application.pk).worker_id == worker.pk
    assert not MatchFeatures.objects.filter(worker=duplicate).exists()
    undo_merge(actor=actor(caseworker), merge=merge)
    refresh_stale()
    assert Application.objects.get(pk=application.pk).worker_id == duplicate.pk
    assert MatchFeatures.objects.filter(worker=duplicate, eligible=True).exists()


def test_a_merge_of_two_records_applying_for_one_vacancy_is_refused_and_changes_nothing(setting):
    from corridor.identity.services import merge_workers

    caseworker, _employer, _recruiter, job, worker = setting
    duplicate = job_ready_worker(caseworker, given_name="Шахзодбек")
    pipeline.create_application(actor=actor(caseworker), worker=worker, vacancy=job)
    pipeline.create_application(actor=actor(caseworker), worker=duplicate, vacancy=job)

    with pytest.raises(ValidationError, match="application"):
        merge_workers(actor=actor(caseworker), kept=worker, merged=duplicate)

    assert Worker.objects.get(pk=duplicate.pk).merged_into_id is None
    assert Application.objects.filter(worker=duplicate).count() == 1
