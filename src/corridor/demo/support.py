"""Demo support: the services of the legal-aid NGO, the Uzbek diaspora association and the
Tashkent centre; referrals at every step (two overdue, one sent without consent by an
administrator's recorded decision); and a mutual-assistance group of migrant families in Urgut
with three meetings, where one need raised was sent on as a referral.

Everything goes through the services, so the audit log and the workers' timelines are what
real use would leave; only the dates are moved back afterwards to spread the history over past
weeks (an audit entry keeps the moment it was written).
"""

import datetime
import random
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from corridor.accounts.models import Organisation, User
from corridor.core.audit import Actor
from corridor.demo.names import name_for, uzbek_name
from corridor.people import documents as document_services
from corridor.people import services as people_services
from corridor.people.consent import may_process
from corridor.people.models import (
    AccessGrant,
    ConsentMethod,
    ConsentPurpose,
    FamilyMember,
    Relation,
    Worker,
)
from corridor.people.stages import Stage
from corridor.support import catalogue, groups, referrals
from corridor.support.models import (
    GroupMember,
    PartnerService,
    Referral,
    ReferralStatus,
    ReferralStep,
)

S = ReferralStatus
IN_RUSSIA: list[str] = [Stage.DEPARTED, Stage.ARRIVED, Stage.EMPLOYED]
BACK_HOME: list[str] = [Stage.RETURNED, Stage.REINTEGRATED]

# (organisation key, name, category, description, countries, regions, languages, contact)
SERVICES: list[tuple[str, str, str, str, list[str], list[str], list[str], dict[str, str]]] = [
    ("ngo", "Юридическая помощь трудовым мигрантам", "legal_aid",
     "Консультации и представительство по трудовым спорам: невыплата зарплаты, удержание "
     "паспорта работодателем, оформление патента и регистрации. Бесплатно.",
     ["RU"], ["RU-MOW", "RU-MOS"], ["ru", "uz", "tg"],
     {"contact_email": "referrals@migrant-legal-aid.example", "contact_note": "пн–пт 10:00–18:00"}),
    ("ngo", "Психологическая поддержка мигрантов и их семей", "psychosocial",
     "Индивидуальные и групповые встречи с психологом на русском, узбекском и таджикском, "
     "очно в Москве и онлайн.",
     ["RU"], ["RU-MOW"], ["ru", "uz", "tg"],
     {"contact_email": "psy@migrant-legal-aid.example", "contact_note": "запись по e-mail"}),
    ("diaspora", "Помощь с жильём в Москве и области", "housing",
     "Подбор общежитий и комнат у проверенных арендодателей, помощь с договором найма.",
     ["RU"], ["RU-MOW", "RU-MOS"], ["ru", "uz"],
     {"contact_email": "uy@uzbek-diaspora-moscow.example", "contact_note": "ежедневно 9:00–21:00"}),
    ("diaspora", "Поддержка семей мигрантов", "family",
     "Связь с семьями в Узбекистане, помощь детям в школе, материальная помощь в трудной "
     "ситуации.",
     ["RU", "UZ"], ["RU-MOW", "UZ-SA"], ["ru", "uz"],
     {"contact_email": "oila@uzbek-diaspora-moscow.example"}),
    ("diaspora", "Денежные переводы и финансовая грамотность", "remittances",
     "Как переводить деньги домой без лишних комиссий, как копить и не попасть к "
     "мошенникам: занятия и личные консультации.",
     ["RU", "UZ"], ["RU-MOW"], ["ru", "uz"],
     {"contact_email": "moliya@uzbek-diaspora-moscow.example"}),
    ("uz", "Возвращение и реинтеграция", "return",
     "Встреча вернувшихся работников, подтверждение квалификации, помощь в поиске работы и "
     "открытии своего дела в Узбекистане.",
     ["UZ"], ["UZ-TK", "UZ-SA"], ["uz", "ru"],
     {"contact_email": "reintegratsiya@migration-agency-tashkent.example",
      "contact_note": "Ташкентский центр, окно 4"}),
]  # fmt: skip


@dataclass(frozen=True)
class Plan:
    """One demo referral: who sends it, to which service, how far it got, and when."""

    centre: str
    category: str
    steps: list[str]
    days_ago: int
    reason: str
    stages: list[str]
    for_family: str = ""  # a relation: the referral is for that family member
    note: str = ""
    outcome: str = ""
    feedback: tuple[int, str] | None = None
    override: str = ""


PLANS = [
    Plan("uz", "housing", [], 20, "Выселили из общежития после смены работодателя, живёт у "
         "земляков. Нужна комната в Москве до 10 тыс. руб.", IN_RUSSIA),
    Plan("uz", "return", [], 3, "Вернулся после двух сезонов в Москве (монтажник ГКЛ). Хочет "
         "подтвердить квалификацию и найти работу в Ташкенте.", BACK_HOME),
    Plan("tj", "legal_aid", [S.ACCEPTED], 16, "Работодатель не выплатил зарплату за два "
         "месяца (около 180 тыс. руб.), договор на руки не выдал.", IN_RUSSIA),
    Plan("uz", "psychosocial", [S.ACCEPTED], 2, "После несчастного случая на стройке, где "
         "погиб коллега, не спит и отказывается выходить на работу.", IN_RUSSIA,
         override="Работник в остром кризисе, согласие на передачу данных подписать сейчас не "
         "может; оформим при первой встрече с психологом."),
    Plan("tj", "legal_aid", [S.ACCEPTED, S.IN_PROGRESS], 6, "Работодатель удерживает паспорт "
         "«до конца сезона».", IN_RUSSIA),
    Plan("kg", "psychosocial", [S.ACCEPTED, S.IN_PROGRESS], 3, "Жена тяжело переносит "
         "разлуку, просит поговорить с психологом на русском.", IN_RUSSIA, for_family="spouse"),
    Plan("uz", "legal_aid", [S.ACCEPTED, S.IN_PROGRESS, S.COMPLETED], 30, "Штраф за "
         "просроченную регистрацию, которую должен был сделать работодатель.", IN_RUSSIA,
         outcome="Подана жалоба в прокуратуру; штраф отменён, регистрация оформлена.",
         feedback=(5, "Юрист говорил по-узбекски, всё объяснил.")),
    Plan("tj", "psychosocial", [S.ACCEPTED, S.COMPLETED], 25, "Сын 12 лет после переезда к "
         "отцу в Москву замкнулся, плохо учится.", IN_RUSSIA, for_family="child",
         outcome="Шесть встреч с детским психологом; школа подключила тьютора.",
         feedback=(4, "Помогли, но долго ждали первой встречи.")),
    Plan("kg", "legal_aid", [S.DECLINED], 12, "Спор с арендодателем о залоге за квартиру.",
         IN_RUSSIA, note="Жилищные споры не ведём: направьте в диаспору или к юристу по "
         "жилью."),
    Plan("uz", "psychosocial", [S.DECLINED], 9, "Просит поддержку на таджикском языке.",
         IN_RUSSIA, note="Психолог с таджикским языком в отпуске до следующего месяца."),
    Plan("tj", "remittances", [S.CANCELLED], 18, "Хочет научиться переводить деньги домой без "
         "комиссии.", IN_RUSSIA, note="Работник уехал домой раньше срока."),
    Plan("kg", "legal_aid", [S.CANCELLED], 11, "Вопрос о продлении патента.", IN_RUSSIA,
         note="Кыргызстан в ЕАЭС: патент не нужен, вопрос решён на месте."),
]  # fmt: skip

GROUP_NAME = "Families of migrant workers — Samarkand (Urgut)"
MEETINGS = [
    (56, "Знакомство. Как держать связь с мужьями и сыновьями в России; что делать, если "
     "связь пропала.", "Решили встречаться раз в месяц в махалле."),
    (28, "Денежные переводы: сравнили комиссии переводов, обсудили, как откладывать на "
     "учёбу детей.", "Пришёл специалист банка, ответил на вопросы."),
    (7, "Права работника в России: патент, регистрация, договор; куда звонить, если не "
     "платят.", "Одна из участниц рассказала, что муж третий месяц без зарплаты."),
]  # fmt: skip


def _actor(users: dict[str, User], organisations: dict[str, Organisation], key: str) -> Actor:
    email = "admin@demo.corridor" if key == "office" else f"caseworker.{key}@demo.corridor"
    return Actor(user=users[email], organisation_id=organisations[key].pk, channel="cli")


def _services(
    organisations: dict[str, Organisation], users: dict[str, User]
) -> dict[str, PartnerService]:
    partner = Actor(
        user=users["partner@demo.corridor"], organisation_id=organisations["ngo"].pk, channel="cli"
    )
    office = _actor(users, organisations, "office")
    created = {}
    for key, name, category, description, countries, regions, languages, contact in SERVICES:
        created[category] = catalogue.create_service(
            # The NGO keeps its own entry; the programme office keeps the others'.
            actor=partner if key == "ngo" else office,
            organisation=organisations[key],
            values={"name": name, "category": category, "description": description, **contact},
            countries=countries,
            regions=regions,
            languages=languages,
        )
    return created


class WorkerPicker:
    """Workers of a centre at given stages, each used once, never one already shared with the
    NGO (the demo shows that a referral opens no worker record)."""

    def __init__(self) -> None:
        self.used: set[Any] = set(
            AccessGrant.objects.values_list("worker_id", flat=True).distinct()
        )

    def pick(self, organisation: Organisation, stages: list[str]) -> Worker:
        candidates = Worker.objects.filter(organisation=organisation, merged_into__isnull=True)
        # The plans speak of wives and sons: men first, as most of the corridor's migrants are.
        at_stage = candidates.filter(stage__in=stages)
        men = candidates.filter(sex="M")
        for pool in (at_stage.filter(sex="M"), men, at_stage, candidates):
            worker = pool.exclude(pk__in=self.used).order_by("reference").first()
            if worker is not None:
                self.used.add(worker.pk)
                return worker
        raise LookupError(f"no worker left in {organisation}")


def _consent(actor: Actor, worker: Worker) -> None:
    if not may_process(worker, ConsentPurpose.REFERRALS):
        people_services.record_consent(
            actor=actor,
            worker=worker,
            purpose=ConsentPurpose.REFERRALS,
            is_given=True,
            method=ConsentMethod.SIGNED_FORM,
        )


def _family_member(actor: Actor, worker: Worker, relation: str, rng: random.Random) -> Any:
    found = FamilyMember.objects.filter(worker=worker, relation=relation).first()
    if found is not None:
        return found
    sex = "F" if relation == Relation.SPOUSE and worker.sex == "M" else "M"
    if worker.citizenship_id == "UZ":
        # In the script the worker's own name is written in, as one family's papers would be.
        given = uzbek_name(rng, sex, cyrillic=worker.name_script == "cyrillic")
    else:
        given = name_for(rng, worker.citizenship_id, sex)
    return document_services.add_family_member(
        actor=actor,
        worker=worker,
        details={"relation": relation, "full_name": f"{worker.family_name} {given.given_name}"},
    )


def _move_back(referral: Referral, days: int) -> None:
    """Spread the demo's history: the referral was sent `days` ago, its steps a day apart."""
    sent_at = timezone.now() - datetime.timedelta(days=days)
    steps = list(ReferralStep.objects.filter(referral=referral).order_by("at"))
    for index, step in enumerate(steps):
        step.at = sent_at + datetime.timedelta(days=min(index, max(days - 1, 0)), hours=index)
        step.save(update_fields=["at"])
    Referral.objects.filter(pk=referral.pk).update(
        sent_at=sent_at,
        status_changed_at=steps[-1].at,
        due_date=referrals.default_due_date(referral.category, sent_at.date()),
        completed_at=steps[-1].at if referral.status == S.COMPLETED else None,
    )


def _referrals(
    organisations: dict[str, Organisation],
    users: dict[str, User],
    services: dict[str, PartnerService],
    picker: WorkerPicker,
) -> int:
    rng = random.Random(61)
    partner = Actor(
        user=users["partner@demo.corridor"], organisation_id=organisations["ngo"].pk, channel="cli"
    )
    for plan in PLANS:
        sender = _actor(users, organisations, plan.centre)
        worker = picker.pick(organisations[plan.centre], plan.stages)
        if plan.override:
            # An administrator's recorded decision; the worker has not consented to referrals.
            sender = Actor(
                user=users["admin@demo.corridor"],
                organisation_id=organisations[plan.centre].pk,
                channel="cli",
            )
        else:
            _consent(sender, worker)
        family = _family_member(sender, worker, plan.for_family, rng) if plan.for_family else None
        referral = referrals.send_referral(
            actor=sender,
            worker=worker,
            service=services[plan.category],
            family_member=family,
            reason=plan.reason,
            consent_override_reason=plan.override,
        )
        for status in plan.steps:
            referrals.move_referral(
                actor=sender if status == S.CANCELLED else partner,
                referral=referral,
                status=status,
                note=plan.note if status in {S.DECLINED, S.CANCELLED} else "",
                outcome=plan.outcome if status == S.COMPLETED else "",
            )
        if plan.feedback:
            referrals.record_feedback(
                actor=sender, referral=referral, rating=plan.feedback[0], comment=plan.feedback[1]
            )
        _move_back(Referral.objects.get(pk=referral.pk), plan.days_ago)
    return len(PLANS)


def _group(
    organisations: dict[str, Organisation],
    users: dict[str, User],
    services: dict[str, PartnerService],
    picker: WorkerPicker,
) -> Referral:
    """Eight members, mostly wives and parents of Uzbek workers in Russia, and two returned
    workers; three meetings; a wife's need sent on as a referral at the last one."""
    rng = random.Random(17)
    centre = organisations["uz"]
    actor = _actor(users, organisations, "uz")
    group = groups.create_group(
        actor=actor,
        organisation=centre,
        name=GROUP_NAME,
        country="UZ",
        region="UZ-SA",
        locality="Ургут",
        facilitator=users["caseworker.uz@demo.corridor"],
        description="Жёны, матери и отцы трудовых мигрантов из Ургутского района и вернувшиеся "
        "работники: взаимная помощь, информация о правах и переводах, связь с партнёрами.",
    )
    joined = timezone.localdate() - datetime.timedelta(days=70)
    members: list[GroupMember] = []
    for index in range(8):
        back_home = index >= 6
        worker = picker.pick(centre, BACK_HOME if back_home else IN_RUSSIA)
        relation = "" if back_home else (Relation.PARENT if index == 5 else Relation.SPOUSE)
        family = _family_member(actor, worker, relation, rng) if relation else None
        members.append(
            groups.add_member(
                actor=actor, group=group, worker=worker, family_member=family, joined_on=joined
            )
        )
    meeting = None
    for number, (days, topics, notes) in enumerate(MEETINGS):
        present = [m.pk for i, m in enumerate(members) if (i + number) % 4 != 3]
        meeting = groups.record_meeting(
            actor=actor,
            group=group,
            held_on=timezone.localdate() - datetime.timedelta(days=days),
            topics=topics,
            notes=notes,
            present=present,
        )
    assert meeting is not None
    asking = members[0]
    _consent(actor, asking.worker)
    return groups.raise_need(
        actor=actor,
        meeting=meeting,
        member=asking,
        service=services["family"],
        reason="Муж в Москве третий месяц без зарплаты; семье нечем платить за учёбу сына. "
        "Нужна материальная помощь и связь с юристом в Москве.",
    )


def load_support(organisations: dict[str, Organisation], users: dict[str, User]) -> int:
    """Load the demo's services, referrals and the Urgut group; returns the referrals made."""
    services = _services(organisations, users)
    picker = WorkerPicker()
    made = _referrals(organisations, users, services, picker)
    _group(organisations, users, services, picker)
    return made + 1
