"""Fit and cross-validate the event model's role gate: whether an event has a source / target at all.

Attachment (``wirecoder.model.attach``) gives an event the rules left without an actor or a
recipient the phrase the model's span scorers rank first. On whole articles that fills roles the
analysts leave empty. The role gate (``attach.gate`` in model.json, ``span_gate`` in heads.npz)
weighs facts of the proposal (:func:`wirecoder.model.attach.gate_facts`: the phrase's probability
and margin, its relation to the trigger, whether it is a place or sits in a locative phrase, the
event's quad class and type, the other role, ...) in a softmax over three classes -- the phrase
codes the role right / the gold role is empty / the gold role is there but coded otherwise -- and a
role is filled only when "right" is more probable than "empty".

Labels come from ``../shared/gold/article-events`` (evaluation and development data: only the
weights are written, never text): each proposal of a mention whose sentence is evidence of a gold
event of the same article (that type first) is labelled by that gold record's role. Proposals of
mentions that are no gold event's are not used.

Cross-validation by story (articles sharing an event key are one story; 11 stories): for each
story, the gate is fitted on the other stories' proposals, the pipeline runs on the story's
articles with that gate, and ``wirecoder eval articles``' scorer scores the pooled held-out records
(also per story: the mean over stories is printed). Configurations: the rules alone; attachment
only (``"relabel": false``, both roles, empty roles only) without a gate; the same with the gate.

    python scripts/fit_role_gate.py cv [--gold ../shared/gold] [--model wirecoder/data/model]
    python scripts/fit_role_gate.py fit --out DIR [--scheme effect|role] [--variant all|no-types] [--attach-only]
        # the gate fitted on every story, written with a copy of the model's heads and manifest
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
ROOT = Path(__file__).resolve().parents[1]

L2 = 1e-2          # fixed before any held-out score was looked at
ITERS = 300
VARIANTS = {"all": lambda n: True, "no-types": lambda n: not n.startswith("type:")}


def log(*a) -> None:
    print(time.strftime("%H:%M:%S"), *a, file=sys.stderr, flush=True)


def stories(arts: list[dict]) -> list[int]:
    from finetune_event_model import stories as _st
    return _st(arts)


def attach_manifest(model_dir: Path) -> dict:
    """The model's manifest for attachment only: no re-typing, both roles, empty roles only, the
    encoder and tokenizer by absolute path (the directory is written elsewhere)."""
    mf = json.loads((model_dir / "model.json").read_text(encoding="utf-8"))
    enc = dict(mf["encoder"])
    enc["file"] = str((model_dir / enc["file"]).resolve())
    mf["encoder"] = enc
    mf["tokenizer"] = str((model_dir / mf.get("tokenizer", "tokenizer.json")).resolve())
    mf["relabel"] = False
    att = {k: v for k, v in (mf.get("attach") or {}).items() if k not in ("replace", "gate")}
    att["roles"] = ["target", "source"]
    att["min_p"] = 0.0
    mf["attach"] = att
    return mf


def write_dir(d: Path, model_dir: Path, mf: dict, gate: tuple | None) -> str:
    d.mkdir(parents=True, exist_ok=True)
    with np.load(model_dir / "heads.npz") as z:
        heads = {k: z[k] for k in z.files if k != "span_gate"}
    mf = json.loads(json.dumps(mf))
    if gate is not None:
        names, W, scheme = gate
        heads["span_gate"] = W.astype(np.float32)
        classes, fill_if = SCHEMES[scheme]
        mf["attach"]["gate"] = {"features": list(names), "classes": list(classes), "fill_if": list(fill_if)}
    np.savez(d / "heads.npz", **heads)
    (d / "model.json").write_text(json.dumps(mf, indent=1), encoding="utf-8")
    return str(d)


def label(art, ev, role: str, actor) -> str | None:
    """right / empty / wrong by the gold record of the same article whose evidence holds the
    mention's sentence (the same type first); None: the mention is no gold event's."""
    from wirecoder.eval.articles import _overlap, evidence_spans

    spans = evidence_spans(art.text, [ev.sentence])
    hits = [g for g in art.events if _overlap(g.spans, spans)]
    if not hits:
        return None
    hits.sort(key=lambda g: g.event_type != ev.event_type)
    gold = hits[0].record.get("actor" if role == "source" else "recipient") or []
    if not gold:
        return "empty"
    countries = {x.get("country") for x in gold if x.get("country")}
    sectors = {x.get("sector") for x in gold if x.get("sector")}
    if actor.country:
        return "right" if actor.country in countries else "wrong"
    return "right" if actor.sector in sectors and not countries else "wrong"


SCHEMES = {   # labels: the classes and the fill rule
    "role": (("right", "empty", "wrong"), ("right", "empty")),       # the gold record's role
    "effect": (("help", "neutral", "hurt"), ("help", "hurt")),       # the fill's effect on its article
}


def fit_gate(rows: list[tuple[dict, str]], keep, classes=SCHEMES["role"][0]) -> tuple[list[str], np.ndarray]:
    from wirecoder.model.fit import fit_softmax

    names = sorted({n for facts, _y in rows for n in facts if keep(n)})
    X = np.array([[facts.get(n, 0.0) for n in names] for facts, _y in rows], np.float32)
    Y = np.zeros((len(rows), len(classes)), np.float32)
    for i, (_f, y) in enumerate(rows):
        Y[i, classes.index(y)] = 1.0
    return names, fit_softmax(X, Y, l2=L2, iters=ITERS)


def parse(gold_dir: Path):
    from wirecoder import nlp
    from wirecoder.eval import articles as EA
    from wirecoder.ingest.build import build_article
    from wirecoder.pipeline import PipelineOptions, prepare

    gold = EA.load_gold(gold_dir / "article-events")
    raw = [json.loads(x) for x in (gold_dir / "article-events" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
           if x.strip()]
    st_of = dict(zip([a["id"] for a in raw], stories(raw)))
    built = [build_article(g.text, source=f"gold#{g.id}", content_type="text", url=g.url, record_date=g.published,
                           meta={"outlet": g.outlet} if g.outlet else None) for g in gold]
    opts = PipelineOptions()
    cleaned = [prepare(a, opts) for a in built]
    parsed = list(nlp.pipe(((a.text, a) for a in cleaned), opts.model, batch_size=opts.batch_size))
    return gold, np.array([st_of[g.id] for g in gold]), parsed


def counts(art, events, places, quad_of) -> np.ndarray:
    """strict matches, records, complete records, right actor country / sector, recipient country / sector."""
    from wirecoder.eval import articles as EA

    pairs = EA.match(art.events, events, art.text, False, quad_of, places)
    lenient = EA.match(art.events, events, art.text, True, quad_of, places)
    c = np.zeros(7)
    c[0], c[1] = len(pairs), len(events)
    for gi, si in lenient:
        ch = EA.field_checks(art.events[gi], events[si], places)
        c[2] += EA.complete(ch)
        for j, k in enumerate(("actor_country", "actor_sector", "recipient_country", "recipient_sector")):
            c[3 + j] += bool(ch.get(k))
    return c


def utility(c: np.ndarray) -> float:
    """What a proposal's fill changes in its article (fixed before scoring): a strict match counts
    2 and a record -1 (an F1-like trade), a complete record and each right role field 1."""
    return 2 * c[0] - c[1] + c[2] + c[3:].sum()


def effects(gold, parsed, d_attach: str, rules_items) -> list:
    """Each proposal of attachment without a gate, filled alone in its article: (article index,
    facts, help/neutral/hurt by :func:`utility` against the rules' records, role)."""
    from wirecoder.eval.articles import GoldPlaces
    from wirecoder.model import attach as A
    from wirecoder.ontology import default_ontology
    from wirecoder.pipeline import PipelineOptions, events_for

    quad_of = {name: t.quad for name, t in default_ontology().types.items()}
    places = GoldPlaces()
    opts = PipelineOptions(event_model=True, model_dir=d_attach)
    rows = []
    A.RECORDING[0] = True
    try:
        for i, (doc, a) in enumerate(parsed):
            A.RECORD.clear()
            A.ONLY[0] = None
            events_for(a, doc, opts)
            props = [(facts, key, role) for _ev, role, facts, _a, key in A.RECORD]
            if not props:
                continue
            base = utility(counts(gold[i], rules_items[i][1], places, quad_of))
            for facts, key, role in props:
                A.ONLY[0] = {key}
                u = utility(counts(gold[i], events_for(a, doc, opts), places, quad_of)) - base
                rows.append((i, facts, "help" if u > 0 else "hurt" if u < 0 else "neutral", role))
    finally:
        A.RECORDING[0] = False
        A.ONLY[0] = None
        A.RECORD.clear()
    return rows


def collect(gold, parsed, d_attach: str):
    """Run attachment without a gate on every article, recording its proposals; returns the
    pipeline's items and the labelled proposals (article index, facts, label)."""
    from wirecoder.model import attach as A
    from wirecoder.pipeline import PipelineOptions, events_for

    items, rows = [], []
    A.RECORDING[0] = True
    try:
        for i, (doc, a) in enumerate(parsed):
            A.RECORD.clear()
            items.append((a, events_for(a, doc, PipelineOptions(event_model=True, model_dir=d_attach))))
            for ev, role, facts, actor, _key in A.RECORD:
                y = label(gold[i], ev, role, actor)
                if y is not None:
                    rows.append((i, facts, y, role))
    finally:
        A.RECORDING[0] = False
        A.RECORD.clear()
    return items, rows


def score(gold, items, gold_dir: Path, idx: list[int]) -> dict:
    from wirecoder.eval import articles as EA

    load, runp = EA.load_gold, EA.run_pipeline
    EA.load_gold = lambda _g, _limit=None: [gold[i] for i in idx]
    EA.run_pipeline = lambda _arts, source="gold", options=None: [items[i] for i in idx]
    try:
        return EA.run(gold_dir / "article-events", clusters=True)
    finally:
        EA.load_gold, EA.run_pipeline = load, runp


def line(name: str, r: dict) -> str:
    f = r["fields"]
    g = lambda k: f.get(k, {}).get("acc")   # noqa: E731
    cl = (r.get("cross_article") or {}).get("ours", {}).get("bcubed", {}).get("f1")
    return (f"{name:22s} records {r['system_events']:4d}  strict P/R/F1 {r['strict']['p']:.3f}/{r['strict']['r']:.3f}/"
            f"{r['strict']['f1']:.3f}  type {g('type')}  actor c/s {g('actor_country')}/{g('actor_sector')}  "
            f"recipient c/s {g('recipient_country')}/{g('recipient_sector')}  complete {r['complete']['n']}  B3 {cl}")


def cv(args) -> int:
    from wirecoder.pipeline import PipelineOptions, events_for

    gold_dir, model_dir = Path(args.gold), Path(args.model)
    gold, st, parsed = parse(gold_dir)
    log(f"parsed {len(gold)} articles, {len(set(st))} stories")
    tmp = Path(tempfile.mkdtemp(prefix="wc-rolegate-"))
    mf = attach_manifest(model_dir)
    d_attach = write_dir(tmp / "attach", model_dir, mf, None)
    items = {"rules": [(a, events_for(a, doc, PipelineOptions())) for doc, a in parsed]}
    items["attach"], rows = collect(gold, parsed, d_attach)
    if args.scheme == "effect":
        rows = effects(gold, parsed, d_attach, items["rules"])
    classes, fill_if = SCHEMES[args.scheme]
    log(f"{len(rows)} labelled proposals ({args.scheme}): {Counter((r[3], r[2]) for r in rows)}")
    variants = args.variants.split(",")
    for v in variants:
        items[f"gate {v}"] = [None] * len(gold)
    oof = {v: [] for v in variants}   # (label, allowed) of held-out proposals
    for k in sorted(set(st)):
        idx = [i for i in range(len(gold)) if st[i] == k]
        train = [(f, y) for i, f, y, _r in rows if st[i] != k]
        for v in variants:
            names, W = fit_gate(train, VARIANTS[v], classes)
            for i, f, y, _r in rows:
                if st[i] == k:
                    z = np.array([f.get(n, 0.0) for n in names]) @ W
                    oof[v].append((y, bool(z[classes.index(fill_if[0])] > z[classes.index(fill_if[1])])))
            d = write_dir(tmp / f"{v}-{k}", model_dir, mf, (names, W, args.scheme))
            for i in idx:
                doc, a = parsed[i]
                items[f"gate {v}"][i] = (a, events_for(a, doc, PipelineOptions(event_model=True, model_dir=d)))
        log(f"story {k}: {len(idx)} articles")
    shutil.rmtree(tmp, ignore_errors=True)
    every = list(range(len(gold)))
    out = {"pooled": {}, "story_mean": {}, "proposals": {}}
    print("pooled over the held-out stories (each story's records from a gate fitted on the others):")
    for c in items:
        r = score(gold, items[c], gold_dir, every)
        out["pooled"][c] = r
        print(line(c, r), flush=True)
    print("mean over the 11 stories (each scored alone):")
    for c in items:
        per = [score(gold, items[c], gold_dir, [i for i in every if st[i] == k]) for k in sorted(set(st))]
        m = {key: float(np.mean([p["strict"]["f1"] for p in per])) for key in ("f1",)}
        for fld in ("actor_country", "recipient_country", "actor_sector", "recipient_sector"):
            vals = [p["fields"][fld]["acc"] for p in per if p["fields"].get(fld, {}).get("acc") is not None]
            m[fld] = float(np.mean(vals)) if vals else None
        m["complete"] = float(np.mean([p["complete"]["rate"] for p in per]))
        out["story_mean"][c] = m
        print(f"{c:22s} " + "  ".join(f"{a} {b:.3f}" for a, b in m.items() if b is not None), flush=True)
    for v in variants:
        c = Counter(oof[v])
        out["proposals"][v] = {f"{y} {'filled' if a else 'left'}": n for (y, a), n in sorted(c.items())}
        print(f"held-out proposals, gate {v}:", out["proposals"][v])
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=1, default=str), encoding="utf-8")
    return 0


def fit(args) -> int:
    gold_dir, model_dir = Path(args.gold), Path(args.model)
    gold, st, parsed = parse(gold_dir)
    tmp = Path(tempfile.mkdtemp(prefix="wc-rolegate-"))
    d_attach = write_dir(tmp / "attach", model_dir, attach_manifest(model_dir), None)
    items, rows = collect(gold, parsed, d_attach)
    if args.scheme == "effect":
        from wirecoder.pipeline import PipelineOptions, events_for
        rules = [(a, events_for(a, doc, PipelineOptions())) for doc, a in parsed]
        rows = effects(gold, parsed, d_attach, rules)
    shutil.rmtree(tmp, ignore_errors=True)
    classes, fill_if = SCHEMES[args.scheme]
    names, W = fit_gate([(f, y) for _i, f, y, _r in rows], VARIANTS[args.variant], classes)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with np.load(model_dir / "heads.npz") as z:
        heads = {k: z[k] for k in z.files}
    heads["span_gate"] = W.astype(np.float32)
    np.savez(out / "heads.npz", **heads)
    mf = attach_manifest(model_dir) if args.attach_only else json.loads((model_dir / "model.json").read_text(encoding="utf-8"))
    mf.setdefault("attach", {})["gate"] = {"features": names, "classes": list(classes), "fill_if": list(fill_if),
                                           "fitted": f"article-events, {len(rows)} proposals of attachment only, "
                                                     f"every story; labels {args.scheme}; l2 {L2}, {ITERS} iterations; variant {args.variant}"}
    (out / "model.json").write_text(json.dumps(mf, indent=1) + "\n", encoding="utf-8")
    log(f"gate over {len(names)} facts from {len(rows)} proposals written to {out}")
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("command", choices=("cv", "fit"))
    ap.add_argument("--gold", default=str(ROOT.parent / "shared" / "gold"))
    ap.add_argument("--model", default=str(ROOT / "wirecoder" / "data" / "model"))
    ap.add_argument("--variants", default="all,no-types")
    ap.add_argument("--variant", default="all")
    ap.add_argument("--scheme", default="effect", choices=sorted(SCHEMES))
    ap.add_argument("--out")
    ap.add_argument("--attach-only", action="store_true",
                    help="fit: the written model only attaches (\"relabel\": false, both roles, empty roles only)")
    ap.add_argument("--json")
    args = ap.parse_args(argv)
    return cv(args) if args.command == "cv" else fit(args)


if __name__ == "__main__":
    sys.exit(main())
