"""The subject access download: everything Corridor holds on a worker, and nobody else's.

One worker is given one record of every kind through the apps' real services (factories);
another worker of the same centre gets records of their own, which must never show. The meta
test walks the installed models: each that reaches a worker is covered by the document or
excluded with a reason.
"""

import datetime
import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test.utils import isolate_apps
from django.utils import translation
from weasyprint.formatting_structure.boxes import TextBox

from corridor.accounts.models import Membership
from corridor.core.audit import Actor
from corridor.people import services as people_services
from corridor.people.models import ConsentPurpose, TimelineEvent, Worker, WorkerLanguage
from corridor.people.tests.factories import (
    actor,
    add_document,
    add_family_member,
    give_consent,
    pdf_upload,
    register,
    share,
)
from corridor.portal.subject_access import (
    COVERED_MODELS,
    EXCLUDED_MODELS,
    PDF_SECTIONS,
    everything_held,
    subject_access_document,
    subject_access_pdf,
)

pytestmark = pytest.mark.django_db

MAX_HOPS = 3
TODAY = datetime.date.today()


# The world ---------------------------------------------------------------------------------


def _hire(owner, worker):
    """An application of `worker` taken to a contract, a job profile and a payment."""
    from corridor.recruitment import contracts, fees, pipeline, profiles
    from corridor.recruitment.tests.factories import (
        employer_user,
        organisation_of,
        recruiter_user,
        vacancy,
    )

    employer, agency = employer_user(), recruiter_user()
    profiles.set_job_profile(
        actor=actor(owner),
        worker=worker,
        preferred_regions=["RU-MOW"],
        expected_wage_rub=Decimal(90000),
        available_from=None,
        driving_licences=["B"],
        accepts_rotation=True,
    )
    job = vacancy(employer, recruiter=organisation_of(agency), title="Сварщик")
    application = pipeline.create_application(actor=actor(owner), worker=worker, vacancy=job)
    pipeline.move_application(actor=actor(owner), application=application, status="shortlisted")
    pipeline.make_offer(
        actor=actor(employer),
        application=application,
        wage_rub=Decimal(95000),
        hours_per_week=40,
        housing="free",
    )
    pipeline.move_application(actor=actor(agency), application=application, status="accepted")
    contracts.generate_contract(actor=actor(agency), application=application)
    fees.record_payment(
        actor=actor(owner),
        worker=worker,
        application=application,
        payee_type="recruiter",
        purpose="recruitment_service",
        amount=Decimal("10000"),
        currency="RUB",
        paid_on=TODAY,
    )
    return employer, agency


def _train(owner, worker):
    """An enrolment of `worker` with one attendance mark, completed, with a certificate."""
    from corridor.training import certificates, enrolments
    from corridor.training.tests.factories import cohort, course, enrol, provider_user

    provider = provider_user()
    group = cohort(provider, course(provider))
    enrolment = enrol(owner, group, worker)
    enrolments.record_attendance(
        actor=actor(provider),
        session=group.sessions.order_by("date").first(),
        marks={enrolment.pk: "present"},
    )
    enrolments.record_result(actor=actor(provider), enrolment=enrolment, score=85, is_passed=True)
    enrolments.complete_enrolment(actor=actor(provider), enrolment=enrolment)
    return certificates.issue_certificate(actor=actor(provider), enrolment=enrolment)


def _refer_and_group(owner, worker):
    """A referral of `worker` to a partner's service, and a group they are in, with a meeting
    they came to."""
    from corridor.support import groups
    from corridor.support.tests.factories import offer, partner_user, refer

    give_consent(owner, worker, ConsentPurpose.REFERRALS)
    refer(owner, worker, offer(partner_user()), reason="Консультация по патенту")
    group = groups.create_group(
        actor=actor(owner), organisation=worker.organisation, name="Ургут", country="UZ"
    )
    member = groups.add_member(
        actor=actor(owner), group=group, worker=worker, joined_on=TODAY - datetime.timedelta(3)
    )
    groups.record_meeting(
        actor=actor(owner), group=group, held_on=TODAY, topics="Переводы", present=[member.pk]
    )


def _complaints(owner, worker, *, wife: str):
    """A complaint the worker filed (staff typing it in), with a file, a message to them and
    an internal note; one their wife filed openly about them, and one she filed in confidence.
    """
    from corridor.grievances import services

    organisation = owner.active_memberships[0].organisation
    Membership.objects.get_or_create(user=owner, organisation=organisation, role="manager")
    owner.__dict__.pop("active_memberships", None)  # memberships are cached on the user
    staff = Actor(user=owner, organisation_id=organisation.pk)

    def file(relation, name, confidentiality, description):
        return services.file_complaint(
            actor=staff,
            channel="staff",
            details=services.ComplaintDetails(
                category="unpaid_wages",
                description=description,
                confidentiality=confidentiality,
                against_name="ООО «Ромашка»",
            ),
            complainant=services.Complainant(
                relation=relation, name=name, contact="+998901112233", worker=worker
            ),
            uploads=[SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n", "image/png")]
            if relation == "worker"
            else [],
            handling_organisation=organisation,
        )

    own = file("worker", worker.full_name, "normal", "Не платят два месяца.")
    services.post_message(actor=staff, complaint=own, text="Принято.", to_complainant=True)
    services.post_message(
        actor=staff, complaint=own, text="Проверить табель.", to_complainant=False
    )
    file("family", wife, "normal", "Мужу не платят.")
    file("family", wife, "confidential", "Муж боится жаловаться.")
    return own


def _merge_a_duplicate(owner, worker):
    from corridor.identity.models import DuplicatePair
    from corridor.identity.services import merge_from_pair

    duplicate = register(owner, given_name="Шахзодбек")
    # A merge leaves languages on the merged record: the person's all the same.
    WorkerLanguage.objects.create(worker=duplicate, language_id="uz", level="native")
    pair = DuplicatePair.objects.create(
        organisation=worker.organisation,
        worker_a=worker,
        worker_b=duplicate,
        match_probability=0.99,
        model_version="test",
    )
    merge_from_pair(actor=actor(owner), pair=pair, keep=worker.pk)
    return duplicate


def _person(owner, *, family_name, passport, wife):
    """A job-ready worker of `owner`'s centre with one record of every kind."""
    from corridor.people.worker_accounts import issue_sign_in_code, sign_in_with_code
    from corridor.recruitment.self_service import express_interest
    from corridor.recruitment.tests.factories import job_ready_worker, vacancy

    worker = job_ready_worker(
        owner, family_name=family_name, phone="+998901234567", messenger_handle="@w"
    )
    document = worker.documents.get()
    document.number = passport
    document.save(update_fields=["number"])
    add_document(owner, worker, type="diploma", number="D-1", upload=pdf_upload())
    add_family_member(owner, worker, relation="spouse", full_name=wife)
    employer, agency = _hire(owner, worker)
    share(owner, worker, agency.active_memberships[0].organisation)
    issued = issue_sign_in_code(actor=actor(owner), worker=worker, consent_method="signed_form")
    _train(owner, worker)
    _refer_and_group(owner, worker)
    _complaints(owner, worker, wife=wife)
    _merge_a_duplicate(owner, worker)
    # The worker signs in with the code (their own login) and looks at their record.
    worker.refresh_from_db()
    login = sign_in_with_code(phone=worker.phone, code=issued.code, ip_address=None)
    people_services.record_view(actor=Actor(user=login), worker=worker, what="own record")
    express_interest(actor=Actor(user=login), vacancy=vacancy(employer, title="Монтажник"))
    # Someone at the recruiter looks twice, at two document files: one group of views.
    viewer = actor(agency)
    for document in worker.documents.all():
        people_services.record_view(
            actor=viewer, worker=worker, what=f"document file {document.pk}"
        )
    worker.refresh_from_db()
    return worker


@pytest.fixture
def owner():
    from corridor.accounts.tests.factories import member

    return member()


@pytest.fixture
def worker(owner):
    return _person(owner, family_name="Каримов", passport="FA1111111", wife="Каримова Нигора")


@pytest.fixture
def world(owner, worker):
    """The worker, and another worker of the same centre with records of every kind."""
    return worker, _person(owner, family_name="Юсупов", passport="FA2222222", wife="Юсупова Лола")


# What the document holds ------------------------------------------------------------------


def _codes(rows: list[dict[str, Any]], key: str) -> list[str | None]:
    return [row[key]["code"] if row[key] else None for row in rows]


# Where the rows of a model shown inside another's records are: (section, key of the list).
NESTED = {
    "recruitment.ApplicationStep": ("applications", "steps"),
    "training.Attendance": ("enrolments", "attendance"),
    "support.ReferralStep": ("referrals", "steps"),
    "support.MeetingAttendance": ("groups", "meetings"),
    "grievances.ComplaintStep": ("complaints", "steps"),
    "grievances.ComplaintMessage": ("complaints", "messages"),
    "grievances.ComplaintAttachment": ("complaints", "attachments"),
}


def _shown(held: dict[str, Any], label: str) -> int:
    """How many rows of the model `label` the document shows."""
    if label in NESTED:
        section, key = NESTED[label]
        return sum(len(record[key]) for record in held[section])
    value = held[COVERED_MODELS[label]]
    return len(value) if isinstance(value, list) else int(value is not None)


def test_the_document_holds_every_record_of_the_worker(world):
    worker, _other = world

    with translation.override("en"):
        held = everything_held(worker)

    assert held["schema_version"] == 1
    assert held["language"] == "en"
    assert held["controller"] == worker.organisation.name
    identity = held["worker"]
    assert (identity["reference"], identity["family_name"], identity["family_name_latin"]) == (
        worker.reference,
        "Каримов",
        "Karimov",
    )
    assert identity["sex"] == {"code": "M", "label": "male"}
    assert identity["birth_date"] == "1995-03-14"
    assert identity["citizenship"] == {"code": "UZ", "label": "Uzbekistan"}
    assert (identity["phone"], identity["messenger_handle"]) == ("+998901234567", "@w")
    assert (identity["organisation"], identity["stage"]["code"]) == (
        worker.organisation.name,
        "contracted",
    )
    assert held["account"]["phone"] == "+998901234567"
    assert [(row["language"]["code"], row["level"]["code"]) for row in held["languages"]] == [
        ("ru", "B1"),
        ("uz", "native"),
    ]
    assert [row["isco"] for row in held["occupations"]] == [
        {"code": "7212", "label": "Welders and flamecutters"}
    ]
    assert [(d["type"]["code"], d["number"], d["file"]) for d in held["documents"]] == [
        ("passport", "FA1111111", False),
        ("diploma", "D-1", True),
        ("language_certificate", held["certificates"][0]["code"], False),
    ]
    assert [(f["relation"]["code"], f["full_name"]) for f in held["family"]] == [
        ("spouse", "Каримова Нигора")
    ]
    # Every statement of consent, oldest first: matching, again with the grant, referrals.
    assert _codes(held["consents"], "purpose") == ["matching", "matching", "referrals"]
    assert sorted(g["shared_with"] for g in held["sharing_grants"]) == sorted(
        ["ООО «СтройМонтаж»", "Кадровое агентство «Мост»", "Кадровое агентство «Мост»",
         "Migrant Rights Legal Aid Centre"]
    )  # fmt: skip
    # The merged duplicate's rows are the person's too (its note of the merge stays on it).
    timeline = TimelineEvent.objects.filter(worker__in=worker.record_ids())
    assert [event["kind"]["code"] for event in held["timeline"]] == list(
        timeline.order_by("at", "id").values_list("kind", flat=True)
    )
    assert [m["full_name"] for m in held["merged_records"]] == ["Абдуллаев Шахзодбек Ўткирович"]
    assert [(v["title"], v["employer"]) for v in held["vacancy_interests"]] == [
        ("Монтажник", "ООО «СтройМонтаж»")
    ]
    [application] = held["applications"]
    assert (application["title"], application["employer"]) == ("Сварщик", "ООО «СтройМонтаж»")
    assert application["status"] == {"code": "contracted", "label": "contracted"}
    assert application["offer"]["offered_wage_rub"] == "95000"
    assert _codes(application["steps"], "to_status") == [
        "suggested", "shortlisted", "offered", "accepted", "contracted"
    ]  # fmt: skip
    [contract] = held["contracts"]
    assert contract["terms"]["worker"]["passport_number"] == "FA1111111"
    assert [(p["amount"], p["currency"], p["should_employer_pay"]) for p in held["payments"]] == [
        ("10000.00", "RUB", True)
    ]
    [enrolment] = held["enrolments"]
    assert (enrolment["status"]["code"], enrolment["score"]) == ("completed", 85)
    assert _codes(enrolment["attendance"], "status") == ["present"]
    assert [r["reason"] for r in held["referrals"]] == ["Консультация по патенту"]
    assert [(g["group"], g["meetings"]) for g in held["groups"]] == [
        ("Ургут", [{"held_on": TODAY.isoformat(), "is_present": True}])
    ]
    assert [c["description"] for c in held["complaints"]] == [
        "Не платят два месяца.",
        "Мужу не платят.",
    ]
    # One row or more of every covered model.
    assert [label for label in COVERED_MODELS if not _shown(held, label)] == []


def test_the_document_holds_nothing_of_another_worker(world):
    worker, other = world

    mine = json.dumps(everything_held(worker), ensure_ascii=False)
    theirs = everything_held(other)

    assert worker.reference in mine
    assert [
        text
        for text in (
            other.reference,
            "Юсупов",
            "FA2222222",
            "Юсупова Лола",
            *(c["tracking_code"] for c in theirs["complaints"]),
            *(c["code"] for c in theirs["certificates"]),
            *(a["id"] for a in theirs["applications"]),
        )
        if text in mine
    ] == []


def test_complaints_show_the_workers_own_messages_and_never_who_else_complained(worker):
    own, filed_for_them = everything_held(worker)["complaints"]

    assert (own["filed_by_you"], own["complainant_name"]) == (True, worker.full_name)
    # What handlers told the worker, not the note they left for each other.
    assert [m["text"] for m in own["messages"]] == ["Принято."]
    assert [a["content_type"] for a in own["attachments"]] == ["image/png"]
    assert (filed_for_them["filed_by_you"], filed_for_them["complainant_relation"]["code"]) == (
        False,
        "family",
    )
    assert (filed_for_them["complainant_name"], filed_for_them["complainant_contact"]) == (
        None,
        None,
    )
    assert filed_for_them["messages"] == []
    # The wife's confidential complaint ("Муж боится жаловаться.") stays hers.


def test_disclosures_group_who_saw_the_data_without_the_workers_own_visits(worker):
    with translation.override("en"):
        views = [
            row for row in everything_held(worker)["disclosures"] if row["action"]["code"] == "view"
        ]

    # Three document files viewed at the recruiter: one row; the worker's own look is not one.
    assert [(row["organisation"], row["part"], row["count"]) for row in views] == [
        ("Кадровое агентство «Мост»", "document file", 3)
    ]
    assert views[0]["action"] == {"code": "view", "label": "viewed"}
    assert views[0]["record_type"] == {"code": "people.worker", "label": "worker"}
    assert views[0]["first_at"] <= views[0]["last_at"]


def test_choices_carry_their_code_and_the_label_in_the_active_language(worker):
    labels = {}
    for language in ("ru", "uz"):
        with translation.override(language):
            held = everything_held(worker)
        labels[language] = (held["language"], held["worker"]["sex"], held["documents"][0]["type"])

    assert labels == {
        "ru": ("ru", {"code": "M", "label": "мужской"}, {"code": "passport", "label": "паспорт"}),
        "uz": ("uz", {"code": "M", "label": "erkak"}, {"code": "passport", "label": "pasport"}),
    }


def test_the_document_reads_each_table_once(worker, django_assert_num_queries):
    worker = Worker.objects.get(pk=worker.pk)

    # One query per table (and per prefetched relation), whatever the number of rows: the
    # worker's organisation, citizenship and login are three of them.
    with django_assert_num_queries(37):
        everything_held(worker)


# The PDF ----------------------------------------------------------------------------------


def _box_texts(box: Any) -> Iterator[str]:
    if isinstance(box, TextBox):
        yield box.text
    for child in getattr(box, "children", ()):
        yield from _box_texts(child)


def test_the_pdf_prints_the_same_content_in_cyrillic(world):
    worker, other = world

    with translation.override("en"):
        pdf = subject_access_pdf(worker)
        held = everything_held(worker)
        text = "".join(
            "".join(_box_texts(page._page_box)) for page in subject_access_document(held).pages
        )

    assert pdf.startswith(b"%PDF-")
    assert worker.reference in text
    assert "Каримов Шахзод Ўткирович" in text
    assert "FA1111111" in text and "Каримова Нигора" in text
    assert "Не платят два месяца." in text
    assert "Your details" in text and "Who viewed or received your data" in text
    assert other.reference not in text and "FA2222222" not in text


# Every table that reaches a worker is covered or excluded ---------------------------------


def _reaches_worker(model: type[models.Model], hops: int = MAX_HOPS) -> bool:
    """Whether a chain of at most `hops` foreign keys (one-to-ones too) leads to a worker."""
    frontier = [model]
    for _hop in range(hops):
        following = []
        for current in frontier:
            for field in current._meta.concrete_fields:
                if isinstance(field, models.ForeignKey):
                    if field.related_model._meta.label == "people.Worker":
                        return True
                    following.append(field.related_model)
        frontier = following
    return False


def _undeclared(candidates) -> list[str]:
    declared = COVERED_MODELS.keys() | EXCLUDED_MODELS.keys()
    return [
        m._meta.label for m in candidates if _reaches_worker(m) and m._meta.label not in declared
    ]


def _corridor_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m.__module__.startswith("corridor.")]


def test_every_model_that_reaches_a_worker_is_covered_or_excluded_with_a_reason():
    assert _undeclared(_corridor_models()) == []


def test_the_declared_models_exist_reach_a_worker_and_are_declared_once():
    by_label = {model._meta.label: model for model in _corridor_models()}
    declared = [*COVERED_MODELS, *EXCLUDED_MODELS]

    assert [label for label in declared if label not in by_label] == []
    assert [label for label in declared if not _reaches_worker(by_label[label])] == []
    assert COVERED_MODELS.keys() & EXCLUDED_MODELS.keys() == set()
    assert all(reason.strip() for reason in EXCLUDED_MODELS.values())


def test_every_covered_section_is_printed():
    printed = {key for key, _model, _title in PDF_SECTIONS}

    assert set(COVERED_MODELS.values()) - printed == set()


@isolate_apps("corridor.portal")
def test_a_new_model_with_a_key_to_a_worker_fails_the_check():
    class Note(models.Model):
        worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="+")

        def __str__(self):
            return "note"

    class NoteReply(models.Model):  # reaches the worker through its note
        note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="+")

        def __str__(self):
            return "reply"

    assert _undeclared([Note, NoteReply]) == ["portal.Note", "portal.NoteReply"]
