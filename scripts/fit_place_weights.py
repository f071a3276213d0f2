"""Fit the toponym ranking weights (``wirecoder/data/gazetteer/ranking.json``) by cross-validation.

For every gold toponym of the development corpora (Gritta-layout XML files in ``--gold``, e.g.
GeoWebNews and TR-News) the resolver's candidates are recorded with their ranking features
(:meth:`wirecoder.resolve.places.Geocoder.features`, computed in the resolver's final pass under
the current weights) and whether each lies within 161 km of the gold point. The weights are then
chosen by coordinate ascent to maximise the number of toponyms whose top-scored candidate is
right. Cross-validation: documents are split into ``--folds`` folds (each corpus separately, by
position); each fold is scored with weights fitted on the other folds, and the held-out accuracy@161
is reported per corpus next to that of the current weights. The weights written are fitted on all
documents, starting from the current ones.

    python scripts/fit_place_weights.py --gold ../shared/gold/geoparsing [--write] [--cache DIR]

``--cache DIR`` keeps the spaCy parses (DocBin) between runs. Only ``--write`` changes the file.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from wirecoder.eval.geo import (GWN_ASSOCIATIVE, GWN_LITERAL, SPACY_MODEL, article_focus, haversine_km,  # noqa: E402
                                read_gritta)
from wirecoder.resolve import places as P  # noqa: E402

STEPS = (-2.0, -1.0, -0.5, -0.25, 0.25, 0.5, 1.0, 2.0)


class _Recorder(P.Geocoder):
    """A Geocoder that remembers the features of every candidate in its last ranking of a mention."""

    all_features = True

    def _choose(self, m, ctx, near, far):  # type: ignore[override]
        if m.label == "GOLD":
            self.seen[id(m)] = [(self.features(m, e, pr, ctx, near, far), e) for e, pr in m.candidates]
        return super()._choose(m, ctx, near, far)

    def resolve_recorded(self, doc, spans, focus=None):
        self.seen = {}
        found = self._recognise(doc)
        given = []
        for s, e in spans:
            span = doc.char_span(s, e, alignment_mode="expand")
            m = P._Mention(span.start, span.end, label="GOLD") if span is not None and len(span) else P._Mention(0, 0, label="GOLD")
            if span is not None and len(span):
                self._add_cue(doc, m)
                t = span.text
                if t in self.demonyms or t.rstrip("s") in self.demonyms:
                    m.role, m.demonym_iso2 = "demonym", self.demonyms.get(t) or self.demonyms.get(t.rstrip("s"))
                elif t in self.unit_demonyms:
                    m.role, m.demonym_unit = "demonym", self.unit_demonyms[t]
            given.append(m)
        by_span = {(m.i, m.j) for m in given}
        self._resolve(doc, given + [m for m in found if (m.i, m.j) not in by_span], focus)
        return [self.seen.get(id(m), []) for m in given]


def collect(gold: Path, cache: Path | None):
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.load(SPACY_MODEL)
    geo = _Recorder(P.Gazetteer.default())
    items = []          # (corpus, doc index, [(features, right)])
    for f in sorted(gold.glob("*.xml")):
        layout, docs = read_gritta(f)
        cp = cache / f"{f.stem}.spacy" if cache else None
        if cp and cp.exists():
            sdocs = list(DocBin().from_disk(cp).get_docs(nlp.vocab))
        else:
            sdocs = list(nlp.pipe([d["text"] for d in docs], batch_size=8))
            if cp:
                cp.parent.mkdir(parents=True, exist_ok=True)
                db = DocBin()
                for d in sdocs:
                    db.add(d)
                db.to_disk(cp)
        for k, (d, doc) in enumerate(zip(docs, sdocs)):
            golds = [t for t in d["toponyms"] if t["lat"] is not None and t["lon"] is not None
                     and (layout != "GeoWebNews" or t["type"] in GWN_LITERAL | GWN_ASSOCIATIVE)]
            if not golds:
                continue
            recs = geo.resolve_recorded(doc, [(t["start"], t["end"]) for t in golds], article_focus(doc))
            for t, cands in zip(golds, recs):
                rows = [(feat, e.lat is not None and haversine_km(t["lat"], t["lon"], e.lat, e.lon) <= 161,
                         -P._RANK[e.kind]) for feat, e in cands]
                items.append((f.stem, k, rows))
        print(f"{f.name}: {sum(1 for i in items if i[0] == f.stem)} gold toponyms", file=sys.stderr)
    return items


class Problem:
    """The recorded candidates as arrays: a score per candidate is F @ w; a toponym is right when its
    top candidate (ties: the coarser kind, as the resolver breaks them) is right."""

    def __init__(self, items, names):
        self.names = names
        rows, right, tie, owner = [], [], [], []
        self.n = len(items)
        for i, (_, _, cands) in enumerate(items):
            for feat, ok, rank in cands:
                rows.append([feat.get(nm, 0.0) for nm in names])
                right.append(ok)
                tie.append(rank)
                owner.append(i)
        self.F = np.array(rows, dtype=float).reshape(-1, len(names))
        self.right = np.array(right, dtype=bool)
        self.tie = np.array(tie, dtype=float) * 1e-6
        self.owner = np.array(owner, dtype=int)
        order = np.argsort(self.owner, kind="stable")
        assert (order == np.arange(len(order))).all()
        self.starts = np.flatnonzero(np.r_[True, self.owner[1:] != self.owner[:-1]]) if len(owner) else np.array([], int)

    def correct(self, w, mask=None):
        """Number of right toponyms (toponyms without candidates count as wrong)."""
        if not len(self.F):
            return 0
        s = self.F @ w + self.tie
        best = np.maximum.reduceat(s, self.starts)
        top = s >= best[np.searchsorted(self.starts, np.arange(len(s)), side="right") - 1]
        # first top candidate of each toponym
        idx = np.flatnonzero(top)
        first = idx[np.r_[True, self.owner[idx][1:] != self.owner[idx][:-1]]]
        ok = self.right[first]
        if mask is not None:
            ok = ok & mask[self.owner[first]]
        return int(ok.sum())


def fit(prob: Problem, w0: np.ndarray, mask: np.ndarray, rounds: int = 3) -> np.ndarray:
    w = w0.copy()
    best = prob.correct(w, mask)
    for _ in range(rounds):
        improved = False
        for j in range(len(w)):
            for d in STEPS:
                w2 = w.copy()
                w2[j] += d
                c = prob.correct(w2, mask)
                if c > best:
                    best, w, improved = c, w2, True
        if not improved:
            break
    return w


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", default=str(ROOT.parent / "shared" / "gold" / "geoparsing"))
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--cache", help="folder for spaCy parses of the gold texts")
    ap.add_argument("--write", action="store_true", help="write the weights fitted on all documents")
    a = ap.parse_args()
    items = collect(Path(a.gold), Path(a.cache) if a.cache else None)
    current = P.load_ranking_weights()
    names = sorted(current)
    prob = Problem(items, names)
    w0 = np.array([current[nm] for nm in names])
    corpora = sorted({c for c, _, _ in items})
    fold = np.array([k % a.folds for _, k, _ in items])
    corpus = np.array([c for c, _, _ in items])
    held = {c: [0, 0] for c in corpora}
    for f in range(a.folds):
        w = fit(prob, w0, fold != f)
        for c in corpora:
            mask = (fold == f) & (corpus == c)
            held[c][0] += prob.correct(w, mask)
            held[c][1] += prob.correct(w0, mask)
    report = {}
    for c in corpora:
        n = int((corpus == c).sum())
        report[c] = {"toponyms": n, "cv_acc161_fitted": round(held[c][0] / n, 4),
                     "acc161_current": round(held[c][1] / n, 4)}
    print(json.dumps(report, indent=1))
    w_all = fit(prob, w0, np.ones(prob.n, dtype=bool))
    fitted = {nm: round(float(v), 3) for nm, v in zip(names, w_all)}
    print(json.dumps(fitted, indent=1))
    if a.write:
        path = P.RANKING_FILE
        data = json.loads(path.read_text(encoding="utf-8"))
        data["weights"] = fitted
        data["fit"] = ("scripts/fit_place_weights.py: coordinate ascent on accuracy@161 km over the gold toponyms "
                       f"of {', '.join(corpora)}, started from the hand-set weights; {a.folds}-fold cross-validation "
                       "by document (held-out accuracy, fitted vs hand-set): "
                       + "; ".join(f"{c} {r['cv_acc161_fitted']} vs {r['acc161_current']}" for c, r in report.items()))
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        tmp.replace(path)
        print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
