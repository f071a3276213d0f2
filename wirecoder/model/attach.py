"""Source/target attachment: which noun phrase of a sentence is the event's source and which its target.

Candidates are the sentence's noun phrases (spaCy noun chunks and named entities, one per head
word, the longest). A candidate's features: the unit mean of its token states, that vector times
the trigger's unit mean state (how it relates to the trigger), and a few parse facts (before or
after the trigger, distance, subject/object/prepositional object of the trigger's clause, named
entity, whether the rules made it the actor or the recipient). Two linear scorers (``span_source``,
``span_target`` in heads.npz) rank the candidates; a softmax over the candidates of the sentence
gives probabilities.
"""
from __future__ import annotations

import math
from typing import Optional, Sequence

import numpy as np

from . import DIM, Encoded, _unit

HAND = ("before", "log_dist", "subj", "obj", "pobj", "agent", "ent", "pron", "rule_actor", "rule_recipient", "bias")


def attach_dim() -> int:
    return 2 * DIM + len(HAND)


def candidates(sent) -> list[tuple[int, int, object]]:
    """``(start char, end char, head token)`` of the noun phrases of a spaCy sentence span
    (offsets relative to the sentence start)."""
    best: dict[int, tuple[int, int]] = {}
    spans = list(sent.noun_chunks) if sent.doc.has_annotation("DEP") else []
    spans += [e for e in sent.ents if e.label_ not in ("DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY")]
    for sp in spans:
        root = sp.root
        cur = best.get(root.i)
        if cur is None or (sp.end_char - sp.start_char) > (cur[1] - cur[0]):
            best[root.i] = (sp.start_char, sp.end_char)
    base = sent.start_char
    out = []
    for i, (s, e) in sorted(best.items(), key=lambda x: x[1]):
        out.append((s - base, e - base, sent.doc[i]))
    return out


def _clause_relation(tok, trigger) -> set[str]:
    """How the candidate's head word ``tok`` hangs off the trigger: subject, object, object of a
    preposition (or of the passive agent "by")."""
    rel = set()
    if tok.head is trigger or (tok.head.head is trigger and tok.head.dep_ in ("prep", "agent")):
        if tok.dep_ in ("nsubj", "nsubjpass", "csubj"):
            rel.add("subj")
        if tok.dep_ in ("dobj", "obj", "attr", "dative"):
            rel.add("obj")
        if tok.dep_ == "pobj":
            rel.add("agent" if tok.head.dep_ == "agent" else "pobj")
    return rel


def candidate_features(enc: Encoded, trig_span: tuple[int, int], trig_tok, cands: Sequence[tuple[int, int, object]],
                       actor_spans: Sequence[tuple[int, int]] = (), recipient_spans: Sequence[tuple[int, int]] = ()
                       ) -> np.ndarray:
    """Feature rows (candidates x :func:`attach_dim`) of ``cands`` for the trigger at ``trig_span``."""
    t = _unit(enc.mean(*trig_span))
    X = np.zeros((len(cands), attach_dim()), np.float32)
    for k, (s, e, head) in enumerate(cands):
        c = _unit(enc.mean(s, e))
        X[k, :DIM] = c
        X[k, DIM:2 * DIM] = c * t * math.sqrt(DIM)
        h = X[k, 2 * DIM:]
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
        h[8] = any(s < ae and as_ < e for as_, ae in actor_spans)
        h[9] = any(s < re_ and rs < e for rs, re_ in recipient_spans)
        h[10] = 1.0
    return X


def fit_listwise(groups: Sequence[tuple[np.ndarray, int]], l2: float = 1e-3, iters: int = 300, lr: float = 0.05
                 ) -> np.ndarray:
    """Weights of a linear scorer trained with a softmax over each group's candidates;
    ``groups``: (candidate features, index of the right candidate)."""
    d = groups[0][0].shape[1]
    X = np.vstack([g for g, _y in groups])
    seg = np.repeat(np.arange(len(groups)), [len(g) for g, _y in groups])
    starts = np.cumsum([0] + [len(g) for g, _y in groups])[:-1]
    gold = starts + np.array([y for _g, y in groups])
    w = np.zeros(d, np.float32)
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    n = len(groups)
    for it in range(1, iters + 1):
        z = X @ w
        zmax = np.maximum.reduceat(z, starts)
        ez = np.exp(z - zmax[seg])
        p = ez / np.add.reduceat(ez, starts)[seg]
        g = p.copy()
        g[gold] -= 1.0
        G = X.T @ g / n + l2 * w
        m = 0.9 * m + 0.1 * G
        v = 0.999 * v + 0.001 * G * G
        w -= lr * (m / (1 - 0.9 ** it)) / (np.sqrt(v / (1 - 0.999 ** it)) + 1e-8)
    return w


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
