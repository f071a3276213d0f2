"""Fit the event-confidence calibrator (wirecoder/data/calibration.json) on the development sets.

    .venv/bin/python scripts/fit_calibration.py --top [--gold ../shared/gold] [--out wirecoder/data/calibration.json]

Runs the pipeline as ``wirecoder eval events`` runs it (default options) over the PLOVER GSR
records, the CASE 2021 task 2 snippets and the CAMEO quad-class sentences; every article-level event
gets a label (PLOVER: its type is the record's type; CASE: its ACLED sub-event is the snippet's, only
events with an ACLED code; quad: its quad class is the sentence's) and the features of
wirecoder.extraction.calibration of the mention that gives the event its confidence (the most
confident of its mentions), with that mention's heuristic confidence. With ``--top`` (how the
shipped calibrator is fitted) only the event ``eval events`` scores is labelled per item: the most
confident one (CASE: the most confident with an ACLED sub-event); without it every event is, and an
item's other real events then count as wrong. A logistic regression
(Newton steps, L2 0.1) is fitted; 5-fold cross-validation reports the expected calibration error
(10 bins) and log-loss of the heuristic confidence and of the calibrated one on held-out folds.
Only the development sets are read; nothing of them is written, only the 9 coefficients.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any, Optional

import numpy as np

from wirecoder.eval import events as ev_eval
from wirecoder.extraction.calibration import FEATURES
from wirecoder.pipeline import PipelineOptions
from wirecoder.records import Article


def events_with_features(items: list[tuple[str, str, Optional[str]]]) -> list[list[tuple[Any, list, float]]]:
    """For each ``(id, text, date)`` item, its article-level events, each with the calibration
    features and heuristic confidence of the mention that gives it its confidence."""
    from wirecoder import nlp
    from wirecoder.extraction import Resources, find_mentions
    from wirecoder.pipeline import events_for, prepare
    opts = PipelineOptions()         # as ev_eval._events_for_texts runs it
    res = Resources.for_actors(opts.actors)
    arts = [prepare(Article(id=i, text=t, published=d), opts) for i, t, d in items]
    out = []
    for doc, a in nlp.pipe(((a.text, a) for a in arts), opts.model, batch_size=64):
        found = {f.tok.idx: f for f in find_mentions(a, doc, res)}
        row = []
        for e in events_for(a, doc, opts, res):
            members = [found[m.trigger_span[0]] for m in e.mentions
                       if m.trigger_span and m.trigger_span[0] in found]
            if members:
                top = max(members, key=lambda f: f.event.confidence)
                row.append((e, top.features, top.raw_confidence))
        out.append(row)
    return out


def collect(gold: Path, top: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Features, labels, heuristic confidences and item ids of the labelled events. ``top``: only the
    event ``wirecoder eval events`` scores per item (its most confident one; for CASE the most
    confident with an ACLED sub-event), so that the fit targets the error it reports."""
    X, y, raw, group = [], [], [], []

    def add(events, ok, g, keep=lambda e: True):
        if top:
            best = ev_eval.best_event([e for e, _f, _h in events], keep)
            events = [t for t in events if t[0] is best]
        for e, feats, heuristic in events:
            label = ok(e)
            if label is None:
                continue
            X.append(feats)
            y.append(float(label))
            raw.append(heuristic)
            group.append(g)

    sets = dict((n, p) for n, p, _f in ev_eval.find_sets(gold))
    if "plover-gsr" in sets:
        recs = ev_eval.load_plover(sets["plover-gsr"])
        evs = events_with_features([(r["id"], r["text"], r.get("date")) for r in recs])
        for i, (r, es) in enumerate(zip(recs, evs)):
            add(es, lambda e, r=r: e.event_type == r["type"], f"p{i}")
    if "case2021-task2" in sets:
        rows = list(ev_eval._read_tsv(sets["case2021-task2"], 3, header=True))
        evs = events_with_features([(r[0], r[1], None) for r in rows])
        for i, (r, es) in enumerate(zip(rows, evs)):
            gold_sub = ev_eval.CASE_ACLED.get(r[2], ev_eval.NONE)
            add(es, lambda e, g=gold_sub: (e.acled_subtype == g) if e.acled_subtype else None, f"c{i}",
                lambda e: bool(e.acled_subtype))
    if "cameo-sentences" in sets:
        rows = list(ev_eval._read_tsv(sets["cameo-sentences"], 2, header=False))
        evs = events_with_features([(str(i), r[0], None) for i, r in enumerate(rows)])
        for i, (r, es) in enumerate(zip(rows, evs)):
            add(es, lambda e, q=int(r[1]): e.quad_class == q, f"q{i}")
    return np.array(X), np.array(y), np.array(raw), np.array(group)


def fit(X: np.ndarray, y: np.ndarray, l2: float = 0.1, iters: int = 50) -> np.ndarray:
    w = np.zeros(X.shape[1])
    reg = l2 * np.eye(X.shape[1])
    reg[0, 0] = 0.0
    for _ in range(iters):
        p = 1 / (1 + np.exp(-X @ w))
        grad = X.T @ (p - y) + reg @ w
        H = (X * (p * (1 - p))[:, None]).T @ X + reg
        step = np.linalg.solve(H, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def ece(p: np.ndarray, y: np.ndarray, bins: int = 10) -> float:
    idx = np.minimum((p * bins).astype(int), bins - 1)
    return float(sum(abs(p[idx == b].mean() - y[idx == b].mean()) * (idx == b).sum()
                     for b in range(bins) if (idx == b).any()) / len(p))


def logloss(p: np.ndarray, y: np.ndarray) -> float:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return float(-(y * np.log(p) + (1 - y) * np.log(1 - p)).mean())


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", default="../shared/gold")
    ap.add_argument("--out", default=str(Path(__file__).resolve().parents[1] / "wirecoder/data/calibration.json"))
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--top", action="store_true",
                    help="label only the event eval events scores per item (its most confident one)")
    args = ap.parse_args(argv)
    X, y, raw, group = collect(Path(args.gold), top=args.top)
    print(f"{len(y)} events, {y.mean():.3f} correct", file=sys.stderr)
    # folds by item, so that events of one sentence never sit on both sides
    items = sorted(set(group))
    rng = np.random.default_rng(0)
    fold_of = {g: int(f) for g, f in zip(items, rng.integers(0, args.folds, len(items)))}
    folds = np.array([fold_of[g] for g in group])
    held = np.zeros(len(y))
    for k in range(args.folds):
        tr, te = folds != k, folds == k
        held[te] = 1 / (1 + np.exp(-X[te] @ fit(X[tr], y[tr])))
    w = fit(X, y)
    fitted = 1 / (1 + np.exp(-X @ w))
    report = {"events": int(len(y)), "accuracy_of_events": float(y.mean()),
              "heuristic": {"ece": ece(raw, y), "logloss": logloss(raw, y)},
              f"calibrated_cv{args.folds}": {"ece": ece(held, y), "logloss": logloss(held, y)},
              "calibrated_train": {"ece": ece(fitted, y), "logloss": logloss(fitted, y)}}
    out = {"features": list(FEATURES), "weights": [round(float(x), 4) for x in w],
           "fitted_on": "PLOVER GSR, CASE 2021 task 2 dev, CAMEO quad-class train (scripts/fit_calibration.py"
                         + (" --top)" if args.top else ")"),
           "report": {k: ({kk: round(vv, 4) for kk, vv in v.items()} if isinstance(v, dict) else v)
                      for k, v in report.items()}}
    Path(args.out).write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(out["report"], indent=1))
    print(dict(zip(FEATURES, out["weights"])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
