"""Demo training: a Tashkent training centre's four courses, three cohorts (one full, with a
waiting list and a worker moved in from it), attendance, results and ten certificates (one
revoked), so that the public /verify/ page has valid and revoked certificates to show.

Everything goes through the training services, so timelines, stage moves, the certificate
documents matching reads and the audit log are what real use would leave. Dates are set
relative to today: two cohorts have ended, one is running.
"""

import datetime
import random

from django.utils import timezone

from corridor.accounts.models import Membership, Organisation, OrganisationType, User
from corridor.accounts.roles import Role
from corridor.core.audit import Actor
from corridor.people.models import Worker
from corridor.people.stages import Stage
from corridor.training import certificates, courses, enrolments
from corridor.training.models import AttendanceStatus, Cohort, Course, Enrolment

PROVIDER_NAME = "Tashkent Vocational Training Centre"
TRAINER_EMAIL = "trainer@demo.corridor"

# (title, type, hours, language of instruction, paid by, required to be job-ready, ISCO-08)
COURSES = [
    ("Русский язык для трудовых мигрантов (A1–A2)", "russian_language", 72, "ru", "programme",
     False, None),
    ("Подготовка к экзамену по русскому языку, истории России и основам законодательства РФ",
     "russian_exam", 36, "ru", "donor", True, None),
    ("Электрогазосварщик: ручная дуговая сварка (3–4 разряд)", "vocational", 120, "uz",
     "employer", False, "7212"),
    ("Xorijga chiqishdan oldingi yo‘l-yo‘riq: huquqlar, shartnoma, xavfsizlik", "orientation", 16,
     "uz", "programme", False, None),
]  # fmt: skip


def _provider(users: dict[str, User]) -> tuple[Organisation, User]:
    """The first training provider, or the Tashkent centre; with the trainer's login."""
    from corridor.demo.loader import DEMO_PASSWORD

    provider = (
        Organisation.objects.filter(type=OrganisationType.TRAINING_PROVIDER)
        .order_by("name")
        .first()
    )
    if provider is None:
        provider = Organisation.objects.create(
            name=PROVIDER_NAME, type=OrganisationType.TRAINING_PROVIDER, country="UZ"
        )
    trainer = users.get(TRAINER_EMAIL) or User.objects.filter(email=TRAINER_EMAIL).first()
    if trainer is None:
        trainer = User.objects.create_user(
            TRAINER_EMAIL, DEMO_PASSWORD, full_name="Гульнора Ахмедова"
        )
    Membership.objects.get_or_create(
        user=trainer, organisation=provider, defaults={"role": Role.PARTNER}
    )
    return provider, trainer


def _courses(actor: Actor, provider: Organisation) -> list[Course]:
    created = []
    for title, kind, hours, language, payer, required, isco in COURSES:
        created.append(
            courses.create_course(
                actor=actor,
                provider=provider,
                values={
                    "title": title,
                    "type": kind,
                    "hours": hours,
                    "payer": payer,
                    "required_for_job_ready": required,
                },
                language=language,
                isco_code=isco,
            )
        )
    return created


def _cohort(
    actor: Actor,
    course: Course,
    start: datetime.date,
    end: datetime.date,
    capacity: int,
    trainer: str,
    weekdays: tuple[int, ...],
) -> Cohort:
    sessions = [d for d in courses.weekdays_between(start, end) if d.weekday() in weekdays]
    return courses.create_cohort(
        actor=actor,
        course=course,
        values={
            "start_date": start,
            "end_date": end,
            "place": "Ташкент, Мирабадский район, ул. Нукус, 23, учебный корпус 2",
            "capacity": capacity,
            "trainer_name": trainer,
        },
        session_dates=sessions,
    )


def _candidates(centre: Organisation, count: int) -> list[Worker]:
    """Workers early in the cycle, profiled and in training first, then registered ones."""
    order: dict[str, int] = {Stage.PROFILED: 0, Stage.IN_TRAINING: 1, Stage.REGISTERED: 2}
    found = Worker.objects.active().filter(organisation=centre, stage__in=list(order))
    return sorted(found.order_by("reference")[: count * 4], key=lambda w: order[w.stage])[:count]


def _enrol(
    actor: Actor, cohort: Cohort, workers: list[Worker], day: datetime.date
) -> list[Enrolment]:
    return [
        enrolments.enrol_worker(actor=actor, cohort=cohort, worker=w, today=day) for w in workers
    ]


def _attend(actor: Actor, cohort: Cohort, rng: random.Random) -> None:
    taking = Enrolment.objects.filter(cohort=cohort).holding_places()
    today = timezone.localdate()
    for session in cohort.sessions.filter(date__lte=today):
        marks = {
            e.pk: rng.choices(
                [AttendanceStatus.PRESENT, AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED],
                weights=[88, 7, 5],
            )[0]
            for e in taking
        }
        enrolments.record_attendance(actor=actor, session=session, marks=marks)


def _assess(actor: Actor, cohort: Cohort, scores: list[int], pass_mark: int) -> None:
    for enrolment, score in zip(
        Enrolment.objects.filter(cohort=cohort).holding_places().order_by("created_at"),
        scores,
        strict=False,
    ):
        enrolments.record_result(
            actor=actor, enrolment=enrolment, score=score, is_passed=score >= pass_mark
        )
        enrolments.complete_enrolment(actor=actor, enrolment=enrolment)


def load_training(organisations: dict[str, Organisation], users: dict[str, User]) -> int:
    """Load the demo training; returns the number of certificates issued."""
    rng = random.Random(11)
    today = timezone.localdate()
    provider, trainer = _provider(users)
    staff = Actor(user=trainer, organisation_id=provider.pk, channel="cli")
    caseworker = Actor(
        user=users["caseworker.uz@demo.corridor"],
        organisation_id=organisations["uz"].pk,
        channel="cli",
    )
    language, exam, welding, _orientation = _courses(staff, provider)
    people = _candidates(organisations["uz"], 23)  # fewer in a small demo: less training

    # The exam preparation: ended three weeks ago, seven of eight passed.
    exam_start, exam_end = today - datetime.timedelta(days=60), today - datetime.timedelta(days=22)
    exam_cohort = _cohort(staff, exam, exam_start, exam_end, 15, "Гульнора Ахмедова", (1, 3))
    _enrol(caseworker, exam_cohort, people[:8], exam_start)
    _attend(staff, exam_cohort, rng)
    _assess(staff, exam_cohort, [88, 74, 91, 41, 67, 79, 95, 62], pass_mark=60)
    issued = certificates.issue_certificates(
        actor=staff, cohort=exam_cohort, issued_on=exam_end + datetime.timedelta(days=2)
    )

    # Welding: ended two weeks ago, three of four passed.
    weld_start, weld_end = today - datetime.timedelta(days=100), today - datetime.timedelta(days=14)
    weld_cohort = _cohort(staff, welding, weld_start, weld_end, 10, "Рустам Юлдашев", (0, 2, 4))
    _enrol(caseworker, weld_cohort, people[8:12], weld_start)
    _attend(staff, weld_cohort, rng)
    _assess(staff, weld_cohort, [85, 78, 55, 90], pass_mark=70)
    issued += certificates.issue_certificates(
        actor=staff, cohort=weld_cohort, issued_on=weld_end + datetime.timedelta(days=1)
    )

    # One certificate entered for the wrong person: revoked, so /verify/ shows "revoked".
    if len(issued) > 3:
        certificates.revoke_certificate(
            actor=staff,
            certificate=issued[3],
            reason="Issued in error: the assessment was recorded against the wrong enrolment.",
        )

    # Russian language: running now, full, three on the waiting list; one worker leaves and
    # the first on the waiting list takes the place.
    lang_start = today - datetime.timedelta(days=14)
    lang_cohort = _cohort(
        staff, language, lang_start, today + datetime.timedelta(days=30), 8, "Наталья Ким",
        (0, 2, 4),
    )  # fmt: skip
    placed = _enrol(caseworker, lang_cohort, people[12:23], lang_start)
    if len(placed) > lang_cohort.capacity:
        enrolments.drop_enrolment(
            actor=caseworker,
            enrolment=placed[2],
            reason="Left for seasonal work in the Fergana valley; may join a later cohort.",
        )
    _attend(staff, lang_cohort, rng)
    return len(issued)
