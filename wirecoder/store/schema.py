"""The store's schema: tables, the schema version and its migrations, opening a DuckDB file
safely, and the Arrow schemas rows are written with.

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
                  is ``lower(sentence)`` for case-insensitive text filters; ``not_before``, for
                  an event without any date (its article has no publication date either), the
                  earliest day its article can have been written (dedupe evidence:
                  :func:`wirecoder.dedupe.article_bound`). Rows stay in
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
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Callable, Optional, Sequence

import duckdb
import pyarrow as pa

from wirecoder import schema as event_schema
from wirecoder.dedupe import COUNT_FIELDS, QUAL_RANK
from wirecoder.errors import WirecoderError
from wirecoder.records import Article

log = logging.getLogger("wirecoder.store")

SCHEMA_VERSION = 3
DUCKDB_MAGIC = b"DUCK"  # bytes 8..12 of every DuckDB database file


class StoreError(WirecoderError):
    """The store file cannot be used (not a DuckDB file, wrong schema, locked)."""

    def __init__(self, path: str, problem: str):
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


ACTOR_T = "STRUCT(text VARCHAR, name VARCHAR, country VARCHAR, sector VARCHAR)"
DATE_T = "STRUCT(value VARCHAR, precision VARCHAR, text VARCHAR)"
# a cluster's member articles and the counts they give (wirecoder.dedupe.source_reports /
# reported_counts)
REPORT_T = "STRUCT(article_id VARCHAR, url VARCHAR, outlet VARCHAR, published VARCHAR)"
COUNT_T = "STRUCT(field VARCHAR, value BIGINT, articles INTEGER, qualifier VARCHAR)"
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
    # an event without any date (no publication date either): the earliest day its article can
    # have been written (wirecoder.dedupe.article_bound), dedupe evidence; NULL otherwise
    ("not_before", "DATE"),
)


def event_columns() -> list[tuple[str, str]]:
    """(name, SQL type) of the ``events`` table: the event's fields, then the store's own."""
    own = event_schema.duckdb_columns()
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
    first_published VARCHAR, last_published VARCHAR, incident_id VARCHAR, updated_at TIMESTAMP,
    reports {REPORT_T}[], counts {COUNT_T}[]
);
CREATE TABLE incidents (
    incident_id VARCHAR, start_date DATE, end_date DATE, num_clusters INTEGER,
    num_articles INTEGER, countries VARCHAR[], place VARCHAR, lat DOUBLE, lon DOUBLE,
    title VARCHAR, updated_at TIMESTAMP
);
"""

TABLES = ("meta", "articles", "events", "event_actors", "clusters", "incidents")


def sync_cluster_columns(con: duckdb.DuckDBPyConnection, cluster_ids: Sequence[str],
                         within: Optional[tuple[date, date]] = None) -> int:
    """Copy ``num_sources``, ``num_articles`` and ``incident_id`` of ``cluster_ids`` from their
    ``clusters`` rows onto their ``events`` rows; return the number of events rows changed.

    One set-based ``UPDATE ... FROM``; rows already equal are not rewritten. Call it inside the
    transaction that changed those clusters, so readers never see the copies disagree.
    ``within``: dates every member's ``date_lo`` lies within, when the caller knows them
    (:func:`wirecoder.store.clusters.members_within`): the ``date_lo`` zone maps then prune
    the scan, whose cost would otherwise grow with the store (cluster ids are random).
    """
    ids = list(cluster_ids)
    if not ids:
        return 0
    sets = ", ".join(f"{c} = c.{c}" for c in CLUSTER_COLUMNS)
    differ = " OR ".join(f"events.{c} IS DISTINCT FROM c.{c}" for c in CLUSTER_COLUMNS)
    bound, params = (" AND events.date_lo BETWEEN ? AND ?", [ids, within[0], within[1]]) if within else ("", [ids])
    row = con.execute(
        f"UPDATE events SET {sets} FROM (SELECT cluster_id, {', '.join(CLUSTER_COLUMNS)} FROM clusters "
        f"WHERE cluster_id IN (SELECT unnest(?))) c WHERE events.cluster_id = c.cluster_id{bound} AND ({differ})",
        params).fetchall()
    return int(row[0][0]) if row else 0


def migrate_1_to_2(con: duckdb.DuckDBPyConnection) -> None:
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
    forget_arrow_schema("events")


def migrate_2_to_3(con: duckdb.DuckDBPyConnection) -> None:
    """Version 3 gives each cluster its member articles (``reports``: id, url, outlet,
    publication date) and every count they report (``counts``: the spread behind ``size``),
    computed here from the stored events exactly as :func:`wirecoder.dedupe.merge` computes them."""
    have = {r[0] for r in con.execute("DESCRIBE clusters").fetchall()}
    for name, sql_type in (("reports", REPORT_T), ("counts", COUNT_T)):
        if name not in have:
            con.execute(f"ALTER TABLE clusters ADD COLUMN {name} {sql_type}[]")
    con.execute("""
        UPDATE clusters SET reports = r.reports FROM (
            SELECT cluster_id, list({'article_id': article_id, 'url': url, 'outlet': site,
                                     'published': published}
                                    ORDER BY published IS NULL, coalesce(published, ''), article_id) AS reports
            FROM (SELECT cluster_id, article_id, any_value(url ORDER BY rowid) AS url,
                         any_value(site ORDER BY rowid) AS site,
                         any_value(left(published::VARCHAR, 10) ORDER BY rowid) AS published
                  FROM events WHERE cluster_id IS NOT NULL GROUP BY cluster_id, article_id)
            GROUP BY cluster_id) r
        WHERE clusters.cluster_id = r.cluster_id""")
    rank = " ".join(f"WHEN '{q}' THEN '{r}'" for q, r in QUAL_RANK.items())
    per_field = " UNION ALL ".join(
        f"SELECT cluster_id, article_id, {i} AS fi, '{f}' AS field, size.{f} AS value, "
        + ("size.qualifier" if f == "people" else "NULL::VARCHAR") + " AS qualifier "
        f"FROM events WHERE cluster_id IS NOT NULL AND size.{f} IS NOT NULL"
        for i, f in enumerate(COUNT_FIELDS))
    con.execute(f"""
        UPDATE clusters SET counts = c.counts FROM (
            SELECT cluster_id, list({{'field': field, 'value': value, 'articles': n, 'qualifier': q}}
                                    ORDER BY fi, n DESC, value) AS counts
            FROM (SELECT cluster_id, fi, field, value, count(DISTINCT article_id)::INTEGER AS n,
                         substr(min((CASE qualifier {rank} ELSE '9' END) || qualifier), 2) AS q
                  FROM ({per_field}) GROUP BY cluster_id, fi, field, value)
            GROUP BY cluster_id) c
        WHERE clusters.cluster_id = c.cluster_id""")
    con.execute("UPDATE clusters SET reports = coalesce(reports, []), counts = coalesce(counts, [])")
    forget_arrow_schema("clusters")


# Migrations from version N to N+1, applied in order (in one transaction) when an older store is
# opened for writing; a store whose version has no migration path is refused with one line.
MIGRATIONS: dict[int, Callable[[duckdb.DuckDBPyConnection], None]] = {1: migrate_1_to_2, 2: migrate_2_to_3}


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


def check_file(path: Path) -> None:
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


def connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    """Open the DuckDB file at ``path`` (after :func:`check_file`), with the writer's memory
    limit (``$WIRECODER_MEMORY``, default :data:`DEFAULT_WRITER_MEMORY`) unless ``read_only``;
    any failure is one :class:`StoreError` line."""
    check_file(path)
    if read_only and not path.exists():
        raise StoreError(str(path), "no store here yet; run `wirecoder ingest` first "
                                    "(or point WIRECODER_DB / --db at an existing store)")
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as err:
        msg = str(err)
        if "lock" in msg.lower():
            raise StoreError(str(path), "is in use by another wirecoder process "
                                        "(DuckDB allows one writer: an ingest, or a serve with writes "
                                        "enabled); wait for it to finish, or read through that server's API") from None
        if "not a valid DuckDB" in msg:
            raise StoreError(str(path), "exists but is not a DuckDB database; "
                                        "refusing to use or overwrite it") from None
        if "Could not read enough bytes" in msg or "truncated" in msg.lower():
            raise StoreError(str(path), "is truncated or damaged (shorter than DuckDB's own header "
                                        "says); restore it from a copy or ingest into a new store") from None
        raise StoreError(str(path), msg.splitlines()[0]) from None
    except duckdb.Error as err:
        raise StoreError(str(path), str(err).splitlines()[0]) from None
    try:
        # a Top-N (a page of a query) reads its sort key first and the other columns of the
        # rows it keeps only (DuckDB's late materialization; the default stops at 50 rows)
        con.execute("SET GLOBAL late_materialization_max_rows = 10000")
    except duckdb.Error:  # an older DuckDB without the setting: plain Top-N
        pass
    if not read_only:
        # the writer's DuckDB buffers are bounded (it spills to a temporary file beyond), so
        # ingest memory is this plus the cluster index, whatever the store's size
        limit = os.environ.get("WIRECODER_MEMORY") or DEFAULT_WRITER_MEMORY
        try:
            con.execute(f"SET memory_limit = '{limit.strip()}'")
        except duckdb.Error as err:
            con.close()
            raise StoreError(str(path), f"bad WIRECODER_MEMORY {limit!r}: "
                                        f"{str(err).splitlines()[0]}") from None
    try:
        init_schema(con, path, read_only)
    except Exception:
        con.close()
        raise
    return con


def tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()
    return {r[0] for r in rows}


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The version recorded in ``meta`` (0 when missing or unreadable)."""
    row = next(iter(con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()), None)
    try:
        return int(row[0]) if row else 0
    except ValueError:
        return 0


def init_schema(con: duckdb.DuckDBPyConnection, path: Path, read_only: bool) -> None:
    """Create the tables in an empty database, or check the version of an existing store and
    migrate it (one transaction) when :data:`MIGRATIONS` has a path, else refuse in one line."""
    have = tables(con)
    if not have:
        if read_only:
            raise StoreError(str(path), "is an empty DuckDB database, not a wirecoder store")
        con.execute("BEGIN TRANSACTION")
        con.execute(SCHEMA_SQL)
        con.execute("INSERT INTO meta VALUES ('schema_version', ?), ('created_at', ?)",
                    [str(SCHEMA_VERSION), now().isoformat()])
        con.execute("COMMIT")
        return
    if "meta" not in have:
        raise StoreError(str(path), "is a DuckDB database but not a wirecoder store "
                                    "(no meta table); refusing to modify it")
    version = schema_version(con)
    if version == SCHEMA_VERSION:
        if not read_only:
            added = add_missing_event_columns(con)
            if added:
                log.info("%s: added event columns %s", path, ", ".join(added))
        return
    if version > SCHEMA_VERSION:
        raise StoreError(str(path), f"store schema version {version} was written by a newer "
                                    f"wirecoder (this one reads {SCHEMA_VERSION}); upgrade wirecoder")
    if read_only or any(v not in MIGRATIONS for v in range(version, SCHEMA_VERSION)):
        how = ("open it once for writing to migrate it (any `wirecoder ingest` into it, or "
               "`wirecoder serve` without --read-only)") if read_only else "re-ingest into a new store"
        if not read_only:
            how += " (set WIRECODER_DB or --db to a new path)"
        raise StoreError(str(path), f"store schema version {version} is older than "
                                    f"{SCHEMA_VERSION} and cannot be migrated in place; {how}")
    con.execute("BEGIN TRANSACTION")
    for v in range(version, SCHEMA_VERSION):
        log.info("migrating %s from schema version %d to %d", path, v, v + 1)
        MIGRATIONS[v](con)
    con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION)])
    con.execute("COMMIT")


_SCHEMAS: dict[str, pa.Schema] = {}


def arrow_schema(con: duckdb.DuckDBPyConnection, table: str) -> pa.Schema:
    """The Arrow schema of ``table`` (cached per process: every store has the same tables)."""
    if table not in _SCHEMAS:
        _SCHEMAS[table] = con.sql(f"SELECT * FROM {table} LIMIT 0").to_arrow_table().schema
    return _SCHEMAS[table]


def forget_arrow_schema(table: str) -> None:
    """Drop the cached Arrow schema of ``table`` (a migration changed it)."""
    _SCHEMAS.pop(table, None)


def now() -> datetime:
    """The current UTC time, naive (DuckDB TIMESTAMP)."""
    return datetime.now(timezone.utc).replace(tzinfo=None)
