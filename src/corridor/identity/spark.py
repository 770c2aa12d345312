"""The linkage model on Splink's Spark backend: `corridor dedupe --engine spark`.

The scale path of the architecture: when a country's file outgrows one machine's DuckDB,
the same trained model (model.py, the shipped JSON) runs on Spark. Here Spark runs in local
mode inside this machine, on the cores it is given; on a cluster the session would come from
the cluster instead and nothing else changes. pyspark is the optional extra `spark` and needs
a Java 17+ runtime; nothing is fetched at run time (the Jaro-Winkler functions come from the
jar that Splink ships, and Jaro-Winkler from this process's own rapidfuzz, see below).
"""

import os
import shutil
import sys
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, cast

import pandas as pd
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql.functions import pandas_udf
from pyspark.sql.types import DoubleType, LongType, StringType, StructField, StructType
from splink import SparkAPI
from splink.backends.spark import similarity_jar_location
from splink.internals.database_api import DatabaseAPISubClass
from splink.internals.dialects import SparkDialect

from corridor.identity.linkage import Clustering, Progress, cluster_records
from corridor.identity.scoring import jaro_winkler

# pyspark 4 warns on every pandas conversion that it does not yet "fully support" pandas 3;
# the conversions used here (strings and integers, through Arrow) are held equal to DuckDB's
# by tests/test_spark_engine.py.
warnings.filterwarnings(
    "ignore", message="PySpark does not yet fully support pandas", category=FutureWarning
)

# Cores of this machine the session uses; "local[*]" would take every core of a shared one.
DEFAULT_MASTER = "local[2]"
DEFAULT_DRIVER_MEMORY = "4g"
# Spark's default of 200 shuffle partitions suits a cluster; on two cores each partition is
# a task to schedule, and a few hundred records a partition cost more to schedule than to run.
DEFAULT_SHUFFLE_PARTITIONS = 8


@contextmanager
def local_session(
    master: str | None = None,
    driver_memory: str | None = None,
    shuffle_partitions: int | None = None,
) -> Iterator[SparkSession]:
    """A Spark session in local mode with Splink's similarity jar, stopped on exit.

    Settings come from the arguments, else CORRIDOR_SPARK_MASTER, CORRIDOR_SPARK_DRIVER_MEMORY
    and CORRIDOR_SPARK_SHUFFLE_PARTITIONS, else the defaults above. Spark's checkpoints and
    warehouse go to a temporary directory removed afterwards.
    """
    scratch = tempfile.mkdtemp(prefix="corridor-spark-")
    # Spark's Python workers (the Jaro-Winkler function) run this interpreter, with its
    # packages; and Spark binds to the loopback rather than resolve the host's name.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    partitions = shuffle_partitions or int(
        os.environ.get("CORRIDOR_SPARK_SHUFFLE_PARTITIONS", DEFAULT_SHUFFLE_PARTITIONS)
    )
    builder = cast("Any", SparkSession.builder)
    session = (
        builder.master(master or os.environ.get("CORRIDOR_SPARK_MASTER", DEFAULT_MASTER))
        .appName("corridor-dedupe")
        .config(
            "spark.driver.memory",
            driver_memory or os.environ.get("CORRIDOR_SPARK_DRIVER_MEMORY", DEFAULT_DRIVER_MEMORY),
        )
        .config("spark.jars", similarity_jar_location())
        .config("spark.sql.shuffle.partitions", str(partitions))
        .config("spark.default.parallelism", str(partitions))
        # Local mode talks to itself only: no UI port, no lookup of the host's name.
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.warehouse.dir", os.path.join(scratch, "warehouse"))
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    session.sparkContext.setCheckpointDir(os.path.join(scratch, "checkpoints"))
    try:
        yield session
    finally:
        session.stop()
        shutil.rmtree(scratch, ignore_errors=True)


# The linkage columns as records.py derives them: text, and the birth year a number (the
# birth date comparison subtracts years). An explicit schema, so that a column that happens to
# be entirely empty in a file is still text and not Spark's NullType.
_INTEGER_COLUMNS = ("birth_year",)


def _schema(frame: pd.DataFrame) -> StructType:
    return StructType(
        [
            StructField(
                str(column), LongType() if column in _INTEGER_COLUMNS else StringType(), True
            )
            for column in frame.columns
        ]
    )


@pandas_udf(DoubleType())  # type: ignore[call-overload]
def _jaro_winkler(left: pd.Series, right: pd.Series) -> pd.Series:
    """DuckDB's jaro_winkler_similarity, through the registration check's own function.

    The jar's jaro_winkler counts transpositions as half the out-of-order matches without
    rounding down, so a pair with an odd count scores lower than in DuckDB
    ("muhamdalieva"/"muhamadalieva": 0.926 against 0.935) and may fall a level, and the two
    engines would then cluster differently. NULL or empty on either side is NULL or 0 as in
    DuckDB.
    """
    scores = [
        None if pd.isna(a) or pd.isna(b) else (jaro_winkler(a, b) if a and b else 0.0)
        for a, b in zip(left.tolist(), right.tolist(), strict=True)
    ]
    return pd.Series(scores, dtype="float64")


class SparkEngine:
    """Splink on a Spark session (see `local_session`)."""

    dialect = "spark"

    def __init__(self, session: SparkSession) -> None:
        self.session = session

    def db_api(self) -> SparkAPI:
        partitions = int(self.session.conf.get("spark.sql.shuffle.partitions") or 8)
        # Splink registers the jar's string functions with the session; Jaro-Winkler, the one
        # the model uses, is then replaced by DuckDB's (see _jaro_winkler). Intermediate
        # tables are cached by Spark (memory, then the scratch disk) rather than written out
        # as parquet, which on one machine only adds writes.
        api = SparkAPI(
            spark_session=self.session,
            num_partitions_on_repartition=partitions,
            break_lineage_method="persist",
        )
        self.session.udf.register(SparkDialect().jaro_winkler_function_name, _jaro_winkler)
        return api

    def linker_input(self, frame: pd.DataFrame) -> DataFrame:
        # Missing values are NULL to Spark as they are NA to pandas and NULL to DuckDB.
        rows = frame.astype(object).where(frame.notna(), None)
        return self.session.createDataFrame(rows, schema=_schema(frame))

    def fetch(self, db_api: DatabaseAPISubClass, query: str) -> pd.DataFrame:
        return cast("SparkAPI", db_api).spark.sql(query).toPandas()


def cluster_records_on_spark(
    frame: pd.DataFrame, *, threshold: float, progress: Progress | None = None
) -> Clustering:
    """`cluster_records` with the model scored on a local Spark session (started and stopped
    here: the session is the JVM, a few seconds to start)."""
    say = progress or (lambda message: None)
    say(f"starting Spark ({os.environ.get('CORRIDOR_SPARK_MASTER', DEFAULT_MASTER)})")
    with local_session() as session:
        return cluster_records(
            frame, threshold=threshold, progress=progress, engine=SparkEngine(session)
        )
