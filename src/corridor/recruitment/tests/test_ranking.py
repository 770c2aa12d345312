"""The exact ranking: the vectorised scorer over the columnar cache against the row-by-row one,
and the cache against the tables it is read from."""

import dataclasses
import datetime
import random
import uuid

import numpy as np
import pytest
import time_machine

from corridor.accounts.tests.factories import member
from corridor.identity.services import merge_workers
from corridor.people import services as people_services
from corridor.people.tests.factories import actor
from corridor.recruitment import features, matching, ranking
from corridor.recruitment.models import MatchFeatures, MatchOccupation
from corridor.recruitment.tests.factories import employer_user, job_ready_worker, vacancy

TODAY = datetime.date(2026, 12, 7)
# A few trades of one sector and a tail, so every level of closeness and RELATED occurs.
CODES = ["7112", "7113", "7114", "7115", "7122", "7212", "7213", "7411", "8322", "8332"]
CODES += ["8344", "9313", "9312", "9333", "9329", "9412", "5120", "9112", "5151", "4321"]
CODES += ["6111", "9211", "2512", "0110"]
LANGUAGES = ["ru", "uz", "en"]
LICENCES = ["B", "C", "CE", "D", "TM"]
CERTIFICATES = ["medical_certificate", "language_certificate", "diploma"]
REGIONS = ["RU-MOW", "RU-MOS", "RU-SPE", "RU-KDA", "RU-TA"]


def generated_worker(rng: random.Random) -> tuple[MatchFeatures, list[tuple[str, int]]]:
    """Discrete values on purpose: many workers tie, so the tie-break is exercised."""
    day = lambda low, high: TODAY + datetime.timedelta(days=rng.randrange(low, high))  # noqa: E731
    certificates = {
        kind: rng.choice(["", day(-5, 200).isoformat()])
        for kind in CERTIFICATES
        if rng.random() < 0.4
    }
    row = MatchFeatures(
        worker_id=uuid.UUID(int=rng.getrandbits(128), version=4),
        organisation_id=rng.choice([uuid.UUID(int=1), uuid.UUID(int=2), uuid.UUID(int=3)]),
        eligible=rng.random() < 0.8,
        passport_valid_until=None if rng.random() < 0.05 else day(-30, 900),
        birth_date=datetime.date(
            rng.randrange(1960, 2010), rng.randrange(1, 13), rng.randrange(1, 29)
        ),
        citizenship="UZ",
        languages={code: rng.randrange(0, 8) for code in LANGUAGES if rng.random() < 0.7},
        licences=sorted(c for c in LICENCES if rng.random() < 0.2),
        certificates=certificates,
        regions=sorted({rng.choice(REGIONS) for _ in range(rng.randrange(0, 3))}),
        expected_wage=rng.choice([None, 0, 60_000, 90_000, 110_000, 130_000, 160_000]),
        available_from=rng.choice([None, day(-20, 120)]),
        accepts_rotation=rng.random() < 0.75,
        refreshed_at=datetime.datetime(2026, 12, 7, tzinfo=datetime.UTC),
    )
    occupations = [
        (rng.choice(CODES), rng.choice([0, 1, 2, 3, 5, 8])) for _ in range(rng.randrange(0, 4))
    ]
    return row, occupations


def generated_needs(rng: random.Random, number: int) -> matching.Needs:
    return matching.Needs(
        vacancy_id=uuid.UUID(int=number),
        # Now and then a code shorter than a unit group (provisionally coded vacancies).
        isco=rng.choice(CODES) if rng.random() < 0.95 else rng.choice(CODES)[:3],
        region=rng.choice(REGIONS),
        start=TODAY + datetime.timedelta(days=rng.randrange(0, 90)),
        min_experience=rng.choice([0, 0, 1, 2, 3, 5]),
        languages=rng.choice([{}, {"ru": 2}, {"ru": 3}, {"ru": 4, "en": 2}, {"uz": 5, "ru": 1}]),
        certificates=tuple(c for c in CERTIFICATES if rng.random() < 0.3),
        licences=rng.choice([(), (), ("B",), ("C",), ("CE", "C"), ("D",)]),
        wage_max=rng.choice([70_000, 100_000, 120_000, 150_000]),
        rotation=rng.random() < 0.2,
        min_age=rng.choice([None, None, 18, 21]),
    )


def test_the_vectorised_ranking_is_the_row_by_row_ranking_on_a_generated_set():
    rng = random.Random(20261207)
    rows = [generated_worker(rng) for _ in range(3000)]
    columns = ranking.from_rows(rows)
    ties = 0
    for number in range(80):
        needs = generated_needs(rng, number)
        organisations = {uuid.UUID(int=1), uuid.UUID(int=3)} if number % 4 == 0 else None
        scoped = [r for r in rows if organisations is None or r[0].organisation_id in organisations]

        brute = matching.rank_rows(needs, scoped)
        candidates, totals = ranking.score_candidates(columns, needs, organisations)
        full = ranking.order(columns, candidates, totals, None)
        top = ranking.order(columns, candidates, totals, 50)[:50]

        assert [columns.ids[candidates[p]] for p in full] == [s.worker_id for s in brute]
        # Equal to the last bit (the same operations in the same order), hence within any tolerance.
        assert [float(totals[p]) for p in full] == [s.exact for s in brute]
        assert [columns.ids[candidates[p]] for p in top] == [s.worker_id for s in brute[:50]]
        exact = [s.exact for s in brute]
        ties += len(exact) - len(set(exact))
    assert ties > 1000  # the order of equal scores was tested, not only distinct ones


def test_related_trades_are_candidates_and_unrelated_ones_are_not():
    def worker(occupations):
        row = MatchFeatures(
            worker_id=uuid.uuid4(),
            organisation_id=uuid.UUID(int=1),
            eligible=True,
            passport_valid_until=TODAY + datetime.timedelta(days=900),
            birth_date=datetime.date(1990, 1, 1),
            languages={"ru": 2},
            refreshed_at=datetime.datetime(2026, 12, 7, tzinfo=datetime.UTC),
        )
        return row, occupations

    rows = [worker([("9313", 6)]), worker([("5120", 4), ("9412", 1)]), worker([])]
    bricklaying = dataclasses.replace(generated_needs(random.Random(1), 1), isco="7112")

    ranked = ranking.rank_in_memory(bricklaying, rows)

    # A site labourer assists bricklayers (RELATED); a cook's trades are unrelated, and a
    # worker with no occupation is nobody's candidate.
    assert [i for i, _total in ranked] == [0]
    assert matching.occupation_closeness(bricklaying, "9313") == (0.5, "related")
    assert [ranked[0][1]] == [s.exact for s in matching.rank_rows(bricklaying, rows)]


@pytest.mark.django_db
class TestTheCacheFollowsTheTables:
    def setup_method(self):
        ranking.clear()

    def test_the_cache_read_from_the_tables_holds_what_they_hold(self):
        caseworker = member()
        workers = [job_ready_worker(caseworker, isco=code) for code in ("7212", "7213", "9313")]
        features.refresh_stale()
        rows = [
            (
                row,
                list(
                    MatchOccupation.objects.filter(worker=row.worker_id).values_list(
                        "isco", "years"
                    )
                ),
            )
            for row in MatchFeatures.objects.order_by("worker_id")
        ]

        built, expected = ranking.build(), ranking.from_rows(rows)

        for worker in workers:
            i, j = built.index[worker.pk], expected.index[worker.pk]
            for name in ranking.Columns.SCALARS:
                assert built.arrays[name][i] == expected.arrays[name][j], name
            assert list(built.arrays["occ_code"][i]) == list(expected.arrays["occ_code"][j])
            for key in expected.keyed:
                assert built.keyed[key][i] == expected.keyed[key][j], key

    def test_a_change_to_a_worker_is_seen_by_the_next_ranking(self):
        caseworker, employer = member(), employer_user()
        first = job_ready_worker(caseworker, years=5)
        second = job_ready_worker(caseworker, years=1, given_name="Бахтиёр")
        job = vacancy(employer, min_experience_years=3)
        assert [s.worker_id for s in matching.workers_for_vacancy(job)] == [first.pk, second.pk]

        people_services.update_worker(
            actor=actor(caseworker),
            worker=second,
            details={},
            occupations=[people_services.Experience("7212", 9)],
            languages=[people_services.LanguageSkill("ru", "B1")],
        )
        people_services.update_worker(
            actor=actor(caseworker), worker=first, details={}, languages=[]
        )

        ranked = matching.workers_for_vacancy(job)
        assert [s.worker_id for s in ranked] == [second.pk, first.pk]
        # What is shown is the row-by-row score of the tables' rows, explained.
        assert ranked[1].explanation()[2]["detail"] == "ru —/A2"

    def test_a_change_refreshed_by_someone_else_reaches_the_cache_through_its_stamp(self):
        caseworker, employer = member(), employer_user()
        first = job_ready_worker(caseworker, years=5)
        second = job_ready_worker(caseworker, years=1, given_name="Бахтиёр")
        job = vacancy(employer, min_experience_years=3)
        assert [s.worker_id for s in matching.workers_for_vacancy(job)] == [first.pk, second.pk]
        columns = ranking.current()
        russian = columns.keyed[("language", "ru")]
        assert russian[columns.index[first.pk]] == 3
        people_services.update_worker(
            actor=actor(caseworker), worker=first, details={}, languages=[]
        )
        # The batch job (another process) refreshes it, so no ranking sees it stale: the cache
        # learns of it from the aggregate over the recent stamps alone.
        features.refresh_stale()

        assert ranking.current() is columns
        assert russian[columns.index[first.pk]] == 0
        assert [s.worker_id for s in matching.workers_for_vacancy(job)] == [second.pk, first.pk]

    def test_a_row_shown_that_changed_unseen_is_read_again_before_it_is_shown(self):
        caseworker, employer = member(), employer_user()
        expiring = job_ready_worker(
            caseworker, passport_expiry=datetime.date.today() + datetime.timedelta(days=10)
        )
        other = job_ready_worker(caseworker, given_name="Бахтиёр")
        job = vacancy(employer)  # starts in 60 days: the first passport ends before
        assert [s.worker_id for s in matching.workers_for_vacancy(job)] == [other.pk]
        columns = ranking.current()
        row = columns.index[expiring.pk]
        # What a refresh committed later than the cache's lag would leave: a row the cache
        # holds wrong, under an older stamp (the newest stamp, the other worker's, unchanged).
        columns.arrays["passport"][row] = (
            datetime.date.today() + datetime.timedelta(days=900)
        ).toordinal()
        columns.arrays["refreshed"][row] -= 1

        ranked = matching.workers_for_vacancy(job)

        # The expiring worker ranked first in the cache; their stamp disagreed with the table's,
        # so the row was read again and the ranking run again without them.
        assert [s.worker_id for s in ranked] == [other.pk]
        assert (
            columns.arrays["passport"][row]
            == (datetime.date.today() + datetime.timedelta(days=10)).toordinal()
        )

    def test_a_merged_worker_is_never_ranked_again(self):
        caseworker, employer = member(), employer_user()
        kept = job_ready_worker(caseworker)
        merged = job_ready_worker(caseworker, given_name="Бахтиёр")
        job = vacancy(employer)
        assert {s.worker_id for s in matching.workers_for_vacancy(job)} == {kept.pk, merged.pk}

        merge_workers(actor=actor(caseworker), kept=kept, merged=merged)

        assert [s.worker_id for s in matching.workers_for_vacancy(job)] == [kept.pk]
        assert not ranking.current().arrays["alive"][ranking.current().index[merged.pk]]

    def test_the_product_ranking_is_the_brute_force_ranking_of_the_tables(self):
        caseworker, employer = member(), employer_user()
        rng = random.Random(7)
        for number in range(12):
            job_ready_worker(
                caseworker,
                isco=rng.choice(["7212", "7213", "7214", "7112", "9329", "5120"]),
                years=rng.choice([0, 1, 3, 6]),
                given_name=f"Работник{number}",
            )
        job = vacancy(employer, min_experience_years=2)
        features.refresh_stale()
        rows = [
            (
                row,
                list(
                    MatchOccupation.objects.filter(worker=row.worker_id).values_list(
                        "isco", "years"
                    )
                ),
            )
            for row in MatchFeatures.objects.all()
        ]
        needs = matching.Needs.of(job, datetime.date.today())

        ranked = matching.workers_for_vacancy(job, limit=5)
        brute = matching.rank_rows(needs, rows)

        assert [s.worker_id for s in ranked] == [s.worker_id for s in brute[:5]]
        assert [s.exact for s in ranked] == [s.exact for s in brute[:5]]
        assert len(brute) > 5 and np.isclose(ranked[0].score, round(brute[0].exact, 4))

    def test_a_clock_that_went_back_rebuilds_the_cache(self):
        caseworker, employer = member(), employer_user()
        first = job_ready_worker(caseworker)
        job = vacancy(employer)
        assert [s.worker_id for s in matching.workers_for_vacancy(job)] == [first.pk]
        columns = ranking.current()

        # A worker refreshed under a clock an hour behind is stamped before the cache's window.
        with time_machine.travel(datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=1)):
            second = job_ready_worker(caseworker, given_name="Бахтиёр")
            ranked = matching.workers_for_vacancy(job)

            assert {s.worker_id for s in ranked} == {first.pk, second.pk}
            assert ranking.current() is not columns

    def test_a_quiet_table_costs_one_aggregate_over_an_empty_window(
        self, django_assert_num_queries
    ):
        caseworker = member()
        job_ready_worker(caseworker)
        features.refresh_stale()
        columns = ranking.current()

        later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=2)
        with time_machine.travel(later):
            with django_assert_num_queries(1):
                assert ranking.current() is columns  # the look: the last refresh in its window
            with django_assert_num_queries(1):
                assert ranking.current() is columns
            since = ranking.EPOCH + datetime.timedelta(microseconds=columns.synced) - ranking.LAG
            # Two minutes after the refresh the window holds nothing: the count is of nothing.
            assert ranking._window_figures(columns, since) == (0, 0)
