"""Evaluate body extraction (the clean stage on HTML) on the Zyte/Scrapinghub benchmark.

Gold: ``<gold>/ground-truth.json`` (``{id: {"articleBody": ...}}``) and ``<gold>/html/<id>.html.gz``
(181 pages in the public release). Scoring follows the benchmark's own ``evaluate.py``:
tokens are ``\\w+`` matches; precision/recall are computed per page over a multiset of
*shingles* (4 consecutive tokens), normalised per page, and averaged over pages (macro);
F1 is the harmonic mean of the averaged P and R. The same formulas on single tokens
(bag of tokens, n=1) are reported as ``token_*``.

Systems compared in the same run: ``wirecoder`` (:func:`wirecoder.clean.clean` on
``content_type="html"``, text minus the title block) and ``trafilatura`` (plain
``trafilatura.extract(html)`` with its defaults).

    python -m wirecoder.eval.clean --gold ../shared/gold/article-extraction [--limit N]
"""
from __future__ import annotations

import argparse
import gzip
import json
import logging
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any, Callable, Optional

from ..errors import InputError
from ..records import Article

log = logging.getLogger("wirecoder.eval")

_TOKEN_RE = re.compile(r"\w+", re.UNICODE)
SHINGLE = 4


def _ngrams(text: str, n: int) -> Counter[tuple[str, ...]]:
    toks = _TOKEN_RE.findall(text or "")
    return Counter(tuple(toks[i:i + n]) for i in range(max(1, len(toks) - n + 1))
                   if toks[i:i + n])


def match_counts(true: str, pred: str, n: int = SHINGLE) -> tuple[float, float, float]:
    """Normalised (tp, fp, fn) of ``pred`` against ``true`` over n-token shingles."""
    t, p = _ngrams(true, n), _ngrams(pred, n)
    tp = fp = fn = 0.0
    for key in t.keys() | p.keys():
        a, b = t.get(key, 0), p.get(key, 0)
        tp += min(a, b)
        fp += max(0, b - a)
        fn += max(0, a - b)
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def aggregate(counts: list[tuple[float, float, float]]) -> dict[str, float]:
    """Macro precision/recall over pages and their F1, as the benchmark computes them."""
    ps = [_precision(*c) for c in counts if c[0] + c[1] > 0]
    rs = [_recall(*c) for c in counts if c[0] + c[2] > 0]
    p = statistics.mean(ps) if ps else 0.0
    r = statistics.mean(rs) if rs else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f}


def load_gold(gold: str | Path) -> tuple[Path, dict[str, dict[str, Any]]]:
    """The gold directory and its ground truth; InputError with a clear message if malformed."""
    root = Path(gold)
    gt_path = root / "ground-truth.json"
    if not gt_path.is_file():
        raise InputError(str(root), "not an article-extraction gold directory "
                                    "(expected ground-truth.json and html/<id>.html.gz)")
    try:
        gt = json.loads(gt_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise InputError(str(gt_path), f"cannot read ground truth: {e}")
    if not isinstance(gt, dict):
        raise InputError(str(gt_path), "expected a JSON object {id: {articleBody: ...}}")
    return root, gt


def read_page(root: Path, key: str) -> str:
    """The HTML of one benchmark page."""
    path = root / "html" / f"{key}.html.gz"
    try:
        with gzip.open(path, "rt", encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError as e:
        raise InputError(str(path), f"cannot read page: {e}")


def wirecoder_body(html: str, options: Any = None) -> str:
    """Body text as wirecoder's clean stage gives it (title block excluded)."""
    from ..clean import clean

    a = clean(Article(id="eval", text="", raw=html, content_type="html"), options)
    return "\n\n".join(a.text[s:e] for s, e, kind in a.blocks if kind != "title")


def trafilatura_body(html: str) -> str:
    """Plain trafilatura with its defaults (the baseline)."""
    import trafilatura

    return trafilatura.extract(html) or ""


def run(gold: str | Path, limit: Optional[int] = None,
        systems: Optional[dict[str, Callable[[str], str]]] = None) -> dict[str, Any]:
    """Score wirecoder and plain trafilatura on the article-extraction gold.

    Returns ``{"pages": n, "systems": {name: {precision, recall, f1, token_precision,
    token_recall, token_f1, seconds}}, "per_page": {name: {id: (p, r)}}}``.
    """
    root, gt = load_gold(gold)
    keys = sorted(gt)[: limit if limit else None]
    systems = systems or {"wirecoder": wirecoder_body, "trafilatura": trafilatura_body}
    counts: dict[str, list] = {name: [] for name in systems}
    tcounts: dict[str, list] = {name: [] for name in systems}
    seconds = {name: 0.0 for name in systems}
    per_page: dict[str, dict[str, tuple[float, float]]] = {name: {} for name in systems}
    for key in keys:
        html = read_page(root, key)
        true = (gt[key] or {}).get("articleBody") or ""
        for name, fn in systems.items():
            t0 = time.perf_counter()
            pred = fn(html)
            seconds[name] += time.perf_counter() - t0
            c = match_counts(true, pred)
            counts[name].append(c)
            tcounts[name].append(match_counts(true, pred, 1))
            per_page[name][key] = (_precision(*c), _recall(*c))
    out: dict[str, Any] = {"pages": len(keys), "systems": {}, "per_page": per_page}
    for name in systems:
        m = aggregate(counts[name])
        tm = aggregate(tcounts[name])
        m.update({f"token_{k}": v for k, v in tm.items()})
        m["seconds"] = seconds[name]
        out["systems"][name] = m
    return out


def format_table(results: dict[str, Any]) -> str:
    """Markdown table of :func:`run` results, one row per system."""
    lines = [
        f"Article body extraction, {results['pages']} pages (shingles of {SHINGLE} tokens, "
        "macro-averaged as in the benchmark; token_* = bag of tokens)",
        "",
        "| system | precision | recall | F1 | token P | token R | token F1 | s/page |",
        "|---|---|---|---|---|---|---|---|",
    ]
    n = max(1, results["pages"])
    for name, m in results["systems"].items():
        lines.append(
            f"| {name} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} | "
            f"{m['token_precision']:.3f} | {m['token_recall']:.3f} | {m['token_f1']:.3f} | "
            f"{m['seconds'] / n:.3f} |")
    return "\n".join(lines)


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m wirecoder.eval.clean",
                                 description="Score HTML body extraction against the "
                                             "article-extraction benchmark.")
    ap.add_argument("--gold", required=True, help="article-extraction gold directory")
    ap.add_argument("--limit", type=int, default=None, help="score only the first N pages")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    try:
        res = run(args.gold, args.limit)
    except InputError as e:
        print(f"wirecoder: {e}", file=sys.stderr)
        return 2
    if args.json:
        res = {k: v for k, v in res.items() if k != "per_page"}
        print(json.dumps(res, indent=2))
    else:
        print(format_table(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
