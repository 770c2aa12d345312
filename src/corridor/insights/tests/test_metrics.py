import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from corridor.insights.metrics import METRICS, compute_metric
from corridor.insights.refresh import refresh_summaries
from corridor.insights.scope import Scope
from corridor.insights.tests import dataset

pytestmark = pytest.mark.django_db

EVERYTHING = Scope()
Q1 = Scope(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 3, 31))


@pytest.fixture
def known():
    data = dataset.build()
    refresh_summaries()
    return data


def value(key, scope=EVERYTHING, by=None):
    result = compute_metric(key, scope, by)
    return result.value if by is None else result.breakdown


def test_every_indicator_metric_key_has_a_metric():
    assert set(METRICS) == {
        "workers_registered", "workers_trained", "workers_certified", "workers_matched",
        "workers_placed", "employed_3_months_after_arrival", "average_wage_vs_offer",
        "recruitment_cost_share_sdg_10_7_1", "contract_substitutions", "complaints_opened",
        "complaints_resolved", "referrals_completed", "returns",
    }  # fmt: skip


def test_counts_over_a_known_dataset(known):
    assert value("workers_registered", Q1) == 11
    assert value("workers_registered", Scope(start=datetime.date(2026, 2, 1))) == 8
    assert value("workers_matched", Q1) == 4
    assert value("workers_placed", Q1) == 2
    assert value("contract_substitutions", Q1) == 1
    assert value("complaints_opened", Q1) == 3
    assert value("complaints_resolved", Q1) == 1
    assert value("referrals_completed", Q1) == 1
    assert value("returns", Q1) == 0
    assert value("returns", Scope(start=datetime.date(2026, 4, 1))) == 1
    assert value("workers_trained") == 0


def test_employed_three_months_after_arrival_looks_at_arrivals_three_months_earlier(known):
    # Both arrived in February: one is employed, one has since returned; both count in May.
    may = Scope(start=datetime.date(2026, 5, 1), end=datetime.date(2026, 5, 31))
    assert value("employed_3_months_after_arrival", may) == 2
    assert value("employed_3_months_after_arrival", Q1) == 0


def test_wage_against_offer_and_sdg_10_7_1(known):
    # 90,000 actual against 100,000 offered; fees 45,000 on a 90,000 wage and 0 on 100,000.
    assert value("average_wage_vs_offer", Q1) == Decimal("90.0")
    assert value("recruitment_cost_share_sdg_10_7_1", Q1) == Decimal("25.0")


def test_breakdowns_by_sex_citizenship_region_and_age_band(known):
    assert value("workers_registered", Q1, "sex") == {"F": 4, "M": 7}
    assert value("workers_registered", Q1, "citizenship") == {"KG": 1, "UZ": 10}
    assert value("workers_registered", Q1, "region") == {"": 4, "UZ-TO": 7}
    assert value("workers_registered", Q1, "age_band") == {"25-34": 7, "35-44": 3, "45-54": 1}
    assert value("workers_placed", Q1, "region") == {"RU-MOW": 2}
    # Complaints have no age band: no breakdown rather than a wrong one.
    assert value("complaints_opened", Q1, "age_band") is None


def test_refresh_command_builds_the_tables(known, capsys):
    call_command("insights", "refresh")

    assert "workerfact 6" in capsys.readouterr().out
