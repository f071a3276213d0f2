"""Fuzz: the API's parameters and cursors, and ingest/clean/extract on mutated real pages.

    python benchmarks/fuzz_bench.py [--requests 5000] [--pages 300] [--extract 60] [--seed 1]

API: seeded random requests (every parameter of /events, /stats, /incidents with nasty values,
mutated cursors, odd ids) against the app over the test store, in process (no socket); counts
responses by status and fails on any 500.

Pages: real pages (``../shared/gold/article-extraction/html/*.html.gz`` when present, read there,
plus the packaged examples) mutated (bytes flipped, truncated, tags and markup injected, a chunk
repeated, deep nesting, NULs, surrogates, binary noise), then ingested (``build_article``), cleaned
and, for ``--extract`` of them, run through the isolated pipeline. Counts outcomes; any exception
that escapes (a crash) and the slowest page are printed. Exit status 1 on any crash or 500.
"""
from __future__ import annotations

import argparse
import gzip
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_PAGES = ROOT.parent / "shared" / "gold" / "article-extraction" / "html"

INJECT = ["<script>", "</script>", "<style>", "<!--", "-->", "<![CDATA[", "]]>", "<div>", "</div>",
          "<p>", "</p>", "<html>", "</body>", "<meta charset='utf-16'>", "<base href='javascript:x'>",
          "&#0;", "&#xD800;", "&amp", "<a href='javascript:alert(1)'>", "<table><tr><td>", "<svg><foreignObject>",
          "\x00", "\ufeff", "\u202e", "\ud800", "<?xml version='1.0'?>", "<!DOCTYPE x [<!ENTITY a 'b'>]>"]


def real_pages(limit: int) -> list[tuple[str, str]]:
    """(name, text) of real pages: the shared gold pages (read in place) and the packaged examples."""
    out: list[tuple[str, str]] = []
    for p in sorted(SHARED_PAGES.glob("*.html.gz"))[:limit]:
        out.append((p.name, gzip.decompress(p.read_bytes()).decode("utf-8", "replace")))
    for p in sorted((ROOT / "wirecoder" / "examples").glob("*.*")):
        if p.suffix in (".txt", ".html"):
            out.append((p.name, p.read_text(encoding="utf-8")))
    return out


def mutate(text: str, rng: random.Random) -> str:
    """One random mutation (sometimes two) of a page."""
    for _ in range(rng.choice((1, 1, 2))):
        n = len(text) or 1
        op = rng.randrange(9)
        i = rng.randrange(n)
        if op == 0:   # flip characters
            chars = list(text)
            for _ in range(rng.randint(1, 50)):
                if chars:
                    chars[rng.randrange(len(chars))] = chr(rng.choice((0, 0xFFFD, 0x202E, rng.randint(1, 0x2FFF))))
            text = "".join(chars)
        elif op == 1:  # truncate
            text = text[:i]
        elif op == 2:  # inject markup
            text = text[:i] + "".join(rng.choice(INJECT) for _ in range(rng.randint(1, 20))) + text[i:]
        elif op == 3:  # repeat a chunk
            j = min(n, i + rng.randint(10, 2000))
            text = text[:j] + text[i:j] * rng.randint(2, 50) + text[j:]
        elif op == 4:  # deep nesting
            d = rng.randint(100, 3000)
            text = text[:i] + "<div>" * d + "x" + "</div>" * rng.randint(0, d) + text[i:]
        elif op == 5:  # unclosed tags
            text = text[:i] + rng.choice(["<script>", "<style>", "<!--", "<title>"]) * rng.randint(1, 200) + text[i:]
        elif op == 6:  # lone surrogates and NULs
            text = text[:i] + "\ud800\x00\udfff" * rng.randint(1, 20) + text[i:]
        elif op == 7:  # binary noise
            text = text[:i] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 300))).decode("latin-1") + text[i:]
        else:         # drop the head or the body
            k = text.find("<body")
            text = text[k:] if k > 0 and rng.random() < 0.5 else text[: max(k, 0)] or text[i:]
    return text


def fuzz_pages(pages: list[tuple[str, str]], n: int, n_extract: int, seed: int) -> dict[str, object]:
    """Mutated pages through build_article + clean (all) and the isolated pipeline (``n_extract``)."""
    from wirecoder.clean import clean
    from wirecoder.ingest import build_article
    from wirecoder.isolation import ArticleFailure, process_isolated

    rng = random.Random(seed)
    outcomes: Counter[str] = Counter()
    crashes: list[str] = []
    slowest = (0.0, "")
    to_extract = []
    for k in range(n):
        name, page = pages[k % len(pages)]
        raw = mutate(page, rng)
        where = f"{name}#mut{k}"
        t = time.perf_counter()
        try:
            art = build_article(raw, source=where)
            cleaned = clean(art)
            outcomes["cleaned" if cleaned.text.strip() else "cleaned, empty"] += 1
            if len(to_extract) < n_extract:
                to_extract.append(art)
        except Exception as e:  # noqa: BLE001 - what the fuzz is looking for
            crashes.append(f"{where}: {type(e).__name__}: {str(e)[:150]}")
        dt = time.perf_counter() - t
        if dt > slowest[0]:
            slowest = (dt, f"{where} ({len(raw):,} chars)")
    try:
        for item in process_isolated(to_extract):
            outcomes[f"failed_{item.stage}" if isinstance(item, ArticleFailure) else "extracted"] += 1
    except Exception as e:  # noqa: BLE001
        crashes.append(f"process_isolated: {type(e).__name__}: {str(e)[:150]}")
    return {"outcomes": outcomes, "crashes": crashes, "slowest": slowest}


def fuzz_api(n: int, seed: int) -> tuple[Counter[int], list[str]]:
    import importlib.util
    import tempfile

    sys.path.insert(0, str(ROOT / "tests" / "serve"))
    from fastapi.testclient import TestClient
    from serve_helpers import TOKEN, build_store

    from wirecoder.serve import ServeConfig, create_app

    spec = importlib.util.spec_from_file_location("api_fuzz", ROOT / "tests" / "serve" / "test_fuzz.py")
    fz = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fz)  # type: ignore[union-attr]
    statuses: Counter[int] = Counter()
    fails: list[str] = []
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "events.duckdb"
        build_store(db)
        with TestClient(create_app(ServeConfig(db=db, token=TOKEN, read_only=True))) as api:
            cursors = {}
            for path, sort in (("/events", "-date"), ("/events", "date"), ("/events", "-confidence"),
                               ("/incidents", "-date")):
                params = {"limit": 1, "sort": sort} | ({"min_clusters": 1} if path == "/incidents" else {})
                cursors[(path, sort)] = (params, fz.mutated_cursors(fz.real_cursor(api, path, params), rng, n // 8))
            for k in range(n):
                if k % 2 and cursors:
                    (path, _), (params, cs) = rng.choice(sorted(cursors.items()))
                    r = api.get(path, params={**params, "cursor": rng.choice(cs)})
                else:
                    path = rng.choice(sorted(fz.PARAMS))
                    names = rng.sample(fz.PARAMS[path], rng.randint(1, 5))
                    r = api.get(path, params=[(nm, rng.choice(fz.NASTY)) for nm in names])
                statuses[r.status_code] += 1
                if r.status_code >= 500:
                    fails.append(f"{r.request.url}: {r.status_code} {r.text[:150]}")
    return statuses, fails


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=5000)
    ap.add_argument("--pages", type=int, default=300)
    ap.add_argument("--extract", type=int, default=60, help="how many of the mutated pages also go through NLP")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    bad = 0
    if args.requests:
        t = time.perf_counter()
        statuses, fails = fuzz_api(args.requests, args.seed)
        print(f"API: {sum(statuses.values())} requests in {time.perf_counter() - t:.0f}s, statuses "
              + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items())) + f"; {len(fails)} 5xx")
        for f in fails[:10]:
            print("  500:", f)
        bad += len(fails)
    if args.pages:
        pages = real_pages(limit=200)
        t = time.perf_counter()
        res = fuzz_pages(pages, args.pages, args.extract, args.seed)
        print(f"pages: {args.pages} mutations of {len(pages)} real pages in {time.perf_counter() - t:.0f}s: "
              + ", ".join(f"{k} {v}" for k, v in sorted(res["outcomes"].items()))  # type: ignore[union-attr]
              + f"; {len(res['crashes'])} crashes; slowest {res['slowest'][0]:.2f}s {res['slowest'][1]}")
        for c in res["crashes"][:10]:  # type: ignore[index]
            print("  crash:", c)
        bad += len(res["crashes"])  # type: ignore[arg-type]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
