"""Every output format of `extract` round-trips, and every record matches the published JSON Schema."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import jsonschema
import pytest

import wirecoder
from wirecoder.schema import csv_columns
from wirecoder.output import read_events, write_events

SCHEMA = json.loads((Path(wirecoder.__file__).parent / "data" / "event.schema.json").read_text())
TEXT = ("KABUL, July 26 (Reuters) - Taliban fighters attacked a police post in Kunduz province on Sunday, "
        "killing at least 12 policemen, officials said.\n\n"
        "The government will send more troops to the province next week, the defence ministry said.\n\n"
        "Protesters in Kabul did not block the road on Monday.")


@pytest.fixture(scope="module")
def events():
    evs = wirecoder.extract(TEXT, date="2021-07-27")
    assert len(evs) >= 3
    return evs


def test_records_match_schema(events):
    for ev in events:
        jsonschema.validate(ev.to_dict(), SCHEMA)


def test_json_round_trip(events, tmp_path):
    path = tmp_path / "out.jsonl"
    assert write_events(events, str(path)) == len(events)
    assert read_events(str(path)) == events


def test_parquet_round_trip(events, tmp_path):
    path = tmp_path / "out.parquet"
    assert write_events(events, str(path)) == len(events)
    assert read_events(str(path)) == events


def test_csv_round_trip(events, tmp_path):
    path = tmp_path / "out.csv"
    write_events(events, str(path), "csv")
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert list(rows[0].keys()) == csv_columns()
    assert [r["id"] for r in rows] == [e.id for e in events]
    for r, e in zip(rows, events):
        assert r["event_type"] == e.event_type
        assert r["actor_country"] == "; ".join(a.country or "" for a in e.actor)
        assert r["sentence"] == e.sentence
        assert (r["date_value"] or None) == (e.date.value if e.date else None)


def test_plover_jsonl(events, tmp_path):
    path = tmp_path / "out.plover.jsonl"
    write_events(events, str(path))   # format from the file name
    recs = [json.loads(line) for line in path.read_text().splitlines()]
    assert [r["event"] for r in recs] == [[e.event_type] for e in events]
    assert all(r["text"] == e.sentence and r["mode"] == ([e.mode] if e.mode else []) for r, e in zip(recs, events))


def test_modality_and_casualties_in_records(events):
    by_trigger = {e.trigger: e for e in events}
    assert by_trigger["attacked"].size is not None and by_trigger["attacked"].size.dead == 12
    assert by_trigger["send"].modality == "future"
    assert by_trigger["send"].event_type == "MOBILIZE"
    assert by_trigger["block"].modality == "negated"
    assert by_trigger["attacked"].date.value == "2021-07-25"


def test_failed_write_leaves_old_file(events, tmp_path):
    path = tmp_path / "out.jsonl"
    path.write_text("old\n")

    def broken():
        yield events[0]
        raise RuntimeError("crash mid-way")

    with pytest.raises(RuntimeError):
        write_events(broken(), str(path))
    assert path.read_text() == "old\n"
    assert not [p for p in tmp_path.iterdir() if p.name != "out.jsonl"]
