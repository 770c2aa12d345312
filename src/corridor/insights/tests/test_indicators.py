import datetime
from decimal import Decimal

import pytest

from corridor.insights.metrics import compute_indicator_results
from corridor.insights.refresh import refresh_summaries
from corridor.insights.tests import dataset

pytestmark = pytest.mark.django_db

programmes = pytest.importorskip("corridor.programmes.tests.factories")


def test_computed_indicators_record_a_result_over_the_programme_countries():
    dataset.build()
    refresh_summaries()
    manager = programmes.manager()
    programme = programmes.programme(by=manager, recipient_countries=["UZ"])
    registered = programmes.indicator(
        programme, manager, name="Registered", metric="workers_registered",
        disaggregation=["sex"],
    )  # fmt: skip
    share = programmes.indicator(
        programme, manager, name="SDG 10.7.1", metric="recruitment_cost_share_sdg_10_7_1",
        unit="percent", target_value=Decimal(10), baseline_value=Decimal(30), is_ascending=False,
    )  # fmt: skip
    by_hand = programmes.indicator(programme, manager, name="Campaigns held")

    recorded = compute_indicator_results(
        programme, datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)
    )

    assert recorded == 2
    result = registered.results.get()
    # The Kyrgyz worker is outside the programme's countries.
    assert (result.value, result.disaggregated) == (Decimal(10), {"sex": {"F": 3, "M": 7}})
    assert result.source == "computed"
    assert share.results.get().value == Decimal("25.00")
    assert not by_hand.results.exists()
