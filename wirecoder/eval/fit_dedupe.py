"""Fit the cross-outlet clustering model on article-level gold, cross-validated over stories.

    python -m wirecoder.eval.fit_dedupe [--gold ../shared/gold/article-events] [--cache FILE]
                                        [--folds K] [--role-veto on|off]
                                        [--cv CV.json] [--write wirecoder/data/dedupe_model.json]

The gold (``articles.jsonl``, see its README) codes one record per real event per article and a
``key`` shared by every article that reports the event. Every article runs through the pipeline
(with its publication date); each system event matched to a gold event (as ``wirecoder eval
articles`` matches them) takes that event's key. A *story* is a set of articles linked by shared
keys (connected components); stories are never split across folds.

For every pair of matched events from different articles that the store would compare (same
modality, compatible types, date windows within the slack: :func:`wirecoder.dedupe.pair_features`
returns None otherwise), the features of :data:`wirecoder.dedupe.FEATURES` and the label "same
key" train a logistic regression (numpy, L2, by Newton's method). Cross-validation: for each fold
of stories, fit on the other folds, then store the fold's articles with the fitted model and
score its clusters against the gold keys (B-cubed and pairwise over the matched events, as
``eval articles`` does); the threshold is chosen inside the training folds, by the clusters the
store makes of the training articles (mean of B-cubed and pairwise F1), not by the pairs. The
weights written are fitted on all stories, with the median of the folds' thresholds; the data
file records the cross-validated scores.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any, Iterable, Optional

import numpy as np

log = logging.getLogger("wirecoder.eval.fit_dedupe")


# ------------------------------------------------------------------------------------------ data

def pipeline_items(gold: str | os.PathLike[str], cache: Optional[str] = None) -> tuple[list[Any], list[tuple[Any, list[Any]]]]:
    """Gold articles and the pipeline's (Article, events) for each, from ``cache`` when it holds
    every article (JSON Lines written by an earlier run), else by running the pipeline."""
    from wirecoder.eval.articles import load_gold, run_pipeline
    from wirecoder.records import Article, Event

    arts = load_gold(gold)
    if cache and Path(cache).is_file():
        got: dict[str, tuple[Any, list[Any]]] = {}
        with open(cache, encoding="utf-8") as fh:
            for line in fh:
                d = json.loads(line)
                got[d["gold_id"]] = (Article(**d["article"]), [Event.from_dict(e) for e in d["events"]])
        if all(a.id in got for a in arts):
            return arts, [got[a.id] for a in arts]
    items = run_pipeline(arts)
    if cache:
        with open(cache, "w", encoding="utf-8") as fh:
            for g, (a, evs) in zip(arts, items):
                fh.write(json.dumps({"gold_id": g.id, "article": {k: getattr(a, k) for k in a.__dataclass_fields__},
                                     "events": [e.to_dict() for e in evs]}, default=str) + "\n")
    return arts, items


def matched_keys(arts: list[Any], items: list[tuple[Any, list[Any]]]) -> dict[str, str]:
    """System event id -> gold key, for the events matched to a gold event (lenient matching of
    ``wirecoder eval articles``, a pair whose place agrees first on equal overlap)."""
    from wirecoder.eval.articles import GoldPlaces, match
    from wirecoder.ontology import default_ontology

    quad_of = {name: t.quad for name, t in default_ontology().types.items()}
    places = GoldPlaces()
    out: dict[str, str] = {}
    for g, (_a, events) in zip(arts, items):
        for gi, si in match(g.events, events, g.text, True, quad_of, places):
            out[events[si].id] = g.events[gi].key
    return out


def stories(arts: list[Any]) -> list[list[str]]:
    """Article ids grouped into stories: articles sharing a gold key are one story (transitively)."""
    parent = {a.id: a.id for a in arts}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x
    first: dict[str, str] = {}
    for a in arts:
        for e in a.events:
            if e.key in first:
                parent[find(a.id)] = find(first[e.key])
            else:
                first[e.key] = a.id
    groups: dict[str, list[str]] = defaultdict(list)
    for a in arts:
        groups[find(a.id)].append(a.id)
    return sorted(groups.values(), key=lambda g: (-len(g), g[0]))


def folds_of(groups: list[list[str]], k: int) -> list[set[str]]:
    """``k`` folds of article ids, whole stories each, balanced by size (largest story first)."""
    folds: list[set[str]] = [set() for _ in range(k)]
    for g in groups:
        min(folds, key=len).update(g)
    return folds


# ------------------------------------------------------------------------------------------ pairs

def event_reps(items: list[tuple[Any, list[Any]]], similarity: str = "static") -> dict[str, Any]:
    """Event id -> its :class:`~wirecoder.dedupe.ClusterRep`, built exactly as the store builds it."""
    from wirecoder.dedupe import article_bound, embed, event_rep, event_text, too_vague
    from wirecoder.store import event_row

    rows = [event_row(ev, art, article_bound(evs)) for art, evs in items for ev in evs]
    vecs = embed([event_text(r) for r in rows], similarity)
    out = {}
    for r, v in zip(rows, vecs):
        rep = event_rep(r, v, similarity)
        if rep.date_lo is not None and too_vague(rep):
            rep.vague = (rep.date_lo, rep.date_hi)  # as the store keeps it (store.clusters.assign)
            rep.date_lo = rep.date_hi = None
        out[r["id"]] = rep
    return out


def pair_data(reps: dict[str, Any], keys: dict[str, str], similarity: str = "static"
              ) -> tuple[np.ndarray, np.ndarray, list[tuple[str, str]]]:
    """Features, labels (same gold key) and (event, event) ids of every pair of matched events
    that the store would compare (not vetoed; undated ones too); pairs within one article never
    are (:func:`wirecoder.dedupe.parts` keeps an article's events apart)."""
    from wirecoder.dedupe import FEATURES, pair_features

    ids = [i for i in keys if i in reps]
    xs, ys, which = [], [], []
    for n, a in enumerate(ids):
        for b in ids[n + 1:]:
            x = pair_features(reps[a], reps[b], similarity)
            if x is None:
                continue
            xs.append(x)
            ys.append(float(keys[a] == keys[b]))
            which.append((a, b))
    return (np.asarray(xs, dtype=np.float64).reshape(-1, len(FEATURES)), np.asarray(ys), which)


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0, iters: int = 50) -> np.ndarray:
    """L2-regularised logistic regression by Newton's method (the bias, column 0, unpenalised)."""
    w = np.zeros(x.shape[1])
    reg = np.full(x.shape[1], l2)
    reg[0] = 1e-6
    for _ in range(iters):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -50, 50)))
        g = x.T @ (p - y) + reg * w
        h = (x * (p * (1 - p))[:, None]).T @ x + np.diag(reg)
        step = np.linalg.solve(h, g)
        w -= step
        if float(np.max(np.abs(step))) < 1e-8:
            break
    return w


# ------------------------------------------------------------------------------------------ clusters

def cluster_with(model: Any, items: list[tuple[Any, list[Any]]], similarity: str = "static") -> dict[str, str]:
    """Event id -> cluster id after storing ``items`` oldest first (as ``eval articles`` does)
    with ``model`` (a :class:`~wirecoder.dedupe.Model`, or None for the weighted rule)."""
    from wirecoder import dedupe
    from wirecoder.store import Store

    saved = dedupe.MODEL
    dedupe.MODEL = model
    try:
        order = sorted(items, key=lambda it: (it[0].published or "9999", it[0].id))
        with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "fit.duckdb", similarity=similarity) as store:
            for art, events in order:
                store.add_many([(art, events)])
            return dict(store.con.execute("SELECT id, cluster_id FROM events").fetchall())
    finally:
        dedupe.MODEL = saved


def cluster_scores(keys: dict[str, str], clusters: dict[str, str]) -> dict[str, Any]:
    """B-cubed and pairwise P/R/F1 of ``clusters`` against gold ``keys`` over the matched events,
    and the clusters mixing two gold keys."""
    from wirecoder.eval.dedupe import bcubed, pairwise

    ours = {k: clusters.get(k, f"missing:{k}") for k in keys}
    mixed: dict[str, set[str]] = defaultdict(set)
    for ev, c in ours.items():
        mixed[c].add(keys[ev])
    return {"bcubed": bcubed(keys, ours), "pairwise": pairwise(keys, ours),
            "mixed_clusters": sum(1 for ks in mixed.values() if len(ks) > 1)}


# 0.1 is not tried: there two same-type reports of one day sharing no word and no actor merge
# (tests/dedupe/test_model.py), and a fold that chose it mixed keys (README)
THRESHOLDS = (0.15, 0.2, 0.25, 0.3, 0.4)


def fit(x: np.ndarray, y: np.ndarray, items: list[tuple[Any, list[Any]]], keys: dict[str, str],
        l2: float = 1.0, similarity: str = "static") -> tuple[np.ndarray, float, dict[float, float]]:
    """Weights on the pairs (x, y), and the threshold of :data:`THRESHOLDS` whose clusters of
    ``items`` (the same articles, stored as the store stores them, average link and all) score
    best against ``keys``: the mean of B-cubed and pairwise F1, as the clusters are what is
    judged, not the pairs. Returns the weights, the threshold and each threshold's score."""
    from wirecoder.dedupe import Model

    w = fit_logistic(x, y, l2)
    weights = tuple(float(v) for v in w)
    got: dict[float, float] = {}
    for t in THRESHOLDS:
        sc = cluster_scores(keys, cluster_with(Model(weights, t), items, similarity))
        got[t] = round((sc["bcubed"]["f1"] + sc["pairwise"]["f1"]) / 2, 4)
    th = max(THRESHOLDS, key=lambda t: (got[t], -abs(t - 0.3)))
    return w, th, got


def cross_validate(arts: list[Any], items: list[tuple[Any, list[Any]]], k: int = 5,
                   similarity: str = "static") -> dict[str, Any]:
    """Fit on k-1 folds of stories, cluster the held-out fold's articles with it, score; pooled
    over the folds (clusters of different folds never meet), beside the weighted rule and the
    same-type-same-day baseline on the same events."""
    from wirecoder.dedupe import Model

    keys = matched_keys(arts, items)
    reps = event_reps(items, similarity)
    x, y, which = pair_data(reps, keys, similarity)
    art_of = {ev.id: g.id for g, (_a, evs) in zip(arts, items) for ev in evs}  # event -> gold article id
    groups = stories(arts)
    folds = folds_of(groups, k)
    by_id = {a.id: it for a, it in zip(arts, items)}
    pooled: dict[str, str] = {}
    rule: dict[str, str] = {}
    fold_info = []
    for i, held in enumerate(folds):
        train = np.array([art_of[a] not in held and art_of[b] not in held for a, b in which], dtype=bool)
        train_items = [by_id[a.id] for a in arts if a.id not in held]
        w, th, _ = fit(x[train], y[train], train_items,
                       {e: kk for e, kk in keys.items() if art_of.get(e) not in held}, similarity=similarity)
        test_items = [by_id[a.id] for a in arts if a.id in held]
        got = cluster_with(Model(tuple(float(v) for v in w), th), test_items, similarity)
        pooled.update({f"{i}:{e}": f"{i}:{c}" for e, c in got.items()})
        base = cluster_with(None, test_items, similarity)
        rule.update({f"{i}:{e}": f"{i}:{c}" for e, c in base.items()})
        fkeys = {e: kk for e, kk in keys.items() if art_of.get(e) in held}
        fold_info.append({"articles": len(held), "stories": sum(1 for g in groups if g[0] in held),
                          "train_pairs": int(train.sum()), "threshold": th,
                          "scores": cluster_scores(fkeys, got)})
    all_keys = {f"{i}:{e}": kk for e, kk in keys.items() for i, held in enumerate(folds) if art_of.get(e) in held}
    baseline = {}
    for g, (_a, evs) in zip(arts, items):
        for ev in evs:
            for i, held in enumerate(folds):
                if g.id in held:
                    baseline[f"{i}:{ev.id}"] = f"{ev.event_type}:{ev.date.value[:10] if ev.date else 'none:' + ev.id}"
    return {"events": len(keys), "pairs": int(len(y)), "positive_pairs": int(y.sum()), "stories": len(groups),
            "folds": fold_info, "model": cluster_scores(all_keys, pooled),
            "weighted_rule": cluster_scores(all_keys, rule),
            "same_type_same_day": cluster_scores(all_keys, baseline)}


def final_threshold(cv: dict[str, Any]) -> float:
    """The threshold written with the weights fitted on all stories: the median of the ones
    the cross-validation folds chose (each by clustering its training stories), the setting
    that was validated, rather than one more choice on all stories, in-sample."""
    ts = sorted(f["threshold"] for f in cv["folds"])
    return ts[len(ts) // 2]


def main(argv: Optional[Iterable[str]] = None) -> int:
    from wirecoder.dedupe import FEATURES, MODEL_FILE
    from wirecoder.errors import DataFileError, InputError
    from wirecoder.eval.articles import default_gold

    ap = argparse.ArgumentParser(prog="python -m wirecoder.eval.fit_dedupe", description=__doc__.splitlines()[0])
    ap.add_argument("--gold", default=None, help="article-events gold (default: ../shared/gold/article-events)")
    ap.add_argument("--cache", default=None, help="JSON Lines cache of the pipeline's output (read if complete)")
    ap.add_argument("--folds", type=int, default=5,
                    help="folds of whole stories (default 5; as many as stories, 11 on the development "
                         "gold, leaves one story out)")
    ap.add_argument("--role-veto", choices=("on", "off"), default=None,
                    help="fit and cluster with the veto on parties named the other way round on or off "
                         "(default: wirecoder.dedupe.ROLE_VETO)")
    ap.add_argument("--cv", default=None, help="reuse the cross-validation JSON an earlier run printed")
    ap.add_argument("--write", nargs="?", const="", default=None,
                    help=f"write the model fitted on all stories (default path: wirecoder/data/{MODEL_FILE})")
    args = ap.parse_args(list(argv) if argv is not None else None)
    logging.basicConfig(level=logging.WARNING, format="wirecoder: %(message)s")
    if args.role_veto is not None:
        from wirecoder import dedupe
        dedupe.ROLE_VETO = args.role_veto == "on"
    try:
        arts, items = pipeline_items(args.gold or default_gold(), args.cache)
    except (DataFileError, InputError) as err:
        print(f"wirecoder: {err}", file=sys.stderr)
        return 2
    if args.cv:  # the cross-validation an earlier run printed (same gold, same code)
        cv = json.loads(Path(args.cv).read_text(encoding="utf-8"))
    else:
        cv = cross_validate(arts, items, args.folds)
    print(json.dumps(cv, indent=1))
    if args.write is not None:
        keys = matched_keys(arts, items)
        x, y, _ = pair_data(event_reps(items), keys)
        w = fit_logistic(x, y)
        th = final_threshold(cv)
        from wirecoder.datafiles import DATA_DIR
        path = Path(args.write) if args.write else DATA_DIR / MODEL_FILE
        doc = {"about": "P(two reports are one event) = sigmoid(weights . features); fitted by "
                        "python -m wirecoder.eval.fit_dedupe on article-events gold (all stories); "
                        "cv: the cross-validated cluster scores over stories",
               "features": list(FEATURES), "weights": [round(float(v), 6) for v in w], "threshold": th,
               "fold_thresholds": [f["threshold"] for f in cv["folds"]],
               "pairs": int(len(y)), "positive_pairs": int(y.sum()),
               "cv": {k: cv[k] for k in ("events", "stories", "model", "weighted_rule", "same_type_same_day")}}
        path.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
        print(f"wirecoder: wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
