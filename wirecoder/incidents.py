"""Incidents: clusters that form one story over time, with a timeline.

Example (the seed article): posts captured -> soldiers cross the border -> they request shelter
-> they receive aid -> they are to be handed back. Each step is its own cluster (a different
event type and often a different day); an incident links them.

Two clusters are linked when, within :data:`WINDOW_DAYS` of each other,

* they share an actor: same name, or same country with the same (or an unknown) sector; and
* their places agree: both located and within :data:`NEAR_KM`; when one is only known at
  province/country level, the same country and (if both have coordinates) within
  :data:`COARSE_KM` of its centroid; clusters without a place link only when they share two or
  more actors (and then only with clusters not precisely placed).

Linking is incremental (:func:`link` runs inside :meth:`wirecoder.store.Store.add_many` on the
clusters that changed) and only ever merges incidents; an incident is not split again when a
replaced article removes the link that formed it.
"""
from __future__ import annotations

from datetime import timedelta
from typing import Any, Optional, Sequence

import duckdb
import pyarrow as pa

from wirecoder.dedupe import _PLACE_RANK, _actor_pair, haversine_km
from wirecoder.records import stable_id

WINDOW_DAYS = 10
NEAR_KM = 150.0
COARSE_KM = 220.0  # a province/country-level place links within this of its centroid


def linked(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two cluster rows belong to one story (see module docstring)."""
    if a.get("date_lo") is None or b.get("date_lo") is None:
        return False
    gap = max((b["date_lo"] - a["date_hi"]).days, (a["date_lo"] - b["date_hi"]).days, 0)
    if gap > WINDOW_DAYS:
        return False
    placed_a = a.get("country") is not None or a.get("lat") is not None
    placed_b = b.get("country") is not None or b.get("lat") is not None
    placed = placed_a and placed_b
    if placed:  # the cheap place test first: most neighbours fail it
        if a.get("country") and b.get("country") and a["country"] != b["country"]:
            return False
        coarse = max(_PLACE_RANK.get(a.get("precision") or "", 2),
                     _PLACE_RANK.get(b.get("precision") or "", 2)) >= 3
        both = a.get("lat") is not None and b.get("lat") is not None
        if coarse or not both:
            if not (a.get("country") and a.get("country") == b.get("country")):
                return False
            if both and haversine_km(a["lat"], a["lon"], b["lat"], b["lon"]) > COARSE_KM:
                return False
        elif haversine_km(a["lat"], a["lon"], b["lat"], b["lon"]) > NEAR_KM:
            return False
    keys_b = set(b.get("actor_keys") or [])
    shared = sum(1 for x in set(a.get("actor_keys") or [])
                 if any(_actor_pair(x, y) >= 0.6 for y in keys_b))
    return shared >= (1 if placed else 2)


_COLS = ("c.cluster_id, c.incident_id, c.date_lo, c.date_hi, c.lat, c.lon, c.country, "
         "c.location.precision AS precision, c.actor_keys, c.countries")


def link(con: duckdb.DuckDBPyConnection, changed: Sequence[dict[str, Any]],
         index: Any = None) -> list[str]:
    """Link the ``changed`` cluster rows to neighbouring clusters; return touched incident ids.

    Neighbours come from ``index`` (the store's :class:`wirecoder.dedupe.ClusterIndex`, which
    holds the weeks around the batch) or, without one, from a query on the ``clusters`` table.
    """
    rows = [dict(c, precision=(c.get("location") or {}).get("precision"))
            for c in changed if c.get("date_lo") is not None and c.get("countries")]
    if not rows:
        return []
    by_id = {c["cluster_id"]: c for c in rows}
    if index is not None:
        near = []
        for c in rows:
            rep = index.reps.get(c["cluster_id"])
            if rep is not None:
                c["incident_id"] = rep.get("incident_id")
            for n in index.neighbours(c, WINDOW_DAYS):
                if n["cluster_id"] != c["cluster_id"]:
                    near.append(dict(n, src=c["cluster_id"]))
    else:
        near = _near_sql(con, rows)
        current = dict(con.execute("SELECT cluster_id, incident_id FROM clusters WHERE cluster_id IN "
                                   "(SELECT unnest(?))", [list(by_id)]).fetchall())
        for c in rows:
            c["incident_id"] = current.get(c["cluster_id"], c.get("incident_id"))

    parent: dict[str, str] = {}  # union-find over incident labels

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    def union(x: str, y: str) -> None:
        rx, ry = find(x), find(y)
        if rx != ry:
            parent[max(rx, ry)] = min(rx, ry)

    label: dict[str, str] = {}  # cluster_id -> incident label
    for n in near:
        src = by_id[n["src"]]
        if not linked(src, n):
            continue
        a = label.setdefault(src["cluster_id"], src.get("incident_id") or stable_id("incident", src["cluster_id"]))
        b = label.setdefault(n["cluster_id"], n.get("incident_id") or stable_id("incident", n["cluster_id"]))
        union(a, b)
    if not label:
        return []
    final = {cid: find(lab) for cid, lab in label.items()}
    merged_away = sorted({lab for lab in label.values() if find(lab) != lab})
    # clusters and the events' copy of incident_id (wirecoder.store.DENORMALISED) change together
    if merged_away:
        for table in ("clusters", "events"):
            con.execute(f"UPDATE {table} SET incident_id = m.new FROM "
                        f"(SELECT unnest(?) AS old, unnest(?) AS new) m WHERE {table}.incident_id = m.old",
                        [merged_away, [find(x) for x in merged_away]])
        con.execute("DELETE FROM incidents WHERE incident_id IN (SELECT unnest(?))", [merged_away])
    for table in ("clusters", "events"):
        con.execute(f"UPDATE {table} SET incident_id = m.new FROM "
                    f"(SELECT unnest(?) AS cid, unnest(?) AS new) m WHERE {table}.cluster_id = m.cid "
                    f"AND {table}.incident_id IS DISTINCT FROM m.new",
                    [list(final), list(final.values())])
    if index is not None:
        moved = {x: find(x) for x in merged_away}
        for rep in index.reps.values():
            if rep.get("incident_id") in moved:
                rep["incident_id"] = moved[rep["incident_id"]]
        for cid, inc in final.items():
            if cid in index.reps:
                index.reps[cid]["incident_id"] = inc
    touched = sorted(set(final.values()))
    refresh(con, touched)
    return touched


def _near_sql(con: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    tbl = pa.Table.from_pylist(
        [{"cid": c["cluster_id"], "lo": c["date_lo"] - timedelta(days=WINDOW_DAYS),
          "hi": c["date_hi"] + timedelta(days=WINDOW_DAYS), "countries": c["countries"],
          "country": c.get("country")} for c in rows],
        schema=pa.schema([("cid", pa.string()), ("lo", pa.date32()), ("hi", pa.date32()),
                          ("countries", pa.list_(pa.string())), ("country", pa.string())]))
    con.register("_wc_changed", tbl)
    try:
        cur = con.execute(
            f"SELECT b.cid AS src, {_COLS} "
            "FROM clusters c JOIN _wc_changed b ON c.date_lo <= b.hi AND c.date_hi >= b.lo "
            "AND c.cluster_id <> b.cid AND len(list_intersect(c.countries, b.countries)) > 0 "
            "AND (c.country IS NULL OR b.country IS NULL OR c.country = b.country)")
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]
    finally:
        con.unregister("_wc_changed")


_PREC = ("coalesce(CASE c.location.precision WHEN 'exact' THEN 0 WHEN 'town' THEN 1 "
         "WHEN 'district' THEN 2 WHEN 'province' THEN 3 WHEN 'country' THEN 4 END, 5)")


def refresh(con: duckdb.DuckDBPyConnection, incident_ids: Sequence[str]) -> None:
    """Recompute the summary rows of ``incident_ids`` from their clusters."""
    ids = list(incident_ids)
    con.execute("DELETE FROM incidents WHERE incident_id IN (SELECT unnest(?))", [ids])
    con.execute(f"""
        INSERT INTO incidents
        WITH arts AS (
            SELECT c2.incident_id, count(DISTINCT e.article_id) AS n
            FROM clusters c2 JOIN events e ON e.cluster_id = c2.cluster_id
            WHERE c2.incident_id IN (SELECT unnest($ids)) GROUP BY 1)
        SELECT c.incident_id, min(c.date_lo), max(c.date_hi), count(*), any_value(arts.n),
               list_sort(list_distinct(flatten(list(c.countries)))),
               arg_min(c.location.name, {_PREC}), arg_min(c.lat, {_PREC}), arg_min(c.lon, {_PREC}),
               arg_max(c.sentence, c.num_sources * 100000 - (c.date_lo - DATE '1970-01-01')),
               now()::TIMESTAMP
        FROM clusters c JOIN arts USING (incident_id)
        WHERE c.incident_id IN (SELECT unnest($ids))
        GROUP BY c.incident_id""", {"ids": ids})


def incident_conditions(min_clusters: int, start: Optional[str], end: Optional[str],
                        countries: Sequence[str]) -> tuple[list[str], list[Any]]:
    """SQL conditions and parameters selecting incidents of at least ``min_clusters`` clusters that
    overlap ``start``..``end`` and touch any of ``countries`` (ISO alpha-3); shared by the CLI/API
    listing here and the server's paged listing."""
    where, params = ["num_clusters >= ?"], [int(min_clusters)]
    if start:
        where.append("end_date >= ?::DATE")
        params.append(start)
    if end:
        where.append("start_date <= ?::DATE")
        params.append(end)
    if countries:
        where.append("len(list_intersect(countries, ?)) > 0")
        params.append([c.strip().upper() for c in countries])
    return where, params


def list_incidents(store: Any, *, start: Optional[str] = None, end: Optional[str] = None,
                   country: Optional[str] = None, min_clusters: int = 2,
                   limit: int = 50) -> list[dict[str, Any]]:
    """Incidents (most recent first) with their timeline of clusters in date order.

    Each item: incident_id, start_date, end_date, num_clusters, num_articles, countries, place,
    lat, lon, title, timeline=[{cluster_id, date, event_type, mode, sentence, place,
    num_sources, num_articles}].
    """
    con = store.con
    where, params = incident_conditions(min_clusters, start, end, [country] if country else [])
    cur = con.execute(f"SELECT * FROM incidents WHERE {' AND '.join(where)} "
                      "ORDER BY end_date DESC, incident_id LIMIT ?", params + [limit])
    names = [d[0] for d in cur.description]
    out = [dict(zip(names, r)) for r in cur.fetchall()]
    if not out:
        return out
    cur = con.execute(
        "SELECT incident_id, cluster_id, coalesce(date.value, date_lo::VARCHAR) AS date, event_type, "
        "mode, sentence, location.name AS place, num_sources, num_articles FROM clusters "
        "WHERE incident_id IN (SELECT unnest(?)) ORDER BY date_lo, date_hi, cluster_id",
        [[i["incident_id"] for i in out]])
    names = [d[0] for d in cur.description]
    timeline: dict[str, list[dict[str, Any]]] = {}
    for r in cur.fetchall():
        d = dict(zip(names, r))
        timeline.setdefault(d.pop("incident_id"), []).append(d)
    for inc in out:
        inc["timeline"] = timeline.get(inc["incident_id"], [])
        for k in ("start_date", "end_date"):
            inc[k] = str(inc[k]) if inc[k] is not None else None
        inc.pop("updated_at", None)
    return out
