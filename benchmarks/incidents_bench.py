"""Incident bounds on ordinary news: a store built from the Zyte article-extraction benchmark's
181 HTML pages plus the seed, through the whole pipeline; prints the incidents, their largest
span in days and countries, and every incident out of bounds (there should be none).

    python benchmarks/incidents_bench.py [--shared ../shared] [--db /tmp/zyte.duckdb] [--limit N]

``tests/dedupe/test_incident_bounds.py`` runs the same check on the first 20 pages.
"""
from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from wirecoder.incidents import list_incidents, out_of_bounds  # noqa: E402
from wirecoder.store import Store, ingest  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--db", default=None, help="store file (default: a temporary one); reused if it exists")
    ap.add_argument("--limit", type=int, default=None, help="only the first N pages")
    args = ap.parse_args()
    shared = Path(args.shared)
    pages = sorted((shared / "gold" / "article-extraction" / "html").glob("*.html.gz"))[:args.limit]
    seed = shared / "samples" / "chitral-border-refuge.txt"
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(args.db) if args.db else Path(tmp) / "zyte.duckdb"
        t0 = time.monotonic()
        counts = ingest([str(p) for p in pages] + [str(seed)], db, stream=io.StringIO())
        took = time.monotonic() - t0
        with Store(db, read_only=True) as store:
            con = store.con
            n = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "clusters", "incidents")}
            sizes = con.execute(
                "SELECT max(num_clusters), max(end_date - start_date), max(len(countries)) FROM incidents").fetchone()
            places = con.execute(
                "SELECT max(k) FROM (SELECT count(DISTINCT country) AS k FROM clusters "
                "WHERE incident_id IS NOT NULL GROUP BY incident_id)").fetchone()[0]
            bad = out_of_bounds(con)
            incs = list_incidents(store, limit=100000)
            unordered = sum(1 for i in incs if [t["date"] for t in i["timeline"]] != sorted(t["date"] for t in i["timeline"]))
    print(json.dumps({"pages": len(pages) + 1, "ingest": counts, "ingest_s": round(took, 1), **n,
                      "largest_incident_clusters": sizes[0], "longest_incident_days": sizes[1],
                      "most_actor_countries": sizes[2], "most_place_countries": places,
                      "out_of_bounds": bad, "timelines_not_in_date_order": unordered}, indent=1, default=str))
    return 1 if bad or unordered else 0


if __name__ == "__main__":
    sys.exit(main())
