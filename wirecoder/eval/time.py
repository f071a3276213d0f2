"""Score :func:`wirecoder.resolve.dates.find_timexes` against TimeML TIMEX3 gold (TempEval-3 style).

The gold is a folder of TimeML ``.tml`` files, e.g. TBAQ-cleaned (TimeBank 1.2 + AQUAINT) at
``../shared/gold/tempeval3/TBAQ-cleaned``. For every document the plain text of the ``<TEXT>``
element is run through ``find_timexes`` with the document creation time (the TIMEX3 with
``functionInDocument="CREATION_TIME"``) as reference; that DCT timex lies outside ``<TEXT>`` and is
never scored. Measures, per sub-corpus (the first folder under the gold root) and in total:

* strict recognition P/R/F1 -- exact character span match;
* relaxed recognition P/R/F1 -- any overlap (each gold and system timex matched at most once);
* value and type accuracy over relaxed matches, and value F1 as TempEval-3 computes it: value
  accuracy times relaxed F1, i.e. relaxed matches whose value string equals the gold's, counted
  against all system and all gold timexes (an unmatched system or gold timex counts as a miss on
  its side; each gold and system timex is matched at most once, to the first one it overlaps);
* ``iso value F1``: the same with both values written in one ISO 8601 spelling first (gold
  "2000-W2" = "2000-W02"), which TempEval-3's scorer does not do.

Run: ``python -m wirecoder.eval.time --gold ../shared/gold/tempeval3/TBAQ-cleaned [--limit N]``.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import logging
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

from wirecoder.errors import InputError
from wirecoder.resolve.dates import find_timexes

log = logging.getLogger("wirecoder.eval.time")


@dataclass
class GoldTimex:
    start: int
    end: int
    text: str
    value: str
    type: str


@dataclass
class GoldDoc:
    path: Path
    corpus: str
    dct: _dt.date
    text: str
    timexes: list[GoldTimex]


def _flatten(elem: ET.Element, parts: list[str], pos: list[int], out: list[GoldTimex]) -> None:
    """Append the text under ``elem`` to ``parts``, recording TIMEX3 spans."""
    if elem.text:
        parts.append(elem.text)
        pos[0] += len(elem.text)
    for child in elem:
        start = pos[0]
        _flatten(child, parts, pos, out)
        if child.tag == "TIMEX3" and child.get("functionInDocument") != "CREATION_TIME":
            text = "".join(parts)[start:pos[0]]
            out.append(GoldTimex(start, pos[0], text, child.get("value", ""), child.get("type", "")))
        if child.tail:
            parts.append(child.tail)
            pos[0] += len(child.tail)


def read_tml(path: Path, corpus: str = "") -> GoldDoc:
    """Read one TimeML document: the ``<TEXT>`` plain text, its TIMEX3 spans and the DCT."""
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as err:
        raise InputError(str(path), f"not a readable TimeML file ({err})") from None
    dct_elem = next((t for t in root.iter("TIMEX3") if t.get("functionInDocument") == "CREATION_TIME"), None)
    if dct_elem is None or not dct_elem.get("value"):
        raise InputError(str(path), "no TIMEX3 with functionInDocument=\"CREATION_TIME\" (document date)")
    try:
        dct = _dt.date.fromisoformat(dct_elem.get("value", "")[:10])
    except ValueError:
        raise InputError(str(path), f"creation time {dct_elem.get('value')!r} is not an ISO date") from None
    text_elem = root.find("TEXT")
    if text_elem is None:
        raise InputError(str(path), "no <TEXT> element")
    parts: list[str] = []
    timexes: list[GoldTimex] = []
    _flatten(text_elem, parts, [0], timexes)
    return GoldDoc(path, corpus, dct, "".join(parts), timexes)


def iter_gold(gold: Path, limit: Optional[int] = None) -> Iterator[GoldDoc]:
    """The ``.tml`` documents under ``gold``, sorted by path; sub-corpus = first folder below it."""
    gold = Path(gold)
    if not gold.is_dir():
        raise InputError(str(gold), "gold folder not found (expected TimeML .tml files, e.g. TBAQ-cleaned)")
    files = sorted(gold.rglob("*.tml"))
    if not files:
        raise InputError(str(gold), "no .tml files under this folder")
    for i, path in enumerate(files):
        if limit is not None and i >= limit:
            return
        rel = path.relative_to(gold)
        yield read_tml(path, rel.parts[0] if len(rel.parts) > 1 else gold.name)


def _prf(tp_p: int, n_sys: int, tp_r: int, n_gold: int) -> tuple[float, float, float]:
    p = tp_p / n_sys if n_sys else 0.0
    r = tp_r / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


_WEEK = re.compile(r"-W(\d)(?!\d)")
_HOUR = re.compile(r"(T\d\d)$")


def iso_spelling(value: Optional[str]) -> Optional[str]:
    """A TIMEX3 value in one ISO 8601 spelling: a week number zero-padded ("2000-W2" -> "2000-W02"),
    an hour given without minutes written hh:00 ("1989-11-06T17" -> "T17:00"). Some gold files spell
    these otherwise; the value (the same week, the same hour) is the same."""
    if not value:
        return value
    return _HOUR.sub(r"\1:00", _WEEK.sub(r"-W0\1", value))


def score_doc(doc: GoldDoc, counts: Counter, errors: Optional[list] = None) -> None:
    """Add one document's counts (gold, sys, strict, relaxed, value, type) to ``counts``."""
    sys_t = find_timexes(doc.text, doc.dct)
    counts["docs"] += 1
    counts["gold"] += len(doc.timexes)
    counts["sys"] += len(sys_t)
    counts["words"] += len(doc.text.split())
    gold_spans = {(g.start, g.end) for g in doc.timexes}
    counts["strict"] += sum(1 for s in sys_t if (s.start, s.end) in gold_spans)
    used: set[int] = set()
    for g in doc.timexes:
        match = None
        for j, s in enumerate(sys_t):
            if j not in used and s.start < g.end and g.start < s.end:
                match = j
                break
        if match is None:
            if errors is not None:
                errors.append(("missed", doc.path.name, g.text, g.value, None))
            continue
        used.add(match)
        s = sys_t[match]
        counts["relaxed"] += 1
        same = iso_spelling(s.value) == iso_spelling(g.value)
        counts["value"] += s.value == g.value
        counts["value_iso"] += same
        counts["type"] += s.type == g.type
        if errors is not None and s.value != g.value:
            errors.append(("value", doc.path.name, f"{g.text} | {s.text}", g.value, s.value))
    if errors is not None:
        for j, s in enumerate(sys_t):
            if j not in used:
                errors.append(("spurious", doc.path.name, s.text, None, s.value))


def _summary(c: Counter) -> dict:
    sp, sr, sf = _prf(c["strict"], c["sys"], c["strict"], c["gold"])
    rp, rr, rf = _prf(c["relaxed"], c["sys"], c["relaxed"], c["gold"])
    vp, vr, vf = _prf(c["value"], c["sys"], c["value"], c["gold"])
    _, _, vf_iso = _prf(c["value_iso"], c["sys"], c["value_iso"], c["gold"])
    rel = c["relaxed"]
    return {
        "docs": c["docs"], "words": c["words"], "gold": c["gold"], "system": c["sys"],
        "strict_p": sp, "strict_r": sr, "strict_f1": sf,
        "relaxed_p": rp, "relaxed_r": rr, "relaxed_f1": rf,
        "value_acc": c["value"] / rel if rel else 0.0, "type_acc": c["type"] / rel if rel else 0.0,
        "value_f1": vf, "value_f1_iso": vf_iso,
    }


def run(gold: Path, limit: Optional[int] = None, errors: Optional[list] = None) -> dict:
    """Score the grammar on the TimeML folder ``gold``; returns ``{corpus|"total": metrics}``.

    ``errors``, when a list, receives ``(kind, file, text, gold_value, system_value)`` tuples
    (kind: missed | spurious | value) for error analysis.
    """
    per: dict[str, Counter] = {}
    total: Counter = Counter()
    for doc in iter_gold(Path(gold), limit):
        c = per.setdefault(doc.corpus, Counter())
        before = Counter(c)
        score_doc(doc, c, errors)
        total.update(c - before)
    out = {name: _summary(c) for name, c in sorted(per.items())}
    out["total"] = _summary(total)
    return out


def format_table(results: dict) -> str:
    """A fixed-width text table of :func:`run` results, one row per sub-corpus."""
    cols = [("docs", "docs", "d"), ("gold", "gold", "d"), ("system", "sys", "d"),
            ("strict_p", "strict P", ".3f"), ("strict_r", "R", ".3f"), ("strict_f1", "F1", ".3f"),
            ("relaxed_p", "relaxed P", ".3f"), ("relaxed_r", "R", ".3f"), ("relaxed_f1", "F1", ".3f"),
            ("value_acc", "value acc", ".3f"), ("value_f1", "value F1", ".3f"), ("value_f1_iso", "ISO F1", ".3f"),
            ("type_acc", "type acc", ".3f")]
    head = f"{'corpus':<10}" + "".join(f"{h:>10}" for _, h, _ in cols)
    lines = [head, "-" * len(head)]
    for name, r in results.items():
        lines.append(f"{name:<10}" + "".join(f"{format(r[k], fmt):>10}" for k, _, fmt in cols))
    return "\n".join(lines)


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m wirecoder.eval.time", description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", type=Path, required=True, help="folder of TimeML .tml files")
    ap.add_argument("--limit", type=int, default=None, help="score only the first N documents")
    ap.add_argument("--errors", type=int, default=0, metavar="N",
                    help="also print N of each error kind (missed, spurious, wrong value) to stderr")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s", stream=sys.stderr)
    errs: Optional[list] = [] if args.errors else None
    try:
        results = run(args.gold, args.limit, errs)
    except InputError as err:
        print(f"wirecoder: {err}", file=sys.stderr)
        return 2
    print(format_table(results))
    if errs:
        for kind in ("missed", "spurious", "value"):
            sel = [e for e in errs if e[0] == kind]
            print(f"--- {kind}: {len(sel)}", file=sys.stderr)
            for e in sel[: args.errors]:
                print("  ", e[1], repr(e[2]), "gold=", e[3], "sys=", e[4], file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
