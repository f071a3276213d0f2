"""Events made by rules rather than by one lexicon frame: reported acts, claimed attacks, exchanges
of prisoners, praise as a step, forces on alert and victims named without an act."""
from __future__ import annotations

from typing import Optional

from ..nlp import column
from ..records import Actor, Event, Mention, Note, Size, stable_id
from . import roles
from .calibration import features as calib_features
from .modality import modality
from .state import EMBEDDED_FACTOR, Found, Resources, _Doc
from .sizes import NON_PEOPLE_SECTORS, _count_of
from .speakers import _in_quote, _quote_speaker, _source, _speaker, _speech_subject
from .participants import _actors, _released_from
from .triggers import _governing_frame, _overtaken_plan


def rule_candidates(sent, res: Resources) -> list[int]:
    """Indexes of the tokens of ``sent`` at which a rule of :func:`wirecoder.extraction.find_mentions`
    can fire: :func:`_event_at` (through :func:`_trigger`: a lexicon entry for the word) and the rules
    of this module, each by the opening test it makes before anything else (before any actor is
    coded or remembered). Read from the Doc's columns, so that the other words cost no Token object
    and no seven calls. A rule whose opening test changes must change here too."""
    lemma, lower, pos, tag, dep = (column(sent.doc, a) for a in ("lemma", "lower", "pos", "tag", "dep"))
    cues, lexicon = res.cues, res.lexicon
    verbs = cues.exchange_verbs | {v.split()[0] for v in cues.handover_verbs}
    claims = cues.responsibility_nouns | cues.responsibility_adjectives | cues.act_claim_verbs
    out = []
    for i in range(sent.start, sent.end):
        lem, d, p = lemma[i], dep[i], pos[i]
        if lexicon.may_match(lem, lower[i], p, tag[i], d) \
                or lem in claims \
                or d == "pobj" \
                or (p == "VERB" and lem in verbs) \
                or (p == "NOUN" and d == "attr" and lem in cues.praise_nouns) \
                or (lem == "be" and d == "ROOT"):
            # _event_at and _reported_act; _claimed_act; _exchanged_for ("in exchange for X") and
            # _on_alert; _exchanged_for (an exchange or handover verb); _praised_as_step; _victims_named
            out.append(i)
    return out


def _rule_event(anchor, heads: list, sent, state: _Doc, res: Resources, etype: str, mode: Optional[str], *,
                actor: list[Actor], recipient: list[Actor], modality_: str = "asserted", context: Optional[list] = None,
                cameo: Optional[str] = None, confidence: float = 0.6, size: Optional[Size] = None,
                source: Optional[str] = None) -> Event:
    """An event a rule (not a lexicon frame) reads at token ``anchor``: its span covers the anchor
    and the role ``heads``, its one mention the sentence."""
    span = (min([anchor.idx, *(h.idx for h in heads)]),
            max([anchor.idx + len(anchor.text), *(h.idx + len(h.text) for h in heads)]))
    art = state.article
    return Event(
        id=stable_id(art.id, span[0], span[1], etype, anchor.idx),
        article_id=art.id, event_type=etype, mode=mode, context=list(context or []),
        quad_class=res.ontology.types[etype].quad,
        cameo_root=res.ontology.cameo_root(etype, mode, cameo),
        modality=modality_,  # type: ignore[arg-type]
        actor=actor, recipient=recipient, date=None, location=None, size=size,
        sentence=sent.text.strip(), span=span, confidence=confidence, trigger=anchor.text, source=source,
        mentions=[Mention(sentence=sent.text.strip(), span=span, trigger=anchor.text,
                          trigger_span=(anchor.idx, anchor.idx + len(anchor.text)))],
    )


def _praised_as_step(tok, sent, state: _Doc, res: Resources) -> Optional[Found]:
    """Calling an act a good step praises it (cues.yaml ``praise_nouns``, ``praise_modifiers``):
    "the truce was a significant step towards lasting peace", the minister told reporters; "a
    welcome step in the right direction," a rebel spokesman said. SUPPORT by the one who says so (the
    speech verb's subject, else the speaker of the quotation it is in); none when no one is named."""
    cues = res.cues
    if tok.pos_ != "NOUN" or tok.dep_ != "attr" or tok.lemma_.lower() not in cues.praise_nouns:
        return None
    cop = tok.head
    if cop.lemma_ != "be" or any(c.dep_ == "neg" for c in cop.children):
        return None

    def forward(c) -> bool:             # "towards peace", "in the right direction"
        if c.dep_ != "prep":
            return False
        if c.lower_ in ("towards", "toward"):
            return True
        return c.lower_ == "in" and any(p.lemma_.lower() == "direction" and any(
            m.lower_ == "right" for m in p.children) for p in c.children)

    if not any(c.dep_ == "amod" and c.lemma_.lower() in cues.praise_modifiers for c in tok.children) \
            and not any(forward(c) for c in tok.children):
        return None
    speaker, speech = None, cop
    while speech.dep_ in ("ccomp", "conj", "parataxis", "advcl") and speech.head.i != speech.i:
        speech = speech.head
        if speech.lemma_.lower() in cues.speech_verbs:
            speaker = _speech_subject(speech, state, res)
            break
    if speaker is None and _in_quote(state.article.text, tok.idx):
        speaker = _quote_speaker(sent, state)     # noted for this sentence by _resolve_sentence_actors
    if speaker is None:
        return None
    ev = _rule_event(tok, [], sent, state, res, "SUPPORT", None, actor=[speaker], recipient=[],
                     context=["diplomatic"], cameo="05", confidence=0.5)
    features = calib_features(0.5, True, True, False, False, False, False, len(sent) < 6)
    return Found(tok, ev, features)


def _on_alert(tok, sent, state: _Doc, res: Resources) -> Optional[Found]:
    """Forces or police "on (high) alert" are mobilised (cues.yaml ``alert_nouns``) where no lexicon
    frame ("be/remain/put on alert") took the verb: the noun phrase the phrase qualifies ("with the
    border guards and police on high alert"), the subject of "be", "remain", "stay"
    (``alert_state_verbs``), or what is put, placed or kept so (``alert_setting_verbs``; an active
    subject is then the doer); only forces of ``alert_sectors`` (armed forces and police). MOBILIZE
    ``police`` when all are police, else ``troops``."""
    if tok.pos_ != "NOUN" or tok.lemma_.lower() not in res.cues.alert_nouns or tok.dep_ != "pobj" \
            or tok.head.lower_ != "on":
        return None
    gov = tok.head.head
    doer: list[Actor] = []
    if gov.pos_ in ("NOUN", "PROPN"):
        first = gov
        while first.dep_ == "conj" and first.head.i != first.i:
            first = first.head              # "the army and the police on high alert": both
        heads = roles.with_conjuncts(first)
    elif gov.lemma_.lower() in res.cues.alert_state_verbs:
        heads = roles.subject_of(gov)
    elif gov.pos_ == "VERB" and gov.lemma_.lower() in res.cues.alert_setting_verbs:
        heads = roles.patient_of(gov)
        if not roles.is_passive(gov):
            doer = [a for a in _actors(roles.agent_of(gov), state) if a.country or a.sector]
    else:
        return None
    forces = [a for a in _actors(heads, state) if a.sector in res.cues.alert_sectors]
    if not forces:
        return None
    mode = "police" if all(a.sector == "COP" for a in forces) else "troops"
    mod, _speech = modality(gov, res.cues)
    ev = _rule_event(tok, heads, sent, state, res, "MOBILIZE", mode, actor=doer or forces, recipient=[],
                     modality_=mod, context=["military"])
    features = calib_features(0.6, True, True, False, False, mod != "asserted", False, len(sent) < 6)
    return Found(tok, ev, features)


def _reported_act(tok, sent, state: _Doc, res: Resources) -> Optional[Found]:
    """An event noun that is what another event is about ("denounced the raid carried out by the
    militia"): no event of its own, but its named doer is the doer of the event it refers to,
    so it is kept as an anaphoric mention that assembly attaches to that event (none when it names
    no doer)."""
    if tok.pos_ != "NOUN" or tok.dep_ not in ("dobj", "pobj", "attr", "nsubjpass"):
        return None                     # only an object can be what another event is about
    entry = res.lexicon.match(tok)
    if entry is None or entry.pos != "n":
        return None
    gov_frame = _governing_frame(tok, res)
    if gov_frame is None or gov_frame.type in ("-", entry.type):
        return None
    heads = [h for h in roles.nominal_agent(tok) if h.dep_ != "compound"]
    actor = [a for a in _actors(heads, state) if a.country or a.sector]
    if not actor:
        return None
    return _reference(tok, entry.type, entry.mode, entry.cameo, entry.conf, actor, [], heads, sent, state, res)


def _reference(anchor, etype: str, emode: Optional[str], cameo: Optional[str], conf: float, actor: list[Actor],
               recipient: list[Actor], heads: list, sent, state: _Doc, res: Resources) -> Found:
    """An anaphoric mention at token ``anchor``: what a sentence says of an event it only refers to
    (its doer, its victims), for assembly to attach to that event; never a record of its own."""
    ev = _rule_event(anchor, heads, sent, state, res, etype, emode, actor=actor, recipient=recipient,
                     cameo=cameo, confidence=round(conf * EMBEDDED_FACTOR, 3))
    features = calib_features(conf, bool(actor), bool(actor), bool(recipient), True, False, True, len(sent) < 6)
    return Found(anchor, ev, features, anaphoric=True)


def _victims_named(tok, sent, state: _Doc, res: Resources) -> Optional[Found]:
    """"Among the dead are US Marines", "two soldiers were among those killed", "four of the dead
    were police officers", "ten civilians were feared to be among the dead": who an attack hurt, told in a sentence of its own (cues.yaml
    ``victim_words``), an anaphoric mention that gives the attack the article reports its victims."""
    words = res.cues.victim_words
    if not words or tok.lemma_.lower() != "be":
        return None
    # "X were believed to be among the dead", "X are feared to be among those killed": the "be" of a
    # raising verb's clause, whose subject is that verb's
    raised = tok.dep_ == "xcomp" and tok.head.dep_ == "ROOT" and tok.head.pos_ == "VERB"
    if tok.dep_ != "ROOT" and not raised:
        return None

    def victim_phrase(t) -> bool:       # "the dead", "those killed"
        return t.lemma_.lower() in words or t.lower_ in words or any(
            c.dep_ == "acl" and c.lower_ in words for c in t.children)

    kids = list(tok.children)
    subj = next((c for c in (tok.head.children if raised else kids)
                 if c.dep_ in (("nsubj", "nsubjpass") if raised else ("nsubj",))), None)
    heads: list = []
    among = next((c for c in kids if c.dep_ == "prep" and c.lower_ == "among"
                  and any(p.dep_ == "pobj" and victim_phrase(p) for p in c.children)), None)
    if among is not None and subj is not None:
        heads = roles.with_conjuncts(subj)
    elif subj is not None and any(c.dep_ == "prep" and c.lower_ == "of" and any(
            p.dep_ == "pobj" and victim_phrase(p) for p in c.children) for c in subj.children):
        heads = [h for c in kids if c.dep_ == "attr" for h in roles.with_conjuncts(c)]
    victims = [a for a in _actors(heads, state) if a.country or a.sector]
    if not victims:
        return None
    return _reference(tok, "ASSAULT", None, None, 0.5, [], victims, heads, sent, state, res)


def _claimed_act(tok, sent, state: _Doc, res: Resources) -> Optional[Found]:
    """A claim of responsibility or a finding of who was responsible ("X claimed responsibility for
    the bombing", "X claimed the attack", "officials believe X was responsible"): no event of its
    own (article-events CONVENTIONS: a claim sets the attacker), but its claimant is the doer of the
    event it names (an attack when it names none), kept as an anaphoric mention that assembly
    attaches to that event."""
    lemma = tok.lemma_.lower()
    cues = res.cues
    claim_verb = lemma in cues.act_claim_verbs
    verb = obj = None
    if (lemma in cues.responsibility_adjectives and tok.dep_ == "acomp") or (
            lemma in cues.responsibility_nouns and tok.dep_ == "dobj" and tok.head.lemma_.lower() in cues.claim_verbs):
        verb = tok.head                 # "X was responsible for", "X claimed responsibility for"
        obj = next(iter(roles.prep_objects(tok, ("for",))), None)
    elif claim_verb and tok.pos_ == "VERB":
        verb = tok
        obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
        if obj is None or obj.lemma_.lower() in cues.responsibility_nouns:
            return None                 # the responsibility's own token reports it
    if verb is None:
        return None
    entry = res.lexicon.match(obj) if obj is not None else None
    if obj is not None and (entry is None or entry.pos != "n" or entry.type == "-"):
        return None                     # "responsible for security": not an act
    if entry is None and claim_verb:
        return None
    if modality(verb, res.cues)[0] == "negated" or any(
            d.dep_ == "det" and d.lower_ in ("no", "none") for h in roles.agent_of(verb) for d in h.children):
        return None                     # "no group claimed the attack"
    heads = roles.agent_of(verb)
    actor = [a for a in _actors(heads, state) if a.country or a.sector]
    if not actor:
        return None
    etype = entry.type if entry is not None else "ASSAULT"
    emode = entry.mode if entry is not None else None
    anchor = obj if obj is not None else tok
    conf = entry.conf if entry is not None else 0.5
    return _reference(anchor, etype, emode, entry.cameo if entry is not None else None, conf, actor, [], heads,
                      sent, state, res)


def _people(heads: list, state: _Doc) -> list[Actor]:
    """The coded actors of ``heads`` that are people of some country or sector (not things, not sums)."""
    return [a for a in _actors(heads, state) if (a.country or a.sector) and a.sector not in NON_PEOPLE_SECTORS]


def _state_of(people: list[Actor], res: Resources) -> list[Actor]:
    """The state that gets ``people`` back in an exchange: their one country's government."""
    countries = {a.country for a in people if a.country and len(a.country) == 3 and a.country.isalpha()}
    if len(countries) != 1:
        return []
    c = countries.pop()
    name = res.actors.country_name(c) or c
    return [Actor(text=name, name=name, country=c, sector="GOV")]


def _exchanged_for(tok, sent, state: _Doc, res: Resources) -> Optional[Found]:
    """An exchange of people is two releases (cues.yaml ``exchange_nouns``, ``exchange_verbs``,
    ``receive_verbs``). At the object of its "for" ("108 soldiers were released in exchange for 110
    Russians", "five commanders were exchanged for 55 prisoners", "S got 200 prisoners in exchange
    for X"): the release of those it names, by the state whose people were released for them (or by
    S, who got them). At an exchange verb no lexicon entry takes ("five commanders were exchanged
    for ..."): the release of its object, by the state of those it was exchanged for. Each is an
    event of its own, kept apart from the sentence's other release. An exchange a plan made before
    proposed ("had proposed swapping X for Y") is none: what happened since is told on its own."""
    cues = res.cues
    moved = False                               # the handover branch: people taken elsewhere
    if tok.dep_ == "pobj" and tok.head.lower_ == "for" and tok.head.dep_ == "prep":
        gov = tok.head.head
        lemma = gov.lemma_.lower()
        if gov.pos_ == "NOUN" and lemma in cues.exchange_nouns and gov.dep_ == "pobj" and gov.head.lower_ == "in":
            act = gov.head.head                 # "released", "the release", "got" in exchange for
        elif gov.pos_ == "VERB" and lemma in cues.exchange_verbs:
            act = gov
        else:
            return None
        entry = res.lexicon.match(tok)
        heads = roles.prep_objects(tok, ("of",)) if entry is not None and entry.type == "RETREAT" \
            else roles.with_conjuncts(tok)      # "in exchange for the release of X"
        given = _people(heads, state)
        if not given:
            return None
        a_lemma = act.lemma_.lower()
        if act.pos_ == "VERB" and a_lemma in cues.receive_verbs:
            got = _people(roles.patient_of(act), state)
            doer = [a for a in _actors(roles.agent_of(act), state) if a.country] if got else []
        else:
            a_entry = res.lexicon.match(act) if act is not gov else None
            if act is not gov and (a_entry is None or (a_entry.type, a_entry.mode) != ("RETREAT", "release")):
                return None
            got = _people(roles.patient_of(act) if act.pos_ == "VERB" else roles.prep_objects(act, ("of",)), state)
            doer = _state_of(got, res)
        anchor, recipient, recip_heads, implied = tok, given, heads, True
    elif tok.pos_ == "VERB" and _handover_verb(tok, cues) and res.lexicon.match(tok) is None \
            and (moved := _moved_in_exchange(tok, cues)) is not None:
        heads = moved
        recipient = _people(heads, state)
        if not recipient:
            return None
        doer = [a for a in _actors(roles.agent_of(tok), state) if a.country] \
            if not roles.is_passive(tok) else _released_from(tok, res)
        act, anchor, recip_heads, implied, moved = tok, tok, heads, True, True
    elif tok.pos_ == "VERB" and tok.lemma_.lower() in cues.exchange_verbs:
        if res.lexicon.match(tok) is not None:
            return None                         # "exchanged prisoners": the lexicon's release
        heads = roles.patient_of(tok)
        recipient = _people(heads, state)
        given = _people(roles.prep_objects(tok, ("for",)), state)
        if not recipient or not given:
            return None
        act, anchor, recip_heads, doer = tok, tok, heads, _state_of(given, res)
        implied = False
    else:
        return None
    if _overtaken_plan(act, cues):
        return None                     # "had proposed swapping X for Y": a plan made before, see _overtaken_plan
    mod, speech = modality(act, cues)
    ev = _rule_event(anchor, recip_heads, sent, state, res, "RETREAT", "release", actor=doer, recipient=recipient,
                     modality_=mod, context=["legal"], size=_count_of(recip_heads, state),
                     source=_source(act, speech, state))
    if doer and not moved:
        ev.notes.append(Note("actor", f"the other side of an exchange: {doer[0].name} got its people back for them"))
    features = calib_features(0.6, bool(doer), bool(doer), True, False, mod != "asserted", False, len(sent) < 6)
    return Found(anchor, ev, features, speaker=_speaker(act, speech, state), distinct=True, counterpart=implied,
                 moved=moved)


def _handover_verb(v, cues) -> bool:
    """Whether ``v`` is one of cues.yaml ``handover_verbs`` ("transfer", "send back")."""
    lemma = v.lemma_.lower()
    particles = [c.lower_ for c in v.children if c.dep_ == "prt" or (c.dep_ == "advmod" and c.lower_ == "back")]
    return lemma in cues.handover_verbs or any(f"{lemma} {p}" in cues.handover_verbs for p in particles)


def _exchange_part(n, cues) -> bool:
    """"part of the exchange" at noun ``n`` ("part"), or an exchange noun itself ("in exchange")."""
    if n.lemma_.lower() in cues.exchange_nouns:
        return not any(c.dep_ == "prep" and c.lower_ == "for" for c in n.children)   # "in exchange for X": the other branch
    return n.lemma_.lower() == "part" and any(o.lemma_.lower() in cues.exchange_nouns
                                               for o in roles.prep_objects(n, ("of",)))


def _moved_in_exchange(v, cues) -> Optional[list]:
    """The heads of the people handover verb ``v`` moves when its clause makes the move part of an
    exchange ("in exchange, X sent back 55 prisoners", "were transferred to Y as part of the swap",
    "P, who were flown to Y, were part of the exchange"); None when it does not."""
    if any(_exchange_part(o, cues) for o in roles.prep_objects(v, ("in", "as"))):
        heads = roles.patient_of(v)
        if not heads and v.dep_ == "advcl" and v.head.lemma_ == "be":
            heads = [c for c in v.head.children if c.dep_ in ("nsubj", "nsubjpass")]   # "were earlier transferred"
        elif not heads and v.dep_ == "conj" and v.tag_ == "VBN" and roles.is_passive(v.head):
            heads = roles.patient_of(v.head)    # "were moved and then transferred to Y"
        return heads or None
    if v.dep_ == "relcl":
        n = v.head                              # up from the antecedent to the subject of "were part of the swap"
        while n.dep_ in ("conj", "pobj", "prep", "appos") and n.head.i != n.i:
            n = n.head
        be = n.head
        if n.dep_ == "nsubj" and be.lemma_ == "be" and any(
                c.dep_ == "attr" and _exchange_part(c, cues) for c in be.children):
            return roles.with_conjuncts(n)
    return None
