"""The extract stage: event *mentions* from a parsed article.

For every sentence of the article's paragraphs (titles and subheadings restate the body and are
skipped; questions are never events) each token is looked up in the trigger lexicon in its
syntactic frame. A match becomes a mention: an :class:`~wirecoder.records.Event` of one sentence
with its roles from the parse (:mod:`.roles`), actors coded by :mod:`wirecoder.resolve.actors`,
modality and reported source (:mod:`.modality`) and counts (:mod:`wirecoder.resolve.counts`).
Date and place are not resolved here: :mod:`wirecoder.assemble` first groups the mentions of one
real event, then resolves its date and place once from all of them.

This module finds the mentions (:func:`find_mentions`: a lexicon event at a token, :func:`_event_at`)
and merges a sentence's mentions of one event; the rest is split by job, each module importing only
those before it:

- :mod:`.state`: the shared records (resources, a found mention, the per-article state, a trigger's roles);
- :mod:`.sizes`: how many (counts from the roles);
- :mod:`.triggers`: whether a token is an event mention here, and the readings under which it is none;
- :mod:`.participants`: who did it to whom (actor and recipient heads, coded);
- :mod:`.speakers`: who speaks (quotations, reported speech, the per-sentence actor pass);
- :mod:`.rules`: events made by rules rather than one lexicon frame (reported, claimed, exchanged ...).
"""
from __future__ import annotations

import dataclasses
from typing import Optional

from ..nlp import line_end
from ..records import Actor, Article, Event, Mention, stable_id
from ..resolve.actors import Mentions
from . import roles
from .calibration import features as calib_features
from .acled import Words, is_attribution, refine, trigger_weapon, weapon_of
from .cues import Cues, default_cues, in_types
from .lexicon import Entry
from .modality import is_caption, is_question, modality
from .state import EMBEDDED_FACTOR, Found, Resources, _Doc, _Roles, _covered, paragraph_sentences
from .sizes import _size
from .speakers import _resolve_sentence_actors, _source, _speaker
from .participants import _np_left, _np_right, _opponents, _roles
from .triggers import (_advisory, _as_topic, _asked_about, _described, _done_by_an_attack, _no_event_here,
                       _not_between_actors, _set_off_by_an_attack, _those_done_to, _toll_to_date, _trigger)
from .rules import (_claimed_act, _exchanged_for, _on_alert, _praised_as_step, _reported_act, _victims_named,
                    rule_candidates)


def find_mentions(article: Article, doc, resources: Resources | None = None,
                  mentions: Mentions | None = None) -> list[Found]:
    """The event mentions of one article, in text order, with what calibration and assembly need.

    ``doc`` is the spaCy Doc of ``article.text``; ``mentions`` (actor mentions, from
    ``resources.actors.annotate(doc)``) may be passed when the caller has them. A mention that only
    refers back to an event already reported ("the attack" with nothing new) is kept with
    ``anaphoric=True`` so that assembly can attach it to that event.
    """
    res = resources or Resources.default()
    state = _Doc(article, doc, mentions if mentions is not None else res.actors.annotate(doc))
    sentences = paragraph_sentences(article, doc)
    keep = {s.start for s in sentences}
    titles = _covered([(s, e) for s, e, kind in article.blocks if kind == "title"])
    out: list[Found] = []
    for sent in doc.sents:
        _resolve_sentence_actors(sent, state, res)   # coreference needs every sentence, in order
        headline = sent.start not in keep and titles(sent.start_char)
        if (sent.start not in keep and not headline) or is_question(sent) or is_caption(sent):
            continue
        # only the words where a rule can fire (rule_candidates: each rule's opening test) are tried
        found = [f for i in rule_candidates(sent, res)
                 if (f := _event_at(tok := doc[i], sent, state, res) or _reported_act(tok, sent, state, res)
                     or _claimed_act(tok, sent, state, res)
                     or _exchanged_for(tok, sent, state, res)
                     or _praised_as_step(tok, sent, state, res)
                     or _on_alert(tok, sent, state, res)
                     or _victims_named(tok, sent, state, res)) is not None]
        found = [f for f in found if not _content_of_another(f, found, res.cues)]
        if found and state.lead_end is None and not headline:
            state.lead_end = line_end(doc, found[0].tok.idx)
        if headline:
            # the title restates the body's news: its mentions only join the events the body reports
            for f in found:
                f.headline = True
                out.append(f)
            continue
        for f in found:
            if f.event.actor and not f.anaphoric and not f.distinct:
                state.nominal_actors[f.tok.lemma_.lower()] = f.event.actor
        for f in merge_sentence_events(found, res.cues):
            if not f.anaphoric:
                state.types_seen.add(f.event.event_type)
            f.raw_confidence = f.event.confidence       # the heuristic, for refitting the calibrator
            if res.calibrator is not None:
                f.event.confidence = round(res.calibrator(f.features), 3)
            out.append(f)
    return out


def extract_events(article: Article, doc, resources: Resources | None = None,
                   mentions: Mentions | None = None, type_model: bool = False, event_model=None) -> list[Event]:
    """The mention-level events of one article (see :func:`find_mentions`), anaphoric ones left out.

    ``type_model``: let the embedding classifier (:mod:`.classifier`) re-decide each event's type,
    ACLED sub-event and confidence; the roles stay those of the rules.
    ``event_model``: a loaded :class:`wirecoder.model.EventModel` that re-decides them where it is
    confident and the rules do not measurably win (:func:`wirecoder.model.apply.relabel`).
    """
    res = resources or Resources.default()
    events = [f.event for f in find_mentions(article, doc, res, mentions) if not f.anaphoric and not f.headline]
    rejected = {id(e) for e in relabel_events(events, article, res, type_model, event_model)}
    return [e for e in events if id(e) not in rejected]


def relabel_events(events: list[Event], article: Article, res: Resources, type_model: bool = False,
                   event_model=None) -> list[Event]:
    """Let the learned classifiers re-decide mention-level events in place (both off by default).
    Returns the events the event model's is-event gate rejects (to be dropped; none without it)."""
    if type_model and events:
        from .classifier import default_type_model

        default_type_model().apply(events, res.ontology)
    if event_model is not None and events:
        from ..model.apply import relabel

        return relabel(events, event_model, res.ontology, text=article.text)
    return []


def _content_of_another(f: Found, found: list[Found], cues) -> bool:
    """A demand naming no addressee or no one making it, in a sentence that reports a protest, is
    the protesters' demand (cues.yaml ``content_types``)."""
    hosts = cues.content_types.get(f.event.event_type)
    return bool(hosts) and not (f.event.recipient and f.event.actor) \
        and any(g.event.event_type in hosts for g in found if g is not f)


def merge_sentence_events(found: list[Found], cues: Optional[Cues] = None) -> list[Found]:
    """One sentence's mentions -> its events, duplicates merged.

    Two events of the same type where one trigger governs the other ("attacked a post, killing 12
    policemen"; "were killed after militants ambushed a patrol") are one event: the more confident
    keeps its trigger and mode and takes the other's actor when it has none, its recipients and its
    casualty counts. An event whose trigger lies under another event's trigger ("condemned the
    attack", "accused X of killing") is the lesser of the sentence: its confidence is lowered.
    """
    if len(found) < 2:
        return list(found)
    words = (cues or default_cues()).sequence_words
    order = sorted(range(len(found)), key=lambda k: -found[k].event.confidence)
    merged_into: dict[int, int] = {}
    for a in order:
        if a in merged_into:
            continue
        fa = found[a]
        for b in order:
            if b == a or b in merged_into or found[b].event.event_type != fa.event.event_type:
                continue
            fb = found[b]
            if fa.distinct or fb.distinct or roles.in_sequence(fa.tok, fb.tok, words):
                continue                # two halves of an exchange; "X, two days before Y": two events
            if _governs(fa.tok, fb.tok) or _governs(fb.tok, fa.tok):
                if _modes_apart(fa.event.mode, fb.event.mode) and _own_clause(fb.tok if _governs(fa.tok, fb.tok) else fa.tok):
                    continue            # "the resignation of X, who fled abroad": two acts, as assembly reads them
                _absorb(fa.event, fb.event)
                fa.anaphoric = fa.anaphoric and fb.anaphoric
                merged_into[b] = a
    kept = [f for k, f in enumerate(found) if k not in merged_into]
    verb_of = {id(f): _clause_verb(f.tok) for f in kept}
    for f in kept:
        # "officers carried out 40 raids, arresting 12 people": two acts of one type hanging from one
        # verb, the one naming no target is done to the other's
        if not f.event.recipient and verb_of[id(f)] is not None and not f.distinct:
            g = next((g for g in kept if g is not f and g.event.event_type == f.event.event_type
                      and g.event.recipient and verb_of[id(g)] == verb_of[id(f)] and not g.distinct), None)
            if g is not None:
                f.event.recipient = [dataclasses.replace(r) for r in g.event.recipient]
    out = []
    for k, f in enumerate(found):
        if k in merged_into:
            continue
        if any(j != k and j not in merged_into and _governs(g.tok, f.tok) and g.event.event_type != f.event.event_type
               for j, g in enumerate(found)):
            f.event.confidence = round(f.event.confidence * EMBEDDED_FACTOR, 3)
            f.features[7] = 1.0
        out.append(f)
    return out


def _modes_apart(a: Optional[str], b: Optional[str]) -> bool:
    """Two modes of one type that report different acts (assembly.yaml ``compatible_modes`` and
    ``accompanying_acts`` say which differing modes can be one act), as assembly groups mentions."""
    if not a or not b or a == b:
        return False
    from ..assemble import default_assembly_cues     # assembly imports this module
    cues = default_assembly_cues()
    return not cues.modes_agree(a, b) and cues.accompanied({a, b}) is None


def _own_clause(tok) -> bool:
    """A verb with a subject of its own: a clause of its own ("X, who fled abroad"), not a
    participle or a conjunct sharing its governor's subject ("attacked the post, killing 12")."""
    return tok.pos_ == "VERB" and any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)


def _clause_verb(tok):
    """The verb ``tok`` hangs from (its nearest verb ancestor), None at the root."""
    t = tok
    while t.head.i != t.i:
        t = t.head
        if t.pos_ in ("VERB", "AUX"):
            return t
    return None


def _governs(a, b) -> bool:
    """Token ``a`` is an ancestor of ``b`` within three dependency hops."""
    t = b
    for _ in range(3):
        if t.head.i == t.i:
            return False
        t = t.head
        if t.i == a.i:
            return True
    return False


def _absorb(ev: Event, other: Event) -> None:
    if not ev.actor and other.actor:
        ev.actor = other.actor
    def key(r: Actor) -> tuple:
        return (r.country, r.sector) if r.country or r.sector else (r.text,)

    seen = {key(r) for r in ev.recipient + ev.actor}
    for r in other.recipient:
        if key(r) not in seen:
            ev.recipient.append(r)
            seen.add(key(r))
    if ev.mode is None and other.mode is not None:
        ev.mode = other.mode
    if other.size is not None:
        if ev.size is None:
            ev.size = other.size
        else:
            for f in ("dead", "injured", "arrested"):
                x, y = getattr(ev.size, f), getattr(other.size, f)
                if y is not None and (x is None or y > x):
                    setattr(ev.size, f, y)
            if ev.size.people is None and other.size.people is not None:
                ev.size.people, ev.size.qualifier, ev.size.text = (other.size.people, other.size.qualifier,
                                                                  other.size.text)
    if not ev.acled_subtype and other.acled_subtype:
        ev.acled_type, ev.acled_subtype = other.acled_type, other.acled_subtype
    for c in other.context:
        if c not in ev.context:
            ev.context.append(c)
    ev.span = (min(ev.span[0], other.span[0]), max(ev.span[1], other.span[1]))


def _one_person(heads, cues) -> bool:
    """Doers named as one person ("a man", "the woman", "she"), not a crowd ("rioters", "a mob",
    "hundreds of villagers", "a man and his sons"; cues.yaml crowd_nouns)."""
    def single(h) -> bool:
        if h.conjuncts or h.lemma_.lower() in cues.crowd_nouns:
            return False
        if h.pos_ == "PRON":
            return h.morph.get("Number") == ["Sing"]
        return h.tag_ in ("NN", "NNP")
    return bool(heads) and all(single(h) for h in heads)


def _event_at(tok, sent, state: _Doc, res: Resources) -> Optional[Found]:
    """The event mention whose trigger is ``tok``, or None: is it a trigger (:func:`_trigger`), who
    does what to whom (:func:`_roles`), is it an event between actors at all, then the mention."""
    entry = _trigger(tok, res)
    if entry is None or _no_event_here(tok, entry, sent, res) or _done_by_an_attack(tok, entry, res):
        return None
    if state.lead_end is not None and tok.idx >= state.lead_end and _toll_to_date(tok, res.cues):
        return None                     # after the lead, "have abducted 1,000 students since December": a toll
    r = _roles(tok, entry, state, res)
    if _advisory(tok, entry, r, res.cues) or any(h.lemma_.lower() in res.cues.aggregate_nouns for h in r.agent_heads):
        return None                     # "a war that killed 50,000": a whole war's toll (cues.yaml aggregate_nouns)
    r_type = entry.type
    for rt in res.cues.doer_retypes:
        if entry.type == rt.source and (not rt.lemmas or tok.lemma_.lower() in rt.lemmas) and r.actor \
                and (not rt.objects or any(c.dep_ == "dobj" and c.lemma_.lower() in rt.objects for c in tok.children)) \
                and all(a.sector in rt.sectors for a in r.actor) \
                and not (rt.crowd and _one_person(r.agent_heads, res.cues)):
            # "protesters stormed the government headquarters": a riot ("a man opened fire": not
            # one); "police raids": a search of premises, not an armed attack (cues.yaml doer_retypes)
            entry = dataclasses.replace(entry, type=rt.type, mode=rt.mode, cameo=rt.cameo or entry.cameo,
                                        acled=rt.acled or entry.acled)
            break
    if entry.type != r_type:
        # the new type's prepositions say who the target is ("protesters clashed with security forces")
        r = _roles(tok, entry, state, res)
    if in_types(res.cues.armed_force_types, entry.type, entry.mode):
        r.actor = [res.actors.armed_forces(a) for a in r.actor]
    if entry.type == "ASSAULT" and roles.two_sided(tok, res.cues.two_sided_words):
        r.recipient = _opponents(tok, r, state, res)
    words = state.words_of(sent)
    if _not_between_actors(tok, entry, r, words, res):
        return None
    mod, speech = modality(r.clause_head, res.cues)
    if mod == "asserted" and entry.type in res.cues.hypothetical_types:
        mod = "hypothetical"            # a threat says what may happen (cues.yaml hypothetical_types)
    asked = _asked_about(tok, entry, state)
    size = None if asked else _size(entry, r, sent, state, tok, res.cues.receiver_count_types)
    span = _span(tok, r, sent, state.doc)
    if entry.type == "ASSAULT" and entry.mode in WEAPON_MODES:
        # the weapon the sentence names says how ("a blast caused by a suicide bomber", "killed in
        # a drone strike"), as it decides the ACLED sub-event (acled.yaml weapons)
        weapon = trigger_weapon(tok, res.acled) or next(
            (w for h in roles.agent_of(tok) if h.pos_ == "NOUN" and (w := trigger_weapon(h, res.acled))), None) \
            or weapon_of(words, res.acled)          # "a drone strike blew up a vehicle carrying bombers"
        if weapon is not None and weapon[1] and weapon[1] != entry.mode:
            entry = dataclasses.replace(entry, mode=weapon[1])
    acled_type, acled_sub = _acled(tok, entry, r, mod, words, res)
    art = state.article
    ev = Event(
        id=stable_id(art.id, span[0], span[1], entry.type, tok.idx),
        article_id=art.id,
        event_type=entry.type,
        mode=entry.mode,
        context=_context(entry, r.clause_head, res),
        quad_class=res.ontology.types[entry.type].quad,
        cameo_root=res.ontology.cameo_root(entry.type, entry.mode, entry.cameo),
        modality=mod,  # type: ignore[arg-type]
        actor=r.actor,
        recipient=r.recipient,
        date=None,                      # resolved once per assembled event (wirecoder.assemble)
        location=None,
        size=size,
        sentence=sent.text.strip(),
        span=span,
        confidence=round(_confidence(entry, r, sent), 3),
        trigger=tok.text,
        source=_source(r.clause_head, speech, state),
        acled_type=acled_type,
        acled_subtype=acled_sub,
        mentions=[Mention(sentence=sent.text.strip(), span=span, trigger=tok.text,
                          trigger_span=(tok.idx, tok.idx + len(tok.text)))],
    )
    # raw features for the calibrator (embedded is set when the sentence's events are merged)
    features = calib_features(entry.conf, bool(r.actor), any(a.country or a.sector for a in r.actor),
                              bool(r.recipient), r.nominal, mod != "asserted", False, len(sent) < 6)
    return Found(tok, ev, features,
                 anaphoric=asked or ((r.anaphoric or _described(tok, res) or _as_topic(tok, entry, state, res)
                                      or _those_done_to(tok, entry, state)
                                      or (_set_off_by_an_attack(tok, entry, res) and entry.type in state.types_seen))
                                     and not r.recipient and size is None),
                 speaker=_speaker(r.clause_head, speech, state))


def _context(entry: Entry, clause_head, res: Resources) -> list[str]:
    context = list(entry.context)
    for t in clause_head.subtree:
        c = res.contexts.get(t.lemma_.lower())
        if c and c not in context:
            context.append(c)
    return context


def _span(tok, r: _Roles, sent, doc) -> tuple[int, int]:
    """Character span of the trigger and its role phrases, inside the sentence."""
    toks = [tok, *r.agent_heads, *r.patient_heads, *r.recip_heads]
    start = min(min(_np_left(t) for t in toks), tok.i)
    end = max(max(_np_right(t) for t in toks), tok.i)
    start, end = max(start, sent.start), min(end, sent.end - 1)
    return doc[start].idx, doc[end].idx + len(doc[end].text)


def _confidence(entry: Entry, r: _Roles, sent) -> float:
    """The heuristic confidence (the calibrator maps it and the features to a probability)."""
    confidence = entry.conf
    if not r.actor and not r.recipient:
        confidence *= 0.6
    elif r.actor and any(a.country or a.sector for a in r.actor):
        confidence = min(1.0, confidence + 0.1)
    if len(sent) < 4:
        confidence *= 0.5
    return confidence


def _acled(tok, entry: Entry, r: _Roles, mod: str, words: Words, res: Resources
           ) -> tuple[Optional[str], Optional[str]]:
    """ACLED event type and sub-event type of a mention that happened, from its own report."""
    objects = [c.lemma_.lower() for h in ([tok] if not r.nominal else []) for c in h.children
               if c.dep_ in ("dobj", "nsubjpass", "attr")]
    acled_code = refine(entry.type, entry.mode, entry.acled, tok, r.actor, r.recipient, objects, words, res.acled)
    if mod != "asserted" or is_attribution(tok, res.acled):
        return None, None               # ACLED codes events that happened, from their own report
    return res.acled.split(acled_code)


WEAPON_MODES = (None, "explosives")   # an ASSAULT mode a named weapon makes more precise
