"""The one event schema: every view of an event record derived from the typed dataclasses.

The definition is :class:`wirecoder.records.Event` (with :class:`~wirecoder.records.Actor`,
:class:`~wirecoder.records.EventDate`, :class:`~wirecoder.records.Location`,
:class:`~wirecoder.records.Size` and whatever else its fields hold), read by type-hint
introspection, plus :class:`RecordExtras` (what an exported record adds: the date window, and the
cluster, incident and article values a store knows). Every view is computed from it:

==========================  =====================================================================
:func:`arrow_schema`        the Parquet columns of ``extract`` and ``query`` (one schema, same types)
:func:`duckdb_columns`      the store's ``events`` columns (SQL types)
:func:`json_schema`         ``wirecoder/data/event.schema.json`` (regenerate with
                            ``python -m wirecoder.schema > wirecoder/data/event.schema.json``)
:func:`csv_columns`         the flat CSV header (nested fields as ``location_lat``, lists joined)
==========================  =====================================================================

A field added to ``Event`` (or to a record it holds) therefore appears in every export; the tests
check that the published JSON Schema is the generated one and that every leaf field of the
schema is present in every view. Constraints a type hint cannot say (a pattern, a range, the
PLOVER type list) and the descriptions are in :data:`ANNOTATIONS`, keyed by dotted field path.

Type mapping (``Optional[X]`` makes any of these nullable):

=================  ============  ===========  ==========================================
Python             Arrow         DuckDB       JSON Schema
=================  ============  ===========  ==========================================
``str``/Literal    string        VARCHAR      string (Literal: enum)
``int``            int64         BIGINT       integer
``float``          float64       DOUBLE       number
``bool``           bool          BOOLEAN      boolean
``datetime.date``  date32        DATE         string, format date
``list[X]``        list<X>       X[]          array
``tuple[X, X]``    list<X>       X[]          array of exactly that many items
a dataclass        struct        STRUCT(...)  object (all fields required, no others)
``dict``/``Any``   string(JSON)  VARCHAR      object
=================  ============  ===========  ==========================================

A string field annotated ``{"format": "date"}`` (an ISO ``YYYY-MM-DD`` text in the record, such as
an article's publication date) is a date in Arrow and DuckDB as well.
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import json
import sys
import types
import typing
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, Iterator, Literal, Optional, Union

import pyarrow as pa

from .records import Actor, Event, EventDate, Location, Size

SCHEMA_ID = "https://wirecoder.invalid/schema/event/2"


@dataclass
class RecordExtras:
    """Columns an exported record has beside :class:`Event`'s fields (all nullable).

    ``date_start``/``date_end`` are the calendar interval the event's date stands for (a month
    date covers the whole month); ``intensity`` is the Goldstein-like intensity of the PLOVER
    type and mode (``data/intensity.tsv``); the others are known only to a store
    (``query``/``export``) and are null in ``extract``'s output. The article's url, title and
    publication date are ``Event``'s own fields.
    """

    date_start: Optional[_dt.date] = None
    date_end: Optional[_dt.date] = None
    intensity: Optional[float] = None
    cluster_id: Optional[str] = None
    num_sources: Optional[int] = None
    incident_id: Optional[str] = None


@dataclass
class SourceReport:
    """One article of a cluster: where it was published."""

    article_id: str
    url: Optional[str]
    outlet: Optional[str]
    published: Optional[str]


@dataclass
class ReportedCount:
    """One count the cluster's reports give, and how many articles give it."""

    field: Literal["people", "dead", "injured", "arrested"]
    value: int
    articles: int
    qualifier: Optional[str]


@dataclass
class ClusterRecord:
    """A cluster (reports of one incident merged into a best record) as exported with
    ``level="clusters"``: the cluster's own columns, never its internal ones (``vec``,
    ``actor_keys``)."""

    id: str
    event_type: str
    mode: Optional[str]
    modality: str
    actor: list[Actor]
    recipient: list[Actor]
    date: Optional[EventDate]
    location: Optional[Location]
    size: Optional[Size]
    sentence: str
    confidence: float
    acled_type: Optional[str]
    acled_subtype: Optional[str]
    date_start: Optional[_dt.date]
    date_end: Optional[_dt.date]
    intensity: Optional[float]
    num_events: int
    num_articles: int
    num_sources: int
    sources: list[str]
    first_published: Optional[str]
    last_published: Optional[str]
    incident_id: Optional[str]
    reports: list[SourceReport]
    counts: list[ReportedCount]


# store column a record extra is read from, where the names differ
STORE_COLUMN = {"date_start": "date_lo", "date_end": "date_hi"}

_ISO3 = {"pattern": "^[A-Z]{3}$"}
ANNOTATIONS: dict[str, dict[str, Any]] = {
    "id": {"description": "stable across runs: from the article id, the span and the type"},
    "article_id": {"description": "canonical URL hash, else hash of the normalised text"},
    "mode": {"description": "PLOVER mode of the event type"},
    "context": {"description": "PLOVER contexts supported by the text"},
    "quad_class": {"enum": [1, 2, 3, 4],
                   "description": "1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict"},
    "cameo_root": {"pattern": "^[0-9]{2}$", "description": "CAMEO root code, two digits (a string: '08')"},
    "actor": {"description": "who acted"},
    "recipient": {"description": "who was acted upon"},
    "Actor.text": {"description": "the words in the article"},
    "Actor.name": {"description": "normalised name"},
    "Actor.country": {**_ISO3, "description": "ISO 3166 alpha-3, or IGO / NGO / IMG / UNO"},
    "Actor.sector": {"pattern": "^[A-Z]{3}$", "description": "PLOVER sector (MIL, GOV, REB, COP, CVL, ...)"},
    "EventDate.value": {"pattern": "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$",
                   "description": "YYYY-MM-DD, YYYY-MM or YYYY (a week: its Monday)"},
    "EventDate.text": {"description": "the expression the date came from (null for a publication date)"},
    "Location.lat": {"minimum": -90, "maximum": 90},
    "Location.lon": {"minimum": -180, "maximum": 180},
    "Location.country": {**_ISO3, "description": "ISO 3166 alpha-3"},
    "Location.geonameid": {"description": "GeoNames id (null for a place of data/gazetteer/features.tsv without one)"},
    "Location.precision": {"description": "what the point stands for: a site, a town, a district, a province, a "
                                          "country, or a region (a sea, river, named region or continent: "
                                          "the middle of its extent, a river's mouth)"},
    "Location.coord_source": {"description": "where the point comes from: geonames (GeoNames' point), factbook (a "
                                             "country's CIA World Factbook centre), blended (the midpoint of that "
                                             "centre and the centroid of the country's mainland outline), derived (the centre of a unit's "
                                             "towns), curated (data/gazetteer/features.tsv)"},
    "Size.people": {"minimum": 0},
    "Size.dead": {"minimum": 0},
    "Size.injured": {"minimum": 0},
    "Size.arrested": {"minimum": 0},
    "sentence": {"description": "the sentence the event was read from"},
    "span": {"items": {"minimum": 0}, "description": "[start, end) character offsets in the cleaned article text"},
    "source_span": {"description": "[start, end) in the raw input, when clean kept an offset map (text input)"},
    "confidence": {"minimum": 0, "maximum": 1},
    "trigger": {"description": "the word that signalled the event"},
    "source": {"description": "who reported it (reported speech), if said"},
    "acled_type": {"description": "ACLED event type"},
    "acled_subtype": {"description": "ACLED sub-event type"},
    "published": {"format": "date", "description": "the article's publication date"},
    "ClusterRecord.id": {"description": "the cluster id"},
    "ClusterRecord.sentence": {"description": "the sentence of the cluster's best report"},
    "ClusterRecord.num_events": {"minimum": 1, "description": "reports (events) in the cluster"},
    "ClusterRecord.sources": {"description": "the outlets (sites) that reported it"},
    "ClusterRecord.first_published": {"format": "date", "description": "first publication date of a report"},
    "ClusterRecord.reports": {"description": "every article that reported it, oldest first, with its url and outlet"},
    "ClusterRecord.counts": {"description": "every count its reports give (the spread behind size), most reported first"},
    "SourceReport.outlet": {"description": "the site that published it"},
    "SourceReport.published": {"description": "the article's publication date (YYYY-MM-DD), if known"},
    "ReportedCount.articles": {"minimum": 1, "description": "articles that give this value"},
    "ReportedCount.qualifier": {"description": "the most exact qualifier given with it (people only)"},
    "ClusterRecord.last_published": {"format": "date", "description": "last publication date of a report"},
    "date_start": {"description": "first day of the interval the event date stands for"},
    "date_end": {"description": "last day of the interval the event date stands for"},
    "intensity": {"minimum": -10, "maximum": 10,
                  "description": "Goldstein-like intensity of the type and mode (data/intensity.tsv)"},
    "cluster_id": {"description": "the store's cluster of reports of one incident (null outside a store)"},
    "num_sources": {"minimum": 1, "description": "outlets that reported the cluster"},
    "ClusterRecord.num_articles": {"minimum": 1, "description": "articles that reported the cluster"},
    "incident_id": {"description": "the story (linked clusters) the event belongs to"},
    "url": {"description": "the article's URL"},
    "title": {"description": "the article's title"},
}


# -- the field tree ------------------------------------------------------------------------------

@dataclass
class Node:
    """One field of the schema (a column or a field of a struct)."""

    name: str
    path: str                 # dotted path from the record ("location.lat")
    kind: str                 # str, int, float, bool, date, json, list, struct
    nullable: bool = False
    enum: Optional[tuple] = None
    item: Optional["Node"] = None        # list items
    length: Optional[int] = None         # fixed-length tuple
    children: tuple["Node", ...] = ()    # struct fields
    required: bool = True                # JSON: always present in the record
    owner: str = ""                      # the dataclass the field belongs to ("Location")
    cls_name: str = ""                   # a struct: its dataclass ("Actor")

    @property
    def note(self) -> dict[str, Any]:
        return ANNOTATIONS.get(self.path) or ANNOTATIONS.get(f"{self.owner}.{self.name}", {})


def _unwrap_optional(tp: Any) -> tuple[Any, bool]:
    origin = typing.get_origin(tp)
    if origin in (Union, getattr(types, "UnionType", Union)):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
        raise TypeError(f"union {tp} is not supported by the schema (only Optional[X])")
    return tp, False


def _node(name: str, path: str, tp: Any, nullable: bool = False, owner: str = "") -> Node:
    node = _node_of(name, path, tp, nullable, owner)
    node.owner = owner
    return node


def _node_of(name: str, path: str, tp: Any, nullable: bool, owner: str) -> Node:
    tp, opt = _unwrap_optional(tp)
    nullable = nullable or opt
    origin = typing.get_origin(tp)
    if origin is Literal:
        return Node(name, path, "str", nullable, enum=tuple(typing.get_args(tp)))
    if origin in (list, typing.List, set, frozenset):
        (arg,) = typing.get_args(tp) or (str,)
        return Node(name, path, "list", nullable, item=_node(name, path, arg, owner=owner))
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return Node(name, path, "list", nullable, item=_node(name, path, args[0], owner=owner))
        if len(set(args)) != 1:
            raise TypeError(f"{path}: a tuple field must hold one type, not {args}")
        return Node(name, path, "list", nullable, item=_node(name, path, args[0], owner=owner), length=len(args))
    if origin is dict or tp in (dict, Any):
        return Node(name, path, "json", nullable)
    if dataclasses.is_dataclass(tp):
        return Node(name, path, "struct", nullable, children=tuple(_fields(tp, path + ".")),
                    cls_name=tp.__name__)
    if tp is bool:
        return Node(name, path, "bool", nullable)
    if tp is int:
        return Node(name, path, "int", nullable)
    if tp is float:
        return Node(name, path, "float", nullable)
    if tp is _dt.date:
        return Node(name, path, "date", nullable)
    if tp is str:
        note = ANNOTATIONS.get(path) or ANNOTATIONS.get(f"{owner}.{name}", {})
        kind = "date" if note.get("format") == "date" else "str"
        return Node(name, path, kind, nullable)
    raise TypeError(f"{path}: type {tp!r} has no schema mapping; add one to wirecoder/schema.py")


def _fields(cls: type, prefix: str = "") -> Iterator[Node]:
    hints = typing.get_type_hints(cls)
    for f in dataclasses.fields(cls):
        yield _node(f.name, prefix + f.name, hints[f.name], owner=cls.__name__)


@lru_cache(maxsize=8)
def fields(event_cls: type = Event) -> tuple[Node, ...]:
    """The columns of an exported record: ``event_cls``'s fields, then (for an event)
    :class:`RecordExtras`'s."""
    own = tuple(_fields(event_cls))
    if not issubclass(event_cls, Event):
        return own
    names = {n.name for n in own}
    extra = tuple(dataclasses.replace(n, required=False) for n in _fields(RecordExtras) if n.name not in names)
    return own + extra


def event_field_names(event_cls: type = Event) -> tuple[str, ...]:
    """The fields of the event record itself (``Event.to_dict()``'s keys), in order."""
    return tuple(f.name for f in dataclasses.fields(event_cls))


def event_from_record(record: dict[str, Any], event_cls: type = Event) -> Event:
    """The :class:`Event` of an exported record (its extras dropped)."""
    names = set(event_field_names(event_cls))
    return event_cls.from_dict({k: v for k, v in record.items() if k in names})


def column_names(event_cls: type = Event) -> tuple[str, ...]:
    return tuple(n.name for n in fields(event_cls))


def leaf_paths(event_cls: type = Event) -> list[str]:
    """Every leaf field's dotted path (``location.lat``, ``actor.country``, ``span``)."""
    out: list[str] = []

    def walk(n: Node) -> None:
        inner = n.item if n.kind == "list" else n
        if inner is not None and inner.kind == "struct":
            for c in inner.children:
                walk(c)
        else:
            out.append(n.path)
    for n in fields(event_cls):
        walk(n)
    return out


# -- Arrow ---------------------------------------------------------------------------------------

def _arrow_type(n: Node) -> pa.DataType:
    if n.kind == "list":
        return pa.list_(_arrow_type(n.item))
    if n.kind == "struct":
        return pa.struct([pa.field(c.name, _arrow_type(c), nullable=True) for c in n.children])
    return {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(),
            "date": pa.date32(), "json": pa.string()}[n.kind]


@lru_cache(maxsize=8)
def arrow_schema(event_cls: type = Event) -> pa.Schema:
    """The Parquet schema of an event record (``extract`` and ``query``/``export`` alike)."""
    return pa.schema([pa.field(n.name, _arrow_type(n), nullable=True) for n in fields(event_cls)])


def _to_arrow_value(n: Node, v: Any) -> Any:
    if v is None:
        return None
    if n.kind == "date":
        if isinstance(v, _dt.date):
            return v
        try:
            return _dt.date.fromisoformat(str(v)[:10])
        except ValueError:
            return None
    if n.kind == "json":
        return json.dumps(v, ensure_ascii=False, sort_keys=True, default=str)
    if n.kind == "list":
        return [_to_arrow_value(n.item, x) for x in v]
    if n.kind == "struct":
        return {c.name: _to_arrow_value(c, v.get(c.name)) for c in n.children}
    return v


def arrow_row(record: dict[str, Any], event_cls: type = Event) -> dict[str, Any]:
    """A record (``Event.to_dict()`` plus extras) as Arrow-ready values of :func:`arrow_schema`."""
    return {n.name: _to_arrow_value(n, record.get(n.name)) for n in fields(event_cls)}


def arrow_table(records: Iterable[dict[str, Any]], event_cls: type = Event) -> pa.Table:
    return pa.Table.from_pylist([arrow_row(r, event_cls) for r in records], schema=arrow_schema(event_cls))


# -- DuckDB --------------------------------------------------------------------------------------

def duckdb_type(n: Node) -> str:
    if n.kind == "list":
        return duckdb_type(n.item) + "[]"
    if n.kind == "struct":
        return "STRUCT(" + ", ".join(f'"{c.name}" {duckdb_type(c)}' for c in n.children) + ")"
    return {"str": "VARCHAR", "int": "BIGINT", "float": "DOUBLE", "bool": "BOOLEAN", "date": "DATE",
            "json": "VARCHAR"}[n.kind]


def duckdb_columns(event_cls: type = Event, extras: bool = False) -> list[tuple[str, str]]:
    """(name, SQL type) of the event fields (and, with ``extras``, of :class:`RecordExtras`)."""
    own = set(event_field_names(event_cls))
    return [(n.name, duckdb_type(n)) for n in fields(event_cls) if extras or n.name in own]


# -- JSON Schema ---------------------------------------------------------------------------------

def _plover_types() -> list[str]:
    from .ontology import default_ontology
    return list(default_ontology().types)


def _json_type(n: Node, defs: dict[str, Any]) -> dict[str, Any]:
    note = {k: v for k, v in n.note.items() if k not in ("description", "items", "format", "enum")}
    if n.kind == "struct":
        if n.cls_name not in defs:
            defs[n.cls_name] = {}  # placeholder against recursion
            defs[n.cls_name] = {"type": "object", "required": [c.name for c in n.children],
                                "additionalProperties": False,
                                "properties": {c.name: _json_type(c, defs) for c in n.children}}
        s: dict[str, Any] = {"$ref": f"#/$defs/{n.cls_name}"}
        if n.nullable:
            s = {"anyOf": [s, {"type": "null"}]}
    elif n.kind == "list":
        item = _json_type(n.item, defs)
        item.pop("description", None)
        item.update(n.note.get("items", {}))
        s = {"type": "array", "items": item}
        if n.length:
            s["minItems"] = s["maxItems"] = n.length
    elif n.kind == "json":
        s = {"type": "object"}
    else:
        s = {"type": {"str": "string", "int": "integer", "float": "number", "bool": "boolean",
                      "date": "string"}[n.kind]}
        if n.kind == "date":
            s["format"] = "date"
            s["pattern"] = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
        enum = n.note.get("enum") or (list(n.enum) if n.enum else None)
        if n.path == "event_type":
            enum = _plover_types()
        if enum:
            s = {"enum": list(enum)}
    s.update(note)
    if n.nullable and n.kind != "struct":
        if "enum" in s:
            s["enum"] = s["enum"] + [None]
        else:
            s["type"] = [s["type"], "null"]
    if n.note.get("description"):
        s["description"] = n.note["description"]
    return s


def json_schema(event_cls: type = Event) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a record, as published in ``data/event.schema.json``
    (``data/cluster.schema.json`` for :class:`ClusterRecord`)."""
    nodes = fields(event_cls)
    defs: dict[str, Any] = {}
    props = {n.name: _json_type(n, defs) for n in nodes}
    event = issubclass(event_cls, Event)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID if event else SCHEMA_ID.replace("/event/", "/cluster/"),
        "title": "wirecoder event record" if event else "wirecoder cluster record",
        "description": ("One coded event as written by `wirecoder extract` (JSON Lines) and by "
                        "Event.to_dict(); exports from a store (`wirecoder query`) add the optional "
                        "fields." if event else
                        "One cluster (reports of one incident, merged) as exported by `wirecoder query "
                        "--level clusters`.") + " Generated from wirecoder/records.py by wirecoder/schema.py: "
                        "do not edit.",
        "type": "object",
        "required": [n.name for n in nodes if n.required],
        "additionalProperties": False,
        "$defs": dict(sorted(defs.items())),
        "properties": props,
    }


def json_schema_text(event_cls: type = Event) -> str:
    return json.dumps(json_schema(event_cls), indent=2, ensure_ascii=False) + "\n"


def json_value(v: Any) -> Any:
    """A record value as JSON writes it (dates as ISO text)."""
    if isinstance(v, (_dt.date, _dt.datetime)):
        return v.isoformat()
    raise TypeError(f"not JSON serialisable: {type(v).__name__}")


# -- CSV -----------------------------------------------------------------------------------------

LIST_SEP = ";"        # list of scalars: "military;territory"
ACTOR_SEP = "; "      # a list of records: one column per field, values joined


def _csv_leaves(n: Node, prefix: str) -> Iterator[tuple[str, Node, tuple[str, ...], bool]]:
    """(column, leaf node, path of names inside the column's value, inside a list of records)."""
    if n.kind == "struct":
        for c in n.children:
            for col, leaf, path, many in _csv_leaves(c, f"{prefix}_{c.name}"):
                yield col, leaf, (c.name,) + path, many
    elif n.kind == "list" and n.item.kind == "struct" and all(c.kind not in ("list", "struct")
                                                               for c in n.item.children):
        for c in n.item.children:
            yield f"{prefix}_{c.name}", c, (c.name,), True
    else:
        yield prefix, n, (), False


@lru_cache(maxsize=8)
def _csv_plan(event_cls: type = Event) -> tuple[tuple[str, str, Node, tuple[str, ...], bool], ...]:
    plan = []
    for n in fields(event_cls):
        for col, leaf, path, many in _csv_leaves(n, n.name):
            plan.append((col, n.name, leaf, path, many))
    return tuple(plan)


def csv_columns(event_cls: type = Event) -> list[str]:
    """The flat CSV header: nested fields as ``parent_child``; a list of records as one column
    per field with the values joined by ``"; "``; a list of scalars joined by ``";"``; a nested
    list (a record's spans) as JSON."""
    return [p[0] for p in _csv_plan(event_cls)]


def csv_string_columns(event_cls: type = Event) -> set[str]:
    """Columns whose values are text (quoted in the CSV, so readers keep "08" a string)."""
    return {col for col, _, leaf, _, many in _csv_plan(event_cls)
            if many or leaf.kind in ("str", "date", "json", "list", "struct")}


def _csv_scalar(leaf: Node, v: Any) -> Any:
    if v is None:
        return None
    if leaf.kind == "list":
        if leaf.item is not None and leaf.item.kind in ("list", "struct", "json"):
            return json.dumps(v, ensure_ascii=False, default=json_value)
        return LIST_SEP.join("" if x is None else str(x) for x in v)
    if leaf.kind in ("json", "struct"):
        return json.dumps(v, ensure_ascii=False, default=json_value)
    if isinstance(v, (_dt.date, _dt.datetime)):
        return v.isoformat()
    return v


def csv_row(record: dict[str, Any], event_cls: type = Event) -> dict[str, Any]:
    """A record flattened to :func:`csv_columns`."""
    row: dict[str, Any] = {}
    for col, top, leaf, path, many in _csv_plan(event_cls):
        v = record.get(top)
        if many:
            vals = [_csv_scalar(leaf, (x or {}).get(path[-1])) for x in (v or [])]
            row[col] = ACTOR_SEP.join("" if x is None else str(x) for x in vals) if vals else None
            continue
        for k in path:
            v = v.get(k) if isinstance(v, dict) else None
        row[col] = _csv_scalar(leaf, v)
    return row


PUBLISHED = {"event.schema.json": Event, "cluster.schema.json": ClusterRecord}


def write_published(folder: Optional[str] = None) -> list[str]:
    """(Re)write the published JSON Schemas (``data/event.schema.json``, ``data/cluster.schema.json``)."""
    from pathlib import Path
    out = Path(folder) if folder else Path(__file__).parent / "data"
    written = []
    for name, cls in PUBLISHED.items():
        (out / name).write_text(json_schema_text(cls), encoding="utf-8")
        written.append(str(out / name))
    return written


if __name__ == "__main__":  # python -m wirecoder.schema: regenerate the published schemas
    print("\n".join(write_published(sys.argv[1] if len(sys.argv) > 1 else None)))
