import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from corridor.core.csvfiles import CsvFileError
from corridor.identity.files import read_labels, read_records, write_clusters
from corridor.identity.linkage import Clustering, build_frame, cluster_records, train_model
from corridor.identity.model import MODEL_PATH, MODEL_VERSION
from corridor.identity.registry import find_duplicates_in_registry

ENGINES = ("duckdb", "spark")


class Command(BaseCommand):
    help = (
        "Find records of the same person. Without --input: over the registry, queueing likely "
        "pairs for review. With --input/--output: cluster the records of a CSV file (no "
        "registry database needed); OUT.csv is record_id,cluster_id."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--input", type=Path, help="CSV of person records (else: the registry)")
        parser.add_argument("--output", type=Path, help="where to write record_id,cluster_id")
        parser.add_argument(
            "--threshold",
            type=float,
            default=None,
            help=f"match probability to link at (default {settings.IDENTITY_AUTO_LINK_THRESHOLD})",
        )
        parser.add_argument(
            "--labels",
            type=Path,
            help="with --train: a CSV record_id,person_id to estimate m probabilities from",
        )
        parser.add_argument(
            "--engine",
            choices=ENGINES,
            default="duckdb",
            help="with --input: where Splink runs the model, DuckDB in this process (default) "
            "or Spark in local mode (the optional extra corridor[spark] and Java 17+)",
        )
        parser.add_argument(
            "--train",
            action="store_true",
            help=f"estimate the model on --input and save it as {MODEL_PATH.name}",
        )

    def _say(self, message: str) -> None:
        # Progress goes to stderr so OUT.csv and pipes stay clean.
        sys.stderr.write(f"[dedupe] {message}\n")
        sys.stderr.flush()

    def handle(self, *args: Any, **options: Any) -> None:
        threshold = (
            options["threshold"]
            if options["threshold"] is not None
            else settings.IDENTITY_AUTO_LINK_THRESHOLD
        )
        if not 0 < threshold < 1:
            raise CommandError("--threshold must be between 0 and 1.")
        if options["engine"] != "duckdb" and (options["input"] is None or options["train"]):
            raise CommandError(
                "--engine spark goes with --input and --output (the registry and training run "
                "on DuckDB)."
            )
        if options["input"] is None:
            if options["output"] or options["train"]:
                raise CommandError("--output and --train go with --input.")
            found = find_duplicates_in_registry(progress=self._say)
            self._say(
                f"{found.workers:,} workers, {found.candidate_pairs:,} candidate pairs; "
                f"{found.queued:,} new pairs queued for review, {found.already_known:,} already known"
            )
            return
        if not options["train"] and options["output"] is None:
            raise CommandError("--output is required (or --train to estimate the model).")
        started = time.perf_counter()
        self._say(f"reading {options['input']}")
        try:
            result = read_records(options["input"])
        except CsvFileError as error:
            raise CommandError(str(error)) from error
        for line, problem in result.problems:
            self._say(f"line {line}: {problem}")
        self._say(
            f"{len(result.records):,} records read, {result.skipped:,} skipped, {len(result.problems):,} problems"
        )
        frame = build_frame(result.records)
        if options["train"]:
            source = "the labels" if options["labels"] else "expectation maximisation"
            self._say(f"estimating the model (u by random sampling, m by {source})")
            try:
                labels = read_labels(options["labels"]) if options["labels"] else None
            except CsvFileError as error:
                raise CommandError(str(error)) from error
            train_model(frame, labels=labels)
            self._say(f"saved model {MODEL_VERSION} to {MODEL_PATH}")
            if options["output"] is None:
                return
        self._say(
            f"linking with model {MODEL_VERSION} at match probability {threshold} "
            f"on {options['engine']}"
        )
        if options["engine"] == "spark":
            clustering = _cluster_on_spark(frame, threshold, self._say)
        else:
            clustering = cluster_records(frame, threshold=threshold, progress=self._say)
        try:
            write_clusters(
                options["output"], [r["record_id"] for r in result.records], clustering.cluster_of
            )
        except CsvFileError as error:
            raise CommandError(str(error)) from error
        clusters = len(set(clustering.cluster_of.values()))
        self._say(
            f"{clustering.candidate_pairs:,} candidate pairs, {clustering.linked_pairs:,} linked, "
            f"{clustering.held_back_pairs:,} held back (given names differ, or their clusters "
            "contradict each other); "
            f"{clusters:,} clusters; {time.perf_counter() - started:.1f} s"
        )


def _cluster_on_spark(frame: Any, threshold: float, say: Callable[[str], None]) -> Clustering:
    # pyspark is an optional extra: the default engine never imports it.
    try:
        from corridor.identity.spark import cluster_records_on_spark
    except ImportError as error:
        raise CommandError(
            f"--engine spark needs pyspark (pip install 'corridor[spark]'): {error}"
        ) from error
    return cluster_records_on_spark(frame, threshold=threshold, progress=say)
