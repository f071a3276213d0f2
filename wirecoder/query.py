"""Filter stored events (or their clusters) and count them.

    from wirecoder.store import Store
    from wirecoder.query import query, stats
    with Store(read_only=True) as store:
        rel = query(store, type="ASSAULT", country="PAK", near=(35.85, 71.79), km=100,
                    start="2021-07-01", end="2021-07-31", min_sources=2)
        df = rel.df()          # pandas; or rel.fetchall(), rel.to_arrow_table()

All filters combine with AND; ``None`` means "any". A date filter keeps events whose date
window (``date_lo``..``date_hi``, see :func:`wirecoder.dedupe.date_range`) overlaps
``start``..``end``. ``near=(lat, lon)`` keeps events within ``km`` (default 50) great-circle
kilometres and adds a ``distance_km`` column.

Queries read the ``events`` table alone (the cluster and article values a reader needs are
copied onto it, see :mod:`wirecoder.store`), with constant filters DuckDB pushes into the scan,
so a filtered page is one scan plus a Top-N sort.
"""
from __future__ import annotations

import math
from typing import Any, Optional, Sequence

import duckdb

from wirecoder.store import DENORMALISED, DERIVED_SQL, event_column_names

SORTS = {
    "date": "date_lo ASC NULLS LAST, id",
    "-date": "date_hi DESC NULLS LAST, id",
    "sources": "num_sources ASC, id",
    "-sources": "num_sources DESC, date_hi DESC NULLS LAST, id",
    "confidence": "confidence ASC, id",
    "-confidence": "confidence DESC, id",
    "distance": "distance_km ASC NULLS LAST, id",
}
DEFAULT_KM = 50.0

# the columns of an event row, in this order: the stored event (version-1 columns), then the
# copies from its cluster and article (same names and order as the former join produced)
EVENT_OUTPUT = tuple(c for c in event_column_names() if c not in DENORMALISED and c not in DERIVED_SQL) + (
    "num_sources", "url", "title", "incident_id")


def _haversine_sql(lat: float, lon: float) -> str:
    return (f"(2 * 6371.0088 * asin(least(1, sqrt(pow(sin(radians(lat - {lat!r}) / 2), 2) + "
            f"cos(radians({lat!r})) * cos(radians(lat)) * pow(sin(radians(lon - {lon!r}) / 2), 2)))))")


def _values(v: str | Sequence[str]) -> list[str]:
    if isinstance(v, str):
        return [x.strip() for x in v.split(",") if x.strip()]
    return [str(x) for x in v]


def _in(column: str, values: list[str], params: list[Any]) -> str:
    """``column = ?`` / ``column IN (?, ...)``: constants DuckDB pushes into the scan (a
    ``IN (SELECT unnest(?))`` subquery would be a join)."""
    params.extend(values)
    return f"{column} = ?" if len(values) == 1 else f"{column} IN ({', '.join('?' * len(values))})"


def _list_has(column: str, values: list[str], params: list[Any]) -> str:
    """Whether the VARCHAR[] ``column`` holds any of ``values`` (no list built per row)."""
    params.extend(values)
    return " OR ".join(f"list_contains({column}, ?)" for _ in values)


def _conditions(type: str | Sequence[str] | None = None, mode: Optional[str] = None,
                country: str | Sequence[str] | None = None, sector: str | Sequence[str] | None = None,
                place: Optional[str] = None, near: Optional[tuple[float, float]] = None,
                km: Optional[float] = None, start: Optional[str] = None, end: Optional[str] = None,
                modality: Optional[str] = None, min_sources: Optional[int] = None,
                text: Optional[str] = None,
                bbox: Optional[tuple[float, float, float, float]] = None,
                level: str = "events") -> tuple[list[str], list[Any]]:
    """The WHERE conditions (AND-ed) and their parameters of the filters of :func:`query`.

    Every condition reads plain columns of one table (``events`` or ``clusters``), so DuckDB
    evaluates it in the scan; range conditions on ``date_lo``/``date_hi``/``lat``/``lon`` also
    skip row groups whose min/max (zone map) cannot match.
    """
    where: list[str] = []
    params: list[Any] = []
    if type:
        where.append(_in("event_type", [t.upper() for t in _values(type)], params))
    if mode:
        where.append("mode = ?")
        params.append(mode)
    if country:
        cs = [c.upper() for c in _values(country)]
        if cs:
            cond = _in("country", cs, params)
            where.append(f"({cond} OR {_list_has('countries', cs, params)})")
    if sector:
        ss = [x.upper() for x in _values(sector)]
        if ss:
            where.append(f"({_list_has('sectors', ss, params)})")
    if place:
        where.append("(location.name ILIKE ? OR location.text ILIKE ? OR location.admin1 ILIKE ? "
                     "OR location.admin2 ILIKE ?)")
        params += [f"%{place}%"] * 4
    if start:
        where.append("date_hi >= ?::DATE")
        params.append(start)
    if end:
        where.append("date_lo <= ?::DATE")
        params.append(end)
    if modality:
        where.append("modality = ?")
        params.append(modality)
    if min_sources:
        where.append("num_sources >= ?")
        params.append(int(min_sources))
    if text:
        # events: LIKE on the stored lower(sentence), which is what ILIKE computes per row
        where.append("sentence_lc LIKE lower(?)" if level == "events" else "sentence ILIKE ?")
        params.append(f"%{text}%")
    if bbox is not None:
        w, s, e, n = (float(x) for x in bbox)
        where.append(f"lat BETWEEN {s!r} AND {n!r}")
        where.append(f"lon BETWEEN {w!r} AND {e!r}" if w <= e else f"(lon >= {w!r} OR lon <= {e!r})")
    if near is not None:
        lat, lon = float(near[0]), float(near[1])
        radius = float(km if km is not None else DEFAULT_KM)
        dlat = radius / 110.574
        dlon = radius / max(1e-6, 111.320 * math.cos(math.radians(lat)))
        # bounding box first (cheap, prunes with zone maps), exact distance second
        where.append(f"lat BETWEEN {lat - dlat!r} AND {lat + dlat!r}")
        if dlon < 180:
            lo_lon, hi_lon = lon - dlon, lon + dlon
            if lo_lon < -180 or hi_lon > 180:
                where.append(f"(lon >= {((lo_lon + 540) % 360) - 180!r} OR lon <= {((hi_lon + 540) % 360) - 180!r})")
            else:
                where.append(f"lon BETWEEN {lo_lon!r} AND {hi_lon!r}")
        where.append(f"{_haversine_sql(lat, lon)} <= {radius!r}")
    return where, params


def _source(level: str) -> tuple[str, str]:
    """(FROM clause, select list) of ``level``: events read from one table, no join."""
    if level == "events":
        return "events", ", ".join(EVENT_OUTPUT)
    if level == "clusters":
        return "clusters", "*, cluster_id AS id"
    raise ValueError(f"level must be 'events' or 'clusters', not {level!r}")


def query(store: Any, type: str | Sequence[str] | None = None, mode: Optional[str] = None,
          country: str | Sequence[str] | None = None, sector: str | Sequence[str] | None = None,
          place: Optional[str] = None, near: Optional[tuple[float, float]] = None,
          km: Optional[float] = None, start: Optional[str] = None, end: Optional[str] = None,
          modality: Optional[str] = None, min_sources: Optional[int] = None,
          text: Optional[str] = None, sort: str = "-date", limit: Optional[int] = None,
          level: str = "events", bbox: Optional[tuple[float, float, float, float]] = None,
          condition: Optional[str] = None) -> duckdb.DuckDBPyRelation:
    """A DuckDB relation of the matching events (``level="events"``) or clusters (``"clusters"``).

    ``type``/``country``/``sector`` accept one value, a comma-separated string or a list.
    ``country`` matches the event's place or any actor's country (ISO alpha-3); ``sector`` any
    actor's PLOVER sector; ``place`` a substring of the place name, admin1 or admin2; ``text`` a
    substring of the sentence. ``bbox=(minlon, minlat, maxlon, maxlat)`` keeps located records
    in the box (``minlon > maxlon`` crosses the antimeridian). ``condition`` is one more SQL
    condition built by the caller from trusted parts (e.g. a paging cursor). ``sort`` is one of
    :data:`SORTS`; with ``limit`` DuckDB runs a Top-N over the filtered scan.

    Event rows have every ``events`` column of the store plus the cluster's ``num_sources`` and
    ``incident_id`` and the article's ``url`` and ``title`` (denormalised onto ``events``).

    >>> query(store, type="AID", near=(35.85, 71.79), km=25).df()  # doctest: +SKIP
    """
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
    table, select = _source(level)
    where, params = _conditions(type=type, mode=mode, country=country, sector=sector, place=place,
                                near=near, km=km, start=start, end=end, modality=modality,
                                min_sources=min_sources, text=text, bbox=bbox, level=level)
    if near is not None:
        select += f", {_haversine_sql(float(near[0]), float(near[1]))} AS distance_km"
    elif sort == "distance":
        raise ValueError("sort='distance' needs near=(lat, lon)")
    if condition:
        where.append(f"({condition})")
    sql = f"SELECT {select} FROM {table}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY " + SORTS[sort]
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return store.con.sql(sql, params=params or None)


def count(store: Any, level: str = "events", **filters: Any) -> int:
    """How many records :func:`query` with the same filters returns (without ``limit``).

    Reads only the columns the filters need (no sort, no rows fetched); without filters it
    is the table's row count.
    """
    table, _ = _source(level)
    where, params = _conditions(level=level, **filters)
    sql = f"SELECT count(*) FROM {table}" + (" WHERE " + " AND ".join(where) if where else "")
    return int(store.con.execute(sql, params).fetchall()[0][0])


def stats(store: Any, level: str = "clusters") -> dict[str, Any]:
    """Counts by event type, by country (of the place) and by ISO week (``YYYY-Www``).

    ``level="clusters"`` counts deduplicated events (the default), ``"events"`` every report.
    Also returns the totals of articles, events, clusters and incidents.
    """
    table = {"clusters": "clusters", "events": "events"}[level]
    con = store.con

    def counts(expr: str) -> dict[str, int]:
        rows = con.execute(f"SELECT {expr} AS k, count(*) n FROM {table} GROUP BY ALL "
                           "ORDER BY n DESC, k NULLS LAST").fetchall()
        return {(k if k is not None else "unknown"): n for k, n in rows}

    totals = {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
              for t in ("articles", "events", "clusters", "incidents")}
    return {
        **totals,
        "level": level,
        "by_type": counts("event_type"),
        "by_country": counts("country"),
        "by_week": dict(sorted(counts("strftime(date_lo, '%G-W%V')").items())),
    }
