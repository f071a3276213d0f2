"""Throughput of :func:`wirecoder.resolve.dates.find_timexes` (words/s) and peak memory.

Reads the text of the TimeML documents (TimeBank + AQUAINT) at run time from the shared gold folder
(``$WIRECODER_SHARED/gold/tempeval3/TBAQ-cleaned``, default the repo's sibling ``shared``), runs
the grammar over every document ``--repeat`` times and prints words/s, documents/s and the peak RSS.
With ``--dateparser`` it also times dateparser's ``search_dates`` on a sample, as the baseline the
grammar replaced.

    python benchmarks/dates_bench.py [--gold DIR] [--repeat 5] [--dateparser]
"""
from __future__ import annotations

import argparse
import datetime as _dt
import os
import resource
import sys
import time
from pathlib import Path

from wirecoder.errors import InputError
from wirecoder.eval.time import iter_gold
from wirecoder.resolve.dates import find_timexes


def _default_gold() -> Path:
    shared = Path(os.environ.get("WIRECODER_SHARED", Path(__file__).resolve().parents[1] / ".." / "shared"))
    return shared / "gold" / "tempeval3" / "TBAQ-cleaned"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", type=Path, default=_default_gold())
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--dateparser", action="store_true", help="also time dateparser.search on 20 documents")
    args = ap.parse_args(argv)
    try:
        docs = [(d.text, d.dct) for d in iter_gold(args.gold)]
    except InputError as err:
        print(f"wirecoder: {err}", file=sys.stderr)
        return 2
    words = sum(len(t.split()) for t, _ in docs)
    find_timexes(docs[0][0], docs[0][1])  # warm up (regex compilation happens at import)
    t0, c0 = time.perf_counter(), time.process_time()
    n = 0
    for _ in range(args.repeat):
        for text, ref in docs:
            n += len(find_timexes(text, ref))
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"find_timexes: {len(docs)} docs, {words} words x {args.repeat}: {dt:.2f} s wall, {cpu:.2f} s CPU, "
          f"{words * args.repeat / dt:,.0f} words/s ({words * args.repeat / cpu:,.0f} per CPU-second), "
          f"{len(docs) * args.repeat / dt:,.0f} docs/s, {n // args.repeat} timexes per pass")
    if args.dateparser:
        from dateparser.search import search_dates

        sample = docs[:20]
        sw = sum(len(t.split()) for t, _ in sample)
        t0, c0 = time.perf_counter(), time.process_time()
        for text, ref in sample:
            search_dates(text, languages=["en"], settings={
                "RELATIVE_BASE": _dt.datetime.combine(ref, _dt.time()), "PREFER_DATES_FROM": "past"})
        dt, cpu = time.perf_counter() - t0, time.process_time() - c0
        print(f"dateparser.search_dates (baseline): {sw} words: {dt:.2f} s, {sw / dt:,.0f} words/s "
              f"({sw / cpu:,.0f} per CPU-second)")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
