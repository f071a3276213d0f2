"""Cost of re-ingesting a stored corpus against the first ingest of it.

Real news text (ECB+ and TimeBank/AQUAINT documents read from ../shared/gold, see ``corpus.py``)
is written at run time as one JSON Lines file in a temporary folder, ingested into a new store
(``wirecoder.store.ingest``: clean, spaCy, extraction, dedupe, store), then ingested again. The
second run should find every article stored and skip it before clean and the NLP (``resume.py``):
its cost is reading, hashing and one lookup per 64 articles. Wall and CPU seconds of both runs
and their ratio are printed (CPU is what a shared machine distorts least).

    python benchmarks/resume_bench.py [--docs 100]
"""
from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import news_corpus  # noqa: E402

from wirecoder.store import ingest  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=100, help="articles in the corpus (default 100)")
    args = ap.parse_args()
    docs = news_corpus(args.docs)
    with tempfile.TemporaryDirectory(prefix="wirecoder-resume-") as tmp:
        src = Path(tmp) / "news.jsonl"
        with open(src, "w", encoding="utf-8") as fh:
            for name, text in docs:
                fh.write(json.dumps({"url": f"https://news.example/{name}", "date": "2020-01-01",
                                     "text": text}) + "\n")
        db = Path(tmp) / "store.duckdb"
        from wirecoder import nlp
        nlp.load()   # model loading is paid before either timing
        rows = []
        for label in ("first ingest", "re-ingest"):
            t0, c0 = time.perf_counter(), time.process_time()
            counts = ingest([str(src)], db, stream=io.StringIO())
            rows.append((label, time.perf_counter() - t0, time.process_time() - c0, counts))
    print(f"corpus: {len(docs)} articles, {sum(len(t) for _n, t in docs):,} characters (JSON Lines)")
    for label, wall, cpu, counts in rows:
        print(f"{label:13} wall {wall:7.2f}s  cpu {cpu:7.2f}s  new {counts['new']:4d}  "
              f"unchanged {counts['unchanged']:4d}  events {counts['events']}")
    (_, w1, c1, _), (_, w2, c2, _) = rows
    print(f"re-ingest / first: wall {w2 / w1:.1%}, cpu {c2 / c1:.1%}")


if __name__ == "__main__":
    main()
