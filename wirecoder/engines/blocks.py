"""``--dedupe`` for batch engines: block the events, then cluster each block with :mod:`wirecoder.dedupe`.

A block is ``event_type | actor country | ISO week`` (:func:`block_key`): events of different
blocks are never compared, so blocks can be clustered independently (one Spark group each).
Within a block the clustering is exactly the store's: :func:`wirecoder.store.clusters.assign` over an
empty cluster table, events fed in a fixed order (date, article, id), then
:func:`wirecoder.dedupe.merge` for each cluster's record.

What blocking gives up, compared to the store: events of *compatible* types (ASSAULT/COERCE...),
events whose first actors' countries differ, and events on either side of a week boundary are
never merged here.
"""
from __future__ import annotations

import datetime as dt
import threading
from typing import Any, Optional, Sequence

import pyarrow as pa

from ..output import EVENT_SCHEMA
from ..records import Article, Event
from ..schema import event_from_record

_EV = {f.name: f.type for f in EVENT_SCHEMA}
CLUSTER_SCHEMA = pa.schema([
    ("cluster_id", pa.string()), ("block", pa.string()), ("event_type", pa.string()), ("mode", pa.string()),
    ("modality", pa.string()), ("date", _EV["date"]), ("date_lo", pa.date32()), ("date_hi", pa.date32()),
    ("location", _EV["location"]), ("size", _EV["size"]), ("actor", _EV["actor"]), ("recipient", _EV["recipient"]),
    ("countries", pa.list_(pa.string())), ("sectors", pa.list_(pa.string())),
    ("sentence", pa.string()), ("confidence", pa.float64()), ("acled_type", pa.string()),
    ("acled_subtype", pa.string()), ("num_events", pa.int32()), ("num_articles", pa.int32()),
    ("num_sources", pa.int32()), ("sources", pa.list_(pa.string())), ("first_published", pa.string()),
    ("last_published", pa.string()), ("event_ids", pa.list_(pa.string())),
])
UNDATED = "undated"


def _actor_country(event: dict[str, Any]) -> str:
    for a in event.get("actor") or []:
        if a.get("country"):
            return a["country"]
    return "-"


def block_key(event: dict[str, Any], published: Optional[str]) -> str:
    """``"ASSAULT|AFG|2021-W30"``: the event type, the country of its first actor that has one
    (``-`` if none) and the ISO week of the start of its date window (``undated`` if none).

    >>> block_key({"event_type": "ASSAULT", "actor": [{"country": "AFG"}],
    ...            "date": {"value": "2021-07-26", "precision": "day"}}, None)
    'ASSAULT|AFG|2021-W30'
    """
    from ..dedupe import date_range

    lo, _ = date_range(event.get("date"), published)
    week = UNDATED
    if lo is not None:
        y, w, _ = lo.isocalendar()
        week = f"{y}-W{w:02d}"
    return f"{event['event_type']}|{_actor_country(event)}|{week}"


def dedupe_row(event: dict[str, Any], article: dict[str, Any]) -> dict[str, Any]:
    """The row :func:`wirecoder.store.clusters.assign` and ``merge`` read, as the store prepares it."""
    from ..store import event_row

    a = Article(id=article["id"], text="", source=article.get("source") or "", url=article.get("url"),
                published=article.get("published"), site=article.get("site"))
    return event_row(event_from_record(event), a)


_local = threading.local()


def _connection() -> Any:
    """A per-thread in-memory DuckDB with the store's (empty) tables, for :func:`~wirecoder.store.clusters.assign`."""
    con = getattr(_local, "con", None)
    if con is None:
        import duckdb

        from ..store import SCHEMA_SQL

        con = duckdb.connect(":memory:")
        con.execute(SCHEMA_SQL)
        _local.con = con
    return con


def cluster_block(block: str, rows: Sequence[dict[str, Any]], similarity: str = "static") -> list[dict[str, Any]]:
    """Cluster the :func:`dedupe_row` rows of one block; one :data:`CLUSTER_SCHEMA` row per cluster.

    The result does not depend on the order of ``rows`` (they are sorted first).
    """
    from ..dedupe import merge
    from ..store.clusters import assign

    def order(r: dict[str, Any]) -> tuple:
        return (r.get("date_lo") or dt.date.max, r["article_id"], r["span"][0] if r.get("span") else 0, r["id"])

    ordered = sorted(rows, key=order)
    if not ordered:
        return []
    assigned = assign(_connection(), [dict(r) for r in ordered], similarity=similarity)
    members: dict[str, list[dict[str, Any]]] = {}
    for r in ordered:
        members.setdefault(assigned[r["id"]], []).append(r)
    out = []
    for cid, evs in members.items():
        rec = merge(evs)
        row = {f.name: rec.get(f.name) for f in CLUSTER_SCHEMA}
        row.update(cluster_id=cid, block=block, event_ids=[e["id"] for e in evs])
        out.append(row)
    return out
