"""A timeline entry is a code with parameters, put into words in the reader's language."""

import datetime

import pytest
from django.utils import translation

from corridor.people import services
from corridor.people.corrections import correct_stage
from corridor.people.documents import add_document
from corridor.people.models import TimelineKind, Worker
from corridor.people.tests.factories import actor, bearer
from corridor.people.timeline import (
    ENUMS,
    TEXTS,
    TimelineMessage,
    check_params,
    choice,
    cohort,
    day,
    placeholders,
    render_message,
)

pytestmark = pytest.mark.django_db


def test_an_entry_written_in_english_reads_in_russian_and_uzbek(caseworker, worker):
    with translation.override("en"):
        add_document(
            actor=actor(caseworker),
            worker=worker,
            details={"type": "work_patent", "number": "77 123456"},
        )
    event = worker.timeline.get(kind=TimelineKind.DOCUMENT)

    assert (event.message, event.params, event.reason) == (
        "document_added",
        {"type": {"enum": "people.DocumentType", "value": "work_patent"}, "number": "77 123456"},
        "",
    )
    with translation.override("ru"):
        assert event.text == "патент на работу 77 123456"
    with translation.override("uz"):
        assert event.text == "ishlash uchun patent 77 123456"
    with translation.override("en"):
        assert event.text == "work patent 77 123456"


def test_a_sentence_with_a_typed_reason_is_translated_around_the_reason(caseworker, worker):
    Worker.objects.filter(pk=worker.pk).update(stage="departed")
    with translation.override("en"):
        event = correct_stage(
            actor=actor(caseworker), worker=worker, stage="job_ready", reason="Ввод по ошибке"
        )

    with translation.override("ru"):
        assert event.text == "Исправление: Ввод по ошибке"
    with translation.override("uz"):
        assert event.text == "Tuzatish: Ввод по ошибке"


def test_dates_and_cohorts_follow_the_readers_date_format():
    params = {
        "course": cohort("Сварщик", datetime.date(2026, 3, 2), datetime.date(2026, 4, 24)),
    }
    with translation.override("ru"):
        assert render_message(TimelineMessage.TRAINING_ENROLLED, params) == (
            "Зачисление на курс “Сварщик” (02.03.2026–24.04.2026)"
        )
    lapsed = {"organisation": "Агентство", "date": day(datetime.date(2026, 12, 5))}
    with translation.override("ru"):
        assert render_message(TimelineMessage.UNSHARED_CONSENT_LAPSED, lapsed) == (
            "Агентство: срок согласия истёк 05.12.2026"
        )


def test_an_entry_from_before_the_codes_shows_its_reason_as_written(caseworker, worker):
    event = services.add_timeline_event(
        worker, actor(caseworker), TimelineKind.NOTE, reason="Certificate issued for “Welding”"
    )

    with translation.override("ru"):
        assert (event.message, event.text) == ("", "Certificate issued for “Welding”")


def test_an_entry_missing_a_parameter_of_its_sentence_is_refused():
    with pytest.raises(ValueError, match=r"needs params \['number'\]"):
        check_params(TimelineMessage.DOCUMENT_ADDED, {"type": "passport"})


def test_the_timeline_api_answers_code_params_and_text_in_the_requests_language(
    client, caseworker, worker
):
    with translation.override("en"):
        add_document(
            actor=actor(caseworker),
            worker=worker,
            details={"type": "work_patent", "number": "77 123456"},
        )

    body = client.get(
        f"/api/v1/workers/{worker.pk}/timeline",
        headers={**bearer(caseworker), "Accept-Language": "ru"},
    ).json()

    entry = next(event for event in body if event["kind"] == "document")
    assert (entry["message"], entry["params"], entry["text"]) == (
        "document_added",
        {"type": {"enum": "people.DocumentType", "value": "work_patent"}, "number": "77 123456"},
        "патент на работу 77 123456",
    )


def _sample(name: str) -> object:
    return {"date": "2026-12-07"} if name == "date" else f"<{name}>"


@pytest.mark.parametrize("message", TimelineMessage.values)
def test_every_message_has_a_sentence_rendered_in_every_language(message):
    assert message in TEXTS
    with translation.override(None):
        source = placeholders(TEXTS[message])
    params = {name: _sample(name) for name in source - {"reason"}}
    check_params(message, params)
    for language in ("en", "ru", "uz"):
        with translation.override(language):
            # A translation uses the same placeholders as its source, so every call site's
            # params fill it.
            assert placeholders(TEXTS[message]) == source
            text = render_message(message, params, reason="<reason>")
        assert "%(" not in text


@pytest.mark.parametrize("language", ["ru", "uz"])
def test_every_sentence_and_message_label_is_in_the_catalogue(language):
    untranslated = []
    for message in TimelineMessage:
        text = TEXTS[message]
        with translation.override(None):
            source, label = str(text), str(message.label)
        words = source
        for name in placeholders(source):
            words = words.replace(f"%({name})s", "")
        with translation.override(language):
            if any(ch.isalpha() for ch in words) and str(text) == source:
                untranslated.append(source)
            if str(message.label) == label:
                untranslated.append(label)
    assert untranslated == []


def test_every_enum_an_entry_names_is_registered():
    assert {
        "people.ConsentPurpose",
        "people.DocumentType",
        "people.Relation",
        "people.Stage",
        "recruitment.ApplicationStatus",
        "recruitment.ContractLanguage",
        "recruitment.FeePurpose",
        "training.AttendanceStatus",
        "support.ReferralStatus",
        "support.ServiceCategory",
    } <= set(ENUMS)
    with translation.override("ru"):
        assert render_message(
            TimelineMessage.CONSENT_GIVEN,
            {"purpose": choice(ENUMS["people.ConsentPurpose"], "matching")},
        ) == ("подбор вакансий и передача данных работодателям: дано")
