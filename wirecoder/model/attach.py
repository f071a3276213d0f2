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

Two linear scorers (``span_source``, ``span_target`` in heads.npz) rank the candidates; a pair
term (``span_pair``, over ``PAIR``: facts about a source candidate and a target candidate together --
which comes first, nesting, the same country or code, coordination, possessive, a prepositional
phrase of the other, on both sides of the trigger, and where their heads meet in the parse: at the
trigger, at the root, at another mention the rules found, at a verb, one governing the other, above
the trigger, how far) scores a source and a target together; a bilinear term of rank
``BILINEAR_RANK`` between the candidate's unit mean state and the trigger's (``span_bil_source``,
``span_bil_target``, ``span_bil_trigger``: ``sum((c @ A_role) * (t @ B))``) conditions each role's
score on the trigger through the encoder (:func:`bilinear_scores`). All
are fitted jointly by ``scripts/finetune_event_model.py attachment`` (a softmax over the sentence's
ordered pairs of two different candidates, :func:`fit_joint`); given the event's other role, a
softmax over the candidates of the sentence gives probabilities. :func:`attach_roles` is the pipeline's hook: it gives an
event the rules left without a recipient the model's target (``attach`` in model.json).

Which event of the sentence the scorers condition on (round 15): with ``attach.triggers`` the
probabilities are those of the event's own trigger averaged with those the same scorers give with
each other trigger of the sentence (:func:`sentence_triggers`: the rules' other mentions, its
verbs, its root), the event's own weighing ``attach.own_weight``. The event a sentence's source and
target belong to is often not the trigger the rules chose; averaging over the sentence's possible
triggers lets the one they share decide.
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
PAIR = ("src_first", "tgt_in_src", "src_in_tgt", "same_country", "same_code", "same_word", "conj", "poss",
        "log_dist", "across_trigger", "tgt_prep_of_src", "src_prep_of_tgt", "other_country",
        # where the two heads meet: their lowest common ancestor in the parse (the event the pair
        # belongs to, whichever trigger the rules chose)
        "lca_trigger", "lca_root", "lca_mention", "src_governs_tgt", "tgt_governs_src", "lca_path_len",
        "lca_verb", "lca_above_trigger")
PAIR_BASE = 13   # the facts of a pair term fitted before the meeting-point facts (a span_pair of that length still works)
BILINEAR_RANK = 16   # rank of the candidate x trigger bilinear term (``span_bil_*``); 0: none
BILINEAR = ("span_bil_source", "span_bil_target", "span_bil_trigger")
DEFAULT_ATTACH = {"min_p": 0.0}
TRIGGER_SETS = ("own", "rules", "rules+root", "rules+verbs", "rules+verbs+root", "ancestors")   # ``attach.triggers``
# the role gate (``attach.gate`` in model.json, weights ``span_gate`` in heads.npz): whether an
# event has the role at all. Its classes: the model's phrase codes the role right, the role is
# empty (the article does not say), the role is there but the phrase codes it wrong. A role is
# filled only when "right" is more probable than "empty" (filling a wrong phrase costs nothing
# where the role is there, since an empty one is wrong too).
GATE_CLASSES = ("right", "empty", "wrong")
GATE_LOC_PREPS = ("in", "at", "near", "across", "from", "inside", "outside", "throughout")
# development harness (scripts/fit_role_gate.py): with RECORDING[0], each proposal is appended to
# RECORD as (event, role, facts, actor, key) and, when ONLY[0] is a set of keys ((trigger token
# index, role)), only those proposals are filled
RECORD: list = []
RECORDING = [False]
ONLY: list = [None]


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


def pair_features(cands: Sequence[tuple[int, int, object]], trig_tok, actors: Optional[dict] = None,
                  mention_toks: Sequence[int] = ()) -> np.ndarray:
    """``(n, n, len(PAIR))``: the facts of candidate ``i`` as the source and ``j`` as the target
    (zero on the diagonal). ``actors``: as for :func:`candidate_features`; ``mention_toks``: token
    indices of the triggers of every mention the rules found (where the two heads meet is one)."""
    actors = actors or {}
    mention_toks = set(mention_toks)
    n = len(cands)
    F = np.zeros((n, n, len(PAIR)), np.float32)
    chains = [_ancestors(h) for _s, _e, h in cands]
    above = {t.i for t in _ancestors(trig_tok)} if trig_tok is not None else set()
    for i, (s1, e1, h1) in enumerate(cands):
        a1 = actors.get(h1.i)
        c1 = [t.i for t in chains[i]]
        for j, (s2, e2, h2) in enumerate(cands):
            if i == j:
                continue
            a2 = actors.get(h2.i)
            f = F[i, j]
            f[0] = s1 < s2
            f[1] = s1 <= s2 and e2 <= e1
            f[2] = s2 <= s1 and e1 <= e2
            f[3] = bool(a1 is not None and a2 is not None and a1.country and a1.country == a2.country)
            f[4] = bool(a1 is not None and a2 is not None and (a1.country, a1.sector) == (a2.country, a2.sector))
            f[5] = h1.lower_ == h2.lower_
            f[6] = (h2.head.i == h1.i and h2.dep_ == "conj") or (h1.head.i == h2.i and h1.dep_ == "conj")
            f[7] = (h2.dep_ == "poss" and h2.head.i == h1.i) or (h1.dep_ == "poss" and h1.head.i == h2.i)
            f[8] = math.log1p(abs(h1.i - h2.i)) / 3
            f[9] = trig_tok is not None and h1.i < trig_tok.i < h2.i
            f[10] = h2.head.head.i == h1.i and h2.head.dep_ == "prep"
            f[11] = h1.head.head.i == h2.i and h1.head.dep_ == "prep"
            f[12] = bool(a1 is not None and a2 is not None and a1.country and a2.country and a1.country != a2.country)
            c2 = [t.i for t in chains[j]]
            k = next((k for k, t in enumerate(c1) if t in c2), None)
            if k is None:
                continue
            lca = chains[i][k]
            f[13] = trig_tok is not None and lca.i == trig_tok.i
            f[14] = lca.dep_ == "ROOT"
            f[15] = lca.i in mention_toks
            f[16] = lca.i == h1.i
            f[17] = lca.i == h2.i
            f[18] = math.log1p(min(k, 4) + min(c2.index(lca.i), 4)) / 2
            f[19] = lca.pos_ in ("VERB", "AUX")
            f[20] = lca.i in above and lca.i != trig_tok.i
    return F


def fit_joint(groups: Sequence[tuple], l2: float = 1e-3, iters: int = 300, lr: float = 0.05,
              rank: int = 0, lr_bil: float = 0.01, seed: int = 0) -> dict[str, np.ndarray]:
    """The source and target scorers and the pair term, trained together with a softmax over each
    sentence's ordered pairs of two different candidates. ``groups``: (candidate features,
    :func:`pair_features`, the right sources, the right targets -- candidate indices; an empty
    list: that role is unknown, any candidate[, the trigger's unit mean state]). Returns
    ``{"source", "target", "pair"}``; with ``rank`` > 0 also a bilinear term between each
    candidate's unit mean state (the first ``DIM`` features) and the trigger's (the fifth member of
    each group): ``bil_source``, ``bil_target`` (``DIM x rank``, one per role) and ``bil_trigger``
    (shared), a candidate's role score adding ``sum((c @ bil_role) * (t @ bil_trigger))``."""
    G = []
    for grp in groups:
        X, F, S, T = grp[:4]
        n = len(X)
        if n < 2 or not (len(S) or len(T)):
            continue
        Y = np.zeros((n, n), bool)
        for a in (S if len(S) else range(n)):
            for b in (T if len(T) else range(n)):
                Y[a, b] = a != b
        if Y.any():
            G.append((X, F, Y, grp[4] if rank else None))
    N, d, q, B = max(len(g[0]) for g in G), G[0][0].shape[1], G[0][1].shape[2], len(G)
    XU = np.zeros((B, N, d), np.float32)
    FF = np.zeros((B, N, N, q), np.float32)
    M = np.zeros((B, N, N), bool)
    YY = np.zeros((B, N, N), bool)
    TR = np.zeros((B, DIM), np.float32)
    for k, (X, F, Y, t) in enumerate(G):
        n = len(X)
        XU[k, :n], FF[k, :n, :n], YY[k, :n, :n] = X, F, Y
        M[k, :n, :n] = ~np.eye(n, dtype=bool)
        if t is not None:
            TR[k] = t
    CU = XU[:, :, :DIM]
    w = np.zeros(2 * d + q, np.float32)
    rng = np.random.default_rng(seed)
    # the bilinear factors: source, target, trigger (small random start: a zero start has no gradient)
    Bf = [(rng.standard_normal((DIM, rank)) * 0.05).astype(np.float32) for _ in range(3)] if rank else []
    params = [w, *Bf]
    rates = [lr] + [lr_bil] * len(Bf)
    mom = [np.zeros_like(p) for p in params]
    vel = [np.zeros_like(p) for p in params]
    for it in range(1, iters + 1):
        s_src, s_tgt = XU @ w[:d], XU @ w[d:2 * d]
        if rank:
            TB = TR @ Bf[2]                                  # B x rank
            CS, CT = CU @ Bf[0], CU @ Bf[1]                  # B x N x rank
            s_src = s_src + (CS * TB[:, None, :]).sum(-1)
            s_tgt = s_tgt + (CT * TB[:, None, :]).sum(-1)
        Z = s_src[:, :, None] + s_tgt[:, None, :] + FF @ w[2 * d:]
        Z = np.where(M, Z, -1e30)
        E = np.exp(Z - Z.max(axis=(1, 2), keepdims=True)) * M
        Pp = E / E.sum(axis=(1, 2), keepdims=True)
        Qy = Pp * YY
        Qy = Qy / np.maximum(Qy.sum(axis=(1, 2), keepdims=True), 1e-30)
        D = Pp - Qy
        Ds, Dt = D.sum(2), D.sum(1)
        grads = [np.concatenate([np.einsum("bn,bnd->d", Ds, XU), np.einsum("bn,bnd->d", Dt, XU),
                                 np.einsum("bij,bijq->q", D, FF)]) / B + l2 * w]
        if rank:
            def wsum(Dr, A):   # sum over a group's candidates, weighted by Dr: B x A's last dim
                return np.matmul(Dr[:, None, :].astype(np.float32), A)[:, 0]
            grads += [wsum(Ds, CU).T @ TB / B + l2 * Bf[0],
                      wsum(Dt, CU).T @ TB / B + l2 * Bf[1],
                      TR.T @ (wsum(Ds, CS) + wsum(Dt, CT)) / B + l2 * Bf[2]]
        for p, g, m, v, r in zip(params, grads, mom, vel, rates):
            m *= 0.9
            m += 0.1 * g
            v *= 0.999
            v += 0.001 * g * g
            p -= (r * (m / (1 - 0.9 ** it)) / (np.sqrt(v / (1 - 0.999 ** it)) + 1e-8)).astype(np.float32)
    out = {"source": w[:d].copy(), "target": w[d:2 * d].copy(), "pair": w[2 * d:].copy()}
    if rank:
        out.update(bil_source=Bf[0].copy(), bil_target=Bf[1].copy(), bil_trigger=Bf[2].copy())
    return out


def bilinear_scores(X: np.ndarray, trig: Optional[np.ndarray], W: dict) -> tuple[np.ndarray, np.ndarray]:
    """The source and target scores of the candidates (rows of ``X``, :func:`candidate_features`)
    under ``W``: the linear scorers, plus the bilinear term with the trigger's unit mean state
    ``trig`` where ``W`` holds one (``bil_source``, ``bil_target``, ``bil_trigger``)."""
    s, t = X @ W["source"], X @ W["target"]
    if trig is not None and W.get("bil_trigger") is not None:
        tb = trig @ W["bil_trigger"]
        s = s + (X[:, :DIM] @ W["bil_source"]) @ tb
        t = t + (X[:, :DIM] @ W["bil_target"]) @ tb
    return s, t


def choose_pair(X: np.ndarray, W: dict, F: Optional[np.ndarray] = None, trig: Optional[np.ndarray] = None
                ) -> tuple[int, int]:
    """The (source, target) candidate indices of the best pair of two different candidates under
    scorers ``W`` (``pair``: with the pair term over ``F``; ``bil_*``: with the bilinear term with the
    trigger's unit mean state ``trig``); ``(0, 0)`` with one candidate, ``(-1, -1)`` with none."""
    if len(X) < 2:
        return (0, 0) if len(X) else (-1, -1)
    Z = pair_scores(X, trig, W, F)
    a, b = np.unravel_index(int(Z.argmax()), Z.shape)
    return int(a), int(b)


def pair_scores(X: np.ndarray, trig: Optional[np.ndarray], W: dict, F: Optional[np.ndarray] = None) -> np.ndarray:
    """The score of each ordered pair (source row, target column) of the candidates under scorers
    ``W`` (with the pair term over ``F`` where ``W`` has one), ``-inf`` on the diagonal (a phrase is
    not both roles)."""
    s, t = bilinear_scores(X, trig, W)
    Z = s[:, None] + t[None, :]
    if F is not None and W.get("pair") is not None:
        Z = Z + F @ W["pair"]
    np.fill_diagonal(Z, -np.inf)
    return Z


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


def span_weights(heads: dict) -> dict:
    """The span heads of a model's ``heads`` as :func:`bilinear_scores` takes them (``source``,
    ``target``; the bilinear factors only when all three are there, ``DIM x rank`` each)."""
    zero = np.zeros(attach_dim(), np.float32)
    W = {r: w if getattr(w, "shape", None) == (attach_dim(),) else zero
         for r, w in (("source", heads.get("span_source")), ("target", heads.get("span_target")))}
    bil = [heads.get(k) for k in BILINEAR]
    if all(getattr(b, "ndim", 0) == 2 and b.shape[0] == DIM and b.shape == bil[0].shape for b in bil):
        W.update(bil_source=bil[0], bil_target=bil[1], bil_trigger=bil[2])
    return W


def sentence_triggers(tok, mention_toks: Sequence = (), how: str = "own") -> list:
    """The tokens whose role probabilities are averaged for the event whose trigger is ``tok``
    (``attach.triggers``): ``tok`` first; with ``rules`` the triggers of the rules' other mentions
    in its sentence (``mention_toks``: tokens, in the order found), with ``root`` the sentence's
    root, with ``verbs`` every verb of the sentence; ``ancestors``: those of the rules' mentions and
    verbs that govern ``tok`` in the parse; each token once."""
    parts = set(how.split("+"))
    sent = tok.sent
    out = [tok]
    if "rules" in parts or "ancestors" in parts:
        out += [t for t in mention_toks if sent.start <= t.i < sent.end]
    if "root" in parts:
        out.append(sent.root)
    if "verbs" in parts or "ancestors" in parts:
        out += [t for t in sent if t.pos_ == "VERB"]
    if "ancestors" in parts:   # only those that govern the trigger (the clause its event is told in)
        above = {t.i for t in _ancestors(tok)[1:]}
        out = [tok] + [t for t in out[1:] if t.i in above]
    seen: set[int] = set()
    return [t for t in out if not (t.i in seen or seen.add(t.i))]


def pair_probabilities(X: np.ndarray, trig: Optional[np.ndarray], W: dict, F: Optional[np.ndarray] = None
                       ) -> np.ndarray:
    """The softmax over the ordered pairs of two different candidates (source row, target column)
    under scorers ``W`` with one trigger's features (:func:`pair_scores`, as :func:`choose_pair`)."""
    Z = pair_scores(X, trig, W, F)
    Z = np.exp(Z - Z.max())
    return Z / Z.sum()


def choose_averaged_pair(per_trigger: Sequence[tuple[np.ndarray, Optional[np.ndarray], Optional[np.ndarray]]],
                         W: dict, own_weight: float = 1.0) -> tuple[int, int]:
    """:func:`choose_pair` over the pair probabilities averaged over several triggers of the same
    candidates (``per_trigger``: (features, trigger state, pair facts) each, the event's own first,
    weighing ``own_weight``)."""
    X0 = per_trigger[0][0]
    if len(X0) < 2:
        return (0, 0) if len(X0) else (-1, -1)
    A = sum(pair_probabilities(X, t, W, F) * (own_weight if k == 0 else 1.0)
            for k, (X, t, F) in enumerate(per_trigger))
    a, b = np.unravel_index(int(A.argmax()), A.shape)
    return int(a), int(b)


def gate_facts(ev, role: str, tok, x: np.ndarray, p: np.ndarray, k: int, cands: Sequence, actor,
               other: Sequence) -> dict[str, float]:
    """The facts the role gate weighs for filling ``role`` ("source"/"target") of event ``ev`` with
    candidate ``k`` (its feature row ``x``, :func:`candidate_features`; ``p``: the candidates'
    probabilities for the role; ``actor``: what the resolver codes it as; ``other``: the event's
    other role). Names absent from a gate's list are ignored; a gate names its own columns."""
    h = x[2 * DIM:2 * DIM + len(HAND)]
    head = cands[k][2]
    srt = np.sort(p)[::-1]
    top = float(p[k])
    f = {"bias": 1.0, "target": float(role == "target"), "p": top,
         "margin": top - float(srt[1]) if len(srt) > 1 else top,
         "subj": float(h[2]), "obj": float(h[3]), "pobj": float(h[4]), "agent": float(h[5]),
         "argument": float(bool(h[2] or h[3] or h[4] or h[5])),
         "before": float(h[0]), "ent": float(h[6]), "nested": float(h[14]), "poss": float(h[16]),
         "place": float(head.ent_type_ in ("GPE", "LOC", "FAC")), "nation": float(head.ent_type_ == "NORP"),
         "loc_prep": float(head.dep_ == "pobj" and head.head.lemma_.lower() in GATE_LOC_PREPS),
         "country": float(bool(actor.country)), "sector_only": float(not actor.country and bool(actor.sector)),
         "other_filled": float(bool(other)),
         "other_same_country": float(bool(actor.country) and actor.country in {o.country for o in other}),
         "verb": float(tok.pos_ in ("VERB", "AUX")), "noun": float(tok.pos_ in ("NOUN", "PROPN")),
         "passive": float(any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)),
         "asserted": float(ev.modality == "asserted"), "log_cands": math.log(len(cands)) / 3,
         f"quad:{ev.quad_class}": 1.0, f"type:{ev.event_type}": 1.0}
    for r in ("target", "source"):   # role-specific copies of the facts that mean different things per role
        for n in ("p", "subj", "obj", "pobj", "agent", "before", "place", "loc_prep", "other_same_country"):
            f[f"{r}:{n}"] = f[n] if role == r else 0.0
        f[f"{r}:quad:{ev.quad_class}"] = 1.0 if role == r else 0.0
    return f


def gate_allows(model, facts: dict[str, float]) -> bool:
    """Whether the model's role gate lets a role be filled (no gate: always): a softmax over the
    gate's ``classes`` (weights ``span_gate``, one column per class, one row per name in
    ``features``); the role is filled when the first class of ``fill_if`` is more probable than the
    second (default ``["right", "empty"]``)."""
    cfg = (model.manifest.get("attach") or {}).get("gate") or {}
    W = model.heads.get("span_gate")
    names = cfg.get("features") or []
    classes = list(cfg.get("classes") or GATE_CLASSES)
    if W is None or not names or W.shape != (len(names), len(classes)):
        return True
    yes, no = cfg.get("fill_if") or ["right", "empty"]
    z = np.asarray([facts.get(n, 0.0) for n in names], np.float32) @ W
    return bool(z[classes.index(yes)] > z[classes.index(no)])


def attach_roles(found: Sequence, model, resolver, mentions, text: Optional[str] = None,
                 only: Optional[set] = None) -> int:
    """Give each event of ``found`` (extraction's :class:`~wirecoder.extraction.Found`) that the
    rules left without a recipient (without an actor) the model's target (source), for the roles
    ``attach.roles`` of model.json names (default: the target only): the candidate the role's scorer
    ranks first, when it is not the trigger's own phrase nor the event's other role, its
    probability reaches ``attach.min_p`` and the rules' actor resolver codes it (a country or a
    sector). With ``attach.replace`` (a probability; absent: never) a role the rules filled is
    replaced too, when that candidate's probability reaches it and it codes another country or
    sector than the rules' phrase. With a pair term (``span_pair``), a candidate's score adds the
    pair term with the event's other role when a candidate holds it. With a role gate
    (``attach.gate`` and ``span_gate``, :func:`gate_allows`) an empty role is filled only where the
    gate says the event has it. ``only``: the ids of the elements of ``found`` that may get a role
    (the encode gate's, :func:`wirecoder.model.apply.gated_in`; None: all). Returns how many roles
    were filled. A model without span heads changes nothing."""
    cfg = {**DEFAULT_ATTACH, **(model.manifest.get("attach") or {})}
    roles = [r for r in cfg.get("roles", ["target"])
             if r in ROLES and getattr(model.heads.get(ROLES[r]), "shape", None) == (attach_dim(),)]
    field_of = {"target": "recipient", "source": "actor"}
    replace = cfg.get("replace")   # None: a role the rules filled is kept
    if not roles:
        return 0
    todo = [f for f in found if f.tok is not None and (only is None or id(f) in only) and
            (replace is not None or any(not getattr(f.event, field_of[r]) for r in roles))]
    if not todo:
        return 0
    from .apply import trigger_span

    pair = model.heads.get("span_pair")
    pair = pair if getattr(pair, "shape", None) in ((len(PAIR),), (PAIR_BASE,)) else None
    W = span_weights(model.heads)
    gated = model.heads.get("span_gate") is not None and bool(cfg.get("gate"))
    mention_toks = {f.tok.i for f in found if f.tok is not None}
    how = str(cfg.get("triggers") or "own")
    own_weight = float(cfg.get("own_weight", 1.0))
    # another trigger of the sentence: its tokens in the order found, the first mention of each
    # with the rules' roles as they were before any was filled (the features of a mention's trigger)
    first: dict[int, object] = {}
    for g in found:
        if g.tok is not None and g.tok.i not in first:
            first[g.tok.i] = (g, list(g.event.actor), list(g.event.recipient))
    other_toks = [g.tok for g, _a, _r in first.values()]

    def mention_of(f, tok, stext, lead):
        g = first.get(tok.i)
        if g is not None:
            return g, (g[0].event.sentence, trigger_span(g[0].event, text))
        start = tok.idx - tok.sent.start_char - lead
        return None, (stext, (start, start + len(tok)))

    ms = [(f.event.sentence, trigger_span(f.event, text)) for f in todo]   # each event's own trigger first
    plans = []   # per event: its sentence, candidates, and the triggers it averages over (index into ms)
    for i, f in enumerate(todo):
        stext, lead, cands = sentence_candidates(f.tok)
        if stext != f.event.sentence or not cands:
            continue
        trigs = [(f.tok, (f, f.event.actor, f.event.recipient), i)]
        for t in (sentence_triggers(f.tok, other_toks, how)[1:] if how != "own" else ()):
            g, m = mention_of(f, t, stext, lead)
            trigs.append((t, g, len(ms)))
            ms.append(m)
        plans.append((f, stext, lead, cands, trigs))
    encs = model.encode_mentions(ms)
    n = 0
    for f, stext, lead, cands, trigs in plans:
        ev = f.event
        actors = {h.i: resolver.actor(h, mentions, remember=False) for _s, _e, h in cands}
        per = []   # per trigger: features, pair facts, source and target scores
        for t, g, j in trigs:
            enc = encs[j]
            start = t.idx - t.sent.start_char - lead
            trig = (start, start + len(t))
            act, rec = (g[1], g[2]) if g is not None else ((), ())
            X = candidate_features(enc, trig, t, cands, spans_of([a.text for a in act], stext),
                                   spans_of([a.text for a in rec], stext), actors)   # the rules' roles
            F = pair_features(cands, t, actors, mention_toks)[..., :len(pair)] if pair is not None else None
            per.append((X, F, dict(zip(("source", "target"), bilinear_scores(X, _unit(enc.mean(*trig)), W)))))
        X, F = per[0][0], per[0][1]
        for role in roles:
            mine, other = field_of[role], field_of["source" if role == "target" else "target"]
            ruled = getattr(ev, mine)
            if ruled and replace is None:
                continue
            taken = spans_of([a.text for a in getattr(ev, other)], stext)
            o = next((k for k, (s, e, _h) in enumerate(cands) if _overlaps(s, e, taken)), None) if F is not None else None
            p = np.zeros(len(cands))
            for k, (_X, Fk, scores) in enumerate(per):   # averaged over the triggers, the event's own first
                z = scores[role]
                if o is not None:   # the pair term with the event's other role
                    z = z + (Fk[o] @ pair if role == "target" else Fk[:, o] @ pair)
                z = np.exp(z - z.max())
                p += (own_weight if k == 0 else 1.0) * z / z.sum()
            p = p / p.sum()
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
                    if not ruled and (gated or RECORDING[0]):   # the role gate: has the event this role at all?
                        facts = gate_facts(ev, role, f.tok, X[k], p, int(k), cands, a, getattr(ev, other))
                        if RECORDING[0]:
                            RECORD.append((ev, role, facts, a, (f.tok.i, role)))
                            if ONLY[0] is not None and (f.tok.i, role) not in ONLY[0]:
                                break
                        if not gate_allows(model, facts):
                            break
                    setattr(ev, mine, [a])
                    n += 1
                break
    return n
