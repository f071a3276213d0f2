"""Clusters in the store: the in-memory candidate index, incremental assignment of new events,
and the merged cluster rows.

The evidence and the score are :mod:`wirecoder.dedupe`'s (pure functions over
:class:`~wirecoder.dedupe.ClusterRep`); this module decides which clusters an event is compared
with (:class:`ClusterIndex`), joins it to the best one scoring at least
:data:`wirecoder.dedupe.THRESHOLD` or starts a new cluster (:func:`assign`), and rewrites the
merged records of the clusters a batch touched (:func:`refresh_clusters`). The store is never
re-clustered. An article's events are placed together, best (event, cluster) pair first, each
cluster taking at most one of them.
"""
from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any, Iterable, Optional, Sequence

import duckdb
import pyarrow as pa

from wirecoder import dedupe
from wirecoder.dedupe import (COMPATIBLE, MAX_MEMBER_FEATURES, MAX_TEXT_MEMBERS, MAX_WINDOW_DAYS, SLACK,
                              Cluster, ClusterRep, Span, absorb, add_lex, as_vec, embed, event_lex, event_rep, event_text,
                              has_vec, link_fields, merge, precisely_named, precisely_placed, too_vague,
                              vague_window, windows_meet,
                              weeks)
from wirecoder.records import stable_id
from wirecoder.store.schema import arrow_schema, now

_CLUSTER_REP_COLS = ("cluster_id, event_type, modality, date_lo, date_hi, lat, lon, country, "
                     "location.admin1 AS admin1, location.precision AS precision, location.name AS place, actor_keys, vec, "
                     "num_events AS n, countries, incident_id")
MAX_CACHED_WEEKS = 12   # weeks of clusters a ClusterIndex keeps in memory (LRU)
LINK_DAYS = 10          # = incidents.WINDOW_DAYS; the index loads this much around a batch
CELL_DEG = 2.0          # grid for incident neighbours (222 km of latitude)
NEAR_LINK_KM = 150.0    # = incidents.NEAR_KM: how far a precisely placed cluster looks
COARSE_LINK_KM = 220.0  # = incidents.COARSE_KM: how far a province/country centroid looks
_LON_CELLS = int(round(360 / CELL_DEG))
ANYTIME_LIMIT = 64      # stored clusters an event without a usable date is compared with
LOAD_CHUNK = 256        # clusters whose members the index reads (and embeds) at a time


def rep_countries(rep: ClusterRep) -> set[Optional[str]]:
    """Buckets a cluster is filed under: its place's and its actors' countries ("" when neither),
    and always None, the bucket that an event of unknown country searches (a mention without
    place or actors, common in follow-up reports, may still report any cluster of its block)."""
    keys: set[Optional[str]] = {k.split("|", 1)[0] for k in rep.actor_keys or ()}
    keys.discard("")
    if rep.country:
        keys.add(rep.country)
    return (keys or {""}) | {None}


def lookup_countries(rep: ClusterRep) -> set[Optional[str]]:
    """Buckets an event looks in: its place's country and the clusters of no country (""), and
    its actors' countries too when the place is only a province or a country (outlets disagree
    on such places: :func:`wirecoder.dedupe.parts`); without a place, its actors' countries and
    ""; with no country at all, None (every cluster of its block)."""
    keys: set[Optional[str]] = {k.split("|", 1)[0] for k in rep.actor_keys or ()}
    keys.discard("")
    if rep.country:
        if rep.precision == "country":
            return {None}
        return {rep.country, ""} if precisely_named(rep) else keys | {rep.country, ""}
    return (keys | {""}) if keys else {None}


def near_keys(rep: ClusterRep, lookup: bool) -> list[tuple[Any, ...]]:
    """Keys a cluster is filed under (``lookup=False``: its grid cell when precisely placed, else
    its countries) or looks in (every cell within reach of its place, and its countries)."""
    countries = set(rep.countries or ()) | ({rep.country} if rep.country else set())
    keys: list[tuple[Any, ...]] = []
    precise = precisely_placed(rep)
    if rep.lat is not None and rep.lon is not None and (precise or lookup):
        lat, lon = rep.lat, rep.lon
        i, j = int(math.floor(lat / CELL_DEG)), int(math.floor(lon / CELL_DEG))
        if lookup:
            reach = NEAR_LINK_KM if precise else COARSE_LINK_KM
            di = int(math.ceil(reach / (111.0 * CELL_DEG)))
            band = min(89.0, abs(lat) + reach / 111.0)  # the widest longitude span in reach
            dj = min(_LON_CELLS // 2, int(math.ceil(reach / (111.0 * CELL_DEG * math.cos(math.radians(band))))))
            keys += [("g", i + a, (j + b) % _LON_CELLS) for a in range(-di, di + 1) for b in range(-dj, dj + 1)]
        else:
            keys.append(("g", i, j % _LON_CELLS))
    if not precise or lookup:
        keys += [("c", c) for c in countries]
    return keys


class ClusterIndex:
    """In-memory candidate index over the clusters of recently used weeks.

    Clusters are filed by (week, event type, modality, country) for :func:`assign` and by
    (week, country) for :func:`wirecoder.store.incidents.link`. Weeks are loaded from the
    ``clusters`` table on first use (one range query per run of missing weeks, pruned by the
    table's date zone maps) and evicted least-recently-used beyond ``max_weeks``, so memory stays
    bounded however big the store grows, and the cost of a batch does not depend on the store's
    size. A news stream arrives roughly in date order, so almost every batch hits loaded weeks.

    The index mirrors the store inside a transaction; the store drops it when a transaction
    rolls back, and the next batch rebuilds what it needs.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, similarity: str = "static",
                 max_weeks: int = MAX_CACHED_WEEKS):
        self.con = con
        self.similarity = similarity
        self.max_weeks = max_weeks
        self.reps: dict[str, ClusterRep] = {}
        self.blocks: dict[tuple[int, str, Optional[str], Optional[str]], list[ClusterRep]] = {}
        self.near: dict[tuple[Any, ...], list[ClusterRep]] = {}
        self.weeks: dict[int, list[ClusterRep]] = {}   # loaded week -> reps filed there (insertion = LRU order)
        self.touched: dict[str, ClusterRep] = {}        # clusters the last assign() created or grew
        self.before: dict[str, tuple[Any, ...]] = {}   # link_fields() of the grown ones before it
        self.loads = 0

    # -- filing -------------------------------------------------------------------------------

    def put(self, rep: ClusterRep) -> None:
        """File (or re-file after its window, place or actors changed) a cluster representation."""
        if rep.date_lo is None or rep.date_hi is None or too_vague(rep):
            return  # undated or vaguely dated clusters only meet mentions of their own article
        cid = rep.cluster_id
        assert cid is not None
        old = self.reps.get(cid)
        if old is not None and old is not rep:
            old.update_from(rep)
            rep = old
        self.reps[cid] = rep
        filed = rep.filed
        countries = rep_countries(rep)
        for w in weeks(rep.date_lo - SLACK, rep.date_hi + SLACK):
            if w not in self.weeks:
                continue
            for c in countries:
                key = (w, rep.event_type, rep.modality, c)
                if key not in filed:
                    filed.add(key)
                    self.blocks.setdefault(key, []).append(rep)
        nkeys = near_keys(rep, lookup=False)
        for w in weeks(rep.date_lo, rep.date_hi):
            if w not in self.weeks:
                continue
            for k in nkeys:
                key2 = (w, *k)
                if key2 not in filed:
                    filed.add(key2)
                    self.near.setdefault(key2, []).append(rep)
            if ("w", w) not in filed:
                filed.add(("w", w))
                self.weeks[w].append(rep)
        if not any(k[0] == "w" for k in filed):
            self.reps.pop(cid, None)  # in no loaded week (an old cluster an undated report joined)

    def ensure(self, lo: date, hi: date) -> None:
        """Make sure every cluster whose window comes within the slack of lo..hi is loaded."""
        self.ensure_windows([(lo, hi)])

    def ensure_windows(self, windows: Iterable[tuple[date, date]]) -> None:
        """:meth:`ensure` for each of several windows (the events of one batch): only the weeks
        around each window, not everything between the batch's earliest and latest date, so a
        late report of an old incident loads its own weeks and leaves the stream's weeks cached."""
        pad = timedelta(days=LINK_DAYS)
        wanted = sorted({w for lo, hi in windows for w in weeks(lo - pad, hi + pad)})
        missing = [w for w in wanted if w not in self.weeks]
        for w in wanted:
            if w in self.weeks:
                self.weeks[w] = self.weeks.pop(w)  # most recently used
        if missing:
            self._load(missing)
        self._evict(keep=set(wanted))

    def _load(self, wks: list[int]) -> None:
        base = dedupe.WEEK_BASE
        runs: list[list[int]] = []
        for w in sorted(wks):
            if runs and runs[-1][-1] == w - 1:
                runs[-1].append(w)
            else:
                runs.append([w])
        for w in wks:
            self.weeks[w] = []
        for run in runs:
            lo = base + timedelta(days=7 * run[0]) - SLACK
            hi = base + timedelta(days=7 * run[-1] + 6) + SLACK
            cur = self.con.execute(f"SELECT {_CLUSTER_REP_COLS} FROM clusters "
                                   "WHERE date_lo <= ? AND date_hi >= ? AND date_hi - date_lo <= ?",
                                   [hi, lo, MAX_WINDOW_DAYS])
            names = [d[0] for d in cur.description]
            loaded = []
            for r in cur.fetchall():
                row = dict(zip(names, r))
                rep = self.reps.get(row["cluster_id"])
                if rep is None:
                    rep = self._rep_of_row(row)
                    loaded.append(rep)
                self.put(rep)
            self._load_lexical(loaded)
            self.loads += 1

    def _load_lexical(self, reps: list[ClusterRep]) -> None:
        """Read the members of clusters loaded from the store: their sentences, triggers, people
        counts and modes (the lexical, count and mode evidence), and the reports of the first
        :data:`MAX_MEMBER_FEATURES` as :func:`~wirecoder.dedupe.event_rep` made them on arrival
        (the average link of :func:`~wirecoder.dedupe.match_score`)."""
        if not reps:
            return
        # the members' dates of all of them in one query (one per chunk scanned the events'
        # cluster ids once per chunk); each rep keeps them (its span), so that the store reads
        # its members within them again (refresh_clusters) without that scan
        spans = member_spans(self.con, [r.cluster_id for r in reps if r.cluster_id is not None])
        for r in reps:
            r.span = spans.get(r.cluster_id or "", EMPTY_SPAN)
        # in chunks, so the rows read (sentences, mentions) and the embedding's buffers of a whole
        # index load are never in memory at once: a 12-week load read 135k member rows in one
        # piece, and the heap it grew to stayed with the writer (fragmented) after they were freed
        for k in range(0, len(reps), LOAD_CHUNK):
            self._load_lexical_chunk(reps[k:k + LOAD_CHUNK], spans)

    def _load_lexical_chunk(self, reps: list[ClusterRep], spans: dict[str, Span]) -> None:
        if not reps:
            return
        by_id = {r.cluster_id: r for r in reps}
        for r in reps:
            r.lex, r.counts, r.modes, r.articles, r.members = [], [], [], set(), []
        # in arrival order (rowid), as the in-memory lists of a cluster that was never unloaded
        # keep them: the first MAX_MEMBER_FEATURES members are the same ones either way
        names, tuples = read_members(self.con, "cluster_id, event_type, modality, mode, date_lo, date_hi, location, "
                                     "actor, recipient, size, sentence, trigger, article_id, mentions, "
                                     "not_before",
                                     list(by_id), in_arrival_order=True, spans=spans)
        rows = [dict(zip(names, r)) for r in tuples]
        counted: dict[str, int] = {}
        first = []
        for row in rows:
            k = counted[row["cluster_id"]] = counted.get(row["cluster_id"], 0) + 1
            if k <= MAX_MEMBER_FEATURES:
                first.append(row)
        vecs = dict(zip((id(r) for r in first), embed([event_text(r) for r in first], self.similarity)))
        for row in rows:
            rep = by_id[row["cluster_id"]]
            article_id, mode = row["article_id"], row["mode"]
            people = (row["size"] or {}).get("people")
            sentence, trigger, mentions = row["sentence"], row["trigger"], row["mentions"]
            rep.articles.add(article_id)
            if mode and mode not in rep.modes:
                rep.modes.append(mode)
            if id(row) in vecs:  # a member's own report, as assign() compared it when it arrived
                m = event_rep(row, vecs[id(row)], self.similarity)
                if m.date_lo is not None and too_vague(m):
                    m.vague = (m.date_lo, m.date_hi)
                    m.date_lo = m.date_hi = None
                rep.members.append(m)
            for f in event_lex(sentence, trigger, mentions):
                if len(rep.lex) >= MAX_MEMBER_FEATURES:
                    break
                add_lex(rep.lex, f)
            if people and people not in rep.counts and len(rep.counts) < MAX_MEMBER_FEATURES:
                rep.counts.append(people)

    def reload_members(self, cluster_ids: Iterable[str]) -> None:
        """Read again the member features of clusters in memory whose members changed in the
        store (an article replaced: its old events are gone), so a new version of the article
        is not compared with its old self (its articles, words and counts) but with what a
        reload of the index would give."""
        reps = [self.reps[c] for c in cluster_ids if c in self.reps]
        self._load_lexical(reps)

    def _evict(self, keep: set[int]) -> None:
        while len(self.weeks) > self.max_weeks:
            w = next((x for x in self.weeks if x not in keep), None)
            if w is None:
                return
            for rep in self.weeks.pop(w):
                filed = rep.filed
                for key in [k for k in filed if (k[1] if k[0] == "w" else k[0]) == w]:
                    filed.discard(key)
                if not any(k[0] == "w" for k in filed) and rep.cluster_id is not None:
                    self.reps.pop(rep.cluster_id, None)
            for d in (self.blocks, self.near):
                for key in [k for k in d if k[0] == w]:
                    del d[key]

    def remove(self, cluster_id: str) -> None:
        """Forget a cluster that no longer exists (its last member's article was replaced)."""
        rep = self.reps.pop(cluster_id, None)
        if rep is not None:
            rep.dead = True

    def update(self, recs: Sequence[Cluster]) -> None:
        """Re-file the merged records just written, so the index equals what a reload would give."""
        unloaded: list[ClusterRep] = []
        for rec in recs:
            if rec.date_lo is None:
                continue
            rep = ClusterRep.of_cluster(rec, self.similarity)
            cur = self.reps.get(rec.cluster_id or "")
            if cur is not None:
                if not has_vec(rep.vec):
                    rep.vec = cur.vec
                cur.update_from(rep)
                rep = cur
            else:  # not in memory: its members' features as a reload would read them
                unloaded.append(rep)
            self.put(rep)
        self._load_lexical(unloaded)

    def spans(self, cluster_ids: Iterable[str]) -> dict[str, Span]:
        """The member spans known for ``cluster_ids`` (those in memory: of this batch, or loaded)."""
        out: dict[str, Span] = {}
        for cid in cluster_ids:
            rep = self.touched.get(cid) or self.reps.get(cid)
            if rep is not None and rep.span is not None:
                out[cid] = rep.span
        return out

    def set_incident(self, cluster_id: str, incident_id: Optional[str]) -> None:
        """Record a cluster's new incident in its representation, if it is in memory."""
        rep = self.reps.get(cluster_id)
        if rep is not None:
            rep.incident_id = incident_id

    def rename_incidents(self, moved: dict[str, str]) -> None:
        """Incidents merged into others: every representation in memory follows ``moved``."""
        for rep in self.reps.values():
            if rep.incident_id in moved:
                rep.incident_id = moved[rep.incident_id]

    # -- lookups ------------------------------------------------------------------------------

    def anytime_candidates(self, rep: ClusterRep, known: dict[str, ClusterRep],
                           window: Optional[tuple[date, date]] = None) -> list[ClusterRep]:
        """Candidates for an event without a date: clusters of compatible type, the same
        modality and a shared country (as :meth:`candidates` reads countries), of any date or
        none (but not vaguely dated) -- those this batch made or grew, and up to
        :data:`ANYTIME_LIMIT` stored ones (most reported, then latest first). ``known`` maps cluster ids to the representations this
        batch already holds (reused, so the batch sees its own changes)."""
        types = sorted({rep.event_type, *COMPATIBLE.get(rep.event_type, ())})
        countries = lookup_countries(rep)
        out: dict[str, ClusterRep] = {}
        # clusters this batch made or grew (not stored yet), then stored ones: never the index's
        # loaded weeks, which depend on what this process read before (a re-run after a kill
        # must find the same candidates)
        wanted_c = {c for c in countries if c}
        for cl in self.touched.values():
            if cl.dead or cl.event_type not in types or cl.modality != rep.modality or cl.cluster_id is None:
                continue
            if window is not None and (cl.date_lo is not None and not too_vague(cl)
                                       or not windows_meet(window, vague_window(cl))):
                continue
            if None in countries or (wanted_c & (rep_countries(cl) - {None})) or rep_countries(cl) == {"", None}:
                out[cl.cluster_id] = cl
        where = ["event_type IN (SELECT unnest(?))", "modality IS NOT DISTINCT FROM ?"]
        params: list[Any] = [types, rep.modality]
        wanted = sorted(c for c in countries if c)
        if None not in countries and wanted:
            where.append("(country IN (SELECT unnest(?)) OR len(list_intersect(countries, ?)) > 0 "
                         "OR (country IS NULL AND len(countries) = 0))")
            params += [wanted, wanted]
        if window is not None:  # a vaguely dated event: undated clusters, and vague ones within its window
            where.append(f"(date_lo IS NULL OR (date_hi - date_lo > {int(MAX_WINDOW_DAYS)} "
                         "AND date_lo <= ? AND date_hi >= ?))")
            params += [window[1], window[0]]
        cur = self.con.execute(f"SELECT {_CLUSTER_REP_COLS} FROM clusters WHERE {' AND '.join(where)} "
                               f"ORDER BY num_sources DESC, date_hi DESC NULLS LAST, cluster_id LIMIT {ANYTIME_LIMIT}",
                               params)
        names = [d[0] for d in cur.description]
        fresh = []
        for r in cur.fetchall():
            row = dict(zip(names, r))
            cid = row["cluster_id"]
            if cid in out:
                continue
            have = known.get(cid) or self.reps.get(cid)
            if have is None:
                have = self._rep_of_row(row)
                known[cid] = have
                fresh.append(have)
            if not have.dead:
                out[cid] = have
        self._load_lexical(fresh)
        return list(out.values())

    def _rep_of_row(self, row: dict[str, Any]) -> ClusterRep:
        return ClusterRep(
            cluster_id=row["cluster_id"], event_type=row["event_type"], modality=row["modality"],
            date_lo=row["date_lo"], date_hi=row["date_hi"], lat=row["lat"], lon=row["lon"],
            country=row["country"], admin1=row["admin1"], precision=row["precision"], place=row["place"],
            actor_keys=list(row["actor_keys"] or []), vec=as_vec(row["vec"], self.similarity),
            n=row["n"] or 0, countries=list(row["countries"] or []), incident_id=row["incident_id"])

    def candidates(self, rep: ClusterRep) -> Iterable[ClusterRep]:
        """Clusters of compatible type, same modality, a shared country and a nearby window."""
        assert rep.date_lo is not None and rep.date_hi is not None
        seen: set[int] = set()
        countries = lookup_countries(rep)
        for t in {rep.event_type, *COMPATIBLE.get(rep.event_type, ())}:
            for w in weeks(rep.date_lo, rep.date_hi):
                for c in countries:
                    for cl in self.blocks.get((w, t, rep.modality, c), ()):
                        if id(cl) not in seen and not cl.dead:
                            seen.add(id(cl))
                            yield cl

    def neighbours(self, rep: ClusterRep, days: int) -> Iterable[ClusterRep]:
        """Clusters within ``days`` of ``rep``'s window that :func:`wirecoder.store.incidents.linked`
        may accept: precisely placed ones in the grid cells around it, and those placed only at
        province/country level (or not at all) sharing one of its countries."""
        assert rep.date_lo is not None and rep.date_hi is not None
        seen: set[int] = {id(rep)}
        keys = near_keys(rep, lookup=True)
        pad = timedelta(days=days)
        for w in weeks(rep.date_lo - pad, rep.date_hi + pad):
            for k in keys:
                for cl in self.near.get((w, *k), ()):
                    if id(cl) not in seen and not cl.dead:
                        seen.add(id(cl))
                        yield cl


# -- reading members -------------------------------------------------------------------------

EMPTY_SPAN: Span = (None, None, False)  # a cluster without members in the store


def member_spans(con: duckdb.DuckDBPyConnection, cluster_ids: Sequence[str]) -> dict[str, Span]:
    """The :data:`~wirecoder.dedupe.Span` of each of ``cluster_ids`` that has members in the store
    (the earliest and latest ``date_lo`` of its members, and whether one has none). One scan of
    the events' cluster ids and dates: its cost grows with the store, so a writer keeps the
    spans of the clusters in its index (:attr:`~wirecoder.dedupe.ClusterRep.span`)."""
    ids = list(cluster_ids)
    if not ids:
        return {}
    rows = con.execute("SELECT cluster_id, min(date_lo), max(date_lo), bool_or(date_lo IS NULL) FROM events "
                       "WHERE cluster_id IN (SELECT unnest(?)) GROUP BY 1", [ids]).fetchall()
    return {c: (lo, hi, bool(undated)) for c, lo, hi, undated in rows}


def widen(span: Optional[Span], day: Optional[date]) -> Optional[Span]:
    """``span`` with one more member dated ``day`` (None: undated); None stays not known."""
    if span is None:
        return None
    lo, hi, undated = span
    if day is None:
        return lo, hi, True
    return (day if lo is None else min(lo, day)), (day if hi is None else max(hi, day)), undated


def members_within(spans: dict[str, Span], cluster_ids: Iterable[str]) -> Optional[tuple[date, date]]:
    """The dates that every member of ``cluster_ids`` has its ``date_lo`` within, from their
    known ``spans``; None when a span is not known or a member is undated (no bound then)."""
    lo: Optional[date] = None
    hi: Optional[date] = None
    for cid in cluster_ids:
        span = spans.get(cid)
        if span is None or span[2]:
            return None
        if span[0] is not None and span[1] is not None:
            lo = span[0] if lo is None else min(lo, span[0])
            hi = span[1] if hi is None else max(hi, span[1])
    if lo is None or hi is None:
        return None
    return lo, hi


def read_members(con: duckdb.DuckDBPyConnection, columns: str, cluster_ids: Sequence[str],
                 in_arrival_order: bool = False, spans: Optional[dict[str, Span]] = None,
                 ) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The ``columns`` (SQL) of the member events of ``cluster_ids``: (column names, rows), in
    arrival order (rowid) when asked.

    Selecting whole rows by cluster id reads every column of the whole table (ids are random,
    so no zone map prunes them): on a store of 1M events that cost grew with the store. So the
    members' dates are read first (two narrow columns, :func:`member_spans`; not for the
    clusters whose ``spans`` are given, each the true span or a wider one), and the rows of
    clusters whose members are all dated are then read within those dates, which the
    ``date_lo`` zone maps prune (a stream stores events roughly in date order); only clusters
    with an undated member are read without that bound. The rows are the same whichever
    spans are given.
    """
    ids = list(cluster_ids)
    if not ids:
        return [], []
    known = {c: spans[c] for c in ids if spans and c in spans}
    missing = [c for c in ids if c not in known]
    have = {**known, **member_spans(con, missing)} if missing else known
    dated = [(c, lo, hi) for c, (lo, hi, undated) in have.items() if not undated and lo is not None]
    rest = [c for c, (lo, hi, undated) in have.items() if undated]
    order = " ORDER BY rowid" if in_arrival_order else ""
    names: list[str] = []
    rows: list[tuple[Any, ...]] = []
    if dated:
        cur = con.execute(f"SELECT {columns}{', rowid AS _wc_rowid' if order else ''} FROM events "
                          "WHERE date_lo BETWEEN ? AND ? AND cluster_id IN (SELECT unnest(?))",
                          [min(d[1] for d in dated), max(d[2] for d in dated), [d[0] for d in dated]])
        names = [d[0] for d in cur.description]
        rows += cur.fetchall()
    if rest:
        cur = con.execute(f"SELECT {columns}{', rowid AS _wc_rowid' if order else ''} FROM events "
                          "WHERE cluster_id IN (SELECT unnest(?))", [rest])
        names = [d[0] for d in cur.description]
        rows += cur.fetchall()
    if order:  # one list in arrival order, without the rowid
        rows.sort(key=lambda r: r[-1])
        return names[:-1], [r[:-1] for r in rows]
    return names, rows


# -- incremental assignment ------------------------------------------------------------------

def assign(con: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]],
           similarity: str = "static", index: Optional[ClusterIndex] = None) -> dict[str, str]:
    """Assign each new event row to an existing or new cluster; return ``{event_id: cluster_id}``.

    Candidates come from ``index`` (a :class:`ClusterIndex` the store keeps across batches), or
    from a throw-away index over ``con`` when none is given. Never rewrites other clusters;
    called inside the store's transaction, before the rows are inserted. The representations of
    the clusters touched are updated in the index (merged records are written by
    :func:`refresh_clusters`).
    """
    if not rows:
        return {}
    if index is None:
        index = ClusterIndex(con, similarity, max_weeks=10 ** 6)
    vecs = embed([event_text(r) for r in rows], similarity)
    reps = [event_rep(r, v, similarity) for r, v in zip(rows, vecs)]
    index.touched = {}
    index.before = {}
    vague: dict[int, tuple[date, date]] = {}
    for i, r in enumerate(reps):
        if r.date_lo is not None and r.date_hi is not None and too_vague(r):
            vague[i] = r.vague = (r.date_lo, r.date_hi)
            r.date_lo = r.date_hi = None  # "in 2021": not filed by week; searched without a date
    dated = [(r.date_lo, r.date_hi) for r in reps if r.date_lo is not None and r.date_hi is not None]
    if dated:
        index.ensure_windows(dated)
    # this batch's undated and vaguely dated clusters
    undated: dict[tuple[str, Optional[str]], list[ClusterRep]] = {}
    known: dict[str, ClusterRep] = {}  # stored clusters an undated event of this batch loaded
    out: dict[str, str] = {}
    threshold = dedupe.threshold()  # read at call time: the evaluation may set it

    def scored(i: int, rep: ClusterRep) -> list[tuple[float, ClusterRep]]:
        """The candidate clusters ``rep`` may join (score at or above the threshold)."""
        lo, hi = rep.date_lo, rep.date_hi
        if lo is None or hi is None:
            # no date to block on: the batch's undated clusters and any of compatible type and
            # country (dated, undated or vaguely dated), so an undated report can still join its
            # event's cluster. "In 2018" is too vague to be the same event as another article's
            # dated report: a vaguely dated one meets undated clusters and vague ones whose window
            # meets its own (a past event that outlets recall: "interrupted in 2018")
            types = {rep.event_type, *COMPATIBLE.get(rep.event_type, ())}
            win = vague.get(i)
            pool: Iterable[ClusterRep] = [c for t in types for c in undated.get((t, rep.modality), ())
                                          if win is None or windows_meet(win, vague_window(c))] + \
                index.anytime_candidates(rep, known, win)
        else:
            pool = index.candidates(rep)
        got: dict[int, tuple[float, ClusterRep]] = {}
        for c in pool:
            if lo is not None and hi is not None and (c.date_lo > hi + SLACK or c.date_hi < lo - SLACK):  # type: ignore[operator]
                continue
            if id(c) in got:
                continue
            s = dedupe.match_score(rep, c, similarity)
            if s >= threshold - TIE:
                got[id(c)] = (s, c)
        return list(got.values())

    # An article's events are its distinct events: no two of them join one cluster. They are
    # placed together, best pair first, so an event does not take the cluster another event of
    # its article matches better (which would keep that one out, by the same-article veto).
    # Equal scores go to the smaller cluster id, so the choice never depends on the order
    # candidates come in (set order varies between processes; a reloaded index files clusters in
    # another order than the one that built them): a re-run after an interruption gives the same
    # clusters (benchmarks/kill_rerun_bench.py)
    n = 0
    while n < len(rows):
        m = n + 1
        art = rows[n].get("article_id")
        while m < len(rows) and art is not None and rows[m].get("article_id") == art:
            m += 1
        options = [(round(s / TIE), str(c.cluster_id), i, c)
                   for i in range(n, m) for s, c in scored(i, reps[i])]
        options.sort(key=lambda o: (-o[0], o[1], o[2]))
        chosen: dict[int, ClusterRep] = {}
        taken: set[int] = set()
        for _s, _cid, i, c in options:
            if i not in chosen and id(c) not in taken:
                chosen[i] = c
                taken.add(id(c))
        for i in range(n, m):
            row, rep = rows[i], reps[i]
            best = chosen.get(i)
            if best is None:
                best = ClusterRep(event_type=rep.event_type, modality=rep.modality,
                                  cluster_id=stable_id("cluster", row["id"]), n=0,
                                  countries=list(row.get("countries") or []), created=True,
                                  span=EMPTY_SPAN)
                absorb(best, rep, similarity)
                if rep.date_lo is None:
                    undated.setdefault((rep.event_type, rep.modality), []).append(best)
                else:
                    index.put(best)
            else:
                assert best.cluster_id is not None
                if best.cluster_id not in index.before and not best.created:
                    index.before[best.cluster_id] = link_fields(best)
                absorb(best, rep, similarity)
                best.countries = sorted(set(best.countries or []) | set(row.get("countries") or []))
                if best.date_lo is not None:
                    index.put(best)  # its window, place or actors may have changed: file it there too
            assert best.cluster_id is not None
            # the members' dates as the store will hold them, on whichever representations of
            # the cluster this process keeps (an undated report's candidate may be a second one)
            best.span = widen(best.span, row.get("date_lo"))
            filed = index.reps.get(best.cluster_id)
            if filed is not None and filed is not best:
                filed.span = widen(filed.span, row.get("date_lo"))
            out[row["id"]] = best.cluster_id
            index.touched[best.cluster_id] = best
        n = m
    return out


TIE = 1e-9  # scores closer than this are equal (float sums in another order differ in the last bits)


# -- merged records --------------------------------------------------------------------------

def refresh_clusters(con: duckdb.DuckDBPyConnection, cluster_ids: Sequence[str],
                     similarity: str = "static", *, fresh: Optional[dict[str, list[dict[str, Any]]]] = None,
                     vecs: Optional[dict[str, Any]] = None, spans: Optional[dict[str, Span]] = None) -> list[Cluster]:
    """Recompute the merged record of ``cluster_ids`` from their member events.

    ``fresh`` maps clusters created in this batch to their (only) member rows, which are then
    not read back from the store; ``vecs`` gives cluster text vectors already at hand (the
    running means of :func:`assign`), so only the others are embedded again; ``spans`` the
    members' dates where known (:func:`read_members`). Clusters left
    without members (an article was replaced) are deleted. Returns the new cluster records;
    keeps each cluster's ``incident_id``.
    """
    if not cluster_ids:
        return []
    fresh = fresh or {}
    vecs = vecs or {}
    ids = list(cluster_ids)
    members: dict[str, list[dict[str, Any]]] = {cid: list(fresh[cid]) for cid in ids if cid in fresh}
    old = [cid for cid in ids if cid not in fresh]
    old_incident: dict[str, Any] = {}
    if old:
        # in arrival order, as a new cluster's members are: the merged record's ties (the most
        # common type, the first of equally precise places) never depend on how the scan ran
        names, tuples = read_members(con, "*", old, in_arrival_order=True, spans=spans)
        for r in tuples:
            row = dict(zip(names, r))
            members.setdefault(row["cluster_id"], []).append(row)
        old_incident = dict(con.execute(
            "SELECT cluster_id, incident_id FROM clusters WHERE cluster_id IN (SELECT unnest(?))", [old]).fetchall())
        con.execute("DELETE FROM clusters WHERE cluster_id IN (SELECT unnest(?))", [old])
    out: list[Cluster] = []
    texts: dict[str, list[str]] = {}
    for cid, evs in members.items():
        if not has_vec(vecs.get(cid)):
            texts[cid] = list(dict.fromkeys(event_text(e) for e in
                                            sorted(evs, key=lambda e: -(e["confidence"] or 0))))[:MAX_TEXT_MEMBERS]
    unique = sorted({t for ts in texts.values() for t in ts})
    vec_of = dict(zip(unique, embed(unique, similarity)))  # one call for the whole batch
    stamp = now()
    for cid, evs in members.items():
        rec = merge(evs)
        if cid in texts:
            vs = [vec_of[t] for t in texts[cid]]
            if similarity == "minhash":
                rec.vec = [min(col) for col in zip(*vs)] if vs else None
            else:
                rec.vec = [float(sum(col)) / len(vs) for col in zip(*vs)] if vs else None
        else:
            rec.vec = [float(x) for x in vecs[cid]]
        rec.cluster_id = cid
        rec.incident_id = old_incident.get(cid)
        rec.updated_at = stamp
        out.append(rec)
    if out:
        schema = arrow_schema(con, "clusters")
        tbl = pa.Table.from_pylist([rec.row() for rec in out], schema=schema)
        con.register("_wc_clusters", tbl)
        try:
            con.execute("INSERT INTO clusters BY NAME SELECT * FROM _wc_clusters")
        finally:
            con.unregister("_wc_clusters")
    return out
