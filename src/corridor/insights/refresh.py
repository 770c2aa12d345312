# ruff: noqa: S608 -- the SQL is built from model metadata and constants, never from input.
"""Rebuild the summary tables from the records, set-based, in one transaction.

Each table is emptied and refilled by one `INSERT ... SELECT ... GROUP BY` statement, so the
work happens inside the database (no rows travel through Python) and a dashboard reading at
the same time sees the whole previous snapshot until the transaction commits (WAL on SQLite,
MVCC on PostgreSQL). The SQL is the same on both engines except for a few expressions below.
"""

import time
from collections.abc import Callable

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from corridor.accounts.models import Organisation
from corridor.grievances.models import Complaint
from corridor.insights.models import (
    ComplaintFact,
    FeeFact,
    Movement,
    MovementFact,
    PlacementFact,
    ReferralFact,
    Snapshot,
    TrainingFact,
    WorkerFact,
    WorkerMonthFact,
)
from corridor.people.models import (
    ConsentPurpose,
    ConsentRecord,
    TimelineEvent,
    TimelineKind,
    Worker,
)
from corridor.people.stages import CYCLE
from corridor.recruitment.models import Application, Contract, Payment, Vacancy
from corridor.support.models import Referral
from corridor.training.models import Certificate, Cohort, Course, Enrolment


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _month(column: str) -> str:
    """The first day of the month of a date or UTC datetime column, as a date."""
    if connection.vendor == "postgresql":
        return f"date_trunc('month', {column})::date"
    # SQLite keeps dates as 'YYYY-MM-DD...' text (datetimes in UTC).
    return f"(substr({column}, 1, 7) || '-01')"


def _greater(a: str, b: str) -> str:
    return f"GREATEST({a}, {b})" if connection.vendor == "postgresql" else f"max({a}, {b})"


def _age_at(moment: str, birth: str) -> str:
    """Whole years between a birth date and a UTC datetime."""
    if connection.vendor == "postgresql":
        return f"EXTRACT(YEAR FROM age(({moment} AT TIME ZONE 'UTC')::date, {birth}))::int"
    return (
        f"(CAST(strftime('%Y', {moment}) AS INTEGER) - CAST(strftime('%Y', {birth}) AS INTEGER)"
        f" - (strftime('%m-%d', {moment}) < strftime('%m-%d', {birth})))"
    )


def _json_number(column: str, key: str) -> str:
    if connection.vendor == "postgresql":
        return f"({column}->>'{key}')::numeric"
    return f"CAST(json_extract({column}, '$.{key}') AS REAL)"


def _stage_rank(column: str) -> str:
    whens = " ".join(f"WHEN '{stage}' THEN {rank}" for rank, stage in enumerate(CYCLE))
    return f"CASE {column} {whens} ELSE NULL END"


PERSON = "insights_refresh_person"
CONSENTED = "insights_refresh_consented"


def _consented_table() -> list[str]:
    """The workers whose statistics consent is in force: their newest statistics statement
    (as people.consent reads it: latest `recorded_at`, then id) gives consent. Every fact
    joins this one table, so the rule is decided once per refresh (decision 0013)."""
    return [
        f"""
CREATE TEMPORARY TABLE {CONSENTED} AS
SELECT worker_id FROM (
    SELECT worker_id, is_given,
           ROW_NUMBER() OVER (PARTITION BY worker_id ORDER BY recorded_at DESC, id DESC) AS n
    FROM {_table(ConsentRecord)} WHERE purpose = '{ConsentPurpose.STATISTICS}'
) newest
WHERE n = 1 AND is_given
""",
        f"CREATE INDEX {CONSENTED}_worker ON {CONSENTED} (worker_id)",
    ]


def _consent_join(worker: str, alias: str = "k") -> str:
    return f"LEFT JOIN {CONSENTED} {alias} ON {alias}.worker_id = {worker}"


# Whether the worker joined as `k` has statistics consent in force.
CONSENT = "(k.worker_id IS NOT NULL)"
AGE_BAND = (
    "CASE WHEN age < 25 THEN '18-24' WHEN age < 35 THEN '25-34' WHEN age < 45 THEN '35-44' "
    "WHEN age < 55 THEN '45-54' ELSE '55+' END"
)


def _person_table() -> str:
    """One row per active worker with what the facts group by: read the 5 timeline events a
    worker has once, into a temporary table the three worker facts are built from."""
    return f"""
CREATE TEMPORARY TABLE {PERSON} AS
WITH reached AS (
    SELECT worker_id,
           MAX({_stage_rank("to_stage")}) AS furthest,
           MIN(CASE WHEN to_stage = 'arrived' THEN at END) AS arrived_at,
           MIN(CASE WHEN to_stage = 'returned' THEN at END) AS returned_at
    FROM {_table(TimelineEvent)} WHERE kind = '{TimelineKind.STAGE}' GROUP BY worker_id
), person AS (
    SELECT {_month("w.created_at")} AS month, w.citizenship_id AS citizenship, w.sex AS sex,
           {_age_at("w.created_at", "w.birth_date")} AS age,
           COALESCE(w.home_region_id, '') AS region, w.stage AS stage,
           {_greater("COALESCE(r.furthest, 0)", f"COALESCE({_stage_rank('w.stage')}, 0)")}
               AS furthest,
           {_month("r.arrived_at")} AS arrived_month, {_month("r.returned_at")} AS returned_month,
           {CONSENT} AS statistics_consent
    FROM {_table(Worker)} w LEFT JOIN reached r ON r.worker_id = w.id {_consent_join("w.id")}
    WHERE w.merged_into_id IS NULL
)
SELECT month, citizenship, sex, {AGE_BAND} AS age_band, region, stage, furthest,
       arrived_month, returned_month, statistics_consent
FROM person
"""


def _worker_facts() -> list[str]:
    dimensions = "month, citizenship, sex, age_band, region, stage, furthest, statistics_consent"
    movement = (
        f"INSERT INTO {_table(MovementFact)} "
        "(month, movement, citizenship, sex, age_band, region, stage, statistics_consent, "
        "workers) "
        "SELECT {column}, '{kind}', citizenship, sex, age_band, region, stage, "
        "statistics_consent, COUNT(*) "
        f"FROM {PERSON} WHERE {{column}} IS NOT NULL "
        "GROUP BY {column}, citizenship, sex, age_band, region, stage, statistics_consent"
    )
    return [
        _person_table(),
        f"INSERT INTO {_table(WorkerFact)} ({dimensions}, workers) "
        f"SELECT {dimensions}, COUNT(*) FROM {PERSON} GROUP BY {dimensions}",
        f"INSERT INTO {_table(WorkerMonthFact)} "
        "(month, citizenship, sex, stage, furthest, statistics_consent, workers) "
        "SELECT month, citizenship, sex, stage, furthest, statistics_consent, SUM(workers) "
        f"FROM {_table(WorkerFact)} "
        "GROUP BY month, citizenship, sex, stage, furthest, statistics_consent",
        movement.format(column="arrived_month", kind=Movement.ARRIVED),
        movement.format(column="returned_month", kind=Movement.RETURNED),
        f"DROP TABLE {PERSON}",
    ]


def _placement_facts() -> str:
    actual = _json_number("c.actual_terms", "wage_rub")
    wage = f"COALESCE({actual}, a.offered_wage_rub)"
    share = f"CASE WHEN {wage} > 0 THEN COALESCE(f.fees, 0) * 1.0 / {wage} END"
    return f"""
INSERT INTO {_table(PlacementFact)}
    (month, region, isco, citizenship, sex, placements, employed, substituted,
     offered_wage_sum, offered_wage_count, actual_wage_sum, actual_wage_count,
     cost_share_sum, cost_share_count, statistics_consent)
SELECT {_month("c.created_at")}, v.region_id, COALESCE(v.isco_id, ''), w.citizenship_id, w.sex,
       COUNT(*), SUM(CASE WHEN a.status = 'employed' THEN 1 ELSE 0 END),
       SUM(CASE WHEN c.is_substituted THEN 1 ELSE 0 END),
       COALESCE(SUM(a.offered_wage_rub), 0), COUNT(a.offered_wage_rub),
       COALESCE(SUM({actual}), 0), COUNT({actual}),
       COALESCE(SUM({share}), 0), COUNT({share}), {CONSENT}
FROM {_table(Contract)} c
JOIN {_table(Application)} a ON a.id = c.application_id
JOIN {_table(Vacancy)} v ON v.id = a.vacancy_id
JOIN {_table(Worker)} w ON w.id = c.worker_id
LEFT JOIN (
    SELECT worker_id, SUM(amount_rub) AS fees FROM {_table(Payment)}
    WHERE should_employer_pay GROUP BY worker_id
) f ON f.worker_id = c.worker_id
{_consent_join("c.worker_id")}
GROUP BY {_month("c.created_at")}, v.region_id, COALESCE(v.isco_id, ''), w.citizenship_id, w.sex,
         {CONSENT}
"""


def _fee_facts() -> str:
    return f"""
INSERT INTO {_table(FeeFact)}
    (month, recruiter_id, recruiter_name, citizenship, sex, fees_rub, payments, workers,
     statistics_consent)
SELECT {_month("p.paid_on")}, p.recruiter_id, COALESCE(o.name, ''), w.citizenship_id, w.sex,
       SUM(p.amount_rub), COUNT(*), COUNT(DISTINCT p.worker_id), {CONSENT}
FROM {_table(Payment)} p
JOIN {_table(Worker)} w ON w.id = p.worker_id
LEFT JOIN {_table(Organisation)} o ON o.id = p.recruiter_id
{_consent_join("p.worker_id")}
WHERE p.should_employer_pay
GROUP BY {_month("p.paid_on")}, p.recruiter_id, COALESCE(o.name, ''), w.citizenship_id, w.sex,
         {CONSENT}
"""


def _opened_and_closed(
    fact: type[Model],
    source: type[Model],
    *,
    columns: tuple[str, str],
    opened_at: str,
    closed_at: str,
    closed_condition: str,
    worker_join: str,
) -> list[str]:
    """Two statements: rows counted by the month opened, and by the month closed. A row with
    no worker (an anonymous complaint) identifies no registered person and counts as one
    that may be counted (decision 0013)."""
    consent = "(s.worker_id IS NULL OR k.worker_id IS NOT NULL)"
    dimensions = f"category, status, COALESCE(w.citizenship_id, ''), COALESCE(w.sex, ''), {consent}"
    target = (
        f"{_table(fact)} (month, category, status, citizenship, sex, statistics_consent, "
        f"{', '.join(columns)})"
    )
    joined = (
        f"{_table(source)} s {worker_join} {_table(Worker)} w ON w.id = s.worker_id "
        f"{_consent_join('s.worker_id')}"
    )
    return [
        f"INSERT INTO {target} SELECT {_month('s.' + opened_at)}, {dimensions}, COUNT(*), 0 "
        f"FROM {joined} GROUP BY {_month('s.' + opened_at)}, {dimensions}",
        f"INSERT INTO {target} SELECT {_month('s.' + closed_at)}, {dimensions}, 0, COUNT(*) "
        f"FROM {joined} WHERE {closed_condition} "
        f"GROUP BY {_month('s.' + closed_at)}, {dimensions}",
    ]


def _training_facts() -> str:
    return f"""
INSERT INTO {_table(TrainingFact)}
    (month, course_type, citizenship, sex, statistics_consent, enrolled, completed, certified)
SELECT {_month("e.enrolled_at")}, co.type, w.citizenship_id, w.sex, {CONSENT}, COUNT(*),
       SUM(CASE WHEN e.status = 'completed' THEN 1 ELSE 0 END),
       SUM(CASE WHEN ce.id IS NOT NULL AND ce.revoked_at IS NULL THEN 1 ELSE 0 END)
FROM {_table(Enrolment)} e
JOIN {_table(Cohort)} ch ON ch.id = e.cohort_id
JOIN {_table(Course)} co ON co.id = ch.course_id
JOIN {_table(Worker)} w ON w.id = e.worker_id
LEFT JOIN {_table(Certificate)} ce ON ce.enrolment_id = e.id
{_consent_join("e.worker_id")}
WHERE e.enrolled_at IS NOT NULL
GROUP BY {_month("e.enrolled_at")}, co.type, w.citizenship_id, w.sex, {CONSENT}
"""


# Filled by the statements of WorkerFact, after it.
DERIVED: tuple[type[Model], ...] = (WorkerMonthFact, MovementFact)
FACTS: list[tuple[type[Model], Callable[[], list[str]]]] = [
    (WorkerFact, _worker_facts),
    (PlacementFact, lambda: [_placement_facts()]),
    (FeeFact, lambda: [_fee_facts()]),
    (
        ComplaintFact,
        lambda: _opened_and_closed(
            ComplaintFact,
            Complaint,
            columns=("opened", "resolved"),
            opened_at="created_at",
            closed_at="resolved_at",
            closed_condition="s.resolved_at IS NOT NULL",
            worker_join="LEFT JOIN",
        ),
    ),
    (
        ReferralFact,
        lambda: _opened_and_closed(
            ReferralFact,
            Referral,
            columns=("sent", "completed"),
            opened_at="sent_at",
            closed_at="completed_at",
            closed_condition="s.completed_at IS NOT NULL",
            worker_join="JOIN",
        ),
    ),
    (TrainingFact, lambda: [_training_facts()]),
]


def refresh_summaries() -> Snapshot:
    """Replace every summary table by one built from the records now, atomically; return the
    snapshot that records when and how long."""
    start = time.perf_counter()
    rows: dict[str, int] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        for fact in (*DERIVED, *(fact for fact, _statements in FACTS)):
            cursor.execute(f"DELETE FROM {_table(fact)}")
        for statement in _consented_table():
            cursor.execute(statement)
        for _fact, statements in FACTS:
            for statement in statements():
                cursor.execute(statement)
        cursor.execute(f"DROP TABLE {CONSENTED}")
        for fact in (*(fact for fact, _statements in FACTS), *DERIVED):
            rows[fact._meta.model_name or fact.__name__] = fact._base_manager.count()
        return Snapshot.objects.create(
            refreshed_at=timezone.now(), seconds=time.perf_counter() - start, rows=rows
        )


def latest_snapshot() -> Snapshot | None:
    return Snapshot.objects.order_by("-refreshed_at").first()
