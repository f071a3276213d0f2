"""CPU time of the stages after parsing (extract, assemble, dates, places) on already parsed news.

The texts of extract_bench (ECB+ and TimeBank/AQUAINT documents read from ../shared/gold) are parsed
once; after a warm-up (resources loaded, the gazetteer's caches filled by one pass), ``events_for``
runs over fresh copies of the parses ``--repeat`` times and the CPU seconds of each pass are printed,
with their minimum and median. CPU time of this process, so other jobs on a shared machine move it
less than wall time; the parse is left out, so a change after parsing is seen without its noise.

    python benchmarks/after_parse_bench.py [--limit N] [--repeat K] [--no-geocode]
"""
from __future__ import annotations

import argparse
import logging
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import news_corpus  # noqa: E402

from wirecoder import nlp  # noqa: E402
from wirecoder.ingest import build_article  # noqa: E402
from wirecoder.pipeline import PipelineOptions, events_for, prepare  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=150, help="documents (default 150; 0 = all)")
    ap.add_argument("--repeat", type=int, default=3, help="timed passes (default 3)")
    ap.add_argument("--no-geocode", action="store_true")
    args = ap.parse_args()
    logging.disable(logging.WARNING)      # the undated-event warnings of each pass
    docs = news_corpus(args.limit or None)
    opts = PipelineOptions(geocode=not args.no_geocode)
    cleaned = [prepare(build_article(text, source=name, date_option="2020-01-01"), opts) for name, text in docs]
    lang = nlp.load(opts.model)
    parsed = list(lang.pipe((a.text for a in cleaned), batch_size=opts.batch_size))
    for a, d in zip(cleaned, parsed):      # warm-up: resources, gazetteer caches
        events_for(a, d.copy(), opts)
    cpu = []
    for _ in range(max(1, args.repeat)):
        fresh = [d.copy() for d in parsed]     # no per-Doc cache carried over from a pass before
        c0 = time.process_time()
        n_events = sum(len(events_for(a, d, opts)) for a, d in zip(cleaned, fresh))
        cpu.append(time.process_time() - c0)
    words = sum(len(a.text.split()) for a in cleaned)
    print(f"corpus: {len(cleaned)} articles, {words} words; {n_events} events")
    print("CPU seconds of the stages after parsing, per pass: " + ", ".join(f"{c:.2f}" for c in cpu))
    print(f"min {min(cpu):.2f}, median {statistics.median(cpu):.2f}")


if __name__ == "__main__":
    main()
