"""Who sees training rows about a worker: the worker's centre, the provider, the worker."""

import pytest

from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import member
from corridor.core.models import ORGANISATION_OWNED_MODELS
from corridor.people.models import Worker
from corridor.training.models import Attendance, Certificate, Cohort, Course, Enrolment
from corridor.training.tests.factories import provider_user, train_one_worker

pytestmark = pytest.mark.django_db

TRAINING_MODELS = (Enrolment, Attendance, Certificate)


def test_the_training_models_about_a_worker_are_registered():
    assert set(TRAINING_MODELS) <= set(ORGANISATION_OWNED_MODELS)
    assert not {Course, Cohort} & set(ORGANISATION_OWNED_MODELS)


def test_the_workers_centre_and_the_provider_see_the_rows_and_others_none():
    owner = member()
    certificate = train_one_worker(owner)
    provider = certificate.enrolment.cohort.course.provider.memberships.get().user
    strangers = [member(), provider_user(name="Another provider"), member(Role.RECRUITER)]

    for model in TRAINING_MODELS:
        rows = model._default_manager.all()
        assert rows.count() == 1, model
        assert rows.for_user(owner).count() == 1, model
        assert rows.for_user(provider).count() == 1, model
        for stranger in strangers:
            assert rows.for_user(stranger).count() == 0, (model, stranger)


def test_the_worker_sees_their_own_training():
    owner = member()
    certificate = train_one_worker(owner)
    self_service = member(Role.WORKER, owner.active_memberships[0].organisation)
    Worker.objects.filter(pk=certificate.worker_id).update(user=self_service)

    assert Certificate.objects.for_user(self_service).get() == certificate
    assert Enrolment.objects.for_user(self_service).count() == 1


def test_courses_and_cohorts_are_read_by_training_users_only():
    owner = member()
    train_one_worker(owner)

    assert Course.objects.for_user(owner).count() == 1
    assert Cohort.objects.for_user(owner).count() == 1
    assert Course.objects.for_user(member(Role.DONOR)).count() == 0
