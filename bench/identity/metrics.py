"""Clustering quality against a labelled truth: pairwise and B-cubed precision, recall, F1.

    .venv/bin/python bench/identity/metrics.py --self-test

Both measures are computed from the contingency counts n(c, t) = number of records in
predicted cluster c and true cluster t, so the cost is linear in the number of records:

* pairwise: a pair of records is predicted when both are in one predicted cluster and true
  when both belong to one person. true positives = sum C(n(c,t), 2), predicted pairs =
  sum C(|c|, 2), true pairs = sum C(|t|, 2).
* B-cubed (Bagga & Baldwin 1998): per record r, precision = |c(r) ∩ t(r)| / |c(r)| and
  recall = |c(r) ∩ t(r)| / |t(r)|, averaged over records; a cell of n records contributes
  n * n / |c| and n * n / |t|.

Conventions: with no predicted pairs pairwise precision is 1.0 (nothing wrong was claimed);
with no true pairs pairwise recall is 1.0. A record missing from the prediction counts as
a singleton cluster of its own; predicted records missing from the truth are ignored.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Scores:
    pair_precision: float
    pair_recall: float
    pair_f1: float
    bcubed_precision: float
    bcubed_recall: float
    bcubed_f1: float
    true_pairs: int
    predicted_pairs: int
    true_positive_pairs: int
    missing_records: int  # records of the truth the prediction did not mention


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def _f1(precision: float, recall: float) -> float:
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def score(truth: Mapping[str, Hashable], predicted: Mapping[str, Hashable]) -> Scores:
    """Compare a prediction (record -> cluster) with the truth (record -> person)."""
    if not truth:
        raise ValueError("empty truth")
    cells: Counter[tuple[Hashable, Hashable]] = Counter()
    missing = 0
    for record, person in truth.items():
        cluster = predicted.get(record)
        if cluster is None:
            missing += 1
            cluster = ("__singleton__", record)  # cannot collide with a real cluster id
        cells[(cluster, person)] += 1
    cluster_sizes: Counter[Hashable] = Counter()
    person_sizes: Counter[Hashable] = Counter()
    for (cluster, person), n in cells.items():
        cluster_sizes[cluster] += n
        person_sizes[person] += n

    true_positive = sum(_pairs(n) for n in cells.values())
    predicted_pairs = sum(_pairs(n) for n in cluster_sizes.values())
    true_pairs = sum(_pairs(n) for n in person_sizes.values())
    precision = true_positive / predicted_pairs if predicted_pairs else 1.0
    recall = true_positive / true_pairs if true_pairs else 1.0

    records = len(truth)
    b_precision = sum(n * n / cluster_sizes[c] for (c, _), n in cells.items()) / records
    b_recall = sum(n * n / person_sizes[p] for (_, p), n in cells.items()) / records
    return Scores(
        pair_precision=precision,
        pair_recall=recall,
        pair_f1=_f1(precision, recall),
        bcubed_precision=b_precision,
        bcubed_recall=b_recall,
        bcubed_f1=_f1(b_precision, b_recall),
        true_pairs=true_pairs,
        predicted_pairs=predicted_pairs,
        true_positive_pairs=true_positive,
        missing_records=missing,
    )


def _brute_force(truth: Mapping[str, Hashable], predicted: Mapping[str, Hashable]) -> Scores:
    """Definition-by-enumeration, O(n^2): only to cross-check `score` in the self-test."""
    ids = sorted(truth)
    cluster = {r: predicted.get(r, ("__singleton__", r)) for r in ids}
    tp = fp = fn = 0
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            same_c, same_t = cluster[a] == cluster[b], truth[a] == truth[b]
            tp += same_c and same_t
            fp += same_c and not same_t
            fn += same_t and not same_c
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    bp = br = 0.0
    for a in ids:
        in_c = [b for b in ids if cluster[b] == cluster[a]]
        in_t = [b for b in ids if truth[b] == truth[a]]
        both = len(set(in_c) & set(in_t))
        bp += both / len(in_c)
        br += both / len(in_t)
    bp, br = bp / len(ids), br / len(ids)
    return Scores(p, r, _f1(p, r), bp, br, _f1(bp, br), tp + fn, tp + fp, tp, 0)


def self_test() -> None:
    close = lambda a, b: abs(a - b) < 1e-9  # noqa: E731

    # 1. Truth {a,b,c} {d,e}; prediction {a,b} {c,d,e}.
    #    True pairs: ab ac bc de = 4. Predicted: ab cd ce de = 4. Correct: ab de = 2.
    #    P = R = F1 = 0.5.
    #    B-cubed precision per record: a 2/2, b 2/2, c 1/3, d 2/3, e 2/3 -> (11/3)/5 = 11/15.
    #    B-cubed recall:               a 2/3, b 2/3, c 1/3, d 2/2, e 2/2 -> (11/3)/5 = 11/15.
    truth = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2}
    s = score(truth, {"a": "x", "b": "x", "c": "y", "d": "y", "e": "y"})
    assert (s.true_pairs, s.predicted_pairs, s.true_positive_pairs) == (4, 4, 2), s
    assert close(s.pair_f1, 0.5) and close(s.bcubed_precision, 11 / 15), s
    assert close(s.bcubed_recall, 11 / 15) and close(s.bcubed_f1, 11 / 15), s

    # 2. All singletons against the same truth: no pairs claimed -> P 1, R 0, F1 0.
    #    B-cubed precision 1; recall (1/3 * 3 + 1/2 * 2) / 5 = 2/5; F1 = 2*0.4/1.4 = 4/7.
    s = score(truth, {r: r for r in truth})
    assert s.pair_precision == 1.0 and s.pair_recall == 0.0 and s.pair_f1 == 0.0, s
    assert close(s.bcubed_recall, 2 / 5) and close(s.bcubed_f1, 4 / 7), s

    # 3. Everything in one cluster: 10 predicted pairs, 4 true -> P 0.4, R 1, F1 4/7.
    #    B-cubed precision (3/5 * 3 + 2/5 * 2) / 5 = 13/25.
    s = score(truth, dict.fromkeys(truth, "all"))
    assert close(s.pair_precision, 0.4) and s.pair_recall == 1.0, s
    assert close(s.pair_f1, 4 / 7) and close(s.bcubed_precision, 13 / 25), s

    # 4. Perfect prediction with other labels; a missing record becomes a singleton.
    s = score(truth, {"a": 7, "b": 7, "c": 7, "d": 8, "e": 8})
    assert s.pair_f1 == 1.0 and s.bcubed_f1 == 1.0, s
    s = score(truth, {"a": 7, "b": 7, "d": 8, "e": 8})  # c missing: ab correct, ac bc lost
    assert s.missing_records == 1 and close(s.pair_recall, 2 / 4) and s.pair_precision == 1.0

    # 5. The counting formulas agree with enumeration on random clusterings.
    import random

    rng = random.Random(7)
    for _ in range(200):
        ids = [f"r{i}" for i in range(rng.randint(1, 25))]
        truth2 = {r: rng.randrange(6) for r in ids}
        pred = {r: rng.randrange(6) for r in ids}
        fast, slow = score(truth2, pred), _brute_force(truth2, pred)
        for name in ("pair_precision", "pair_recall", "bcubed_precision", "bcubed_recall"):
            assert close(getattr(fast, name), getattr(slow, name)), (name, fast, slow)
    print("metrics self-test: ok")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--self-test", action="store_true", help="run the hand-computed checks")
    args = parser.parse_args(argv)
    if args.self_test:
        self_test()
        return 0
    parser.print_help()
    return 2


if __name__ == "__main__":
    sys.exit(main())
