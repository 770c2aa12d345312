"""Steps the recruitment pages' tests share: signing in, a vacancy form, a worker put
forward and an accepted application (through the real services)."""

import datetime

from corridor.people.models import Worker
from corridor.people.tests.factories import actor
from corridor.recruitment import pipeline

TODAY = datetime.date.today()


def login(client, user):
    client.force_login(user)
    return client


def stage_of(worker):
    return Worker.objects.get(pk=worker.pk).stage


def vacancy_form(employer_org, **overrides):
    data = {
        "title": "Электрогазосварщик",
        "isco": "7212 Welders and flame cutters",
        "employer": str(employer_org.pk),
        "recruiter": "",
        "region": "RU-MOW",
        "address": "Москва, ул. Строителей, 5",
        "description": "",
        "places": "2",
        "wage_min": "90000",
        "wage_max": "120000",
        "hours_per_week": "40",
        "schedule": "full_time",
        "rotation_days_on": "",
        "rotation_days_off": "",
        "contract_months": "12",
        "start_date": (TODAY + datetime.timedelta(days=60)).isoformat(),
        "housing": "free",
        "housing_cost_rub": "0",
        "meals": "subsidised",
        "transport": "to_work",
        "min_experience_years": "2",
        "driving_licences": ["C"],
        "certificates": ["medical_certificate"],
        "min_age": "18",
        "open_to_foreign": "on",
        "status": "open",
        "lang-TOTAL_FORMS": "3",
        "lang-INITIAL_FORMS": "0",
        "lang-0-language": "ru",
        "lang-0-level": "A2",
        "lang-1-language": "",
        "lang-1-level": "",
        "lang-2-language": "",
        "lang-2-level": "",
    }
    data.update(overrides)
    return data


def put_forward(caseworker, job, worker):
    return pipeline.create_application(actor=actor(caseworker), worker=worker, vacancy=job)


def accepted_application(caseworker, employer, job, worker, wage=90000):
    application = put_forward(caseworker, job, worker)
    pipeline.move_application(
        actor=actor(caseworker), application=application, status="shortlisted"
    )
    pipeline.make_offer(
        actor=actor(employer),
        application=application,
        wage_rub=wage,
        hours_per_week=40,
        housing="free",
    )
    pipeline.move_application(actor=actor(caseworker), application=application, status="accepted")
    application.refresh_from_db()
    return application
