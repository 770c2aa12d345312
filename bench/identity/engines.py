"""The linkage model on both engines on one generated set (issue 14, "The scale path, run").

    .venv/bin/python bench/identity/engines.py --persons 54000 [--seed 1] [--keep DIR]

Generates a labelled set (generate.py), then runs `corridor dedupe --input records.csv
--output out.csv --engine E` for E in duckdb and spark, each in a child process of its own,
and prints pairwise P/R/F1, B-cubed F1, seconds and peak memory for each, and whether the two
engines' clusters are the same partition of the records.

Peak MB here is the peak of the summed resident set sizes of the child and all its
descendants, sampled every 0.2 s from /proc: Spark's JVM (and its Python workers) are
descendants of the command, and wait4(2)'s maximum (evaluate.py's figure) would report only
the largest single process. Sampling can miss a peak shorter than 0.2 s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

from evaluate import PRODUCT, Run, load_scores, read_clusters, read_truth, run_child  # noqa: E402

ENGINES = ("duckdb", "spark")
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                # The command name may hold spaces; the parent id follows its closing ")".
                parent = int(handle.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        tree.setdefault(parent, []).append(int(entry))
    return tree


def tree_rss_mb(root: int) -> float:
    tree, pending, total_kb = _children(), [root], 0
    while pending:
        pid = pending.pop()
        pending.extend(tree.get(pid, []))
        try:
            with open(f"/proc/{pid}/statm", encoding="ascii") as handle:
                total_kb += int(handle.read().split()[1]) * PAGE_KB
        except (OSError, IndexError, ValueError):
            continue
    return total_kb / 1024


def run_tree(method: str, command: list[str], output: Path, timeout: float) -> Run:
    """Run one engine; time it and sample the summed RSS of its process tree."""
    env = os.environ | {"CORRIDOR_SECRET_KEY": "bench", "PYTHONUNBUFFERED": "1"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    log_path = output.with_suffix(".stderr")
    start = time.perf_counter()
    peak = 0.0
    with log_path.open("wb") as log:
        child = subprocess.Popen(command, env=env, stdout=log, stderr=log)
        while child.poll() is None:
            peak = max(peak, tree_rss_mb(child.pid))
            if time.perf_counter() - start > timeout:
                child.kill()
                child.wait()
                return Run(
                    method, time.perf_counter() - start, peak, problem=f"timeout {timeout:.0f}s"
                )
            time.sleep(0.2)
    run = Run(method, time.perf_counter() - start, peak)
    if child.returncode != 0:
        tail = log_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
        run.problem = f"exit {child.returncode}: {tail[-1] if tail else 'no output'}"[:200]
    return run


def partition(path: Path) -> set[frozenset[str]]:
    members: dict[str, set[str]] = {}
    for record_id, cluster in read_clusters(path).items():
        members.setdefault(cluster, set()).add(record_id)
    return {frozenset(ids) for ids in members.values()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--persons", type=int, default=54000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--variants", action="store_true", help="generate.py --variants")
    parser.add_argument("--keep", type=Path, help="keep the set and outputs in this directory")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per engine")
    parser.add_argument("--engine", action="append", choices=ENGINES, help="default: both")
    args = parser.parse_args(argv)
    engines = args.engine or list(ENGINES)

    work = args.keep or Path(tempfile.mkdtemp(prefix="corridor-engines-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        if not (work / "records.csv").exists():
            generator = [sys.executable, str(HERE / "generate.py"), "--persons", str(args.persons)]
            generator += ["--seed", str(args.seed), "--out", str(work)]
            generator += ["--variants"] if args.variants else []
            made = run_child("generate", generator, work / "generate.log", args.timeout)
            if made.problem:
                print(f"generator failed: {made.problem}")
                return 1
        print(f"set: {work} (seed {args.seed}{', variants' if args.variants else ''})")
        runs = []
        for engine in engines:
            output = work / f"out-{engine}.csv"
            command = [*PRODUCT, "dedupe", "--input", str(work / "records.csv")]
            command += ["--output", str(output), "--engine", engine]
            print(f"running {engine} ...", file=sys.stderr, flush=True)
            runs.append(run_tree(engine, command, output, args.timeout))
        truth = read_truth(work / "truth.csv")
        print(f"{len(truth)} records of {len(set(truth.values()))} persons")
        print(
            f"{'engine':<10}{'pair P':>8}{'pair R':>8}{'pair F1':>9}{'B3 F1':>8}{'seconds':>9}{'peak MB':>9}"
        )
        for run in runs:
            load_scores(run, work / f"out-{run.method}.csv", truth)
            if run.scores is None:
                print(f"{run.method:<10}unavailable: {run.problem}")
                continue
            s = run.scores
            print(
                f"{run.method:<10}{s.pair_precision:>8.3f}{s.pair_recall:>8.3f}{s.pair_f1:>9.3f}"
                f"{s.bcubed_f1:>8.3f}{run.seconds:>9.1f}{run.peak_mb:>9.0f}"
            )
        done = [run for run in runs if run.scores is not None]
        if len(done) == 2:
            same = partition(work / "out-duckdb.csv") == partition(work / "out-spark.csv")
            print(f"same clusters on both engines: {'yes' if same else 'NO'}")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
