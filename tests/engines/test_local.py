"""The local engine: tables written, bad input isolated, same output for 1 and 2 workers."""
from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from wirecoder import pipeline
from wirecoder.engines import RunOptions, get_engine
from wirecoder.engines.blocks import CLUSTER_SCHEMA
from wirecoder.engines.common import ARTICLE_SCHEMA, ERROR_SCHEMA
from wirecoder.errors import WirecoderError
from wirecoder.output import EVENT_SCHEMA

from .conftest import DATE, read_table

run_local = get_engine("local")


@pytest.fixture(scope="module")
def one_worker(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("local1")
    result = run_local(corpus, out, RunOptions(date=DATE, dedupe=True, overwrite=True), workers=1)
    return out, result


def test_tables_and_schemas(one_worker):
    out, result = one_worker
    assert (out / "_SUCCESS").exists()
    for name, schema in (("events", EVENT_SCHEMA), ("articles", ARTICLE_SCHEMA), ("errors", ERROR_SCHEMA),
                         ("clusters", CLUSTER_SCHEMA)):
        table = pq.read_table(out / name)
        assert table.schema.equals(schema), name
    events, articles = read_table(out, "events"), read_table(out, "articles")
    assert result.events == len(events) > 0
    assert result.articles == len(articles)
    assert {e["article_id"] for e in events} <= {a["id"] for a in articles}
    # every event is in exactly one cluster
    members = [i for c in read_table(out, "clusters") for i in c["event_ids"]]
    assert sorted(members) == sorted(e["id"] for e in events)


def test_bad_records_go_to_errors(one_worker, corpus):
    out, result = one_worker
    errors = read_table(out, "errors")
    assert result.errors == len(errors) == 3
    reasons = {(e["source"].rsplit("/", 1)[-1].split("#")[0], e["reason"]) for e in errors}
    assert reasons == {("news.jsonl:2", "bad_record"), ("articles.parquet:2", "empty"),
                       ("cc-news-2.warc.gz", "truncated")}
    assert all(e["stage"] == "ingest" and e["problem"] for e in errors)
    titles = {a["title"] for a in read_table(out, "articles")}
    assert {"Garment workers protest in Dhaka", "Flood aid", "Mali talks", "Troops retake port in Cabo Delgado"} <= titles


def test_parquet_input_keeps_its_ids(one_worker):
    out, _ = one_worker
    mali = [a for a in read_table(out, "articles") if a["title"] == "Mali talks"]
    assert [a["id"] for a in mali] == ["pq-1"]
    assert mali[0]["published"] == "2021-07-19"


def test_same_incident_from_two_outlets_clusters(one_worker):
    out, _ = one_worker
    articles = {a["id"]: a for a in read_table(out, "articles")}
    kunduz = {i for i, a in articles.items() if "Kunduz" in (a["text"] or "")}
    assert len(kunduz) == 2
    both = [c for c in read_table(out, "clusters")
            if c["event_type"] == "ASSAULT" and c["num_articles"] == 2]
    assert both, "the Kunduz attack reported by two outlets should form one cluster"


def test_two_workers_equal_one(one_worker, corpus, tmp_path):
    out1, _ = one_worker
    result = run_local(corpus, tmp_path, RunOptions(date=DATE, dedupe=True, chunk_size=2), workers=2)
    for name in ("events", "articles", "errors", "clusters"):
        assert read_table(tmp_path, name) == read_table(out1, name), name   # same rows, same order
    assert result.engine == "local[2]"


def test_pipeline_crash_is_isolated(corpus, tmp_path, monkeypatch):
    real = pipeline.events_for

    def flaky(article, doc, *args, **kwargs):
        if "garment workers" in article.text:
            raise RuntimeError("simulated parser crash")
        return real(article, doc, *args, **kwargs)

    monkeypatch.setattr(pipeline, "events_for", flaky)
    result = run_local(corpus[1:2], tmp_path, RunOptions(date=DATE), workers=1)
    errors = read_table(tmp_path, "errors")
    crash = [e for e in errors if e["stage"] == "pipeline"]
    assert len(crash) == 1 and crash[0]["reason"] == "pipeline_crash"
    assert "simulated parser crash" in crash[0]["problem"] and crash[0]["article_id"]
    assert [a["title"] for a in read_table(tmp_path, "articles")] == ["Flood aid"]  # same chunk, kept
    assert result.articles == 1


def test_refuses_to_mix_with_an_earlier_run(one_worker, corpus):
    out, _ = one_worker
    with pytest.raises(WirecoderError, match="--overwrite"):
        run_local(corpus[:1], out, RunOptions(date=DATE))


def test_missing_pattern_is_an_error_row(tmp_path, corpus):
    result = run_local([str(tmp_path / "nothing-*.warc.gz"), corpus[1]], tmp_path / "out", RunOptions(date=DATE))
    errors = read_table(tmp_path / "out", "errors")
    assert errors[0]["stage"] == "plan" and errors[0]["reason"] == "missing"
    assert result.articles == 2


def test_output_that_does_not_fit_the_schema_is_an_error_row(corpus, tmp_path, monkeypatch):
    from wirecoder.records import Size

    real = pipeline.events_for

    def overflowing(article, doc, *args, **kwargs):
        events = real(article, doc, *args, **kwargs)
        if "Sindh" in article.text and events:
            events[0].size = Size(people=2 ** 70, qualifier="about", text="countless")
        return events

    monkeypatch.setattr(pipeline, "events_for", overflowing)
    result = run_local(corpus[1:2], tmp_path, RunOptions(date=DATE), workers=1)
    [err] = [e for e in read_table(tmp_path, "errors") if e["stage"] == "pipeline"]
    assert err["reason"] == "bad_output"
    assert [a["title"] for a in read_table(tmp_path, "articles")] == ["Garment workers protest in Dhaka"]
    assert result.errors == 2
