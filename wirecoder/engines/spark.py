"""The Spark engine: the same pipeline, distributed over Spark executors.

The driver only PLANS: it expands globs and folders into work units (a file, a URL, or one row
group of a Parquet file of articles; :func:`wirecoder.engines.common.plan_inputs`). The units are
spread over partitions, and each executor reads its units with the ingest code (a WARC streams
record by record inside the executor) and runs the pipeline a chunk at a time in
``mapInArrow``. The spaCy model, lexicons and gazetteer are loaded once per executor Python
process (module-level caches; Spark reuses its Python workers between tasks).

Each partition yields Arrow batches of one tagged schema (an event, an article or an error per
row); the result is persisted once and written as three Parquet tables with Spark's writer, with
explicit Spark schemas converted from :data:`wirecoder.output.EVENT_SCHEMA` and friends, so the
files have the same columns and types as the local engine's. With ``dedupe``, events are grouped
by block (:func:`wirecoder.engines.blocks.block_key`) and each group is clustered with
``applyInArrow``.

    >>> from wirecoder.engines import spark, RunOptions
    >>> spark.run(["data/*.warc.gz"], "out/", RunOptions(dedupe=True), master="local[2]")  # doctest: +SKIP
"""
from __future__ import annotations

import glob
import logging
import os
import shutil
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Optional, Sequence, Union

import pyarrow as pa

from ..errors import WirecoderError
from ..output import EVENT_SCHEMA
from .blocks import CLUSTER_SCHEMA, block_key, cluster_block, dedupe_row
from .common import (ARTICLE_SCHEMA, ERROR_SCHEMA, Outcome, RunOptions, RunResult, WorkUnit, iter_unit_outcomes,
                     plan_inputs, prepare_output)

if TYPE_CHECKING:
    from pyspark.sql import SparkSession
    from pyspark.sql.types import DataType, StructType

log = logging.getLogger("wirecoder.engines.spark")

# Settings of every run; anything can be overridden with ``conf`` / ``--conf key=value``.
DEFAULT_CONF: dict[str, str] = {
    "spark.ui.enabled": "false",
    "spark.python.worker.reuse": "true",          # keeps the per-process model cache across tasks
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.execution.arrow.maxRecordsPerBatch": "1000",
    "spark.driver.memory": "1g",
    "spark.ui.showConsoleProgress": "false",
}
# Added for a ``local[...]`` master only: nothing listens beyond the loopback interface, few shuffle
# partitions (a cluster's driver must be reachable from the executors: set these there yourself).
LOCAL_CONF: dict[str, str] = {
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.sql.shuffle.partitions": "4",
}
TAGGED_SCHEMA = pa.schema([
    ("kind", pa.string()),                      # "event" | "article" | "error"
    ("event", pa.struct(list(EVENT_SCHEMA))),
    ("article", pa.struct(list(ARTICLE_SCHEMA))),  # for an event: its article without the text
    ("error", pa.struct(list(ERROR_SCHEMA))),
    ("block", pa.string()),                     # dedupe block of an event
])
UNIT_SCHEMA = pa.schema([("path", pa.string()), ("kind", pa.string()), ("row_group", pa.int64())])
BATCH_ROWS = 256


# -- Java and the session ---------------------------------------------------------------------

def ensure_java() -> str:
    """Path of the ``java`` that Spark will start; sets ``JAVA_HOME`` from ``/usr/lib/jvm`` when
    there is no ``java`` on PATH. Raises :class:`WirecoderError` saying what to install if none."""
    home = os.environ.get("JAVA_HOME")
    if home and os.path.exists(os.path.join(home, "bin", "java")):
        return os.path.join(home, "bin", "java")
    on_path = shutil.which("java")
    if on_path:
        return on_path
    for cand in sorted(glob.glob("/usr/lib/jvm/*17*/bin/java") + glob.glob("/usr/lib/jvm/*21*/bin/java")):
        os.environ["JAVA_HOME"] = str(Path(cand).parents[1])
        return cand
    raise WirecoderError("the Spark engine needs Java 17 or 21: install a JDK (e.g. apt-get install "
                         "openjdk-17-jre-headless) or set JAVA_HOME; or use --engine local")


def get_session(master: Optional[str] = None, conf: Optional[dict[str, str]] = None,
                app_name: str = "wirecoder") -> "SparkSession":
    """A SparkSession configured by :data:`DEFAULT_CONF` (and :data:`LOCAL_CONF` for a local
    master), then ``conf``.

    ``master`` None means: the master ``spark-submit`` was given when running under it, else
    ``local[*]``. Executors run this Python (``PYSPARK_PYTHON`` defaults to ``sys.executable``)
    unless the environment or ``conf`` (``spark.pyspark.python``) says otherwise, e.g. a packed
    venv shipped with ``--archives`` on a cluster.
    """
    submitted = "PYSPARK_GATEWAY_PORT" in os.environ   # the JVM was started by spark-submit
    if master is None and not submitted:
        master = "local[*]"
    local = master is not None and master.startswith("local")
    if not submitted:
        ensure_java()
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    if local:
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise WirecoderError("the Spark engine needs pyspark (pip install pyspark==4.3.0)") from None
    builder = SparkSession.builder.appName(app_name)
    if master is not None:
        builder = builder.master(master)
    for k, v in {**DEFAULT_CONF, **(LOCAL_CONF if local else {}), **(conf or {})}.items():
        builder = builder.config(k, v)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


# -- schemas ----------------------------------------------------------------------------------

def spark_type(t: pa.DataType) -> "DataType":
    """The Spark SQL type of an Arrow type (the types our schemas use)."""
    from pyspark.sql import types as T

    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return T.StringType()
    if pa.types.is_int8(t):
        return T.ByteType()
    if pa.types.is_int16(t):
        return T.ShortType()
    if pa.types.is_int32(t):
        return T.IntegerType()
    if pa.types.is_int64(t):
        return T.LongType()
    if pa.types.is_float64(t):
        return T.DoubleType()
    if pa.types.is_float32(t):
        return T.FloatType()
    if pa.types.is_boolean(t):
        return T.BooleanType()
    if pa.types.is_date32(t):
        return T.DateType()
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return T.ArrayType(spark_type(t.value_type), True)
    if pa.types.is_struct(t):
        return T.StructType([T.StructField(f.name, spark_type(f.type), True) for f in t])
    raise TypeError(f"no Spark type for Arrow type {t}")


def spark_schema(schema: pa.Schema) -> "StructType":
    """An explicit Spark schema for an Arrow schema (every field nullable)."""
    from pyspark.sql import types as T

    return T.StructType([T.StructField(f.name, spark_type(f.type), True) for f in schema])


def _arrow_of(schema: pa.Schema) -> pa.Schema:
    """The Arrow schema Spark expects back for ``schema`` (its own list-field naming)."""
    from pyspark.sql.pandas.types import to_arrow_schema

    return to_arrow_schema(spark_schema(schema))


# -- executor side ----------------------------------------------------------------------------

def _tagged_rows(o: Outcome, dedupe: bool) -> Iterator[dict[str, Any]]:
    if o.error is not None:
        yield {"kind": "error", "error": o.error}
        return
    art = o.article
    assert art is not None
    yield {"kind": "article", "article": art}
    head = {k: v for k, v in art.items() if k != "text"}
    for ev in o.events:
        yield {"kind": "event", "event": ev, "article": head,
               "block": block_key(ev, art["published"]) if dedupe else None}


def process_units(batches: Iterator[pa.RecordBatch], options: RunOptions) -> Iterator[pa.RecordBatch]:
    """``mapInArrow`` body: work-unit rows in, tagged event/article/error rows out (runs in executors)."""
    from ..longtext import one_process

    one_process()       # the executor's cores are Spark's: a long article is parsed in this process
    schema = _arrow_of(TAGGED_SCHEMA)
    rows: list[dict[str, Any]] = []
    for batch in batches:
        for u in batch.to_pylist():
            unit = WorkUnit(u["path"], u["kind"], int(u["row_group"]))
            for outcome in iter_unit_outcomes(unit, options):
                rows.extend(_tagged_rows(outcome, options.dedupe))
                if len(rows) >= BATCH_ROWS:
                    yield pa.RecordBatch.from_pylist(rows, schema=schema)
                    rows = []
    if rows:
        yield pa.RecordBatch.from_pylist(rows, schema=schema)


def cluster_group(table: pa.Table) -> pa.Table:
    """``applyInArrow`` body: the events of one block in, its clusters out (runs in executors)."""
    schema = _arrow_of(CLUSTER_SCHEMA)
    rows = table.to_pylist()
    if not rows:
        return schema.empty_table()
    block = rows[0]["block"]
    clusters = cluster_block(block, [dedupe_row(r["event"], r["article"]) for r in rows])
    return pa.Table.from_pylist(clusters, schema=schema)


# -- driver -----------------------------------------------------------------------------------

def run(inputs: Sequence[Union[str, os.PathLike]], output: Union[str, os.PathLike],
        options: Optional[RunOptions] = None, *, master: Optional[str] = None, partitions: Optional[int] = None,
        conf: Optional[dict[str, str]] = None, spark: Optional["SparkSession"] = None) -> RunResult:
    """Run the pipeline over ``inputs`` on Spark; write ``events/``, ``articles/``, ``errors/``
    (and ``clusters/``) under ``output``.

    Args:
        inputs: files, folders and globs (expanded on the driver; executors must see the same
            paths: local mode, or a file system mounted on every node), Parquet files of articles.
        output: a folder, or a URI Spark can write (``hdfs://``, ``s3a://``).
        options: the run's options.
        master: Spark master URL when a session is created here (``local[2]``, ``yarn``, ...);
            None: the one given to ``spark-submit``, else ``local[*]``.
        partitions: partitions the units are spread over (default: up to 4 per core).
        conf: extra Spark settings on top of :data:`DEFAULT_CONF`.
        spark: an existing session to use (it is left running).
    """
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    opts = options or RunOptions()
    start = time.monotonic()
    if any(os.fspath(i) == "-" for i in inputs):
        raise WirecoderError("the Spark engine cannot read stdin ('-'); write it to a file first")
    units, plan_errors = plan_inputs(inputs, opts.include, opts.exclude)
    remote = "://" in os.fspath(output)
    target = os.fspath(output) if remote else str(prepare_output(output, opts.overwrite).resolve())
    mode = "overwrite" if (opts.overwrite or not remote) else "errorifexists"
    session = spark or get_session(master, conf)
    try:
        sc = session.sparkContext
        spark_master = sc.master
        n = partitions or max(1, min(len(units), sc.defaultParallelism * 4))
        unit_rows = [(u.path, u.kind, u.row_group) for u in units]
        units_df = session.createDataFrame(sc.parallelize(unit_rows, n), spark_schema(UNIT_SCHEMA))
        tagged = units_df.mapInArrow(lambda it: process_units(it, opts), spark_schema(TAGGED_SCHEMA))
        tagged = tagged.persist(StorageLevel.MEMORY_AND_DISK)
        try:
            counts = {r["kind"]: r["count"] for r in tagged.groupBy("kind").count().collect()}
            tagged.where(F.col("kind") == "event").select("event.*").write.mode(mode).parquet(f"{target}/events")
            tagged.where(F.col("kind") == "article").select("article.*").write.mode(mode).parquet(f"{target}/articles")
            errors = tagged.where(F.col("kind") == "error").select("error.*")
            if plan_errors:
                errors = session.createDataFrame(plan_errors, spark_schema(ERROR_SCHEMA)).unionByName(errors)
            errors.coalesce(1).write.mode(mode).parquet(f"{target}/errors")
            n_clusters = 0
            if opts.dedupe:
                clusters = (tagged.where(F.col("kind") == "event").select("block", "event", "article")
                            .groupBy("block").applyInArrow(cluster_group, spark_schema(CLUSTER_SCHEMA)))
                clusters = clusters.persist(StorageLevel.MEMORY_AND_DISK)
                n_clusters = clusters.count()
                clusters.orderBy("block", "cluster_id").write.mode(mode).parquet(f"{target}/clusters")
                clusters.unpersist()
        finally:
            tagged.unpersist()
    finally:
        if spark is None:
            session.stop()
    if not remote:
        Path(target, "_SUCCESS").touch()
    return RunResult(target, f"spark[{spark_master}]",
                     articles=counts.get("article", 0), events=counts.get("event", 0),
                     errors=counts.get("error", 0) + len(plan_errors), clusters=n_clusters,
                     seconds=time.monotonic() - start)
