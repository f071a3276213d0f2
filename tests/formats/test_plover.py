"""PLOVER JSONL by the PLOVER manual's JSON data fields, checked by tests/formats/plover_checker.py."""
from __future__ import annotations

import json

from tests.formats.plover_checker import check_record
from tests.formats.test_acled import store  # noqa: F401  (the same store of made events)
from wirecoder.export import export
from wirecoder.output import write_events
from wirecoder.plover_export import intensity

LOC_EXTRAS = frozenset({"admin1", "admin2", "resolution", "text"})


def _records(path):
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def test_store_export_passes_the_manual_checker(store, tmp_path):  # noqa: F811
    out = tmp_path / "e.plover.jsonl"
    n = export(store, out)
    recs = _records(out)
    assert n == len(recs) > 5
    for r in recs:
        assert check_record(r, LOC_EXTRAS) == [], r
    protest = next(r for r in recs if r["event"] == ["PROTEST"] and "tear gas" in r["text"])
    assert protest["source"][0] == {"code": "KEN", "sector": "CVL", "actor_text": "protesters",
                                    "identifier_text": "protesters"}
    assert protest["quad_code"] == 4 and protest["date"] == "2023-03-20" and "enddate" not in protest
    assert protest["event_loc"]["country code"] == "KE" and protest["event_loc"]["cc3"] == "KEN"
    assert protest["event_loc"]["resolution"] == "town" and protest["event_loc"]["geonameid"] == 184745
    assert protest["cite_info"]["url"].startswith("https://nation.africa/")
    assert protest["cite_info"]["publication"] == "Daily Nation"
    assert protest["text_info"]["end"] - protest["text_info"]["start"] == len(protest["text"])
    assert protest["event_scale"] == intensity("PROTEST", None) == -6.5
    month = next(r for r in recs if r.get("date_precision") == "month")
    assert month["date"] == "2023-03-01" and month["enddate"] == "2023-03-31"
    year = next(r for r in recs if r.get("date_precision") == "year")
    assert year["date"] == "2022-01-01" and year["enddate"] == "2022-12-31"


def test_extract_writer_is_the_same_record(store, tmp_path):  # noqa: F811
    out = tmp_path / "x.plover.jsonl"
    write_events(store.events(), str(out))
    for r in _records(out):
        assert check_record(r, LOC_EXTRAS) == []
        assert r["coder"].startswith("wirecoder ") and r["cite_info"]["codebook"].startswith("plover")


def test_intensity_table_covers_every_type_and_mode():
    from wirecoder.ontology import default_ontology
    for t in default_ontology().types.values():
        assert intensity(t.name, None) is not None
        for m in t.modes:
            v = intensity(t.name, m)
            assert -10 <= v <= 10 and (v < 0) == (t.quad >= 3)
    assert intensity("ASSAULT", "aerial") == -10.0 and intensity("AID", "humanitarian") == 7.4


def test_checker_catches_a_bad_record():
    bad = {"id": "x", "date": "2021-07", "source": [{"code": "Afghanistan"}], "event": ["FIGHT"],
           "text_info": {"start": 5, "end": 2}, "cite_info": {"url": "file:///tmp/a"}}
    problems = " | ".join(check_record(bad))
    for want in ("YYYY-MM-DD", "actor code", "PLOVER categories", "text_info", "cite_info url"):
        assert want in problems
