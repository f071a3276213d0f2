"""Throughput of the clean stage: HTML pages/s and plain-text lines/s, plus peak memory.

HTML: the article-extraction benchmark pages (``<shared>/gold/article-extraction/html``), each
cleaned by wirecoder and, in the same process, by plain ``trafilatura.extract`` as the baseline.
Text: a corpus built at run time from the seed sample, the ECB+ documents and the TimeBank/AQUAINT
documents in ``<shared>`` (text reconstructed from their markup), repeated until it has at least
``--text-lines`` lines, cleaned article by article.

    python benchmarks/clean_bench.py [--shared ../shared] [--pages N] [--text-lines 200000]
"""
from __future__ import annotations

import argparse
import gzip
import html as htmllib
import os
import re
import resource
import sys
import time
from pathlib import Path

from wirecoder.clean import clean
from wirecoder.records import Article

_TAG_RE = re.compile(r"<[^>]+>")
_TOKEN_RE = re.compile(r'<token [^>]*sentence="(\d+)"[^>]*>([^<]*)</token>')


def default_shared() -> Path:
    env = os.environ.get("WIRECODER_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[1] / ".." / "shared"


def ecb_text(path: Path) -> str:
    """One ECB+ document as text: tokens joined by spaces, one line per sentence."""
    sents: dict[int, list[str]] = {}
    for m in _TOKEN_RE.finditer(path.read_text(encoding="utf-8", errors="replace")):
        sents.setdefault(int(m.group(1)), []).append(htmllib.unescape(m.group(2)))
    return "\n".join(" ".join(t) for _, t in sorted(sents.items()))


def tml_text(path: Path) -> str:
    """The TEXT element of a TimeML document with its tags removed."""
    s = path.read_text(encoding="utf-8", errors="replace")
    m = re.search(r"<TEXT>(.*?)</TEXT>", s, re.DOTALL)
    return htmllib.unescape(_TAG_RE.sub("", m.group(1) if m else ""))


def text_corpus(shared: Path) -> list[str]:
    docs = []
    seed = shared / "samples" / "chitral-border-refuge.txt"
    if seed.is_file():
        docs.append(seed.read_text(encoding="utf-8"))
    docs += [ecb_text(p) for p in sorted((shared / "gold" / "ecbplus").rglob("*.xml"))]
    docs += [tml_text(p) for p in sorted((shared / "gold" / "tempeval3").rglob("*.tml"))]
    return [d for d in docs if d.strip()]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def bench_html(shared: Path, limit: int | None) -> None:
    import trafilatura

    pages = sorted((shared / "gold" / "article-extraction" / "html").glob("*.html.gz"))[:limit]
    if not pages:
        print("html: no benchmark pages found, skipped", file=sys.stderr)
        return
    htmls = [gzip.open(p, "rt", encoding="utf-8", errors="replace").read() for p in pages]
    mb = sum(len(h) for h in htmls) / 1e6
    t0 = time.perf_counter()
    for i, h in enumerate(htmls):
        clean(Article(id=str(i), text="", raw=h, content_type="html"))
    ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    for h in htmls:
        trafilatura.extract(h)
    base = time.perf_counter() - t0
    print(f"html: {len(htmls)} pages ({mb:.1f} MB): wirecoder {len(htmls) / ours:.1f} pages/s, "
          f"trafilatura.extract {len(htmls) / base:.1f} pages/s (ratio {base / ours:.2f})")


def bench_text(shared: Path, min_lines: int) -> None:
    docs = text_corpus(shared)
    if not docs:
        print("text: no corpus found, skipped", file=sys.stderr)
        return
    per_round = sum(d.count("\n") + 1 for d in docs)
    rounds = max(1, -(-min_lines // per_round))
    n_lines = per_round * rounds
    n_words = sum(len(d.split()) for d in docs) * rounds
    t0 = time.perf_counter()
    for r in range(rounds):
        for i, d in enumerate(docs):
            clean(Article(id=f"{r}-{i}", text="", raw=d))
    dt = time.perf_counter() - t0
    print(f"text: {len(docs) * rounds} articles, {n_lines} lines, {n_words} words: "
          f"{n_lines / dt:,.0f} lines/s, {n_words / dt:,.0f} words/s, "
          f"{len(docs) * rounds / dt:,.0f} articles/s")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=default_shared())
    ap.add_argument("--pages", type=int, default=None, help="HTML pages to use (default all)")
    ap.add_argument("--text-lines", type=int, default=200_000)
    args = ap.parse_args()
    bench_text(args.shared, args.text_lines)
    bench_html(args.shared, args.pages)
    print(f"peak RSS: {peak_rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
