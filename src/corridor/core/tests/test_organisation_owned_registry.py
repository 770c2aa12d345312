"""Every organisation-owned model is scoped; a new model cannot forget its tenant filter."""

import pytest
from django.apps import apps
from django.db import models

from corridor.accounts.models import Organisation
from corridor.core.models import ORGANISATION_OWNED_MODELS

# Rows that only make sense inside one worker and are only ever read through that worker,
# which is itself scoped. Adding a model here is a decision, not a way round the test.
WORKER_PARTS = {"WorkerNameKey", "WorkerLanguage", "WorkerOccupation"}


def test_registry_lists_the_people_models():
    names = {model.__name__ for model in ORGANISATION_OWNED_MODELS}

    assert {
        "Worker",
        "Document",
        "FamilyMember",
        "ConsentRecord",
        "TimelineEvent",
        "AccessGrant",
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
