"""The one hook between the rules and the learned model: :func:`relabel`.

The lexicon proposes every candidate mention (so recall stays the rules'); the model re-decides, per
mention, its PLOVER type (with quad class and CAMEO root), ACLED sub-event and confidence, where it is
confident and where the rules do not measurably win:

* **type**: the model's score of a type is ``p_type(t) * p_quad(quad(t))`` (type head and quad head,
  renormalised). The type changes only when the rule's type is not a *kept* class of the gate
  (``gates.type.keep``: rule types whose held-out accuracy beat the model's on the training folds)
  and the model's best type is more probable than the rule's type by ``gates.type.margin``;
* **ACLED**: the model's best sub-event (or none) replaces the rule's when it is more probable than
  the rule's answer by ``gates.acled.margin``; an event without one gets the model's when its
  probability reaches ``gates.acled.add``;
* **confidence**: the mean of the calibrated rule confidence and the model's probability of the
  final type times its probability of a real event (``is_event``);
* **is-event gate** (``gates.is_event.drop``, absent = off): a candidate whose probability of being
  a real event is below it is returned as rejected, and the pipeline drops it (generic statements,
  claims, metaphors the lexicon proposed).

The **encode gate** (``gates.encode`` in model.json, absent = every candidate, every decision)
chooses which candidates the model sees at all and what it may change there:
``max_rule_confidence`` -- only a candidate whose calibrated rule confidence is at most this is
encoded and re-decided (the rules are left alone where they are sure, and the encoder, most of the
model's time, runs only on the sentences of the others); ``decide`` -- the decisions the model
makes on those, any of :data:`DECISIONS` (``type``: re-type, with quad class and CAMEO root;
``acled``: the ACLED sub-event; ``confidence``: mix the confidence; ``is_event``: the is-event gate;
``attach``: source/target attachment, :func:`wirecoder.model.attach.attach_roles`); ``types`` -- only a
candidate whose rule type is one of these is encoded; ``acled_codes`` -- only one whose rule ACLED
code (``"Battles|Armed clash"``, ..., ``"none"``) is one of these. The conditions given must all hold.
"""
from __future__ import annotations

import re
from typing import Optional, Sequence

import numpy as np

from ..records import Event
from . import DECISIONS, NONE, EventModel

DEFAULT_GATES = {"type": {"keep": [], "margin": 0.0}, "acled": {"keep": [], "margin": 0.0, "add": 0.5}}


def encode_gate(model: EventModel) -> tuple[Optional[float], frozenset]:
    """``(max_rule_confidence or None, the decisions the model makes)`` of the model's encode gate
    (``gates.encode``; absent: every candidate, every decision)."""
    g = (model.gates or {}).get("encode") or {}
    t = g.get("max_rule_confidence")
    return (None if t is None else float(t)), frozenset(g.get("decide", DECISIONS))


def gated_in(events: Sequence[Event], model: EventModel) -> list[bool]:
    """Whether each event's candidate passes the encode gate: its calibrated rule confidence is at
    most ``gates.encode.max_rule_confidence``, its rule type is one of ``gates.encode.types`` and its
    rule ACLED code one of ``gates.encode.acled_codes`` (each condition only when the model sets it;
    every candidate when it sets none). Decide it before :func:`relabel`, which changes them."""
    g = (model.gates or {}).get("encode") or {}
    t = None if g.get("max_rule_confidence") is None else float(g["max_rule_confidence"])
    types = None if g.get("types") is None else frozenset(g["types"])
    codes = None if g.get("acled_codes") is None else frozenset(g["acled_codes"])
    return [(t is None or e.confidence <= t) and (types is None or e.event_type in types)
            and (codes is None or acled_code(e) in codes) for e in events]


def trigger_span(ev: Event, text: Optional[str] = None) -> tuple[int, int]:
    """Character span of ``ev.trigger`` inside ``ev.sentence``: the occurrence inside the event's
    span when the article ``text`` is given, else the first whole-word occurrence."""
    s, trig = ev.sentence, ev.trigger or ""
    if not trig:
        return 0, len(s)
    hits = [m.start() for m in re.finditer(r"(?<!\w)" + re.escape(trig) + r"(?!\w)", s)] or \
        [m.start() for m in re.finditer(re.escape(trig), s)]
    if not hits:
        return 0, len(s)
    if text is not None and len(hits) > 1:
        base = text.rfind(s, 0, ev.span[0] + 1)
        if base >= 0:
            inside = [h for h in hits if ev.span[0] <= base + h < ev.span[1]]
            if inside:
                return inside[0], inside[0] + len(trig)
    return hits[0], hits[0] + len(trig)


def mentions_of(events: Sequence[Event], text: Optional[str] = None) -> list[tuple[str, tuple[int, int]]]:
    return [(e.sentence, trigger_span(e, text)) for e in events]


def acled_code(e: Event) -> str:
    return f"{e.acled_type}|{e.acled_subtype}" if e.acled_subtype else NONE


def relabel(events: Sequence[Event], model: EventModel, ontology, text: Optional[str] = None,
            probs: Optional[dict] = None) -> list[Event]:
    """Re-decide ``events`` in place (see the module docstring). ``probs`` (from
    :meth:`EventModel.predict`) may be given when already computed. Returns the events the
    is-event gate rejects (none when the model has no ``gates.is_event.drop``). A model whose
    manifest says ``"relabel": false`` changes nothing here (it only attaches roles). With an
    encode gate (``gates.encode``) only the events it lets in are encoded and re-decided, and only
    the decisions it names are made (``probs``, when given, has a row per event of ``events``)."""
    if not events or model.manifest.get("relabel", True) is False:
        return []
    _t, decide = encode_gate(model)
    if not decide & {"type", "acled", "confidence", "is_event"}:
        return []
    passes = gated_in(events, model)
    if not all(passes):
        rows = [k for k, ok in enumerate(passes) if ok]
        events = [events[k] for k in rows]
        if not events:
            return []
        if probs is not None:
            probs = {h: p[rows] for h, p in probs.items()}
    P = probs if probs is not None else model.predict(mentions_of(events, text))
    gates = {k: {**DEFAULT_GATES.get(k, {}), **v} for k, v in {**DEFAULT_GATES, **(model.gates or {})}.items()}
    rejected: list[Event] = []
    drop = (gates.get("is_event") or {}).get("drop")
    if drop is not None and "is_event" in P and "is_event" in decide:
        col = model.labels["is_event"].index("event")
        rejected = [e for k, e in enumerate(events) if float(P["is_event"][k, col]) < float(drop)]
    # ---- type (+ quad)
    if "type" in P and decide & {"type", "confidence"}:
        tl = model.labels["type"]
        pt = P["type"].astype(np.float64)
        if "quad" in P:
            ql = [int(q) for q in model.labels["quad"]]
            qcol = {q: j for j, q in enumerate(ql)}
            quad_of = np.array([ontology.types[t].quad if t in ontology.types else 0 for t in tl])
            pq = P["quad"][:, [qcol.get(int(q), 0) for q in quad_of]]
            pt = pt * pq
            pt = pt / np.maximum(pt.sum(axis=1, keepdims=True), 1e-12)
        keep = set(gates["type"].get("keep", []))
        margin = float(gates["type"].get("margin", 0.0))
        for k, e in enumerate(events):
            row = pt[k]
            j = int(row.argmax())
            best = tl[j]
            rule_p = float(row[tl.index(e.event_type)]) if e.event_type in tl else 0.0
            if "type" in decide and best != e.event_type and e.event_type not in keep \
                    and row[j] > rule_p + margin and best in ontology.types:
                spec = ontology.types[best]
                e.event_type = best
                e.quad_class = spec.quad
                if e.mode not in spec.modes:
                    e.mode = None
                e.cameo_root = ontology.cameo_root(best, e.mode, None)
            if "confidence" not in decide:
                continue
            p_type = float(row[tl.index(e.event_type)]) if e.event_type in tl else 0.0
            p_ev = float(P["is_event"][k, model.labels["is_event"].index("event")]) if "is_event" in P else 1.0
            e.confidence = round(0.5 * e.confidence + 0.5 * p_type * p_ev, 3)
    # ---- ACLED sub-event
    if "acled" in P and "acled" in decide:
        al = model.labels["acled"]
        pa = P["acled"]
        keep = set(gates["acled"].get("keep", []))
        margin = float(gates["acled"].get("margin", 0.0))
        add = float(gates["acled"].get("add", 0.5))
        for k, e in enumerate(events):
            rule = acled_code(e)
            j = int(pa[k].argmax())
            best = al[j]
            if best == rule or rule in keep:
                continue
            rule_p = float(pa[k, al.index(rule)]) if rule in al else 0.0
            if rule == NONE:
                if pa[k, j] < add:
                    continue
            elif pa[k, j] <= rule_p + margin:
                continue
            if best == NONE:
                e.acled_type = e.acled_subtype = None
            else:
                e.acled_type, e.acled_subtype = best.split("|", 1)
    return rejected
