"""Mutated real pages (bytes flipped, truncated, markup injected, deep nesting, NULs, surrogates)
through ingest, clean and the isolated pipeline: nothing escapes. A larger run:
``python benchmarks/fuzz_bench.py``."""
from __future__ import annotations

import importlib.util
from pathlib import Path

from wirecoder.ingest import build_article

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("fuzz_bench", ROOT / "benchmarks" / "fuzz_bench.py")
fuzz = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fuzz)  # type: ignore[union-attr]


def test_mutated_pages_never_crash_ingest_clean_or_extract():
    pages = [p for p in fuzz.real_pages(limit=3) if len(p[1]) < 120_000] or fuzz.real_pages(limit=0)
    res = fuzz.fuzz_pages(pages, n=24, n_extract=4, seed=7)
    assert res["crashes"] == []
    assert sum(res["outcomes"].values()) == 24 + 4


def test_a_malformed_canonical_url_does_not_lose_the_article():
    """Found by the fuzz: urlsplit raises on a bracketed host that is no IP address."""
    page = ('<html><head><link rel="canonical" href="http://[<!ENTITY a>]/x"></head><body>'
            "<p>Rebels attacked the town of Kunduz on Monday, officials said.</p></body></html>")
    a = build_article(page, source="x.html")
    assert a.url is None and a.id
    assert build_article("Rebels attacked Kunduz.", source="r", url="http://[zz]/a").site is None
