"""`wirecoder ingest | info | query | stats | incidents` end to end on a temporary store."""
from __future__ import annotations

import json

import pytest

from wirecoder.cli import main

ARTICLE = ("KABUL, July 26, 2021 - Taliban fighters attacked a police post in Kunduz province on Sunday, "
           "killing at least 12 policemen, officials said.\n\n"
           "The Afghan government promised to send food to displaced families in Kunduz on Wednesday.\n")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    d = tmp_path_factory.mktemp("store")
    (d / "a.txt").write_text(ARTICLE)
    db = d / "events.duckdb"
    assert main(["ingest", "-q", str(d / "a.txt"), "--db", str(db)]) == 0
    return db, d


def test_reingest_changes_nothing(store, capsys):
    db, d = store
    assert main(["ingest", str(d / "a.txt"), "--db", str(db)]) == 0
    err = capsys.readouterr().err
    assert "1 unchanged" in err and "0 new" in err


def test_info_and_stats(store, capsys):
    db, _ = store
    assert main(["info", "--db", str(db), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["articles"] == 1 and info["events"] >= 2
    assert main(["stats", "--db", str(db)]) == 0
    st = json.loads(capsys.readouterr().out)
    assert st


def test_query_filters_and_exports(store, capsys, tmp_path):
    db, _ = store
    assert main(["query", "--db", str(db), "--type", "ASSAULT", "--country", "AFG"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("date_lo") and len(out) >= 2 and "ASSAULT" in out[1]
    assert main(["query", "--db", str(db), "--type", "PROTEST"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1      # header only
    geo = tmp_path / "e.geojson"
    assert main(["query", "-q", "--db", str(db), "--near", "36.7,68.9", "--km", "100", "-o", str(geo)]) == 0
    fc = json.loads(geo.read_text())
    assert fc["type"] == "FeatureCollection" and fc["features"]
    acled = tmp_path / "e.acled.csv"
    assert main(["query", "-q", "--db", str(db), "--level", "clusters", "-o", str(acled)]) == 0
    assert acled.read_text().startswith("event_id_cnty,event_date")


def test_bad_near_and_missing_store_are_one_line(store, capsys, tmp_path):
    db, _ = store
    assert main(["query", "--db", str(db), "--near", "north"]) == 2
    assert main(["query", "--db", str(tmp_path / "none.duckdb")]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "--near" in err and "none.duckdb" in err


def test_not_a_store_is_refused_and_untouched(tmp_path, capsys):
    f = tmp_path / "notes.duckdb"
    f.write_text("my notes")
    assert main(["ingest", "-q", str(f), "--db", str(f)]) == 2
    assert f.read_text() == "my notes"
