"""Exports round-trip and are written atomically."""
from __future__ import annotations

import csv
import json

import pyarrow.parquet as pq
import pytest
from wc_factories import make_article, make_event

from wirecoder.export import ACLED_COLUMNS, export, guess_format
from wirecoder.schema import RecordExtras, csv_columns
from wirecoder.query import query
from wirecoder.records import Event
from wirecoder.store import Store


@pytest.fixture
def store(db):
    s = Store(db)
    a = make_article("https://dawn.com/a", "x")
    b = make_article("https://reuters.com/b", "y")
    s.add(a, [make_event(a, "46 Afghan soldiers fled to Pakistan.", people=46, qualifier="exact",
                         acled=("Strategic developments", "Non-violent transfer of territory")),
              make_event(a, "Militants killed 3 police in Karachi.", "ASSAULT", actor=("militants", None, "REB"),
                         recipient=("police", "PAK", "COP"), place="karachi", dead=3,
                         acled=("Battles", "Armed clash")),
              make_event(a, "Talks were held.", "CONSULT", place=None)])
    s.add(b, [make_event(b, "Forty-six Afghan troops crossed into Pakistan.", place="arundu", people=46)])
    yield s
    s.close()


def test_jsonl_round_trip(store, tmp_path):
    out = tmp_path / "events.jsonl"
    assert export(store, out) == 4
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    stored = {e.id: e for e in store.events()}
    for d in lines:
        extra = {k: d.pop(k) for k in RecordExtras.__dataclass_fields__ if k not in Event.__dataclass_fields__}
        assert Event.from_dict(d) == stored[d["id"]]
        assert extra["cluster_id"] and d["url"].startswith("https://")


def test_csv_and_parquet_round_trip(store, tmp_path):
    assert export(store, tmp_path / "e.csv") == 4
    rows = list(csv.DictReader(open(tmp_path / "e.csv", encoding="utf-8")))
    assert list(rows[0]) == csv_columns() and len(rows) == 4
    killed = [r for r in rows if r["event_type"] == "ASSAULT"][0]
    assert killed["size_dead"] == "3" and killed["location_name"] == "Karachi" and killed["recipient_country"] == "PAK"
    assert export(store, tmp_path / "e.parquet") == 4
    t = pq.read_table(tmp_path / "e.parquet")
    assert t.num_rows == 4
    row = [r for r in t.to_pylist() if r["event_type"] == "ASSAULT"][0]
    assert row["location"]["name"] == "Karachi" and row["size"]["dead"] == 3


def test_geojson_has_only_located_records(store, tmp_path):
    out = tmp_path / "e.geojson"
    assert export(store, out) == 3
    fc = json.loads(out.read_text())
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == 3
    f = [f for f in fc["features"] if f["properties"]["event_type"] == "ASSAULT"][0]
    assert f["geometry"] == {"type": "Point", "coordinates": [67.01, 24.86]}
    n = export(store, tmp_path / "c.geojson", level="clusters")
    assert n == 2  # the two reports of the crossing are one cluster


def test_plover_jsonl(store, tmp_path):
    out = tmp_path / "e.plover.jsonl"
    assert guess_format(out) == "plover"
    export(store, out)
    recs = [json.loads(x) for x in out.read_text().splitlines()]
    r = [r for r in recs if r["event"] == ["ASSAULT"]][0]
    assert r["recipient"][0]["code"] == "PAK" and r["event_loc"]["name"] == "Karachi" and r["date"] == "2021-07-25"


def test_acled_csv_one_row_per_cluster(store, tmp_path):
    out = tmp_path / "e.acled.csv"
    assert export(store, out) == 2  # the talks are no ACLED event
    rows = list(csv.DictReader(open(out, encoding="utf-8")))
    assert list(rows[0]) == ACLED_COLUMNS
    battle = [r for r in rows if r["event_type"] == "Battles"][0]
    assert battle["disorder_type"] == "Political violence" and battle["fatalities"] == "3"
    # unnamed "militants": ACLED codes an Unidentified Armed Group as a political militia (3)
    assert battle["inter1"] == "3" and battle["inter2"] == "1" and battle["interaction"] == "13"
    assert battle["country"] == "Pakistan" and battle["iso"] == "586" and battle["time_precision"] == "1"
    crossing = [r for r in rows if r["sub_event_type"] == "Non-violent transfer of territory"][0]
    assert set(crossing["source"].split("; ")) == {"Dawn", "Reuters"}


def test_failed_export_leaves_old_file(store, tmp_path, monkeypatch):
    out = tmp_path / "e.jsonl"
    out.write_text("old\n")
    import wirecoder.export as ex

    def boom(_r):
        raise RuntimeError("disk full")
    monkeypatch.setattr(ex, "store_record", boom)
    with pytest.raises(RuntimeError):
        export(store, out)
    assert out.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".e.jsonl")] == []


def test_filtered_export(store, tmp_path):
    assert export(store, tmp_path / "x.jsonl", relation=query(store, type="ASSAULT")) == 1
