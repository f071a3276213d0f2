"""Writing to the store: one batch of articles with their events, clusters and incidents in
ONE transaction (:func:`add_many`), and the rows it writes.

An article already stored with the same content hash is left alone ("unchanged"); a new version
(same id, other content) replaces its events and re-assigns the clusters they were in
("replaced"). Events get their clusters from :func:`wirecoder.store.clusters.assign`, the
touched clusters' merged records are rewritten (:func:`~wirecoder.store.clusters.refresh_clusters`),
the events' copies of cluster columns synced, and the changed clusters linked into incidents
(:func:`wirecoder.store.incidents.link`).
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any, Iterator, Optional, Sequence

import duckdb
import pyarrow as pa

from wirecoder.dedupe import article_bound, date_range
from wirecoder.records import Article, Event
from wirecoder.store import incidents
from wirecoder.store.clusters import ClusterIndex, assign, members_within, refresh_clusters
from wirecoder.store.schema import DERIVED_SQL, arrow_schema, content_hash, now, sync_cluster_columns


def add_many(con: duckdb.DuckDBPyConnection, index: ClusterIndex,
             items: Sequence[tuple[Article, Sequence[Event]]], similarity: str = "static") -> list[str]:
    """Store several articles with their events in ONE transaction; statuses in input order
    (``"new"``, ``"unchanged"``, ``"replaced"``). On any error the transaction is rolled back
    and the error raised; ``index`` then no longer mirrors the store (drop it)."""
    items = last_version_per_id(items)
    hashes = [content_hash(a) for a, _ in items]
    con.execute("BEGIN TRANSACTION")
    try:
        ids = [a.id for a, _ in items]
        existing = dict(con.execute(
            "SELECT id, content_hash FROM articles WHERE id IN (SELECT unnest(?))", [ids]).fetchall())
        statuses: list[str] = []
        todo: list[int] = []
        replaced: list[str] = []
        for i, (art, _) in enumerate(items):
            old = existing.get(art.id)
            if old is None:
                statuses.append("new")
                todo.append(i)
            elif old == hashes[i]:
                statuses.append("unchanged")
            else:
                statuses.append("replaced")
                replaced.append(art.id)
                todo.append(i)
        touched: set[str] = set()
        fresh: dict[str, list[dict[str, Any]]] = {}
        vecs: dict[str, Any] = {}
        if replaced:
            touched |= {r[0] for r in con.execute(
                "SELECT DISTINCT cluster_id FROM events WHERE article_id IN (SELECT unnest(?)) "
                "AND cluster_id IS NOT NULL", [replaced]).fetchall()}
            for table, col in (("events", "article_id"), ("event_actors", "article_id"),
                               ("articles", "id")):
                con.execute(f"DELETE FROM {table} WHERE {col} IN (SELECT unnest(?))", [replaced])
            index.reload_members(touched)
        if todo:
            stamp = now()
            art_rows = [article_row(items[i][0], hashes[i], len(items[i][1]), stamp) for i in todo]
            ev_rows = [event_row(ev, items[i][0], article_bound(items[i][1]))
                       for i in todo for ev in unique_events(items[i][1])]
            assigned = assign(con, ev_rows, similarity=similarity, index=index)
            for row in ev_rows:
                row["cluster_id"] = assigned[row["id"]]
            for cid, rep in index.touched.items():
                vecs[cid] = rep.vec
                created, rep.created = rep.created, False
                if created and cid not in touched:
                    fresh[cid] = []
            for row in ev_rows:
                if row["cluster_id"] in fresh:
                    fresh[row["cluster_id"]].append(row)
            touched |= set(assigned.values())
            insert(con, "articles", art_rows)
            insert(con, "events", ev_rows)
            insert(con, "event_actors", [a for row in ev_rows for a in actor_rows(row)])
        if touched:
            # the members' dates the index knows: reads and updates of these clusters' events
            # then scan only those dates (a cost that does not grow with the store)
            spans = index.spans(touched)
            changed = refresh_clusters(con, sorted(touched), similarity=similarity, fresh=fresh, vecs=vecs,
                                       spans=spans)
            index.update(changed)
            for cid in touched - {c.cluster_id for c in changed}:
                index.remove(cid)
            # the events' copies of the cluster columns; incidents.link keeps incident_id in sync
            ids = [c.cluster_id for c in changed if c.cluster_id]
            sync_cluster_columns(con, ids, within=members_within(spans, ids))
            incidents.link(con, changed, index=index)
        con.execute("COMMIT")
    except BaseException:
        try:
            con.execute("ROLLBACK")
        except duckdb.Error:
            pass
        raise
    return statuses


def insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, Any]]) -> None:
    """Append ``rows`` (column -> value; missing columns NULL) to ``table`` in one statement."""
    if not rows:
        return
    schema = arrow_schema(con, table)
    dates = {f.name for f in schema if pa.types.is_date(f.type)}
    texts = {f.name for f in schema if pa.types.is_string(f.type)}

    def cell(r: dict[str, Any], c: str) -> Any:
        v = r.get(c)
        if isinstance(v, str) and c in dates:      # an ISO date written as text (Article.published)
            return iso_date(v)
        if c in texts and isinstance(v, date):     # a date into a text column (an older store)
            return v.isoformat()
        return v

    tbl = pa.Table.from_pylist([{c: cell(r, c) for c in schema.names} for r in rows], schema=schema)
    name = f"_wc_new_{table}"
    con.register(name, tbl)
    star = "*"
    if table == "events":
        star = f"* REPLACE ({', '.join(f'{expr} AS {col}' for col, expr in DERIVED_SQL.items())})"
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT {star} FROM {name}")
    finally:
        con.unregister(name)


def iso_date(v: str) -> Optional[date]:
    try:
        return date.fromisoformat(v[:10])
    except ValueError:
        return None


# -- row builders ----------------------------------------------------------------------------

def last_version_per_id(items: Sequence[tuple[Article, Sequence[Event]]]) -> list[tuple[Article, Sequence[Event]]]:
    """One entry per article id (the last version given), in order of first appearance."""
    final: dict[str, tuple[Article, Sequence[Event]]] = {}
    for art, evs in items:
        final[art.id] = (art, evs)
    return list(final.values())


def unique_events(events: Sequence[Event]) -> list[Event]:
    seen: set[str] = set()
    out = []
    for ev in events:
        if ev.id not in seen:
            seen.add(ev.id)
            out.append(ev)
    return out


def article_row(a: Article, chash: str, n: int, stamp: datetime) -> dict[str, Any]:
    return {"id": a.id, "url": a.url, "title": a.title, "published": a.published, "site": a.site,
            "language": a.language, "source": a.source, "text": a.text, "content_hash": chash,
            "ingested_at": stamp, "num_events": n}


def plain(obj: Any) -> Optional[dict[str, Any]]:
    return None if obj is None else {f: getattr(obj, f) for f in obj.__dataclass_fields__}


def event_dict(ev: Event) -> dict[str, Any]:
    """``ev.to_dict()`` without ``dataclasses.asdict``'s deep copy (10x faster on the ingest path)."""
    d = {f: getattr(ev, f) for f in ev.__dataclass_fields__}
    d["actor"] = [plain(a) for a in ev.actor]
    d["recipient"] = [plain(a) for a in ev.recipient]
    d["date"], d["location"], d["size"] = plain(ev.date), plain(ev.location), plain(ev.size)
    d["context"] = list(ev.context or [])
    d["span"] = list(ev.span)
    if ev.source_span is not None:
        d["source_span"] = list(ev.source_span)
    d["mentions"] = [plain(m) for m in ev.mentions]
    d["notes"] = [plain(n) for n in ev.notes]
    return d


def event_row(ev: Event, article: Article, not_before: Optional[date] = None) -> dict[str, Any]:
    """The ``events`` row of ``ev``; ``not_before``: its article's :func:`~wirecoder.dedupe.article_bound`,
    kept for an event without any date (no publication date either)."""
    d = event_dict(ev)
    lo, hi = date_range(ev.date, article.published)
    loc = ev.location
    actors = list(ev.actor) + list(ev.recipient)
    d.update(
        date_lo=lo, date_hi=hi, not_before=not_before if lo is None else None,
        lat=loc.lat if loc else None, lon=loc.lon if loc else None,
        country=loc.country if loc else None,
        countries=sorted({a.country for a in actors if a.country}),
        sectors=sorted({a.sector for a in actors if a.sector}),
        site=article.site or article.url or article.source or article.id,
        published=article.published,
        cluster_id=None,
        # cluster copies are set by sync_cluster_columns once the cluster row exists
        num_sources=1, num_articles=1, incident_id=None, url=article.url, title=article.title,
    )
    return d


def actor_rows(row: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for role in ("actor", "recipient"):
        for i, a in enumerate(row[role] or []):
            yield {"event_id": row["id"], "article_id": row["article_id"], "role": role, "idx": i, **a}

