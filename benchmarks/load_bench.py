"""Mixed read/write load on a real `wirecoder serve` process over loopback: errors and memory.

    python benchmarks/load_bench.py [--clients 8] [--seconds 60] [--events 20000] [--writes 0.1] [--db F]

Builds (or reuses) a store of synthetic events (benchmarks/make_events.py), starts
``wirecoder serve`` with a token on a free 127.0.0.1 port (a separate process, so its memory is
measured alone), and runs ``--clients`` threads for ``--seconds``: each request is a write
(``POST /articles`` of a short generated article, fraction ``--writes``) or a read chosen at
random among GET /events (filters, cursor walks, GeoJSON), /events/{id}, /incidents, /stats and
/health. Loopback only; the load is closed-loop (one request after another per client).

Prints requests, req/s, errors (any status >= 500, any exception; 4xx counted apart), latency
p50/p99 per kind, and the server's RSS at the start, every 10 s, and at the end.
"""
from __future__ import annotations

import argparse
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
TOKEN = "load-bench-token-0123456789"
TOWNS = ["Kunduz", "Herat", "Kandahar", "Chitral", "Peshawar", "Quetta", "Karachi", "Lahore"]
VERBS = ["attacked a police post in", "delivered food aid to families in", "protested against prices in",
         "arrested five men in", "withdrew from positions near"]
WHO = ["Taliban fighters", "The World Food Programme", "Traders", "Police", "Government troops"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def article(rng: random.Random, n: int) -> dict:
    town = rng.choice(TOWNS)
    k = rng.randrange(len(VERBS))
    text = (f"{town.upper()}, July {rng.randint(1, 28)} - {WHO[k]} {VERBS[k]} {town} on Monday, officials said. "
            f"Residents said the situation was calm later in the day. (load report {n})")
    return {"text": text, "date": "2021-07-29", "title": f"Report {n} from {town}"}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--events", type=int, default=20_000)
    ap.add_argument("--writes", type=float, default=0.1, help="fraction of requests that are POSTs")
    ap.add_argument("--db", help="store to use (built there when missing)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    tmp = tempfile.TemporaryDirectory()
    db = Path(args.db) if args.db else Path(tmp.name) / "events.duckdb"
    if not db.exists():
        from serve_bench import build
        build(db, args.events)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, PYTHONPATH=str(ROOT), WIRECODER_TOKEN=TOKEN)
    server = subprocess.Popen([sys.executable, "-m", "wirecoder.cli", "serve", "--db", str(db), "--port", str(port)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(base + "/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                print(server.stderr.read() if server.stderr else "", file=sys.stderr)
                return 1
            time.sleep(0.5)
        auth = {"Authorization": f"Bearer {TOKEN}"}
        # warm the pipeline (model load) so the first POST does not count its load time
        httpx.post(base + "/articles", json=article(random.Random(0), 0), headers=auth, timeout=300)
        ids = [e["id"] for e in httpx.get(base + "/events", params={"limit": 200}, timeout=30).json()["events"]]
        rss = [(0.0, rss_mb(server.pid))]
        lat: dict[str, list[float]] = defaultdict(list)
        errors: list[str] = []
        client_errors = [0]
        lock = threading.Lock()
        counter = [0]
        t0 = time.monotonic()
        stop = t0 + args.seconds

        def worker(w: int) -> None:
            rng = random.Random(args.seed * 100 + w)
            cursor = None
            with httpx.Client(base_url=base, timeout=120) as c:
                while time.monotonic() < stop:
                    r_ = rng.random()
                    try:
                        t = time.perf_counter()
                        if r_ < args.writes:
                            with lock:
                                counter[0] += 1
                                n = counter[0]
                            kind, resp = "POST /articles", c.post("/articles", json=article(rng, n), headers=auth)
                        elif r_ < args.writes + 0.35:
                            p = {"limit": 100, "sort": rng.choice(["-date", "date"])}
                            if rng.random() < 0.5:
                                p["type"] = rng.choice(["ASSAULT", "PROTEST", "AID", "ARREST"])
                            if cursor and rng.random() < 0.5:   # the next page of an earlier query
                                p = {**cursor[0], "cursor": cursor[1], "total": "false"}
                            kind, resp = "GET /events", c.get("/events", params=p)
                            nxt = resp.headers.get("X-Next-Cursor")
                            cursor = ({k: v for k, v in p.items() if k not in ("cursor", "total")}, nxt) if nxt else None
                        elif r_ < args.writes + 0.5:
                            kind, resp = "GET /events geojson", c.get("/events", params={"limit": 1000, "format": "geojson"})
                        elif r_ < args.writes + 0.7:
                            kind, resp = "GET /events/{id}", c.get("/events/" + rng.choice(ids))
                        elif r_ < args.writes + 0.82:
                            kind, resp = "GET /incidents", c.get("/incidents", params={"limit": 50})
                        elif r_ < args.writes + 0.95:
                            kind, resp = "GET /stats", c.get("/stats")
                        else:
                            kind, resp = "GET /health", c.get("/health")
                        dt = time.perf_counter() - t
                    except httpx.HTTPError as e:
                        with lock:
                            errors.append(f"{type(e).__name__}: {e}")
                        continue
                    with lock:
                        if resp.status_code >= 500:
                            errors.append(f"{kind}: {resp.status_code} {resp.text[:120]}")
                        elif resp.status_code >= 400:
                            client_errors[0] += 1
                        else:
                            lat[kind].append(dt)

        threads = [threading.Thread(target=worker, args=(w,), daemon=True) for w in range(args.clients)]
        for t in threads:
            t.start()
        while any(t.is_alive() for t in threads):
            time.sleep(1.0)
            now = time.monotonic() - t0
            if now - rss[-1][0] >= 10:
                rss.append((now, rss_mb(server.pid)))
        elapsed = time.monotonic() - t0
        rss.append((elapsed, rss_mb(server.pid)))
        total = sum(len(v) for v in lat.values())
        print(f"{args.clients} clients, {elapsed:.0f}s, loopback: {total} ok requests ({total / elapsed:.1f} req/s), "
              f"{len(errors)} errors (5xx or exceptions), {client_errors[0]} 4xx")
        for kind in sorted(lat):
            v = sorted(lat[kind])
            q = lambda f: v[min(len(v) - 1, int(f * len(v)))] * 1000  # noqa: E731
            print(f"  {kind:22} {len(v):6}  p50 {q(0.5):7.0f} ms  p99 {q(0.99):7.0f} ms")
        print("server RSS (MB): " + ", ".join(f"{t:.0f}s {m:.0f}" for t, m in rss))
        for e in errors[:10]:
            print("  error:", e)
        return 0 if not errors else 1
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
        tmp.cleanup()


if __name__ == "__main__":
    sys.exit(main())
