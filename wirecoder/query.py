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
"""
from __future__ import annotations

import math
from typing import Any, Optional, Sequence

import duckdb

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


def _haversine_sql(lat: float, lon: float) -> str:
    return (f"(2 * 6371.0088 * asin(least(1, sqrt(pow(sin(radians(lat - {lat!r}) / 2), 2) + "
            f"cos(radians({lat!r})) * cos(radians(lat)) * pow(sin(radians(lon - {lon!r}) / 2), 2)))))")


def _values(v: str | Sequence[str]) -> list[str]:
    if isinstance(v, str):
        return [x.strip() for x in v.split(",") if x.strip()]
    return [str(x) for x in v]


def query(store: Any, type: str | Sequence[str] | None = None, mode: Optional[str] = None,
          country: str | Sequence[str] | None = None, sector: str | Sequence[str] | None = None,
          place: Optional[str] = None, near: Optional[tuple[float, float]] = None,
          km: Optional[float] = None, start: Optional[str] = None, end: Optional[str] = None,
          modality: Optional[str] = None, min_sources: Optional[int] = None,
          text: Optional[str] = None, sort: str = "-date", limit: Optional[int] = None,
          level: str = "events") -> duckdb.DuckDBPyRelation:
    """A DuckDB relation of the matching events (``level="events"``) or clusters (``"clusters"``).

    ``type``/``country``/``sector`` accept one value, a comma-separated string or a list.
    ``country`` matches the event's place or any actor's country (ISO alpha-3); ``sector`` any
    actor's PLOVER sector; ``place`` a substring of the place name, admin1 or admin2; ``text`` a
    substring of the sentence. ``sort`` is one of :data:`SORTS`.

    >>> query(store, type="AID", near=(35.85, 71.79), km=25).df()  # doctest: +SKIP
    """
    if level not in ("events", "clusters"):
        raise ValueError(f"level must be 'events' or 'clusters', not {level!r}")
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
    if level == "events":
        base = ("SELECT e.*, coalesce(c.num_sources, 1) AS num_sources, a.url, a.title, "
                "c.incident_id FROM events e LEFT JOIN clusters c USING (cluster_id) "
                "LEFT JOIN articles a ON a.id = e.article_id")
    else:
        base = "SELECT c.*, c.cluster_id AS id FROM clusters c"
    where: list[str] = []
    params: list[Any] = []
    if type:
        where.append("event_type IN (SELECT unnest(?))")
        params.append([t.upper() for t in _values(type)])
    if mode:
        where.append("mode = ?")
        params.append(mode)
    if country:
        cs = [c.upper() for c in _values(country)]
        where.append("(country IN (SELECT unnest(?)) OR len(list_intersect(countries, ?)) > 0)")
        params += [cs, cs]
    if sector:
        where.append("len(list_intersect(sectors, ?)) > 0")
        params.append([s.upper() for s in _values(sector)])
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
        where.append("sentence ILIKE ?")
        params.append(f"%{text}%")
    select = "*"
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
        select = f"*, {_haversine_sql(lat, lon)} AS distance_km"
    elif sort == "distance":
        raise ValueError("sort='distance' needs near=(lat, lon)")
    sql = f"SELECT {select} FROM ({base}) q"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY " + SORTS[sort]
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return store.con.sql(sql, params=params or None)


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
