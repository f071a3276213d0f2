"""Store benchmark: ingest rate (events/s) with dedupe, peak memory, query latency p50/p99.

    python benchmarks/store_bench.py [--events 1000000] [--batch 200] [--db /tmp/bench.duckdb] [--flat]
    python benchmarks/store_bench.py --events 1000000 --flat --db /tmp/bench.duckdb --resume   # go on

``--sql-profile`` times every SQL statement of the ingest (what grows with the store's size is there).
``--resume`` continues an interrupted run on its ``--db`` (same ``--events`` and ``--flat``):
the stream is deterministic, so the articles already stored are skipped (generated, not stored
again) and the rates are those of the batches this process stores. ``--stop-after N`` stops after
about N events; with ``benchmarks/grow_store.py`` this measures the same stretch of the stream
on a store before and after it was grown to 1M events.

Feeds :func:`make_events.iter_items` through :meth:`wirecoder.store.Store.add_many` (the same
path ``wirecoder ingest`` takes after the pipeline), then times typical queries on the result.
"""
from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_events import iter_items  # noqa: E402

from wirecoder.query import query, stats  # noqa: E402
from wirecoder.store import Store  # noqa: E402

QUERIES = {
    "type": dict(type="ASSAULT", limit=100),
    "country+dates": dict(country="UKR", start="2024-03-01", end="2024-03-31", limit=100),
    "type+country+dates": dict(type="ASSAULT", country="SDN", start="2024-06-01", end="2024-06-30", limit=100),
    "near 50 km": dict(near=(34.53, 69.17), km=50, limit=100),
    "sector+min_sources": dict(sector="REB", min_sources=2, limit=100),
    "text": dict(text="shelled", limit=100),
    "clusters by type+country": dict(type="PROTEST", country="PAK", level="clusters", limit=100),
}


def cpu_s() -> float:
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    """Resident memory now (Linux), beside the peak that :func:`rss_mb` reports."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def duckdb_mb(store: Store) -> float:
    """Memory DuckDB's buffer manager holds (capped by the writer's memory_limit)."""
    return store.con.execute("SELECT sum(memory_usage_bytes) FROM duckdb_memory()").fetchone()[0] / 1e6


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--batch", type=int, default=200, help="articles per transaction")
    ap.add_argument("--db", default=None)
    ap.add_argument("--similarity", default="static", choices=["static", "minhash"])
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--flat", action="store_true",
                    help="the same news volume every day (default: volume grows over the stream)")
    ap.add_argument("--query-only", action="store_true", help="only time the queries on an existing --db")
    ap.add_argument("--stop-after", type=int, default=0, help="stop after storing about this many events")
    ap.add_argument("--step", type=int, default=0, help="events between progress lines (default: --events / 20)")
    ap.add_argument("--resume", action="store_true",
                    help="go on with an interrupted run on --db (same --events and --flat): skip what it stored")
    ap.add_argument("--sql-profile", action="store_true",
                    help="time every SQL statement of the ingest (process CPU, DuckDB's threads included) and "
                         "print the costliest at the end")
    ap.add_argument("--preload-weeks", type=int, default=0,
                    help="with --resume: first load the cluster index with this many weeks before the stream's "
                         "next date (the writer's memory once its index holds them, as after that many weeks of news)")
    args = ap.parse_args()
    if args.query_only:
        with Store(args.db, read_only=True) as store:
            s = stats(store)
            print(f"store: {s['events']} events, {s['clusters']} clusters, {s['incidents']} incidents; "
                  f"file {Path(args.db).stat().st_size / 1e6:.0f} MB")
            time_queries(store, args.runs)
        return 0
    tmp = None
    if args.db is None:
        tmp = tempfile.TemporaryDirectory()
        args.db = str(Path(tmp.name) / "bench.duckdb")
    if Path(args.db).exists() and not args.resume:
        print(f"store_bench: {args.db} exists; pass --resume to go on with it, or another --db", file=sys.stderr)
        return 2
    store = Store(args.db, similarity=args.similarity)
    profile = None
    if args.sql_profile:
        store.con = profile = TimedConnection(store.con)  # before the cluster index takes the connection
    # the writer's DuckDB memory is bounded by Store itself ($WIRECODER_MEMORY, default 1GB)
    n_ev = n_art = 0
    # the stream's articles stored (not the copies benchmarks/grow_store.py may have added)
    done_art = store.con.execute("SELECT count(*) FROM articles WHERE position('#copy' IN id) = 0"
                                 ).fetchone()[0] if args.resume else 0
    if args.resume:
        n_ev = store.con.execute("SELECT count(*) FROM events").fetchone()[0]
        print(f"  resuming: {done_art} articles of the stream stored, {n_ev} events in the store",
              file=sys.stderr, flush=True)
    if args.resume and args.preload_weeks:
        preload(store, args.preload_weeks)
    t0 = last = time.perf_counter()
    mark_ev, mark_t, step = n_ev, t0, args.step or max(10_000, args.events // 20)
    start_ev = n_ev
    mark_cpu = cpu0 = cpu_s()
    batch = []
    for k, (art, evs) in enumerate(iter_items(args.events, growth=1.0 if args.flat else 0.7)):
        if k < done_art:
            continue
        if args.stop_after and n_ev - start_ev >= args.stop_after:
            break
        batch.append((art, evs))
        if len(batch) >= args.batch:
            store.add_many(batch)
            n_art += len(batch)
            n_ev += sum(len(e) for _, e in batch)
            batch.clear()
            now = time.perf_counter()
            if n_ev - mark_ev >= step:  # the rate of the last step, i.e. at this store size
                cpu = cpu_s()  # CPU time too: on a shared machine wall-clock rates measure the neighbours
                print(f"  store {n_ev:8d} events: {(n_ev - mark_ev) / (now - mark_t):6.0f} events/s over the last "
                      f"{n_ev - mark_ev} ({(n_ev - mark_ev) / max(cpu - mark_cpu, 1e-9):.0f} per CPU-second), "
                      f"overall {(n_ev - start_ev) / (now - t0):.0f}/s, peak RSS {rss_mb():.0f} MB "
                      f"(now {current_rss_mb():.0f}, DuckDB {duckdb_mb(store):.0f}), "
                      f"index {len(store.cluster_index().reps)} clusters", file=sys.stderr, flush=True)
                mark_ev, mark_t, mark_cpu, last = n_ev, now, cpu, now
    if batch:
        store.add_many(batch)
        n_art += len(batch)
        n_ev += sum(len(e) for _, e in batch)
    elapsed = time.perf_counter() - t0
    run_cpu = cpu_s() - cpu0
    s = stats(store)
    print(f"ingest: {n_ev} events / {done_art + n_art} articles ({n_ev - start_ev} events, {n_art} articles "
          f"in this run) in {elapsed:.1f}s = {(n_ev - start_ev) / elapsed:.0f} events/s "
          f"({(n_ev - start_ev) / max(run_cpu, 1e-9):.0f} per CPU-second), "
          f"{n_art / elapsed:.0f} articles/s; {s['clusters']} clusters, {s['incidents']} incidents; "
          f"peak RSS {rss_mb():.0f} MB; file {Path(args.db).stat().st_size / 1e6:.0f} MB")
    if profile is not None:
        profile.report()
    time_queries(store, args.runs)
    store.close()
    return 0


class TimedConnection:
    """A DuckDB connection whose ``execute`` calls are timed (process CPU and wall), per statement
    text; everything else is the connection's."""

    def __init__(self, con: Any):
        self._con = con
        self.stats: dict[str, list[float]] = {}

    def execute(self, sql: str, *args: Any, **kw: Any) -> Any:
        key = " ".join(sql.split())[:100]
        c, w = cpu_s(), time.perf_counter()
        r = self._con.execute(sql, *args, **kw)
        s = self.stats.setdefault(key, [0, 0.0, 0.0])
        s[0] += 1
        s[1] += cpu_s() - c
        s[2] += time.perf_counter() - w
        return self if r is self._con else r

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)

    def report(self, top: int = 20) -> None:
        print(f"SQL: {sum(s[1] for s in self.stats.values()):.1f} CPU-s in {sum(s[0] for s in self.stats.values())} "
              "statements; the costliest (CPU-s, wall s, calls, statement):", file=sys.stderr)
        for key, (n, c, w) in sorted(self.stats.items(), key=lambda kv: -kv[1][1])[:top]:
            print(f"  {c:6.2f} {w:6.2f} {int(n):5d}  {key}", file=sys.stderr)


def preload(store: Store, n_weeks: int) -> None:
    """Load the cluster index with the ``n_weeks`` weeks before the stream's latest stored date
    (as a writer that ingested those weeks holds them) and report the memory it takes."""
    from datetime import timedelta

    hi = store.con.execute("SELECT max(date_hi) FROM clusters WHERE date_hi - date_lo <= 62").fetchone()[0]
    if hi is None:
        return
    before, cpu = current_rss_mb(), cpu_s()
    index = store.cluster_index()
    index.max_weeks = max(index.max_weeks, n_weeks)
    index.ensure(hi - timedelta(days=7 * n_weeks - 11), hi - timedelta(days=10))  # ensure() pads 10 days
    members = sum(len(r.members) for r in index.reps.values())
    print(f"  preloaded {len(index.weeks)} weeks: {len(index.reps)} clusters ({members} member reports) in "
          f"{cpu_s() - cpu:.0f} CPU-s; RSS {before:.0f} -> {current_rss_mb():.0f} MB (DuckDB {duckdb_mb(store):.0f})",
          file=sys.stderr, flush=True)


def time_queries(store: Store, runs: int) -> None:
    """p50/p99 latency of :data:`QUERIES` (and of stats()) on ``store``."""
    print(f"{'query':28s} {'rows':>6s} {'p50 ms':>8s} {'p99 ms':>8s}")
    for name, kw in QUERIES.items():
        times, rows = [], 0
        for _ in range(runs):
            t = time.perf_counter()
            rows = len(query(store, **kw).fetchall())
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        p99 = times[min(len(times) - 1, int(round(0.99 * (len(times) - 1))))]
        print(f"{name:28s} {rows:6d} {statistics.median(times):8.1f} {p99:8.1f}")
    t = time.perf_counter()
    stats(store)
    print(f"{'stats()':28s} {'':6s} {(time.perf_counter() - t) * 1000:8.1f}")
    print(f"peak RSS {rss_mb():.0f} MB")


if __name__ == "__main__":
    sys.exit(main())
