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

Single links would chain: in a busy city every week shares "the police" with the next, and
a year of news became one incident; unplaced clusters sharing "the United States" chained trade
talks, a trial and a helicopter crash in three countries into one. So a link is not made when the
joined incident (every cluster of it, however it is placed, :class:`Extent`) would

* run beyond :data:`MAX_SPAN_DAYS` from its first to its last day, or
* have its precisely placed clusters beyond a box :data:`MAX_EXTENT_KM` across, or
* be placed in more than one country while any of its clusters is placed only coarsely
  (province or country): only precise places can show that a story across a border stays
  near it.

Linking is incremental (:func:`link` runs inside :meth:`wirecoder.store.Store.add_many` on the
clusters that changed) and only ever merges incidents; an incident is not split again when a
replaced article removes the link that formed it.

``wirecoder.incidents`` is another name for this module.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Optional, Sequence

import duckdb
import pyarrow as pa

from wirecoder.dedupe import (MAX_WINDOW_DAYS, PLACE_RANK, Cluster, ClusterRep, FieldAccess, haversine_km,
                              link_fields, precisely_placed, too_vague)
from wirecoder.records import stable_id
from wirecoder.store.clusters import COARSE_LINK_KM, NEAR_LINK_KM, ClusterIndex, members_within

WINDOW_DAYS = 10
MAX_SPAN_DAYS = 30      # an incident runs at most a month from its first to its last event
MAX_EXTENT_KM = 300.0   # and its precisely placed events fit in a box this wide (corner to corner)
NEAR_KM = NEAR_LINK_KM      # 150 km between precisely placed clusters
COARSE_KM = COARSE_LINK_KM  # 220 km: a province/country-level place links within this of its centroid


@dataclass
class Incident(FieldAccess):
    """One incident as :func:`list_incidents` gives it: its ``incidents`` row and its timeline
    (one entry per cluster, in date order: cluster_id, date, event_type, mode, sentence, place,
    num_sources, num_articles)."""

    incident_id: str
    start_date: Optional[str]
    end_date: Optional[str]
    num_clusters: int
    num_articles: int
    countries: list[str]
    place: Optional[str]
    lat: Optional[float]
    lon: Optional[float]
    title: Optional[str]
    timeline: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def linked(a: ClusterRep, b: ClusterRep) -> bool:
    """Whether two clusters belong to one story (see module docstring)."""
    if a.date_lo is None or b.date_lo is None or a.date_hi is None or b.date_hi is None:
        return False
    gap = max((b.date_lo - a.date_hi).days, (a.date_lo - b.date_hi).days, 0)
    if gap > WINDOW_DAYS:
        return False
    placed_a = a.country is not None or a.lat is not None
    placed_b = b.country is not None or b.lat is not None
    placed = placed_a and placed_b
    if placed:  # the cheap place test first: most neighbours fail it
        if a.country and b.country and a.country != b.country:
            return False
        coarse = max(PLACE_RANK.get(a.precision or "", 2), PLACE_RANK.get(b.precision or "", 2)) >= 3
        both = a.lat is not None and b.lat is not None
        if coarse or not both:
            if not (a.country and a.country == b.country):
                return False
            if both and haversine_km(a.lat, a.lon, b.lat, b.lon) > COARSE_KM:  # type: ignore[arg-type]
                return False
        elif haversine_km(a.lat, a.lon, b.lat, b.lon) > NEAR_KM:  # type: ignore[arg-type]
            return False
    need = 1 if placed else 2
    parsed, _, _ = _actors(a)
    _, names, sectors = _actors(b)
    shared = 0
    for c, s, n in parsed:  # dedupe.actor_pair(x, y) >= 0.6 for some y of b, by lookups
        if (n and n in names) or (c and c in sectors and (not s or s in sectors[c] or "" in sectors[c])):
            shared += 1
            if shared >= need:
                return True
    return False


def _actors(rep: ClusterRep) -> tuple[list[tuple[str, str, str]], set[str], dict[str, set[str]]]:
    """(country, sector, name) of each of ``rep``'s actor keys, the set of names, and sectors by
    country; cached on ``rep`` while its ``actor_keys`` list stays the same object."""
    keys = rep.actor_keys or ()
    cached = rep.actor_sets
    if cached is not None and cached[0] is keys:
        return cached[1]  # type: ignore[no-any-return]
    parsed = [tuple(k.split("|", 2)) for k in set(keys)]
    names = {n for _, _, n in parsed if n}
    sectors: dict[str, set[str]] = {}
    for c, s, _ in parsed:
        if c:
            sectors.setdefault(c, set()).add(s)
    out = (parsed, names, sectors)
    rep.actor_sets = (keys, out)
    return out  # type: ignore[return-value]


_COLS = ("c.cluster_id, c.incident_id, c.date_lo, c.date_hi, c.lat, c.lon, c.country, "
         "c.location.precision AS precision, c.actor_keys, c.countries")


def link(con: duckdb.DuckDBPyConnection, changed: Sequence[Cluster],
         index: Optional[ClusterIndex] = None) -> list[str]:
    """Link the ``changed`` cluster records to neighbouring clusters; return touched incident ids.

    Neighbours come from ``index`` (the store's :class:`~wirecoder.store.clusters.ClusterIndex`,
    which holds the weeks around the batch) or, without one, from a query on the ``clusters`` table.
    """
    rows = [ClusterRep.of_cluster(c, with_vec=False) for c in changed
            if c.date_lo is not None and c.countries and not too_vague(c)]
    if not rows:
        return []
    by_id = {c.cluster_id: c for c in rows}
    near: list[tuple[str, ClusterRep]] = []  # (changed cluster id, neighbour)
    unchanged: set[str] = set()
    if index is not None:
        for c in rows:
            was = index.before.get(c.cluster_id or "")
            if was is not None and was == link_fields(c):
                unchanged.add(c.cluster_id or "")  # only its incident's summary changes
                continue
            for n in index.neighbours(c, WINDOW_DAYS):
                if n.cluster_id != c.cluster_id:
                    near.append((c.cluster_id or "", n))
    else:
        near = _near_sql(con, rows)

    # Per changed cluster, its neighbours grouped by the incident they are in (a neighbour in
    # none is a group of its own). A group is joined when the merged incident stays bounded
    # (checked once per group) and some member links to the cluster (checked member by member
    # until one does). Groups are tried nearest in time first; changed clusters in date order.
    by_src: dict[str, list[ClusterRep]] = {}
    for src_id, n in near:
        if n.date_lo is not None:
            by_src.setdefault(src_id, []).append(n)
    # the store is the truth for who is in which incident (an index entry can lag behind)
    current = dict(con.execute(
        "SELECT cluster_id, incident_id FROM clusters WHERE cluster_id IN (SELECT unnest(?))",
        [sorted({n.cluster_id for ns in by_src.values() for n in ns} | set(by_id))]).fetchall())
    for c in rows:
        c.incident_id = current.get(c.cluster_id, c.incident_id)

    def stored(n: ClusterRep) -> Optional[str]:
        return current.get(n.cluster_id, n.incident_id)
    extent = _extents(con, {stored(n) for ns in by_src.values() for n in ns if stored(n)}
                      | {c.incident_id for c in rows if c.incident_id})
    # A cluster's date or place can move after it was linked (a more precise report, a replaced
    # article): one that no longer fits its incident's bounds leaves it, and is linked afresh.
    left: dict[str, str] = {}  # cluster_id -> the incident it left
    # each such cluster's incident without it, read in one query for the batch (one query per
    # cluster scanned the clusters table once each: a cost that grew with the store)
    rests = _extents_without(con, [(c.cluster_id or "", c.incident_id) for c in rows
                                   if c.incident_id and c.cluster_id not in unchanged
                                   and c.incident_id in extent and not _bounded(extent[c.incident_id])])
    for c in rows:
        inc = c.incident_id
        if inc and c.cluster_id not in unchanged and inc in extent and not _bounded(extent[inc]):
            rest = rests.get(c.cluster_id or "")
            if rest is None or not _bounded(_combine(rest, _extent_of(c))):
                left[c.cluster_id] = inc
                c.incident_id = current[c.cluster_id] = None
                if rest is not None:
                    extent[inc] = rest
                else:
                    extent.pop(inc, None)
    if left:
        for table in ("clusters", "events"):
            bound, params = _members_within(index, list(left)) if table == "events" else ("", [])
            con.execute(f"UPDATE {table} SET incident_id = NULL WHERE cluster_id IN (SELECT unnest(?)){bound}",
                        [list(left), *params])
        if index is not None:
            for cid in left:
                index.set_incident(cid, None)
    parent: dict[str, str] = {}  # union-find over incident labels, each root with its extent
    label: dict[str, str] = {}   # cluster_id -> incident label

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    def own(c: ClusterRep) -> str:
        cid = c.cluster_id
        # a cluster that just left an incident it founded must not take that incident's id again
        return label.get(cid) or stored(c) or stable_id("incident", cid, *([left[cid]] if cid in left else []))

    for src in sorted(rows, key=lambda c: (c.date_lo, c.cluster_id)):
        ns = by_src.get(src.cluster_id)
        if not ns:
            continue
        a = own(src)
        if a not in extent:
            extent[a] = _extent_of(src)
        groups: dict[str, list[ClusterRep]] = {}
        for n in ns:
            key = label.get(n.cluster_id) or stored(n)
            groups.setdefault(find(key) if key else n.cluster_id, []).append(n)
        ra = find(a)
        order = sorted(groups, key=lambda g: (_gap(extent[ra], extent.get(g) or _extent_of(groups[g][0])), g))
        for g in order:
            ra = find(a)
            if g == ra or find(g) == ra:
                continue
            members = groups[g]
            eg = extent.get(find(g)) or _extent_of(members[0])
            both = _combine(extent[ra], eg)
            if not _bounded(both):
                continue  # a chain of links would stretch one story over a month or a region
            hit = next((n for n in members if linked(src, n)), None)
            if hit is None:
                continue
            b = own(hit)  # the group's incident, or a new one for a neighbour in none
            rb = find(b)
            root, other = min(ra, rb), max(ra, rb)
            parent[other] = root
            extent[root] = both
            label[src.cluster_id], label[hit.cluster_id] = a, b
    # a changed cluster already in an incident changes that incident's summary even unlinked
    stale = {c.incident_id for c in rows if c.incident_id} | set(left.values())
    if not label:
        if stale:
            refresh(con, sorted(stale))
        return sorted(stale)
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
        bound, params = _members_within(index, list(final), "events.") if table == "events" else ("", [])
        con.execute(f"UPDATE {table} SET incident_id = m.new FROM "
                    f"(SELECT unnest(?) AS cid, unnest(?) AS new) m WHERE {table}.cluster_id = m.cid{bound} "
                    f"AND {table}.incident_id IS DISTINCT FROM m.new",
                    [list(final), list(final.values()), *params])
    if index is not None:
        index.rename_incidents({x: find(x) for x in merged_away})
        for cid, inc in final.items():
            index.set_incident(cid, inc)
    touched = sorted(set(final.values()) | {find(x) for x in stale})
    refresh(con, touched)
    return touched


def _members_within(index: Optional[ClusterIndex], cluster_ids: list[str], prefix: str = "") -> tuple[str, list[Any]]:
    """SQL (and its parameters) bounding an update of ``cluster_ids``' events to the dates their
    members lie within, when ``index`` knows them (:func:`~wirecoder.store.clusters.members_within`;
    the ``date_lo`` zone maps then prune the scan); none otherwise."""
    within = members_within(index.spans(cluster_ids), cluster_ids) if index is not None else None
    if within is None:
        return "", []
    return f" AND {prefix}date_lo BETWEEN ? AND ?", [within[0], within[1]]


def _gap(a: "Extent", b: "Extent") -> int:
    """Days between two extents (0 when they overlap)."""
    return max((b.lo - a.hi).days, (a.lo - b.hi).days, 0)


@dataclass(frozen=True)
class Extent:
    """What bounds an incident: its first and last day, the box of its precisely placed clusters
    (None when it has none), the countries its clusters are placed in, and whether any of them
    is placed only coarsely (province, country or no coordinates)."""

    lo: Any
    hi: Any
    lat_lo: Optional[float] = None
    lat_hi: Optional[float] = None
    lon_lo: Optional[float] = None
    lon_hi: Optional[float] = None
    countries: frozenset[str] = frozenset()
    coarse: bool = False


def _extent_of(c: ClusterRep) -> Extent:
    """The :class:`Extent` of one cluster; the box only from a precise (town or finer) place."""
    countries = frozenset({c.country}) if c.country else frozenset()
    if precisely_placed(c):
        return Extent(c.date_lo, c.date_hi, c.lat, c.lat, c.lon, c.lon, countries, False)
    return Extent(c.date_lo, c.date_hi, countries=countries, coarse=bool(countries))


def _combine(a: Extent, b: Extent) -> Extent:
    def lo(x: Any, y: Any) -> Any:
        return y if x is None else x if y is None else min(x, y)

    def hi(x: Any, y: Any) -> Any:
        return y if x is None else x if y is None else max(x, y)
    return Extent(lo(a.lo, b.lo), hi(a.hi, b.hi), lo(a.lat_lo, b.lat_lo), hi(a.lat_hi, b.lat_hi),
                  lo(a.lon_lo, b.lon_lo), hi(a.lon_hi, b.lon_hi), a.countries | b.countries, a.coarse or b.coarse)


def _bounded(e: Extent) -> bool:
    """Whether an incident of extent ``e`` is still one story: at most :data:`MAX_SPAN_DAYS`
    from first to last day, its precise places within :data:`MAX_EXTENT_KM` corner to corner,
    and placed in one country, unless every placed cluster is placed precisely (the box then
    says that a story across a border stays near it)."""
    if (e.hi - e.lo).days > MAX_SPAN_DAYS:
        return False
    if len(e.countries) > 1 and e.coarse:
        return False
    return e.lat_lo is None or haversine_km(e.lat_lo, e.lon_lo, e.lat_hi, e.lon_hi) <= MAX_EXTENT_KM  # type: ignore[arg-type]


_PRECISE_SQL = "lat IS NOT NULL AND coalesce(location.precision, '') NOT IN ('province', 'country', 'region')"


def _extents(con: duckdb.DuckDBPyConnection, incident_ids: set[str],
             without: Optional[str] = None) -> dict[str, Extent]:
    """The current :class:`Extent` of whole stored incidents (leaving out cluster ``without``)."""
    if not incident_ids:
        return {}
    precise = _PRECISE_SQL
    rows = con.execute(
        f"SELECT incident_id, min(date_lo), max(date_hi), min(lat) FILTER ({precise}), "
        f"max(lat) FILTER ({precise}), min(lon) FILTER ({precise}), max(lon) FILTER ({precise}), "
        "list_distinct(list(country) FILTER (country IS NOT NULL)), "
        f"coalesce(bool_or(country IS NOT NULL AND NOT ({precise})), false) "
        "FROM clusters WHERE incident_id IN (SELECT unnest(?)) AND date_lo IS NOT NULL "
        "AND cluster_id IS DISTINCT FROM ? GROUP BY 1",
        [sorted(incident_ids), without]).fetchall()
    return {r[0]: Extent(r[1], r[2], r[3], r[4], r[5], r[6], frozenset(r[7] or ()), bool(r[8])) for r in rows}


def _extents_without(con: duckdb.DuckDBPyConnection, pairs: list[tuple[str, str]]) -> dict[str, Extent]:
    """For each (cluster id, its incident id) of ``pairs``, the :class:`Extent` of that stored
    incident without that cluster (as ``_extents(con, {incident}, without=cluster)``), keyed by
    cluster id; absent when the incident has no other dated cluster. One query for all pairs."""
    if not pairs:
        return {}
    prec = _PRECISE_SQL.replace("lat ", "c.lat ").replace("location.", "c.location.")
    rows = con.execute(
        f"SELECT p.cid, min(c.date_lo), max(c.date_hi), min(c.lat) FILTER ({prec}), "
        f"max(c.lat) FILTER ({prec}), min(c.lon) FILTER ({prec}), max(c.lon) FILTER ({prec}), "
        "list_distinct(list(c.country) FILTER (c.country IS NOT NULL)), "
        f"coalesce(bool_or(c.country IS NOT NULL AND NOT ({prec})), false) "
        "FROM (SELECT unnest(?) AS cid, unnest(?) AS inc) p JOIN clusters c ON c.incident_id = p.inc "
        "AND c.cluster_id IS DISTINCT FROM p.cid WHERE c.date_lo IS NOT NULL GROUP BY 1",
        [[cid for cid, _ in pairs], [inc for _, inc in pairs]]).fetchall()
    return {r[0]: Extent(r[1], r[2], r[3], r[4], r[5], r[6], frozenset(r[7] or ()), bool(r[8])) for r in rows}


def out_of_bounds(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Stored incidents that break a bound of :func:`_bounded` (none should): each with its id,
    ``days`` from first to last day, place ``countries``, whether a cluster is placed only
    ``coarse``-ly, and the ``km`` across its precisely placed clusters."""
    precise = _PRECISE_SQL
    rows = con.execute(
        f"SELECT incident_id, max(date_hi) - min(date_lo), "
        "list_sort(list_distinct(list(country) FILTER (country IS NOT NULL))), "
        f"coalesce(bool_or(country IS NOT NULL AND NOT ({precise})), false), "
        f"min(lat) FILTER ({precise}), max(lat) FILTER ({precise}), min(lon) FILTER ({precise}), "
        f"max(lon) FILTER ({precise}) FROM clusters WHERE incident_id IS NOT NULL GROUP BY 1 ORDER BY 1").fetchall()
    out = []
    for inc, days, countries, coarse, la, lb, oa, ob in rows:
        km = haversine_km(la, oa, lb, ob) if la is not None else 0.0
        if days > MAX_SPAN_DAYS or (len(countries) > 1 and coarse) or km > MAX_EXTENT_KM:
            out.append({"incident_id": inc, "days": days, "countries": countries, "coarse": coarse,
                        "km": round(km, 1)})
    return out


def _near_sql(con: duckdb.DuckDBPyConnection, rows: list[ClusterRep]) -> list[tuple[str, ClusterRep]]:
    tbl = pa.Table.from_pylist(
        [{"cid": c.cluster_id, "lo": c.date_lo - timedelta(days=WINDOW_DAYS),
          "hi": c.date_hi + timedelta(days=WINDOW_DAYS), "countries": c.countries,
          "country": c.country} for c in rows],
        schema=pa.schema([("cid", pa.string()), ("lo", pa.date32()), ("hi", pa.date32()),
                          ("countries", pa.list_(pa.string())), ("country", pa.string())]))
    con.register("_wc_changed", tbl)
    try:
        cur = con.execute(
            f"SELECT b.cid AS src, {_COLS} "
            "FROM clusters c JOIN _wc_changed b ON c.date_lo <= b.hi AND c.date_hi >= b.lo "
            f"AND c.date_hi - c.date_lo <= {int(MAX_WINDOW_DAYS)} "
            "AND c.cluster_id <> b.cid AND len(list_intersect(c.countries, b.countries)) > 0 "
            "AND (c.country IS NULL OR b.country IS NULL OR c.country = b.country)")
        names = [d[0] for d in cur.description]
        out = []
        for r in cur.fetchall():
            row = dict(zip(names, r))
            out.append((row["src"], ClusterRep(
                cluster_id=row["cluster_id"], incident_id=row["incident_id"], event_type="", modality=None,
                date_lo=row["date_lo"], date_hi=row["date_hi"], lat=row["lat"], lon=row["lon"],
                country=row["country"], precision=row["precision"], actor_keys=list(row["actor_keys"] or []),
                countries=list(row["countries"] or []))))
        return out
    finally:
        con.unregister("_wc_changed")


_PREC = ("coalesce(CASE c.location.precision WHEN 'exact' THEN 0 WHEN 'town' THEN 1 "
         "WHEN 'district' THEN 2 WHEN 'province' THEN 3 WHEN 'country' THEN 4 WHEN 'region' THEN 5 END, 5)")


def refresh(con: duckdb.DuckDBPyConnection, incident_ids: Sequence[str]) -> None:
    """Recompute the summary rows of ``incident_ids`` from their clusters.

    Its place is the most precisely placed cluster's (name and coordinates of one cluster; of
    equally precise ones, the smallest cluster id), its title the sentence of the cluster with
    most sources (then the earliest; then the largest id): ties no longer depend on the order
    DuckDB's threads scan the rows. Its articles are counted from the clusters' ``reports`` (one entry per member article,
    :func:`wirecoder.dedupe.source_reports`), the same articles as their member events', without
    joining the events table (a scan of every event's cluster id, a cost that grew with the store)."""
    ids = list(incident_ids)
    con.execute("DELETE FROM incidents WHERE incident_id IN (SELECT unnest(?))", [ids])
    con.execute(f"""
        INSERT INTO incidents
        WITH arts AS (
            SELECT incident_id, count(DISTINCT r.article_id) AS n
            FROM (SELECT incident_id, unnest(reports) AS r FROM clusters
                  WHERE incident_id IN (SELECT unnest($ids)))
            GROUP BY 1)
        SELECT c.incident_id, min(c.date_lo), max(c.date_hi), count(*), any_value(arts.n),
               list_sort(list_distinct(flatten(list(c.countries)))),
               arg_min(c.location.name, ({_PREC}, c.cluster_id)), arg_min(c.lat, ({_PREC}, c.cluster_id)),
               arg_min(c.lon, ({_PREC}, c.cluster_id)),
               arg_max(c.sentence, (c.num_sources * 100000 - (c.date_lo - DATE '1970-01-01'), c.cluster_id)),
               now()::TIMESTAMP
        FROM clusters c JOIN arts USING (incident_id)
        WHERE c.incident_id IN (SELECT unnest($ids))
        GROUP BY c.incident_id""", {"ids": ids})


def incident_conditions(min_clusters: int, start: Optional[str], end: Optional[str],
                        countries: Sequence[str]) -> tuple[list[str], list[Any]]:
    """SQL conditions and parameters selecting incidents of at least ``min_clusters`` clusters that
    overlap ``start``..``end`` and touch any of ``countries`` (ISO alpha-3); shared by the CLI/API
    listing here and the server's paged listing."""
    where, params = ["num_clusters >= ?"], [min(int(min_clusters), 2 ** 62)]   # a BIGINT: no store is bigger
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


# a timeline's order: by the date it shows (a cluster dated only by its articles' publication
# shows that day, though its window starts days earlier), then by its window
TIMELINE_ORDER = "coalesce(date.value, date_lo::VARCHAR), date_lo, date_hi, cluster_id"


def list_incidents(store: Any, *, start: Optional[str] = None, end: Optional[str] = None,
                   country: Optional[str] = None, min_clusters: int = 2,
                   limit: int = 50) -> list[Incident]:
    """Incidents (most recent first) of at least ``min_clusters`` clusters, each with its
    timeline of clusters in date order (see :class:`Incident`)."""
    con = store.con
    where, params = incident_conditions(min_clusters, start, end, [country] if country else [])
    cur = con.execute(f"SELECT * FROM incidents WHERE {' AND '.join(where)} "
                      "ORDER BY end_date DESC, incident_id LIMIT ?", params + [limit])
    names = [d[0] for d in cur.description]
    rows = [dict(zip(names, r)) for r in cur.fetchall()]
    if not rows:
        return []
    cur = con.execute(
        "SELECT incident_id, cluster_id, coalesce(date.value, date_lo::VARCHAR) AS date, event_type, "
        "mode, sentence, location.name AS place, num_sources, num_articles FROM clusters "
        f"WHERE incident_id IN (SELECT unnest(?)) ORDER BY {TIMELINE_ORDER}",
        [[r["incident_id"] for r in rows]])
    names = [d[0] for d in cur.description]
    timeline: dict[str, list[dict[str, Any]]] = {}
    for r in cur.fetchall():
        d = dict(zip(names, r))
        timeline.setdefault(d.pop("incident_id"), []).append(d)
    return [Incident(
        incident_id=r["incident_id"],
        start_date=str(r["start_date"]) if r["start_date"] is not None else None,
        end_date=str(r["end_date"]) if r["end_date"] is not None else None,
        num_clusters=r["num_clusters"], num_articles=r["num_articles"], countries=list(r["countries"] or []),
        place=r["place"], lat=r["lat"], lon=r["lon"], title=r["title"],
        timeline=timeline.get(r["incident_id"], [])) for r in rows]
