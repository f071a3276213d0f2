"""Every export of a store built from real pages validates against the published schema, and the
Parquet of `extract` and of `query` are one schema."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import jsonschema
import pyarrow.parquet as pq
import pytest

import wirecoder
from wirecoder import schema
from wirecoder.export import export
from wirecoder.output import write_events
from wirecoder.records import Event
from wirecoder.store import Store, ingest

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "wirecoder" / "examples", ROOT / "tests" / "serve" / "articles"]
DATA = Path(wirecoder.__file__).parent / "data"
EVENT_SCHEMA = json.loads((DATA / "event.schema.json").read_text())
CLUSTER_SCHEMA = json.loads((DATA / "cluster.schema.json").read_text())


def _validator(s):
    return jsonschema.Draft202012Validator(s, format_checker=jsonschema.FormatChecker())


@pytest.fixture(scope="module")
def store_path(tmp_path_factory, seed_path):
    db = tmp_path_factory.mktemp("real") / "events.duckdb"
    counts = ingest([str(p) for p in PAGES] + [str(seed_path)], db, date="2021-07-26")
    assert counts["events"] > 20
    return db


@pytest.fixture(scope="module")
def exported(store_path, tmp_path_factory):
    out = tmp_path_factory.mktemp("exports")
    files = {}
    with Store(store_path, read_only=True) as store:
        for name in ("e.jsonl", "e.csv", "e.parquet", "e.geojson", "c.jsonl", "c.csv", "c.parquet"):
            level = "clusters" if name.startswith("c.") else "events"
            export(store, out / name, level=level)
            files[name] = out / name
        events = store.events()
    write_events(events, str(out / "x.parquet"))
    write_events(events, str(out / "x.jsonl"))
    write_events(events, str(out / "x.csv"))
    files.update({"x.parquet": out / "x.parquet", "x.jsonl": out / "x.jsonl", "x.csv": out / "x.csv"})
    return files


def _jsonable(row):
    return json.loads(json.dumps(row, default=schema.json_value))


def test_every_jsonl_record_validates(exported):
    v = _validator(EVENT_SCHEMA)
    for name in ("e.jsonl", "x.jsonl"):
        recs = [json.loads(x) for x in exported[name].read_text().splitlines()]
        assert recs
        for r in recs:
            v.validate(r)
    cv = _validator(CLUSTER_SCHEMA)
    recs = [json.loads(x) for x in exported["c.jsonl"].read_text().splitlines()]
    assert recs
    for r in recs:
        cv.validate(r)


def test_parquet_rows_validate_and_extract_equals_query(exported):
    q, x = pq.read_table(exported["e.parquet"]), pq.read_table(exported["x.parquet"])
    assert q.schema == x.schema == schema.arrow_schema()
    assert str(q.schema.field("date_start").type) == "date32[day]"
    assert q.num_rows == x.num_rows
    v = _validator(EVENT_SCHEMA)
    for row in q.to_pylist() + x.to_pylist():
        v.validate(_jsonable(row))
    c = pq.read_table(exported["c.parquet"])
    assert c.schema == schema.arrow_schema(schema.ClusterRecord)
    cv = _validator(CLUSTER_SCHEMA)
    for row in c.to_pylist():
        cv.validate(_jsonable(row))


def test_cluster_exports_leak_no_internal_columns(exported):
    internal = {"vec", "actor_keys", "sentence_lc", "cluster_id", "countries", "sectors", "updated_at"}
    assert not internal & set(pq.read_table(exported["c.parquet"]).column_names)
    assert not internal & set(json.loads(exported["c.jsonl"].read_text().splitlines()[0]))
    assert not internal & set(next(csv.reader(open(exported["c.csv"], encoding="utf-8"))))


def test_csv_is_the_schema_and_rebuilds_the_records(exported):
    for name in ("e.csv", "x.csv"):
        rows = list(csv.DictReader(open(exported[name], encoding="utf-8")))
        assert list(rows[0]) == schema.csv_columns()
        types = dict(zip(duckdb.sql(f"SELECT * FROM read_csv('{exported[name]}')").columns,
                         map(str, duckdb.sql(f"SELECT * FROM read_csv('{exported[name]}')").types)))
        assert types["cameo_root"] == "VARCHAR" and types["id"] == "VARCHAR"
        assert all(len(r["cameo_root"]) == 2 for r in rows if r["cameo_root"])
    q = {r["id"]: r for r in csv.DictReader(open(exported["e.csv"], encoding="utf-8"))}
    x = {r["id"]: r for r in csv.DictReader(open(exported["x.csv"], encoding="utf-8"))}
    assert q.keys() == x.keys()
    store_only = {"cluster_id", "num_sources", "incident_id", "url", "title"}
    for k in q:
        assert {c: v for c, v in q[k].items() if c not in store_only} == \
               {c: v for c, v in x[k].items() if c not in store_only}


def test_geojson_counts_events_without_coordinates(exported):
    fc = json.loads(exported["e.geojson"].read_text())
    total = len(exported["e.jsonl"].read_text().splitlines())
    assert fc["num_records"] == total
    assert fc["num_without_coordinates"] == total - len(fc["features"]) > 0


def test_stored_events_round_trip_through_every_format(exported, store_path):
    with Store(store_path, read_only=True) as store:
        stored = {e.id: e for e in store.events()}
    for name in ("e.jsonl", "e.parquet", "x.parquet"):
        rows = (pq.read_table(exported[name]).to_pylist() if name.endswith(".parquet")
                else [json.loads(x) for x in exported[name].read_text().splitlines()])
        for r in rows:
            assert schema.event_from_record(r) == stored[r["id"]], name
    assert isinstance(next(iter(stored.values())), Event)


def test_acled_export_of_real_pages_passes_the_checker(store_path, tmp_path):
    from tests.formats.acled_checker import check_file
    out = tmp_path / "real.acled.csv"
    with Store(store_path, read_only=True) as store:
        n = export(store, out)
    assert n > 0 and check_file(out) == []


def test_plover_export_of_real_pages_passes_the_checker(store_path, tmp_path):
    from tests.formats.plover_checker import check_record
    from tests.formats.test_plover import LOC_EXTRAS
    out = tmp_path / "real.plover.jsonl"
    with Store(store_path, read_only=True) as store:
        n = export(store, out)
    recs = [json.loads(x) for x in out.read_text().splitlines()]
    assert n == len(recs) > 0
    for r in recs:
        assert check_record(r, LOC_EXTRAS) == [], r
