"""Every organisation-owned model is scoped; a new model cannot forget its tenant filter.

The walk covers every installed corridor app: a model that can reach a worker (a chain of at
most three foreign keys to `people.Worker`) or holds a person's name or contact must be
organisation-owned (a direct `organisation` foreign key and `for_user()`) or be declared below.
Every scoped model, and every model keyed by an organisation, scopes through the one base in
`core.scoping` (its guard for nobody signed in runs before the model's rule).
"""

from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.test.utils import isolate_apps

from corridor.accounts.models import Organisation
from corridor.core.models import ORGANISATION_OWNED_MODELS
from corridor.core.scoping import ScopedQuerySet

# Models that can reach a worker or hold personal data and still carry no scope of their own,
# each with the reason. Adding a model here is a decision, not a way round the test.
UNSCOPED = {
    "people.WorkerNameKey": "a worker's name search keys, read through their parent "
    "people.Worker (identity's duplicate check reads them across the registry by design)",
    "people.WorkerLanguage": "a worker's language, read through its parent people.Worker",
    "people.WorkerOccupation": "a worker's occupation, read through its parent people.Worker",
    "people.SignInCode": "a worker's sign-in code, read through its parent people.Worker "
    "(WorkerChildQuerySet) and by phone only in people.worker_accounts, which opens the "
    "worker's own account",
    "recruitment.MatchFeatures": "matching's derived copy of a worker, read only by "
    "recruitment.matching, whose results are shown through people.Worker",
    "recruitment.MatchOccupation": "matching's derived copy of a worker's occupations, read "
    "only by recruitment.matching, whose results are shown through people.Worker",
    "core.AuditEvent": "the append-only audit log, read through its own for_auditor() and "
    "views_of_worker() (a plain organisation_id, so events outlive what they name)",
    "accounts.User": "logins (staff and workers): no worker row, listed by accounts' pages "
    "through memberships",
    "support.PartnerService": "the partner catalogue every referrer reads: its contact is a "
    "service desk's, not a person's",
}

# Models with a direct `organisation` foreign key that are not scoped by `core.scoping`, each
# with the reason (the key says whose they are, not who may read them).
ORGANISATION_KEYED_UNSCOPED = {
    "accounts.Membership": "who belongs to an organisation in which role: read through the "
    "user's own memberships and accounts' administration (OrganisationQuerySet.administered_by)",
    "programmes.OrganisationIdentity": "an organisation's IATI identifier, public reference "
    "data of the reporting organisation",
    "support.PartnerService": UNSCOPED["support.PartnerService"],
}

# Field names that hold a person's name, birth date or contact, wherever they appear.
PERSONAL_DATA_FIELDS = {
    "family_name",
    "given_name",
    "patronymic",
    "full_name",
    "birth_date",
    "phone",
    "email",
    "messenger_handle",
    "complainant_name",
    "complainant_contact",
    "against_name",
    "payee_name",
    "contact_email",
    "contact_phone",
    "ip_address",
}

MAX_HOPS = 3


def _corridor_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m.__module__.startswith("corridor.")]


def _path_to_worker(model, hops: int = MAX_HOPS) -> list[str] | None:
    """The shortest chain of foreign keys (one-to-ones included) from `model` to a worker."""
    frontier: list[tuple[type[models.Model], list[str]]] = [(model, [])]
    for _hop in range(hops):
        following = []
        for current, path in frontier:
            for field in current._meta.concrete_fields:
                if not isinstance(field, models.ForeignKey):  # a OneToOneField is one too
                    continue
                step = [*path, f"{current._meta.label}.{field.name}"]
                if field.related_model._meta.label == "people.Worker":
                    return step
                following.append((field.related_model, step))
        frontier = following
    return None


def _personal_data_fields(model) -> set[str]:
    return {field.name for field in model._meta.concrete_fields} & PERSONAL_DATA_FIELDS


def _is_exposed(model) -> bool:
    """Whether the model can reach a worker or holds personal data of its own."""
    return _path_to_worker(model) is not None or bool(_personal_data_fields(model))


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
        "ApplicationStep",
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

    assert isinstance(queryset, ScopedQuerySet)


def _is_scoped(model) -> bool:
    return isinstance(model._default_manager.all(), ScopedQuerySet)


def _organisation_keyed(model) -> bool:
    try:
        field = model._meta.get_field("organisation")
    except Exception:  # FieldDoesNotExist
        return False
    return isinstance(field, models.ForeignKey) and field.related_model is Organisation


def _scoped_without_the_base(candidates, declared) -> list[str]:
    """Models that reach a worker, are keyed by an organisation, or offer for_user(), and are
    neither scoped through `core.scoping` nor declared."""
    return [
        model._meta.label
        for model in candidates
        if (_is_exposed(model) or _organisation_keyed(model) or _offers_for_user(model))
        and model._meta.label not in declared
        and not _is_scoped(model)
    ]


def _offers_for_user(model) -> bool:
    return callable(getattr(model._default_manager.all(), "for_user", None))


def test_every_model_that_reaches_a_worker_or_an_organisation_scopes_through_the_base():
    declared = UNSCOPED.keys() | ORGANISATION_KEYED_UNSCOPED.keys()

    assert _scoped_without_the_base(_corridor_models(), declared) == []


def test_the_declared_organisation_keyed_models_exist_and_are_not_scoped():
    by_label = {model._meta.label: model for model in _corridor_models()}

    assert ORGANISATION_KEYED_UNSCOPED.keys() <= by_label.keys()
    assert [
        label
        for label in ORGANISATION_KEYED_UNSCOPED
        if not _organisation_keyed(by_label[label]) or _is_scoped(by_label[label])
    ] == []


@isolate_apps("corridor.core")
def test_a_new_model_that_reaches_a_worker_with_a_hand_written_for_user_fails():
    from corridor.people.models import Worker

    class HandWrittenQuerySet(models.QuerySet):
        def for_user(self, user):  # no guard, no base: what the registry must catch
            return self.filter(worker__organisation__memberships__user=user)

    class Note(models.Model):
        organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
        worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="+")
        objects = HandWrittenQuerySet.as_manager()

        def __str__(self):
            return "note"

    class Tag(models.Model):  # keyed by an organisation only, no worker
        organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")

        def __str__(self):
            return "tag"

    assert _scoped_without_the_base([Note, Tag], declared=set()) == ["core.Note", "core.Tag"]


def test_a_scoped_queryset_may_not_write_its_own_for_user():
    with pytest.raises(TypeError, match="write scope"):

        class Unguarded(ScopedQuerySet):
            def for_user(self, user):
                return self


def _scoped_rows(model: type[models.Model]) -> ScopedQuerySet:
    """All rows of a registered model, as the scoped queryset its default manager gives."""
    rows = model._default_manager.all()
    assert isinstance(rows, ScopedQuerySet), model
    return rows


def test_a_deactivated_login_sees_nothing_through_any_scope(populated):
    owner, _stranger = populated
    owner.is_active = False

    seen = {
        model._meta.label: _scoped_rows(model).for_user(owner).count()
        for model in ORGANISATION_OWNED_MODELS
    }

    assert seen == dict.fromkeys(seen, 0)


def test_the_walk_follows_foreign_keys_to_a_worker_through_their_parents():
    from corridor.grievances.models import ComplaintReminder
    from corridor.recruitment.models import ApplicationStep, Vacancy

    assert _path_to_worker(ApplicationStep) == [
        "recruitment.ApplicationStep.application",
        "recruitment.Application.worker",
    ]
    assert _path_to_worker(ComplaintReminder) == [
        "grievances.ComplaintReminder.complaint",
        "grievances.Complaint.worker",
    ]
    assert _path_to_worker(Vacancy) is None
    assert _path_to_worker(ApplicationStep, hops=1) is None


def test_every_model_that_reaches_a_worker_or_holds_personal_data_is_scoped_or_declared():
    registered = {model._meta.label for model in ORGANISATION_OWNED_MODELS}
    unscoped = {
        model._meta.label: (_path_to_worker(model), sorted(_personal_data_fields(model)))
        for model in _corridor_models()
        if _is_exposed(model) and model._meta.label not in registered | UNSCOPED.keys()
    }

    assert unscoped == {}


def test_the_declared_unscoped_models_exist_are_exposed_and_are_not_registered():
    by_label = {model._meta.label: model for model in _corridor_models()}
    registered = {model._meta.label for model in ORGANISATION_OWNED_MODELS}

    assert UNSCOPED.keys() <= by_label.keys()  # the allow-list holds no stale names
    assert [label for label in UNSCOPED if not _is_exposed(by_label[label])] == []
    assert UNSCOPED.keys() & registered == set()


def test_every_registered_model_is_a_corridor_model_that_is_exposed():
    corridor = _corridor_models()

    assert [m._meta.label for m in ORGANISATION_OWNED_MODELS if m not in corridor] == []
    # Groups and meetings name no worker themselves, but they are a centre's own records;
    # notifications name a worker only in their text, and are one member's own.
    assert [m._meta.label for m in ORGANISATION_OWNED_MODELS if not _is_exposed(m)] == [
        "accounts.Notification",
        "support.AssistanceGroup",
        "support.Meeting",
    ]


@pytest.fixture
def populated(db):
    """At least one row of every registered model, all of the owner's organisation; the
    stranger is a member of another organisation."""
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
    _warn_of_a_document_expiring(owner, worker)
    return owner, stranger


def _warn_of_a_document_expiring(owner, worker):
    """A notification for the owner: a document of their centre's worker expires soon."""
    import datetime

    from corridor.people.expiry import warn_expiring_documents
    from corridor.people.tests import factories

    today = datetime.date.today()
    factories.add_document(
        owner, worker, type="work_patent", number="P-77", expiry_date=today + datetime.timedelta(5)
    )
    assert warn_expiring_documents(today=today) == 1


def test_every_registered_model_hides_its_rows_from_a_user_of_another_organisation(populated):
    owner, stranger = populated

    for model in ORGANISATION_OWNED_MODELS:
        rows = _scoped_rows(model)
        assert rows.count() >= 1, model
        assert rows.for_user(owner).count() == rows.count(), model
        assert rows.for_user(stranger).count() == 0, model


def test_every_registered_model_shows_an_anonymous_user_nothing(populated):
    seen = {
        model._meta.label: _scoped_rows(model).for_user(AnonymousUser()).count()
        for model in ORGANISATION_OWNED_MODELS
    }

    assert seen == dict.fromkeys(seen, 0)


# QuerySet methods that narrow rows to what a user may see or change.
SCOPE_METHODS = (
    "for_user",
    "editable_by",
    "managed_by",
    "administered_by",
    "sent_by",
    "received_by",
    "of_complainant",
)


def test_every_scope_of_every_corridor_model_gives_an_anonymous_user_nothing(populated):
    seen = {
        f"{model._meta.label}.{name}": getattr(model._default_manager.all(), name)(
            AnonymousUser()
        ).count()
        for model in _corridor_models()
        for name in SCOPE_METHODS
        if callable(getattr(model._default_manager.all(), name, None))
    }

    assert "recruitment.Vacancy.editable_by" in seen  # scopes of unregistered models count too
    assert seen == dict.fromkeys(seen, 0)


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
    from corridor.recruitment.models import VacancyInterest
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
    # The worker said they were interested, from their own pages (portal).
    VacancyInterest.objects.create(organisation=worker.organisation, worker=worker, vacancy=job)
    application = pipeline.create_application(actor=actor(owner), worker=worker, vacancy=job)
    pipeline.move_application(actor=actor(owner), application=application, status="shortlisted")
    pipeline.make_offer(
        actor=actor(employer),
        application=application,
        wage_rub=Decimal(95000),
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
        amount=Decimal("10000"),
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
