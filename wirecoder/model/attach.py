"""Source/target attachment: which noun phrase of a sentence is the event's source and which its target.

Candidates are the sentence's noun phrases (spaCy noun chunks and named entities, one per head
word, the longest). A candidate's features:

* the unit mean of its token states, and that vector times the trigger's unit mean state (how it
  relates to the trigger) -- the encoder's part;
* parse facts (``HAND``): before or after the trigger, distance, subject/object/prepositional
  object of the trigger, named entity, pronoun, whether the rules made it the actor or the
  recipient, whether it names an actor the rules resolved (with a country, with a sector), nested
  in or containing another candidate, possessive, nearest candidate before / after the trigger,
  the trigger's own phrase;
* the dependency path from the trigger to the candidate's head (``PATH_BUCKETS`` hashed buckets each
  for the whole path, its downward part and its upward part with the first downward step;
  prepositions carry their word: ``^xcomp>nsubj``, ``>prep:against|pobj``);
* conjunctions with the trigger's kind (part of speech and voice, ``VERB|pass``) in
  ``CONJ_BUCKETS`` hashed buckets each: with the whole path, with the head's relation and side
  (``nsubjpass<``), and the preposition of a prepositional object alone and with the kind.

Two linear scorers (``span_source``, ``span_target`` in heads.npz, fitted listwise by
``scripts/finetune_event_model.py attachment``) rank the candidates; a softmax over the candidates of
the sentence gives probabilities. :func:`attach_roles` is the pipeline's hook: it gives an
event the rules left without a recipient the model's target (``attach`` in model.json).
"""
from __future__ import annotations

import math
import zlib
from typing import Optional, Sequence

import numpy as np

from . import DIM, Encoded, _unit

HAND = ("before", "log_dist", "subj", "obj", "pobj", "agent", "ent", "pron", "rule_actor", "rule_recipient",
        "bias", "actor", "actor_country", "actor_sector", "nested", "contains", "poss", "last_before",
        "first_after", "trigger_phrase")
PATH_BUCKETS = 64
CONJ_BUCKETS = 256   # hashed conjunctions with the trigger's kind (part of speech, passive or active voice)
CONJ = ("kind_path", "kind_dep", "prep")
ROLES = {"source": "span_source", "target": "span_target"}
DEFAULT_ATTACH = {"min_p": 0.0}


def attach_dim() -> int:
    return 2 * DIM + len(HAND) + 3 * PATH_BUCKETS + len(CONJ) * CONJ_BUCKETS


_CHUNKS: list = [None, ()]   # the last doc and its noun chunks: (start, end, root index, start char, end char)


def _noun_chunks(doc) -> Sequence[tuple[int, int, int, int, int]]:
    """The noun chunks of ``doc``, found once per doc (``Span.noun_chunks`` walks the whole doc's
    chunks at every call: once per event sentence, that was quadratic in the article's length)."""
    if _CHUNKS[0] is not doc:
        chunks = tuple((sp.start, sp.end, sp.root.i, sp.start_char, sp.end_char) for sp in doc.noun_chunks) \
            if doc.has_annotation("DEP") else ()
        _CHUNKS[:] = [doc, chunks]
    return _CHUNKS[1]


def candidates(sent) -> list[tuple[int, int, object]]:
    """``(start char, end char, head token)`` of the noun phrases of a spaCy sentence span
    (offsets relative to the sentence start)."""
    best: dict[int, tuple[int, int]] = {}
    spans = [(r, a, b) for s, e, r, a, b in _noun_chunks(sent.doc) if s >= sent.start and e <= sent.end]
    spans += [(e.root.i, e.start_char, e.end_char) for e in sent.ents
              if e.label_ not in ("DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY")]
    for root, a, b in spans:
        cur = best.get(root)
        if cur is None or (b - a) > (cur[1] - cur[0]):
            best[root] = (a, b)
    base = sent.start_char
    out = []
    for i, (s, e) in sorted(best.items(), key=lambda x: x[1]):
        out.append((s - base, e - base, sent.doc[i]))
    return out


def _clause_relation(tok, trigger) -> set[str]:
    """How the candidate's head word ``tok`` hangs off the trigger: subject, object, object of a
    preposition (or of the passive agent "by"). (spaCy makes a new Token object at each access:
    tokens are compared by index.)"""
    rel = set()
    if tok.head.i == trigger.i or (tok.head.head.i == trigger.i and tok.head.dep_ in ("prep", "agent")):
        if tok.dep_ in ("nsubj", "nsubjpass", "csubj"):
            rel.add("subj")
        if tok.dep_ in ("dobj", "obj", "attr", "dative"):
            rel.add("obj")
        if tok.dep_ == "pobj":
            rel.add("agent" if tok.head.dep_ == "agent" else "pobj")
    return rel


def _ancestors(tok) -> list:
    out = [tok]
    while out[-1].head.i != out[-1].i and len(out) < 64:
        out.append(out[-1].head)
    return out


def _label(tok) -> str:
    return f"{tok.dep_}:{tok.lemma_.lower()}" if tok.dep_ in ("prep", "agent", "mark", "advmod") else tok.dep_


def dep_path(trigger, head) -> tuple[Optional[list[str]], Optional[list[str]]]:
    """The dependency labels from ``trigger`` up to the lowest common ancestor and from there down
    to ``head`` (at most 3 each); ``(None, None)`` when they share none (different sentences)."""
    up_chain, down_chain = _ancestors(trigger), _ancestors(head)
    ids = [t.i for t in down_chain]
    lca = next((k for k, t in enumerate(up_chain) if t.i in ids), None)
    if lca is None:
        return None, None
    up = [_label(t) for t in up_chain[:lca]][:3]
    down = [_label(t) for t in down_chain[:ids.index(up_chain[lca].i)]][::-1][-3:]
    return up, down


def _bucket(s: str) -> int:
    return zlib.crc32(s.encode("utf-8")) % PATH_BUCKETS


def _conj_bucket(s: str) -> int:
    return zlib.crc32(s.encode("utf-8")) % CONJ_BUCKETS


def trigger_kind(trig_tok) -> str:
    """``NOUN|act``, ``VERB|pass`` ...: the trigger's part of speech and voice (a passive subject or
    auxiliary among its children), which decides where its source and target stand."""
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in trig_tok.children)
    return f"{trig_tok.pos_}|{'pass' if passive else 'act'}"


def _overlaps(s: int, e: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s < b and a < e for a, b in spans)


def candidate_features(enc: Encoded, trig_span: tuple[int, int], trig_tok, cands: Sequence[tuple[int, int, object]],
                       actor_spans: Sequence[tuple[int, int]] = (), recipient_spans: Sequence[tuple[int, int]] = (),
                       actors: Optional[dict] = None) -> np.ndarray:
    """Feature rows (candidates x :func:`attach_dim`) of ``cands`` for the trigger at ``trig_span``
    (character offsets in the encoded sentence). ``actors``: the actor (or None) the rules resolve
    each candidate's head to, by token index."""
    t = _unit(enc.mean(*trig_span))
    X = np.zeros((len(cands), attach_dim()), np.float32)
    spans = [(s, e) for s, e, _h in cands]
    before = [k for k, (s, e) in enumerate(spans) if e <= trig_span[0]]
    after = [k for k, (s, e) in enumerate(spans) if s >= trig_span[1]]
    actors = actors or {}
    kind = trigger_kind(trig_tok) if trig_tok is not None else ""
    for k, (s, e, head) in enumerate(cands):
        c = _unit(enc.mean(s, e))
        X[k, :DIM] = c
        X[k, DIM:2 * DIM] = c * t * math.sqrt(DIM)
        h = X[k, 2 * DIM:2 * DIM + len(HAND)]
        rel = _clause_relation(head, trig_tok) if trig_tok is not None else set()
        h[0] = 1.0 if e <= trig_span[0] else 0.0
        gap = max(trig_span[0] - e, s - trig_span[1], 0)
        h[1] = math.log1p(gap) / 5
        h[2] = "subj" in rel
        h[3] = "obj" in rel
        h[4] = "pobj" in rel
        h[5] = "agent" in rel
        h[6] = head.ent_type_ != ""
        h[7] = head.pos_ == "PRON"
        h[8] = _overlaps(s, e, actor_spans)
        h[9] = _overlaps(s, e, recipient_spans)
        h[10] = 1.0
        a = actors.get(head.i)
        h[11] = a is not None
        h[12] = bool(a is not None and a.country)
        h[13] = bool(a is not None and a.sector)
        h[14] = any(s2 <= s and e <= e2 and (s2, e2) != (s, e) for s2, e2 in spans)
        h[15] = any(s <= s2 and e2 <= e and (s2, e2) != (s, e) for s2, e2 in spans)
        h[16] = head.dep_ == "poss"
        h[17] = bool(before) and k == before[-1]
        h[18] = bool(after) and k == after[0]
        h[19] = (trig_tok is not None and head.i == trig_tok.i) or (s <= trig_span[0] and trig_span[1] <= e)
        if trig_tok is not None:
            P = X[k, 2 * DIM + len(HAND):]
            up, down = dep_path(trig_tok, head)
            if up is None:
                P[_bucket("none")] = 1.0
            else:
                P[_bucket("^".join(up) + ">" + "|".join(down))] = 1.0
                P[PATH_BUCKETS + _bucket(">" + "|".join(down))] = 1.0
                P[2 * PATH_BUCKETS + _bucket("^".join(up) + ">" + (down[0] if down else ""))] = 1.0
            # conjunctions with the trigger's kind: the whole path, the head's own relation and side
            # ("VERB|pass" + "nsubjpass<": the target), the preposition of an object of one
            C = P[3 * PATH_BUCKETS:]
            path = "none" if up is None else "^".join(up) + ">" + "|".join(down)
            C[_conj_bucket(f"{kind}#{path}")] = 1.0
            C[CONJ_BUCKETS + _conj_bucket(f"{kind}#{head.dep_}{'<' if head.i < trig_tok.i else '>'}")] = 1.0
            if head.dep_ == "pobj":
                prep = head.head.lemma_.lower()
                C[2 * CONJ_BUCKETS + _conj_bucket(f"prep:{prep}")] = 1.0
                C[2 * CONJ_BUCKETS + _conj_bucket(f"{kind}#prep:{prep}")] = 1.0
    return X


def fit_listwise(groups: Sequence[tuple[np.ndarray, Sequence[int]]], l2: float = 1e-3, iters: int = 300,
                 lr: float = 0.05) -> np.ndarray:
    """Weights of a linear scorer trained with a softmax over each group's candidates;
    ``groups``: (candidate features, indices of the right candidates -- an int or several: the
    probability of the set is maximised)."""
    groups = [(g, [y] if isinstance(y, (int, np.integer)) else list(y)) for g, y in groups]
    d = groups[0][0].shape[1]
    X = np.vstack([g for g, _y in groups]).astype(np.float64)
    sizes = [len(g) for g, _y in groups]
    seg = np.repeat(np.arange(len(groups)), sizes)
    starts = np.cumsum([0] + sizes)[:-1]
    Y = np.zeros(len(X))
    for st, (_g, ys) in zip(starts, groups):
        Y[st + np.asarray(ys, dtype=int)] = 1.0
    w = np.zeros(d)
    m = np.zeros(d)
    v = np.zeros(d)
    n = len(groups)
    for it in range(1, iters + 1):
        z = X @ w
        zmax = np.maximum.reduceat(z, starts)
        ez = np.exp(z - zmax[seg])
        p = ez / np.add.reduceat(ez, starts)[seg]
        py = p * Y
        q = py / np.maximum(np.add.reduceat(py, starts)[seg], 1e-300)   # posterior over the right ones
        G = X.T @ (p - q) / n + l2 * w
        m = 0.9 * m + 0.1 * G
        v = 0.999 * v + 0.001 * G * G
        w -= lr * (m / (1 - 0.9 ** it)) / (np.sqrt(v / (1 - 0.999 ** it)) + 1e-8)
    return w.astype(np.float32)


def rank(X: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Probabilities of the candidates (rows of ``X``) under scorer ``w``."""
    if not len(X):
        return np.zeros(0)
    z = X @ w
    z = np.exp(z - z.max())
    return z / z.sum()


def spans_of(texts: Sequence[str], sentence: str) -> list[tuple[int, int]]:
    out = []
    for t in texts:
        p = sentence.find(t) if t else -1
        if p >= 0:
            out.append((p, p + len(t)))
    return out


def best(X: np.ndarray, w: Optional[np.ndarray]) -> int:
    return int(rank(X, w).argmax()) if w is not None and len(X) else -1


def sentence_candidates(tok) -> tuple[str, int, list[tuple[int, int, object]]]:
    """The sentence of trigger token ``tok`` as extraction stores it (stripped), the offset of that
    text in the sentence span, and its candidates with offsets in that text."""
    sent = tok.sent
    lead = len(sent.text) - len(sent.text.lstrip())
    return sent.text.strip(), lead, [(s - lead, e - lead, h) for s, e, h in candidates(sent)]


def attach_roles(found: Sequence, model, resolver, mentions, text: Optional[str] = None) -> int:
    """Give each event of ``found`` (extraction's :class:`~wirecoder.extraction.Found`) that the
    rules left without a recipient (without an actor) the model's target (source), for the roles
    ``attach.roles`` of model.json names (default: the target only): the candidate the role's scorer
    ranks first, when it is not the trigger's own phrase nor the event's other role, its
    probability reaches ``attach.min_p`` and the rules' actor resolver codes it (a country or a
    sector). With ``attach.replace`` (a probability; absent: never) a role the rules filled is
    replaced too, when that candidate's probability reaches it and it codes another country or
    sector than the rules' phrase. Returns how many roles were filled. A model without span heads changes nothing."""
    cfg = {**DEFAULT_ATTACH, **(model.manifest.get("attach") or {})}
    roles = [r for r in cfg.get("roles", ["target"])
             if r in ROLES and getattr(model.heads.get(ROLES[r]), "shape", None) == (attach_dim(),)]
    field_of = {"target": "recipient", "source": "actor"}
    replace = cfg.get("replace")   # None: a role the rules filled is kept
    todo = [f for f in found if f.tok is not None and
            (replace is not None or any(not getattr(f.event, field_of[r]) for r in roles))]
    if not todo:
        return 0
    from .apply import trigger_span

    encs = model.encode_mentions([(f.event.sentence, trigger_span(f.event, text)) for f in todo])
    n = 0
    for f, enc in zip(todo, encs):
        ev = f.event
        stext, lead, cands = sentence_candidates(f.tok)
        if stext != ev.sentence or not cands:
            continue
        start = f.tok.idx - f.tok.sent.start_char - lead
        trig = (start, start + len(f.tok))
        actors = {h.i: resolver.actor(h, mentions, remember=False) for _s, _e, h in cands}
        X = candidate_features(enc, trig, f.tok, cands, spans_of([a.text for a in ev.actor], stext),
                               spans_of([a.text for a in ev.recipient], stext), actors)   # the rules' roles
        for role in roles:
            mine, other = field_of[role], field_of["source" if role == "target" else "target"]
            ruled = getattr(ev, mine)
            if ruled and replace is None:
                continue
            taken = spans_of([a.text for a in getattr(ev, other)], stext)
            p = rank(X, model.heads[ROLES[role]])
            for k in np.argsort(-p):
                s, e, h = cands[k]
                if _overlaps(s, e, taken) or h.i == f.tok.i:
                    continue      # not the other role, nor the trigger's own phrase
                a = actors.get(h.i)
                if ruled and (p[k] < float(replace) or a is None or
                              (a.country, a.sector) in {(x.country, x.sector) for x in ruled}):
                    break   # the rules' role stays unless the model's differs and is confident
                if p[k] >= float(cfg["min_p"]) and a is not None and (a.country or a.sector) and \
                        (a.text, a.country, a.sector) not in {(x.text, x.country, x.sector) for x in getattr(ev, other)}:
                    setattr(ev, mine, [a])
                    n += 1
                break
    return n
