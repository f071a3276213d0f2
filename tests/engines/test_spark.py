"""The Spark engine (local[2]) writes the same tables as the local engine on the same input."""
from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from wirecoder.engines import RunOptions, get_engine
from wirecoder.engines.blocks import CLUSTER_SCHEMA
from wirecoder.engines.common import ARTICLE_SCHEMA, ERROR_SCHEMA
from wirecoder.errors import WirecoderError
from wirecoder.output import EVENT_SCHEMA

from .conftest import DATE, by_id, read_table

pyspark = pytest.importorskip("pyspark", reason="pyspark is not installed")
pytestmark = pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning")


def _java_or_skip() -> None:
    from wirecoder.engines.spark import ensure_java

    try:
        ensure_java()
    except WirecoderError as e:
        pytest.skip(f"Spark tests need Java: {e}")


@pytest.fixture(scope="module")
def spark():
    _java_or_skip()
    from wirecoder.engines.spark import get_session

    session = get_session("local[2]", {"spark.sql.shuffle.partitions": "2"}, app_name="wirecoder-tests")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def both(spark, corpus, tmp_path_factory):
    """The same run with the local engine and with Spark, one after the other (same code, same day)."""
    opts = RunOptions(date=DATE, dedupe=True, chunk_size=4, overwrite=True)
    local_out, spark_out = tmp_path_factory.mktemp("local"), tmp_path_factory.mktemp("spark")
    local_result = get_engine("local")(corpus, local_out, opts, workers=1)
    spark_result = get_engine("spark")(corpus, spark_out, opts, spark=spark)
    return local_out, local_result, spark_out, spark_result


def test_same_events(both):
    local_out, local_result, spark_out, spark_result = both
    local_events, spark_events = by_id(read_table(local_out, "events")), by_id(read_table(spark_out, "events"))
    assert local_events and set(spark_events) == set(local_events)
    for eid, ev in local_events.items():
        assert spark_events[eid] == ev, eid
    assert spark_result.events == local_result.events == len(local_events)


def test_same_articles_errors_clusters(both):
    local_out, local_result, spark_out, spark_result = both
    assert by_id(read_table(spark_out, "articles")) == by_id(read_table(local_out, "articles"))
    key = lambda r: (r["source"], r["reason"])  # noqa: E731
    assert sorted(read_table(spark_out, "errors"), key=key) == sorted(read_table(local_out, "errors"), key=key)
    assert by_id(read_table(spark_out, "clusters"), "cluster_id") == by_id(read_table(local_out, "clusters"), "cluster_id")
    assert (spark_result.articles, spark_result.errors, spark_result.clusters) == \
        (local_result.articles, local_result.errors, local_result.clusters)


def test_bad_record_in_error_table(both):
    _, _, spark_out, spark_result = both
    errors = {e["source"].rsplit("/", 1)[-1]: e for e in read_table(spark_out, "errors")}
    assert errors["news.jsonl:2"]["reason"] == "bad_record"
    assert "invalid JSON" in errors["news.jsonl:2"]["problem"]
    [warc] = [e for name, e in errors.items() if name.startswith("cc-news-2.warc.gz#")]
    assert warc["reason"] == "truncated"   # read inside an executor; the other WARC went on
    assert any(a["url"].endswith("mozambique-cabo-delgado") for a in read_table(spark_out, "articles") if a["url"])
    assert (spark_out / "_SUCCESS").exists() and spark_result.articles > 0


@pytest.mark.parametrize("name,schema", [("events", EVENT_SCHEMA), ("articles", ARTICLE_SCHEMA),
                                         ("errors", ERROR_SCHEMA), ("clusters", CLUSTER_SCHEMA)])
def test_spark_files_have_the_local_schema(both, name, schema):
    _, _, spark_out, _ = both
    table = pq.read_table(spark_out / name)
    assert table.schema.names == schema.names
    assert table.cast(schema).schema.equals(schema)  # same types; only list-item names differ


def test_stdin_is_refused(spark, tmp_path):
    with pytest.raises(WirecoderError, match="stdin"):
        get_engine("spark")(["-"], tmp_path, RunOptions(), spark=spark)


def test_spark_types_follow_arrow():
    from pyspark.sql import types as T

    from wirecoder.engines.spark import spark_schema

    s = spark_schema(EVENT_SCHEMA)
    assert s["quad_class"].dataType == T.LongType()          # the one schema's int64
    assert spark_schema(pa.schema([("q", pa.int8())]))["q"].dataType == T.ByteType()
    assert s["actor"].dataType == T.ArrayType(T.StructType([T.StructField(n, T.StringType(), True) for n in
                                                            ("text", "name", "country", "sector")]), True)
    assert s["location"].dataType["geonameid"].dataType == T.LongType()
    with pytest.raises(TypeError):
        spark_schema(pa.schema([("t", pa.time64("us"))]))
