import datetime
from decimal import Decimal

import pytest

from corridor.insights.models import (
    ComplaintFact,
    FeeFact,
    MovementFact,
    PlacementFact,
    ReferralFact,
    Snapshot,
    WorkerFact,
    WorkerMonthFact,
)
from corridor.insights.refresh import refresh_summaries
from corridor.insights.tests import dataset

pytestmark = pytest.mark.django_db

JAN, FEB, MAR, APR = (datetime.date(2026, m, 1) for m in (1, 2, 3, 4))


def test_refresh_counts_workers_by_month_who_and_furthest_stage():
    dataset.build()

    refresh_summaries()

    rows = {
        (r.month, r.citizenship, r.sex, r.age_band, r.region, r.stage, r.furthest): r.workers
        for r in WorkerFact.objects.all()
    }
    assert rows == {
        (JAN, "UZ", "F", "35-44", "", "registered", 0): 3,
        (FEB, "UZ", "M", "25-34", "UZ-TO", "registered", 0): 3,
        (FEB, "UZ", "M", "25-34", "UZ-TO", "matched", 4): 2,
        (FEB, "UZ", "M", "25-34", "UZ-TO", "employed", 9): 1,
        (FEB, "UZ", "M", "25-34", "UZ-TO", "returned", 10): 1,
        (MAR, "KG", "F", "45-54", "", "withdrawn", 3): 1,
    }
    monthly = {
        (r.month, r.citizenship, r.sex, r.stage, r.furthest): r.workers
        for r in WorkerMonthFact.objects.all()
    }
    assert monthly[(FEB, "UZ", "M", "registered", 0)] == 3
    assert sum(monthly.values()) == 11
    movements = {
        (r.month, r.movement, r.stage, r.region): r.workers for r in MovementFact.objects.all()
    }
    assert movements == {
        (FEB, "arrived", "employed", "UZ-TO"): 1,
        (FEB, "arrived", "returned", "UZ-TO"): 1,
        (APR, "returned", "returned", "UZ-TO"): 1,
    }


def test_refresh_sums_placements_wages_fees_and_cost_shares():
    dataset.build()

    refresh_summaries()

    placement = PlacementFact.objects.get()
    assert (placement.month, placement.region, placement.isco) == (FEB, "RU-MOW", "7212")
    assert (placement.placements, placement.employed, placement.substituted) == (2, 2, 1)
    assert (placement.offered_wage_sum, placement.offered_wage_count) == (Decimal(200000), 2)
    assert (placement.actual_wage_sum, placement.actual_wage_count) == (Decimal(90000), 1)
    assert placement.cost_share_count == 2
    assert placement.cost_share_sum == pytest.approx(0.5)
    fee = FeeFact.objects.get()
    assert (fee.month, fee.fees_rub, fee.payments, fee.workers) == (FEB, Decimal(45000), 1, 1)
    assert fee.recruiter_name == "Кадровое агентство «Мост»"


def test_refresh_counts_complaints_and_referrals_opened_and_closed_by_month():
    dataset.build()

    refresh_summaries()

    complaints = {(r.month, r.status, r.opened, r.resolved) for r in ComplaintFact.objects.all()}
    assert complaints == {
        (FEB, "received", 2, 0),
        (FEB, "resolved", 1, 0),
        (MAR, "resolved", 0, 1),
    }
    referrals = {(r.month, r.status, r.sent, r.completed) for r in ReferralFact.objects.all()}
    assert referrals == {(FEB, "sent", 1, 0), (FEB, "completed", 1, 0), (MAR, "completed", 0, 1)}


def test_refresh_replaces_the_previous_snapshot_and_records_when():
    dataset.build()
    refresh_summaries()

    snapshot = refresh_summaries()

    assert sum(r.workers for r in WorkerFact.objects.all()) == 11
    assert Snapshot.objects.count() == 2
    assert snapshot.rows["workerfact"] == 6
