"""The demo training loads through the services on top of the main demo."""

import pytest
from django.test import Client

from corridor.accounts.models import Organisation, User
from corridor.demo.loader import DEMO_PASSWORD, load_demo
from corridor.demo.training import PROVIDER_NAME, TRAINER_EMAIL
from corridor.people.models import Document, DocumentType, TimelineEvent, TimelineKind
from corridor.people.timeline import TimelineMessage
from corridor.training.models import Certificate, Cohort, Course, Enrolment, EnrolmentStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The demo is slow to load: once for this module, removed afterwards."""
    from django.db import transaction
    from django.test import override_settings

    # The function-scoped fast hasher of conftest is not active here: set it for the load.
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast, transaction.atomic():
        load_demo(workers=300)  # calls load_training
        yield Certificate.objects.count()
        transaction.set_rollback(True)


def test_the_demo_has_four_courses_three_cohorts_and_ten_certificates(loaded):
    provider = Organisation.objects.get(name=PROVIDER_NAME)

    assert loaded == 10
    assert provider.type == "training_provider"
    assert sorted(Course.objects.filter(provider=provider).values_list("type", "hours")) == [
        ("orientation", 16),
        ("russian_exam", 36),
        ("russian_language", 72),
        ("vocational", 120),
    ]
    assert Cohort.objects.count() == 3
    assert Certificate.objects.count() == 10
    assert [c.status() for c in Certificate.objects.all()].count("revoked") == 1


def test_one_cohort_is_full_with_a_waiting_list_and_a_promotion(loaded):
    full = Cohort.objects.get(course__type="russian_language")
    in_cohort = Enrolment.objects.filter(cohort=full)

    assert in_cohort.holding_places().count() == full.capacity
    assert in_cohort.filter(status=EnrolmentStatus.WAITING).count() == 2
    assert in_cohort.filter(status=EnrolmentStatus.DROPPED).count() == 1
    assert (
        TimelineEvent.objects.filter(
            kind=TimelineKind.TRAINING, message=TimelineMessage.TRAINING_PROMOTED
        ).count()
        == 1
    )
    first_session = full.sessions.first()
    assert first_session is not None
    assert first_session.attendance.exists()


def test_exam_certificates_feed_matching_and_passers_are_job_ready(loaded):
    exam = Certificate.objects.filter(enrolment__cohort__course__type="russian_exam")

    valid = [c for c in exam if c.status() == "valid"]
    assert len(valid) == 6
    assert Document.objects.filter(type=DocumentType.LANGUAGE_CERTIFICATE).count() == 6
    assert {c.document.number if c.document else None for c in valid} == {c.code for c in valid}
    moved = TimelineEvent.objects.filter(to_stage="job_ready", actor__email=TRAINER_EMAIL)
    assert moved.count() >= 1


def test_the_trainer_logs_in_and_the_verify_page_shows_valid_and_revoked(loaded):
    trainer = User.objects.get(email=TRAINER_EMAIL)
    assert trainer.check_password(DEMO_PASSWORD)
    assert trainer.active_memberships[0].role == "partner"
    client = Client(headers={"accept-language": "en"})
    revoked = next(c for c in Certificate.objects.all() if c.status() == "revoked")
    valid = next(c for c in Certificate.objects.all() if c.status() == "valid")

    assert ">revoked<" in client.get(f"/verify/{revoked.code}/").content.decode()
    assert ">valid<" in client.get(f"/verify/{valid.code}/").content.decode()
