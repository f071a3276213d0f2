"""What the API returns, as plain functions over a read view of the store (no HTTP here).

    with access.reader() as view:
        page = events_page(view, Filters(country="PAK"), limit=100)
        detail = event_detail(view, page["events"][0]["id"])

Events are :meth:`wirecoder.records.Event.to_dict` records plus the store's columns a reader
needs: ``cluster_id``, ``incident_id``, ``num_sources``, ``url``, ``title``, ``site``,
``published``, ``date_lo``/``date_hi``. Filters are those of :func:`wirecoder.query.query`
plus ``bbox``.
"""
from __future__ import annotations

import calendar
import dataclasses
import re
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any, Optional, Sequence

import duckdb

from wirecoder import schema
from wirecoder.export import geojson_feature, store_record
from wirecoder.incidents import incident_conditions
from wirecoder.query import EVENT_OUTPUT, count, query
from wirecoder.records import Actor, Event, EventDate, Location, Size

from . import paging
from .access import ReadView
from .errors import ApiError

EXTRA_COLUMNS = ("cluster_id", "incident_id", "num_sources", "url", "title", "site", "published",
                 "date_lo", "date_hi")
MAX_SOURCES = 50          # articles listed with one event
EXCERPT_CHARS = 320       # context on each side of a source sentence, cut at a paragraph break
MODALITIES = ("asserted", "future", "hypothetical", "negated")

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def date_bound(value: Optional[str], end: bool, name: str) -> Optional[str]:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` -> the first (or, for ``end``, last) day it covers."""
    if not value:
        return None
    m = _PARTIAL_DATE.match(value.strip())
    try:
        if not m:
            raise ValueError
        y, mo, d = int(m.group(1)), m.group(2), m.group(3)
        if d:
            return date(y, int(mo), int(d)).isoformat()
        if mo:
            month = int(mo)
            return date(y, month, calendar.monthrange(y, month)[1] if end else 1).isoformat()
        return date(y, 12, 31).isoformat() if end else date(y, 1, 1).isoformat()
    except ValueError:
        raise ApiError(422, f"query parameter {name!r}: {value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)") from None


def parse_bbox(value: Optional[str]) -> Optional[tuple[float, float, float, float]]:
    """``minlon,minlat,maxlon,maxlat`` -> floats; a box across the antimeridian has minlon > maxlon."""
    if not value:
        return None
    parts = value.split(",")
    try:
        if len(parts) != 4:
            raise ValueError
        w, s, e, n = (float(p) for p in parts)
        if any(x != x for x in (w, s, e, n)):  # NaN
            raise ValueError
    except ValueError:
        raise ApiError(422, f"query parameter 'bbox': {value!r} is not minlon,minlat,maxlon,maxlat") from None
    if not (-180 <= w <= 180 and -180 <= e <= 180 and -90 <= s <= n <= 90):
        raise ApiError(422, "query parameter 'bbox': longitudes must be in -180..180, latitudes in "
                            "-90..90 with minlat <= maxlat")
    return w, s, e, n


@dataclass
class Filters:
    """The filters of ``GET /events`` (see :func:`wirecoder.query.query` for their meaning)."""

    type: Optional[str] = None
    mode: Optional[str] = None
    country: Optional[str] = None
    sector: Optional[str] = None
    place: Optional[str] = None
    bbox: Optional[str] = None
    start: Optional[str] = None
    end: Optional[str] = None
    modality: Optional[str] = None
    min_sources: Optional[int] = None
    text: Optional[str] = None

    def query_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for :func:`wirecoder.query.query` (dates expanded, bbox left out)."""
        d = {k: v for k, v in asdict(self).items() if k != "bbox"}
        d["start"] = date_bound(self.start, False, "start")
        d["end"] = date_bound(self.end, True, "end")
        if self.start and self.end and d["start"] > d["end"]:
            raise ApiError(422, "query parameters 'start' and 'end': start is after end")
        return d


def _bbox_condition(box: tuple[float, float, float, float]) -> str:
    w, s, e, n = box
    lon = f"lon BETWEEN {w!r} AND {e!r}" if w <= e else f"(lon >= {w!r} OR lon <= {e!r})"
    return f"lat BETWEEN {s!r} AND {n!r} AND {lon}"


def filtered(view: ReadView, filters: Filters, level: str = "events", sort: str = "-date",
             condition: Optional[str] = None, limit: Optional[int] = None) -> duckdb.DuckDBPyRelation:
    """The relation of records matching ``filters`` (bbox included), in ``sort`` order."""
    return query(view, level=level, sort=sort if sort in paging.EVENT_SORTS else "-date",
                 bbox=parse_bbox(filters.bbox), condition=condition, limit=limit,
                 **filters.query_kwargs())


def _rows(rel: duckdb.DuckDBPyRelation) -> list[dict[str, Any]]:
    names = rel.columns
    return [dict(zip(names, r)) for r in rel.fetchall()]


def jsonable(v: Any) -> Any:
    """Dates as ISO strings, everything else unchanged (for ``json.dumps(default=...)``)."""
    if isinstance(v, (date, datetime)):
        return v.isoformat()
    raise TypeError(f"not JSON serialisable: {type(v).__name__}")


def _fields(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


_EVENT_F = _fields(Event)
_NESTED_F = {"date": _fields(EventDate), "location": _fields(Location), "size": _fields(Size)}
_ACTOR_F = _fields(Actor)


def record_dict(row: dict[str, Any]) -> dict[str, Any]:
    """``row_to_event(row).to_dict()`` built straight from the row (same keys, order and values,
    ~10x faster: no dataclasses and no ``asdict`` deep copy on a 1000-event page)."""
    d = {k: row.get(k) for k in _EVENT_F}
    d["context"] = list(d["context"] or [])
    for role in ("actor", "recipient"):
        d[role] = [{k: a.get(k) for k in _ACTOR_F} for a in d[role] or []]
    for k, names in _NESTED_F.items():
        v = d[k]
        d[k] = {n: v.get(n) for n in names} if v else None
    d["span"] = list(d["span"] or (0, 0))
    if d["source_span"] is not None:
        d["source_span"] = list(d["source_span"])
    return d


def public_source(value: Optional[str]) -> Optional[str]:
    """Where an article came from, as the API shows it: a URL, a site or a stream name as they
    are; a file on the server by its file name only (no folder of the server's disk), with the
    record part (``#offset``, ``:line``) kept."""
    if not value:
        return value
    v = str(value)
    if "://" in v or v.startswith("<"):
        return v
    if "/" in v or "\\" in v:
        tail = v.replace("\\", "/").rsplit("/", 1)[-1]
        return tail or None
    return v


def event_json(row: dict[str, Any]) -> dict[str, Any]:
    """One stored event row -> the API's event object."""
    d = record_dict(row)
    for k in EXTRA_COLUMNS:
        if k in row:
            v = row[k]
            d[k] = v.isoformat() if isinstance(v, date) else v
    if "site" in d:
        d["site"] = public_source(d["site"])
    return d


def events_page(view: ReadView, filters: Filters, *, limit: int = 100, cursor: Optional[str] = None,
                sort: str = "-date", total: bool = True) -> dict[str, Any]:
    """One page of matching events: ``{events, next, total, limit}`` (raw rows in ``rows``).

    The page is one query: filters and cursor in the scan, then a Top-N of ``limit + 1`` rows.
    ``total`` costs a second, count-only query, skipped when the page itself shows the answer
    (a first page with no next page).
    """
    sort_key = paging.EVENT_SORTS[sort]
    fp = paging.fingerprint({**asdict(filters)})
    condition = None
    if cursor:
        key, row_id = paging.decode(cursor, sort, paging.EVENT_SORTS, fp)
        condition = paging.after(sort_key, key, row_id)
    rows = _rows(filtered(view, filters, sort=sort, condition=condition, limit=limit + 1))
    out: dict[str, Any] = {
        "rows": rows[:limit],
        "next": paging.next_cursor(rows, limit, sort, sort_key, fp),
        "limit": limit,
    }
    if total:
        if not cursor and len(rows) <= limit:
            out["total"] = len(rows)
        else:
            out["total"] = count(view, bbox=parse_bbox(filters.bbox), **filters.query_kwargs())
    return out


def csv_rows(rows: Sequence[dict[str, Any]]) -> tuple[list[str], list[dict[str, Any]]]:
    """The CSV columns of the one schema (:func:`wirecoder.schema.csv_columns`, as the export
    writes them) and the rows flattened to them."""
    return schema.csv_columns(), [schema.csv_row(store_record(r)) for r in rows]


def acled_csv(view: ReadView, rows: Sequence[dict[str, Any]]) -> str:
    """The ACLED-style CSV (:mod:`wirecoder.acled_export`) of the clusters of ``rows``: one row per
    cluster ACLED would code, as ``wirecoder query -o x.acled.csv`` writes it."""
    import io

    from wirecoder.acled_export import acled_row
    from wirecoder.export import ACLED_COLUMNS, CsvWriter

    ids = sorted({r["cluster_id"] for r in rows if r.get("cluster_id")})
    buf = io.StringIO()
    buf.write(",".join(ACLED_COLUMNS) + "\n")
    if ids:
        rel = view.con.sql("SELECT *, cluster_id AS id FROM clusters WHERE cluster_id IN (SELECT unnest(?::VARCHAR[])) "
                           "ORDER BY date_lo NULLS LAST, cluster_id", params=[ids])
        for r in _rows(rel):
            row, _ = acled_row(r)
            if row is not None:
                buf.write(",".join(CsvWriter.cell(row.get(c)) for c in ACLED_COLUMNS) + "\n")
    return buf.getvalue()


def geojson_features(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """GeoJSON point features (flat properties as in the export) of the rows that have coordinates."""
    feats = []
    for r in rows:
        feat = geojson_feature(store_record(r))
        if feat is not None:
            feats.append(feat)
    return feats


# -- one event and its evidence ------------------------------------------------------------

# events with their cluster's and article's values (copied onto ``events``, no join needed)
_EVENT_SQL = f"SELECT {', '.join(EVENT_OUTPUT)} FROM events"


def sentence_bounds(text: str, sentence: str, start: int, end: int) -> tuple[int, int]:
    """Where ``sentence`` is in ``text`` around the event span ``start..end`` (the span itself
    when the sentence cannot be found there)."""
    if sentence:
        at = text.find(sentence, max(0, end - len(sentence)), start + len(sentence) + 1)
        while at >= 0 and at <= start:
            if at + len(sentence) >= end:
                return at, at + len(sentence)
            at = text.find(sentence, at + 1, start + len(sentence) + 1)
    return start, end


def excerpt(text: str, start: int, end: int, sentence: str = "", chars: int = EXCERPT_CHARS) -> dict[str, Any]:
    """The paragraph around the event span ``text[start:end]`` (at most ``chars`` either side of
    its sentence), with the offsets inside it of the sentence (``highlight``) and of the span
    (``span``), so a reader sees the evidence in its context."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    s0, s1 = sentence_bounds(text, sentence, start, end)
    lo = max(0, s0 - chars)
    brk = text.rfind("\n", lo, s0)
    if brk >= 0:
        lo = brk + 1
    elif lo > 0:
        sp = text.find(" ", lo, s0)
        lo = sp + 1 if sp >= 0 else lo
    hi = min(len(text), s1 + chars)
    brk = text.find("\n", s1, hi)
    if brk >= 0:
        hi = brk
    elif hi < len(text):
        sp = text.rfind(" ", s1, hi)
        hi = sp if sp >= 0 else hi
    return {"text": text[lo:hi], "highlight": [s0 - lo, s1 - lo], "span": [start - lo, end - lo],
            "truncated_before": lo > 0 and text[lo - 1] != "\n",
            "truncated_after": hi < len(text) and text[hi] != "\n"}


def _trigger_span(sentence: str, trigger: str) -> Optional[list[int]]:
    if not trigger:
        return None
    m = re.search(r"\b" + re.escape(trigger) + r"\b", sentence, flags=re.IGNORECASE)
    return [m.start(), m.end()] if m else None


def event_detail(view: ReadView, event_id: str) -> dict[str, Any]:
    """An event with its sources: every report of the same real-world event (its cluster), each
    with the article, the sentence, its span in the clean text, and an excerpt to read it in."""
    rows = _rows(view.con.sql(f"SELECT * FROM ({_EVENT_SQL}) q WHERE id = ?", params=[event_id]))
    if not rows:
        raise ApiError(404, f"no event with id {event_id!r}")
    row = rows[0]
    ev = event_json(row)
    ev["trigger_span"] = _trigger_span(ev["sentence"], ev.get("trigger") or "")
    if row.get("cluster_id"):
        where, params = "e.cluster_id = ?", [row["cluster_id"]]
    else:
        where, params = "e.id = ?", [event_id]
    cur = view.con.execute(
        "SELECT e.id AS event_id, e.article_id, e.event_type, e.sentence, e.span, e.source_span, "
        "e.trigger, e.confidence, e.modality, a.url, a.title, a.site, a.published, a.source, a.text "
        f"FROM events e JOIN articles a ON a.id = e.article_id WHERE {where} "
        "ORDER BY (e.id = ?) DESC, a.published NULLS LAST, e.article_id, e.span LIMIT ?",
        params + [event_id, MAX_SOURCES])
    names = [d[0] for d in cur.description]
    sources = []
    for r in cur.fetchall():
        s = dict(zip(names, r))
        text = s.pop("text") or ""
        span = list(s["span"] or [0, 0])
        s["span"] = span
        s["source_span"] = list(s["source_span"]) if s["source_span"] is not None else None
        s["excerpt"] = excerpt(text, span[0], span[1], s["sentence"] or "")
        s["source"], s["site"] = public_source(s.get("source")), public_source(s.get("site"))
        s["trigger_span"] = _trigger_span(s["sentence"] or "", s.get("trigger") or "")
        sources.append(s)
    ev["sources"] = sources
    return ev


def article_detail(view: ReadView, article_id: str) -> dict[str, Any]:
    """An article (metadata and clean text) with the events read from it, in text order."""
    cur = view.con.execute("SELECT id, url, title, published, site, language, source, text, "
                           "ingested_at, num_events FROM articles WHERE id = ?", [article_id])
    found = cur.fetchall()
    row = found[0] if found else None
    if row is None:
        raise ApiError(404, f"no article with id {article_id!r}")
    art = dict(zip([d[0] for d in cur.description], row))
    art["source"], art["site"] = public_source(art.get("source")), public_source(art.get("site"))
    evs = _rows(view.con.sql(f"SELECT * FROM ({_EVENT_SQL}) q WHERE article_id = ? ORDER BY span",
                             params=[article_id]))
    art["events"] = [event_json(r) for r in evs]
    return art


# -- incidents ---------------------------------------------------------------------------------

_TRACK_SQL = """
SELECT c.incident_id, c.cluster_id, c.event_type, coalesce(c.date.value, c.date_lo::VARCHAR) AS date,
       c.date_lo, c.date_hi, c.lat, c.lon, c.location.name AS place, c.sentence, c.num_sources,
       c.num_articles, (SELECT min(e.id) FROM events e WHERE e.cluster_id = c.cluster_id) AS event_id,
       (SELECT min(e.quad_class) FROM events e WHERE e.cluster_id = c.cluster_id) AS quad_class
FROM clusters c WHERE c.incident_id IN (SELECT unnest(?))
ORDER BY 4, c.date_lo, c.date_hi, c.cluster_id
"""


def _tracks(view: ReadView, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    if not ids:
        return {}
    cur = view.con.execute(_TRACK_SQL, [ids])
    names = [d[0] for d in cur.description]
    out: dict[str, list[dict[str, Any]]] = {}
    for r in cur.fetchall():
        d = dict(zip(names, r))
        out.setdefault(d.pop("incident_id"), []).append(d)
    return out


def incidents_page(view: ReadView, *, start: Optional[str] = None, end: Optional[str] = None,
                   country: Optional[str] = None, bbox: Optional[str] = None, min_clusters: int = 2,
                   limit: int = 50, cursor: Optional[str] = None, sort: str = "-date") -> dict[str, Any]:
    """Incidents (stories of linked clusters), each with its ``track``: the clusters in date
    order with their coordinates, so a map can draw it as a connected line."""
    lo, hi = date_bound(start, False, "start"), date_bound(end, True, "end")
    where, params = incident_conditions(min_clusters, lo, hi,
                                        [c for c in (country or "").split(",") if c.strip()])
    box = parse_bbox(bbox)
    if box is not None:
        where.append("incident_id IN (SELECT incident_id FROM clusters WHERE " + _bbox_condition(box) + ")")
    sort_key = paging.INCIDENT_SORTS[sort]
    fp = paging.fingerprint({"start": lo, "end": hi, "country": country, "bbox": bbox,
                             "min_clusters": min_clusters})
    if cursor:
        key, row_id = paging.decode(cursor, sort, paging.INCIDENT_SORTS, fp)
        where.append(paging.after(sort_key, key, row_id))
    sql = (f"SELECT * FROM (SELECT *, incident_id AS id FROM incidents) q WHERE {' AND '.join(where)} "
           f"ORDER BY {sort_key.order_by} LIMIT {int(limit) + 1}")
    rows = _rows(view.con.sql(sql, params=params))
    nxt = paging.next_cursor(rows, limit, sort, sort_key, fp)
    rows = rows[:limit]
    tracks = _tracks(view, [r["incident_id"] for r in rows])
    for r in rows:
        r.pop("id", None)
        r.pop("updated_at", None)
        r["track"] = tracks.get(r["incident_id"], [])
    return {"incidents": rows, "next": nxt, "limit": limit}


def incident_detail(view: ReadView, incident_id: str) -> dict[str, Any]:
    """An incident, its track (clusters) and its timeline: every event report in date order."""
    cur = view.con.execute("SELECT * FROM incidents WHERE incident_id = ?", [incident_id])
    found = cur.fetchall()
    row = found[0] if found else None
    if row is None:
        raise ApiError(404, f"no incident with id {incident_id!r}")
    inc = dict(zip([d[0] for d in cur.description], row))
    inc.pop("updated_at", None)
    inc["track"] = _tracks(view, [incident_id]).get(incident_id, [])
    evs = _rows(view.con.sql(f"SELECT * FROM ({_EVENT_SQL}) q WHERE incident_id = ? "
                             "ORDER BY date_lo NULLS LAST, date_hi, published, id", params=[incident_id]))
    inc["timeline"] = [event_json(r) for r in evs]
    return inc


# -- stats ---------------------------------------------------------------------------------

def stats_view(view: ReadView, filters: Filters, level: str = "clusters") -> dict[str, Any]:
    """Totals of the store, and counts of the matching records by type, country, ISO week and day.

    The same keys as :func:`wirecoder.query.stats` (which this equals without filters), plus
    ``matching``, ``by_day`` (the page's timeline) and, for events, ``by_quad_class``.
    """
    rel = filtered(view, filters, level=level)
    totals = {t: view.con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
              for t in ("articles", "events", "clusters", "incidents")}

    def counts(expr: str, order: str = "n DESC, k NULLS LAST") -> dict[str, int]:
        rows = rel.aggregate(f"{expr} AS k, count(*) AS n", "k").order(order).fetchall()
        return {(str(k) if k is not None else "unknown"): n for k, n in rows}

    return {
        **totals,
        "level": level,
        "matching": rel.aggregate("count(*)").fetchall()[0][0],
        "by_type": counts("event_type"),
        "by_country": counts("country"),
        "by_week": dict(sorted(counts("strftime(date_lo, '%G-W%V')").items())),
        "by_day": dict(sorted(counts("date_lo").items())),
        **({"by_quad_class": counts("quad_class", "k")} if level == "events" else {}),
    }
