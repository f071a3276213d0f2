"""Serve benchmark: requests/s and latency (p50/p99) of GET /events over HTTP on loopback.

    python benchmarks/serve_bench.py [--events 100000] [--seconds 10] [--clients 4] [--db PATH]

Builds (or reuses, with ``--db``) a store of synthetic events from ``benchmarks/make_events.py``,
starts ``wirecoder serve``'s app under uvicorn on a free 127.0.0.1 port in this process, and
runs a bounded closed-loop load: ``--clients`` threads, each sending one request after another
for ``--seconds`` per scenario. Prints one line per scenario and the peak RSS.
"""
from __future__ import annotations

import argparse
import os
import resource
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn

sys.path.insert(0, str(Path(__file__).resolve().parent))

from wirecoder.serve import ServeConfig, create_app  # noqa: E402
from wirecoder.store import Store  # noqa: E402

SCENARIOS = {
    "newest 100": {"limit": 100},
    "newest 1000": {"limit": 1000},
    "type+country": {"type": "ASSAULT", "country": "UKR", "limit": 100},
    "dates (month)": {"start": "2024-03", "end": "2024-03", "limit": 100},
    "bbox": {"bbox": "68,33,71,36", "limit": 100},
    "min_sources 2": {"min_sources": 2, "limit": 100},
    "no total": {"limit": 100, "total": "false"},
    "geojson 1000": {"limit": 1000, "format": "geojson"},
    "csv 1000": {"limit": 1000, "format": "csv"},
}


def build(db: Path, n_events: int) -> None:
    try:
        from make_events import iter_items
    except ImportError:  # pragma: no cover - the store benchmark's generator is missing
        sys.exit("serve_bench: benchmarks/make_events.py not found (it generates the events)")
    t = time.perf_counter()
    batch = []
    with Store(db) as store:
        for item in iter_items(n_events):
            batch.append(item)
            if len(batch) >= 500:
                store.add_many(batch)
                batch.clear()
        if batch:
            store.add_many(batch)
        info = store.info()
    print(f"built {db}: {info['events']:,} events, {info['clusters']:,} clusters, "
          f"{info['incidents']:,} incidents in {time.perf_counter() - t:.0f}s", file=sys.stderr)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load(base: str, params: dict, seconds: float, clients: int, cursor_walk: bool = False) -> dict:
    """Closed-loop load: ``clients`` threads for ``seconds``; latencies of successful requests."""
    lat: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker() -> None:
        nonlocal errors
        with httpx.Client(base_url=base, timeout=30) as c:
            cursor = None
            while time.monotonic() < stop:
                p = dict(params, **({"cursor": cursor, "total": "false"} if cursor else {}))
                t = time.perf_counter()
                r = c.get("/events", params=p)
                dt = time.perf_counter() - t
                with lock:
                    if r.status_code == 200:
                        lat.append(dt)
                    else:
                        errors += 1
                if cursor_walk and r.status_code == 200:
                    cursor = r.headers.get("X-Next-Cursor")

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - t0
    lat.sort()
    q = lambda f: lat[min(len(lat) - 1, int(f * len(lat)))] * 1000 if lat else float("nan")  # noqa: E731
    return {"n": len(lat), "rps": len(lat) / elapsed, "p50": q(0.50), "p99": q(0.99),
            "mean": statistics.fmean(lat) * 1000 if lat else float("nan"), "errors": errors}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--seconds", type=float, default=8.0, help="per scenario")
    ap.add_argument("--clients", type=int, default=4, help="concurrent client threads")
    ap.add_argument("--db", help="store to use (built there when missing); default a temporary file")
    args = ap.parse_args()
    tmp = None
    if args.db:
        db = Path(args.db)
    else:
        tmp = tempfile.TemporaryDirectory()
        db = Path(tmp.name) / "events.duckdb"
    if not db.exists():
        build(db, args.events)
    port = free_port()
    app = create_app(ServeConfig(db=db, read_only=True))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    total = httpx.get(base + "/health").json()["events"]
    print(f"serve_bench: {total:,} events, {args.clients} clients x {args.seconds:.0f}s per scenario, "
          f"loopback, pid {os.getpid()}")
    print(f"{'scenario':<16} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'requests':>9} {'errors':>6}")
    for name, params in SCENARIOS.items():
        r = load(base, params, args.seconds, args.clients)
        print(f"{name:<16} {r['rps']:8.1f} {r['p50']:8.1f} {r['p99']:8.1f} {r['n']:9d} {r['errors']:6d}", flush=True)
    r = load(base, {"limit": 1000}, args.seconds, args.clients, cursor_walk=True)
    print(f"{'cursor walk 1000':<16} {r['rps']:8.1f} {r['p50']:8.1f} {r['p99']:8.1f} {r['n']:9d} {r['errors']:6d}")
    server.should_exit = True
    thread.join(10)
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB (server and clients)")
    if tmp:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
