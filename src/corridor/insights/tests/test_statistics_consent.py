"""Workers without statistics consent in force are not counted (decision 0013): every metric,
breakdown, dashboard table, export and filter reads as if they were not there. The one
exception is the programme's operational totals, which count everyone, without breakdown.

The property tests below run over every registered metric and every table, so a new metric or
table that reads the records around the rule fails here."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from corridor.accounts.roles import Role
from corridor.accounts.tests.factories import OrganisationFactory, member
from corridor.grievances.models import Complaint
from corridor.grievances.tests.factories import complaint, programme_office
from corridor.insights import dashboards, models
from corridor.insights.metrics import (
    METRICS,
    compute_indicator_results,
    compute_metric,
    operational_total,
)
from corridor.insights.refresh import refresh_summaries
from corridor.insights.scope import Scope
from corridor.insights.tests.dataset import _contract, _reach, at
from corridor.people.models import ConsentPurpose, Worker
from corridor.people.tests.factories import give_consent
from corridor.programmes.models import Result
from corridor.programmes.tests.factories import indicator, manager, programme
from corridor.recruitment.tests.factories import (
    employer_user,
    organisation_of,
    recruiter_user,
    vacancy,
)
from corridor.support.models import Referral
from corridor.support.tests.factories import offer, partner_user, refer
from corridor.training.tests.factories import certified, profiled_worker, provider_user

pytestmark = pytest.mark.django_db

OPERATIONAL = {
    "workers_registered", "workers_trained", "workers_certified", "workers_placed",
    "complaints_opened", "complaints_resolved", "referrals_completed", "returns",
}  # fmt: skip
SCOPES = [
    Scope(),
    Scope(start=datetime.date(2026, 2, 1), end=datetime.date(2026, 4, 30)),
    Scope(sex="M"),
    Scope(citizenship="UZ", countries=("UZ", "KG")),
]


class World:
    """Who does the work: one centre, one training provider, one agency, one legal-aid NGO."""

    def __init__(self) -> None:
        self.caseworker = member(Role.CASEWORKER, name="Tashkent employment centre")
        self.provider = provider_user()
        self.agency = recruiter_user()
        self.job = vacancy(employer_user(), recruiter=organisation_of(self.agency))
        self.office = programme_office()
        self.service = offer(partner_user())


def journey(world: World, *, statistics: str, sex: str = "M") -> Worker:
    """One worker who touches every metric: registered in February 2026, trained and
    certified, matched, placed (wage below the offer, substituted, paid a fee), arrived,
    employed, complained (resolved), was referred (completed) and returned in April.
    `statistics`: "given", "withdrawn" (given, then withdrawn: the newest wins) or "never"."""
    caseworker = world.caseworker
    worker = profiled_worker(caseworker, sex=sex, birth_date=datetime.date(1995, 5, 5))
    Worker.objects.filter(pk=worker.pk).update(created_at=at(2026, 2))
    if statistics in ("given", "withdrawn"):
        give_consent(caseworker, worker, ConsentPurpose.STATISTICS)
    if statistics == "withdrawn":
        give_consent(caseworker, worker, ConsentPurpose.STATISTICS, is_given=False)
    certified(world.provider, caseworker, worker)
    _reach(worker, "matched", at(2026, 2, 15))
    _contract(worker, world.job, actual_wage=80000, substituted=True, fee=30000,
              recruiter=organisation_of(world.agency))  # fmt: skip
    _reach(worker, "arrived", at(2026, 2, 25))
    _reach(worker, "employed", at(2026, 2, 27))
    _reach(worker, "returned", at(2026, 4, 2), now="returned")
    filed = complaint(world.office, category="unpaid_wages")
    Complaint.objects.filter(pk=filed.pk).update(
        worker=worker, created_at=at(2026, 2), status="resolved", resolved_at=at(2026, 3)
    )
    give_consent(caseworker, worker, ConsentPurpose.REFERRALS)
    sent = refer(caseworker, worker, world.service)
    Referral.objects.filter(pk=sent.pk).update(
        sent_at=at(2026, 2), status="completed", completed_at=at(2026, 3)
    )
    return worker


def every_metric() -> dict[tuple, object]:
    figures: dict[tuple, object] = {}
    for scope in SCOPES:
        for key, metric in METRICS.items():
            figures[(key, scope, None)] = compute_metric(key, scope).value
            for dimension in metric.dimensions:
                figures[(key, scope, dimension)] = compute_metric(key, scope, dimension).breakdown
    return figures


def every_table() -> list:
    tables = []
    for scope in SCOPES:
        sections = dashboards.build_dashboard(scope)
        for exact in (True, False):
            presented = dashboards.present_for(sections, exact=exact)
            tables.append([dashboards.section_as_data(s) for s in presented])
    return tables


def answer(client, url):
    response = client.get(url)
    assert response.status_code == 200
    if url.startswith("/api/"):
        return {k: v for k, v in response.json().items() if k != "refreshed_at"}
    return response.content.decode("utf-8-sig")


@pytest.fixture
def world():
    return World()


def test_the_journey_reaches_every_metric(world):
    """Guards the property tests: a new metric the journey does not reach must be added to it."""
    journey(world, statistics="given")
    refresh_summaries()

    empty = [key for key in METRICS if compute_metric(key, Scope()).value in (None, 0)]

    assert empty == []


def test_no_metric_or_breakdown_counts_a_worker_without_statistics_consent(world):
    journey(world, statistics="given")
    journey(world, statistics="given", sex="F")
    refresh_summaries()
    consenting_only = every_metric()

    journey(world, statistics="never")
    journey(world, statistics="withdrawn", sex="F")
    refresh_summaries()

    assert every_metric() == consenting_only


def test_no_dashboard_table_or_filter_choice_counts_a_worker_without_consent(world):
    journey(world, statistics="given")
    refresh_summaries()
    tables, choices = every_table(), dashboards.citizenship_choices()

    journey(world, statistics="never")
    journey(world, statistics="withdrawn", sex="F")
    refresh_summaries()

    assert every_table() == tables
    assert dashboards.citizenship_choices() == choices


def test_exports_and_the_api_count_only_consenting_workers(client, world):
    journey(world, statistics="given")
    refresh_summaries()
    staff = member(Role.MANAGER, OrganisationFactory.create(name="Programme centre"))
    client.force_login(staff)
    urls = ["/insights/tables/fees.csv", "/insights/tables/trends.csv",
            "/insights/tables/funnel.csv", "/api/v1/insights/dashboard",
            "/api/v1/insights/metrics/workers_registered?by=sex"]  # fmt: skip
    before = [answer(client, url) for url in urls]

    journey(world, statistics="never")
    refresh_summaries()

    assert [answer(client, url) for url in urls] == before


def test_giving_consent_later_counts_the_worker_at_the_next_refresh(world):
    worker = journey(world, statistics="never")
    refresh_summaries()
    assert compute_metric("workers_registered", Scope()).value == 0

    give_consent(world.caseworker, worker, ConsentPurpose.STATISTICS)
    refresh_summaries()

    assert compute_metric("workers_registered", Scope()).value == 1


def test_the_operational_metrics_are_the_ones_decision_0013_names():
    assert {key for key, metric in METRICS.items() if metric.operational} == OPERATIONAL


def test_operational_totals_count_everyone_and_the_rest_only_consenting_workers(world):
    journey(world, statistics="given")
    journey(world, statistics="never")
    journey(world, statistics="withdrawn")
    refresh_summaries()

    totals = {key: operational_total(key, Scope()).value for key in METRICS}

    counts = {key: value for key, value in totals.items() if key in OPERATIONAL}
    assert counts == dict.fromkeys(OPERATIONAL, 3)
    assert totals["workers_matched"] == 1
    assert totals["employed_3_months_after_arrival"] == 1
    assert totals["contract_substitutions"] == 1
    assert totals["average_wage_vs_offer"] == Decimal("80.0")
    assert all(operational_total(key, Scope()).breakdown is None for key in METRICS)


def test_indicator_results_total_everyone_but_break_down_consenting_workers_only(world):
    journey(world, statistics="given", sex="F")
    journey(world, statistics="never", sex="M")
    refresh_summaries()
    by = manager()
    prog = programme(by, recipient_countries=["UZ"])
    placed = indicator(prog, by, metric="workers_placed", disaggregation=["sex"])
    matched = indicator(prog, by, name="Matched", metric="workers_matched", target_value=None)

    compute_indicator_results(prog, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))

    placed_result = Result.objects.get(indicator=placed)
    assert (placed_result.value, placed_result.disaggregated) == (2, {"sex": {"F": 1}})
    assert Result.objects.get(indicator=matched).value == 1


def test_the_facts_default_manager_holds_only_consenting_rows(world):
    journey(world, statistics="given")
    journey(world, statistics="never")
    refresh_summaries()

    for model in (models.WorkerFact, models.WorkerMonthFact, models.MovementFact,
                  models.PlacementFact, models.FeeFact, models.ComplaintFact,
                  models.ReferralFact, models.TrainingFact):  # fmt: skip
        assert set(model.objects.values_list("statistics_consent", flat=True)) == {True}
        assert set(model.everyone.values_list("statistics_consent", flat=True)) == {True, False}


def test_every_summary_table_records_statistics_consent():
    from django.apps import apps

    tables = [m for m in apps.get_app_config("insights").get_models() if m is not models.Snapshot]

    assert [m.__name__ for m in tables if not issubclass(m, models.Fact)] == []
    assert timezone.now().year >= 2026


def test_the_dashboard_and_report_say_who_is_counted(client, world):
    refresh_summaries()
    client.force_login(member(Role.DONOR, OrganisationFactory.create(name="Donor", country="GB")))

    page = client.get("/insights/").content.decode()

    assert "Only workers who consented to statistics are counted." in page
