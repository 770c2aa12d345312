"""Identity linkage benchmark: the product against two baselines on one generated set.

    .venv/bin/python bench/identity/evaluate.py --persons 2000 [--seed 1] [--keep DIR]

Generates a labelled set (generate.py) into a temporary directory, then runs three methods,
each in a child process of its own so that wall time and peak memory are per method:

  exact           records with identical family_name, given_name and birth_date as written
                  (all three non-empty) form a cluster; what most systems in the field do
  splink-default  Splink 4 on DuckDB with straightforward settings on the raw columns
  product         `corridor dedupe --input records.csv --output out.csv` (--engine duckdb,
                  or --engine spark; bench/identity/engines.py runs both on one set)

and prints pairwise P/R/F1, B-cubed F1, seconds and peak RSS for each, then the F1 ratios.
Peak MB is the child's maximum resident set size as reported by wait4(2) for that child.
Linux counts the parent's resident size at fork into the child's maximum, so this process
stays small: the generator runs as a child too, and the truth is read only at the end.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

from metrics import Scores, score  # noqa: E402

# The product of this checkout (a git worktree has no .venv of its own), run by the
# interpreter running this script.
PRODUCT = [sys.executable, "-m", "corridor.cli"]
SPLINK_THRESHOLD = 0.9


# --- The two baselines (run inside a child: evaluate.py --method NAME) -------------


def run_exact(records: Path, output: Path) -> None:
    clusters: dict[tuple[str, str, str], str] = {}
    with records.open(encoding="utf-8", newline="") as src, output.open("w", newline="") as dst:
        writer = csv.writer(dst, lineterminator="\n")
        writer.writerow(["record_id", "cluster_id"])
        for row in csv.DictReader(src):
            key = (row["family_name"], row["given_name"], row["birth_date"])
            # A record without all three can only match itself.
            cluster = clusters.setdefault(key, row["record_id"]) if all(key) else row["record_id"]
            writer.writerow([row["record_id"], cluster])


def run_splink_default(records: Path, output: Path) -> None:
    import pandas as pd
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    frame = pd.read_csv(records, dtype=str, keep_default_na=False)
    # Splink's null level needs real NULLs; an empty string would "match" every other one.
    frame = frame.replace("", None)
    settings = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="record_id",
        comparisons=[
            cl.JaroWinklerAtThresholds("family_name"),
            cl.JaroWinklerAtThresholds("given_name"),
            cl.ExactMatch("birth_date"),
            cl.ExactMatch("sex"),
            cl.ExactMatch("citizenship"),
            cl.ExactMatch("phone"),
            cl.ExactMatch("passport_number"),
        ],
        blocking_rules_to_generate_predictions=[block_on("birth_date"), block_on("family_name")],
    )
    linker = Linker(frame, settings, db_api=DuckDBAPI())
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("birth_date"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("family_name"))
    pairs = linker.inference.predict(threshold_match_probability=SPLINK_THRESHOLD)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        pairs, SPLINK_THRESHOLD
    ).as_pandas_dataframe()
    clusters[["record_id", "cluster_id"]].to_csv(output, index=False)


BASELINES = {"exact": run_exact, "splink-default": run_splink_default}


# --- Running and measuring a child ---------------------------------------------------


@dataclass
class Run:
    method: str
    seconds: float = 0.0
    peak_mb: float = 0.0
    scores: Scores | None = None
    problem: str = ""  # why the method is unavailable, if it is


def run_child(method: str, command: list[str], output: Path, timeout: float) -> Run:
    """Run one method; time it and take its own peak RSS from wait4(2)."""
    env = os.environ | {"CORRIDOR_SECRET_KEY": "bench", "PYTHONUNBUFFERED": "1"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    log_path = output.with_suffix(".stderr")
    start = time.perf_counter()
    with log_path.open("wb") as log:
        try:
            child = subprocess.Popen(command, env=env, stdout=log, stderr=log)
        except OSError as error:
            return Run(method, problem=f"cannot start: {error}")
        while True:  # poll so that a timeout can stop a runaway child
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > timeout:
                child.kill()
                os.wait4(child.pid, 0)
                return Run(method, time.perf_counter() - start, problem=f"timeout {timeout:.0f}s")
            time.sleep(0.05)
    child.returncode = os.waitstatus_to_exitcode(status)  # keep Popen from waiting again
    run = Run(method, time.perf_counter() - start, usage.ru_maxrss / 1024)  # KiB on Linux
    if child.returncode != 0:
        tail = log_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
        run.problem = f"exit {child.returncode}: {tail[-1] if tail else 'no output'}"[:200]
    return run


def read_truth(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["record_id"]: row["person_id"] for row in csv.DictReader(handle)}


def read_clusters(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames is None or reader.fieldnames[:2] != ["record_id", "cluster_id"]:
            raise ValueError(f"header is {reader.fieldnames}, expected record_id,cluster_id")
        return {row["record_id"]: row["cluster_id"] for row in reader}


def load_scores(run: Run, output: Path, truth: dict[str, str]) -> None:
    if run.problem:
        return
    try:
        run.scores = score(truth, read_clusters(output))
    except (OSError, ValueError, KeyError) as error:
        run.problem = f"bad output: {error}"


# --- Report ------------------------------------------------------------------------


def print_table(runs: list[Run]) -> None:
    print(
        f"{'method':<16}{'pair P':>8}{'pair R':>8}{'pair F1':>9}{'B3 F1':>8}{'seconds':>9}{'peak MB':>9}"
    )
    for run in runs:
        if run.scores is None:
            print(f"{run.method:<16}unavailable: {run.problem}")
            continue
        s = run.scores
        print(
            f"{run.method:<16}{s.pair_precision:>8.3f}{s.pair_recall:>8.3f}{s.pair_f1:>9.3f}"
            f"{s.bcubed_f1:>8.3f}{run.seconds:>9.1f}{run.peak_mb:>9.0f}"
        )
        if s.missing_records:
            print(f"{'':<16}({s.missing_records} records missing from the output)")
    by_name = {run.method: run.scores for run in runs}
    product = by_name.get("product")
    for baseline in ("exact", "splink-default"):
        base = by_name.get(baseline)
        if product is None or base is None:
            print(f"F1 ratio product/{baseline}: n/a")
        elif base.pair_f1 == 0:
            print(f"F1 ratio product/{baseline}: inf (baseline F1 is 0)")
        else:
            print(f"F1 ratio product/{baseline}: {product.pair_f1 / base.pair_f1:.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--persons", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--variants", action="store_true", help="generate.py --variants")
    parser.add_argument("--keep", type=Path, help="keep the set and outputs in this directory")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per method")
    parser.add_argument("--skip", action="append", default=[], help="method to leave out")
    parser.add_argument(
        "--engine", choices=("duckdb", "spark"), default="duckdb", help="the product's engine"
    )
    parser.add_argument("--method", choices=BASELINES, help=argparse.SUPPRESS)  # child mode
    parser.add_argument("--input", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--output", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.method:
        BASELINES[args.method](args.input, args.output)
        return 0

    work = args.keep or Path(tempfile.mkdtemp(prefix="corridor-identity-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        generator = [sys.executable, str(HERE / "generate.py"), "--persons", str(args.persons)]
        generator += ["--seed", str(args.seed), "--out", str(work)]
        generator += ["--variants"] if args.variants else []
        made = run_child("generate", generator, work / "generate.log", args.timeout)
        if made.problem:
            print(f"generator failed: {made.problem}")
            return 1
        kind = ", variants" if args.variants else ""
        print(
            f"set: {work} (seed {args.seed}{kind}), made in {made.seconds:.1f}s, {made.peak_mb:.0f} MB"
        )
        input_csv = work / "records.csv"
        commands = {
            method: [sys.executable, __file__, "--method", method, "--input", str(input_csv)]
            for method in BASELINES
        }
        commands["product"] = [*PRODUCT, "dedupe", "--input", str(input_csv)]
        commands["product"] += ["--engine", args.engine]
        for method, command in commands.items():
            command += ["--output", str(work / f"out-{method}.csv")]
        runs = []
        for method, command in commands.items():
            if method in args.skip:
                runs.append(Run(method, problem="skipped"))
            else:
                print(f"running {method} ...", file=sys.stderr, flush=True)
                runs.append(run_child(method, command, work / f"out-{method}.csv", args.timeout))
        truth = read_truth(work / "truth.csv")
        persons = len(set(truth.values()))
        print(f"{len(truth)} records of {persons} persons")
        for run in runs:
            load_scores(run, work / f"out-{run.method}.csv", truth)
        print_table(runs)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
