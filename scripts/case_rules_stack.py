"""CASE 2021 task 2, whole snippets: the encoder's linear head with the rules' own answer as features.

    .venv/bin/python scripts/case_rules_stack.py [--gold ../shared/gold] [--cache /tmp/wirecoder-train]
                                                 [--model wirecoder/data/model] [--out FILE.json]

One label per snippet (as the shared task scores; the measure of ``finetune_event_model.py
sentences``), 5 folds by record, the folds of ``train_event_model.py`` (seed 0; CASE is the second
set drawn). Features of a snippet: the encoder's mention features of the whole snippet (769 values,
``wirecoder.model.mention_features``) and the rules' answer, as ``wirecoder eval events`` reads it
(``RULE_SETS``): the ACLED sub-event of the rules' most confident event with one (one-hot over the
25 ACLED sub-events + none) and that event's confidence; ``all`` adds which sub-events any event
has, the PLOVER types of all events and their number (capped at 5, /5). Softmax regression
(``wirecoder.model.fit.fit_softmax``, balanced row weights, as the sentences measure).

The setting (``GRID``: rule features x L2 penalty) is chosen per held-out fold by an inner
cross-validation on its 4 training folds only (leave one training fold out, CASE 25-class weighted
F1, the definition of ``finetune_event_model.py sentences``), then fitted on the 4 folds and scored
on the held-out one. Encoders: the frozen int8 MiniLM (``train`` extra; all 5 folds honest) and,
with ``--model``, the packaged fine-tuned encoder (it saw folds 1-4: only fold 0 is reported).
Also printed: the baseline head (no rule features, ``PARAMS``) and the rules alone, per fold, and
per-class F1 and support of the pooled held-out predictions. The rules are run on CASE only
(~20 s); the frozen encoder's features are cached in ``--cache``.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_event_model as T  # noqa: E402

from wirecoder.eval import events as ev_eval  # noqa: E402
from wirecoder.model import EventModel, default_model_dir, mention_features  # noqa: E402
from wirecoder.model.fit import balanced_weights, fit_softmax  # noqa: E402
from wirecoder.ontology import default_ontology  # noqa: E402

FOLDS = 5
# fixed before any held-out score of this script was read: rule features x (L2, Adam steps)
GRID = [{"rules": r, "l2": l2, "iters": it} for r in ("best", "all") for l2, it in ((1e-4, 300), (1e-5, 1000))]
BASELINE = {"rules": "none", "l2": 1e-4, "iters": 300}
RULE_SETS = ("none", "best", "all")


def rule_features(events: list[list], how: str) -> np.ndarray:
    """The rules' answer per snippet (see the module docstring); fixed columns, no data-dependent vocabulary."""
    subs = sorted(set(ev_eval.CASE_ACLED.values()))
    types = sorted(default_ontology().types)
    cols = [f"best={s}" for s in subs] + ["best=none", "best_conf"]
    if how == "all":
        cols += [f"any={s}" for s in subs] + [f"type={t}" for t in types] + ["n_events"]
    ix = {c: i for i, c in enumerate(cols)}
    X = np.zeros((len(events), len(cols)), np.float32)
    if how == "none":
        return X[:, :0]
    for i, evs in enumerate(events):
        top = ev_eval.best_event(evs, lambda e: bool(e.acled_subtype))
        if top is not None and f"best={top.acled_subtype}" in ix:
            X[i, ix[f"best={top.acled_subtype}"]] = 1
            X[i, ix["best_conf"]] = top.confidence
        else:
            X[i, ix["best=none"]] = 1
        if how == "all":
            for e in evs:
                if e.acled_subtype and f"any={e.acled_subtype}" in ix:
                    X[i, ix[f"any={e.acled_subtype}"]] = 1
                if f"type={e.event_type}" in ix:
                    X[i, ix[f"type={e.event_type}"]] = 1
            X[i, ix["n_events"]] = min(len(evs), 5) / 5
    return X


def scores(ys: list[str], pred: list[str], labs: list[str]) -> dict:
    pairs = list(zip(ys, pred))
    r = ev_eval.prf(pairs, labs)
    r25 = ev_eval.prf(pairs, sorted(set(ev_eval.CASE_ACLED) & set(labs)))
    return {"n": len(pairs), "accuracy": sum(g == p for g, p in pairs) / len(pairs),
            "weighted_f1": r["weighted_f1"], "macro_f1": r["macro_f1"],
            "weighted_f1_25": r25["weighted_f1"], "macro_f1_25": r25["macro_f1"]}


def fit_predict(X: np.ndarray, Y: np.ndarray, tr: np.ndarray, te: np.ndarray, cfg: dict) -> np.ndarray:
    W = fit_softmax(X[tr], Y[tr], l2=cfg["l2"], iters=cfg["iters"], weights=balanced_weights(Y[tr]))
    return (X[te] @ W).argmax(axis=1)


def nested(E: np.ndarray, R: dict, Y: np.ndarray, labs: list[str], ys: list[str], fold: np.ndarray,
           folds=range(FOLDS)) -> tuple[list, list]:
    """Per held-out fold: the GRID setting chosen by inner CV on the training folds, its scores."""
    out, pred = [], [None] * len(ys)
    for k in folds:
        tr_all = np.nonzero(fold != k)[0]
        inner = []
        for cfg in GRID:
            X = np.hstack([E, R[cfg["rules"]]])
            ip = {}
            for j in sorted(set(fold[tr_all])):
                itr, ite = tr_all[fold[tr_all] != j], tr_all[fold[tr_all] == j]
                ip.update(zip(ite.tolist(), fit_predict(X, Y, itr, ite, cfg).tolist()))
            inner.append(scores([ys[i] for i in tr_all], [labs[ip[i]] for i in tr_all], labs)["weighted_f1_25"])
        cfg = GRID[int(np.argmax(inner))]
        X = np.hstack([E, R[cfg["rules"]]])
        te = np.nonzero(fold == k)[0]
        p = fit_predict(X, Y, tr_all, te, cfg)
        for i, j in zip(te, p):
            pred[i] = labs[j]
        row = {"fold": k, "chosen": cfg, "inner_weighted_f1_25": [round(x, 4) for x in inner],
               **scores([ys[i] for i in te], [labs[j] for j in p], labs)}
        out.append(row)
        print(json.dumps({m: (round(v, 3) if isinstance(v, float) else v) for m, v in row.items()}), flush=True)
    return out, pred


def per_class(ys: list[str], pred: list[str], labs: list[str]) -> dict:
    r = ev_eval.prf([(g, p) for g, p in zip(ys, pred) if p is not None], labs)["per_class"]
    return {c: {"f1": round(v["f1"], 3), "support": v["gold"]} for c, v in r.items()}


def mean(rows: list[dict]) -> dict:
    return {m: round(float(np.mean([r[m] for r in rows])), 4) for m in
            ("accuracy", "weighted_f1", "macro_f1", "weighted_f1_25", "macro_f1_25")}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", default="../shared/gold")
    ap.add_argument("--cache", default="/tmp/wirecoder-train")
    ap.add_argument("--model", default=None, help="a fine-tuned model directory that never saw fold 0")
    ap.add_argument("--out", default=None)
    args = ap.parse_args(argv)
    sets = {n: p for n, p, _f in ev_eval.find_sets(Path(args.gold))}
    recs = ev_eval.load_plover(sets["plover-gsr"])
    case = ev_eval.load_case(sets["case2021-task2"])
    rng = np.random.default_rng(0)   # the folds of train_event_model.py: PLOVER GSR is drawn first, then CASE
    rng.integers(0, FOLDS, len(recs))
    fold = rng.integers(0, FOLDS, len(case))
    texts, ys = [r[1] for r in case], [r[2] for r in case]
    labs, Y = T.one_hot(ys)
    t = time.time()
    events = ev_eval._events_for_texts([(f"case-{r[0]}", r[1], None) for r in case])
    print(f"rules over {len(case)} snippets: {time.time() - t:.0f} s", file=sys.stderr)
    R = {h: rule_features(events, h) for h in RULE_SETS}
    ms = [(s, (0, len(s))) for s in texts]
    cache = Path(args.cache) / "case-frozen.npy"
    if cache.exists() and len(np.load(cache)) == len(texts):
        E = np.load(cache)
    else:
        E = mention_features(EventModel(default_model_dir(), T.frozen_manifest(), {}, {}, {}).encode_mentions(ms), ms)
        cache.parent.mkdir(parents=True, exist_ok=True)
        np.save(cache, E)
    res = {"folds": np.bincount(fold, minlength=FOLDS).tolist(), "grid": GRID}
    # the rules alone (CASE labels: a sub-event's label, else none -> no CASE label of the 30)
    inv = {v: k for k, v in ev_eval.CASE_ACLED.items()}
    rp = []
    for evs in events:
        top = ev_eval.best_event(evs, lambda e: bool(e.acled_subtype))
        rp.append(inv.get(top.acled_subtype, "none") if top else "none")
    res["rules alone"] = [scores([ys[i] for i in np.nonzero(fold == k)[0]], [rp[i] for i in np.nonzero(fold == k)[0]], labs)
                          for k in range(FOLDS)]
    # the baseline head (no rule features), per fold
    base, bpred = [], [None] * len(ys)
    for k in range(FOLDS):
        tr, te = np.nonzero(fold != k)[0], np.nonzero(fold == k)[0]
        p = fit_predict(E, Y, tr, te, BASELINE)
        for i, j in zip(te, p):
            bpred[i] = labs[j]
        base.append(scores([ys[i] for i in te], [labs[j] for j in p], labs))
    res["frozen encoder"] = base
    print("frozen encoder", mean(base), flush=True)
    rows, pred = nested(E, R, Y, labs, ys, fold)
    res["frozen encoder + rules' answer (nested)"] = rows
    for key in ("rules alone", "frozen encoder", "frozen encoder + rules' answer (nested)"):
        res[f"mean: {key}"] = mean(res[key])
        print(key, res[f"mean: {key}"], "per fold 25-class weighted F1",
              [round(r["weighted_f1_25"], 3) for r in res[key]], flush=True)
    res["per class, pooled held-out: frozen encoder"] = per_class(ys, bpred, labs)
    res["per class, pooled held-out: frozen encoder + rules' answer"] = per_class(ys, pred, labs)
    if args.model:   # the packaged fine-tuned encoder: fold 0 only
        Ef = mention_features(EventModel.load(args.model).encode_mentions(ms), ms)
        tr, te = np.nonzero(fold != 0)[0], np.nonzero(fold == 0)[0]
        p = fit_predict(Ef, Y, tr, te, BASELINE)
        res["fine-tuned encoder, fold 0"] = scores([ys[i] for i in te], [labs[j] for j in p], labs)
        res["fine-tuned encoder + rules' answer (nested), fold 0"] = nested(Ef, R, Y, labs, ys, fold, folds=[0])[0][0]
        for key in ("fine-tuned encoder, fold 0", "fine-tuned encoder + rules' answer (nested), fold 0"):
            print(key, {m: round(v, 3) for m, v in res[key].items() if isinstance(v, float)}, flush=True)
    if args.out:
        Path(args.out).write_text(json.dumps(res, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
