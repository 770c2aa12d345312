"""Employers, vacancies and job-ready workers through the real services."""

import datetime

from corridor.accounts.models import OrganisationType
from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import OrganisationFactory, member
from corridor.people import services as people_services
from corridor.people.tests.factories import actor, add_document, give_consent, register
from corridor.recruitment.vacancies import LanguageRequirement, create_vacancy

SBERBANK_INN = "7707083893"
YANDEX_INN = "7736207543"


def employer_user(name="ООО «СтройМонтаж»", inn=SBERBANK_INN, **fields):
    organisation = OrganisationFactory.create(
        type=OrganisationType.EMPLOYER, country="RU", name=name, inn=inn, **fields
    )
    return member(Role.EMPLOYER, organisation)


def recruiter_user(**fields):
    organisation = OrganisationFactory.create(
        **{
            "type": OrganisationType.RECRUITER,
            "country": "RU",
            "name": "Кадровое агентство «Мост»",
            "licence_number": "L-77-001",
            "licence_valid_until": datetime.date.today() + datetime.timedelta(days=365),
            **fields,
        }
    )
    return member(Role.RECRUITER, organisation)


def organisation_of(user):
    return user.active_memberships[0].organisation


def vacancy(user, *, employer=None, recruiter=None, languages=None, isco_code="7212", **values):
    fields = {
        "title": "Электрогазосварщик",
        "wage_min": 90000,
        "wage_max": 120000,
        "places": 3,
        "status": "open",
        "start_date": datetime.date.today() + datetime.timedelta(days=60),
        **values,
    }
    return create_vacancy(
        actor=actor(user),
        employer=employer or organisation_of(user),
        recruiter=recruiter,
        region=values.pop("region", "RU-MOW"),
        isco_code=isco_code,
        values=fields,
        languages=languages if languages is not None else [LanguageRequirement("ru", "A2")],
    )


def job_ready_worker(
    caseworker, *, isco="7212", years=5, passport_expiry=None, consent=True, **details
):
    """A registered worker with an occupation, Russian A2, a valid passport, consent, job-ready."""
    worker = register(caseworker, **details)
    people_services.update_worker(
        actor=actor(caseworker),
        worker=worker,
        details={},
        languages=[people_services.LanguageSkill("ru", "B1")],
        occupations=[people_services.Experience(isco, years)],
    )
    add_document(
        caseworker,
        worker,
        expiry_date=passport_expiry or datetime.date.today() + datetime.timedelta(days=3 * 365),
        issue_date=datetime.date.today() - datetime.timedelta(days=365),
    )
    if consent:
        give_consent(caseworker, worker)
    # The stage rules (people.stage_rules): profiled first, then job-ready.
    people_services.move_stage(
        actor=actor(caseworker), worker=worker, stage="profiled", reason="Skills interview"
    )
    people_services.move_stage(
        actor=actor(caseworker), worker=worker, stage="job_ready", reason="Trained and tested"
    )
    worker.refresh_from_db()
    return worker


def programme_office_user(role=Role.MANAGER):
    """Staff of the programme office, which may see every candidate."""
    organisation = OrganisationFactory.create(
        type=OrganisationType.PROGRAMME_OFFICE, name="Programme office"
    )
    return member(role, organisation)
