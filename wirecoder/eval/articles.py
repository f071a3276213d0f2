"""Score whole event records against articles coded by hand, as an analyst codes them.

    wirecoder eval articles [--gold ../shared/gold/article-events] [--errors errors.jsonl]

Gold: JSON Lines, one article per line (``../shared/gold/article-events/README.md``):
``{id, url, outlet, published, text, text_status, events: [{key, event_type, mode, modality,
actor, recipient, location, date, size, evidence, background}]}``. Any file (or folder of
``*.jsonl`` files) in that format is accepted.

Every article runs through the pipeline as a user's JSON Lines record would (its ``text``, its
``url``, its ``published`` date as the publication date -- an article without one gets no date
from anywhere else, so no score depends on the day the eval runs). Then, exactly as the gold README
says:

* **matching**: a system event matches at most one gold event of the same article, and the other
  way round, when one of its mentions (sentence span) overlaps one of the gold event's ``evidence``
  sentences and the types are equal (*strict*) or of the same PLOVER quad class (*lenient*). Pairs
  are taken greedily, most overlapping evidence first;
* **events**: precision = matched / system events (a second system record of one gold event is an
  error), recall = matched / gold events, F1; also the precision that forgives repeated records of
  a matched gold event (``P dup-tolerant``);
* **fields** over the lenient matches: type, mode, modality, actor country and sector, recipient
  country and sector (as sets of codes; a gold ``[]`` is right only when the system also says
  nothing), location, date, people;
* **location** is right when both are empty; or, at gold precision ``country``, the countries agree;
  at ``province``, the country and first-level unit agree (or the system place lies in it); finer,
  the place names agree (ignoring words such as "district", "province") or the system point is
  within 50 km of the gold place (looked up in the gazetteer inside the gold country; a named site
  such as "Kabul airport" or "Government Science Secondary School, Kankara" by the town it names);
* **date** is right when both are empty, or the system value at the gold precision equals the gold
  value and the system is at least as precise;
* **people**: over matched events whose gold gives a ``people`` count, the same number;
* **complete records**: gold events whose lenient match has type, actor, recipient, location and
  date all right, over all gold events -- the share an analyst could accept without editing;
* **cross-article**: after storing all articles (each with its publication date) in a temporary
  store, B-cubed and pairwise P/R/F1 of the store's clusters against gold ``key`` over the matched
  events, beside "every event alone" and the same-type-same-day baseline.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sys
import tempfile
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional

from wirecoder.datafiles import default_stopwords
from wirecoder.errors import DataFileError, InputError

log = logging.getLogger("wirecoder.eval.articles")

LOCATION_KM = 50.0
PRECISION_RANK = {"day": 0, "publication": 0, "week": 1, "month": 2, "year": 3}
GOLD_DATE_LEN = {"day": 10, "month": 7, "year": 4}
# words that name the kind of unit, not the place ("Chitral district" = "Chitral"): data/stopwords.yaml
UNIT_WORDS: frozenset[str] = default_stopwords()["scoring_place_words"]


def default_gold() -> Path:
    shared = os.environ.get("WIRECODER_SHARED")
    base = Path(shared) if shared else Path(__file__).resolve().parents[2] / ".." / "shared"
    return base / "gold" / "article-events"


# ------------------------------------------------------------------------------------------ gold

@dataclass
class GoldEvent:
    key: str
    record: dict[str, Any]
    spans: list[tuple[int, int]]          # character spans of its evidence in the article text

    def __getattr__(self, name: str) -> Any:
        try:
            return self.record[name]
        except KeyError:
            raise AttributeError(name) from None


@dataclass
class GoldArticle:
    id: str
    url: Optional[str]
    outlet: Optional[str]
    published: Optional[str]
    text: str
    events: list[GoldEvent] = field(default_factory=list)


def _files(gold: Path) -> list[Path]:
    if gold.is_dir():
        files = sorted(gold.glob("*.jsonl"))
        if not files:
            raise InputError(str(gold), "no *.jsonl file in this folder")
        return files
    return [gold]


def evidence_spans(text: str, evidence: Iterable[str]) -> list[tuple[int, int]]:
    """Every occurrence of each evidence string in ``text`` (whitespace-tolerant when not verbatim)."""
    spans: list[tuple[int, int]] = []
    for ev in evidence:
        ev = ev.strip()
        if not ev:
            continue
        found = [m.start() for m in re.finditer(re.escape(ev), text)]
        if found:
            spans.extend((s, s + len(ev)) for s in found)
            continue
        pattern = r"\s+".join(re.escape(w) for w in ev.split())
        spans.extend((m.start(), m.end()) for m in re.finditer(pattern, text))
    return spans


def load_gold(gold: str | os.PathLike[str], limit: Optional[int] = None) -> list[GoldArticle]:
    """Articles of one gold file or folder; a malformed line names the file and line."""
    out: list[GoldArticle] = []
    for path in _files(Path(gold)):
        with open(path, encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                    art = GoldArticle(id=str(obj["id"]), url=obj.get("url"), outlet=obj.get("outlet"),
                                      published=obj.get("published") or None, text=obj["text"])
                    for e in obj.get("events") or []:
                        spans = evidence_spans(art.text, e.get("evidence") or [])
                        if not spans:
                            log.warning("%s:%d: event %s: no evidence sentence found in the text",
                                        path, lineno, e.get("key"))
                        art.events.append(GoldEvent(e["key"], e, spans))
                except (json.JSONDecodeError, KeyError, TypeError) as err:
                    raise DataFileError(f"{path}:{lineno}", f"not an article-events record ({err!r})") from None
                out.append(art)
                if limit and len(out) >= limit:
                    return out
    return out


# ------------------------------------------------------------------------------------------ system

def run_pipeline(articles: list[GoldArticle], source: str = "gold", options: Any = None) -> list[tuple[Any, list[Any]]]:
    """(cleaned Article, events) per gold article, each read as a JSON Lines record would be
    (``options``: the pipeline's, default options when None)."""
    from wirecoder.ingest.build import build_article
    from wirecoder.pipeline import process_articles

    built = [build_article(a.text, source=f"{source}#{a.id}", content_type="text", url=a.url,
                           record_date=a.published, meta={"outlet": a.outlet} if a.outlet else None)
             for a in articles]
    return list(process_articles(built, options))


def _mention_spans(ev: Any) -> list[tuple[int, int]]:
    """Spans of an event's mentions in the raw article text (the event's own span when it has none)."""
    ms = getattr(ev, "mentions", None) or []
    spans = [tuple(m.source_span) for m in ms if getattr(m, "source_span", None)]
    if not spans and ev.source_span:
        spans = [tuple(ev.source_span)]
    return spans  # type: ignore[return-value]


def _sentence_spans(ev: Any, text: str) -> list[tuple[int, int]]:
    spans = _mention_spans(ev)
    if spans:
        return spans
    return evidence_spans(text, [m.sentence for m in (getattr(ev, "mentions", None) or [])] or [ev.sentence])


def _overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    return sum(1 for s, e in a for s2, e2 in b if s < e2 and s2 < e)


def match(gold: list[GoldEvent], system: list[Any], text: str, lenient: bool,
          quad_of: dict[str, int], places: Optional["GoldPlaces"] = None) -> list[tuple[int, int]]:
    """One-to-one (gold index, system index) pairs, most overlapping evidence first; on equal
    overlap (two records of one sentence: arrests "in Poland and Spain", the two sides' releases of
    "Ukraine swapped prisoners with Russia"), the pair that agrees on more of place, actor country
    and recipient country first, when ``places`` is given, then the more confident record."""
    cands = []
    sys_spans = [_sentence_spans(ev, text) for ev in system]
    for gi, g in enumerate(gold):
        for si, ev in enumerate(system):
            same = ev.event_type == g.event_type
            if not same and not (lenient and quad_of.get(ev.event_type) == quad_of.get(g.event_type)):
                continue
            ov = _overlap(g.spans, sys_spans[si])
            if ov:
                agree = int(places is not None and bool(location_right(g.record.get("location"), ev.location, places)))
                if places is not None:
                    agree += int(_role_right(g.record.get("actor") or [], ev.actor, "country"))
                    agree += int(_role_right(g.record.get("recipient") or [], ev.recipient, "country"))
                cands.append((-int(same), -ov, -agree, -float(getattr(ev, "confidence", 0.0)), gi, si))
    cands.sort()
    used_g: set[int] = set()
    used_s: set[int] = set()
    pairs = []
    for *_rank, gi, si in cands:
        if gi in used_g or si in used_s:
            continue
        used_g.add(gi)
        used_s.add(si)
        pairs.append((gi, si))
    return pairs


# ------------------------------------------------------------------------------------------ fields

def _codes(actors: Iterable[Any], attr: str) -> frozenset[str]:
    out = set()
    for a in actors or []:
        v = a.get(attr) if isinstance(a, dict) else getattr(a, attr, None)
        if v:
            out.add(v)
    return frozenset(out)


def _role_right(gold: list[dict], system: list[Any], attr: str) -> bool:
    if not gold:
        return not system
    return _codes(gold, attr) == _codes(system, attr) and bool(system)


def norm_place(name: Optional[str]) -> str:
    if not name:
        return ""
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = [w for w in re.split(r"[^a-z0-9]+", s) if w and w not in UNIT_WORDS]
    return " ".join(words)


class GoldPlaces:
    """Gold place names looked up in the gazetteer, inside the gold country (for the 50 km test)."""

    def __init__(self) -> None:
        self._gaz: Any = None
        self._heads: Optional[frozenset[str]] = None
        self._cache: dict[tuple[str, str, str], Optional[tuple[float, float, Optional[str]]]] = {}

    def point(self, loc: dict[str, Any]) -> Optional[tuple[float, float, Optional[str]]]:
        key = (loc.get("name") or "", loc.get("country") or "", loc.get("admin1") or "")
        if key not in self._cache:
            self._cache[key] = self._lookup(*key)
        return self._cache[key]

    def _lookup(self, name: str, country: str, admin1: str) -> Optional[tuple[float, float, Optional[str]]]:
        if not name:
            return None
        if self._gaz is None:
            from wirecoder.gazetteer import Gazetteer
            self._gaz = Gazetteer.default()
        gaz = self._gaz
        best = None
        # a named site ("Hamid Karzai International Airport", "Government Science Secondary School,
        # Kankara", "residential neighborhood of Kabul") is not in the gazetteer: the town it names is
        parts = [p.strip() for p in name.split(",")]
        names = re.findall(r"[A-Z][\w'\-]+(?:\s+[A-Z][\w'\-]+)*", name)
        variants = [name, " ".join(w for w in name.split() if norm_place(w)), *reversed(parts), *names]
        for variant in dict.fromkeys(v for v in variants if v):
            for e in gaz.lookup(variant):
                if e.lat is None or (country and gaz.iso3(e.country) != country):
                    continue
                rank = (e.kind == "spot", -e.population)
                if best is None or rank < best[0]:
                    best = (rank, e)
            if best:
                break
        if best is None:
            best = self._site_town(gaz, names, country, admin1)
        return (best[1].lat, best[1].lon, best[1].kind) if best else None

    def _site_town(self, gaz: Any, names: list[str], country: str, admin1: str) -> Optional[tuple[Any, Any]]:
        """A site named after its town ("Jalalabad Airport", "Kano State Science School"): the
        longest opening words of the name that are a town of the gold's country and first-level unit."""
        if self._heads is None:
            from wirecoder.resolve.places import _word_list
            self._heads = _word_list("facility_heads.txt")
        for run in names:
            words = run.split()
            if len(words) < 2 or words[-1].lower() not in self._heads:
                continue
            for k in range(len(words) - 1, 0, -1):
                for e in gaz.lookup(" ".join(words[:k])):
                    if e.kind != "city" or e.lat is None or (country and gaz.iso3(e.country) != country):
                        continue
                    unit = gaz.unit(e.country, e.admin1) if e.admin1 else None
                    if admin1 and (unit is None or norm_place(unit.name) != norm_place(admin1)):
                        continue
                    return ((False, -e.population), e)
        return None


def location_right(gold: Optional[dict[str, Any]], loc: Any, places: GoldPlaces) -> bool:
    if not gold:
        return loc is None
    if loc is None:
        return False
    gp = gold.get("precision")
    if gold.get("country") and loc.country != gold["country"]:
        return False
    if gp == "country":
        return True
    names = {norm_place(loc.name), norm_place(loc.text)} - {""}
    if norm_place(gold.get("name")) in names:
        return True
    if gp == "province":
        g1 = norm_place(gold.get("admin1") or gold.get("name"))
        if g1 and g1 in names | {norm_place(loc.admin1)}:
            return True
    if loc.precision == "country":
        return False
    pt = places.point(gold)
    if pt is not None and loc.lat is not None and loc.lon is not None:
        from wirecoder.eval.geo import haversine_km
        if haversine_km(pt[0], pt[1], loc.lat, loc.lon) <= LOCATION_KM:
            return True
    return False


def date_right(gold: Optional[dict[str, Any]], date: Any) -> bool:
    if not gold:
        return date is None
    if date is None:
        return False
    gp = gold.get("precision") or "day"
    if PRECISION_RANK.get(date.precision, 9) > PRECISION_RANK.get(gp, 0):
        return False
    n = GOLD_DATE_LEN.get(gp, 10)
    return date.value[:n] == (gold.get("value") or "")[:n]


def people_right(gold: Optional[dict[str, Any]], size: Any) -> Optional[bool]:
    """None when the gold gives no people count (not scored)."""
    if not gold or gold.get("people") is None:
        return None
    return size is not None and size.people == gold["people"]


FIELDS = ("type", "mode", "modality", "actor_country", "actor_sector", "recipient_country",
          "recipient_sector", "location", "date", "people")


def field_checks(g: GoldEvent, ev: Any, places: GoldPlaces) -> dict[str, Optional[bool]]:
    r = g.record
    return {
        "type": ev.event_type == r["event_type"],
        "mode": (ev.mode or None) == (r.get("mode") or None),
        "modality": ev.modality == (r.get("modality") or "asserted"),
        "actor_country": _role_right(r.get("actor") or [], ev.actor, "country"),
        "actor_sector": _role_right(r.get("actor") or [], ev.actor, "sector"),
        "recipient_country": _role_right(r.get("recipient") or [], ev.recipient, "country"),
        "recipient_sector": _role_right(r.get("recipient") or [], ev.recipient, "sector"),
        "location": location_right(r.get("location"), ev.location, places),
        "date": date_right(r.get("date"), ev.date),
        "people": people_right(r.get("size"), ev.size),
    }


def complete(checks: dict[str, Optional[bool]]) -> bool:
    return all(checks[k] for k in ("type", "actor_country", "recipient_country", "location", "date"))


# ------------------------------------------------------------------------------------------ clusters

def _prf(p: float, r: float) -> dict[str, float]:
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def cluster_metrics(gold: dict[Any, str], pred: dict[Any, str]) -> dict[str, dict[str, float]]:
    from wirecoder.eval.dedupe import bcubed, pairwise
    return {"bcubed": bcubed(gold, pred), "pairwise": pairwise(gold, pred)}


def store_clusters(items: list[tuple[Any, list[Any]]]) -> dict[str, str]:
    """Event id -> cluster id after storing every article in a temporary store, oldest first."""
    from wirecoder.store import Store

    order = sorted(items, key=lambda it: (it[0].published or "9999", it[0].id))
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "articles.duckdb") as store:
        for art, events in order:
            store.add_many([(art, events)])
        return dict(store.con.execute("SELECT id, cluster_id FROM events").fetchall())


# ------------------------------------------------------------------------------------------ run

def run(gold: str | os.PathLike[str] | None = None, limit: Optional[int] = None,
        errors: Optional[list[dict[str, Any]]] = None, clusters: bool = True,
        event_model: bool = False, model_dir: Optional[str] = None) -> dict[str, Any]:
    """Score the pipeline on a gold file or folder; ``errors`` (a list) receives the error listing;
    ``event_model``/``model_dir``: with the learned event model (``--event-model``, ``--model-dir``)."""
    from wirecoder.ontology import default_ontology

    quad_of = {name: t.quad for name, t in default_ontology().types.items()}
    articles = load_gold(gold or default_gold(), limit)
    opts = None
    if event_model or model_dir:
        from wirecoder.pipeline import PipelineOptions

        opts = PipelineOptions(event_model=True, model_dir=model_dir)
    items = run_pipeline(articles, options=opts)
    places = GoldPlaces()
    n_gold = n_sys = 0
    strict_m = lenient_m = dup_ok = 0
    right: dict[str, int] = defaultdict(int)
    scored: dict[str, int] = defaultdict(int)
    n_complete = 0
    gold_key: dict[str, str] = {}
    member_of: dict[str, dict[str, Any]] = {}  # matched event id -> its error-listing entry
    base_key: dict[str, str] = {}
    bg = {"gold": 0, "matched": 0, "flagged": 0}
    for art, (a, events) in zip(articles, items):
        n_gold += len(art.events)
        n_sys += len(events)
        strict = match(art.events, events, art.text, False, quad_of, places)
        lenient = match(art.events, events, art.text, True, quad_of, places)
        strict_m += len(strict)
        lenient_m += len(lenient)
        matched_s = {si for _g, si in lenient}
        matched_g = {gi for gi, _s in lenient}
        # a repeated record of a matched gold event is forgiven in the dup-tolerant precision
        repeat_of: dict[int, str] = {}
        for si, ev in enumerate(events):
            if si in matched_s:
                dup_ok += 1
                continue
            twin = next((art.events[gi].key for gi in sorted(matched_g) if art.events[gi].event_type == ev.event_type
                         and _overlap(art.events[gi].spans, _sentence_spans(ev, art.text))), None)
            if twin is not None:
                dup_ok += 1
                repeat_of[si] = twin
        for gi, si in lenient:
            g, ev = art.events[gi], events[si]
            checks = field_checks(g, ev, places)
            for k, v in checks.items():
                if v is None:
                    continue
                scored[k] += 1
                right[k] += int(v)
            ok = complete(checks)
            n_complete += int(ok)
            if g.record.get("background"):
                bg["matched"] += 1
                bg["flagged"] += int(bool(getattr(ev, "background", False)))
            gold_key[ev.id] = g.key
            if errors is not None:
                member_of[ev.id] = {"article": art.id, "key": g.key, **_brief(ev)}
            base_key[ev.id] = f"{ev.event_type}:{ev.date.value[:10] if ev.date else 'none:' + ev.id}"
            if errors is not None and any(v is False for v in checks.values()):
                errors.append({"article": art.id, "kind": "field", "key": g.key,
                               "wrong": [k for k, v in checks.items() if v is False],
                               "gold": {k: g.record.get(k) for k in ("event_type", "mode", "modality", "actor",
                                                                    "recipient", "location", "date", "size")},
                               "system": _brief(ev)})
        bg["gold"] += sum(1 for g in art.events if g.record.get("background"))
        if errors is not None:
            for gi, g in enumerate(art.events):
                if gi not in matched_g:
                    errors.append({"article": art.id, "kind": "missed", "key": g.key, "event_type": g.event_type,
                                   "evidence": (g.record.get("evidence") or [""])[0]})
            for si, ev in enumerate(events):
                if si not in matched_s:
                    errors.append({"article": art.id, "kind": "spurious", "system": _brief(ev),
                                   **({"repeat_of": repeat_of[si]} if si in repeat_of else {})})

    def prf(m: int) -> dict[str, float]:
        return _prf(m / n_sys if n_sys else 0.0, m / n_gold if n_gold else 0.0)

    result: dict[str, Any] = {
        "articles": len(articles), "gold_events": n_gold, "system_events": n_sys,
        "strict": {**prf(strict_m), "matched": strict_m},
        "lenient": {**prf(lenient_m), "matched": lenient_m},
        "p_dup_tolerant": round(dup_ok / n_sys, 4) if n_sys else 0.0,
        "fields": {k: {"acc": round(right[k] / scored[k], 4) if scored[k] else None, "n": scored[k]} for k in FIELDS},
        "complete": {"n": n_complete, "rate": round(n_complete / n_gold, 4) if n_gold else 0.0},
        "background": bg,
    }
    if clusters and gold_key:
        cl = store_clusters([(a, evs) for a, evs in items])
        ours = {k: cl.get(k, f"missing:{k}") for k in gold_key}
        single = {k: k for k in gold_key}
        result["cross_article"] = {
            "events": len(gold_key), "gold_keys": len(set(gold_key.values())),
            "ours": cluster_metrics(gold_key, ours),
            "same_type_same_day": cluster_metrics(gold_key, base_key),
            "all_singletons": cluster_metrics(gold_key, single),
            "mixed_clusters": _mixed(gold_key, ours),
        }
        if errors is not None:
            errors.extend(mixed_listing(gold_key, ours, member_of))
    return result


def _mixed(gold: dict[str, str], ours: dict[str, str]) -> int:
    """Clusters holding events of two or more gold keys."""
    keys: dict[str, set[str]] = defaultdict(set)
    for ev, c in ours.items():
        keys[c].add(gold[ev])
    return sum(1 for ks in keys.values() if len(ks) > 1)


def mixed_listing(gold: dict[str, str], ours: dict[str, str], member_of: dict[str, dict[str, Any]]
                  ) -> list[dict[str, Any]]:
    """One error entry (``kind`` "mixed") per cluster holding matched events of two or more gold
    keys: its id, the keys, and each matched member (article, key, record in brief)."""
    members: dict[str, list[str]] = defaultdict(list)
    for ev, c in ours.items():
        members[c].append(ev)
    out = []
    for c in sorted(members):
        keys = sorted({gold[ev] for ev in members[c]})
        if len(keys) > 1:
            out.append({"kind": "mixed", "cluster": c, "keys": keys,
                        "members": [member_of.get(ev, {"key": gold[ev]}) for ev in sorted(
                            members[c], key=lambda e: (gold[e], member_of.get(e, {}).get("article") or ""))]})
    return out


def _brief(ev: Any) -> dict[str, Any]:
    return {"event_type": ev.event_type, "mode": ev.mode, "modality": ev.modality,
            "actor": [(a.country, a.sector, a.text) for a in ev.actor],
            "recipient": [(a.country, a.sector, a.text) for a in ev.recipient],
            "location": (ev.location.name, ev.location.country, ev.location.precision) if ev.location else None,
            "date": (ev.date.value, ev.date.precision) if ev.date else None,
            "people": ev.size.people if ev.size else None, "source": ev.source, "confidence": ev.confidence,
            "mentions": len(getattr(ev, "mentions", None) or []), "sentence": ev.sentence[:200]}


def format_table(r: dict[str, Any]) -> str:
    lines = [f"article-events: {r['articles']} articles, {r['gold_events']} gold events, "
             f"{r['system_events']} system events",
             "",
             "| events | P | R | F1 |", "|---|---|---|---|"]
    for view in ("strict", "lenient"):
        v = r[view]
        lines.append(f"| {view} (type{'' if view == 'strict' else ' or quad class'}) | {v['p']:.3f} | "
                     f"{v['r']:.3f} | {v['f1']:.3f} |")
    lines.append(f"| precision forgiving repeated records | {r['p_dup_tolerant']:.3f} | | |")
    lines += ["", "| field (over lenient matches) | accuracy | n |", "|---|---|---|"]
    for k, v in r["fields"].items():
        acc = "-" if v["acc"] is None else f"{v['acc']:.3f}"
        lines.append(f"| {k.replace('_', ' ')} | {acc} | {v['n']} |")
    c = r["complete"]
    lines.append(f"| **complete records / gold events** | **{c['rate']:.3f}** | {c['n']} |")
    b = r["background"]
    lines.append(f"| background events flagged (matched) | {b['flagged']}/{b['matched']} | |")
    x = r.get("cross_article")
    if x:
        lines += ["", f"cross-article clusters over {x['events']} matched events ({x['gold_keys']} gold keys); "
                      f"{x['mixed_clusters']} clusters mix gold events",
                  "| clustering | B3 P | B3 R | B3 F1 | pair P | pair R | pair F1 |", "|---|---|---|---|---|---|---|"]
        for name in ("ours", "same_type_same_day", "all_singletons"):
            b3, pw = x[name]["bcubed"], x[name]["pairwise"]
            lines.append(f"| {name.replace('_', ' ')} | {b3['p']:.3f} | {b3['r']:.3f} | {b3['f1']:.3f} | "
                         f"{pw['p']:.3f} | {pw['r']:.3f} | {pw['f1']:.3f} |")
    return "\n".join(lines)


def write_errors(errors: list[dict[str, Any]], path: str) -> None:
    from wirecoder.output import _open_target
    with _open_target(path) as fh:
        for e in errors:
            fh.write(json.dumps(e, ensure_ascii=False, default=str) + "\n")


def main(argv: Optional[list[str]] = None) -> int:
    p = argparse.ArgumentParser(prog="python -m wirecoder.eval.articles", description=__doc__.split("\n\n")[0])
    p.add_argument("--gold", default=str(default_gold()))
    p.add_argument("--limit", type=int)
    p.add_argument("--errors", help="write the error listing (JSON Lines) here")
    p.add_argument("--no-clusters", action="store_true", help="skip the cross-article store")
    args = p.parse_args(argv)
    errors: list[dict[str, Any]] = []
    r = run(args.gold, args.limit, errors, clusters=not args.no_clusters)
    print(format_table(r))
    if args.errors:
        write_errors(errors, args.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
