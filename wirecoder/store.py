"""The event store: articles, events, clusters and incidents in one DuckDB file.

    from wirecoder.store import Store
    with Store("events.duckdb") as store:
        status = store.add(article, events)      # "new" | "unchanged" | "replaced"

Every :meth:`Store.add_many` call is ONE transaction: the article rows, their events, the
flattened actors, the cluster assignment (:mod:`wirecoder.dedupe`) and the incident links
(:mod:`wirecoder.incidents`) are committed together or not at all. An ingest killed at any
point (Ctrl-C, ``kill -9``) therefore leaves the store as of the last commit, and re-running
the same ingest skips what is already there (same article id and content hash -> "unchanged").

Tables (schema version :data:`SCHEMA_VERSION`, recorded in ``meta``):

``articles``      one row per article id (url, title, published, site, language, source, text,
                  content_hash, ingested_at)
``events``        every :class:`~wirecoder.records.Event` field (nested ones as STRUCT / LIST),
                  plus derived columns for fast filters (``date_lo``/``date_hi``, ``lat``/``lon``,
                  ``country``, ``countries``, ``sectors``) and ``cluster_id``; and, copied so
                  that a query reads one table (no join): the article's ``url`` and ``title``
                  and the cluster's ``num_sources``, ``num_articles`` and ``incident_id``
                  (:data:`DENORMALISED`), kept equal to the ``clusters`` row in the same
                  transaction that changes it (:func:`sync_cluster_columns`); ``sentence_lc``
                  is ``lower(sentence)`` for case-insensitive text filters. Rows stay in
                  ingest order (a news stream is nearly in date order, so DuckDB's zone maps on
                  ``date_lo``/``date_hi`` prune); the order is kept because
                  :func:`wirecoder.dedupe.merge` breaks ties by member order.
``event_actors``  one row per actor or recipient of an event (role, idx, text, name, country, sector)
``clusters``      one row per deduplicated real-world event: the merged best record
``incidents``     clusters linked into one story over time (see :mod:`wirecoder.incidents`)
``meta``          key/value: ``schema_version``, ``created_at``
"""
from __future__ import annotations

import hashlib
import logging
import os
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional, Sequence

import duckdb
import pyarrow as pa

from wirecoder.errors import InputError, WirecoderError
from wirecoder import schema
from wirecoder.records import Article, Event

log = logging.getLogger("wirecoder.store")

SCHEMA_VERSION = 2
DUCKDB_MAGIC = b"DUCK"  # bytes 8..12 of every DuckDB database file


class StoreError(WirecoderError):
    """The store file cannot be used (not a DuckDB file, wrong schema, locked)."""

    def __init__(self, path: str, problem: str):
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


ACTOR_T = "STRUCT(text VARCHAR, name VARCHAR, country VARCHAR, sector VARCHAR)"
DATE_T = "STRUCT(value VARCHAR, precision VARCHAR, text VARCHAR)"
LOCATION_T = ("STRUCT(text VARCHAR, name VARCHAR, geonameid BIGINT, lat DOUBLE, lon DOUBLE, "
              "country VARCHAR, admin1 VARCHAR, admin2 VARCHAR, precision VARCHAR, coord_source VARCHAR)")
SIZE_T = ("STRUCT(people BIGINT, qualifier VARCHAR, text VARCHAR, dead BIGINT, injured BIGINT, "
          "arrested BIGINT)")

# the store's own columns of an event row, after the event's fields (which come from the one
# schema, wirecoder.schema, so a field added to Event becomes a column here too)
STORE_EVENT_COLUMNS = (
    ("date_lo", "DATE"), ("date_hi", "DATE"), ("lat", "DOUBLE"), ("lon", "DOUBLE"), ("country", "VARCHAR"),
    ("countries", "VARCHAR[]"), ("sectors", "VARCHAR[]"), ("site", "VARCHAR"), ("published", "VARCHAR"),
    ("cluster_id", "VARCHAR"),
    ("num_sources", "INTEGER"), ("num_articles", "INTEGER"), ("incident_id", "VARCHAR"), ("url", "VARCHAR"),
    ("title", "VARCHAR"), ("sentence_lc", "VARCHAR"),
)


def event_columns() -> list[tuple[str, str]]:
    """(name, SQL type) of the ``events`` table: the event's fields, then the store's own."""
    own = schema.duckdb_columns()
    names = {n for n, _ in own}
    return own + [(n, t) for n, t in STORE_EVENT_COLUMNS if n not in names]


def _events_columns() -> str:
    return ", ".join(f'"{n}" {t}' for n, t in event_columns())


EVENTS_COLUMNS = _events_columns()
# events columns copied from the cluster (kept in sync by sync_cluster_columns) and the article
CLUSTER_COLUMNS = ("num_sources", "num_articles", "incident_id")
DENORMALISED = CLUSTER_COLUMNS + ("url", "title")
# derived at insert: DuckDB's lower(sentence), so a text filter is a plain LIKE (ILIKE lowers
# every sentence on every query, ~3x slower)
DERIVED_SQL = {"sentence_lc": "lower(sentence)"}



def event_column_names() -> list[str]:
    """The names of the ``events`` columns, in table order (from :data:`EVENTS_COLUMNS`)."""
    return [n for n, _ in event_columns()]


def add_missing_event_columns(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Add to ``events`` the columns the schema has and the table lacks (a field added to
    ``Event`` since the store was written); existing rows get NULL. Returns their names."""
    have = {r[0] for r in con.execute("SELECT column_name FROM information_schema.columns "
                                      "WHERE table_schema = 'main' AND table_name = 'events'").fetchall()}
    added = []
    for name, sql_type in event_columns():
        if name not in have:
            con.execute(f'ALTER TABLE events ADD COLUMN "{name}" {sql_type}')
            added.append(name)
    if added:
        _SCHEMAS.clear()
    return added


SCHEMA_SQL = f"""
CREATE TABLE meta (key VARCHAR, value VARCHAR);
CREATE TABLE articles (
    id VARCHAR, url VARCHAR, title VARCHAR, published VARCHAR, site VARCHAR, language VARCHAR,
    source VARCHAR, text VARCHAR, content_hash VARCHAR, ingested_at TIMESTAMP, num_events INTEGER
);
CREATE TABLE events ({EVENTS_COLUMNS});
CREATE TABLE event_actors (
    event_id VARCHAR, article_id VARCHAR, role VARCHAR, idx INTEGER,
    text VARCHAR, name VARCHAR, country VARCHAR, sector VARCHAR
);
CREATE TABLE clusters (
    cluster_id VARCHAR, event_type VARCHAR, mode VARCHAR, modality VARCHAR,
    date {DATE_T}, date_lo DATE, date_hi DATE, location {LOCATION_T}, lat DOUBLE, lon DOUBLE,
    country VARCHAR, size {SIZE_T}, actor {ACTOR_T}[], recipient {ACTOR_T}[],
    actor_keys VARCHAR[], countries VARCHAR[], sectors VARCHAR[], sentence VARCHAR,
    vec DOUBLE[], confidence DOUBLE, acled_type VARCHAR, acled_subtype VARCHAR,
    num_events INTEGER, num_articles INTEGER, num_sources INTEGER, sources VARCHAR[],
    first_published VARCHAR, last_published VARCHAR, incident_id VARCHAR, updated_at TIMESTAMP
);
CREATE TABLE incidents (
    incident_id VARCHAR, start_date DATE, end_date DATE, num_clusters INTEGER,
    num_articles INTEGER, countries VARCHAR[], place VARCHAR, lat DOUBLE, lon DOUBLE,
    title VARCHAR, updated_at TIMESTAMP
);
"""

TABLES = ("meta", "articles", "events", "event_actors", "clusters", "incidents")


def sync_cluster_columns(con: duckdb.DuckDBPyConnection, cluster_ids: Sequence[str]) -> int:
    """Copy ``num_sources``, ``num_articles`` and ``incident_id`` of ``cluster_ids`` from their
    ``clusters`` rows onto their ``events`` rows; return the number of events rows changed.

    One set-based ``UPDATE ... FROM``; rows already equal are not rewritten. Call it inside the
    transaction that changed those clusters, so readers never see the copies disagree.
    """
    ids = list(cluster_ids)
    if not ids:
        return 0
    sets = ", ".join(f"{c} = c.{c}" for c in CLUSTER_COLUMNS)
    differ = " OR ".join(f"events.{c} IS DISTINCT FROM c.{c}" for c in CLUSTER_COLUMNS)
    row = con.execute(
        f"UPDATE events SET {sets} FROM (SELECT cluster_id, {', '.join(CLUSTER_COLUMNS)} FROM clusters "
        f"WHERE cluster_id IN (SELECT unnest(?))) c WHERE events.cluster_id = c.cluster_id AND ({differ})",
        [ids]).fetchall()
    return int(row[0][0]) if row else 0


def _migrate_1_to_2(con: duckdb.DuckDBPyConnection) -> None:
    """Version 2 copies the article's url/title and the cluster's num_sources/num_articles/
    incident_id onto ``events`` (queries then read one table) and stores events in date order.

    Rewrites the events table once, in its existing row order (cluster merges read members in
    that order): values exactly as the version-1 query joined them (``coalesce(num_sources, 1)``
    for an event without a cluster row).
    """
    have = {r[0] for r in con.execute("DESCRIBE events").fetchall()}
    con.execute(f"CREATE TABLE _wc_events_v2 ({EVENTS_COLUMNS})")
    want = [r[0] for r in con.execute("DESCRIBE _wc_events_v2").fetchall()]
    computed = {"num_sources": "coalesce(c.num_sources, 1)", "num_articles": "coalesce(c.num_articles, 1)",
                "incident_id": "c.incident_id", "url": "a.url", "title": "a.title",
                **{col: expr.replace("sentence", "e.sentence") for col, expr in DERIVED_SQL.items()}}
    select = ", ".join(computed[col] if col in computed else (f"e.{col}" if col in have else "NULL")
                       for col in want)
    con.execute(f"INSERT INTO _wc_events_v2 SELECT {select} FROM events e "
                "LEFT JOIN clusters c ON c.cluster_id = e.cluster_id "
                "LEFT JOIN articles a ON a.id = e.article_id ORDER BY e.rowid")
    con.execute("DROP TABLE events")
    con.execute("ALTER TABLE _wc_events_v2 RENAME TO events")
    _SCHEMAS.pop("events", None)


# Migrations from version N to N+1, applied in order (in one transaction) when an older store is
# opened for writing; a store whose version has no migration path is refused with one line.
MIGRATIONS: dict[int, Callable[[duckdb.DuckDBPyConnection], None]] = {1: _migrate_1_to_2}


def default_db_path() -> Path:
    """``$WIRECODER_DB``, else ``$XDG_DATA_HOME/wirecoder/events.duckdb`` (``~/.local/share/...``)."""
    env = os.environ.get("WIRECODER_DB")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base).expanduser() / "wirecoder" / "events.duckdb"


def content_hash(article: Article) -> str:
    """Hash of what the events were read from (clean text, title, publication date)."""
    h = hashlib.sha1()
    for part in (article.text, article.title or "", article.published or ""):
        h.update(part.encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()


def _check_file(path: Path) -> None:
    """Refuse anything that exists and is not a DuckDB database; never touch its bytes."""
    if path.is_dir():
        raise StoreError(str(path), "is a directory, not a DuckDB store file")
    if not path.exists() or path.stat().st_size == 0:
        return
    with open(path, "rb") as fh:
        head = fh.read(12)
    if head[8:12] != DUCKDB_MAGIC:
        raise StoreError(str(path), "exists but is not a DuckDB database; refusing to use or overwrite it")


DEFAULT_WRITER_MEMORY = "1GB"  # DuckDB memory_limit of a writing Store ($WIRECODER_MEMORY)


class Store:
    """A wirecoder event store in one DuckDB file.

    ``Store(path)`` creates the file (and its folder) when missing, checks the schema version of
    an existing one (migrating an older store when a migration exists, else refusing), and
    refuses a file that is not a DuckDB database. ``read_only=True`` never writes and requires
    the store to exist. Use as a context manager or call :meth:`close`.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None, *, read_only: bool = False,
                 similarity: str = "static"):
        self.path = Path(path) if path is not None else default_db_path()
        self.read_only = read_only
        self.similarity = similarity
        self._index: Any = None  # wirecoder.dedupe.ClusterIndex, built on the first write
        _check_file(self.path)
        if read_only and not self.path.exists():
            raise StoreError(str(self.path), "no store here yet; run `wirecoder ingest` first "
                                              "(or point WIRECODER_DB / --db at an existing store)")
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.IOException as err:
            msg = str(err)
            if "lock" in msg.lower():
                raise StoreError(str(self.path), "is in use by another wirecoder process "
                                                  "(DuckDB allows one writer); wait for it to finish") from None
            if "not a valid DuckDB" in msg:
                raise StoreError(str(self.path), "exists but is not a DuckDB database; "
                                                  "refusing to use or overwrite it") from None
            raise StoreError(str(self.path), msg.splitlines()[0]) from None
        except duckdb.Error as err:
            raise StoreError(str(self.path), str(err).splitlines()[0]) from None
        try:
            # a Top-N (a page of a query) reads its sort key first and the other columns of the
            # rows it keeps only (DuckDB's late materialization; the default stops at 50 rows)
            self.con.execute("SET GLOBAL late_materialization_max_rows = 10000")
        except duckdb.Error:  # an older DuckDB without the setting: plain Top-N
            pass
        if not read_only:
            # the writer's DuckDB buffers are bounded (it spills to a temporary file beyond), so
            # ingest memory is this plus the cluster index, whatever the store's size
            limit = os.environ.get("WIRECODER_MEMORY") or DEFAULT_WRITER_MEMORY
            try:
                self.con.execute(f"SET memory_limit = '{limit.strip()}'")
            except duckdb.Error as err:
                self.con.close()
                raise StoreError(str(self.path), f"bad WIRECODER_MEMORY {limit!r}: "
                                                  f"{str(err).splitlines()[0]}") from None
        try:
            self._init_schema()
        except Exception:
            self.con.close()
            raise

    # -- lifecycle ---------------------------------------------------------------------------

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (a checkpoint folds the write-ahead log into the file)."""
        try:
            self.con.close()
        except duckdb.Error:
            pass

    def _tables(self) -> set[str]:
        rows = self.con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()
        return {r[0] for r in rows}

    def _init_schema(self) -> None:
        tables = self._tables()
        if not tables:
            if self.read_only:
                raise StoreError(str(self.path), "is an empty DuckDB database, not a wirecoder store")
            self.con.execute("BEGIN TRANSACTION")
            self.con.execute(SCHEMA_SQL)
            self.con.execute("INSERT INTO meta VALUES ('schema_version', ?), ('created_at', ?)",
                             [str(SCHEMA_VERSION), _now().isoformat()])
            self.con.execute("COMMIT")
            return
        if "meta" not in tables:
            raise StoreError(str(self.path), "is a DuckDB database but not a wirecoder store "
                                              "(no meta table); refusing to modify it")
        row = next(iter(self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()), None)
        try:
            version = int(row[0]) if row else 0
        except ValueError:
            version = 0
        if version == SCHEMA_VERSION:
            if not self.read_only:
                added = add_missing_event_columns(self.con)
                if added:
                    log.info("%s: added event columns %s", self.path, ", ".join(added))
            return
        if version > SCHEMA_VERSION:
            raise StoreError(str(self.path), f"store schema version {version} was written by a newer "
                                              f"wirecoder (this one reads {SCHEMA_VERSION}); upgrade wirecoder")
        if self.read_only or any(v not in MIGRATIONS for v in range(version, SCHEMA_VERSION)):
            how = ("open it once for writing to migrate it (any `wirecoder ingest` into it, or "
                   "`wirecoder serve` without --read-only)") if self.read_only else "re-ingest into a new store"
            if not self.read_only:
                how += " (set WIRECODER_DB or --db to a new path)"
            raise StoreError(str(self.path), f"store schema version {version} is older than "
                                              f"{SCHEMA_VERSION} and cannot be migrated in place; {how}")
        self.con.execute("BEGIN TRANSACTION")
        for v in range(version, SCHEMA_VERSION):
            log.info("migrating %s from schema version %d to %d", self.path, v, v + 1)
            MIGRATIONS[v](self.con)
        self.con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION)])
        self.con.execute("COMMIT")

    @property
    def schema_version(self) -> int:
        row = next(iter(self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()), None)
        return int(row[0])

    # -- writing -----------------------------------------------------------------------------

    def add(self, article: Article, events: Sequence[Event]) -> str:
        """Store one article and its events; return ``"new"``, ``"unchanged"`` or ``"replaced"``.

        Re-adding the same article (same id and content hash) changes nothing. A new version of
        an article (same id, different content) replaces its events and re-assigns clusters,
        all in one transaction.
        """
        return self.add_many([(article, events)])[0]

    def add_many(self, items: Sequence[tuple[Article, Sequence[Event]]]) -> list[str]:
        """Store several articles with their events in ONE transaction; statuses in input order.

        Faster than :meth:`add` per article (one dedupe candidate query per batch); an
        interruption loses the whole batch, which a re-run then adds again.
        """
        if self.read_only:
            raise StoreError(str(self.path), "opened read-only")
        from wirecoder import dedupe, incidents

        items = _last_version_per_id(items)
        hashes = [content_hash(a) for a, _ in items]
        self.con.execute("BEGIN TRANSACTION")
        try:
            ids = [a.id for a, _ in items]
            existing = dict(self.con.execute(
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
            index = self.cluster_index()
            if replaced:
                touched |= {r[0] for r in self.con.execute(
                    "SELECT DISTINCT cluster_id FROM events WHERE article_id IN (SELECT unnest(?)) "
                    "AND cluster_id IS NOT NULL", [replaced]).fetchall()}
                for table, col in (("events", "article_id"), ("event_actors", "article_id"),
                                   ("articles", "id")):
                    self.con.execute(f"DELETE FROM {table} WHERE {col} IN (SELECT unnest(?))", [replaced])
            if todo:
                now = _now()
                art_rows = [_article_row(items[i][0], hashes[i], len(items[i][1]), now) for i in todo]
                ev_rows = [_event_row(ev, items[i][0]) for i in todo for ev in _unique_events(items[i][1])]
                assigned = dedupe.assign(self.con, ev_rows, similarity=self.similarity, index=index)
                for row in ev_rows:
                    row["cluster_id"] = assigned[row["id"]]
                for cid, rep in index.touched.items():
                    vecs[cid] = rep.get("vec")
                    if rep.pop("_created", False) and cid not in touched:
                        fresh[cid] = []
                for row in ev_rows:
                    if row["cluster_id"] in fresh:
                        fresh[row["cluster_id"]].append(row)
                touched |= set(assigned.values())
                self._insert("articles", art_rows)
                self._insert("events", ev_rows)
                self._insert("event_actors", [a for row in ev_rows for a in _actor_rows(row)])
            if touched:
                changed = dedupe.refresh_clusters(self.con, sorted(touched), similarity=self.similarity,
                                                  fresh=fresh, vecs=vecs)
                index.update(changed)
                for cid in touched - {c["cluster_id"] for c in changed}:
                    index.remove(cid)
                # the events' copies of the cluster columns; incidents.link keeps incident_id in sync
                sync_cluster_columns(self.con, [c["cluster_id"] for c in changed])
                incidents.link(self.con, changed, index=index)
            self.con.execute("COMMIT")
        except BaseException:
            self._index = None  # it saw the rolled-back batch; rebuilt from the store on next use
            try:
                self.con.execute("ROLLBACK")
            except duckdb.Error:
                pass
            raise
        return statuses

    def cluster_index(self) -> Any:
        """The in-memory :class:`wirecoder.dedupe.ClusterIndex` of this writer (built lazily)."""
        if self._index is None:
            from wirecoder.dedupe import ClusterIndex
            self._index = ClusterIndex(self.con, self.similarity)
        return self._index

    def _insert(self, table: str, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        cols = [c[0] for c in self.con.execute(f"DESCRIBE {table}").fetchall()]
        schema = _arrow_schema(self.con, table)
        tbl = pa.Table.from_pylist([{c: r.get(c) for c in cols} for r in rows], schema=schema)
        name = f"_wc_new_{table}"
        self.con.register(name, tbl)
        star = "*"
        if table == "events":
            star = f"* REPLACE ({', '.join(f'{expr} AS {col}' for col, expr in DERIVED_SQL.items())})"
        try:
            self.con.execute(f"INSERT INTO {table} BY NAME SELECT {star} FROM {name}")
        finally:
            self.con.unregister(name)

    # -- reading -----------------------------------------------------------------------------

    def info(self) -> dict[str, Any]:
        """Counts and metadata for ``wirecoder info``."""
        counts = {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
                  for t in ("articles", "events", "clusters", "incidents")}
        span = self.con.execute("SELECT min(date_lo), max(date_hi) FROM events").fetchall()[0]
        multi = self.con.execute("SELECT count(*) FROM clusters WHERE num_sources > 1").fetchall()[0][0]
        return {
            "path": str(self.path),
            "schema_version": self.schema_version,
            "size_bytes": self.path.stat().st_size if self.path.exists() else 0,
            **counts,
            "clusters_multi_source": multi,
            "first_date": str(span[0]) if span[0] else None,
            "last_date": str(span[1]) if span[1] else None,
        }

    def events(self, article_id: Optional[str] = None) -> list[Event]:
        """Stored events as records (all, or those of one article), in article/span order."""
        where, params = ("WHERE article_id = ?", [article_id]) if article_id else ("", [])
        cols = ", ".join(EVENT_FIELDS)
        cur = self.con.execute(f"SELECT {cols} FROM events {where} ORDER BY article_id, span", params)
        return [row_to_event(dict(zip(EVENT_FIELDS, r))) for r in cur.fetchall()]


EVENT_FIELDS = schema.event_field_names()


def row_to_event(row: dict[str, Any]) -> Event:
    """Rebuild an :class:`Event` from a stored ``events`` row (extra columns are ignored)."""
    d = {k: row.get(k) for k in EVENT_FIELDS}
    d["context"] = list(d["context"] or [])
    d["span"] = tuple(d["span"] or (0, 0))
    return Event.from_dict(d)


# -- row builders ----------------------------------------------------------------------------

_SCHEMAS: dict[str, pa.Schema] = {}


def _arrow_schema(con: duckdb.DuckDBPyConnection, table: str) -> pa.Schema:
    if table not in _SCHEMAS:
        _SCHEMAS[table] = con.sql(f"SELECT * FROM {table} LIMIT 0").to_arrow_table().schema
    return _SCHEMAS[table]


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _last_version_per_id(items: Sequence[tuple[Article, Sequence[Event]]]) -> list[tuple[Article, Sequence[Event]]]:
    """One entry per article id (the last version given), in order of first appearance."""
    final: dict[str, tuple[Article, Sequence[Event]]] = {}
    for art, evs in items:
        final[art.id] = (art, evs)
    return list(final.values())


def _unique_events(events: Sequence[Event]) -> list[Event]:
    seen: set[str] = set()
    out = []
    for ev in events:
        if ev.id not in seen:
            seen.add(ev.id)
            out.append(ev)
    return out


def _article_row(a: Article, chash: str, n: int, now: datetime) -> dict[str, Any]:
    return {"id": a.id, "url": a.url, "title": a.title, "published": a.published, "site": a.site,
            "language": a.language, "source": a.source, "text": a.text, "content_hash": chash,
            "ingested_at": now, "num_events": n}


def _plain(obj: Any) -> Optional[dict[str, Any]]:
    return None if obj is None else {f: getattr(obj, f) for f in obj.__dataclass_fields__}


def _event_dict(ev: Event) -> dict[str, Any]:
    """``ev.to_dict()`` without ``dataclasses.asdict``'s deep copy (10x faster on the ingest path)."""
    d = {f: getattr(ev, f) for f in ev.__dataclass_fields__}
    d["actor"] = [_plain(a) for a in ev.actor]
    d["recipient"] = [_plain(a) for a in ev.recipient]
    d["date"], d["location"], d["size"] = _plain(ev.date), _plain(ev.location), _plain(ev.size)
    d["context"] = list(ev.context or [])
    d["span"] = list(ev.span)
    if ev.source_span is not None:
        d["source_span"] = list(ev.source_span)
    return d


def _event_row(ev: Event, article: Article) -> dict[str, Any]:
    from wirecoder.dedupe import date_range

    d = _event_dict(ev)
    lo, hi = date_range(ev.date, article.published)
    loc = ev.location
    actors = list(ev.actor) + list(ev.recipient)
    d.update(
        date_lo=lo, date_hi=hi,
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


def _actor_rows(row: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for role in ("actor", "recipient"):
        for i, a in enumerate(row[role] or []):
            yield {"event_id": row["id"], "article_id": row["article_id"], "role": role, "idx": i, **a}


# -- ingest driver ---------------------------------------------------------------------------

def ingest(sources: Sequence[str], db: str | os.PathLike[str] | None = None, *,
           date: Optional[str] = None, batch_size: int = 20, progress_every: float = 5.0,
           articles: Optional[Iterable[Article | InputError]] = None,
           process: Optional[Callable[[Article], tuple[Article, list[Event]]]] = None,
           similarity: str = "static", stream: Any = None,
           allow_private_urls: bool = False) -> dict[str, int]:
    """Read ``sources``, run the pipeline on each article and store the results.

    Drives ``wirecoder.ingest.iter_articles(sources, date=date)`` ->
    ``wirecoder.pipeline.process_article`` -> :meth:`Store.add_many` in transactions of
    ``batch_size`` articles. Unreadable inputs are logged as one line and skipped. Progress
    (articles done, rate, ETA when the number of inputs is known) goes to ``stream`` (stderr)
    every ``progress_every`` seconds. ``articles``/``process`` replace the two stages (tests,
    other engines). Returns counts: new, unchanged, replaced, errors, events.

    Safe to interrupt: everything committed stays, and running it again skips what is stored.
    """
    from wirecoder.isolation import failure_of

    if articles is None:
        from wirecoder.ingest import iter_articles
        articles = iter_articles(list(sources), date=date, allow_private_urls=allow_private_urls)
    if process is None:
        from wirecoder.pipeline import process_article
        process = process_article
    stream = stream or sys.stderr
    total = _count_inputs(sources)
    counts = {"new": 0, "unchanged": 0, "replaced": 0, "errors": 0, "events": 0}
    start = last = time.monotonic()
    done = 0
    sources_seen: set[str] = set()
    pending: list[tuple[Article, list[Event]]] = []

    def flush() -> None:
        if not pending:
            return
        try:
            statuses = store.add_many(pending)
        except (StoreError, KeyboardInterrupt):
            raise
        except Exception:  # noqa: BLE001 - the batch was rolled back: store it article by article
            statuses = []
            for art, evs in pending:
                try:
                    statuses += store.add_many([(art, evs)])
                except (StoreError, KeyboardInterrupt):
                    raise
                except Exception as e:  # noqa: BLE001 - only this article is lost
                    log.warning("%s", failure_of(art, e, "store"))
                    counts["errors"] += 1
                    counts["events"] -= len(evs)
        for status in statuses:
            counts[status] += 1
        pending.clear()

    with Store(db, similarity=similarity) as store:
        for item in articles:
            if isinstance(item, InputError):
                log.warning("%s", item)
                counts["errors"] += 1
                continue
            try:
                art, evs = process(item)
            except InputError as err:
                log.warning("%s", err)
                counts["errors"] += 1
                continue
            except Exception as e:  # noqa: BLE001 - one article's failure never stops the run
                log.warning("%s", failure_of(item, e))
                counts["errors"] += 1
                continue
            pending.append((art, evs))
            counts["events"] += len(evs)
            done += 1
            sources_seen.add(_input_of(item.source))
            if len(pending) >= batch_size:
                flush()
            now = time.monotonic()
            if now - last >= progress_every:
                last = now
                _progress(stream, done, now - start, len(sources_seen), total)
        flush()
    elapsed = time.monotonic() - start
    stream.write(f"wirecoder: {done} articles ({counts['new']} new, {counts['replaced']} replaced, "
                 f"{counts['unchanged']} unchanged, {counts['errors']} errors), {counts['events']} events "
                 f"in {elapsed:.1f}s\n")
    return counts


def _input_of(source: str) -> str:
    for sep in ("#", "::"):
        if sep in source:
            return source.split(sep, 1)[0]
    return source


def _count_inputs(sources: Sequence[str]) -> Optional[int]:
    """Number of input files (directories walked); None when inputs are URLs or stdin."""
    n = 0
    for s in sources:
        p = Path(s)
        if p.is_file():
            n += 1
        elif p.is_dir():
            n += sum(1 for f in p.rglob("*") if f.is_file() and not f.name.startswith("."))
        else:
            return None
    return n or None


def _progress(stream: Any, done: int, elapsed: float, inputs_done: int, total: Optional[int]) -> None:
    rate = done / elapsed if elapsed > 0 else 0.0
    line = f"wirecoder: {done} articles, {rate:.1f}/s"
    if total and inputs_done:
        frac = min(inputs_done / total, 1.0)
        eta = elapsed * (1 - frac) / frac if frac > 0 else 0
        line += f", {inputs_done}/{total} inputs, ETA {_hms(eta)}"
    stream.write(line + "\n")
    stream.flush()


def _hms(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"
