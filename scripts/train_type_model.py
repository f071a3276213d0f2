"""Train the event-type classifier (wirecoder/data/type_model.npz) and report cross-validated scores.

    .venv/bin/python scripts/train_type_model.py [--gold ../shared/gold] [--out wirecoder/data/type_model.npz]
                                                  [--folds 5] [--no-save]

1. Runs the rules-only pipeline (geocoding off) over the development sets: PLOVER GSR records,
   CASE 2021 task 2 snippets, CAMEO quad-class sentences.
2. Labels every event: PLOVER -> the record's type; CAMEO -> any type of the sentence's quad class
   (quad 0 -> none); CASE -> the snippet's ACLED sub-event (none for non-ACLED labels), only events
   that the rules gave an ACLED code.
3. K-fold cross-validation BY RECORD (a record's events are never on both sides; seed 0): the two
   heads of wirecoder.extraction.classifier are trained on K-1 folds and relabel the events of the
   held-out fold. The held-out events of all folds are scored with the scorers of
   wirecoder.eval.events, next to the rules-only events of the same records. Fixed settings, chosen
   before looking at the held-out scores: L2 1e-3, 400 Adam steps.
4. Trains both heads on everything and writes the model (about 60 kB). Only weights are written,
   no text of the development sets.
"""
from __future__ import annotations

import argparse
import copy
import json
import sys
import time
from pathlib import Path

import numpy as np

from wirecoder.eval import events as ev_eval
from wirecoder.extraction import classifier as clf
from wirecoder.extraction.acled import default_acled
from wirecoder.ontology import default_ontology

PARAMS = {"l2": 1e-3, "iters": 400}


def collect(gold: Path) -> dict:
    """Rules-only events of each development set, with its records."""
    sets = {n: p for n, p, _f in ev_eval.find_sets(gold)}
    missing = {"plover-gsr", "case2021-task2", "cameo-sentences"} - set(sets)
    if missing:
        sys.exit(f"error: {gold}: missing gold set(s) {', '.join(sorted(missing))}")
    recs = ev_eval.load_plover(sets["plover-gsr"])
    case = ev_eval.load_case(sets["case2021-task2"])
    quad = ev_eval.load_quad(sets["cameo-sentences"])
    t = time.time()
    out = {
        "plover": (recs, ev_eval._events_for_texts([(r["id"], r["text"], r.get("date")) for r in recs])),
        "case": (case, ev_eval._events_for_texts([(f"case-{r[0]}", r[1], None) for r in case])),
        "quad": (quad, ev_eval._events_for_texts([(f"quad-{i}", s, None) for i, (s, _l) in enumerate(quad)])),
    }
    print(f"rules pipeline over {len(recs) + len(case) + len(quad)} records: {time.time() - t:.1f} s",
          file=sys.stderr)
    return out


def label_space(data: dict) -> tuple[list[str], list[str], list[str], list[str]]:
    onto = default_ontology()
    types = sorted(onto.types)
    acled = default_acled()
    sub_type = {}
    lex = (Path(clf.__file__).parent.parent / "data" / "lexicon.tsv").read_text(encoding="utf-8") + \
        (Path(clf.__file__).parent.parent / "data" / "acled.yaml").read_text(encoding="utf-8")
    for sub in ev_eval.CASE_ACLED.values():
        for t in acled.event_types:
            if f"{t}/{sub}" in lex:
                sub_type[sub] = t
    for _recs, evs in data.values():
        for es in evs:
            for e in es:
                if e.acled_subtype:
                    sub_type.setdefault(e.acled_subtype, e.acled_type)
    codes = sorted(f"{t}|{s}" for s, t in sub_type.items())
    return types, codes + [clf.NONE], types + [clf.NONE], codes + [clf.NONE]


def rows(data: dict, model: clf.TypeModel, cache: dict) -> dict:
    """Per set: (record index, event, feature row, allowed type labels, allowed ACLED labels)."""
    onto = default_ontology()
    ti = {t: i for i, t in enumerate(model.type_labels)}
    ai = {a: i for i, a in enumerate(model.acled_labels)}
    sub_code = {a.split("|", 1)[1]: a for a in model.acled_labels if a != clf.NONE}
    out = {}
    for name, (recs, evs) in data.items():
        flat = [(k, e) for k, es in enumerate(evs) for e in es]
        X = clf.features([e for _k, e in flat], model.rule_types, model.rule_acled, cache)
        T = np.zeros((len(flat), len(ti)))
        A = np.zeros((len(flat), len(ai)))
        for j, (k, e) in enumerate(flat):
            if name == "plover":
                T[j, ti[recs[k]["type"]]] = 1
            elif name == "quad":
                q = recs[k][1]
                if q == 0:
                    T[j, ti[clf.NONE]] = 1
                else:
                    for t, spec in onto.types.items():
                        if spec.quad == q:
                            T[j, ti[t]] = 1
            else:
                sub = ev_eval.CASE_ACLED.get(recs[k][2])
                A[j, ai[sub_code.get(sub, clf.NONE)] if sub else ai[clf.NONE]] = 1
        out[name] = ([k for k, _e in flat], [e for _k, e in flat], X, T, A)
    return out


def train(R: dict, model: clf.TypeModel, sel: dict) -> clf.TypeModel:
    """``model`` with both heads fitted on the rows selected by ``sel[name]`` (boolean masks)."""
    tX = np.vstack([R[n][2][sel[n]] for n in ("plover", "quad")])
    tT = np.vstack([R[n][3][sel[n]] for n in ("plover", "quad")])
    cm = sel["case"] & (np.array([bool(e.acled_subtype) for e in R["case"][1]]) if R["case"][1] else sel["case"])
    aX, aA = R["case"][2][cm], R["case"][4][cm]
    m = copy.copy(model)
    m.w_type = clf.fit_softmax(tX, tT, **PARAMS)
    m.w_acled = clf.fit_softmax(aX, aA, **PARAMS)
    return m


def relabel(R: dict, data: dict, name: str, m: clf.TypeModel, mask: np.ndarray, out: list) -> None:
    """Put relabelled copies of the masked events of set ``name`` into ``out`` (lists per record)."""
    onto = default_ontology()
    recs_k, evs, X = R[name][0], R[name][1], R[name][2]
    idx = np.nonzero(mask)[0]
    if not len(idx):
        return
    copies = [copy.deepcopy(evs[j]) for j in idx]
    PT, PA = clf.softmax(X[idx] @ m.w_type), clf.softmax(X[idx] @ m.w_acled)
    m.apply_probs(copies, PT, PA, onto)
    for j, e in zip(idx, copies):
        out[recs_k[j]].append(e)


def scores(data: dict, events: dict) -> dict:
    return {"plover": ev_eval.plover_metrics(data["plover"][0], events["plover"]),
            "case": ev_eval.case_metrics(data["case"][0], events["case"]),
            "quad": ev_eval.quad_metrics(data["quad"][0], events["quad"])}


def summary(s: dict) -> dict:
    p, c, q = s["plover"], s["case"], s["quad"]
    return {"PLOVER found": p["found"], "PLOVER macro-F1": p["macro_f1"], "PLOVER micro-F1": p["micro_f1"],
            "PLOVER ECE": p["calibration"]["ece"],
            "CASE accuracy": c["accuracy"], "CASE macro-F1": c["macro_f1"], "CASE ECE": c["calibration"]["ece"],
            "CAMEO accuracy": q["accuracy"], "CAMEO macro-F1": q["macro_f1"], "CAMEO ECE": q["calibration"]["ece"]}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", default="../shared/gold")
    ap.add_argument("--out", default=str(Path(__file__).resolve().parents[1] / "wirecoder/data/type_model.npz"))
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--no-save", action="store_true", help="only report the cross-validated scores")
    args = ap.parse_args(argv)
    data = collect(Path(args.gold))
    rule_types, rule_acled, type_labels, acled_labels = label_space(data)
    d = 128 + len(rule_types) + len(rule_acled) + 2
    base = clf.TypeModel(rule_types, rule_acled, type_labels, acled_labels,
                         np.zeros((d, len(type_labels))), np.zeros((d, len(acled_labels))))
    cache: dict = {}
    t = time.time()
    R = rows(data, base, cache)
    print(f"features of {sum(len(R[n][1]) for n in R)} events: {time.time() - t:.1f} s", file=sys.stderr)
    rng = np.random.default_rng(0)
    fold_of = {n: rng.integers(0, args.folds, len(data[n][0])) for n in data}
    ev_fold = {n: np.array([fold_of[n][k] for k in R[n][0]], dtype=int) for n in data}
    held = {n: [[] for _ in data[n][0]] for n in data}
    for k in range(args.folds):
        m = train(R, base, {n: ev_fold[n] != k for n in data})
        for n in data:
            relabel(R, data, n, m, ev_fold[n] == k, held[n])
    rules = scores(data, {n: data[n][1] for n in data})
    cv = scores(data, held)
    table = {"rules": summary(rules), f"rules+classifier (cv{args.folds})": summary(cv)}
    width = max(len(x) for x in table["rules"])
    print(f"{'':{width}s}  {'rules':>8s}  {'+clf cv':>8s}")
    for key in table["rules"]:
        print(f"{key:{width}s}  {table['rules'][key]:8.3f}  {table[f'rules+classifier (cv{args.folds})'][key]:8.3f}")
    if not args.no_save:
        final = train(R, base, {n: np.ones(len(R[n][1]), dtype=bool) for n in data})
        final.save(args.out)
        print(f"wrote {args.out} ({Path(args.out).stat().st_size} bytes)", file=sys.stderr)
    print(json.dumps(table, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
