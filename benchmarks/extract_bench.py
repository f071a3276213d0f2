"""Throughput of `extract` (clean + spaCy + extraction + dates + places) beside bare spaCy `nlp.pipe`.

Both run in this process on the same real news text (ECB+ and TimeBank/AQUAINT documents read from
../shared/gold), bare spaCy first so that model loading is paid before either timing. Prints
articles/s, words/s, the ratio extract/bare, the time of the stages after parsing, and peak RSS.

    python benchmarks/extract_bench.py [--limit N] [--no-geocode] [--event-model [--model-dir DIR ...]]

With ``--event-model`` the stages after parsing also run with the learned event model (loaded and
warmed up before timing, as spaCy is) and a second ratio is printed; ``--model-dir`` given several
times times each model directory in turn on the same parses (one ratio each, all in one run).
"""
from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))   # this checkout's wirecoder, not an installed one

from corpus import news_corpus  # noqa: E402

from wirecoder import nlp  # noqa: E402
from wirecoder.ingest import build_article  # noqa: E402
from wirecoder.pipeline import PipelineOptions, events_for, prepare  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=400, help="documents (default 400; 0 = all)")
    ap.add_argument("--no-geocode", action="store_true")
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--event-model", action="store_true", help="also time extract with the learned event model")
    ap.add_argument("--model-dir", action="append", default=None,
                    help="event model directory (default: the packaged one); repeat to compare several")
    args = ap.parse_args()
    docs = news_corpus(args.limit or None)
    articles = [build_article(text, source=name, date_option="2020-01-01") for name, text in docs]
    opts = PipelineOptions(geocode=not args.no_geocode, batch_size=args.batch_size)
    cleaned = [prepare(a, opts) for a in articles]
    words = sum(len(a.text.split()) for a in cleaned)
    lang = nlp.load(opts.model)
    if opts.geocode:
        from wirecoder.resolve.places import Geocoder
        Geocoder.default().places(lang("Warm-up in Paris."))
    list(lang.pipe(["warm up the model"] * 4))

    t0, c0 = time.perf_counter(), time.process_time()
    docs_parsed = list(lang.pipe((a.text for a in cleaned), batch_size=args.batch_size))
    bare, bare_cpu = time.perf_counter() - t0, time.process_time() - c0

    t0, c0 = time.perf_counter(), time.process_time()
    cleaned2 = [prepare(a, opts) for a in articles]
    t_clean, c_clean = time.perf_counter() - t0, time.process_time() - c0
    t0 = time.perf_counter()
    parsed = list(lang.pipe((a.text for a in cleaned2), batch_size=args.batch_size))
    t_parse = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    n_events = sum(len(events_for(a, d, opts)) for a, d in zip(cleaned2, parsed))
    t_after, c_after = time.perf_counter() - t0, time.process_time() - c0
    full = t_clean + t_parse + t_after
    del docs_parsed
    timed = []   # (model dir, wall s, CPU s, events, sentence windows encoded)
    if args.event_model:
        import dataclasses

        from wirecoder.model import load_model
        for mdir in args.model_dir or [None]:
            mopts = dataclasses.replace(opts, event_model=True, model_dir=mdir)
            m = load_model(mdir)
            m.predict([("Warm up the encoder.", (0, 4))])
            w0 = m.windows_encoded
            t0, c0 = time.perf_counter(), time.process_time()
            n_model = sum(len(events_for(a, d, mopts)) for a, d in zip(cleaned2, parsed))
            timed.append((mdir, time.perf_counter() - t0, time.process_time() - c0, n_model, m.windows_encoded - w0))

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    n = len(articles)
    print(f"corpus: {n} articles, {words} words (ECB+ and TimeBank/AQUAINT news)")
    print(f"bare nlp.pipe : {n / bare:8.1f} articles/s {words / bare:9.0f} words/s")
    print(f"extract       : {n / full:8.1f} articles/s {words / full:9.0f} words/s  ({n_events} events)")
    print(f"  clean {t_clean:.2f}s, parse {t_parse:.2f}s, extract+dates+places {t_after:.2f}s "
          f"({t_after / full:.0%} of extract)")
    print(f"ratio extract/bare: {bare / full:.2f}")
    # CPU seconds of this process: robust to other jobs on a shared machine (the parse inside extract
    # is the same work as the bare parse, so the bare parse's CPU time stands for it); the stages after
    # parsing include loading extract's resources (lexicon, cues, actor dictionaries) on first use
    print(f"CPU seconds: bare parse {bare_cpu:.2f}, clean {c_clean:.2f}, stages after parsing {c_after:.2f} "
          f"({c_after / bare_cpu:.0%} of the bare parse); ratio extract/bare "
          f"{bare_cpu / (c_clean + bare_cpu + c_after):.2f}")
    for mdir, t_model, c_model, n_model, n_windows in timed:
        full_m = t_clean + t_parse + t_model
        print(f"extract + event model ({mdir or 'packaged'}): {n / full_m:8.1f} articles/s {words / full_m:9.0f} "
              f"words/s  ({n_model} events; stages after parsing {t_model:.2f}s; {n_windows} sentence windows encoded)")
        print(f"ratio extract+model/bare: {bare / full_m:.2f}")
        # CPU seconds of this process: robust to other jobs on a shared machine (the parse inside
        # extract is the same work as the bare parse, so the bare parse's CPU time stands for it)
        print(f"CPU seconds: bare parse {bare_cpu:.2f}, stages after parsing {c_after:.2f} without the model, "
              f"{c_model:.2f} with it; ratio extract/bare {bare_cpu / (bare_cpu + c_after):.2f}, "
              f"extract+model/bare {bare_cpu / (bare_cpu + c_model):.2f}")
    print(f"peak RSS: {rss:.0f} MB")


if __name__ == "__main__":
    main()
