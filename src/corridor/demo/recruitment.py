"""Demo recruitment: employers with checked tax numbers, vacancies coded from their titles,
job profiles, and applications at every step of the pipeline, one with a contract
substitution, with the fees workers paid on the way. Everything goes through the services,
so the audit log, timelines and the occupation review list are what real use would leave."""

import datetime
import random
from decimal import Decimal
from typing import Any

from django.utils import timezone

from corridor.accounts.models import Organisation, User
from corridor.core.audit import Actor
from corridor.people.models import Worker
from corridor.recruitment import contracts, fees, pipeline, profiles
from corridor.recruitment.features import refresh_all
from corridor.recruitment.matching import workers_for_vacancy
from corridor.recruitment.models import Application, Vacancy
from corridor.recruitment.vacancies import LanguageRequirement, create_vacancy

# Fictitious companies: tax numbers made valid by their check digits, not real firms'.
EMPLOYERS = {
    "employer": {"inn_base": "771234567", "region": "RU-MOW", "sector": "Construction"},
    "employer2": {"inn_base": "231098765", "region": "RU-KDA", "sector": "Agriculture"},
    "employer3": {"inn_base": "502345678", "region": "RU-MOS", "sector": "Warehousing"},
}

# (employer key, title as an employer writes it, region, wage from, wage to, places, extras)
VACANCIES: list[tuple[str, str, str, int, int, int, dict[str, Any]]] = [
    ("employer", "Электрогазосварщик 5 разряда (вахта 60/30)", "RU-MOW", 110000, 140000, 6,
     {"schedule": "rotation", "rotation_days_on": 60, "rotation_days_off": 30, "housing": "free",
      "min_experience_years": 3}),
    ("employer", "Каменщик", "RU-MOW", 90000, 120000, 10, {"housing": "free"}),
    ("employer", "Монтажник ГКЛ / отделочник", "RU-MOW", 85000, 110000, 8, {"housing": "charged",
     "housing_cost_rub": 5000}),
    ("employer", "Разнорабочий на стройку (м. Саларьево)", "RU-MOW", 70000, 85000, 20,
     {"housing": "free"}),
    ("employer", "Арматурщик-бетонщик", "RU-MOW", 95000, 115000, 6, {"housing": "free"}),
    ("employer", "Электромонтажник", "RU-MOW", 100000, 130000, 4, {"min_experience_years": 2}),
    ("employer", "Маляр-штукатур", "RU-MOW", 80000, 105000, 6, {}),
    ("employer", "Плиточник-облицовщик", "RU-MOW", 95000, 125000, 4, {}),
    ("employer2", "Тракторист-машинист сельхозпроизводства", "RU-KDA", 80000, 100000, 5,
     {"driving_licences": ["TM"]}),
    ("employer2", "Рабочий теплицы (сбор овощей)", "RU-KDA", 60000, 75000, 30,
     {"housing": "free", "meals": "subsidised"}),
    ("employer2", "Водитель категории С (зерновоз)", "RU-KDA", 90000, 110000, 4,
     {"driving_licences": ["C"]}),
    ("employer2", "Оператор линии упаковки", "RU-KDA", 65000, 80000, 12, {}),
    ("employer2", "Повар в столовую для сезонных рабочих", "RU-KDA", 65000, 80000, 2, {}),
    ("employer3", "Грузчик-комплектовщик на склад", "RU-MOS", 75000, 95000, 25,
     {"schedule": "shifts", "transport": "to_work"}),
    ("employer3", "Водитель погрузчика (карщик)", "RU-MOS", 90000, 110000, 6,
     {"schedule": "shifts"}),
    ("employer3", "Кладовщик", "RU-MOS", 80000, 95000, 3, {}),
    ("employer3", "Упаковщица", "RU-MOS", 60000, 75000, 15, {"schedule": "shifts"}),
    ("employer3", "Водитель-экспедитор кат. С", "RU-MOS", 100000, 120000, 5,
     {"driving_licences": ["C"]}),
    ("employer3", "Уборщица производственных помещений", "RU-MOS", 55000, 65000, 6, {}),
    ("employer3", "Оператор-наладчик фасовочного оборудования", "RU-MOS", 85000, 100000, 2, {}),
    # Titles the coder is unsure of: they go to the occupation review list.
    ("employer3", "Специалист склада универсал", "RU-MOS", 70000, 85000, 4, {}),
    ("employer", "Мастер участка / прораб-сварщик", "RU-MOW", 120000, 150000, 1, {}),
]  # fmt: skip


def _inn_10(base: str) -> str:
    weights = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    return base + str(sum(int(d) * w for d, w in zip(base, weights, strict=True)) % 11 % 10)


def _ogrn_13(base: str) -> str:
    return base + str(int(base) % 11 % 10)


def _employers(organisations: dict[str, Organisation]) -> None:
    from corridor.reference.models import Region

    for key, spec in EMPLOYERS.items():
        employer = organisations[key]
        employer.inn = _inn_10(spec["inn_base"])
        employer.ogrn = _ogrn_13("10" + spec["inn_base"][:2] + spec["inn_base"][-8:])
        employer.region = Region.objects.get(code=spec["region"])
        employer.sector = spec["sector"]
        employer.full_clean()
        employer.save()


def _vacancies(organisations: dict[str, Organisation], users: dict[str, User]) -> list[Vacancy]:
    office = Actor(user=users["admin@demo.corridor"], organisation_id=organisations["office"].pk)
    start = timezone.localdate() + datetime.timedelta(days=45)
    created = []
    for key, title, region, low, high, places, extras in VACANCIES:
        created.append(
            create_vacancy(
                actor=office,
                employer=organisations[key],
                recruiter=organisations["recruiter"]
                if key != "employer2"
                else organisations["recruiter2"],
                region=region,
                values={
                    "title": title,
                    "wage_min": low,
                    "wage_max": high,
                    "places": places,
                    "status": "open",
                    "start_date": start,
                    **extras,
                },
                languages=[LanguageRequirement("ru", "A2")],
            )
        )
    return created


def _job_profiles(organisations: dict[str, Organisation], users: dict[str, User]) -> None:
    rng = random.Random(7)
    regions = ["RU-MOW", "RU-MOS", "RU-SPE", "RU-KDA", "RU-SVE", "RU-TYU"]
    for key in ("uz", "tj", "kg"):
        actor = Actor(
            user=users[f"caseworker.{key}@demo.corridor"], organisation_id=organisations[key].pk
        )
        for worker in Worker.objects.filter(
            organisation=organisations[key], stage__in=["job_ready", "matched"]
        ).order_by("reference")[:60]:
            profiles.set_job_profile(
                actor=actor,
                worker=worker,
                preferred_regions=rng.sample(regions, k=rng.choice([1, 2, 3])),
                expected_wage_rub=Decimal(rng.randrange(60, 120) * 1000),
                available_from=None,
                driving_licences=rng.choice([[], [], ["B"], ["B", "C"]]),
                accepts_rotation=rng.random() < 0.8,
            )


# The steps the demo's applications have reached, one application each.
STEPS = [
    [],
    ["shortlisted"],
    ["shortlisted", "interviewed"],
    ["shortlisted", "interviewed", "offer"],
    ["shortlisted", "interviewed", "offer", "accepted"],
    ["shortlisted", "interviewed", "offer", "accepted", "contract"],
    ["shortlisted", "offer", "accepted", "contract", "departed", "arrived"],
    ["shortlisted", "offer", "accepted", "contract", "departed", "arrived", "employed"],
    ["shortlisted", "rejected"],
]


def _applications(
    organisations: dict[str, Organisation], users: dict[str, User], vacancy: Vacancy
) -> list[Application]:
    recruiter = Actor(
        user=users["recruiter@demo.corridor"], organisation_id=organisations["recruiter"].pk
    )
    employer = Actor(
        user=users["employer@demo.corridor"], organisation_id=organisations["employer"].pk
    )
    # The worker's own centre puts forward and shortlists (decision 0011).
    centres = {
        organisations[key].pk: Actor(
            user=users[f"caseworker.{key}@demo.corridor"], organisation_id=organisations[key].pk
        )
        for key in ("uz", "tj", "kg")
    }
    matches = workers_for_vacancy(vacancy, limit=len(STEPS), organisations=set(centres))
    workers = Worker.objects.in_bulk([m.worker_id for m in matches])
    chosen = [workers[m.worker_id] for m in matches]
    made = []
    for worker, steps in zip(chosen, STEPS, strict=False):
        centre = centres[worker.organisation_id]
        application = pipeline.create_application(actor=centre, worker=worker, vacancy=vacancy)
        for step in steps:
            if step == "offer":
                pipeline.make_offer(
                    actor=employer,
                    application=application,
                    wage_rub=vacancy.wage_min + 10000,
                    hours_per_week=40,
                    housing="free",
                )
            elif step == "contract":
                contracts.generate_contract(actor=recruiter, application=application)
            elif step == "rejected":
                pipeline.move_application(
                    actor=employer,
                    application=application,
                    status="rejected",
                    reason="Not enough welding experience on pipelines",
                )
            else:
                pipeline.move_application(
                    actor=centre if step == "shortlisted" else recruiter,
                    application=application,
                    status=step,
                )
        made.append(application)
    return made


def _arrival_and_fees(
    organisations: dict[str, Organisation], users: dict[str, User], made: list[Application]
) -> None:
    employer = Actor(
        user=users["employer@demo.corridor"], organisation_id=organisations["employer"].pk
    )
    caseworkers = {
        organisations[key].pk: Actor(
            user=users[f"caseworker.{key}@demo.corridor"], organisation_id=organisations[key].pk
        )
        for key in ("uz", "tj", "kg")
    }
    made = list(
        Application.objects.filter(pk__in=[a.pk for a in made])
        .select_related("worker")
        .order_by("created_at")
    )
    arrived = [a for a in made if a.status in {"arrived", "employed"}]
    for index, application in enumerate(arrived):
        contract = application.contract
        offered = contract.terms
        # The first arrival is a contract substitution: less pay, housing now charged.
        substituted = index == 0
        contracts.record_actual_terms(
            actor=employer,
            contract=contract,
            wage_rub=offered["wage_rub"] - (25000 if substituted else 0),
            hours_per_week=48 if substituted else offered["hours_per_week"],
            housing="charged" if substituted else offered["housing"],
            housing_cost_rub=Decimal(8000 if substituted else 0),
            isco_code=offered["job"]["isco_code"],
        )
    paid_on = timezone.localdate() - datetime.timedelta(days=40)
    for application in [a for a in made if a.offered_at is not None]:
        worker = application.worker
        fees.record_payment(
            actor=caseworkers[application.worker.organisation_id],
            worker=worker,
            application=application,
            payee_type="government",
            purpose="passport",
            amount=Decimal("350000"),
            currency="UZS",
            rate_to_rub=Decimal("0.0072"),
            paid_on=paid_on,
        )
        fees.record_payment(
            actor=caseworkers[application.worker.organisation_id],
            worker=worker,
            application=application,
            payee_type="medical",
            purpose="medical",
            amount=Decimal("8500"),
            currency="RUB",
            paid_on=paid_on,
        )
    # One worker paid the recruiter's sub-agent "for the place": a fee the employer should pay.
    offered = [a for a in made if a.offered_at is not None]
    if offered:
        fees.record_payment(
            actor=caseworkers[offered[-1].worker.organisation_id],
            worker=offered[-1].worker,
            application=offered[-1],
            payee_type="sub_agent",
            payee_name="Посредник в Самарканде",
            purpose="sub_agent",
            amount=Decimal("4000000"),
            currency="UZS",
            rate_to_rub=Decimal("0.0072"),
            paid_on=paid_on,
            note="Paid in cash for a place on the list",
        )


def load_recruitment(organisations: dict[str, Organisation], users: dict[str, User]) -> int:
    """Load the recruitment demo; returns the number of vacancies."""
    _employers(organisations)
    vacancies = _vacancies(organisations, users)
    _job_profiles(organisations, users)
    refresh_all()
    made = _applications(organisations, users, vacancies[0])
    _arrival_and_fees(organisations, users, made)
    return len(vacancies)
