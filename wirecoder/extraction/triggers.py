"""Whether a token is an event mention here: the lexicon entry it triggers in its frame
(:func:`_trigger`), and the readings of English news under which a matched word tells no event of
its own (a topic, an advisory, a generic present, a plan overtaken, an act of another event ...)."""
from __future__ import annotations

from typing import Optional

from . import roles
from .acled import Words, is_hazard
from .lexicon import Entry
from .modality import is_purpose
from .state import Resources, _Doc, _Roles


def _as_topic(tok, entry: Entry, state: _Doc, res: Resources) -> bool:
    """"will address the nation about the attacks" after the attacks were reported: an event named as
    what is talked about (cues.yaml ``topic_preps``) refers to the event told before; an article that
    tells the event only so keeps it as a record."""
    return tok.pos_ == "NOUN" and tok.dep_ == "pobj" and tok.head.lower_ in res.cues.topic_preps \
        and entry.type in state.types_seen


def _done_by_an_attack(tok, entry: Entry, res: Resources) -> bool:
    """"the air strike destroyed a bridge": a verb of another type whose subject is an attack noun
    tells what the attack did, no event of its own (the noun is the attack's mention)."""
    if entry.pos == "n" or entry.type == "ASSAULT":
        return False
    return _attack_noun_subject(tok, res)


def _set_off_by_an_attack(tok, entry: Entry, res: Resources) -> bool:
    """"the missile strike set off explosions", "the hit caused secondary blasts": an attack noun that
    is the object of a verb whose subject is an attack noun is what that attack set off, part of it (it
    refers to the attack; an article that tells the attack only so keeps it as a record)."""
    if entry.type != "ASSAULT" or tok.pos_ != "NOUN" or tok.dep_ != "dobj":
        return False
    return _attack_noun_subject(tok.head, res)


def _attack_noun_subject(verb, res: Resources) -> bool:
    """Whether ``verb``'s subject is an attack noun ("the air strike destroyed", "the missile strike set off")."""
    return any(c.dep_ == "nsubj" and c.pos_ == "NOUN" and (e := res.lexicon.match(c)) is not None
               and e.pos == "n" and e.type == "ASSAULT" for c in verb.children)


def _asked_about(tok, entry: Entry, state: _Doc) -> bool:
    """"cannot tell how many were abducted", "it is unclear who carried out the attack": an embedded
    question about an act reported before asks about it and reports nothing new (an article that
    tells the act only so keeps it as a record)."""
    if tok.dep_ != "ccomp" or entry.type not in state.types_seen:
        return False
    for c in tok.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            if c.tag_ in ("WP", "WDT") or any(w.tag_ == "WRB" for w in c.subtree):
                return True
    return False


def _those_done_to(tok, entry: Entry, state: _Doc) -> bool:
    """"among those detained was a judge", "those held include ...": a participle after a bare
    "those" names the people an act reported before reached; it refers to that act (an article that
    tells the act only so keeps it as a record)."""
    return tok.dep_ == "acl" and tok.tag_ == "VBN" and tok.head.lower_ == "those" \
        and entry.type in state.types_seen


def _described(tok, res: Resources) -> bool:
    """An event noun that its clause describes rather than reports ("the protests had been peaceful",
    "nationwide protests were triggered by the death"): it refers to an event told elsewhere, or to
    a state of affairs, and reports nothing new of its own."""
    if tok.pos_ != "NOUN":
        return False
    gov = tok.head
    if tok.dep_ == "nsubj" and gov.lemma_.lower() == "be":
        return any(c.dep_ in ("acomp", "attr") for c in gov.children)
    return tok.dep_ == "nsubjpass" and gov.pos_ == "VERB" and res.lexicon.frame(gov) is None \
        and gov.lemma_.lower() not in res.cues.light_verbs | res.cues.speech_verbs  # "were held", "was confirmed"


def _trigger(tok, res: Resources) -> Optional[Entry]:
    """The lexicon entry ``tok`` triggers in its frame, or None when it is no event mention here."""
    if tok.dep_ in ("amod", "aux", "auxpass"):
        return None
    if tok.ent_type_ in NOT_TRIGGER_ENTS:
        return None                     # "MOMBASA, March 14": a month, not a march
    entry = res.lexicon.match(tok)
    if entry is None:
        return None
    if tok.is_stop and tok.lemma_ not in ("back",) and not entry.specificity:
        return None                     # "be", "take" alone are no events; "be on alert" is
    if entry.pos != "n":
        return None if _warns_of_danger(tok, res) or _responsible(tok, res.cues) else entry
    if tok.dep_ == "compound" and res.lexicon.match(tok.head) is None \
            and tok.head.lemma_.lower() not in res.cues.carrier_nouns:
        return None                     # "arrest warrants", "protest camp": a kind of thing, not an event
    if _claimed(tok, res.cues):
        return None                     # "claimed responsibility for the attack": see _claimed_act
    gov_frame = _governing_frame(tok, res)
    if gov_frame is not None and gov_frame.type == "-":
        if tok.dep_ == "pobj":
            return None                 # "warned of an imminent attack": an advisory, no attack
    elif gov_frame is not None and (gov_frame.type != entry.type or tok.dep_ != "pobj") \
            and not (entry.type in res.cues.sequence_participant_types and _sequenced_after(tok, res.cues)):
        # "condemned the attack", "launched an attack": covered by the verb ("killed in the air
        # strikes" is kept: one event of that type, merged below, the noun giving its mode; "agreed
        # on it after a meeting" too: a meeting before or after the verb's event is one of its own)
        return None
    gov = tok.head
    if tok.dep_ == "nsubj" and (gov.lemma_.lower() in res.cues.ongoing_words or any(
            c.dep_ == "acomp" and c.lower_ in res.cues.ongoing_words for c in gov.children)):
        return None                     # "protests continue", "investigation is ongoing": a state of affairs
    if tok.dep_ == "nsubj" and gov.lemma_.lower() in res.cues.speech_verbs and tok.lemma_.lower() in res.cues.document_nouns \
            and not any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
        return None                     # "a ministry release said": a text that speaks (cues.yaml document_nouns)
    if _ongoing_noun(tok, res.cues) or (tok.dep_ == "pobj" and gov.head.pos_ == "NOUN" and _ongoing_noun(gov.head, res.cues)):
        return None                     # "the ongoing crackdown on rallies", "their long-running refusal"
    return entry


def _sequenced_after(tok, cues):
    """The verb whose event an event noun is told as coming before or after ("agreed on a text after
    a summit"; cues.yaml ``sequence_words``, "ahead of", "prior to"), or None."""
    if tok.dep_ != "pobj":
        return None
    prep = tok.head
    if prep.lower_ in ("of", "to") and prep.head.dep_ in ("prep", "advmod", "amod") and prep.head.i != prep.i:
        prep = prep.head                # "ahead of the vote", "prior to the talks"
    if prep.lower_ not in cues.sequence_words or prep.dep_ not in ("prep", "mark", "advmod", "amod"):
        return None
    return prep.head if prep.head.pos_ in ("VERB", "AUX") else None


def _ongoing_noun(tok, cues) -> bool:
    """An event noun an adjective of going on modifies ("the ongoing crackdown", "their long-running
    refusal"): a state of affairs, as is what it is aimed at ("the ongoing crackdown on rallies")."""
    return tok.pos_ == "NOUN" and any(c.dep_ == "amod" and c.lower_ in cues.ongoing_words for c in tok.children)


def _responsible(tok, cues) -> bool:
    """"Police brutality is to blame", "who was to blame": a verb of cues.yaml ``responsibility_verbs``
    as the object-less "to" complement of "be" says who is responsible, no act of blaming."""
    return tok.lemma_.lower() in cues.responsibility_verbs and tok.dep_ == "xcomp" \
        and tok.head.lemma_.lower() == "be" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children) \
        and not any(c.dep_ in ("dobj", "obj") for c in tok.children)


def _warns_of_danger(tok, res: Resources) -> bool:
    """"warned that another attack is highly likely": a clause whose subject is what a no-event frame
    of the same verb names as its object ("warn of an attack": lexicon "-") is a warning of a danger,
    not a threat."""
    subjects = {sc.lemma_.lower() for c in tok.children if c.dep_ == "ccomp"
                for sc in c.children if sc.dep_ in ("nsubj", "nsubjpass")}
    if not subjects or any(c.dep_ in ("dobj", "dative") for c in tok.children):
        return False                        # "warned the Taliban that an attack would be met with force"
    return any(o in subjects for e in res.lexicon.candidates(tok.lemma_.lower(), "v") if e.type == "-"
               for _p, objs in e.preps if objs for o in objs)


def _governing_frame(tok, res: Resources) -> Optional[Entry]:
    """The lexicon frame of the verb (or noun) that takes event noun ``tok`` as its object."""
    gov = tok.head
    if gov.i == tok.i or tok.dep_ not in ("dobj", "pobj", "attr", "nsubjpass"):
        # "the agreement, signed by X and Y, ...": a participle after the noun whose frame names it
        for c in tok.children:
            if c.dep_ == "acl" and c.tag_ == "VBN" and (e := res.lexicon.frame(c)) is not None \
                    and e.obj is not None and tok.lemma_.lower() in e.obj:
                return e
        return None
    return res.lexicon.frame(gov if tok.dep_ != "pobj" else gov.head)


def _claimed(tok, cues) -> bool:
    """An event noun that is what someone claims or is found responsible for (cues.yaml
    ``responsibility_nouns``, ``responsibility_adjectives``, ``act_claim_verbs``)."""
    gov = tok.head
    if tok.dep_ == "pobj" and gov.lower_ == "for":
        head = gov.head.lemma_.lower()
        return head in cues.responsibility_nouns or head in cues.responsibility_adjectives
    return tok.dep_ == "dobj" and gov.lemma_.lower() in cues.act_claim_verbs and gov.pos_ == "VERB"


_SENTENCE_END = tuple('.!?"\u201d\u2019\'')


def _generic_present(tok, sent) -> bool:
    """A verb in the simple present outside a headline states a habit or a standing fact ("It rejects
    the modern German state", "Members often refuse to pay taxes", "The statement also calls for..."),
    not an event: news bodies report events in the past (or with an auxiliary: "has signed"). A
    headline, the line with no closing punctuation ("Armenia signs deal"), keeps its present."""
    if tok.dep_ in ("aux", "auxpass"):
        return False
    if tok.tag_ == "VBN":
        # a present passive ("states where the opposition is barred by law") states a
        # standing condition the same way; "has been banned", "was banned", "will be banned" do not
        auxes = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
        if not auxes or any(c.dep_ == "aux" or c.tag_ not in ("VBZ", "VBP") for c in auxes):
            return False
    elif tok.tag_ == "VB" and tok.dep_ == "conj" and tok.head.tag_ in ("VBZ", "VBP"):
        # "gangs who seize weapons and attack buildings": a conjunct the tagger reads as a bare
        # infinitive shares its first conjunct's simple present
        if any(c.dep_ in ("aux", "auxpass") for v in (tok, tok.head) for c in v.children):
            return False
    elif tok.tag_ not in ("VBZ", "VBP") or any(c.dep_ in ("aux", "auxpass") for c in tok.children):
        return False
    return sent.text.rstrip().endswith(_SENTENCE_END)


def _no_event_here(tok, entry: Entry, sent, res: Resources) -> bool:
    """Words of an event that report none: a habit ("It rejects the state"; a present passive too,
    but for an accusation, which stands as reported: "are accused of being the ringleaders"), a wish
    ("gangs that want to seize power", "wanted to carry out attacks"), a purpose ("combing the area to arrest"), what is refused ("refused to sign":
    the refusal is the event), an activity over a span of time, a plan overtaken ("had planned to
    storm the parliament"), an event noun that only names the kind of another ("ceasefire talks"),
    a standing condition ("despite the ceasefire"), a repeated act ("has repeatedly shelled"), a participle describing its noun ("the
    list, agreed by the envoys"; cues.yaml described_types), what stops ("a cessation of hostilities") or what
    a capacity allows ("the right to protest", "powers to detain and arrest")."""
    cues = res.cues
    head = tok.head
    hl = head.lemma_.lower()
    # an event noun a light verb carries ("wanted to carry out attacks", "had planned to stage a
    # protest") is wished or planned as that verb is
    light = head if tok.pos_ == "NOUN" and tok.dep_ == "dobj" and hl in cues.light_verbs else None
    return ((_generic_present(tok, sent) and not (tok.tag_ == "VBN" and entry.type == "ACCUSE"))
            or _wished(tok, cues) or (light is not None and _wished(light, cues))
            or (entry.type in cues.purpose_types and is_purpose(tok, cues))
            or (tok.dep_ in ("xcomp", "acl") and hl in cues.refusal_words)
            or _over_a_span(tok, cues) or _iterated(light or tok, cues)
            or (entry.type in cues.described_types and _participle_after_noun(tok)
                and not (entry.obj and hl in entry.obj))    # "the agreement, signed by X": the signing
            or _contacted_for_comment(tok, entry)
            or _overtaken_plan(tok, cues) or (light is not None and _overtaken_plan(light, cues))
            or (tok.dep_ == "compound" and tok.pos_ == "NOUN" and head.pos_ == "NOUN" and head.i != tok.i
                and _trigger(head, res) is not None)
            or (tok.dep_ == "pobj" and head.lower_ in cues.condition_preps)
            or (tok.dep_ == "pobj" and head.lower_ in ("of", "to") and head.head.lemma_.lower() in cues.ending_nouns)
            or _allowed_by_capacity(tok, cues) or _alleged(tok, res))


def _alleged(tok, res: Resources) -> bool:
    """What an accusation says was done ("accusing the police of beating a student", "accused of killing
    and robbing"): the accusation is the event, what it alleges is not reported as done (a conjunct
    shares its first conjunct's head)."""
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    if not (tok.dep_ == "pcomp" or (tok.dep_ == "pobj" and tok.tag_ == "VBG")) or tok.head.lower_ != "of":
        return False                    # "accused them of the attack" names an act reported as such
    accusation = _trigger(tok.head.head, res)
    return accusation is not None and accusation.type == "ACCUSE"


def _participle_after_noun(tok) -> bool:
    """A past participle after its noun ("a former mayor accused of bribery"); the parser sometimes
    tags it as a past tense (VBD) while still hanging it from the noun (acl) with no subject of its own."""
    return tok.dep_ == "acl" and (tok.tag_ == "VBN" or (
        tok.tag_ == "VBD" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)))


def _contacted_for_comment(tok, entry: Entry) -> bool:
    """"When contacted, the spokesman said ...", "after being contacted": a bare passive participle of
    meeting in an adverbial clause, naming no one who made contact, is the reporter's call for
    comment, not a meeting between actors."""
    return entry.type == "CONSULT" and tok.tag_ == "VBN" and tok.dep_ in ("advcl", "pcomp") \
        and not any(c.dep_ in ("agent", "nsubj", "nsubjpass", "dobj") for c in tok.children)


def _iterated(tok, cues) -> bool:
    """An act told as repeated or habitual ("has repeatedly shelled the town", "were robbed and
    sometimes beaten": an adverb on one conjunct makes the series so; cues.yaml iterative_words)."""
    verbs = [tok]
    while tok.dep_ == "conj" and tok.head.i != tok.i and tok.head.pos_ in ("VERB", "AUX"):
        tok = tok.head
        verbs.append(tok)
    verbs += [c for v in verbs for c in v.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")]
    return any(c.dep_ == "advmod" and c.lower_ in cues.iterative_words for v in verbs for c in v.children)


def _wished(tok, cues) -> bool:
    """The complement of a verb of wanting or plotting ("wanted to seize", "plotting to storm the
    parliament and seize power": a conjunct shares its first conjunct's head)."""
    while tok.dep_ == "conj" and tok.head.i != tok.i and tok.head.pos_ == "VERB":
        tok = tok.head
    return tok.dep_ == "xcomp" and tok.head.lemma_.lower() in cues.desire_verbs


def _allowed_by_capacity(tok, cues) -> bool:
    """What a capacity noun allows ("the right to protest", "powers to detain and arrest"), or what
    someone is said to be able to do ("not organised to fight an army", "able to seize the town";
    cues.yaml capacity_adjectives); a conjunct shares its first conjunct's head."""
    if tok.dep_ == "conj":
        tok = tok.head
    return (tok.dep_ in ("acl", "xcomp") and tok.head.pos_ == "NOUN" and tok.head.lemma_.lower() in cues.capacity_nouns) \
        or (tok.dep_ == "xcomp" and tok.head.pos_ == "ADJ" and tok.head.lemma_.lower() in cues.capacity_adjectives)


def _overtaken_plan(tok, cues) -> bool:
    """The complement of a plan made before a past moment ("had planned to seize", "are said to have
    prepared to seize", "had agreed to exchange"): what happened since is reported (or not) on its own."""
    if tok.dep_ == "conj" and tok.head.pos_ == "VERB":
        tok = tok.head                  # "prepared to storm the parliament and seize power"
    # "had been planning since March to storm": the parser may hang the infinitive as an adverbial
    infinitive = tok.dep_ == "xcomp" or (tok.dep_ == "advcl" and any(c.dep_ == "aux" and c.tag_ == "TO"
                                                                      for c in tok.children))
    if not infinitive or tok.head.lemma_.lower() not in cues.future_verbs:
        return False
    aux = [c for c in tok.head.children if c.dep_ == "aux"]
    return any(c.lower_ == "had" for c in aux) or (
        tok.head.tag_ == "VBN" and any(c.lower_ == "have" for c in aux) and any(c.lower_ == "to" for c in aux))


def _advisory(tok, entry: Entry, r: _Roles, cues) -> bool:
    """A call on the public to keep away ("urged Afghans to leave the area"; "onlookers were asked to
    remain watchful", a bare passive naming no one who calls and no coded addressee): a security
    advisory, not an event between actors (cues.yaml advisory_verbs)."""
    if entry.type != "REQUEST" or any(a.sector != "CVL" for a in r.recipient) or not (r.recipient or not r.actor):
        return False
    return any(c.dep_ in ("xcomp", "ccomp") and c.lemma_.lower() in cues.advisory_verbs for c in tok.children)


def _over_a_span(tok, cues) -> bool:
    """An activity or a toll over a span of time, not one event: "have been attacking army outposts"
    (the perfect progressive), "protesters have died in recent weeks", "besieged for
    months", "weeks of relentless bombardment" (cues.yaml span_units, span_modifiers, span_preps)."""
    if tok.tag_ == "VBG" and any(c.dep_ == "aux" and c.lower_ == "been" for c in tok.children):
        return True
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.tag_ == "NNS" \
            and tok.head.head.lemma_.lower() in cues.span_units:
        return True
    for c in tok.children:
        if c.dep_ != "prep" or c.lower_ not in cues.span_preps:
            continue
        for p in c.children:
            if p.dep_ == "pobj" and p.tag_ == "NNS" and p.lemma_.lower() in cues.span_units and (
                    c.lower_ == "for" or any(m.lower_ in cues.span_modifiers for m in p.children)):
                return True
    return False


def _toll_to_date(tok, cues) -> bool:
    """A present perfect counted up to now over a stretch of time: "bandits have abducted over 1,000
    students since December", "40 journalists have been detained this year", "have been killed so far
    this year": a toll, not one event (cues.yaml span_starts, toll_units; "since the attack", "since
    Monday", "has released 50 prisoners this week" and the past perfect "had been held since May" stay)."""
    if tok.pos_ == "NOUN":
        # "have been killed in attacks this year", "there have been 100 attacks this year": the noun
        # is counted as the verb it is the means or the subject of is
        verb = roles.instrument_verb(tok) or (tok.head if tok.dep_ in ("attr", "nsubj") and tok.head.lemma_ == "be"
                                               and tok.head.i != tok.i else None)
        return verb is not None and verb.pos_ in ("VERB", "AUX") and _toll_to_date(verb, cues)
    if not any(c.dep_ == "aux" and c.lower_ in ("has", "have", "'ve") for c in tok.children):
        return False
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "since":
            if any(p.dep_ == "pobj" and (p.lemma_.lower() in cues.span_starts or (p.like_num and len(p.text) == 4))
                   for p in c.children):
                return True
        units = [c] if c.dep_ == "npadvmod" else [p for p in c.children if p.dep_ == "pobj"] \
            if c.dep_ == "prep" and c.lower_ in cues.span_preps else []
        for u in units:
            if u.lemma_.lower() in cues.toll_units and any(
                    m.lower_ == "this" or m.lower_ in cues.span_modifiers for m in u.children if m.dep_ in ("det", "amod")):
                return True
    return False


def _not_between_actors(tok, entry: Entry, r: _Roles, words: Words, res: Resources) -> bool:
    """Disasters and accidents read as attacks: "the flood killed 12", "a gas cylinder explosion"."""
    if entry.type == "ASSAULT" and is_hazard(r.agent_heads, tok, res.acled):
        return True
    return entry.type == "ASSAULT" and entry.mode == "explosives" and not r.actor \
        and words.has(res.acled.accident_cues)


NOT_TRIGGER_ENTS = ("DATE", "TIME", "PERSON", "GPE", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL")
