"""Every organisation-owned model is scoped; a new model cannot forget its tenant filter."""

import pytest
from django.apps import apps
from django.db import models

from corridor.accounts.models import Organisation
from corridor.core.models import ORGANISATION_OWNED_MODELS

# Rows that only make sense inside one worker and are only ever read through that worker,
# which is itself scoped. Adding a model here is a decision, not a way round the test.
WORKER_PARTS = {"WorkerNameKey", "WorkerLanguage", "WorkerOccupation"}


def test_registry_lists_the_people_and_recruitment_models():
    names = {model.__name__ for model in ORGANISATION_OWNED_MODELS}

    assert {
        "Worker",
        "Document",
        "FamilyMember",
        "ConsentRecord",
        "TimelineEvent",
        "AccessGrant",
        "JobProfile",
        "Application",
        "Contract",
        "Payment",
    } <= names


@pytest.mark.parametrize("model", ORGANISATION_OWNED_MODELS, ids=lambda m: m._meta.label)
def test_registered_model_has_a_direct_organisation_foreign_key(model):
    field = model._meta.get_field("organisation")

    assert isinstance(field, models.ForeignKey)
    assert field.related_model is Organisation


@pytest.mark.parametrize("model", ORGANISATION_OWNED_MODELS, ids=lambda m: m._meta.label)
def test_registered_model_default_manager_scopes_by_user(model):
    queryset = model._default_manager.all()

    assert callable(getattr(queryset, "for_user", None))


def _has_worker_foreign_key(model) -> bool:
    return any(
        isinstance(field, models.ForeignKey)
        and field.related_model is not None
        and field.related_model._meta.label == "people.Worker"
        for field in model._meta.get_fields()
    )


def test_every_people_model_with_a_worker_is_registered_or_a_declared_worker_part():
    registered = {model.__name__ for model in ORGANISATION_OWNED_MODELS}
    with_worker = {
        model.__name__
        for model in apps.get_app_config("people").get_models()
        if _has_worker_foreign_key(model)
    }

    assert with_worker - registered - WORKER_PARTS == set()
    assert with_worker >= WORKER_PARTS  # the allow-list holds no stale names


@pytest.mark.django_db
def test_every_registered_model_hides_its_rows_from_a_user_of_another_organisation():
    from corridor.accounts.tests.factories import member, recruiter
    from corridor.people.tests import factories

    owner, stranger = member(), member()
    worker = factories.register(owner)
    factories.add_document(owner, worker)
    factories.add_family_member(owner, worker)
    factories.share(owner, worker, recruiter().active_memberships[0].organisation)
    _pair_and_merge(owner, worker, factories.register(owner))
    _hire(owner)
    _complain(owner)
    from corridor.training.tests.factories import train_one_worker

    train_one_worker(owner)  # one enrolment, attendance and certificate for owner's worker
    _refer_and_group(owner, worker)

    for model in ORGANISATION_OWNED_MODELS:
        rows = model._default_manager.all()
        assert rows.count() >= 1, model
        assert rows.for_user(owner).count() == rows.count(), model
        assert rows.for_user(stranger).count() == 0, model


def _pair_and_merge(owner, worker, duplicate):
    from corridor.core.audit import Actor
    from corridor.identity.models import DuplicatePair
    from corridor.identity.services import merge_from_pair

    pair = DuplicatePair.objects.create(
        organisation=worker.organisation,
        worker_a=worker,
        worker_b=duplicate,
        match_probability=0.99,
        model_version="test",
    )
    actor = Actor(user=owner, organisation_id=worker.organisation_id)
    merge_from_pair(actor=actor, pair=pair, keep=worker.pk)


def _hire(owner):
    """A worker of `owner`'s centre taken to a contract, with a job profile and a payment."""
    from corridor.people.tests.factories import actor
    from corridor.recruitment import contracts, fees, pipeline, profiles
    from corridor.recruitment.tests.factories import (
        employer_user,
        job_ready_worker,
        organisation_of,
        recruiter_user,
        vacancy,
    )

    employer, agency = employer_user(), recruiter_user()
    worker = job_ready_worker(owner, given_name="Бахтиёр")
    profiles.set_job_profile(
        actor=actor(owner),
        worker=worker,
        preferred_regions=["RU-MOW"],
        expected_wage_rub=None,
        available_from=None,
        driving_licences=[],
        accepts_rotation=True,
    )
    job = vacancy(employer, recruiter=organisation_of(agency))
    application = pipeline.create_application(actor=actor(owner), worker=worker, vacancy=job)
    pipeline.move_application(actor=actor(owner), application=application, status="shortlisted")
    pipeline.make_offer(
        actor=actor(employer),
        application=application,
        wage_rub=95000,
        hours_per_week=40,
        housing="free",
    )
    pipeline.move_application(actor=actor(agency), application=application, status="accepted")
    contracts.generate_contract(actor=actor(agency), application=application)
    fees.record_payment(
        actor=actor(owner),
        worker=worker,
        application=application,
        payee_type="recruiter",
        purpose="recruitment_service",
        amount="10000",
        currency="RUB",
        paid_on=worker.created_at.date(),
    )


def _complain(owner):
    """A complaint handled by `owner`'s organisation with a file, a message, its first status
    step and an overdue reminder (owner is made a programme manager there to handle it)."""
    import datetime

    from django.core.files.uploadedfile import SimpleUploadedFile

    from corridor.accounts.models import Membership
    from corridor.core.audit import Actor
    from corridor.grievances import services

    organisation = owner.active_memberships[0].organisation
    Membership.objects.create(user=owner, organisation=organisation, role="manager")
    owner.__dict__.pop("active_memberships", None)  # memberships are cached on the user
    actor = Actor(user=owner, organisation_id=organisation.pk)
    complaint = services.file_complaint(
        actor=actor,
        channel="staff",
        details=services.ComplaintDetails(category="unpaid_wages", description="Не платят."),
        complainant=services.Complainant(relation="worker", name="Рустам Каримов"),
        uploads=[SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n", "image/png")],
        handling_organisation=organisation,
    )
    services.post_message(actor=actor, complaint=complaint, text="Принято.", to_complainant=True)
    services.record_overdue_reminders(today=complaint.due_on + datetime.timedelta(days=1))


def _refer_and_group(owner, worker):
    """A referral of `worker` to a partner's service, overdue and so reminded, and a group of
    `owner`'s centre with the worker as a member and one meeting."""
    import datetime

    from corridor.people.models import ConsentPurpose
    from corridor.people.tests.factories import actor, give_consent
    from corridor.support import groups
    from corridor.support.models import Referral
    from corridor.support.referrals import remind_overdue
    from corridor.support.tests.factories import offer, partner_user, refer

    give_consent(owner, worker, ConsentPurpose.REFERRALS)
    referral = refer(owner, worker, offer(partner_user()))
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    Referral.objects.filter(pk=referral.pk).update(due_date=yesterday)
    remind_overdue()
    group = groups.create_group(
        actor=actor(owner), organisation=worker.organisation, name="Ургут", country="UZ"
    )
    groups.add_member(actor=actor(owner), group=group, worker=worker)
    groups.record_meeting(
        actor=actor(owner), group=group, held_on=datetime.date.today(), topics="Переводы"
    )
