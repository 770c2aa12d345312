"""Bad input gets a clear message and changes nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from corridor.accounts.models import OrganisationType
from corridor.accounts.tests.factories import OrganisationFactory
from corridor.programmes import services
from corridor.programmes.models import Funding, Indicator, Programme
from corridor.programmes.tests.factories import actor_of, indicator, manager, programme

pytestmark = pytest.mark.django_db


def test_a_target_below_the_baseline_of_a_rising_indicator_is_refused():
    by = manager()
    prog = programme(by)

    with pytest.raises(ValidationError) as refused:
        indicator(prog, by, baseline_value=Decimal(100), target_value=Decimal(80))

    assert refused.value.message_dict == {
        "target_value": [
            "This indicator must rise: the target (80) cannot be below the baseline (100)."
        ]
    }
    assert Indicator.objects.count() == 0


def test_a_falling_indicator_may_target_below_its_baseline():
    by = manager()
    cost = indicator(
        programme(by), by, unit="percent", is_ascending=False,
        baseline_value=Decimal(60), target_value=Decimal(15),
    )  # fmt: skip

    assert (cost.baseline_value, cost.target_value) == (Decimal(60), Decimal(15))


def test_a_funder_amount_without_a_currency_is_refused():
    by = manager()
    prog = programme(by)
    donor = OrganisationFactory.create(type=OrganisationType.DONOR)

    with pytest.raises(ValidationError) as refused:
        services.add_funding(programme=prog, actor=actor_of(by), funder=donor, amount=Decimal(1000))

    assert refused.value.message_dict == {
        "currency": ["Give the currency of the amount (ISO 4217, e.g. USD)."]
    }
    assert Funding.objects.count() == 0


def test_an_unknown_currency_is_refused():
    by = manager()
    with pytest.raises(ValidationError) as refused:
        services.add_funding(
            programme=programme(by), actor=actor_of(by),
            funder=OrganisationFactory.create(), amount=Decimal(1), currency="XYZ",
        )  # fmt: skip

    assert refused.value.message_dict == {"currency": ["XYZ is not an ISO 4217 currency code."]}


def test_a_programme_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValidationError) as refused:
        programme(period_start=datetime.date(2025, 1, 1), period_end=datetime.date(2024, 1, 1))

    assert refused.value.message_dict == {
        "period_end": ["The period ends before it starts: the end must be on or after the start."]
    }
    assert Programme.objects.count() == 0


def test_a_funding_period_that_ends_before_it_starts_is_refused():
    by = manager()
    with pytest.raises(ValidationError) as refused:
        services.add_funding(
            programme=programme(by), actor=actor_of(by), funder=OrganisationFactory.create(),
            period_start=datetime.date(2025, 1, 1), period_end=datetime.date(2024, 1, 1),
        )  # fmt: skip

    assert list(refused.value.message_dict) == ["period_end"]


def test_a_sector_that_is_not_a_dac_code_is_refused():
    with pytest.raises(ValidationError) as refused:
        programme(dac_sectors=["15190", "99999"])

    assert refused.value.message_dict == {
        "dac_sectors": ["99999 is not a DAC 5-digit sector code in the IATI Sector codelist."]
    }


def test_an_unknown_activity_area_is_refused():
    with pytest.raises(ValidationError) as refused:
        programme(activity_areas=["recruitment_and_training", "tourism"])

    assert refused.value.message_dict == {"activity_areas": ["Unknown activity area: tourism."]}
