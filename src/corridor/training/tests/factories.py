"""Providers, courses, cohorts and trained workers, through the real training services."""

import datetime

from django.utils import timezone

from corridor.accounts.models import OrganisationType
from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import OrganisationFactory, member
from corridor.people import services as people_services
from corridor.people.tests.factories import actor, register
from corridor.training import certificates, courses, enrolments

TODAY = timezone.localdate()


def days(count: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=count)


def provider_user(name="Tashkent Vocational Training Centre", role=Role.PARTNER, **fields):
    """A member (partner role: manages training) of a new training provider."""
    organisation = OrganisationFactory.create(
        type=OrganisationType.TRAINING_PROVIDER, country="UZ", name=name, **fields
    )
    return member(role, organisation)


def organisation_of(user):
    return user.active_memberships[0].organisation


def course(user, **values):
    fields = {
        "title": "Подготовка к экзамену по русскому языку, истории и законодательству",
        "type": "russian_exam",
        "hours": 36,
        "payer": "programme",
        "required_for_job_ready": True,
        **values,
    }
    language = fields.pop("language", "ru")
    isco = fields.pop("isco_code", None)
    return courses.create_course(
        actor=actor(user),
        provider=organisation_of(user),
        values=fields,
        language=language,
        isco_code=isco,
    )


def cohort(user, course_, *, start=None, end=None, capacity=10, sessions=None, **values):
    start = start or days(-10)
    end = end or days(10)
    return courses.create_cohort(
        actor=actor(user),
        course=course_,
        values={
            "start_date": start,
            "end_date": end,
            "place": "Ташкент, ул. Нукус, 23",
            "capacity": capacity,
            "trainer_name": "Гульнора Ахмедова",
            **values,
        },
        session_dates=sessions if sessions is not None else [days(-7), days(-3), days(3)],
    )


def profiled_worker(caseworker, **details):
    """A registered worker moved to "profiled", with Russian (A2) among their languages."""
    worker = register(caseworker, **details)
    people_services.update_worker(
        actor=actor(caseworker),
        worker=worker,
        # Languages and skills: the profile the stage rules ask for before "profiled".
        details={"phone": "+998901234567", "skills": "Welding (MIG/MAG)"},
        languages=[
            people_services.LanguageSkill("uz", "native"),
            people_services.LanguageSkill("ru", "A2"),
        ],
    )
    people_services.move_stage(
        actor=actor(caseworker), worker=worker, stage="profiled", reason="Skills recorded"
    )
    worker.refresh_from_db()
    return worker


def enrol(caseworker, cohort_, worker, **kwargs):
    return enrolments.enrol_worker(actor=actor(caseworker), cohort=cohort_, worker=worker, **kwargs)


def complete(provider, enrolment, *, score=85, passed=True):
    enrolments.record_result(
        actor=actor(provider), enrolment=enrolment, score=score, is_passed=passed
    )
    return enrolments.complete_enrolment(actor=actor(provider), enrolment=enrolment)


def certified(provider, caseworker, worker=None, *, course_=None):
    """A worker of `caseworker`'s centre who passed a course of `provider`, with a certificate."""
    course_ = course_ or course(provider)
    worker = worker or profiled_worker(caseworker)
    enrolment = enrol(caseworker, cohort(provider, course_), worker)
    complete(provider, enrolment)
    return certificates.issue_certificate(actor=actor(provider), enrolment=enrolment)


def train_one_worker(owner):
    """One row of each training model (enrolment, attendance, certificate) about a worker of
    `owner`'s centre; for the organisation-owned registry test."""
    provider = provider_user()
    group = cohort(provider, course(provider))
    enrolment = enrol(owner, group, register(owner, given_name="Дилшод"))
    enrolments.record_attendance(
        actor=actor(provider),
        session=group.sessions.order_by("date").first(),
        marks={enrolment.pk: "present"},
    )
    complete(provider, enrolment)
    return certificates.issue_certificate(actor=actor(provider), enrolment=enrolment)
