"""Evaluate event clustering against ECB+ cross-document event coreference.

    python -m wirecoder.eval.dedupe [--gold ../shared/gold/ecbplus] [--limit N_TOPICS]

Gold: ECB+ topics (``ECB+/<topic>/<doc>.xml``, CAT XML: ``<token t_id sentence number>``,
event mentions ``<ACTION_*|NEG_ACTION_* m_id><token_anchor t_id/>``, chains via
``<CROSS_DOC_COREF note=INSTANCE>`` (corpus-wide) and ``<INTRA_DOC_COREF>`` (one document)),
restricted to the validated sentences of ``ECBplus_coreference_sentences.csv``. Mentions in no
relation are singletons.

Two measurements:

1. ``text``: how well the sentence-similarity signal alone separates coreferent from
   non-coreferent mention pairs of the same topic (ROC AUC), for the static embedding and for
   MinHash -- the measurement behind ``dedupe``'s choice of the static model.
2. ``clusters`` (needs ``wirecoder.pipeline.process_article``): every document is run through
   the pipeline into a temporary store; each gold mention is aligned to our event whose trigger
   overlaps its tokens (else the only event of its sentence); pairwise and B-cubed P/R/F1 of our
   clusters over the gold mentions (unaligned mentions count as singletons), beside a
   same-type-same-day baseline over the same alignment.
"""
from __future__ import annotations

import argparse
import csv
import itertools
import json
import logging
import os
import random
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Hashable, Iterable, Iterator, Optional

from wirecoder.errors import DataFileError

log = logging.getLogger("wirecoder.eval.dedupe")


def default_gold() -> Path:
    """``$WIRECODER_SHARED/gold/ecbplus``, the shared folder defaulting to the repo's sibling."""
    shared = os.environ.get("WIRECODER_SHARED")
    base = Path(shared) if shared else Path(__file__).resolve().parents[2] / ".." / "shared"
    return base / "gold" / "ecbplus"


@dataclass
class Mention:
    doc: str
    topic: str
    m_id: str
    sentence: int
    tokens: list[int]
    text: str
    chain: str = ""


@dataclass
class Doc:
    name: str
    topic: str
    sentences: dict[int, list[tuple[int, str]]] = field(default_factory=dict)  # sent -> [(t_id, word)]
    mentions: list[Mention] = field(default_factory=list)

    def text(self) -> tuple[str, dict[int, tuple[int, int]]]:
        """The document as one sentence per line, and each token's character span."""
        parts, spans, pos = [], {}, 0
        for s in sorted(self.sentences):
            words = []
            for t_id, w in self.sentences[s]:
                spans[t_id] = (pos, pos + len(w))
                words.append(w)
                pos += len(w) + 1
            parts.append(" ".join(words))
        return "\n".join(parts), spans

    def sentence_text(self, s: int) -> str:
        return " ".join(w for _, w in self.sentences.get(s, []))


def load_gold(gold: str | os.PathLike[str], limit: Optional[int] = None) -> list[Doc]:
    """Documents with their validated event mentions and chain ids (see module docstring)."""
    root = Path(gold)
    corpus = root / "ECB+"
    listing = root / "ECBplus_coreference_sentences.csv"
    if not corpus.is_dir() or not listing.is_file():
        raise DataFileError(str(root), "ECB+ gold not found (expects ECB+/<topic>/*.xml and "
                                       "ECBplus_coreference_sentences.csv); set WIRECODER_SHARED")
    valid: set[tuple[str, str, int]] = set()
    with open(listing, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            valid.add((row["Topic"].strip(), row["File"].strip(), int(row["Sentence Number"])))
    topics = sorted((p for p in corpus.iterdir() if p.is_dir()), key=lambda p: int(p.name) if p.name.isdigit() else 0)
    if limit:
        topics = topics[:limit]
    docs = []
    for tdir in topics:
        for f in sorted(tdir.glob("*.xml")):
            try:
                docs.append(_load_doc(f, tdir.name, valid))
            except ET.ParseError as err:
                raise DataFileError(str(f), f"not valid CAT XML: {err}") from None
    return docs


def _load_doc(path: Path, topic: str, valid: set[tuple[str, str, int]]) -> Doc:
    root = ET.parse(path).getroot()
    short = path.stem.split("_", 1)[1] if "_" in path.stem else path.stem  # "1_10ecbplus" -> "10ecbplus"
    doc = Doc(name=path.stem, topic=topic)
    tok_sent: dict[int, int] = {}
    for t in root.iter("token"):
        t_id, s = int(t.get("t_id")), int(t.get("sentence"))
        doc.sentences.setdefault(s, []).append((t_id, t.text or ""))
        tok_sent[t_id] = s
    mentions: dict[str, Mention] = {}
    instances: dict[str, str] = {}
    markables = root.find("Markables")
    for m in markables if markables is not None else []:
        anchors = [int(a.get("t_id")) for a in m.findall("token_anchor")]
        if anchors and (m.tag.startswith("ACTION") or m.tag.startswith("NEG_ACTION")):
            s = tok_sent[anchors[0]]
            if (topic, short, s) in valid:
                words = dict(doc.sentences[s])
                mentions[m.get("m_id")] = Mention(doc.name, topic, m.get("m_id"), s, anchors,
                                                  " ".join(words.get(a, "") for a in anchors))
        elif not anchors:
            instances[m.get("m_id")] = m.get("instance_id") or f"{doc.name}:{m.get('m_id')}"
    relations = root.find("Relations")
    for rel in relations if relations is not None else []:
        if rel.tag not in ("CROSS_DOC_COREF", "INTRA_DOC_COREF"):
            continue
        target = rel.find("target")
        chain = rel.get("note") if rel.tag == "CROSS_DOC_COREF" and rel.get("note") else \
            instances.get(target.get("m_id") if target is not None else "", f"{doc.name}:r{rel.get('r_id')}")
        for src in rel.findall("source"):
            if src.get("m_id") in mentions:
                mentions[src.get("m_id")].chain = chain
    for m in mentions.values():
        m.chain = m.chain or f"{doc.name}:single:{m.m_id}"
    doc.mentions = sorted(mentions.values(), key=lambda m: m.tokens[0])
    return doc


# -- scoring ---------------------------------------------------------------------------------

def _prf(p: float, r: float) -> dict[str, float]:
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def pairwise(gold: dict[Hashable, str], pred: dict[Hashable, str]) -> dict[str, float]:
    """Pairwise P/R/F1 of ``pred`` clusters over the items of ``gold`` (item -> cluster label)."""
    def pairs(lab: dict[Hashable, str]) -> set[frozenset]:
        groups: dict[str, list[Hashable]] = defaultdict(list)
        for k, v in lab.items():
            groups[v].append(k)
        return {frozenset(p) for g in groups.values() for p in itertools.combinations(g, 2)}
    g, p = pairs(gold), pairs({k: pred[k] for k in gold})
    tp = len(g & p)
    return _prf(tp / len(p) if p else 0.0, tp / len(g) if g else 0.0)


def bcubed(gold: dict[Hashable, str], pred: dict[Hashable, str]) -> dict[str, float]:
    """B-cubed P/R/F1 (Bagga & Baldwin) of ``pred`` against ``gold`` over gold's items."""
    gc: dict[str, set] = defaultdict(set)
    pc: dict[str, set] = defaultdict(set)
    for k in gold:
        gc[gold[k]].add(k)
        pc[pred[k]].add(k)
    p = r = 0.0
    for k in gold:
        inter = len(gc[gold[k]] & pc[pred[k]])
        p += inter / len(pc[pred[k]])
        r += inter / len(gc[gold[k]])
    n = len(gold) or 1
    return _prf(p / n, r / n)


def _auc(pos: list[float], neg: list[float]) -> float:
    scored = sorted([(s, 1) for s in pos] + [(s, 0) for s in neg])
    rank_sum, i = 0.0, 0
    while i < len(scored):  # average ranks over ties
        j = i
        while j < len(scored) and scored[j][0] == scored[i][0]:
            j += 1
        avg = (i + j + 1) / 2
        rank_sum += avg * sum(1 for k in range(i, j) if scored[k][1])
        i = j
    n_pos, n_neg = len(pos), len(neg)
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg) if n_pos and n_neg else 0.0


TEXT_SIGNALS = ("static", "minhash", "static_window", "tokens", "trigger")


def text_auc(docs: list[Doc], max_pairs: int = 20000, seed: int = 0) -> dict[str, Any]:
    """ROC AUC of each text signal for cross-document mention pairs of the same topic.

    ``static``/``minhash``: the whole sentence (:func:`wirecoder.dedupe.embed`);
    ``static_window``: the static embedding of the trigger with :data:`~wirecoder.dedupe.CLAUSE_WORDS`
    words either side (:func:`~wirecoder.dedupe.trigger_window`); ``tokens``: weighted overlap
    of content words, names and numbers (:func:`~wirecoder.dedupe.token_overlap`);
    ``trigger``: the mention words share a stem (0/1). The gold mention's words stand for the trigger.
    """
    from wirecoder.dedupe import content_tokens, embed, text_similarity, token_overlap, trigger_stems, trigger_window

    by_topic: dict[str, list[tuple[Doc, Mention]]] = defaultdict(list)
    for d in docs:
        for m in d.mentions:
            by_topic[d.topic].append((d, m))
    pairs = [(a, b) for ms in by_topic.values() for a, b in itertools.combinations(ms, 2) if a[0] is not b[0]]
    random.Random(seed).shuffle(pairs)
    pairs = pairs[:max_pairs]
    out: dict[str, Any] = {"pairs": len(pairs), "coreferent": sum(a[1].chain == b[1].chain for a, b in pairs)}

    def sent(dm: tuple[Doc, Mention]) -> str:
        return dm[0].sentence_text(dm[1].sentence)

    def window(dm: tuple[Doc, Mention]) -> str:
        return trigger_window(sent(dm), dm[1].text)

    for kind in TEXT_SIGNALS:
        pos, neg = [], []
        if kind in ("static", "minhash", "static_window"):
            text_of = window if kind == "static_window" else sent
            texts = sorted({text_of(dm) for p in pairs for dm in p})
            sim = "minhash" if kind == "minhash" else "static"
            vec = dict(zip(texts, embed(texts, sim)))
            sims = [text_similarity(vec[text_of(a)], vec[text_of(b)], sim) for a, b in pairs]
        elif kind == "tokens":
            sims = [token_overlap(content_tokens(sent(a)), content_tokens(sent(b))) for a, b in pairs]
        else:
            sims = [float(bool(trigger_stems(a[1].text) & trigger_stems(b[1].text))) for a, b in pairs]
        for (a, b), s in zip(pairs, sims):
            (pos if a[1].chain == b[1].chain else neg).append(s)
        out[kind] = _auc(pos, neg)
    return out


def _align(doc: Doc, events: list[Any], text: str, spans: dict[int, tuple[int, int]]) -> dict[str, Any]:
    """gold m_id -> our event, by trigger overlap, else the only event of the sentence."""
    tok_by_sent = {s: [t for t, _ in toks] for s, toks in doc.sentences.items()}
    sent_events: dict[int, list[tuple[Any, set[int]]]] = defaultdict(list)
    for ev in events:
        start = text.find(ev.sentence) if ev.sentence else -1
        if start < 0:
            start = ev.span[0]
        end = start + len(ev.sentence or "")
        toks = [t for t, (a, b) in spans.items() if a >= start and b <= end]
        if not toks:
            continue
        s = next(s for s, ts in tok_by_sent.items() if toks[0] in ts)
        trig: set[int] = set()
        if ev.trigger:
            i = text.find(ev.trigger, start, end)
            if i >= 0:
                trig = {t for t in toks if spans[t][0] < i + len(ev.trigger) and spans[t][1] > i}
        sent_events[s].append((ev, trig))
    out = {}
    for m in doc.mentions:
        cands = sent_events.get(m.sentence, [])
        hit = [ev for ev, trig in cands if trig & set(m.tokens)]
        if hit:
            out[m.m_id] = hit[0]
        elif len(cands) == 1 and not cands[0][1]:
            out[m.m_id] = cands[0][0]
    return out


FIRST_TOPIC_DAY = "2000-01-01"  # the pinned publication day of the first topic
TOPIC_GAP_DAYS = 60             # and of each next topic, this many days later


def topic_days(docs: list[Doc]) -> dict[str, str]:
    """The pinned publication day of each ECB+ topic (ECB+ gives none): :data:`FIRST_TOPIC_DAY`,
    then :data:`TOPIC_GAP_DAYS` apart in topic order. Relative dates ("on Monday") resolve
    against it, so no score depends on the day the evaluation runs."""
    from datetime import date, timedelta

    order = sorted({d.topic for d in docs}, key=lambda t: (int(t) if t.isdigit() else 0, t))
    first = date.fromisoformat(FIRST_TOPIC_DAY)
    return {t: (first + timedelta(days=TOPIC_GAP_DAYS * i)).isoformat() for i, t in enumerate(order)}


def extract_docs(docs: list[Doc], cache: Optional[str | os.PathLike[str]] = None) -> dict[str, tuple[Any, list[Any]]]:
    """Run the pipeline over ``docs`` once: ``{doc name: (Article, events)}``. Each document is
    published on its topic's pinned day (:func:`topic_days`).

    With ``cache`` (a JSON Lines file), results are read from it when present (and made with the
    same pinned days) and written to it otherwise, so clustering variants can be compared without
    re-running extraction.
    """
    from wirecoder.records import Article, Event

    days = topic_days(docs)
    if cache and Path(cache).is_file():
        out = {}
        with open(cache, encoding="utf-8") as fh:
            for line in fh:
                d = json.loads(line)
                out[d["name"]] = (Article(**d["article"]), [Event.from_dict(e) for e in d["events"]])
        if all(doc.name in out and out[doc.name][0].published == days[doc.topic] for doc in docs):
            return out
        log.warning("%s: made for other documents or without the pinned publication days; extracting again", cache)
    from wirecoder.pipeline import process_articles  # lazily: the pipeline is heavy

    arts = []
    for doc in docs:
        text, _ = doc.text()
        arts.append(Article(id=doc.name, text=text, raw=text, source=doc.name, url=None, title=None,
                            site=doc.name, published=days[doc.topic]))  # each document is its own outlet
    out = {a.id: (a, evs) for a, evs in process_articles(arts)}
    if cache:
        with open(cache, "w", encoding="utf-8") as fh:
            for name, (a, evs) in out.items():
                fh.write(json.dumps({"name": name, "article": {k: getattr(a, k) for k in (
                    "id", "text", "raw", "source", "url", "title", "site", "published")},
                    "events": [e.to_dict() for e in evs]}) + "\n")
    return out


@contextmanager
def _params(threshold: Optional[float], text_weight: Optional[float] = None,
            weights: Optional[dict[str, float]] = None) -> Iterator[None]:
    """Temporarily set the clustering threshold and the weights: ``weights`` whole, or only the
    text weight (others rescaled to sum 1)."""
    from wirecoder import dedupe

    saved = (dedupe.THRESHOLD, dict(dedupe.WEIGHTS))
    saved_model = dedupe.MODEL
    try:
        if threshold is not None or weights is not None or text_weight is not None:
            dedupe.MODEL = None  # a hand-set rule: the weighted mean, not the fitted model
        if threshold is not None:
            dedupe.THRESHOLD = threshold
        if weights is not None:
            dedupe.WEIGHTS = {k: float(weights.get(k, 0.0)) for k in saved[1]}
        elif text_weight is not None:
            rest = 1.0 - saved[1]["text"]
            dedupe.WEIGHTS = {k: (text_weight if k == "text" else v * (1 - text_weight) / rest)
                              for k, v in saved[1].items()}
        yield
    finally:
        dedupe.THRESHOLD, dedupe.WEIGHTS = saved[0], saved[1]
        dedupe.MODEL = saved_model


def article_day(events: list[Any]) -> Optional[str]:
    """A stand-in publication day for an undated ECB+ article: the latest day-precision date its
    own events carry (news reports an event on or after its day), None when none has one."""
    days = [e.date.value[:10] for e in events if e.date is not None and e.date.precision == "day"]
    return max(days) if days else None


def cluster_scores(docs: list[Doc], extracted: Optional[dict[str, tuple[Any, list[Any]]]] = None, *,
                   arrival: str = "topic", view: str = "system", similarity: str = "static",
                   threshold: Optional[float] = None, text_weight: Optional[float] = None,
                   weights: Optional[dict[str, float]] = None,
                   folds: Optional[list[set[str]]] = None) -> dict[str, Any]:
    """Cluster the pipeline's events of ``docs`` in a temporary store and score the clusters.

    ``arrival="topic"``: the documents of one ECB+ topic arrive together (one batch, published on
    the topic's pinned day, :func:`topic_days`; an article whose events carry day dates is
    published on the latest of them instead, as real news is), the realistic case for a news
    stream; ``"corpus"``: the documents without a publication date (ECB+ has none, so events
    without a date of their own are undated and only merge within their article). ``view="system"`` scores every gold mention (unaligned
    ones are singletons); ``view="gold"`` stores only the events aligned to a gold mention and
    scores only those mentions, separating clustering quality from extraction recall.
    With ``folds`` (sets of topics), also scores each fold separately (``result["folds"]``).
    """
    import dataclasses

    from wirecoder.store import Store

    days = topic_days(docs)

    extracted = extracted if extracted is not None else extract_docs(docs)
    gold: dict[tuple[str, str], str] = {}
    ours: dict[tuple[str, str], str] = {}
    base: dict[tuple[str, str], str] = {}
    aligned = n_events = 0
    by_topic: dict[str, list[Doc]] = defaultdict(list)
    for d in docs:
        by_topic[d.topic].append(d)
    with tempfile.TemporaryDirectory() as tmp, _params(threshold, text_weight, weights), \
            Store(Path(tmp) / "ecb.duckdb", similarity=similarity) as store:
        for topic, tdocs in sorted(by_topic.items(), key=lambda kv: (int(kv[0]) if kv[0].isdigit() else 0, kv[0])):
            day = days[topic]
            batch, align = [], {}
            for doc in tdocs:
                art, events = extracted[doc.name]
                art = dataclasses.replace(art, published=(article_day(events) or day) if arrival == "topic" else None)
                text, spans = doc.text()
                alignment = _align(doc, events, text, spans)
                align[doc.name] = alignment
                if view == "gold":
                    keep = {id(e) for e in alignment.values()}
                    events = [e for e in events if id(e) in keep]
                n_events += len(events)
                batch.append((art, events))
            store.add_many(batch)
            cl = dict(store.con.execute("SELECT id, cluster_id FROM events WHERE article_id IN (SELECT unnest(?))",
                                        [[d.name for d in tdocs]]).fetchall())
            for doc in tdocs:
                for m in doc.mentions:
                    key = (doc.name, m.m_id)
                    ev = align[doc.name].get(m.m_id)
                    if ev is None:
                        if view == "gold":
                            continue
                        gold[key] = m.chain
                        ours[key] = base[key] = f"unaligned:{doc.name}:{m.m_id}"
                        continue
                    gold[key] = m.chain
                    aligned += 1
                    ours[key] = cl[ev.id]
                    base[key] = f"{doc.topic}:{ev.event_type}:{ev.date.value if ev.date else 'none'}"
    topic_of = {d.name: d.topic for d in docs}

    def scores(keys: Iterable[tuple[str, str]]) -> dict[str, Any]:
        g = {k: gold[k] for k in keys}
        single = {k: str(k) for k in g}
        return {"mentions": len(g), "aligned": sum(1 for k in g if not ours[k].startswith("unaligned:")),
                "ours": {"pairwise": pairwise(g, ours), "bcubed": bcubed(g, ours)},
                "same_type_same_day": {"pairwise": pairwise(g, base), "bcubed": bcubed(g, base)},
                "all_singletons": {"pairwise": pairwise(g, single), "bcubed": bcubed(g, single)}}

    out = {"events": n_events, **scores(gold)}
    if folds:
        out["folds"] = [scores([k for k in gold if topic_of[k[0]] in f]) for f in folds]
    return out


GRID_THRESHOLDS = (0.45, 0.50, 0.55, 0.58, 0.62, 0.66)
OLD_WEIGHTS = {"date": 0.20, "place": 0.25, "actors": 0.25, "text": 0.30, "tokens": 0.0, "trigger": 0.0}
# Weight settings the cross-validation chooses among: the old rule's, and ones giving the lexical
# parts (trigger stems, content words) a growing share.
GRID_WEIGHTS: tuple[dict[str, float], ...] = (
    OLD_WEIGHTS,
    {"date": 0.15, "place": 0.15, "actors": 0.15, "text": 0.15, "tokens": 0.20, "trigger": 0.20},
    {"date": 0.10, "place": 0.10, "actors": 0.10, "text": 0.10, "tokens": 0.25, "trigger": 0.35},
    {"date": 0.05, "place": 0.10, "actors": 0.10, "text": 0.10, "tokens": 0.15, "trigger": 0.50},
    {"date": 0.10, "place": 0.10, "actors": 0.05, "text": 0.05, "tokens": 0.30, "trigger": 0.40},
)


def _wname(w: dict[str, float]) -> str:
    return " ".join(f"{k[:2]}{v:.2f}" for k, v in w.items() if v)


def cross_validate(docs: list[Doc], extracted: dict[str, tuple[Any, list[Any]]], view: str = "system",
                   similarities: tuple[str, ...] = ("static",)) -> dict[str, Any]:
    """Two-fold cross-validation over topics (odd/even): pick the weights, threshold and text
    signal with the best B-cubed F1 on one fold, report them on the other; also the old rule
    (:data:`OLD_WEIGHTS`, threshold 0.58) on each fold."""
    names = sorted({d.topic for d in docs}, key=lambda t: int(t) if t.isdigit() else 0)
    folds = [set(names[0::2]), set(names[1::2])]
    runs = []
    for sim in similarities:
        for w in GRID_WEIGHTS:
            for th in GRID_THRESHOLDS:
                r = cluster_scores(docs, extracted, view=view, similarity=sim, threshold=th,
                                   weights=w, folds=folds)["folds"]
                runs.append({"similarity": sim, "weights": w, "threshold": th, "folds": r})
                log.info("cv %s %s %.2f: B3 F1 %.3f / %.3f", view, _wname(w), th,
                         r[0]["ours"]["bcubed"]["f1"], r[1]["ours"]["bcubed"]["f1"])
    old = next(r for r in runs if r["weights"] is OLD_WEIGHTS and r["threshold"] == 0.58 and r["similarity"] == "static")
    out = []
    for i in (0, 1):
        best = max(runs, key=lambda r: r["folds"][i]["ours"]["bcubed"]["f1"])
        out.append({"fit_on": i, "config": {k: best[k] for k in ("similarity", "weights", "threshold")},
                    "train": best["folds"][i], "test": best["folds"][1 - i], "old": old["folds"][1 - i]})
    return {"view": view, "folds": out, "grid": len(runs)}


def run(gold: str | os.PathLike[str] | None = None, limit: Optional[int] = None,
        cache: Optional[str] = None, cv: bool = True) -> dict[str, Any]:
    """Load ECB+ (``limit`` topics), measure the text signal and, with the pipeline, the clusters."""
    docs = load_gold(gold or default_gold(), limit)
    result: dict[str, Any] = {"topics": len({d.topic for d in docs}), "docs": len(docs),
                              "mentions": sum(len(d.mentions) for d in docs),
                              "chains": len({m.chain for d in docs for m in d.mentions})}
    result["text"] = text_auc(docs)
    try:
        import wirecoder.pipeline  # noqa: F401
    except Exception as err:  # not there yet, or broken while others work on it
        result["clusters"] = None
        log.warning("wirecoder.pipeline is not usable (%s: %s); skipping the cluster evaluation",
                    type(err).__name__, str(err).splitlines()[0] if str(err) else "")
        return result
    extracted = extract_docs(docs, cache)
    result["clusters"] = {f"{arrival}/{view}": cluster_scores(docs, extracted, arrival=arrival, view=view)
                          for arrival in ("corpus", "topic") for view in ("system", "gold")}
    if cv:
        result["cv"] = [cross_validate(docs, extracted, view) for view in ("system", "gold")]
    return result


def _row(name: str, r: dict[str, Any]) -> str:
    pw, b3 = r["pairwise"], r["bcubed"]
    return (f"| {name} | {pw['p']:.3f} | {pw['r']:.3f} | {pw['f1']:.3f} | "
            f"{b3['p']:.3f} | {b3['r']:.3f} | {b3['f1']:.3f} |")


def format_table(result: dict[str, Any]) -> str:
    """Markdown tables of :func:`run`'s result."""
    lines = [f"ECB+: {result['topics']} topics, {result['docs']} documents, {result['mentions']} validated "
             f"event mentions, {result['chains']} gold chains", "",
             "| text signal | ROC AUC (coreferent vs not, same topic, cross-document) |", "|---|---|"]
    t = result["text"]
    lines += [f"| static embedding of the sentence (tokenlearn-static-model) | {t['static']:.3f} |",
              f"| MinHash word 3-shingles of the sentence (datasketch) | {t['minhash']:.3f} |",
              f"| static embedding of the trigger's window (+-8 words) | {t['static_window']:.3f} |",
              f"| weighted content-word overlap (names, numbers x3) | {t['tokens']:.3f} |",
              f"| trigger stems shared (0/1) | {t['trigger']:.3f} |",
              f"| pairs (coreferent) | {t['pairs']} ({t['coreferent']}) |"]
    c = result.get("clusters")
    if not c:
        return "\n".join(lines + ["", "cluster evaluation skipped: wirecoder.pipeline not available"])
    for setting, r in c.items():
        lines += ["", f"**{setting}** (arrival/view): pipeline events {r['events']}, scored mentions "
                      f"{r['mentions']}, aligned to our events {r['aligned']}", "",
                  "| system | pairwise P | R | F1 | B3 P | R | F1 |", "|---|---|---|---|---|---|---|",
                  _row("ours (default weights)", r["ours"]), _row("same type, same day", r["same_type_same_day"]),
                  _row("all singletons", r["all_singletons"])]
    for cv in result.get("cv") or []:
        lines += ["", f"**cross-validation over topics, arrival=topic, view={cv['view']}** "
                      f"({cv['grid']} settings: weights x threshold; fit on one half "
                      "of the topics, tested on the other)", "",
                  "| fitted on | setting | test: pairwise P | R | F1 | B3 P | R | F1 | train B3 F1 |",
                  "|---|---|---|---|---|---|---|---|---|"]
        for f in cv["folds"]:
            cfg = f["config"]
            pw, b3 = f["test"]["ours"]["pairwise"], f["test"]["ours"]["bcubed"]
            lines.append(f"| {'odd' if f['fit_on'] == 0 else 'even'} topics | {cfg['similarity']}, "
                         f"{_wname(cfg['weights'])}, threshold {cfg['threshold']:.2f} | {pw['p']:.3f} | {pw['r']:.3f} | "
                         f"{pw['f1']:.3f} | {b3['p']:.3f} | {b3['r']:.3f} | {b3['f1']:.3f} | "
                         f"{f['train']['ours']['bcubed']['f1']:.3f} |")
            lines.append("| (same fold) | old rule (threshold 0.58) | " + _row("", f["old"]["ours"])[4:] + " |")
            lines.append("| (same fold) | same type, same day | " + _row("", f["test"]["same_type_same_day"])[4:] + " |")
            lines.append("| (same fold) | all singletons | " + _row("", f["test"]["all_singletons"])[4:] + " |")
    return "\n".join(lines)


def main(argv: Optional[Iterable[str]] = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m wirecoder.eval.dedupe", description=__doc__.splitlines()[0])
    ap.add_argument("--gold", default=None, help="ECB+ folder (default: $WIRECODER_SHARED/gold/ecbplus)")
    ap.add_argument("--limit", type=int, default=None, help="only the first N topics")
    ap.add_argument("--cache", default=None, help="JSON Lines cache of the pipeline's output (read if present)")
    ap.add_argument("--no-cv", action="store_true", help="skip the cross-validated tuning grid")
    args = ap.parse_args(list(argv) if argv is not None else None)
    logging.basicConfig(level=logging.WARNING, format="wirecoder: %(message)s")
    try:
        print(format_table(run(args.gold, args.limit, args.cache, not args.no_cv)))
    except DataFileError as err:
        print(f"wirecoder: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
