"""Training the linkage model and clustering a set of person records with it (Splink, on
DuckDB by default; `corridor.identity.spark` runs the same model on Spark)."""

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, cast

import pandas as pd
from splink import DuckDBAPI, Linker, block_on
from splink.internals.database_api import DatabaseAPISubClass

from corridor.identity.clustering import constrained_clusters
from corridor.identity.model import (
    HALF_SWAP_COUNTED_ONCE,
    MODEL_PATH,
    MODEL_VERSION,
    SWAP_COUNTED_ONCE,
    settings_creator,
    trained_settings,
)
from corridor.identity.records import INPUT_COLUMNS, linkage_columns

# Scores below this are never even kept as candidate pairs.
CANDIDATE_THRESHOLD = 0.5
Progress = Callable[[str], None]


def build_frame(records: Iterable[dict[str, str]]) -> pd.DataFrame:
    """One row per checked record: its id and the comparison columns."""
    rows = [{"record_id": r["record_id"], **linkage_columns(r)} for r in records]
    frame = pd.DataFrame(rows)
    if frame.empty:
        frame = pd.DataFrame(columns=["record_id", *linkage_columns(_EMPTY).keys()])
    # Splink needs stable column types even when a column is entirely empty.
    for column in ("birth_year",):
        frame[column] = frame[column].astype("Int64")
    for column in frame.columns:
        if column != "birth_year":
            frame[column] = frame[column].astype("string")
    return frame


_EMPTY = dict.fromkeys(INPUT_COLUMNS, "")


def train_model(
    frame: pd.DataFrame,
    *,
    output: Path = MODEL_PATH,
    seed: int = 2026,
    labels: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Estimate the model's parameters and save them, versioned.

    With `labels` (record_id -> person_id, e.g. a clerically reviewed sample or a generated
    set), m probabilities and the prior come from the labels; without, from expectation
    maximisation on the records alone. u probabilities always come from random pairs.
    """
    if labels is not None:
        frame = frame.assign(person_id=frame["record_id"].map(labels).astype("string"))
    # Splink annotates its input as table names only; it takes pandas frames as documented.
    linker = Linker(frame, settings_creator(), db_api=DuckDBAPI(), set_up_basic_logging=False)  # type: ignore[arg-type]
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=seed)
    if labels is not None:
        sizes = frame["person_id"].value_counts()
        true_pairs = float((sizes * (sizes - 1) / 2).sum())
        total_pairs = len(frame) * (len(frame) - 1) / 2
        linker._settings_obj._probability_two_random_records_match = true_pairs / total_pairs
        linker.training.estimate_m_from_label_column("person_id")
    else:
        linker.training.estimate_probability_two_random_records_match(
            [block_on("passport"), block_on("family_key", "given_key", "birth_date")], recall=0.7
        )
        # EM twice, each time blocking on fields the other one then estimates.
        linker.training.estimate_parameters_using_expectation_maximisation(block_on("birth_date"))
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on("family_stem", "given_key")
        )
    model = count_swap_once(regularise(linker.misc.save_model_to_json()))
    model["corridor_model_version"] = MODEL_VERSION
    # The prior is per pair, so it shrinks as files grow; what carries over between files of
    # different sizes is how many other records of the same person a record has.
    prior = model["probability_two_random_records_match"]
    model["corridor_matches_per_record"] = prior * (len(frame) - 1)
    model["corridor_trained_with"] = "labels" if labels is not None else "expectation maximisation"
    output.write_text(json.dumps(model, indent=1, ensure_ascii=False), encoding="utf-8")
    return model


# No field is infallible: clerks mistype regions and phones change hands. Without these floors
# a level never seen in training data gets m = 0 (one disagreement vetoes any match) or u = 0
# (one shared phone forces a match).
MIN_M_PROBABILITY = 1e-3
MIN_U_PROBABILITY = 1e-6


def regularise(model: dict[str, Any]) -> dict[str, Any]:
    """Floor every level's m and u probabilities, so no single field decides a match alone."""
    for comparison in model["comparisons"]:
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            m = level.get("m_probability")
            u = level.get("u_probability")
            level["m_probability"] = max(
                m if isinstance(m, float | int) else 0.0, MIN_M_PROBABILITY
            )
            level["u_probability"] = max(
                u if isinstance(u, float | int) else 0.0, MIN_U_PROBABILITY
            )
    return model


def count_swap_once(model: dict[str, Any]) -> dict[str, Any]:
    """Make the given name's "swapped" levels neutral (m = u, a Bayes factor of 1).

    Names written in each other's fields show in both name comparisons at once; trained
    separately, each level would add the swap's weight again, and a swapped namesake would
    outscore a person whose names agree in place.
    """
    for comparison in model["comparisons"]:
        for level in comparison["comparison_levels"]:
            if level.get("label_for_charts") in (SWAP_COUNTED_ONCE, HALF_SWAP_COUNTED_ONCE):
                level["m_probability"] = level["u_probability"]
    return model


@dataclass(frozen=True)
class Clustering:
    cluster_of: dict[str, str]
    candidate_pairs: int
    linked_pairs: int
    held_back_pairs: int


# Pairs never linked automatically, whatever their score: the given names differ outright
# (not a spelling, not swapped), as between twins, whose other fields all agree and would
# otherwise outvote the one that tells them apart. A differing sex or birth year is no veto:
# real records miscode sex and mistype years, so the model weighs them against the rest
# (their own comparison levels, with m probabilities from labelled data).
VETO_SQL = "(gamma_given_key = 0)"
# Pairs whose values contradict each other are flagged for the reviewer, linked or not.
CONFLICT_SQL = """(
    coalesce(sex_l <> sex_r, false)
    OR coalesce(abs(birth_year_l - birth_year_r) > 1, false)
    OR gamma_given_key = 0
)"""


def prior_for(records: int, model: dict[str, Any] | None = None) -> float:
    """Probability that two random records of a set of `records` are the same person."""
    trained = model or json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    per_record = trained.get("corridor_matches_per_record")
    if per_record is None or records < 2:
        return float(trained["probability_two_random_records_match"])
    return min(0.5, per_record / (records - 1))


class Engine(Protocol):
    """Where Splink runs the model: a database API of its and the SQL dialect it speaks."""

    dialect: str

    def db_api(self) -> DatabaseAPISubClass: ...

    def linker_input(self, frame: pd.DataFrame) -> Any:
        """The records as this engine's Splink takes them."""
        ...

    def fetch(self, db_api: DatabaseAPISubClass, query: str) -> pd.DataFrame:
        """The rows of a query over Splink's tables, as a pandas frame."""
        ...


class DuckDBEngine:
    """The default: DuckDB in this process, in memory."""

    dialect = "duckdb"

    def db_api(self) -> DuckDBAPI:
        return DuckDBAPI()

    def linker_input(self, frame: pd.DataFrame) -> pd.DataFrame:
        return frame

    def fetch(self, db_api: DatabaseAPISubClass, query: str) -> pd.DataFrame:
        return cast("DuckDBAPI", db_api)._con.execute(query).df()


def score_pairs(
    frame: pd.DataFrame,
    *,
    settings: dict[str, Any] | None = None,
    engine: Engine | None = None,
) -> pd.DataFrame:
    """Candidate pairs scoring at least CANDIDATE_THRESHOLD: ids, probability, whether the
    values conflict (for review) and whether the pair may never be linked automatically."""
    columns = ["record_id_l", "record_id_r", "match_probability", "conflict", "veto"]
    if len(frame) < 2:
        return pd.DataFrame(columns=columns)
    engine = engine or DuckDBEngine()
    db_api = engine.db_api()
    settings = dict(settings or trained_settings(engine.dialect))
    settings["probability_two_random_records_match"] = prior_for(len(frame))
    # Splink annotates its input as table names only; it takes pandas and Spark frames as
    # documented.
    records = engine.linker_input(frame)
    linker = Linker(records, settings, db_api=db_api, set_up_basic_logging=False)  # type: ignore[arg-type]
    predictions = linker.inference.predict(threshold_match_probability=CANDIDATE_THRESHOLD)
    # Only what callers need leaves the engine: ids, score and the two flags. The table name
    # is Splink's own and the SQL constants; no input reaches this string.
    query = f"SELECT record_id_l, record_id_r, match_probability, {CONFLICT_SQL} AS conflict, {VETO_SQL} AS veto FROM {predictions.physical_name}"  # noqa: S608
    pairs = engine.fetch(db_api, query)
    pairs["conflict"] = pairs["conflict"].astype(bool)
    pairs["veto"] = pairs["veto"].astype(bool)
    return pairs[columns]


def cluster_records(
    frame: pd.DataFrame,
    *,
    threshold: float,
    settings: dict[str, Any] | None = None,
    progress: Progress | None = None,
    engine: Engine | None = None,
) -> Clustering:
    """Cluster records: score candidate pairs, drop vetoed ones, link those at `threshold`."""
    say = progress or (lambda message: None)
    say("scoring candidate pairs")
    pairs = score_pairs(frame, settings=settings, engine=engine)
    edges = pairs.loc[~pairs["veto"]]
    linked = int((edges["match_probability"] >= threshold).sum())
    say("clustering")
    attributes = frame[["record_id", "birth_year", "patronymic_stem"]].astype(object)
    # The frame's column labels are all strings.
    records = cast(
        "list[dict[str, Any]]", attributes.where(attributes.notna(), None).to_dict("records")
    )
    triples = zip(
        edges["record_id_l"], edges["record_id_r"], edges["match_probability"], strict=True
    )
    cluster_of, refused = constrained_clusters(records, triples, threshold)
    held_back = len(pairs) - len(edges) + refused
    return Clustering(cluster_of, len(pairs), linked, held_back)
