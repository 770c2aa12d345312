"""Matching quality: nDCG@10 of the product's ranking on labelled scenarios, against the rule
baseline "same ISCO code and same region".

    .venv/bin/python bench/matching_quality.py [--scenarios bench/matching_scenarios.json] [--explain]

Each scenario in bench/matching_scenarios.json is one vacancy and 6-12 candidate workers with a
graded relevance (0-3) a recruiter gave them, with a one-line reason. No database: the
vacancy becomes a `matching.Needs` and each candidate an unsaved `MatchFeatures`; the product
ranking is `matching.passes_filters` then `matching.score` (with `best_occupation`), sorted as
`workers_for_vacancy` sorts; candidates a hard filter removes are ranked last (in input order).

Baseline, as the issue names it: candidates with the same ISCO code and the vacancy's region
among their preferred regions first, then the same code only, then the rest, ties in input
order (the file's candidate order was shuffled once when it was written).

Prints nDCG@10 (gain 2^rel - 1, log2 discount, ideal from the labels) per scenario group and
overall for both, and the relative improvement (goal: at least +20 %). Also, for reading, not
for the goal: the baseline with the product's hard filters added, the product with its
candidate tiers (workers whose occupations are all outside the vacancy's major group are
never retrieved, so ranked after the retrieved ones), and a table by the trade-off each
scenario was written to test. --explain prints every scenario's two rankings.
"""

import argparse
import json
import math
import os
import statistics
import sys
import uuid
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
DEFAULT_SCENARIOS = Path(__file__).resolve().parent / "matching_scenarios.json"
K = 10
NAMESPACE = uuid.UUID("6f1c2d4e-3b5a-4c7d-9e8f-0a1b2c3d4e5f")


def setup_django() -> None:
    os.environ.setdefault("CORRIDOR_SECRET_KEY", "benchmark-only")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "corridor.settings")
    import django

    django.setup()


def dcg(relevances: list[int]) -> float:
    return sum((2**rel - 1) / math.log2(i + 2) for i, rel in enumerate(relevances[:K]))


def ndcg(ranked: list[int]) -> float:
    ideal = dcg(sorted(ranked, reverse=True))
    return dcg(ranked) / ideal if ideal else 1.0


def build_needs(vacancy: dict, today: date):
    from corridor.recruitment import matching

    return matching.Needs.of(
        {
            "id": uuid.uuid5(NAMESPACE, json.dumps(vacancy, sort_keys=True)),
            "isco_id": vacancy["isco"],
            "region_id": vacancy["region"],
            "start_date": today + timedelta(days=vacancy["start_offset_days"]),
            "min_experience_years": vacancy["min_experience_years"],
            "language_needs": vacancy["language_needs"],
            "certificates": vacancy["certificates"],
            "driving_licences": vacancy["driving_licences"],
            "wage_max": vacancy["wage_max"],
            "schedule": vacancy["schedule"],
            "min_age": vacancy.get("min_age"),
        },
        today,
    )


def build_features(candidate: dict, start: date, today: date):
    from corridor.recruitment.models import MatchFeatures

    born = candidate.get("birth_date", "1990-01-01")
    if born == "UNDER18":  # seventeen on the start date
        birth = start.replace(year=start.year - 17) - timedelta(days=1)
    else:
        birth = date.fromisoformat(born)
    certificates = {
        kind: "" if offset is None else (today + timedelta(days=offset)).isoformat()
        for kind, offset in candidate["certificates"].items()
    }
    available = candidate.get("available_offset_days")
    return MatchFeatures(
        worker_id=uuid.uuid5(NAMESPACE, candidate["id"]),
        organisation_id=uuid.uuid5(NAMESPACE, "organisation"),
        eligible=candidate.get("matching_consent", True),
        passport_valid_until=today
        + timedelta(days=candidate.get("passport_valid_offset_days", 3650)),
        birth_date=birth,
        citizenship="UZ",
        languages=dict(candidate["languages"]),
        licences=sorted(candidate["licences"]),
        certificates=certificates,
        regions=sorted(candidate["preferred_regions"]),
        expected_wage=candidate.get("expected_wage"),
        available_from=None if available is None else today + timedelta(days=available),
        accepts_rotation=candidate.get("accepts_rotation", True),
    )


def product_ranking(scenario: dict, today: date, *, tiers: bool = False) -> list[tuple[dict, str]]:
    """Candidates best first, each with a short note (score or why it was put last)."""
    from corridor.recruitment import matching

    needs = build_needs(scenario["vacancy"], today)
    scored, unretrieved, filtered = [], [], []
    for candidate in scenario["candidates"]:
        features = build_features(candidate, needs.start, today)
        occupations = [(code, years) for code, years in candidate["occupations"]]
        if not matching.passes_filters(needs, features):
            filtered.append((candidate, "hard filter"))
            continue
        if tiers and all(code[:1] != needs.isco[:1] for code, _ in occupations):
            unretrieved.append((candidate, "not retrieved"))
            continue
        result = matching.score(needs, features, *matching.best_occupation(needs, occupations))
        scored.append((result.score, str(result.worker_id), candidate))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [(c, f"{s:.3f}") for s, _w, c in scored] + unretrieved + filtered


def baseline_ranking(
    scenario: dict, today: date, *, filters: bool = False
) -> list[tuple[dict, str]]:
    from corridor.recruitment import matching

    vacancy = scenario["vacancy"]
    needs = build_needs(vacancy, today)
    buckets: dict[int, list[tuple[dict, str]]] = {0: [], 1: [], 2: [], 3: []}
    for candidate in scenario["candidates"]:
        same_code = any(code == vacancy["isco"] for code, _ in candidate["occupations"])
        same_region = vacancy["region"] in candidate["preferred_regions"]
        bucket = 0 if same_code and same_region else 1 if same_code else 2
        if filters and not matching.passes_filters(
            needs, build_features(candidate, needs.start, today)
        ):
            bucket = 3
        label = ["code+region", "code", "other", "hard filter"][bucket]
        buckets[bucket].append((candidate, label))
    return [item for bucket in range(4) for item in buckets[bucket]]


def relevances(ranking: list[tuple[dict, str]]) -> list[int]:
    return [candidate["relevance"] for candidate, _note in ranking]


def table(title: str, rows: list[tuple[str, int, float, float]]) -> None:
    print(f"{title:28} {'scenarios':>9} {'baseline':>9} {'product':>9} {'change':>8}")
    for name, count, base, product in rows:
        change = (product - base) / base if base else float("nan")
        print(f"{name:28} {count:9d} {base:9.3f} {product:9.3f} {change:+8.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scenarios", type=Path, default=DEFAULT_SCENARIOS)
    parser.add_argument("--explain", action="store_true", help="print every scenario's rankings")
    args = parser.parse_args()
    setup_django()
    from django.utils import timezone

    data = json.loads(args.scenarios.read_text(encoding="utf-8"))
    scenarios = data["scenarios"]
    today = timezone.localdate()

    results = []
    for scenario in scenarios:
        count = len(scenario["candidates"])
        assert 6 <= count <= 12, (scenario["id"], count)
        product = product_ranking(scenario, today)
        base = baseline_ranking(scenario, today)
        results.append(
            {
                "scenario": scenario,
                "product": ndcg(relevances(product)),
                "baseline": ndcg(relevances(base)),
                "baseline_filtered": ndcg(
                    relevances(baseline_ranking(scenario, today, filters=True))
                ),
                "product_tiers": ndcg(relevances(product_ranking(scenario, today, tiers=True))),
                "rankings": (product, base),
            }
        )

    candidates = sum(len(s["candidates"]) for s in scenarios)
    labels = defaultdict(int)
    for s in scenarios:
        for c in s["candidates"]:
            labels[c["relevance"]] += 1
    print(
        f"{len(scenarios)} scenarios, {candidates} candidates (relevance 3/2/1/0: "
        f"{labels[3]}/{labels[2]}/{labels[1]}/{labels[0]}); nDCG@{K}, gain 2^rel-1; date {today}"
    )
    groups: dict[str, list[dict]] = defaultdict(list)
    for result in results:
        groups[result["scenario"]["group"]].append(result)
    rows = [
        (
            name,
            len(items),
            statistics.fmean(r["baseline"] for r in items),
            statistics.fmean(r["product"] for r in items),
        )
        for name, items in sorted(groups.items())
    ]
    overall_base = statistics.fmean(r["baseline"] for r in results)
    overall_product = statistics.fmean(r["product"] for r in results)
    rows.append(("OVERALL", len(results), overall_base, overall_product))
    table("group", rows)
    improvement = (overall_product - overall_base) / overall_base
    verdict = "met" if improvement >= 0.20 else "NOT met"
    print(
        f"relative improvement of the product over the baseline: {improvement:+.1%} "
        f"(goal +20 %: {verdict})"
    )
    wins = sum(r["product"] > r["baseline"] + 1e-9 for r in results)
    losses = sum(r["product"] < r["baseline"] - 1e-9 for r in results)
    print(
        f"scenarios where the product is better / worse / equal: {wins} / {losses} / "
        f"{len(results) - wins - losses}"
    )
    print(
        f"for reading: baseline with the product's hard filters "
        f"{statistics.fmean(r['baseline_filtered'] for r in results):.3f}; "
        f"product with its candidate tiers (other major groups not retrieved) "
        f"{statistics.fmean(r['product_tiers'] for r in results):.3f}"
    )
    print()
    focus: dict[str, list[dict]] = defaultdict(list)
    for result in results:
        for tag in result["scenario"]["focus"]:
            focus[tag].append(result)
    table(
        "by trade-off tested",
        [
            (
                tag,
                len(items),
                statistics.fmean(r["baseline"] for r in items),
                statistics.fmean(r["product"] for r in items),
            )
            for tag, items in sorted(focus.items())
        ],
    )
    print()
    print("lowest product nDCG@10:")
    for result in sorted(results, key=lambda r: r["product"])[:5]:
        product, _base = result["rankings"]
        order = " ".join(f"{c['relevance']}" for c, _ in product)
        print(
            f"  {result['scenario']['id']:34} {result['product']:.3f}  labels in product order: {order}"
        )
    if args.explain:
        for result in results:
            scenario = result["scenario"]
            product, base = result["rankings"]
            print(
                f"\n{scenario['id']} ({scenario['group']}): product {result['product']:.3f}, "
                f"baseline {result['baseline']:.3f}"
            )
            for position, ((pc, pnote), (bc, bnote)) in enumerate(zip(product, base, strict=True)):
                print(
                    f"  {position + 1:2d}. [{pc['relevance']}] {pnote:>13} {pc['why'][:58]:58} | "
                    f"[{bc['relevance']}] {bnote:11} {bc['why'][:40]}"
                )


if __name__ == "__main__":
    main()
