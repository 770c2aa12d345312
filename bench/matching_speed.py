"""Matching speed: recompute every worker's features and every vacancy's top 50, and time the
two rankings the pages and the API call, beside a brute-force ranking measured in the same run.

    .venv/bin/python bench/matching_speed.py [--workers 100000] [--vacancies 10000] [--samples 200]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/matching_speed.py

Runs on a database of its own (bench/registry.py's configure(): a temporary SQLite file, or a
new PostgreSQL database `corridor_bench`, dropped at the end). Seeds the registry with
bench/registry.py's seed_registry(), then makes it a matching registry:

- stages: about 30 % of workers job-ready or matched (the demo seeds 20 %), about 85 % of
  those with matching consent in force (2 % of consents later withdrawn); passports as the
  demo seeds them (about one in nine expired, 3 % running out within a month);
- occupations redrawn from the ISCO-08 unit groups migrants from Central Asia hold (31 groups,
  construction first) plus a tail of 10 % over every other unit group; one to three per worker,
  the second often a neighbouring trade; years of experience skewed towards a few;
- certificates (language, medical, diploma) for some, mostly the job-ready;
- job profiles for about half the workers: preferred Russian regions (three in four of the
  profiles), expected wage, availability date, driving licences, rotation accepted or not;
- a few hundred employer organisations and `--vacancies` open vacancies inserted directly
  (plus a fifth as many filled, closed or draft ones): Russian regions weighted towards Moscow,
  wages 50-150 k, Russian required at A1-B2 for most, some driving licences and certificates,
  experience 0-5 years, start dates within the next three months, some rotation jobs.

Then it times, in this order:

1. `features.refresh_all()`: recomputing every worker's matching features (run twice: the
   first build into empty tables, then the recomputation over existing features, reported);
   then the ranking's columnar cache read from the feature tables (`ranking.current()`, what
   the first ranking of a process pays), with its size;
2. p50/p95 of `workers_for_vacancy(vacancy, limit=50)` over `--samples` random open vacancies
   and of `vacancies_for_worker(worker, limit=20)` over `--samples` random eligible workers;
3. the whole match table: the top 50 workers of every open vacancy, once. When the samples
   of step 2 say that would take more than 15 minutes (`--full auto`), a random 1,000 are timed
   and the total extrapolated (printed as such); `--full all` always runs every vacancy;
4. baseline: for `--baseline` random vacancies, brute force: every feature row (loaded into
   memory once, untimed) scored row by row with `matching.score()` (`matching.rank_rows`),
   then the consent in force read for the best. It is the exact top 50 by definition, so the
   product's top 50 is checked against it: the share of it the product returns, how many
   vacancies got the identical list (same workers, order and scores), the score gap at rank 50.

ANALYZE runs after the bulk loads and after refresh_all(), as an operator would after a load.
"""

import argparse
import os
import random
import resource
import statistics
import sys
import time
import uuid
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from registry import configure, percentiles, seed_registry  # noqa: E402

# ISCO-08 unit groups migrants from Uzbekistan, Tajikistan and Kyrgyzstan hold in Russia, with
# rough weights for supply (workers) and demand (vacancies).
#         code    supply demand
COMMON = {
    "7112": (6, 7),  # bricklayers
    "7114": (4, 5),  # concrete placers, finishers
    "7115": (4, 4),  # carpenters and joiners
    "7122": (4, 4),  # floor layers and tile setters
    "7123": (4, 4),  # plasterers
    "7131": (4, 4),  # painters
    "7212": (5, 6),  # welders and flame cutters
    "7214": (2, 3),  # structural-metal preparers and erectors
    "7411": (3, 4),  # building electricians
    "7126": (3, 3),  # plumbers and pipe fitters
    "8322": (4, 3),  # car, taxi and van drivers
    "8332": (4, 4),  # heavy truck and lorry drivers
    "8344": (3, 4),  # lifting truck operators
    "9313": (8, 7),  # building construction labourers
    "9333": (6, 6),  # freight handlers
    "9321": (4, 4),  # hand packers
    "9112": (5, 4),  # cleaners in offices, hotels
    "9111": (2, 1),  # domestic cleaners
    "9613": (3, 3),  # sweepers
    "5120": (3, 3),  # cooks
    "9412": (2, 2),  # kitchen helpers
    "5223": (3, 2),  # shop sales assistants
    "5230": (2, 2),  # cashiers
    "5414": (2, 2),  # security guards
    "7533": (2, 2),  # sewing, embroidery
    "8160": (2, 2),  # food and related products machine operators
    "9329": (3, 3),  # manufacturing labourers
    "6111": (2, 2),  # field crop and vegetable growers
    "9211": (3, 3),  # crop farm labourers
    "7231": (2, 2),  # motor vehicle mechanics
    "5322": (1, 1),  # home-based personal care workers
}
TAIL_SHARE_WORKERS = 0.10
TAIL_SHARE_VACANCIES = 0.08
# Where the jobs are (ISO 3166-2:RU), the rest spread over every other region.
REGION_WEIGHTS = {
    "RU-MOW": 25,
    "RU-MOS": 15,
    "RU-SPE": 9,
    "RU-LEN": 4,
    "RU-KDA": 5,
    "RU-TA": 4,
    "RU-SVE": 4,
    "RU-NVS": 3,
    "RU-TYU": 2,
    "RU-KHM": 2,
    "RU-YAN": 1,
    "RU-ROS": 2,
    "RU-NIZ": 2,
    "RU-SAM": 2,
}
SCHEDULES = {"full_time": 50, "shifts": 25, "rotation": 15, "part_time": 5, "flexible": 5}
RU_LEVELS = {"A1": 10, "A2": 45, "B1": 35, "B2": 10}
LEVEL_RANK = {"A1": 1, "A2": 2, "B1": 3, "B2": 4, "C1": 5, "C2": 6, "native": 7}
SECTORS = ["Construction", "Agriculture", "Warehousing", "Manufacturing", "Retail", "Services"]
READY_SHARE = 0.30
READY_CONSENT = 0.85
FULL_TABLE_BUDGET_S = 15 * 60
FULL_TABLE_SAMPLE = 1000


def weighted(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def new_id(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def make_matching_registry(rng: random.Random, organisations: dict, users: dict) -> dict:
    """Turn the seeded registry into one worth matching: stages, consent, occupations,
    certificates and job profiles (see the module docstring for the proportions)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from corridor.core.bulk import defaults, insert_rows
    from corridor.people.models import (
        ConsentMethod,
        ConsentPurpose,
        ConsentRecord,
        Document,
        DocumentType,
        Worker,
        WorkerOccupation,
    )
    from corridor.people.stages import Stage
    from corridor.recruitment.models import JobProfile
    from corridor.reference.models import IscoGroup, Region

    now = timezone.now()
    today = timezone.localdate()
    workers = list(Worker.objects.values_list("pk", "organisation_id", "stage", "created_by_id"))
    ready = {Stage.JOB_READY, Stage.MATCHED}
    early = [w for w in workers if w[2] in {Stage.REGISTERED, Stage.PROFILED, Stage.IN_TRAINING}]
    have = sum(1 for w in workers if w[2] in ready)
    wanted = int(READY_SHARE * len(workers)) - have
    promote = rng.sample(early, k=max(0, min(wanted, len(early))))
    promoted = {w[0] for w in promote}
    with transaction.atomic():
        ids = list(promoted)
        for start in range(0, len(ids), 5000):
            Worker.objects.filter(pk__in=ids[start : start + 5000]).update(stage=Stage.JOB_READY)
    workers = [(w[0], w[1], Stage.JOB_READY if w[0] in promoted else w[2], w[3]) for w in workers]

    # Matching consent: most of the job-ready have it; a few withdrew it later.
    consented = set(
        ConsentRecord.objects.filter(purpose=ConsentPurpose.MATCHING, is_given=True).values_list(
            "worker_id", flat=True
        )
    )
    consent_template = defaults(ConsentRecord)
    consent_rows = []
    ready_total = sum(1 for w in workers if w[2] in ready)
    ready_with = sum(1 for w in workers if w[2] in ready and w[0] in consented)
    ready_without = ready_total - ready_with
    add_share = max(0.0, (READY_CONSENT * ready_total / 0.98 - ready_with) / max(1, ready_without))
    for worker_id, organisation_id, stage, caseworker in workers:
        common = {
            **consent_template,
            "worker_id": worker_id,
            "organisation_id": organisation_id,
            "purpose": ConsentPurpose.MATCHING,
            "method": ConsentMethod.SIGNED_FORM,
            "recorded_by_id": caseworker,
            "updated_at": now,
        }
        if worker_id in consented:
            if rng.random() < 0.02:
                at = now - timedelta(days=rng.randrange(1, 60))
                consent_rows.append(
                    {
                        **common,
                        "id": new_id(rng),
                        "is_given": False,
                        "recorded_at": at,
                        "created_at": at,
                    }
                )
        elif stage in ready and rng.random() < add_share:
            at = now - timedelta(days=rng.randrange(60, 300))
            consent_rows.append(
                {**common, "id": new_id(rng), "is_given": True, "recorded_at": at, "created_at": at}
            )

    # Occupations, redrawn: the common groups, and a tail over every other unit group.
    units = list(
        IscoGroup.objects.filter(level=4)
        .exclude(code__startswith="0")
        .values_list("code", flat=True)
    )
    tail = [c for c in units if c not in COMMON]
    supply = {code: weight for code, (weight, _demand) in COMMON.items()}
    by_sub_major: dict[str, list[str]] = {}
    for code in COMMON:
        by_sub_major.setdefault(code[:2], []).append(code)

    def draw_occupation() -> str:
        if rng.random() < TAIL_SHARE_WORKERS:
            return rng.choice(tail)
        return weighted(rng, supply)

    occupation_rows = []
    for worker_id, *_rest in workers:
        count = rng.choices([1, 2, 3], weights=[60, 30, 10])[0]
        codes = [draw_occupation()]
        while len(codes) < count:
            first = codes[0]
            neighbours = [c for c in by_sub_major.get(first[:2], []) if c not in codes]
            code = (
                rng.choice(neighbours) if neighbours and rng.random() < 0.6 else draw_occupation()
            )
            if code not in codes:
                codes.append(code)
        for position, code in enumerate(codes):
            years = min(int(rng.expovariate(1 / (4.5 if position == 0 else 2.0))), 30)
            occupation_rows.append(
                {"worker_id": worker_id, "isco_id": code, "years_experience": years}
            )

    # Certificates, mostly for the job-ready: what a pre-departure course hands out.
    document_template = {**defaults(Document), "updated_at": now}
    document_rows = []
    for worker_id, organisation_id, stage, caseworker in workers:
        boost = stage in ready
        for kind, share, months in (
            (DocumentType.LANGUAGE_CERTIFICATE, 0.45 if boost else 0.12, 60),
            (DocumentType.MEDICAL_CERTIFICATE, 0.35 if boost else 0.08, 12),
            (DocumentType.DIPLOMA, 0.20 if boost else 0.12, None),
        ):
            if rng.random() >= share:
                continue
            issued = today - timedelta(days=rng.randrange(10, 700))
            expiry = issued + timedelta(days=30 * months) if months else None
            number = f"{kind[:2].upper()}{rng.randrange(100000, 999999)}"
            document_rows.append(
                {
                    **document_template,
                    "id": new_id(rng),
                    "worker_id": worker_id,
                    "organisation_id": organisation_id,
                    "created_by_id": caseworker,
                    "created_at": now - timedelta(days=rng.randrange(1, 300)),
                    "type": kind,
                    "number": number,
                    "number_normalised": number,
                    "issue_date": issued,
                    "expiry_date": expiry,
                }
            )

    # Job profiles for about half the workers, three in four of them with preferred regions.
    regions = list(Region.objects.filter(country_id="RU").values_list("code", flat=True))
    region_weights = {code: REGION_WEIGHTS.get(code, 0.25) for code in regions}
    profile_template = {**defaults(JobProfile), "updated_at": now, "created_at": now}
    profile_rows, region_rows = [], []
    through = JobProfile.preferred_regions.through
    for worker_id, organisation_id, stage, _caseworker in workers:
        if rng.random() >= (0.7 if stage in ready else 0.42):
            continue
        profile_id = new_id(rng)
        licences = [
            c
            for c, share in (("B", 0.25), ("C", 0.10), ("CE", 0.05), ("D", 0.03), ("TM", 0.02))
            if rng.random() < share
        ]
        profile_rows.append(
            {
                **profile_template,
                "id": profile_id,
                "worker_id": worker_id,
                "organisation_id": organisation_id,
                "expected_wage_rub": Decimal(rng.randrange(50, 131) * 1000)
                if rng.random() < 0.8
                else None,
                "available_from": today + timedelta(days=rng.randrange(-30, 120))
                if rng.random() < 0.4
                else None,
                "driving_licences": licences,
                "accepts_rotation": rng.random() < 0.75,
            }
        )
        if rng.random() < 0.75:
            chosen: set[str] = set()
            for _ in range(rng.choices([1, 2, 3], weights=[50, 35, 15])[0]):
                chosen.add(weighted(rng, region_weights))
            for code in sorted(chosen):
                region_rows.append({"jobprofile_id": profile_id, "region_id": code})

    with transaction.atomic():
        # A plain DELETE: QuerySet.delete() would send post_delete for each of the rows, and
        # recruitment's signal handler queues a feature refresh per row (minutes at 100,000).
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {connection.ops.quote_name(WorkerOccupation._meta.db_table)}"
            )
        insert_rows(WorkerOccupation, occupation_rows)
        insert_rows(ConsentRecord, consent_rows)
        insert_rows(Document, document_rows)
        insert_rows(JobProfile, profile_rows)
        insert_rows(through, region_rows)
    return {
        "promoted": len(promoted),
        "consents": len(consent_rows),
        "occupations": len(occupation_rows),
        "certificates": len(document_rows),
        "profiles": len(profile_rows),
        "preferred regions": len(region_rows),
    }


def seed_vacancies(rng: random.Random, organisations: dict, users: dict, count: int) -> int:
    """`count` open vacancies (and a fifth as many others) from a few hundred employers."""
    from django.db import transaction
    from django.utils import timezone

    from corridor.accounts.models import Organisation, OrganisationType
    from corridor.core.bulk import defaults, insert_rows
    from corridor.recruitment.models import Vacancy, VacancyLanguage
    from corridor.reference.models import IscoGroup, Region

    now = timezone.now()
    today = timezone.localdate()
    regions = list(Region.objects.filter(country_id="RU").values_list("code", flat=True))
    region_weights = {code: REGION_WEIGHTS.get(code, 0.25) for code in regions}
    titles = dict(IscoGroup.objects.filter(level=4).values_list("code", "title_ru"))
    tail = [c for c in titles if c not in COMMON and not c.startswith("0")]
    demand = {code: weight for code, (_supply, weight) in COMMON.items()}

    employer_count = max(3, min(400, count // 30))
    template = {**defaults(Organisation), "created_at": now, "updated_at": now}
    employer_rows = [
        {
            **template,
            "id": new_id(rng),
            "name": f"ООО «Работодатель {index + 1:03d}»",
            "type": OrganisationType.EMPLOYER,
            "country": "RU",
            "region_id": weighted(rng, region_weights),
            "sector": rng.choice(SECTORS),
        }
        for index in range(employer_count)
    ]
    recruiters = [organisations["recruiter"].pk, organisations["recruiter2"].pk]
    office = organisations["office"].pk
    vacancy_template = {**defaults(Vacancy), "updated_at": now}
    vacancy_rows, language_rows = [], []
    others = count // 5
    for index in range(count + others):
        employer = rng.choice(employer_rows)
        isco = rng.choice(tail) if rng.random() < TAIL_SHARE_VACANCIES else weighted(rng, demand)
        region = employer["region_id"] if rng.random() < 0.6 else weighted(rng, region_weights)
        wage_min = rng.randrange(50, 131) * 1000
        wage_max = min(150_000, wage_min + rng.randrange(0, 41) * 1000)
        schedule = weighted(rng, SCHEDULES)
        needs = {}
        if rng.random() < 0.85:
            needs["ru"] = LEVEL_RANK[weighted(rng, RU_LEVELS)]
        licences: list[str] = []
        if isco == "8322":
            licences = ["B"]
        elif isco == "8332":
            licences = [rng.choice(["C", "CE"])]
        elif isco in {"6111", "9211", "8341"} and rng.random() < 0.3:
            licences = ["TM"]
        elif rng.random() < 0.03:
            licences = ["B"]
        certificates = [
            c
            for c, share in (
                ("medical_certificate", 0.30),
                ("language_certificate", 0.20),
                ("diploma", 0.05 if isco[0] == "7" else 0.01),
            )
            if rng.random() < share
        ]
        status = "open" if index < count else rng.choice(["filled", "closed", "draft"])
        source = weighted(rng, {"manual": 60, "trudvsem": 30, "api": 10})
        recruiter = rng.choice(recruiters) if rng.random() < 0.4 else None
        title = titles.get(isco) or f"Рабочий ({isco})"
        vacancy_id = new_id(rng)
        vacancy_rows.append(
            {
                **vacancy_template,
                "id": vacancy_id,
                "created_at": now - timedelta(days=rng.randrange(0, 90), minutes=index),
                "organisation_id": recruiter or (employer["id"] if rng.random() < 0.7 else office),
                "employer_id": employer["id"],
                "recruiter_id": recruiter,
                "title": title,
                "title_search": title.casefold(),
                "isco_id": isco,
                "coded_title_id": None,
                "description": "",
                "region_id": region,
                "places": rng.choice([1, 1, 2, 3, 5, 10, 20]),
                "wage_min": Decimal(wage_min),
                "wage_max": Decimal(wage_max),
                "schedule": schedule,
                "rotation_days_on": rng.choice([30, 45, 60]) if schedule == "rotation" else None,
                "rotation_days_off": rng.choice([15, 30]) if schedule == "rotation" else None,
                "start_date": today + timedelta(days=rng.randrange(0, 91))
                if rng.random() < 0.95
                else None,
                "housing": weighted(rng, {"none": 35, "free": 35, "charged": 20, "allowance": 10}),
                "min_experience_years": rng.choices([0, 1, 2, 3, 5], weights=[40, 20, 20, 15, 5])[
                    0
                ],
                "driving_licences": licences,
                "certificates": certificates,
                "language_needs": needs,
                "min_age": 18 if rng.random() < 0.1 else None,
                "open_to_foreign": rng.random() < 0.97,
                "status": status,
                "source": source,
                "source_id": "" if source == "manual" else f"{source}-{index}",
                "source_url": "",
                "created_by_id": None,
            }
        )
        for code, rank in needs.items():
            level = next(name for name, value in LEVEL_RANK.items() if value == rank)
            language_rows.append({"vacancy_id": vacancy_id, "language_id": code, "level": level})
    with transaction.atomic():
        insert_rows(Organisation, employer_rows)
        insert_rows(Vacancy, vacancy_rows)
        insert_rows(VacancyLanguage, language_rows)
    return employer_count


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workers", type=int, default=100_000)
    parser.add_argument("--vacancies", type=int, default=10_000)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--baseline", type=int, default=50, help="vacancies for the baseline")
    parser.add_argument(
        "--full",
        choices=["auto", "all", "sample"],
        default="auto",
        help="the whole match table: every vacancy, a random 1,000 extrapolated, or auto "
        "(every vacancy unless the samples predict more than 15 minutes)",
    )
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    configure()
    from django.db import connection
    from django.utils import timezone

    from corridor.people.models import Worker
    from corridor.recruitment import matching, ranking
    from corridor.recruitment.features import latest_matching_consent, refresh_all
    from corridor.recruitment.models import MatchFeatures, MatchOccupation, Vacancy

    rng = random.Random(args.seed)
    load_at_start = os.getloadavg()
    started = time.perf_counter()
    organisations, users, seeded, seed_seconds = seed_registry(args.workers)
    extra = make_matching_registry(rng, organisations, users)
    employers = seed_vacancies(rng, organisations, users, args.vacancies)
    analyze()
    load_seconds = time.perf_counter() - started

    cpu_start, wall_start = time.process_time(), time.perf_counter()
    # First build (empty feature tables), then the recomputation proper: every worker's
    # features replaced while the old ones are there, as the nightly job or a change of the
    # rules would run it.
    start = time.perf_counter()
    refresh_all()
    first_seconds = time.perf_counter() - start
    analyze()
    start = time.perf_counter()
    refreshed = refresh_all()
    refresh_seconds = time.perf_counter() - start
    analyze()

    today = timezone.localdate()
    eligible = MatchFeatures.objects.filter(eligible=True).count()
    eligible_valid = MatchFeatures.objects.filter(
        eligible=True, passport_valid_until__gte=today
    ).count()
    open_vacancies = list(Vacancy.objects.filter(status="open").order_by("pk"))
    n_open = len(open_vacancies)

    # The ranking's columnar cache, read from the feature tables once per process.
    ranking.clear()
    begin = time.perf_counter()
    columns = ranking.current()
    cache_seconds = time.perf_counter() - begin
    cache_mb = (
        sum(a.nbytes for a in columns.arrays.values())
        + sum(a.nbytes for a in columns.keyed.values())
    ) / 2**20
    # Warm the caches the way a running server would be warm.
    for vacancy in rng.sample(open_vacancies, k=min(5, n_open)):
        matching.workers_for_vacancy(vacancy, limit=50)

    picks = [rng.choice(open_vacancies) for _ in range(args.samples)]
    wfv_samples, wfv_sizes = [], []
    for vacancy in picks:
        begin = time.perf_counter()
        ranked = matching.workers_for_vacancy(vacancy, limit=50)
        wfv_samples.append(time.perf_counter() - begin)
        wfv_sizes.append(len(ranked))
    wfv = percentiles(wfv_samples)

    eligible_ids = list(
        MatchFeatures.objects.filter(eligible=True).order_by("pk").values_list("pk", flat=True)
    )
    chosen_ids = [rng.choice(eligible_ids) for _ in range(args.samples)]
    worker_objects = Worker.objects.in_bulk(chosen_ids)
    vfw_samples, vfw_sizes = [], []
    for worker_id in chosen_ids:
        worker = worker_objects[worker_id]
        begin = time.perf_counter()
        ranked = matching.vacancies_for_worker(worker, limit=20)
        vfw_samples.append(time.perf_counter() - begin)
        vfw_sizes.append(len(ranked))
    vfw = percentiles(vfw_samples)

    # The whole match table: every open vacancy's top 50, once.
    predicted = statistics.fmean(wfv_samples) * n_open
    run_all = args.full == "all" or (args.full == "auto" and predicted <= FULL_TABLE_BUDGET_S)
    table_set = (
        open_vacancies if run_all else rng.sample(open_vacancies, min(FULL_TABLE_SAMPLE, n_open))
    )
    begin = time.perf_counter()
    pairs = 0
    for vacancy in table_set:
        pairs += len(matching.workers_for_vacancy(vacancy, limit=50))
    table_measured = time.perf_counter() - begin
    table_seconds = table_measured * n_open / max(1, len(table_set))

    # Baseline: brute force, the exact ranking by definition. Every feature row (loaded once,
    # outside the timing) scored row by row with matching.score() through matching.rank_rows,
    # then the matching consent in force read for the best, as the product reads it.
    all_rows = list(MatchFeatures.objects.all())
    all_occupations: dict = {row.worker_id: [] for row in all_rows}
    for worker_id, isco, years in (
        MatchOccupation.objects.order_by("id").values_list("worker_id", "isco", "years").iterator()
    ):
        all_occupations[worker_id].append((isco, years))
    loaded_rows = [(row, all_occupations[row.worker_id]) for row in all_rows]

    def brute_force(vacancy: Vacancy) -> list:
        if not vacancy.open_to_foreign:
            return []
        ranked = matching.rank_rows(matching.Needs.of(vacancy, today), loaded_rows)
        given = latest_matching_consent([s.worker_id for s in ranked[:200]])
        return [s for s in ranked[:200] if given.get(s.worker_id)][:50]

    base_picks = [rng.choice(open_vacancies) for _ in range(args.baseline)]
    base_samples, recalls, gaps, product_samples = [], [], [], []
    identical_lists = 0
    for vacancy in base_picks:
        begin = time.perf_counter()
        exact = brute_force(vacancy)
        base_samples.append(time.perf_counter() - begin)
        begin = time.perf_counter()
        product = matching.workers_for_vacancy(vacancy, limit=50)
        product_samples.append(time.perf_counter() - begin)
        if exact:
            recalls.append(
                len({s.worker_id for s in exact} & {s.worker_id for s in product}) / len(exact)
            )
            gaps.append(
                exact[-1].exact
                - (product[len(exact) - 1].exact if len(product) >= len(exact) else 0.0)
            )
            # The same workers in the same order with the same scores (to the last bit).
            identical_lists += [(s.worker_id, s.exact) for s in exact] == [
                (s.worker_id, s.exact) for s in product
            ]
    base = percentiles(base_samples)
    product_same = percentiles(product_samples)

    cpu_share = (time.process_time() - cpu_start) / (time.perf_counter() - wall_start)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    occupation_rows = MatchOccupation.objects.count()
    print(
        f"database: {connection.vendor}; workers: {Worker.objects.count():,} ({seeded:,} seeded "
        f"in {seed_seconds:.0f} s; whole load {load_seconds:.0f} s); open vacancies: {n_open:,} "
        f"(+{Vacancy.objects.exclude(status='open').count():,} filled/closed/draft) "
        f"from {employers} employers"
    )
    print(
        f"matching registry: {eligible:,} eligible workers ({eligible / max(1, refreshed):.0%}), "
        f"{eligible_valid:,} of them with a passport valid today; {occupation_rows:,} occupation "
        f"rows; {extra['profiles']:,} job profiles; {extra['certificates']:,} certificates"
    )
    print(f"{'figure':58} {'value':>22}")
    print(f"{'refresh_all(), recomputing every worker features, s':58} {refresh_seconds:22.1f}")
    print(f"{'  workers/s':58} {refreshed / refresh_seconds:22,.0f}")
    print(f"{'refresh_all(), first build into empty tables, s':58} {first_seconds:22.1f}")
    label = "whole match table, top 50 for every open vacancy, s"
    note = "" if run_all else f" (extrapolated from {len(table_set):,})"
    print(f"{label:58} {table_seconds:22.1f}{note}")
    print(
        f"{'  measured: vacancies / s / vacancies per s':58} "
        f"{f'{len(table_set):,} / {table_measured:.1f} / {len(table_set) / table_measured:.1f}':>22}"
    )
    print(f"{'ranking':58} {'p50 ms':>10} {'p95 ms':>11}")
    print(
        f"{f'workers_for_vacancy(limit=50), {len(picks)} vacancies':58} {wfv[0]:10.1f} {wfv[1]:11.1f}"
    )
    print(
        f"{f'vacancies_for_worker(limit=20), {len(chosen_ids)} eligible workers':58} "
        f"{vfw[0]:10.1f} {vfw[1]:11.1f}"
    )
    print(
        f"{'ranking cache read from the feature tables, s / MB':58} "
        f"{f'{cache_seconds:.1f} / {cache_mb:.0f}':>22}"
    )
    print(
        f"{f'baseline: brute force row by row, {len(base_picks)} vacancies':58} "
        f"{base[0]:10.1f} {base[1]:11.1f}"
    )
    print(
        f"{f'workers_for_vacancy on the same {len(base_picks)} vacancies':58} "
        f"{product_same[0]:10.1f} {product_same[1]:11.1f}"
    )
    print(
        f"speed-up at p50: {base[0] / product_same[0]:.1f}x; results returned: "
        f"workers_for_vacancy mean {statistics.fmean(wfv_sizes):.1f} of 50, "
        f"vacancies_for_worker mean {statistics.fmean(vfw_sizes):.1f} of 20"
    )
    if recalls:
        print(
            f"product top 50 against the brute-force top 50: mean overlap "
            f"{statistics.fmean(recalls):.1%}, min {min(recalls):.0%}; "
            f"vacancies with the identical set {sum(r == 1.0 for r in recalls)}/{len(recalls)}, "
            f"identical list (order and scores) {identical_lists}/{len(recalls)}; "
            f"mean score gap at the last rank {statistics.fmean(gaps):.4f}"
        )
    print(f"peak memory: {peak_mb:,.0f} MB")
    # Other work on the machine slows every figure: say how busy it was.
    print(
        f"machine: {os.cpu_count()} CPUs; load average at start {load_at_start[0]:.2f}, "
        f"at the end {os.getloadavg()[0]:.2f}; this process on a CPU {cpu_share:.0%} of the "
        f"timed part's wall time (the rest: waiting for the database server, the disk or a CPU)"
    )


if __name__ == "__main__":
    main()
