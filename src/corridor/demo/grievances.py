"""Demo complaints: the abuses the corridor really sees (fees, contract substitution, unpaid
wages, a retained passport, unsafe work, housing), filed through every door, handled by the
programme administrator, at every status, one past its deadline. Everything goes through the
services, so the audit log, timelines and the organisations' records are what real use leaves."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from corridor.accounts.models import Organisation, User
from corridor.core.audit import Actor
from corridor.grievances import services
from corridor.grievances.models import (
    Channel,
    ComplainantRelation,
    Complaint,
    ComplaintStep,
    Confidentiality,
    due_date,
)
from corridor.people.models import Worker
from corridor.people.stages import Stage


@dataclass(frozen=True)
class Move:
    status: str
    reason: str = ""
    outcome: str = ""
    resolution: str = ""
    message: str = ""


@dataclass(frozen=True)
class DemoComplaint:
    category: str
    description: str
    channel: str
    confidentiality: str
    days_ago: int
    against: str = ""  # a key of the demo organisations
    against_name: str = ""
    relation: str = ComplainantRelation.WORKER
    name: str = ""
    contact: str = ""
    worker: str = ""  # "self" (the demo worker's login) or "registered" (a caseworker links one)
    moves: list[Move] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


COMPLAINTS = [
    DemoComplaint(
        category="recruitment_fees",
        description=(
            "Silk Road Recruitment agentining Samarqanddagi ofisida ishga joylashtirish uchun "
            "3 500 000 so'm to'lashimni talab qilishdi, kvitansiya berishmadi. Aytishlaricha, "
            "to'lamasam ro'yxatdan chiqarishar ekan."
        ),
        channel=Channel.SELF_SERVICE,
        confidentiality=Confidentiality.NORMAL,
        days_ago=6,
        against="recruiter",
        contact="@jasur_uz",
        worker="self",
        moves=[
            Move("in_review"),
            Move(
                "investigating",
                reason="Agency asked for its fee records for March",
                message=(
                    "Мы запросили у агентства документы об оплате. Работник не должен платить "
                    "за трудоустройство: если деньги взяты, мы добьёмся их возврата."
                ),
            ),
        ],
        notes=["Two other workers from Samarkand mention the same office; check the ledger."],
    ),
    DemoComplaint(
        category="contract_substitution",
        description=(
            "По приезде в Москву дали подписать другой договор: зарплата 70 000 вместо 110 000 "
            "рублей в предложении, вахта 60/30 вместо графика 5/2. Старый договор забрали."
        ),
        channel=Channel.STAFF,
        confidentiality=Confidentiality.CONFIDENTIAL,
        days_ago=20,
        against="employer",
        relation=ComplainantRelation.WORKER,
        contact="+7 916 555-01-23 (WhatsApp)",
        worker="registered",
        moves=[
            Move("investigating", reason="Contract copies compared: wage and schedule differ"),
            Move(
                "resolved",
                outcome="contract_corrected",
                resolution="Employer re-signed the contract on the offered terms and paid the difference.",
                message=(
                    "Работодатель подписал с вами договор на условиях предложения и доплатил "
                    "разницу за первый месяц. Если условия снова изменятся, напишите нам."
                ),
            ),
        ],
    ),
    DemoComplaint(
        category="unpaid_wages",
        description=(
            "Мой муж работает на складе в Подмосковье, за два месяца (февраль и март) не "
            "заплатили ничего. Говорят, деньги будут после проверки, но проверка идёт уже "
            "второй месяц. Дома двое детей."
        ),
        channel=Channel.PUBLIC_FORM,
        confidentiality=Confidentiality.NORMAL,
        days_ago=4,
        against="employer3",
        relation=ComplainantRelation.FAMILY,
        name="Гулнора Саидова",
        contact="+998 90 123-45-67",
        moves=[
            Move(
                "in_review",
                message=(
                    "Жалоба получена. Мы связались с работодателем и ждём расчётные листки за "
                    "февраль и март."
                ),
            )
        ],
    ),
    DemoComplaint(
        category="retained_documents",
        description=(
            "Бригадир забрал паспорта у всей бригады (8 человек) «для регистрации» и не "
            "отдаёт уже третью неделю. Без паспорта не можем выйти в город."
        ),
        channel=Channel.PUBLIC_FORM,
        confidentiality=Confidentiality.CONFIDENTIAL,
        days_ago=5,  # three days to act: past its deadline
        against_name="ИП Хасанов (бригадир на объекте в Новой Москве)",
        name="Фаридун Назаров",
        contact="@faridun_tj",
    ),
    DemoComplaint(
        category="unsafe_work",
        description=(
            "В теплице опрыскивают химикатами при нас, масок и перчаток не дают. У троих "
            "кружится голова и болит горло."
        ),
        channel=Channel.PUBLIC_FORM,
        confidentiality=Confidentiality.NORMAL,
        days_ago=12,
        against="employer2",
        name="Зарина Абдуллоева",
        contact="+992 93 555-77-11",
        moves=[
            Move("investigating", reason="Photos received; labour inspectorate informed"),
            Move(
                "resolved",
                outcome="referred_to_inspectorate",
                resolution="Referred to the regional labour inspectorate (Krasnodar).",
                message=(
                    "Мы передали жалобу в трудовую инспекцию Краснодарского края. До проверки "
                    "не работайте с химикатами без защиты: это ваше право."
                ),
            ),
        ],
    ),
    DemoComplaint(
        category="housing",
        description=(
            "В общежитии 12 человек в одной комнате, душ один на этаж, за жильё удерживают "
            "5 000 рублей в месяц, хотя в вакансии было бесплатное жильё."
        ),
        channel=Channel.PUBLIC_FORM,
        confidentiality=Confidentiality.NORMAL,
        days_ago=30,
        against="employer3",
        name="Бахтиёр Рахимов",
        contact="+7 925 111-22-33",
        moves=[
            Move("investigating", reason="Visit to the hostel arranged with the NGO"),
            Move(
                "resolved",
                outcome="refund_obtained",
                resolution="Deductions for housing stopped and refunded; six workers moved.",
            ),
            Move(
                "closed",
                message=(
                    "Удержания за жильё прекращены и возвращены, шесть человек переселены. "
                    "Жалоба закрыта."
                ),
            ),
        ],
    ),
    DemoComplaint(
        category="recruitment_fees",
        description=(
            "В нашем кишлаке человек от Pamir Labour Partners собирает по 300 долларов «за "
            "место в списке» на работу в России. Называет себя их представителем."
        ),
        channel=Channel.PUBLIC_FORM,
        confidentiality=Confidentiality.ANONYMOUS,
        days_ago=8,
        against="recruiter2",
        relation=ComplainantRelation.OTHER,
        moves=[
            Move(
                "in_review",
                message=(
                    "Спасибо. Мы проверяем, действует ли этот человек от имени агентства. Никому "
                    "не платите за место в списке."
                ),
            )
        ],
    ),
    DemoComplaint(
        category="discrimination",
        description=(
            "Мастер на объекте называет нас оскорбительными словами, ставит самые тяжёлые "
            "смены только нам, узбекам, и грозит уволить, если пожалуемся."
        ),
        channel=Channel.PUBLIC_FORM,
        confidentiality=Confidentiality.CONFIDENTIAL,
        days_ago=2,
        against="employer",
        name="Шерзод Тошматов",
        contact="+7 977 444-55-66",
    ),
]


def _complainant_worker(
    spec: DemoComplaint, organisations: dict[str, Organisation], users: dict[str, User]
) -> Worker | None:
    if spec.worker == "self":
        return Worker.objects.filter(user=users["worker@demo.corridor"]).first()
    if spec.worker == "registered":
        return (
            Worker.objects.filter(
                organisation=organisations["uz"],
                stage__in=[Stage.ARRIVED, Stage.EMPLOYED],
                user__isnull=True,
            )
            .order_by("reference")
            .first()
        )
    return None


def _filer(
    spec: DemoComplaint, organisations: dict[str, Organisation], users: dict[str, User]
) -> Actor:
    if spec.channel == Channel.SELF_SERVICE:
        user = users["worker@demo.corridor"]
        return Actor(user=user, organisation_id=organisations["uz"].pk, channel="web")
    if spec.channel == Channel.STAFF:
        user = users["caseworker.uz@demo.corridor"]
        return Actor(user=user, organisation_id=organisations["uz"].pk, channel="web")
    return Actor(user=AnonymousUser(), channel="public")


def _backdate(complaint: Complaint, days_ago: int) -> None:
    """The demo is loaded in one go; complaints arrived over the past weeks."""
    received = timezone.now() - datetime.timedelta(days=days_ago)
    Complaint.objects.filter(pk=complaint.pk).update(
        created_at=received,
        status_changed_at=received,
        due_on=due_date(complaint.category, received.date()),
    )
    ComplaintStep.objects.filter(complaint=complaint).update(at=received)


def _file(
    spec: DemoComplaint, organisations: dict[str, Organisation], users: dict[str, User]
) -> Complaint:
    worker = _complainant_worker(spec, organisations, users)
    name = spec.name or (worker.full_name if worker else "")
    return services.file_complaint(
        actor=_filer(spec, organisations, users),
        channel=spec.channel,
        details=services.ComplaintDetails(
            category=spec.category,
            description=spec.description,
            confidentiality=spec.confidentiality,
            against=organisations[spec.against] if spec.against else None,
            against_name=spec.against_name,
        ),
        complainant=services.Complainant(
            relation=spec.relation, name=name, contact=spec.contact, worker=worker
        ),
        handling_organisation=organisations["office"],
    )


def load_complaints(organisations: dict[str, Organisation], users: dict[str, User]) -> int:
    """File and handle the demo complaints; returns how many were filed."""
    admin = users["admin@demo.corridor"]
    handler = Actor(user=admin, organisation_id=organisations["office"].pk, channel="web")
    for spec in COMPLAINTS:
        complaint = _file(spec, organisations, users)
        _backdate(complaint, spec.days_ago)
        complaint.refresh_from_db()
        services.assign_complaint(actor=handler, complaint=complaint, handler=admin)
        for note in spec.notes:
            services.post_message(
                actor=handler, complaint=complaint, text=note, to_complainant=False
            )
        for move in spec.moves:
            services.change_status(actor=handler, complaint=complaint, **_move_fields(move))
    return len(COMPLAINTS)


def _move_fields(move: Move) -> dict[str, Any]:
    return {
        "status": move.status,
        "reason": move.reason,
        "outcome": move.outcome,
        "resolution": move.resolution,
        "message": move.message,
    }
