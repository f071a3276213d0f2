"""Who did it to whom: the actor and recipient heads of a trigger (:func:`_roles`), coded with
:mod:`wirecoder.resolve.actors` (both sides of a clash, coordinated countries, places as
recipients, swaps and captivity)."""
from __future__ import annotations

import dataclasses

from typing import Optional

from ..records import Actor
from . import roles
from .lexicon import Entry
from .modality import is_purpose
from .state import PRONOUN_TAGS, Resources, _Doc, _Roles, _definite
from .triggers import _sequenced_after


def _actors(heads, state: _Doc) -> list[Actor]:
    out, seen = [], set()
    for h in heads:
        a = state.actors.get(h.i)
        sides = _both_sides(h, state)
        if a is None and not sides:
            continue
        for x in sides or [a, *_coordinated_countries(h, a, state)]:
            if (x.text, x.country, x.sector) not in seen:
                seen.add((x.text, x.country, x.sector))
                out.append(x)
    return out


BOTH_SIDES = ("party", "side")


def _both_sides(head, state: _Doc) -> list[Actor]:
    """"both parties", "the two sides", "the parties": the last two actors of different codes named
    together before ("the Colombian government and the ELN guerrillas started talks ... both parties
    agreed"), else the last two actors of different codes named before; none else."""
    if head.lemma_.lower() not in BOTH_SIDES:
        return []
    kids = list(head.children)
    if not (any(c.lower_ == "both" for c in kids) or any(c.dep_ == "nummod" and c.lower_ == "two" for c in kids)
            or (head.tag_ == "NNS" and any(c.dep_ == "det" and c.lower_ == "the" for c in kids)
                and not any(c.dep_ in ("amod", "compound", "prep", "poss", "relcl", "acl") for c in kids))):
        return []
    doc = head.doc
    earlier = [a for a in state.mentions.history
               if a.tok < head.i and not a.speaker and a.actor.country and a.actor.sector
               and a.actor.sector not in ("CVL", "PTY")]
    by_tok = {a.tok: a.actor for a in earlier}
    for a in reversed(earlier):
        for c in doc[a.tok].conjuncts:
            b = by_tok.get(c.i)
            if c.i < a.tok and b is not None and (b.country, b.sector) != (a.actor.country, a.actor.sector):
                return [b, a.actor]
    out: list[Actor] = []
    for a in reversed(earlier):
        if all((a.actor.country, a.actor.sector) != (x.country, x.sector) for x in out):
            out.append(a.actor)
        if len(out) == 2:
            return out[::-1]
    return []


def _coordinated_countries(head, actor: Actor, state: _Doc) -> list[Actor]:
    """"Hungarian and Romanian officials", "the leaders of Azerbaijan and Russia": one actor per
    coordinated country modifier."""
    out = []
    mods = [m for m in head.children if m.dep_ in ("amod", "compound", "nmod") and m.i < head.i]
    mods += [p for c in head.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
             if p.dep_ == "pobj"]
    for m in mods:
        for c in m.conjuncts:
            mm = state.mentions.at(c.i)
            if mm is not None and mm.kind in ("country", "demonym") and mm.country != actor.country:
                out.append(Actor(text=actor.text, name=mm.name if mm.kind == "country" else None,
                                 country=mm.country, sector=actor.sector))
    return out


def _opponents(tok, r: _Roles, state: _Doc, res: Resources) -> list[Actor]:
    """A fight's targets: the armed actors it is fought with, against or between ("clashed with
    rebels", "exchanged fire with militants") beside those the parse gives ("engaged the bandits in
    a gun duel"); assembly makes both sides the record's doers (:func:`wirecoder.assemble.build_event`)."""
    heads = roles.prep_objects(tok, ("with", "against", "between"))
    if r.light is not None:
        heads += roles.prep_objects(r.light, ("with", "against", "between"))
    out = list(r.recipient)
    for a in _actors(heads, state):
        if a.sector in res.acled.armed_sectors and a not in out and a not in r.actor:
            out.append(a)
    return out


def _nominal_agents(tok, entry: Entry, state: _Doc, res: Resources) -> tuple[list, object]:
    """Doer heads of an event noun and its light verb (None when it has none)."""
    gov = tok.head
    agent_heads = roles.nominal_agent(tok, of_doer=res.cues.of_doer(entry.type, entry.mode))
    obj = tok
    if tok.dep_ == "pobj" and gov.lower_ == "of" and gov.head.lemma_.lower() in res.cues.measure_nouns:
        obj = gov.head                    # "carried out a series of raids"
    light = obj.head if obj.dep_ == "dobj" and obj.head.lemma_.lower() in res.cues.light_verbs else None
    if not any(state.actors.get(h.i) for h in agent_heads):
        own = state.actors.get(tok.i)
        # "an Israeli strike hit a house": the demonym before a subject noun gives the noun's own phrase
        # a country, its doer's ("days after another Israeli strike" names an earlier one); "air
        # strikes": a compound that names no actor
        agent_heads = [tok] if own is not None and own.country and tok.dep_ in ("nsubj", "nsubjpass", "ROOT") \
            and any(h.dep_ == "amod" for h in agent_heads) else []
    elif tok.dep_ == "dobj" and gov.pos_ == "VERB" and all(
            h.dep_ == "compound" and h.head.i == tok.i and not getattr(state.actors.get(h.i), "country", None)
            for h in agent_heads):
        # "Putin announced a troop mobilisation": a bare kind of actor compounded with the noun says
        # what is mobilised or sent, not whose; the subject of the verb that takes the noun, when
        # it names a country, is the doer
        said = roles.agent_of(gov)
        if any(getattr(state.actors.get(h.i), "country", None) for h in said):
            agent_heads = said
    if not agent_heads and light is not None:
        agent_heads = roles.agent_of(light)   # "the Taliban carried out suicide attacks"
    if not agent_heads and light is None and (v := _participation_verb(tok, res)) is not None:
        agent_heads = roles.agent_of(v)   # "officers took part in 130 raids"
    if not agent_heads and light is None and (v := roles.instrument_verb(tok)) is not None \
            and v.lemma_.lower() not in res.cues.undergo_verbs:
        agent_heads = roles.agent_of(v)   # "pushed them back with the help of air strikes" (not "died in it")
    if not agent_heads and light is None and entry.type in res.cues.sequence_participant_types \
            and (v := _sequenced_after(tok, res.cues)) is not None:
        agent_heads = roles.agent_of(v)   # "the ministers agreed on it after a meeting": they met
    return agent_heads, light


def _participation_verb(tok, res: Resources):
    """The verb whose subject takes part in event noun ``tok`` ("took part in 130 raids",
    "participated in the talks"), or None."""
    if tok.dep_ != "pobj" or tok.head.lower_ != "in":
        return None
    v = tok.head.head
    if v.pos_ == "NOUN" and v.dep_ in ("dobj", "obj") and v.head.pos_ == "VERB" \
            and f"{v.head.lemma_.lower()} {v.lemma_.lower()}" in res.cues.participation_verbs:
        return v.head                     # "proclaimed victory in the battle": a side in it
    if v.pos_ not in ("VERB", "AUX"):
        return None
    lemma = v.lemma_.lower()
    objs = [c.lemma_.lower() for c in v.children if c.dep_ in ("dobj", "obj")]
    if lemma in res.cues.participation_verbs or any(f"{lemma} {o}" in res.cues.participation_verbs for o in objs):
        return v
    return None


def _verbal_agents(tok, state: _Doc, res: Resources) -> list:
    agent_heads = roles.agent_of(tok)
    # "The attacks carried out by IS killed 20", "a U.S. drone strike blew up a vehicle": the doer
    # of an event noun as subject (the noun itself when it names none: "a U.S. strike")
    nouns = [h for h in agent_heads if h.pos_ == "NOUN" and res.lexicon.match(h) is not None]
    by_noun = [a for h in nouns for a in roles.nominal_agent(h) if a.dep_ != "compound" or a.pos_ == "PROPN"
               if state.actors.get(a.i)]
    return by_noun or agent_heads


def _roles(tok, entry: Entry, state: _Doc, res: Resources) -> _Roles:
    nominal = entry.pos == "n"
    if nominal:
        agent_heads, light = _nominal_agents(tok, entry, state, res)
        patient_heads: list = []
        if light is None and entry.type in res.cues.armed_force_types \
                and (v := roles.instrument_verb(tok)) is not None:
            # "three Marines were injured in a blast", "wounded two soldiers in a bomb attack": who
            # the verb the attack is the means of acts upon is the attack's target; not one only
            # possible ("any civilians who might have been hurt in the explosion": a modal, MD)
            if not any(c.dep_ == "aux" and c.tag_ == "MD" for c in v.children):
                # "two policemen died in the ambush": who dies in it (cues.yaml undergo_verbs) is its target
                patient_heads = roles.agent_of(v) if v.lemma_.lower() in res.cues.undergo_verbs \
                    else roles.patient_of(v)
        if not patient_heads and light is None and tok.dep_ == "pobj" and tok.head.lower_ in res.cues.state_preps \
                and tok.head.head.pos_ == "VERB" and not roles.two_sided(tok, res.cues.two_sided_words):
            # "was held under house arrest", "placed them under arrest", "taken into custody": who
            # the verb holds or places undergoes the act the noun names (not a fight: "engaged the
            # bandits into a gun duel" has both sides as doers)
            patient_heads = roles.patient_of(tok.head.head)
        if not patient_heads and not res.cues.of_doer(entry.type, entry.mode):
            # "the release of 120 pupils", "the abduction of 30 farmers": the "of" phrase of an
            # event noun that takes an object is what it is done to (cues.yaml of_doer_types: not
            # "the withdrawal of troops")
            patient_heads = [h for h in roles.prep_objects(tok, ("of",)) if h not in agent_heads]
    else:
        agent_heads, light = _verbal_agents(tok, state, res), None
        patient_heads = roles.patient_of(tok)
    preps = res.cues.preps_for(entry.type, entry.mode)
    recip_heads = roles.prep_objects(tok, preps)
    if nominal and light is not None:
        recip_heads += roles.prep_objects(light, preps)   # "stepped up attacks on the army"
    if entry.subj_is_recipient:
        agent_heads, recip_heads = [], agent_heads + recip_heads
    if entry.subj_is_theme:
        agent_heads = []          # "aid trucks arrived": the goods moved, not who sent them
    if entry.prep_is_doer:
        # "the town fell to the rebels": the preposition's objects took it; the subject is what was taken
        agent_heads = roles.prep_objects(tok, frozenset().union(*(p for p, _objs in entry.preps)))
        recip_heads = [h for h in recip_heads if h not in agent_heads]
    if not nominal and tok.lemma_.lower() in res.cues.joint_verbs:
        # "signed an accord with Chad and Libya": co-signatories are doers too
        joint = roles.prep_objects(tok, ("with",)) + [h for o in roles.patient_of(tok)
                                                       for h in roles.prep_objects(o, ("with",))]
        agent_heads = agent_heads + [h for h in joint if h not in agent_heads]
        recip_heads = [h for h in recip_heads if h not in joint]
    actor = _actors(agent_heads, state)
    told = [state.actors.get(h.i) for h in agent_heads if h.pos_ == "NOUN" and res.lexicon.match(h) is not None]
    if any(told):
        # "a Russian missile strike killed ...": an event noun whose demonym names a country is that
        # country's act (its state; its armed forces for an attack: Resources.actors.armed_forces)
        actor = [dataclasses.replace(a, sector="GOV") if a.sector is None and a.country and any(a is t for t in told)
                 and a.name == res.actors.country_name(a.country) else a for a in actor]
    anaphoric = False
    if nominal and not agent_heads and light is None and _definite(tok) \
            and state.types_seen & ({entry.type} | res.cues.reference_types.get(entry.type, frozenset())):
        # "the attack", "in the air strikes": an event already reported; its doer is that event's
        anaphoric = True
        actor = list(state.nominal_actors.get(tok.lemma_.lower(), []))
    moves_forces = entry.type == "MOBILIZE" or (entry.type, entry.mode) in (("RETREAT", "withdraw"),
                                                                             ("AID", "peacekeeping"))
    if not nominal and not actor and patient_heads and roles.is_passive(tok) and moves_forces:
        # "Police were deployed", "troops were withdrawn", "peacekeepers would be deployed": the
        # forces moved are the doers
        agent_heads, patient_heads = patient_heads, []
        actor = _actors(agent_heads, state)
    if entry.type in OWN_FORCES_TYPES:
        # "withdraw its troops", "deployed their forces": the object is the actor's own, not a target
        patient_heads = [p for p in patient_heads if not _owned_by(p, actor, state)]
    elif moves_forces:
        patient_heads = []          # "sent 2,000 peacekeepers to Mali": the help sent, not its recipient
    recipient, patient_heads, recip_heads = _recipients(tok, entry, nominal, light, patient_heads, recip_heads,
                                                        actor, state, res)
    if not recipient and entry.type in PURPOSE_TARGET_TYPES and not nominal:
        # "soldiers were patrolling the valley with a view to capturing the insurgents": a
        # mobilisation is aimed at whom the force it moves sets out to arrest or attack
        for d in tok.subtree:
            if d.i != tok.i and d.pos_ == "VERB" and (e := res.lexicon.match(d)) is not None \
                    and e.type in ("COERCE", "ASSAULT") and is_purpose(d, res.cues):
                heads = roles.patient_of(d)
                targets = [a for a in _actors(heads, state) if a.sector]
                if targets:
                    recipient, patient_heads = targets, patient_heads + heads
                    break
    if not recipient and entry.type in RESULT_TARGET_TYPES and not nominal:
        # "the gunmen attacked the town, wounding several traders": an attack on a place (no actor)
        # is done to those its result clause hurts (an -ing clause of the same type of event)
        for d in tok.children:
            if d.dep_ == "advcl" and d.tag_ == "VBG" and d.lemma_.lower() in res.cues.harm_verbs:
                heads = roles.patient_of(d)
                targets = [a for a in _actors(heads, state) if a.sector]
                if targets:
                    recipient, patient_heads = targets, patient_heads + heads
                    break
    if not recipient and nominal and entry.type in ASKED_CLAUSE_TYPES and tok.dep_ == "pobj" \
            and tok.head.lower_ in res.cues.request_preps:
        # "Moscow dispatched paratroopers at the request of a neighbour": the request was made to whoever
        # did what it asked for, the subject of the clause it explains (the phrase may hang on it),
        # when that names a state or body ("foreign troops" stay unnamed)
        gov = tok.head.head
        heads = roles.agent_of(gov) if gov.pos_ in ("VERB", "AUX") else \
            roles.with_conjuncts(gov) if gov.dep_ == "nsubj" and gov.head.pos_ in ("VERB", "AUX") else []
        asked = [a for a in _actors(heads, state) if a.sector and a.country and a not in actor]
        if asked:
            recipient, recip_heads = asked, recip_heads + heads
    if not actor and entry.subj_is_recipient:
        actor = _place_country_actor(tok, res)   # "received shelter in Pakistan": Pakistan gave it
    if not actor and (entry.type, entry.mode) == ("RETREAT", "release"):
        # "were returned from Russian captivity": Russia released them; "were freed after a swap with
        # Turkey": Turkey did
        actor = _released_from(tok, res) or _swap_partner(tok, recipient, res)
    return _Roles(nominal, light or tok, light, agent_heads, patient_heads, recip_heads, actor, recipient,
                  anaphoric)


OWN_FORCES_TYPES = ("RETREAT", "MOBILIZE")


PURPOSE_TARGET_TYPES = ("MOBILIZE",)


ASKED_CLAUSE_TYPES = ("REQUEST",)     # a request noun explaining a clause was made to its subject


RESULT_TARGET_TYPES = ("ASSAULT",)   # an attack on a place done to whom its -ing clause hurts


# Prepositions that attach the object of a complement clause's action to the main event
# ("offered to hand over to Britain", "threatened to break relations with Russia").
COMPLEMENT_PREPS = frozenset({"to", "with", "against", "on", "from", "for", "at"})


# Types whose place ("in Montenegro") is also what the event is done to when nothing else is named:
# material events (quad 2 and 4), eased restrictions and visits.
PLACE_TARGET_QUADS = (2, 4)


PLACE_TARGET_TYPES = ("CONCEDE",)   # "lifted the curfew in Montenegro"


PLACE_TARGET_CONTEXTS = ("asylum",)  # "sought refuge in Kenya": asked of the country it is sought in


PLACE_NOT_TARGET_TYPES = ("RETREAT", "PROTEST")   # "took shelter in Bangladesh": where they went, not whom it affects;


def _is_place(tok, state: _Doc) -> bool:
    """A country or place name, or "the country": what a movement leaves or reaches."""
    m = state.mentions.at(tok.i)
    return (m is not None and m.kind == "country") or tok.ent_type_ in ("GPE", "LOC", "FAC") \
        or tok.lemma_.lower() in ("country", "nation", "area", "region", "territory")


def _recipients(tok, entry: Entry, nominal: bool, light, patient_heads: list, recip_heads: list,
                actor: list[Actor], state: _Doc, res: Resources) -> tuple[list[Actor], list, list]:
    """Recipients of the event at ``tok``, in order of how directly the syntax names them.

    1. the object when it is an actor ("arrested two journalists"), then prepositional objects of the
       trigger by event type ("attack on the army") and of its object noun ("imposed sanctions on
       the Taliban", "held talks with Obama");
    2. else whose the object is ("rejected Iraq's proposal", "rejected calls by Belarus's rulers",
       "demanded the withdrawal of Serbian forces") or the object's country ("German goods");
    3. else the same inside an open complement ("threatened to break relations with Russia", "refused
       to meet Jordan's king") and the subject of a demanded clause ("demanded that the US cancel");
    4. else, for material events and visits, the country it takes place in ("lifted a curfew in
       Montenegro").
    Returns ``(recipients, patient heads, recipient heads)`` (the heads for spans and counts).
    """
    preps = res.cues.preps_for(entry.type, entry.mode)
    place_not_target = entry.type == "RETREAT" and entry.mode == "withdraw" or "territory" in entry.context
    if place_not_target:
        # "fled Myanmar", "fled the country": the place left behind, not a recipient; "captured three
        # villages", "took control of the country": the territory taken, not a target
        patient_heads = [p for p in patient_heads if not _is_place(p, state)]
        recip_heads = [p for p in recip_heads if not _is_place(p, state)]   # "withdraw from the country"
    patients = [a for a in _actors(patient_heads, state) if a.sector]
    obj_nouns = [p for p in patient_heads if p.pos_ in ("NOUN", "PROPN")]
    if light is not None:
        obj_nouns = [tok]
    if nominal and tok.dep_ == "compound" and tok.head.pos_ == "NOUN":
        obj_nouns = obj_nouns + [tok.head]   # "a mediation effort between Chile and Bolivia": the phrase's head's
    if entry.type == "REQUEST":
        # "asked for help from the CSTO": whom the thing asked for is asked from
        obj_nouns = obj_nouns + [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "for"
                                 for p in c.children if p.dep_ == "pobj" and p.pos_ == "NOUN"]
    # "eased the sanctions imposed on Venezuelan officials": the object's own participle phrase
    # names whom the thing acted on is aimed at, as the object's own preposition does
    held = [c for o in obj_nouns for c in o.children if c.dep_ == "acl" and c.tag_ == "VBN"]
    extra = [h for o in obj_nouns + held for h in roles.prep_objects(o, preps) if h not in recip_heads]
    recip_heads = recip_heads + extra
    if not patients and patient_heads:
        owner_heads = [o for p in patient_heads for o in roles.owners(p) if not (place_not_target and _is_place(o, state))]
        owned = _actors(owner_heads, state)
        if owned:
            patients, patient_heads = owned, owner_heads
        else:   # "rejected the Palestinian proposal": the country it belongs to
            patients = [a for a in _actors(patient_heads, state) if a.country]
    recipient = patients + [a for a in _actors(recip_heads, state) if a not in patients]
    if not recipient and recip_heads:
        # "bowed to pressure from the rebels", "responded to calls by the opposition": the prepositional
        # object names no actor, whose it is does
        heads = [o for h in recip_heads if not _is_place(h, state) for o in roles.doers_of(h)]
        recipient = [a for a in _actors(heads, state) if a.country or a.sector]
        if recipient:
            recip_heads = recip_heads + heads
    recipient = _rebind(recipient, patient_heads + recip_heads, actor, state, res)
    # "killed dozens of people, including 13 U.S. troops": the group named inside is a target too
    # (its own country and sector), though the count stays the whole's
    included = [q for h in patient_heads for q in roles.prep_objects(h, ("including",))]
    for a in _actors(included, state):
        if (a.country or a.sector) and all((a.country, a.sector) != (r.country, r.sector) for r in recipient):
            recipient.append(a)
    if not recipient and not entry.subj_is_recipient:
        heads = _complement_heads(tok, entry, state)
        recipient = _rebind(_actors(heads, state), heads, actor, state, res)
        if recipient:
            recip_heads = recip_heads + heads
    own = {(a.country, a.sector) for a in actor}
    if entry.type in res.cues.condition_target_types and all((r.country, r.sector) in own for r in recipient):
        # "threatened to strike unless the government withdrew the law", "to recall its envoy if Peru
        # ...": whom the condition binds, when the threat names no one else
        heads = [h for v in (tok, *roles.complements(tok)) for h in roles.condition_subjects(v, res.cues.condition_marks)]
        bound = [a for a in _rebind(_actors(heads, state), heads, actor, state, res) if a.country or a.sector]
        if bound:
            recipient, recip_heads = bound, recip_heads + heads
    if not recipient and entry.type not in PLACE_NOT_TARGET_TYPES and (
            res.ontology.types[entry.type].quad in PLACE_TARGET_QUADS
            or entry.type in PLACE_TARGET_TYPES or entry.mode == "visit"
            or any(c in entry.context for c in PLACE_TARGET_CONTEXTS)):
        objs = [c for c in tok.children if c.dep_ == "dobj"]
        # "arrived in Kampala on a visit": a visit noun's place is that of the verb it is told with
        gov = [tok.head.head] if entry.mode == "visit" and nominal and tok.dep_ == "pobj" \
            and tok.head.head.pos_ == "VERB" else []
        recipient = _place_countries([tok, *objs, *obj_nouns, *roles.complements(tok), *gov], actor, state, res)
    if not recipient and entry.type == "PROTEST":
        recipient, heads = _protested(tok, state, res)
        recip_heads = recip_heads + heads
    if not recipient and entry.type in res.cues.place_target_complement_types:
        # "threatened to impose a curfew in the capital": the threatened act's place (and its object's)
        comps = roles.complements(tok)
        recipient = _place_countries([*comps, *(c for v in comps for c in v.children if c.dep_ == "dobj")],
                                     actor, state, res)
    return _distinct(recipient, actor), patient_heads, recip_heads


def _protested(tok, state: _Doc, res: Resources) -> tuple[list[Actor], list]:
    """Whom a protest is against when told as its reason: "in protest of the government's refusal",
    "in defiance of the authorities" (cues.yaml protest_reason_nouns, on the trigger or the verb it is
    the object of), "began a hunger strike to protest against Sweden's decision" (protest_reason_verbs,
    a purpose clause): the named actor, else whose the protested thing is. ([], []) when none."""
    verbs = [tok] + ([tok.head] if tok.dep_ == "dobj" and tok.head.pos_ == "VERB" else [])
    things = []
    for v in verbs:
        for c in v.children:
            if c.dep_ == "prep" and c.lower_ in ("in", "as"):
                for n in c.children:
                    if n.dep_ == "pobj" and n.lemma_.lower() in res.cues.protest_reason_nouns:
                        things += roles.prep_objects(n, ("of", "against", "at", "to"))
            elif c.dep_ in ("advcl", "xcomp") and c.lemma_.lower() in res.cues.protest_reason_verbs:
                things += roles.patient_of(c) + roles.prep_objects(c, ("against", "at"))
    named = [a for a in _actors(things, state) if a.sector]
    if named:
        return named, things
    owners = [o for t in things for o in roles.doers_of(t)]
    return [a for a in _actors(owners, state) if a.country or a.sector], owners


def _complement_heads(tok, entry: Entry, state: _Doc) -> list:
    heads: list = []
    if entry.type == "REQUEST":
        heads += roles.that_clause_subjects(tok)      # "demanded that the US cancel its plans"
        if tok.pos_ == "NOUN" and tok.dep_ == "dobj":
            heads += roles.that_clause_subjects(tok.head)   # "repeated its demand that the US cancel"
    for c in roles.complements(tok):
        objs = [p for p in roles.patient_of(c) if not roles.is_passive(c)]
        coded = [o for o in objs if (a := state.actors.get(o.i)) is not None and (a.sector or a.country)]
        heads += coded or [w for o in objs for w in roles.owners(o)]
        heads += roles.prep_objects(c, COMPLEMENT_PREPS)
        heads += [h for o in objs for h in roles.prep_objects(o, COMPLEMENT_PREPS)]
    return heads


def _place_countries(heads: list, actor: list[Actor], state: _Doc, res: Resources) -> list[Actor]:
    """Countries named by "in X" phrases of ``heads``: "lifted a curfew in Montenegro", "in Nairobi" (a
    capital), "in Kosovo province" (a country naming the place)."""
    out = []
    for h in heads:
        for c in h.children:
            if c.dep_ != "prep" or c.lower_ != "in":
                continue
            for p in c.children:
                if p.dep_ != "pobj":
                    continue
                m = state.mentions.at(p.i)
                if m is None and (p.ent_type_ in ("GPE", "LOC") or p.lemma_.lower() in res.cues.place_nouns):
                    m = next((mx for x in p.children if x.dep_ == "compound" and x.i < p.i
                              and (mx := state.mentions.at(x.i)) is not None and mx.kind == "country"), None)
                if m is None or m.kind not in ("country", "capital") or not m.country:
                    continue
                a = Actor(text=" ".join(t.text for t in p.subtree), name=res.actors.country_name(m.country),
                          country=m.country, sector=None)
                if all(a.country != x.country for x in out):
                    out.append(a)
    return out


def _distinct(recipient: list[Actor], actor: list[Actor]) -> list[Actor]:
    """One recipient per coding (a "convoy" and its "soldiers" are one UNO MIL recipient), none that
    is one of the actors' own phrases."""
    out, seen = [], set()
    actor_texts = {a.text for a in actor}
    for r in recipient:
        key = (r.country, r.sector) if (r.country or r.sector) else (r.text,)
        if key in seen or r.text in actor_texts:
            continue
        seen.add(key)
        out.append(r)
    return out


def _owned_by(tok, actor: list[Actor], state: _Doc) -> bool:
    owner = roles.possessor(tok)
    if owner is None or owner.tag_ not in PRONOUN_TAGS:
        return False
    a = state.actors.get(owner.i)
    return a is not None and any(a.country == x.country for x in actor)


def _rebind(recipient: list[Actor], heads, actor: list[Actor], state: _Doc, res: Resources) -> list[Actor]:
    """A pronoun recipient that resolved to the actor itself is re-resolved without the actor."""
    if not actor:
        return recipient
    same = {(a.country, a.sector) for a in actor}
    out = []
    for r in recipient:
        if (r.country, r.sector) in same:
            h = next((h for h in heads if state.actors.get(h.i) is r), None)
            m = state.mentions.at(h.i) if h is not None else None
            if h is not None and (h.tag_ in PRONOUN_TAGS or m is None and r.text not in {a.text for a in actor}):
                # a pronoun, or a description whose country came from an earlier mention ("the
                # minister met union leaders"): resolved again without the actor
                r2 = res.actors.actor(h, state.mentions, remember=False, exclude=tuple(actor))
                if r2 is None:
                    continue
                state.actors[h.i] = r2
                r = r2
        out.append(r)
    return out


def _place_country_actor(tok, res: Resources) -> list[Actor]:
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "in":
            for p in c.children:
                if p.dep_ == "pobj" and p.pos_ == "PROPN":
                    m = _country_at(p, res)
                    if m is not None:
                        return [Actor(text=p.text, name=res.actors.country_name(m), country=m, sector="GOV")]
    return []


def _released_from(tok, res: Resources) -> list[Actor]:
    """The state that held those released: "returned from Russia", "freed from Russian captivity"
    (cues.yaml ``holding_nouns``), as a government actor; [] when the "from" names no state."""
    for p in roles.prep_objects(tok, ("from",)):
        cands = [p] if p.pos_ == "PROPN" else [m for m in p.children if m.dep_ in ("amod", "compound")] \
            if p.lemma_.lower() in res.cues.holding_nouns else []
        for t in cands:
            m = _country_at(t, res, demonyms=True)
            if m is not None:
                return [Actor(text=" ".join(x.text for x in p.subtree), name=res.actors.country_name(m),
                              country=m, sector="GOV")]
    return []


def _swap_partner(tok, recipient: list[Actor], res: Resources) -> list[Actor]:
    """"Forty sailors were freed after a swap agreed with Turkey": the state the sentence's
    exchange (cues.yaml ``exchange_nouns``) was made "with" handed over those freed, unless they are
    its own people; [] when no such state."""
    own = {a.country for a in recipient if a.country}
    for t in tok.sent:
        if t.i == tok.i or t.pos_ != "NOUN" or t.lemma_.lower() not in res.cues.exchange_nouns:
            continue
        heads = [t] + ([t.head] if t.dep_ in ("nsubj", "nsubjpass") else [])   # "a swap was carried out with"
        for p in (p for h in heads for p in roles.prep_objects(h, ("with",))):
            m = _country_at(p, res) if p.pos_ == "PROPN" else None
            if m is not None and m not in own:
                return [Actor(text=p.text, name=res.actors.country_name(m), country=m, sector="GOV")]
    return []


def _country_at(tok, res: Resources, demonyms: bool = False) -> Optional[str]:
    for toks, kind, country, _sector, _name in res.actors.names.get(tok.text, ()):
        if (kind == "country" or demonyms and kind == "demonym") and len(toks) == 1:
            return country
    return None


def _np_left(t) -> int:
    if t.pos_ in ("VERB", "AUX"):
        return t.i
    return min([t.i] + [c.left_edge.i for c in t.children if c.dep_ not in ("relcl", "acl", "appos", "punct",
                                                                                 "cc", "conj", "prep")])


def _np_right(t) -> int:
    if t.pos_ in ("VERB", "AUX"):
        return t.i
    right = t.i
    for c in t.children:
        if c.dep_ in ("relcl", "acl", "appos", "punct", "cc", "conj", "advcl"):
            continue
        if c.dep_ == "prep" and c.lower_ != "of":
            continue
        right = max(right, c.right_edge.i)
    return right
