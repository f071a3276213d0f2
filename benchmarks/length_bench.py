"""Cost of one article as a function of its length: time per character from 10k to 400k characters.

Two kinds of long article, both built at run time (nothing is copied into the repository):

- ``real``: real news text (ECB+ and TimeBank/AQUAINT documents read from ../shared/gold, see
  ``corpus.py``) concatenated paragraph by paragraph until the length is reached, the way a
  live blog or a scraped page that glued many reports together looks;
- ``synthetic``: sentences generated from templates dense in events, actors, places, dates and
  counts (one event candidate every sentence), the worst case for the per-candidate stages.

Each article goes through the whole pipeline (clean, spaCy, extraction, dates, places) in this
process, after a warm-up; the script prints seconds, microseconds per character and the ratio of
each length's cost to the 50k article's (linear cost gives ratio = length / 50k, i.e. 8x at 400k).
``--big`` adds one article of that many characters and reports its time and the peak RSS of a
child process that runs only it (so the peak is the big article's own).

    python benchmarks/length_bench.py                      # 10k..400k, real and synthetic
    python benchmarks/length_bench.py --big 1900000        # and a 1.9 MB article
    python benchmarks/length_bench.py --kinds synthetic --lengths 50000,400000
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import news_corpus  # noqa: E402

from wirecoder.ingest import build_article  # noqa: E402
from wirecoder.pipeline import PipelineOptions, process_article  # noqa: E402

ACTORS = ["Taliban fighters", "Afghan soldiers", "the police", "protesters", "the army",
          "Russian troops", "rebels", "Pakistani officials", "the United Nations", "local militias",
          "government forces", "Islamic State militants", "border guards", "aid workers"]
VERBS = ["attacked", "captured", "shelled", "fled to", "met officials in", "arrested people in",
         "protested in", "sent aid to", "withdrew from", "bombed", "surrounded", "negotiated with leaders in"]
PLACES = ["Kunduz", "Kabul", "Chitral", "Peshawar", "Herat", "Kandahar", "Mazar-i-Sharif",
          "Quetta", "Dushanbe", "Islamabad", "Lashkar Gah", "Jalalabad", "Baghlan", "Faryab"]
WHEN = ["on Monday", "on Sunday", "last week", "on July 1", "in June", "on 3 August",
        "yesterday", "earlier this month", "on Friday night", "two days ago"]
COUNTS = ["killing at least 12 people", "wounding 30", "and detained more than 40 people",
          "leaving 5 dead", "with about 200 families displaced", "", "", ""]


def synthetic_text(n_chars: int, seed: int = 7) -> str:
    rnd = random.Random(seed)
    paras, size = [], 0
    while size < n_chars:
        sents = []
        for _ in range(rnd.randint(2, 5)):
            s = f"{rnd.choice(ACTORS).capitalize()} {rnd.choice(VERBS)} {rnd.choice(PLACES)} {rnd.choice(WHEN)}"
            c = rnd.choice(COUNTS)
            sents.append((s + (", " + c if c else "")).rstrip() + ".")
        if rnd.random() < 0.3:
            sents.append(f"Officials said the situation in {rnd.choice(PLACES)} remained tense.")
        p = " ".join(sents)
        paras.append(p)
        size += len(p) + 2
    return "\n\n".join(paras)[:n_chars].rsplit(" ", 1)[0] + "."


def real_text(n_chars: int, docs: list[str]) -> str:
    paras, size, k = [], 0, 0
    while size < n_chars:
        for p in docs[k % len(docs)].split("\n\n"):
            paras.append(p.strip())
            size += len(p) + 2
        k += 1
    return "\n\n".join(p for p in paras if p)[:n_chars].rsplit(" ", 1)[0] + "."


def make(kind: str, n: int, docs: list[str]) -> str:
    return synthetic_text(n) if kind == "synthetic" else real_text(n, docs)


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (a very long article's selected
    lines are parsed in forked processes, see wirecoder.longtext)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def run_one(text: str, geocode: bool = True) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of this process and its children, events) of the whole pipeline."""
    art = build_article(text, source="bench", content_type="text", date_option="2021-07-26")
    t0, c0 = time.perf_counter(), _cpu()
    _a, events = process_article(art, PipelineOptions(geocode=geocode))
    return time.perf_counter() - t0, _cpu() - c0, len(events)


def child(kind: str, n: int) -> None:
    """Run one article in this (fresh) process; print JSON with time, events, peak RSS."""
    docs = [t for _n, t in news_corpus()] if kind == "real" else []
    text = make(kind, n, docs)
    run_one("Warm-up: fighters attacked Kabul on Monday.")
    secs, cpu, n_ev = run_one(text)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"chars": len(text), "seconds": secs, "cpu": cpu, "events": n_ev, "peak_rss_mb": rss,
                      "child_peak_rss_mb": kids}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lengths", default="10000,25000,50000,100000,200000,400000")
    ap.add_argument("--kinds", default="real,synthetic")
    ap.add_argument("--big", type=int, default=0, help="also one article of this many characters, in a child process")
    ap.add_argument("--big-kind", default="real")
    ap.add_argument("--no-geocode", action="store_true")
    ap.add_argument("--child", nargs=2, metavar=("KIND", "CHARS"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]))
        return
    lengths = [int(x) for x in args.lengths.split(",") if x]
    kinds = [k for k in args.kinds.split(",") if k]
    docs = [t for _n, t in news_corpus()] if "real" in kinds else []
    run_one("Warm-up: Taliban fighters attacked a police post in Kunduz on Monday.", not args.no_geocode)
    print("wall: elapsed seconds; cpu: CPU seconds of this process and its parsing children (what a shared "
          "machine distorts least);")
    print("x 50k: cost (CPU) relative to the 50k article of the same kind; linear is length / 50k")
    print(f"{'kind':10} {'chars':>9} {'wall s':>8} {'cpu s':>8} {'cpu us/char':>11} {'events':>7} {'x 50k':>6} {'linear':>6}")
    for kind in kinds:
        base = None
        rows = []
        for n in lengths:
            text = make(kind, n, docs)
            secs, cpu, n_ev = run_one(text, not args.no_geocode)
            rows.append((n, len(text), secs, cpu, n_ev))
            if n == 50000:
                base = cpu
        for n, chars, secs, cpu, n_ev in rows:
            ratio = f"{cpu / base:6.1f}" if base else "     -"
            print(f"{kind:10} {chars:9d} {secs:8.2f} {cpu:8.2f} {cpu / chars * 1e6:11.1f} {n_ev:7d} {ratio} "
                  f"{n / 50000:6.1f}")
        sys.stdout.flush()
    if args.big:
        out = subprocess.run([sys.executable, __file__, "--child", args.big_kind, str(args.big)],
                             capture_output=True, text=True)
        if out.returncode:
            print(f"big article failed: {out.stderr.strip().splitlines()[-1:]}")
        else:
            r = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"big ({args.big_kind}): {r['chars']} chars in {r['seconds']:.1f} s wall, {r['cpu']:.1f} s CPU "
                  f"({r['cpu'] / r['chars'] * 1e6:.1f} CPU us/char), {r['events']} events, "
                  f"peak RSS {r['peak_rss_mb']:.0f} MB (largest parsing child {r['child_peak_rss_mb']:.0f} MB)")


if __name__ == "__main__":
    main()
