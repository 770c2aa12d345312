"""Intake coding, the review list and staff confirmations, through the services."""

import pytest
from django.core.exceptions import ValidationError

from corridor.accounts.tests.factories import member
from corridor.core.models import AuditAction, AuditEvent
from corridor.occupations import services
from corridor.occupations.models import CodedTitle, CodingStatus
from corridor.people.tests.factories import actor

pytestmark = pytest.mark.django_db


def test_a_confident_title_is_coded_automatically_and_counted_once_per_meeting():
    first = services.code_title("Сварщик (м. Выхино)")
    assert first is not None
    again = services.code_title("СВАРЩИК, срочно!")
    assert again is not None

    assert (first.isco_id, first.status) == ("7212", CodingStatus.AUTOMATIC)
    assert again.pk == first.pk
    assert again.times_seen == 2
    assert CodedTitle.objects.count() == 1
    assert first.title == "Сварщик (м. Выхино)"


def test_an_unsure_title_waits_for_review_with_the_coders_guess():
    coded = services.code_title("сварщик кондитер")
    assert coded is not None

    assert coded.status == CodingStatus.NEEDS_REVIEW
    assert coded.isco_id == coded.suggested_id
    assert list(CodedTitle.objects.needing_review()) == [coded]


def test_a_title_that_names_nothing_is_not_kept():
    assert services.code_title("срочно!!! от 50 000 руб") is None
    assert services.code_title("") is None
    assert CodedTitle.objects.count() == 0


def test_a_confirmation_is_audited_and_used_from_the_next_call_on():
    reviewer = member()
    coded = services.code_title("сварщик кондитер")
    assert coded is not None

    services.confirm(coded, "9329", actor(reviewer))

    coded.refresh_from_db()
    assert (coded.isco_id, coded.status, coded.confirmed_by) == ("9329", "confirmed", reviewer)
    event = AuditEvent.objects.get(object_id=str(coded.pk))
    assert event.action == AuditAction.UPDATE
    assert event.changes["isco"] == [coded.suggested_id, "9329"]
    suggestion = services.suggest("Сварщик, кондитер (м. Сокол)")
    assert suggestion.best is not None
    assert suggestion.best.isco_code == "9329"
    assert suggestion.best.source.key == "confirmed"
    assert suggestion.confident
    # A confirmed title keeps its code when it is met again on intake.
    met_again = services.code_title("СВАРЩИК КОНДИТЕР")
    assert met_again is not None
    assert met_again.isco_id == "9329"


def test_confirming_a_code_that_is_no_unit_group_changes_nothing():
    coded = services.code_title("сварщик кондитер")
    assert coded is not None

    with pytest.raises(ValidationError):
        services.confirm(coded, "721", actor(member()))

    coded.refresh_from_db()
    assert coded.status == CodingStatus.NEEDS_REVIEW
    assert not AuditEvent.objects.filter(object_id=str(coded.pk)).exists()


def test_suggest_many_writes_nothing():
    codings = services.suggest_many(["грузчик", "кассир", "???"])

    assert [c.best.isco_code if c.best else None for c in codings] == ["9333", "5230", None]
    assert CodedTitle.objects.count() == 0


def test_the_picker_offers_codes_for_words_and_for_digits():
    by_words = services.picker_suggestions("payvandchi")
    by_digits = services.picker_suggestions("721")

    assert by_words[0][0].code == "7212"
    assert "payvandchi" in by_words[0][1]
    assert [group.code for group, _ in by_digits] == ["7211", "7212", "7213", "7214", "7215"]
    assert services.picker_suggestions("x") == []
