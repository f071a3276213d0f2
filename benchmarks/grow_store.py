"""Grow a benchmark store to a given size with copies of its own history, moved into the past.

    python benchmarks/grow_store.py --db /tmp/bench.duckdb --to 1000000

For measuring whether ingest depends on the size of the store when building a store of that
size through the real ingest path takes longer than the machine allows (1M events is ~1 CPU-hour
of clustering): copy k = 1, 2, ... of everything the store holds (articles, events, actors,
clusters, incidents) gets its ids and urls suffixed ``#copyk`` and every date moved back k times
the span of the stored dates plus :data:`GAP_DAYS`, so the copies are older news with the same
daily volume, the same clusters and incidents, in tables as large as those of a store that
ingested them. Copies are appended after the stored rows (each copy's rows in their own date
order, as a stream would have written them). The stream then goes on with
``store_bench.py --resume`` (which skips the articles of the stream already stored, not counting
the copies) and its rate and memory are compared with the same stream on the store before it was
grown. The copies are not the product of clustering: only the table sizes, the row order and the
dates are real; nothing in them is ever compared with the new events (they lie outside the weeks
the cluster index loads), which is what a store of years of older news looks like to ingest.
"""
from __future__ import annotations

import argparse
import sys
import time

import duckdb

GAP_DAYS = 30  # between one copy's latest date and the next newer copy's earliest


def shifted_text(col: str, days: int) -> str:
    """SQL for a VARCHAR date (``YYYY-MM-DD...``) moved back ``days`` (others as they are)."""
    return (f"CASE WHEN length({col}) >= 10 AND TRY_CAST(substr({col}, 1, 10) AS DATE) IS NOT NULL "
            f"THEN strftime(CAST(substr({col}, 1, 10) AS DATE) - {days}, '%Y-%m-%d') ELSE {col} END")


def shifted_struct_date(col: str, days: int) -> str:
    return (f"CASE WHEN {col} IS NULL THEN NULL ELSE struct_pack(value := {shifted_text(col + '.value', days)}, "
            f"precision := {col}.precision, text := {col}.text) END")


def shifted(con: duckdb.DuckDBPyConnection, table: str, col: str, days: int) -> str:
    """SQL for column ``col`` of ``table`` (a DATE or a VARCHAR date) moved back ``days``."""
    t = con.execute("SELECT data_type FROM information_schema.columns WHERE table_name = ? AND column_name = ?",
                    [table, col]).fetchone()[0]
    return f"{col} - {days}" if t == "DATE" else shifted_text(col, days)


def grow(con: duckdb.DuckDBPyConnection, target: int, shift: int = 0) -> int:
    """Append copies until the store holds at least ``target`` events; returns the copies made.
    Copy k is moved back k times ``shift`` days, by default (0) the span of the stored dates plus
    :data:`GAP_DAYS`; a shift shorter than the span the stream's news fills overlaps the copies
    (half of it: twice the daily volume, as denser news would be)."""
    base = con.execute("SELECT count(*), min(date_lo), max(date_hi) FROM events").fetchone()
    n, lo, hi = base
    if not n:
        raise SystemExit("grow_store: the store holds no events to copy")
    span = shift or (hi - lo).days + GAP_DAYS
    # only the stream's own rows are copied (a store grown before is grown from its original)
    own = "position('#copy' IN {}) = 0"
    have = con.execute(f"SELECT count(*) FROM events WHERE {own.format('id')}").fetchone()[0]
    total = con.execute("SELECT count(*) FROM events").fetchone()[0]
    k = con.execute("SELECT count(DISTINCT substr(id, position('#copy' IN id))) FROM events "
                    "WHERE position('#copy' IN id) > 0").fetchone()[0]
    made = 0
    while total < target:
        k += 1
        d = k * span
        suf = f"'#copy{k}'"
        t = time.perf_counter()
        con.execute("BEGIN")
        con.execute(f"INSERT INTO articles SELECT * REPLACE (id || {suf} AS id, url || {suf} AS url, "
                    f"{shifted(con, 'articles', 'published', d)} AS published) FROM articles WHERE {own.format('id')}")
        con.execute(f"INSERT INTO events SELECT * REPLACE (id || {suf} AS id, article_id || {suf} AS article_id, "
                    f"cluster_id || {suf} AS cluster_id, incident_id || {suf} AS incident_id, url || {suf} AS url, "
                    f"date_lo - {d} AS date_lo, date_hi - {d} AS date_hi, {shifted(con, 'events', 'published', d)} AS published, "
                    f"{shifted_struct_date('date', d)} AS date) FROM events WHERE {own.format('id')} ORDER BY rowid")
        con.execute(f"INSERT INTO event_actors SELECT * REPLACE (event_id || {suf} AS event_id, "
                    f"article_id || {suf} AS article_id) FROM event_actors WHERE {own.format('event_id')}")
        con.execute(f"INSERT INTO clusters SELECT * REPLACE (cluster_id || {suf} AS cluster_id, "
                    f"incident_id || {suf} AS incident_id, date_lo - {d} AS date_lo, date_hi - {d} AS date_hi, "
                    f"{shifted_struct_date('date', d)} AS date, {shifted(con, 'clusters', 'first_published', d)} AS "
                    f"first_published, {shifted(con, 'clusters', 'last_published', d)} AS last_published) FROM clusters "
                    f"WHERE {own.format('cluster_id')} ORDER BY rowid")
        con.execute(f"INSERT INTO incidents SELECT * REPLACE (incident_id || {suf} AS incident_id, "
                    f"start_date - {d} AS start_date, end_date - {d} AS end_date) FROM incidents "
                    f"WHERE {own.format('incident_id')}")
        con.execute("COMMIT")
        total += have
        made += 1
        print(f"  copy {k}: {total} events, dates moved back {d} days ({time.perf_counter() - t:.1f}s)",
              file=sys.stderr, flush=True)
    con.execute("CHECKPOINT")
    return made


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--to", type=int, default=1_000_000, help="events the store should hold at least")
    ap.add_argument("--shift", type=int, default=0,
                    help=f"days each copy moves back (default: the stored span + {GAP_DAYS})")
    args = ap.parse_args()
    con = duckdb.connect(args.db)
    made = grow(con, args.to, args.shift)
    n_ev, n_cl, n_inc = (con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                         for t in ("events", "clusters", "incidents"))
    print(f"grow_store: {made} copies added; {n_ev} events, {n_cl} clusters, {n_inc} incidents")
    con.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
