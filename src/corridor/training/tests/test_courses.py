"""Courses and cohorts: who writes them, and who may make the worker pay."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from corridor.accounts.models import OrganisationType
from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import OrganisationFactory, member
from corridor.core.models import AuditEvent
from corridor.people.tests.factories import actor, register
from corridor.training import courses, enrolments
from corridor.training.models import Cohort, Course
from corridor.training.tests.factories import cohort, course, days, enrol, provider_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider():
    return provider_user()


def office_user():
    office = OrganisationFactory.create(type=OrganisationType.PROGRAMME_OFFICE, country="RU")
    return member(Role.MANAGER, office)


def test_a_provider_creates_a_course_and_it_is_audited(provider):
    created = course(provider, title="  Русский   язык ", type="russian_language", hours=72)

    assert created.title == "Русский язык"
    assert created.language_id == "ru"
    assert created.isco_id is None
    assert AuditEvent.objects.filter(object_type="training.course", object_id=str(created.pk))


def test_a_vocational_course_names_its_trade(provider):
    with pytest.raises(ValidationError) as caught:
        course(provider, title="Welding", type="vocational")

    assert "isco" in caught.value.message_dict
    assert course(provider, title="Welding", type="vocational", isco_code="7212").isco_id == "7212"


def test_the_worker_cannot_be_the_payer_unless_the_programme_allows_it(provider):
    with pytest.raises(ValidationError) as caught:
        course(provider, payer="worker")

    assert caught.value.message_dict["payer"][0].startswith(
        "The worker may pay only where the programme office allows it"
    )
    assert Course.objects.count() == 0


def test_the_programme_office_allows_the_worker_to_pay_for_one_course(provider):
    offered = course(provider)
    with pytest.raises(PermissionDenied):
        courses.set_worker_payment_allowed(actor=actor(provider), course=offered, allowed=True)

    courses.set_worker_payment_allowed(actor=actor(office_user()), course=offered, allowed=True)
    changed = courses.update_course(
        actor=actor(provider), course=offered, values={"payer": "worker"}
    )

    assert (changed.payer, changed.worker_pays_allowed) == ("worker", True)


def test_the_permission_cannot_be_withdrawn_while_the_worker_pays(provider):
    offered = course(provider)
    office = office_user()
    courses.set_worker_payment_allowed(actor=actor(office), course=offered, allowed=True)
    courses.update_course(actor=actor(provider), course=offered, values={"payer": "worker"})

    with pytest.raises(ValidationError):
        courses.set_worker_payment_allowed(actor=actor(office), course=offered, allowed=False)

    offered.refresh_from_db()
    assert offered.worker_pays_allowed is True


def test_only_providers_and_ngos_run_courses():
    centre_caseworker = member()

    with pytest.raises(ValidationError) as caught:
        courses.create_course(
            actor=actor(centre_caseworker),
            provider=centre_caseworker.active_memberships[0].organisation,
            values={"title": "Course", "type": "orientation", "hours": 8, "payer": "programme"},
            language="ru",
        )

    assert "provider" in caught.value.message_dict


def test_another_providers_staff_cannot_add_a_course_or_cohort(provider):
    other = provider_user(name="Other provider")
    offered = course(provider)

    with pytest.raises(PermissionDenied):
        courses.create_course(
            actor=actor(other),
            provider=provider.active_memberships[0].organisation,
            values={"title": "Course", "type": "orientation", "hours": 8, "payer": "programme"},
            language="ru",
        )
    with pytest.raises(PermissionDenied):
        cohort(other, offered)

    assert Course.objects.count() == 1
    assert Cohort.objects.count() == 0


def test_sessions_fall_inside_the_cohort(provider):
    with pytest.raises(ValidationError) as caught:
        cohort(provider, course(provider), sessions=[days(-7), days(40)])

    assert "sessions" in caught.value.message_dict
    assert Cohort.objects.count() == 0


def test_a_cohort_ends_after_it_starts(provider):
    with pytest.raises(ValidationError) as caught:
        cohort(provider, course(provider), start=days(5), end=days(1), sessions=[])

    assert "end_date" in caught.value.message_dict


def test_a_session_with_attendance_stays(provider):
    caseworker = member()
    group = cohort(provider, course(provider))
    first = group.sessions.order_by("date").first()
    enrolment = enrol(caseworker, group, register(caseworker))
    enrolments.record_attendance(
        actor=actor(provider), session=first, marks={enrolment.pk: "present"}
    )

    with pytest.raises(ValidationError):
        courses.update_cohort(
            actor=actor(provider), cohort=group, values={}, session_dates=[days(3)]
        )

    assert group.sessions.count() == 3


def test_weekdays_between_skips_the_weekend():
    monday = datetime.date(2026, 3, 2)
    days_found = courses.weekdays_between(monday, monday + datetime.timedelta(days=13))

    assert len(days_found) == 10
    assert all(day.weekday() < 5 for day in days_found)
