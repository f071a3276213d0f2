"""One event schema: every view (Arrow, DuckDB, JSON Schema, CSV) derived from records.Event."""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Optional

import duckdb
import jsonschema
import pytest

import wirecoder
from wirecoder import schema
from wirecoder.records import Event, Location
from wirecoder.store import event_column_names

DATA = Path(wirecoder.__file__).parent / "data"


@pytest.mark.parametrize("name,cls", sorted(schema.PUBLISHED.items()))
def test_published_schema_is_the_generated_one(name, cls):
    """A field added to Event without regenerating data/*.schema.json fails here
    (fix: python -m wirecoder.schema)."""
    assert json.loads((DATA / name).read_text()) == schema.json_schema(cls)


def test_published_schema_is_valid_json_schema():
    for name in schema.PUBLISHED:
        jsonschema.Draft202012Validator.check_schema(json.loads((DATA / name).read_text()))


def _csv_covers(path: str, columns: list[str]) -> bool:
    return any(c == path.replace(".", "_") or c == path.split(".")[0] for c in columns)


def test_every_leaf_field_is_in_every_view():
    arrow = schema.arrow_schema()
    js = schema.json_schema()
    csv_cols = schema.csv_columns()
    store_cols = set(event_column_names())
    for name in schema.column_names():
        assert name in arrow.names and name in js["properties"]
    for name in schema.event_field_names():
        assert name in store_cols
    for path in schema.leaf_paths():
        assert _csv_covers(path, csv_cols), path


@dataclasses.dataclass
class _Mention:
    sentence: str
    span: tuple[int, int]
    trigger: str = ""


@dataclasses.dataclass
class _Place(Location):
    coord_source: Optional[str] = None


@dataclasses.dataclass
class _NewEvent(Event):
    mentions: list[_Mention] = dataclasses.field(default_factory=list)
    background: bool = False
    published: Optional[str] = None
    location2: Optional[_Place] = None


def test_a_field_added_to_event_flows_into_every_view():
    cls = _NewEvent
    arrow = schema.arrow_schema(cls)
    assert {"mentions", "background", "published", "location2"} <= set(arrow.names)
    assert str(arrow.field("published").type) == "date32[day]"
    assert str(arrow.field("background").type) == "bool"
    assert "coord_source" in [f.name for f in arrow.field("location2").type]
    sql = dict(schema.duckdb_columns(cls))
    assert sql["published"] == "DATE" and sql["mentions"].endswith("[]") and '"coord_source"' in sql["location2"]
    js = schema.json_schema(cls)
    assert {"mentions", "background", "published", "location2"} <= set(js["required"])
    assert js["properties"]["published"]["format"] == "date"
    cols = schema.csv_columns(cls)
    assert {"mentions", "background", "published", "location2_coord_source"} <= set(cols)
    for path in schema.leaf_paths(cls):
        assert _csv_covers(path, cols), path
    # and a record of it converts to every view
    ev = cls(id="x", article_id="a", event_type="AID", mode=None, context=[], quad_class=2, cameo_root="07",
             modality="asserted", actor=[], recipient=[], date=None, location=None, size=None,
             sentence="s", span=(0, 1), confidence=0.5, mentions=[_Mention("s", (0, 1), "t")],
             published="2021-07-26", location2=_Place(text="Kabul", coord_source="gazetteer"))
    rec = ev.to_dict()
    jsonschema.validate(json.loads(json.dumps(rec)), js)
    table = schema.arrow_table([rec], cls)
    assert table.column("published").to_pylist()[0].isoformat() == "2021-07-26"
    row = schema.csv_row(rec, cls)
    assert row["location2_coord_source"] == "gazetteer" and json.loads(row["mentions"])[0]["trigger"] == "t"


def test_unsupported_type_is_named():
    @dataclasses.dataclass
    class Bad(Event):
        weird: Optional[complex] = None
    with pytest.raises(TypeError, match="weird"):
        schema.arrow_schema(Bad)


def test_csv_quotes_text_so_cameo_stays_a_string(tmp_path):
    from wirecoder.export import csv_writer
    rec = {"id": "1", "cameo_root": "08", "quad_class": 2, "confidence": 0.5,
           "context": ["military"], "actor": [], "recipient": []}
    p = tmp_path / "x.csv"
    with open(p, "w", encoding="utf-8", newline="") as fh:
        w = csv_writer(fh)
        w.write_record(rec)
        w.write_record({**rec, "id": "2", "cameo_root": "17"})
    types = dict(zip(*duckdb.sql(f"SELECT * FROM read_csv('{p}')").description and
                     (duckdb.sql(f"SELECT * FROM read_csv('{p}')").columns,
                      [str(t) for t in duckdb.sql(f"SELECT * FROM read_csv('{p}')").types])))
    assert types["cameo_root"] == "VARCHAR" and types["quad_class"] == "BIGINT"
    assert duckdb.sql(f"SELECT cameo_root FROM read_csv('{p}')").fetchall() == [("08",), ("17",)]


def test_store_insert_takes_iso_text_for_a_date_typed_field():
    """When Event gains a date-typed field (an article's `published`), its store column is DATE and
    the event row's ISO text goes in as a date."""
    from wirecoder.store.writes import insert
    con = duckdb.connect()
    con.execute("CREATE TABLE _wc_date_probe (published DATE, note VARCHAR)")
    insert(con, "_wc_date_probe", [{"published": "2021-07-26", "note": "x"}, {"published": "not a date"}])
    assert [str(r[0]) for r in con.execute("SELECT published FROM _wc_date_probe").fetchall()] == ["2021-07-26", "None"]
