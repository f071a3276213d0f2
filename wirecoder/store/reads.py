"""Reading the store: counts for ``wirecoder info`` and stored events as records.
(Filtered queries are :mod:`wirecoder.query`'s; incidents are listed by
:func:`wirecoder.store.incidents.list_incidents`.)"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import duckdb

from wirecoder import schema as event_schema
from wirecoder.records import Event
from wirecoder.store.schema import schema_version


def info(con: duckdb.DuckDBPyConnection, path: Path) -> dict[str, Any]:
    """Counts and metadata for ``wirecoder info``."""
    counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
              for t in ("articles", "events", "clusters", "incidents")}
    span = con.execute("SELECT min(date_lo), max(date_hi) FROM events").fetchall()[0]
    multi = con.execute("SELECT count(*) FROM clusters WHERE num_sources > 1").fetchall()[0][0]
    return {
        "path": str(path),
        "schema_version": schema_version(con),
        "size_bytes": path.stat().st_size if path.exists() else 0,
        **counts,
        "clusters_multi_source": multi,
        "first_date": str(span[0]) if span[0] else None,
        "last_date": str(span[1]) if span[1] else None,
    }


def events(con: duckdb.DuckDBPyConnection, article_id: Optional[str] = None) -> list[Event]:
    """Stored events as records (all, or those of one article), in article/span order."""
    where, params = ("WHERE article_id = ?", [article_id]) if article_id else ("", [])
    cols = ", ".join(EVENT_FIELDS)
    cur = con.execute(f"SELECT {cols} FROM events {where} ORDER BY article_id, span", params)
    return [row_to_event(dict(zip(EVENT_FIELDS, r))) for r in cur.fetchall()]


EVENT_FIELDS = event_schema.event_field_names()


def row_to_event(row: dict[str, Any]) -> Event:
    """Rebuild an :class:`Event` from a stored ``events`` row (extra columns are ignored)."""
    d = {k: row.get(k) for k in EVENT_FIELDS}
    d["context"] = list(d["context"] or [])
    d["span"] = tuple(d["span"] or (0, 0))
    return Event.from_dict(d)

