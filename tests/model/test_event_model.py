"""wirecoder.model: the learned event model (onnxruntime + tokenizers, no torch), its hook into
extraction, and `wirecoder train` round trips on files the tests write."""
from __future__ import annotations

import json
import sys

import numpy as np
import pytest

from wirecoder.cli import main
from wirecoder.errors import DataFileError, InputError
from wirecoder.model import EventModel, load_model
from wirecoder.model.apply import mentions_of, relabel, trigger_span
from wirecoder.model.train import train
from wirecoder.ontology import default_ontology

ATTACK = "Taliban fighters attacked a police post in Kunduz on Monday, killing at least 12 policemen."
AID = "The Pakistani army gave the soldiers food, shelter and medical care."


@pytest.fixture(scope="module")
def model() -> EventModel:
    return load_model()


def test_no_torch_needed():
    import subprocess

    code = ("import sys; from wirecoder.model import load_model; "
            f"load_model().predict([({ATTACK!r}, (17, 25))]); print('torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_probabilities_per_head(model):
    P = model.predict([(ATTACK, (17, 25)), (AID, (20, 24))])
    assert set(P) >= {"type", "quad", "acled", "is_event"}
    for h, p in P.items():
        assert p.shape == (2, len(model.labels[h]))
        assert np.allclose(p.sum(axis=1), 1.0, atol=1e-5)
    types = model.labels["type"]
    assert types[int(P["type"][0].argmax())] == "ASSAULT"
    assert model.labels["quad"][int(P["quad"][0].argmax())] == "4"
    assert model.labels["quad"][int(P["quad"][1].argmax())] == "2"


def test_long_sentence_window_keeps_the_trigger(model):
    filler = "the committee discussed the budget at length and " * 40
    s = filler + "rebels attacked the convoy near the border."
    a = s.index("attacked")
    enc = model.encode_mentions([(s, (a, a + 8))])[0]
    assert len(enc.offsets) <= model.max_len - 2
    assert any(st <= a < en for st, en in enc.offsets)


def test_trigger_span_prefers_the_occurrence_inside_the_event():
    from types import SimpleNamespace

    text = "Intro. Rebels attack. Police said the attack was repelled."
    s = "Police said the attack was repelled."
    ev = SimpleNamespace(sentence=s, trigger="attack", span=(text.index(s) + 16, text.index(s) + 35))
    assert trigger_span(ev, text) == (s.index("attack"), s.index("attack") + 6)


def test_pipeline_hook_relabels_but_keeps_roles():
    from wirecoder.pipeline import PipelineOptions, process_article
    from wirecoder.records import Article

    art = Article(id="t", text=ATTACK + "\n\n" + AID, published="2021-07-26")
    _a, rules = process_article(art, PipelineOptions(geocode=False))
    _a, learned = process_article(art, PipelineOptions(geocode=False, event_model=True))
    assert len(rules) == len(learned)
    onto = default_ontology()
    for r, m in zip(rules, learned):
        assert (r.span, r.date, r.size) == (m.span, m.date, m.size)
        # the model only adds an actor or a recipient where the rules found none
        assert m.actor == r.actor or (not r.actor and len(m.actor) == 1)
        assert m.recipient == r.recipient or (not r.recipient and len(m.recipient) == 1)
        assert m.quad_class == onto.types[m.event_type].quad
        assert 0.0 <= m.confidence <= 1.0


def test_bad_model_dir_is_one_clear_error(tmp_path, capsys):
    with pytest.raises(DataFileError, match="model.json"):
        EventModel.load(tmp_path)
    (tmp_path / "model.json").write_text("{\"format\": 99}", encoding="utf-8")
    with pytest.raises(DataFileError, match="format"):
        EventModel.load(tmp_path)
    art = tmp_path / "a.txt"
    art.write_text(ATTACK, encoding="utf-8")
    assert main(["extract", "-q", str(art), "--no-geocode", "--model-dir", str(tmp_path)]) != 0
    err = capsys.readouterr().err
    assert "model.json" in err and "Traceback" not in err


LINES = [
    {"sentence": "Militants stormed a checkpoint and killed four guards.", "trigger": "stormed", "is_event": True,
     "event_type": "ASSAULT", "acled_subtype": "Attack"},
    {"sentence": "Gunmen shot dead two villagers on Tuesday.", "trigger": "shot", "is_event": True,
     "event_type": "ASSAULT", "acled_subtype": "Attack"},
    {"sentence": "Soldiers opened fire on a group of farmers.", "trigger": "opened", "is_event": True,
     "event_type": "ASSAULT", "acled_subtype": "Attack"},
    {"sentence": "The minister vowed to battle poverty in the region.", "trigger": "battle", "is_event": False},
    {"sentence": "The striker attacked the goal again and again.", "trigger": "attacked", "is_event": False},
    {"sentence": "Analysts say attacks have been rising for years.", "trigger": "attacks", "is_event": False},
]


def test_train_round_trip(tmp_path, capsys):
    data = tmp_path / "labelled.jsonl"
    data.write_text("".join(json.dumps(x) + "\n" for x in LINES), encoding="utf-8")
    out = tmp_path / "my-model"
    assert main(["train", "-q", "--data", str(data), "--out", str(out), "--replace"]) == 0
    used = json.loads(capsys.readouterr().out)["heads"]
    assert used == {"is_event": 6, "type": 3, "quad": 3, "acled": 3}
    m = EventModel.load(out)
    assert (out / "tokenizer.json").is_file() and "labelled.jsonl" in " ".join(m.manifest["trained_on"])
    assert not {"cv", "heldout"} & set(m.manifest)   # the packaged model's scores are not this model's
    spans = [trigger_span(type("E", (), {"sentence": x["sentence"], "trigger": x["trigger"], "span": (0, 0)}))
             for x in LINES]
    P = m.predict([(x["sentence"], sp) for x, sp in zip(LINES, spans)])
    got = [m.labels["is_event"][int(i)] for i in P["is_event"].argmax(axis=1)]
    assert got == ["event" if x["is_event"] else "none" for x in LINES]
    # the pipeline uses it
    art = tmp_path / "a.txt"
    art.write_text(ATTACK, encoding="utf-8")
    assert main(["extract", "-q", str(art), "--no-geocode", "--model-dir", str(out), "-o", str(tmp_path / "e.jsonl")]) == 0
    assert (tmp_path / "e.jsonl").read_text(encoding="utf-8").strip()
    # adapting (the default) keeps the heads it has no lines for and the base's training record
    out2 = tmp_path / "adapted"
    used2 = train(data, out2)
    assert set(used2) == {"is_event", "type", "quad", "acled"}
    assert len(EventModel.load(out2).manifest["trained_on"]) > 1


def test_bad_training_lines_name_the_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(LINES[0]) + "\n" + json.dumps({"sentence": "x", "event_type": "PARTY"}) + "\n",
                   encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.jsonl:2.*PARTY"):
        train(bad, tmp_path / "out")
    bad.write_text(json.dumps({"sentence": "Rebels fired.", "trigger": "shelled"}) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.jsonl:1.*trigger"):
        train(bad, tmp_path / "out")
    bad.write_text("{oops\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.jsonl:1.*not JSON"):
        train(bad, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_eval_events_with_the_model_warns_it_is_not_held_out(tmp_path, capsys, caplog):
    gold = tmp_path / "quadclass-train.tsv"
    gold.write_text(f"{ATTACK}\t4\n{AID}\t2\n", encoding="utf-8")
    assert main(["eval", "events", "--gold", str(gold), "--event-model"]) == 0
    out = capsys.readouterr()
    assert "CAMEO quad classes: 2 sentences" in out.out
    assert "NOT held out" in out.err + caplog.text


def test_a_repeated_sentence_is_not_encoded_again(model, monkeypatch):
    m = EventModel(model.path, model.manifest, model.heads, model.labels, model.gates)
    first = m.encode_mentions([(ATTACK, (17, 25)), (AID, (20, 24))])
    calls = []
    real = m.encode
    monkeypatch.setattr(m, "encode", lambda items, **kw: calls.append(list(items)) or real(items, **kw))
    again = m.encode_mentions([(AID, (4, 12)), (ATTACK, (17, 25))])
    assert calls == [] and again[0] is first[1] and again[1] is first[0]
    m.encode_mentions([("Rebels shelled the town.", (7, 14))])
    assert calls == [[("Rebels shelled the town.", 0)]]


def _model_copy(tmp_path, gates, **manifest):
    """The packaged model with other gates and manifest keys (the encoder and tokenizer referred
    to, not copied)."""
    import shutil

    base = load_model()
    d = tmp_path / "gated"
    d.mkdir(parents=True)
    mf = dict(base.manifest)
    enc = dict(mf["encoder"])
    if enc.get("file"):
        enc["file"] = str(base.encoder_path().resolve())
    shutil.copyfile(base.path / "tokenizer.json", d / "tokenizer.json")
    shutil.copyfile(base.path / "heads.npz", d / "heads.npz")
    (d / "model.json").write_text(json.dumps({**mf, "encoder": enc, "gates": gates, **manifest}), encoding="utf-8")
    return d


def test_is_event_gate_drops_what_the_model_rejects(tmp_path):
    from wirecoder.pipeline import PipelineOptions, process_article
    from wirecoder.records import Article

    art = Article(id="t", text=ATTACK + "\n\n" + AID, published="2021-07-26")
    _a, rules = process_article(art, PipelineOptions(geocode=False))
    assert rules
    opts = lambda d: PipelineOptions(geocode=False, event_model=True, model_dir=str(d))  # noqa: E731
    _a, kept = process_article(art, opts(_model_copy(tmp_path / "a", {"is_event": {"drop": 0.0}})))
    _a, none = process_article(art, opts(_model_copy(tmp_path / "b", {"is_event": {"drop": 1.01}})))
    assert len(kept) == len(rules) and none == []
    # the gate is returned by the hook, and nothing is dropped without one
    m = EventModel.load(_model_copy(tmp_path / "c", {"is_event": {"drop": 1.01}}))
    evs = [e for e in rules]
    assert relabel(evs, m, default_ontology()) == evs
    assert relabel(rules, load_model(), default_ontology()) == [] or load_model().gates.get("is_event")


def test_a_model_that_does_not_relabel_only_attaches_roles(tmp_path):
    from wirecoder.pipeline import PipelineOptions, process_article
    from wirecoder.records import Article

    art = Article(id="t", text=ATTACK + "\n\n" + AID, published="2021-07-26")
    _a, rules = process_article(art, PipelineOptions(geocode=False))
    d = _model_copy(tmp_path, {"is_event": {"drop": 1.01}}, relabel=False)   # the gate would drop everything
    _a, only = process_article(art, PipelineOptions(geocode=False, model_dir=str(d)))
    assert len(only) == len(rules) and rules
    for r, m in zip(rules, only):
        assert (r.event_type, r.mode, r.quad_class, r.acled_type, r.acled_subtype, r.confidence) == \
            (m.event_type, m.mode, m.quad_class, m.acled_type, m.acled_subtype, m.confidence)
        assert m.recipient == r.recipient or (not r.recipient and len(m.recipient) == 1) or \
            load_model(str(d)).manifest["attach"].get("replace") is not None
    assert relabel(list(rules), EventModel.load(d), default_ontology()) == []


# ------------------------------------------------------------------ source/target attachment
def _parse(text):
    from wirecoder import nlp

    return nlp.parse(text)


def _rule_mentions(text):
    """``text`` parsed, the default resources, its actor mentions, and a function that finds the
    rules' (non-anaphoric) mentions afresh (attachment changes them in place)."""
    from wirecoder.extraction import Resources, find_mentions
    from wirecoder.records import Article

    doc = _parse(text)
    res = Resources.default()
    mentions = res.actors.annotate(doc)

    def found_now():
        return [f for f in find_mentions(Article(id="t", text=text), doc, res, mentions) if not f.anaphoric]

    return doc, res, mentions, found_now


def test_dependency_path_and_clause_relation():
    from wirecoder.model.attach import _clause_relation, candidates, dep_path

    doc = _parse("Syrian troops shelled the rebel positions near Aleppo on Monday.")
    trig = next(t for t in doc if t.text == "shelled")
    heads = {h.text: h for _s, _e, h in candidates(next(doc.sents))}
    assert dep_path(trig, heads["troops"]) == ([], ["nsubj"])
    assert dep_path(trig, heads["positions"]) == ([], ["dobj"])
    # tokens compared by index (spaCy makes a new Token object at each access)
    assert _clause_relation(heads["troops"], trig) == {"subj"}
    assert _clause_relation(heads["positions"], trig) == {"obj"}


def test_pair_facts_say_where_source_and_target_meet():
    """The meeting-point facts of a pair: the two heads' lowest common ancestor is the trigger (the
    subject and object of one verb), a mention the rules found, the root, a verb; nested phrases
    meet in the governing one; a pair that meets above the trigger says so."""
    from wirecoder.model.attach import PAIR, candidates, pair_features

    doc = _parse("Farmers criticised the proposal of the council to raise taxes on fuel.")
    sent = next(doc.sents)
    cands = candidates(sent)
    k = {h.text: i for i, (_s, _e, h) in enumerate(cands)}
    trig = next(t for t in doc if t.text == "criticised")
    F = pair_features(cands, trig, {}, [trig.i])
    f = dict(zip(PAIR, F[k["Farmers"], k["proposal"]]))
    assert f["lca_trigger"] == f["lca_root"] == f["lca_mention"] == f["lca_verb"] == 1.0
    assert f["src_governs_tgt"] == f["tgt_governs_src"] == f["lca_above_trigger"] == 0.0
    g = dict(zip(PAIR, F[k["proposal"], k["council"]]))    # "the council" hangs off "the proposal"
    assert g["src_governs_tgt"] == 1.0 and g["lca_trigger"] == 0.0 and g["lca_verb"] == 0.0
    assert g["lca_path_len"] > f["lca_path_len"] - 1e-6
    rise = next(t for t in doc if t.text == "raise")   # with "raise" as the trigger, the farmers and the proposal meet above it
    h = dict(zip(PAIR, pair_features(cands, rise, {}, [trig.i, rise.i])[k["Farmers"], k["proposal"]]))
    assert h["lca_above_trigger"] == 1.0 and h["lca_trigger"] == 0.0 and h["lca_mention"] == 1.0
    assert (pair_features(cands, trig)[..., PAIR.index("lca_mention")] == 0).all()   # no mentions given


def test_listwise_scorer_learns_from_several_right_candidates():
    from wirecoder.model.attach import fit_listwise, rank

    rng = np.random.default_rng(0)
    groups = []
    for _ in range(60):
        X = rng.normal(size=(5, 3)).astype(np.float32)
        X[:, 0] = 0.0
        right = sorted(rng.choice(5, size=2, replace=False).tolist())
        X[right, 0] = 1.0        # feature 0 marks the right ones
        groups.append((X, right))
    w = fit_listwise(groups, iters=200)
    assert w[0] > 1.0
    X, right = groups[0]
    assert rank(X, w)[right].sum() > 0.8


def test_joint_scorer_learns_the_pair_term():
    """Sources and targets look alike one by one; only the pair fact (feature 0 of the pair: the
    source comes first) tells them apart -- the joint fit must learn it and choose_pair use it."""
    from wirecoder.model.attach import choose_pair, fit_joint

    rng = np.random.default_rng(1)
    groups = []
    for _ in range(80):
        n = 4
        X = rng.normal(size=(n, 2)).astype(np.float32)
        X[:2, 0] += 3.0          # candidates 0 and 1 are the roles, in either order by their features
        F = np.zeros((n, n, 2), np.float32)
        src, tgt = (0, 1) if rng.random() < 0.5 else (1, 0)
        F[src, tgt, 0] = 1.0     # the pair fact holds for the right orientation only
        F[tgt, src, 1] = 1.0
        groups.append((X, F, [src], [tgt]))
    W = fit_joint(groups, iters=200)
    assert W["pair"][0] > W["pair"][1]
    right = sum(choose_pair(X, W, F) == (S[0], T[0]) for X, F, S, T in groups)
    assert right >= 0.9 * len(groups)
    assert choose_pair(np.zeros((1, 2)), W) == (0, 0) and choose_pair(np.zeros((0, 2)), W) == (-1, -1)


def test_joint_scorer_learns_the_bilinear_term():
    """Which of two candidates is the target depends on the trigger alone (its state): no linear
    scorer over the candidates' own features can tell, the candidate x trigger bilinear term can --
    the joint fit must learn it, and choose_pair and bilinear_scores use it."""
    from wirecoder.model import DIM
    from wirecoder.model.attach import bilinear_scores, choose_pair, fit_joint

    rng = np.random.default_rng(2)
    e = np.eye(DIM, dtype=np.float32)

    def groups(n):
        out = []
        for _ in range(n):
            X = (e[[0, 1]] + 0.01 * rng.normal(size=(2, DIM))).astype(np.float32)
            kind = int(rng.random() < 0.5)
            trig = e[2 + kind]                   # trigger kind 0: candidate 0 is the target, kind 1: candidate 1
            out.append((X, np.zeros((2, 2, 1), np.float32), [1 - kind], [kind], trig))
        return out

    train, held = groups(120), groups(60)
    linear = fit_joint([g[:4] for g in train], iters=150)
    W = fit_joint(train, iters=150, rank=2)
    assert {"bil_source", "bil_target", "bil_trigger"} <= set(W) and "bil_source" not in linear
    right = sum(choose_pair(X, W, F, trig) == (S[0], T[0]) for X, F, S, T, trig in held)
    right_linear = sum(choose_pair(X, linear, F) == (S[0], T[0]) for X, F, S, T, _t in held)
    assert right >= 0.95 * len(held) and right_linear <= 0.75 * len(held)
    X, _F, _S, T, trig = held[0]
    assert int(np.argmax(bilinear_scores(X, trig, W)[1])) == T[0]


def test_attach_roles_fills_only_events_without_one(tmp_path):
    from wirecoder.model.attach import HAND, attach_dim, attach_roles

    text = "Turkish police detained 40 Syrian migrants near Edirne on Monday."
    doc, res, mentions, found_now = _rule_mentions(text)
    found = found_now()
    assert found and found[0].event.recipient
    rule_recipient = list(found[0].event.recipient)
    # a model whose target scorer prefers the trigger's object
    d = _model_copy(tmp_path, {})
    base = load_model()
    heads = dict(base.heads)
    w = np.zeros(attach_dim(), np.float32)
    w[2 * 384 + HAND.index("obj")] = 10.0
    heads["span_target"] = w
    np.savez_compressed(d / "heads.npz", **heads)
    m = EventModel.load(d)
    assert attach_roles(found, m, res.actors, mentions, text) == 0          # the rules' recipient stays
    assert found[0].event.recipient == rule_recipient
    found[0].event.recipient = []
    assert attach_roles(found, m, res.actors, mentions, text) == 1
    assert [a.country for a in found[0].event.recipient] == ["SYR"]
    # the source likewise, when model.json's attach.roles names it (the packaged model's does)
    w2 = np.zeros(attach_dim(), np.float32)
    w2[2 * 384 + HAND.index("subj")] = 10.0
    heads["span_source"] = w2
    np.savez_compressed(d / "heads.npz", **heads)
    mf = json.loads((d / "model.json").read_text(encoding="utf-8"))
    (d / "model.json").write_text(json.dumps({**mf, "attach": {"roles": ["target", "source"]}}), encoding="utf-8")
    actor = list(found[0].event.actor)
    found[0].event.actor = []
    assert attach_roles(found, EventModel.load(d), res.actors, mentions, text) == 1
    assert [a.country for a in found[0].event.actor] == ["TUR"] and found[0].event.actor == actor
    # a model without span heads changes nothing
    d2 = _model_copy(tmp_path / "plain", {})
    np.savez_compressed(d2 / "heads.npz", **{k: v for k, v in base.heads.items() if not k.startswith("span_")})
    found[0].event.recipient = []
    assert attach_roles(found, EventModel.load(d2), res.actors, mentions, text) == 0
    assert found[0].event.recipient == []


def test_attach_replace_only_when_confident_and_different(tmp_path):
    from wirecoder.model.attach import HAND, attach_dim, attach_roles

    text = "Turkish police detained 40 Syrian migrants for Greek officials."
    doc, res, mentions, found_now = _rule_mentions(text)

    found = found_now()
    ev = next(f.event for f in found if f.event.trigger == "detained")
    assert [a.country for a in ev.recipient] == ["SYR"]
    d = _model_copy(tmp_path, {})
    heads = dict(load_model().heads)
    w = np.zeros(attach_dim(), np.float32)
    w[2 * 384 + HAND.index("pobj")] = 10.0          # a target scorer that prefers a prepositional object
    heads["span_target"] = w
    np.savez_compressed(d / "heads.npz", **heads)
    mf = json.loads((d / "model.json").read_text(encoding="utf-8"))

    def run(attach):
        (d / "model.json").write_text(json.dumps({**mf, "attach": attach}), encoding="utf-8")
        fs = found_now()
        attach_roles(fs, EventModel.load(d), res.actors, mentions, text)
        return [a.country for a in next(f.event for f in fs if f.event.trigger == "detained").recipient]

    assert run({"roles": ["target"]}) == ["SYR"]                     # no replace: the rules' recipient stays
    assert run({"roles": ["target"], "replace": 1.01}) == ["SYR"]    # never confident enough
    assert run({"roles": ["target"], "replace": 0.5}) == ["GRC"]     # confident and another country


def test_attach_averages_over_the_sentences_triggers(tmp_path):
    """``attach.triggers``: the role probabilities with the event's own trigger are averaged with
    those the same scorers give with the sentence's other triggers (here the verb "questioned",
    whose object is another phrase), the own trigger weighing ``attach.own_weight``."""
    from wirecoder.model.attach import HAND, attach_dim, attach_roles, sentence_triggers

    text = "Turkish police detained 40 Syrian migrants and questioned Greek officials on Monday."
    doc, res, mentions, found_now = _rule_mentions(text)

    tok = next(f.tok for f in found_now() if f.event.trigger == "detained")
    assert [t.text for t in sentence_triggers(tok, [], "own")] == ["detained"]
    assert [t.text for t in sentence_triggers(tok, [tok], "rules+verbs+root")] == ["detained", "questioned"]
    assert [t.text for t in sentence_triggers(tok, [tok], "ancestors")] == ["detained"]   # not governed by "questioned"
    other = next(t for t in doc if t.text == "questioned")
    assert [t.text for t in sentence_triggers(other, [tok], "ancestors")] == ["questioned", "detained"]
    d = _model_copy(tmp_path, {})
    heads = {k: v for k, v in load_model().heads.items() if not (k.startswith("span_bil") or k == "span_pair")}
    w = np.zeros(attach_dim(), np.float32)
    w[2 * 384 + HAND.index("obj")] = 10.0          # a target scorer that prefers the trigger's object
    heads["span_target"] = w
    np.savez_compressed(d / "heads.npz", **heads)
    mf = json.loads((d / "model.json").read_text(encoding="utf-8"))

    def run(attach):
        (d / "model.json").write_text(json.dumps({**mf, "attach": {"roles": ["target"], **attach}}), encoding="utf-8")
        fs = found_now()
        ev = next(f.event for f in fs if f.event.trigger == "detained")
        ev.recipient = []
        assert attach_roles(fs, EventModel.load(d), res.actors, mentions, text) == 1
        return [a.country for a in ev.recipient]

    assert run({}) == ["SYR"]                                                      # its own trigger's object
    assert run({"triggers": "rules+verbs+root", "own_weight": 2.0}) == ["SYR"]     # its own trigger outweighs
    assert run({"triggers": "rules+verbs+root", "own_weight": 0.5}) == ["GRC"]     # the other verb's object wins


def test_role_gate_decides_whether_an_empty_role_is_filled(tmp_path):
    """``attach.gate``: a softmax over the gate's classes from the proposal's facts; the role is
    filled only when the first class of ``fill_if`` beats the second."""
    from wirecoder.extraction import find_mentions
    from wirecoder.model.attach import HAND, attach_dim, attach_roles
    from wirecoder.records import Article

    text = "Turkish police detained 40 Syrian migrants near Edirne on Monday."
    doc, res, mentions, found_now = _rule_mentions(text)
    d = _model_copy(tmp_path, {})
    heads = dict(load_model().heads)
    w = np.zeros(attach_dim(), np.float32)
    w[2 * 384 + HAND.index("obj")] = 10.0
    heads["span_target"] = w
    mf = json.loads((d / "model.json").read_text(encoding="utf-8"))

    def filled(gate_rows, names):
        heads["span_gate"] = np.array(gate_rows, np.float32)
        np.savez_compressed(d / "heads.npz", **heads)
        gate = {"features": names, "classes": ["help", "neutral", "hurt"], "fill_if": ["help", "hurt"]}
        (d / "model.json").write_text(json.dumps({**mf, "attach": {"roles": ["target"], "gate": gate}}),
                                      encoding="utf-8")
        found = [f for f in find_mentions(Article(id="t", text=text), doc, res, mentions) if not f.anaphoric]
        ev = next(f.event for f in found if f.event.trigger == "detained")
        ev.recipient = []
        attach_roles(found, EventModel.load(d), res.actors, mentions, text)
        return [a.country for a in ev.recipient]

    assert filled([[1.0, 0.0, 0.0]], ["target:obj"]) == ["SYR"]               # help beats hurt: filled
    assert filled([[0.0, 0.0, 1.0]], ["target:obj"]) == []                     # hurt wins: left empty
    quad = next(f.event for f in find_mentions(Article(id="t", text=text), doc, res, mentions)
                if f.event.trigger == "detained").quad_class
    assert filled([[1.0, 0.0, 0.0], [-5.0, 0.0, 0.0]], ["obj", f"quad:{quad}"]) == []   # a fact of the event
    assert filled([[1.0, 0.0, 0.0]], ["no such fact"]) == []                   # an unknown fact counts 0: a tie


# ------------------------------------------------------------------ the encode gate (gates.encode)
def _fields(e):
    return (e.event_type, e.mode, e.quad_class, e.cameo_root, e.acled_type, e.acled_subtype, e.confidence,
            [a.text for a in e.actor], [a.text for a in e.recipient])


def test_encode_gate_leaves_confident_candidates_to_the_rules(tmp_path):
    from wirecoder.pipeline import PipelineOptions, process_article
    from wirecoder.records import Article

    art = Article(id="t", text=ATTACK + "\n\n" + AID, published="2021-07-26")
    _a, rules = process_article(art, PipelineOptions(geocode=False))
    assert rules
    # nothing is at most -1: nothing encoded, nothing re-decided, no role attached
    d = _model_copy(tmp_path / "none", {**load_model().gates, "encode": {"max_rule_confidence": -1}})
    m = load_model(str(d))
    _a, gated = process_article(art, PipelineOptions(geocode=False, model_dir=str(d)))
    assert m.windows_encoded == 0
    assert [_fields(e) for e in gated] == [_fields(e) for e in rules]
    # everything is at most 1: the model sees every candidate, as without the gate
    d1 = _model_copy(tmp_path / "all", {**load_model().gates, "encode": {"max_rule_confidence": 1.0}})
    _a, every = process_article(art, PipelineOptions(geocode=False, model_dir=str(d1)))
    _a, ungated = process_article(art, PipelineOptions(geocode=False, event_model=True))
    assert [_fields(e) for e in every] == [_fields(e) for e in ungated]
    assert load_model(str(d1)).windows_encoded > 0


def test_encode_gate_threshold_and_decisions_in_relabel(tmp_path):
    from types import SimpleNamespace

    from wirecoder.model.apply import gated_in

    onto = default_ontology()

    def events():
        mk = lambda s, t, typ, conf: SimpleNamespace(  # noqa: E731
            sentence=s, trigger=t, span=(0, len(s)), event_type=typ, mode=None, quad_class=onto.types[typ].quad,
            cameo_root=None, acled_type=None, acled_subtype=None, confidence=conf)
        # the rules' (wrong) types, one sure, one unsure; the model reads both as attacks
        return [mk(ATTACK, "attacked", "AID", 0.9), mk(ATTACK.replace("Kunduz", "Herat"), "attacked", "AID", 0.2)]

    d = _model_copy(tmp_path / "t", {"encode": {"max_rule_confidence": 0.5}})
    m = EventModel.load(d)
    evs = events()
    assert gated_in(evs, m) == [False, True]
    relabel(evs, m, onto)
    assert evs[0].event_type == "AID" and evs[0].confidence == 0.9      # above the gate: the rules'
    assert evs[1].event_type == "ASSAULT" and evs[1].confidence != 0.2   # at most the gate: re-decided
    assert evs[1].acled_subtype is not None
    # precomputed probabilities have a row per event given
    evs = events()
    relabel(evs, m, onto, probs=m.predict(mentions_of(evs)))
    assert [e.event_type for e in evs] == ["AID", "ASSAULT"]
    # only the decisions named
    for decide, typ, conf_changed, acled in ((["confidence"], "AID", True, False), (["acled"], "AID", False, True),
                                             (["type"], "ASSAULT", False, False), (["attach"], "AID", False, False)):
        evs = events()
        m = EventModel.load(_model_copy(tmp_path / "_".join(decide), {"encode": {"decide": decide}}))
        relabel(evs, m, onto)
        assert evs[1].event_type == typ, decide
        assert (evs[1].confidence != 0.2) == conf_changed, decide
        assert (evs[1].acled_subtype is not None) == acled, decide


def test_encode_gate_by_rule_type_and_acled_code(tmp_path):
    from types import SimpleNamespace

    from wirecoder.model.apply import gated_in

    onto = default_ontology()

    def events():
        mk = lambda typ, sub, conf: SimpleNamespace(  # noqa: E731
            sentence=ATTACK, trigger="attacked", span=(0, len(ATTACK)), event_type=typ, mode=None,
            quad_class=onto.types[typ].quad, cameo_root=None, acled_type="Battles" if sub else None,
            acled_subtype=sub, confidence=conf)
        return [mk("AID", None, 0.2), mk("ASSAULT", None, 0.2), mk("ASSAULT", "Armed clash", 0.9)]

    types = {"encode": {"types": ["ASSAULT", "PROTEST"], "decide": ["acled", "confidence"]}}
    m = EventModel.load(_model_copy(tmp_path / "types", types))
    evs = events()
    assert gated_in(evs, m) == [False, True, True]
    relabel(evs, m, onto)
    assert evs[0].acled_subtype is None and evs[0].confidence == 0.2     # a type not named: the rules'
    assert evs[0].event_type == "AID"
    assert evs[1].acled_subtype is not None and evs[1].confidence != 0.2  # named: re-decided
    codes = {"encode": {"acled_codes": ["none"]}}
    assert gated_in(events(), EventModel.load(_model_copy(tmp_path / "codes", codes))) == [True, True, False]
    # all the conditions given must hold
    both = {"encode": {"types": ["ASSAULT"], "acled_codes": ["none"], "max_rule_confidence": 0.5}}
    assert gated_in(events(), EventModel.load(_model_copy(tmp_path / "both", both))) == [False, True, False]


@pytest.mark.parametrize("gate", [{"max_rule_confidence": "high"}, {"decide": ["retype"]}, {"decide": "type"}, [],
                                  {"types": ["ATTACK"]}, {"types": "ASSAULT"}, {"acled_codes": ["Armed clash"]},
                                  {"max_confidence": 0.5}])
def test_a_bad_encode_gate_is_one_clear_error(tmp_path, gate):
    d = _model_copy(tmp_path, {"encode": gate})
    with pytest.raises(DataFileError, match="gates.encode"):
        EventModel.load(d)


def test_gated_model_dir_script_writes_a_loadable_gate(tmp_path, capsys):
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[2] / "scripts"))
    import gated_model_dir

    out = tmp_path / "q4"
    assert gated_model_dir.main(["--out", str(out), "--quad", "4", "--decide", "acled"]) == 0
    g = EventModel.load(out).gates["encode"]
    assert set(g["types"]) == {t for t, s in default_ontology().types.items() if s.quad == 4}
    assert g["decide"] == ["acled"]
    assert gated_model_dir.main(["--out", str(tmp_path / "bad"), "--types", "ATTACK"]) == 2
    assert "gates.encode" in capsys.readouterr().err
    assert not (tmp_path / "bad" / "model.json").exists()
