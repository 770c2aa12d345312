"""`corridor demo`: the organisations, one user per role, workers and sharing grants."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction

from corridor.accounts.models import Membership, Organisation, OrganisationType, User
from corridor.accounts.roles import Role
from corridor.core.audit import Actor
from corridor.demo.grievances import load_complaints
from corridor.demo.insights import load_insights
from corridor.demo.programmes import load_programmes
from corridor.demo.recruitment import load_recruitment
from corridor.demo.seeding import Centre, seed_workers
from corridor.demo.support import load_support
from corridor.demo.training import load_training
from corridor.people import services
from corridor.people.consent import may_process
from corridor.people.models import ConsentPurpose, GrantPurpose, Worker
from corridor.people.stages import Stage

# Printed by `make demo` for the demo logins; a demo database holds no real person.
DEMO_PASSWORD = "corridor-demo-2026"  # noqa: S105
PROGRAMME_OFFICE = "Corridor Programme Office (Moscow)"

T = OrganisationType
ORGANISATIONS: list[dict[str, Any]] = [
    {"key": "office", "name": PROGRAMME_OFFICE, "type": T.PROGRAMME_OFFICE, "country": "RU"},
    {
        "key": "uz",
        "name": "Агентство внешней трудовой миграции — Ташкентский центр",
        "type": T.EMPLOYMENT_CENTRE,
        "country": "UZ",
    },
    {
        "key": "tj",
        "name": "Агентство по трудовой миграции — Душанбинский центр",
        "type": T.EMPLOYMENT_CENTRE,
        "country": "TJ",
    },
    {
        "key": "kg",
        "name": "Центр занятости граждан за рубежом — Бишкек",
        "type": T.EMPLOYMENT_CENTRE,
        "country": "KG",
    },
    {
        "key": "recruiter",
        "name": "Silk Road Recruitment LLC",
        "type": T.RECRUITER,
        "country": "UZ",
        "licence_number": "UZ-RA-0147",
        "licence_valid_from": date(2025, 3, 1),
        "licence_valid_until": date(2028, 2, 29),
    },
    {
        "key": "recruiter2",
        "name": "Pamir Labour Partners",
        "type": T.RECRUITER,
        "country": "TJ",
        "licence_number": "TJ-AE-0032",
        "licence_valid_from": date(2024, 6, 1),
        "licence_valid_until": date(2027, 5, 31),
    },
    {"key": "employer", "name": "ООО «СтройИнвест»", "type": T.EMPLOYER, "country": "RU"},
    {"key": "employer2", "name": "АО «Агрохолдинг Кубань»", "type": T.EMPLOYER, "country": "RU"},
    {
        "key": "employer3",
        "name": "ООО «ЛогистикЦентр Подмосковье»",
        "type": T.EMPLOYER,
        "country": "RU",
    },
    {"key": "ngo", "name": "Migrant Rights Legal Aid Centre", "type": T.NGO, "country": "RU"},
    {
        "key": "training",
        "name": "Tashkent Vocational Training Centre",
        "type": T.TRAINING_PROVIDER,
        "country": "UZ",
    },
    {
        "key": "diaspora",
        "name": "Uzbek Diaspora Association of Moscow",
        "type": T.DIASPORA,
        "country": "RU",
    },
    {
        "key": "authority",
        "name": "Роструд (Федеральная служба по труду и занятости)",
        "type": T.AUTHORITY,
        "country": "RU",
    },
    {"key": "donor", "name": "Labour Mobility Donor Fund", "type": T.DONOR, "country": "GB"},
]

USERS = [
    ("admin@demo.corridor", "office", Role.ADMIN, "Programme administrator"),
    ("caseworker.uz@demo.corridor", "uz", Role.CASEWORKER, "Dilnoza Karimova"),
    ("caseworker.tj@demo.corridor", "tj", Role.CASEWORKER, "Фарзона Раҳимова"),
    ("caseworker.kg@demo.corridor", "kg", Role.CASEWORKER, "Айгүл Токтосунова"),
    ("recruiter@demo.corridor", "recruiter", Role.RECRUITER, "Bekzod Yusupov"),
    ("employer@demo.corridor", "employer", Role.EMPLOYER, "Ирина Соколова"),
    ("partner@demo.corridor", "ngo", Role.PARTNER, "Elena Petrova"),
    ("trainer@demo.corridor", "training", Role.PARTNER, "Гульнора Ахмедова"),
    ("authority@demo.corridor", "authority", Role.AUTHORITY, "Сергей Иванов"),
    ("donor@demo.corridor", "donor", Role.DONOR, "Donor programme officer"),
    ("worker@demo.corridor", "uz", Role.WORKER, ""),
]
LOGINS = [email for email, *_ in USERS]


@dataclass(frozen=True)
class DemoSummary:
    organisations: int
    users: int
    workers: int
    grants: int
    vacancies: int


def is_loaded() -> bool:
    return Organisation.objects.filter(name=PROGRAMME_OFFICE).exists()


def create_demo_organisations() -> dict[str, Organisation]:
    created = {}
    for spec in ORGANISATIONS:
        fields = {k: v for k, v in spec.items() if k != "key"}
        created[spec["key"]] = Organisation.objects.create(**fields)
    return created


def create_demo_users(organisations: dict[str, Organisation]) -> dict[str, User]:
    users = {}
    for email, key, role, full_name in USERS:
        user = User.objects.create_user(email, DEMO_PASSWORD, full_name=full_name)
        Membership.objects.create(user=user, organisation=organisations[key], role=role)
        users[email] = user
    # The administrator also administers the Uzbek centre, to show managing its users.
    Membership.objects.create(
        user=users["admin@demo.corridor"], organisation=organisations["uz"], role=Role.ADMIN
    )
    return users


def _share(organisations: dict[str, Organisation], users: dict[str, User]) -> int:
    """Share some consenting workers with the recruiter, the employer and the NGO, through the
    real service, so each of those demo users has someone to see."""
    shares = [
        (
            "recruiter",
            GrantPurpose.APPLICATION,
            [Stage.JOB_READY, Stage.MATCHED, Stage.OFFERED],
            40,
            "Shortlisted for construction vacancies in Moscow",
        ),
        (
            "employer",
            GrantPurpose.APPLICATION,
            [Stage.CONTRACTED, Stage.DEPARTED, Stage.ARRIVED, Stage.EMPLOYED],
            25,
            "Candidate for the employer's vacancy",
        ),
        (
            "ngo",
            GrantPurpose.REFERRAL,
            [Stage.ARRIVED, Stage.EMPLOYED],
            10,
            "Referred for legal advice on registration",
        ),
    ]
    granted = 0
    for centre_key, caseworker in (
        ("uz", "caseworker.uz@demo.corridor"),
        ("tj", "caseworker.tj@demo.corridor"),
    ):
        actor = Actor(
            user=users[caseworker], organisation_id=organisations[centre_key].pk, channel="cli"
        )
        for target, purpose, stages, limit, reason in shares:
            candidates = Worker.objects.filter(
                organisation=organisations[centre_key], stage__in=stages
            ).order_by("reference")
            # Each purpose rests on its own consent (people.services.CONSENT_FOR_GRANT).
            needed = services.CONSENT_FOR_GRANT[purpose] or ConsentPurpose.REGISTRATION
            picked = [w for w in candidates[: limit * 2] if may_process(w, needed)][: limit // 2]
            for worker in picked:
                services.grant_access(
                    actor=actor,
                    worker=worker,
                    organisation=organisations[target],
                    purpose=purpose,
                    reason=reason,
                )
                granted += 1
    return granted


def _register_again(organisations: dict[str, Organisation], users: dict[str, User]) -> None:
    """Some workers registered a second time, as happens: typed in another script by another
    centre, or with the day and month of birth swapped, so the duplicate review has work."""
    from corridor.names import to_latin

    actor = Actor(
        user=users["caseworker.uz@demo.corridor"],
        organisation_id=organisations["uz"].pk,
        channel="cli",
    )
    originals = Worker.objects.filter(
        organisation=organisations["uz"], name_script="cyrillic"
    ).order_by("reference")[:12]
    for index, worker in enumerate(originals):
        born = worker.birth_date
        if index % 3 == 2 and born.day <= 12:
            born = born.replace(month=born.day, day=born.month)
        services.register_worker(
            actor=actor,
            organisation=organisations["uz"],
            details={
                "family_name": to_latin(worker.family_name),
                "given_name": to_latin(worker.given_name),
                "patronymic": "" if index % 2 else to_latin(worker.patronymic),
                "sex": worker.sex,
                "birth_date": born,
                "citizenship": worker.citizenship_id,
                "phone": worker.phone if index % 3 == 0 else "",
            },
        )


def _link_worker_login(users: dict[str, User], organisations: dict[str, Organisation]) -> None:
    worker = (
        Worker.objects.filter(organisation=organisations["uz"], name_script="latin")
        .order_by("reference")
        .first()
    )
    if worker is not None:
        worker.user = users["worker@demo.corridor"]
        worker.save(update_fields=["user"])
        users["worker@demo.corridor"].full_name = f"{worker.given_name} {worker.family_name}"
        users["worker@demo.corridor"].save(update_fields=["full_name"])


def load_demo(*, workers: int, progress: Callable[[int], Any] | None = None) -> DemoSummary:
    """Load the demo in one transaction: all of it, or nothing."""
    with transaction.atomic():
        organisations = create_demo_organisations()
        users = create_demo_users(organisations)
        centres = [
            Centre(organisations[key], users[f"caseworker.{key}@demo.corridor"])
            for key in ("uz", "tj", "kg")
        ]
        created = seed_workers(count=workers, centres=centres, progress=progress)
        _link_worker_login(users, organisations)
        granted = _share(organisations, users)
        _register_again(organisations, users)
        vacancies = load_recruitment(organisations, users)
        load_training(organisations, users)
        load_support(organisations, users)
        load_complaints(organisations, users)
        load_programmes(organisations, users)
        load_insights(organisations, users)
    return DemoSummary(len(organisations), len(users), created, granted, vacancies)
