"""Results are kept as recorded: recording a period again adds a version, never overwrites."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import member
from corridor.core.models import AuditEvent
from corridor.programmes.models import Result
from corridor.programmes.services import record_result
from corridor.programmes.tests.factories import actor_of, indicator, manager, programme

pytestmark = pytest.mark.django_db

JAN, JUN = datetime.date(2025, 1, 1), datetime.date(2025, 6, 30)


def test_recomputing_a_period_adds_a_version_and_keeps_the_first():
    by = manager()
    placed = indicator(programme(by), by, metric="workers_placed")

    first = record_result(placed, JAN, JUN, 40, {"sex": {"female": 12, "male": 28}}, actor=None)
    second = record_result(placed, JAN, JUN, 43, actor=None)

    first.refresh_from_db()
    assert (first.value, first.version, first.is_current) == (Decimal(40), 1, False)
    assert (second.value, second.version, second.is_current) == (Decimal(43), 2, True)
    assert second.computed_at is not None
    assert list(Result.objects.current().values_list("value", flat=True)) == [Decimal(43)]
    assert AuditEvent.objects.filter(object_type="programmes.result").count() == 2


def test_recording_the_same_figure_again_writes_nothing():
    by = manager()
    placed = indicator(programme(by), by, metric="workers_placed")
    first = record_result(placed, JAN, JUN, 40, actor=None)

    again = record_result(placed, JAN, JUN, 40, actor=None)

    assert again.pk == first.pk
    assert Result.objects.count() == 1


def test_a_manual_result_needs_evidence():
    by = manager()
    services_indicator = indicator(programme(by), by)

    with pytest.raises(ValidationError) as refused:
        record_result(services_indicator, JAN, JUN, 5, source="manual", actor=actor_of(by))

    assert refused.value.message_dict == {
        "evidence": ["Say where the figure comes from, or attach the evidence."]
    }
    assert Result.objects.count() == 0


def test_a_manual_result_records_who_entered_it():
    by = manager()
    result = record_result(
        indicator(programme(by), by), JAN, JUN, 5, source="manual",
        evidence="Partner NGO's quarterly report", actor=actor_of(by),
    )  # fmt: skip

    assert (result.source, result.entered_by, result.computed_at) == ("manual", by, None)


def test_a_hand_entered_indicator_cannot_receive_a_computed_result():
    by = manager()
    with pytest.raises(ValidationError) as refused:
        record_result(indicator(programme(by), by), JAN, JUN, 5, actor=None)

    assert list(refused.value.message_dict) == ["source"]


def test_a_result_period_that_ends_before_it_starts_is_refused():
    by = manager()
    with pytest.raises(ValidationError) as refused:
        record_result(indicator(programme(by), by, metric="returns"), JUN, JAN, 5, actor=None)

    assert list(refused.value.message_dict) == ["period_end"]


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.DONOR])
def test_only_programme_managers_enter_results(role):
    by = manager()
    target = indicator(programme(by), by)

    with pytest.raises(PermissionDenied):
        record_result(
            target, JAN, JUN, 5, source="manual", evidence="x", actor=actor_of(member(role))
        )

    assert Result.objects.count() == 0
