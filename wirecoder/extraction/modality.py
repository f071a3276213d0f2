"""Modality of an event trigger: asserted, future, hypothetical or negated; and its reported source.

Read from the trigger's own auxiliaries and negation, then from the chain of governing verbs up to
the root of the sentence: a complement of "deny" is negated, of "plan"/"will" future, of "if",
"could", "fear" hypothetical; a complement of "say"/"according to" stays asserted with the speaker
as ``source``. Questions and photo captions are not events (``is_question``, ``is_caption``).
"""
from __future__ import annotations

import re
from typing import Optional

from ..nlp import doc_text, span_text
from .cues import Cues

NEG_WORDS = {"not", "n't", "never", "no", "nt"}
HYPO_MARKS = {"if", "unless", "whether"}


def is_question(sent) -> bool:
    text = span_text(sent.doc, sent.start, sent.end).rstrip()
    return text.endswith("?")


# A photo caption's closing date: "... outside the station in Kano on March 3, 2021."
_CAPTION_DATE = re.compile(r"\b(?:on|in)\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s+"
                           r"(?:19|20)\d\d\.?\s*$")


_NON_SPACE = re.compile(r"\S")    # a word after the sentence: some token with more than white space


def is_caption(sent) -> bool:
    """A photo caption left in the body: a line of its own between others, one sentence, with no
    verb in the past and no modal (the parser may read the present "unload" as a noun), ending with
    a full date ("Rescuers carry a wounded man to an ambulance after a blast
    outside the station in Kano on March 3, 2021."). News prose reports in the past; captions
    describe the picture in the present and date it."""
    doc = sent.doc
    text = doc_text(doc)     # read once per Doc (``doc.text`` rebuilds the whole text at each call)
    if sent.start_char == 0 or doc[sent.start - 1].text_with_ws[-1:] != "\n" or \
            not _NON_SPACE.search(text, sent.end_char):
        return False            # a line between others, not a one-line text ("X visits Y on May 5, 1998.")
    sent_text = text[sent.start_char:sent.end_char]
    if not sent_text.endswith("\n") and (sent[-1].whitespace_ or doc[sent.end].text)[:1] != "\n":
        return False
    if any(t.tag_ in ("VBD", "MD") for t in sent):   # a past or a modal: prose, not a picture's
        return False
    return bool(_CAPTION_DATE.search(sent_text))


def _own_modality(tok, cues: Cues) -> Optional[str]:
    neg = any(c.dep_ == "neg" or (c.dep_ in ("advmod", "det") and c.lower_ in NEG_WORDS) for c in tok.children)
    if neg:
        return "negated"
    for c in tok.children:
        if c.dep_ in ("aux", "auxpass") and c.lower_ in cues.future_aux:
            return "future"
        if c.dep_ == "aux" and c.lower_ == "would":
            return "would"  # future-in-the-past after a reporting verb, else hypothetical
        if c.dep_ == "aux" and c.lower_ in cues.hypothetical_aux:
            return "hypothetical"
        if c.dep_ == "mark" and c.lower_ in HYPO_MARKS:
            return "hypothetical"
    # "is going to attack", "are to adopt sanctions", "are to be returned"
    if tok.dep_ == "xcomp" and (tok.head.lemma_ == "go" and tok.head.tag_ == "VBG" or tok.head.lemma_ == "be"):
        return "future"
    return None


def is_purpose(trigger, cues: Cues) -> bool:
    """Whether the trigger only states what a clause is for, not an event: an infinitive of purpose
    under another verb ("search parties were combing the area to arrest the bandits", "in order to
    disperse them") or the complement of a purpose noun ("with a view of arresting the bandits")."""
    tok = trigger
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    if tok.pos_ != "VERB":
        return False
    infinitive = tok.tag_ == "VB" and any(c.dep_ == "aux" and c.tag_ == "TO" for c in tok.children) \
        and not any(c.dep_ == "mark" for c in tok.children)
    gov = tok.head
    # "combing the area to arrest": an infinitive after the governing verb's own object; as a
    # complement only when that verb is not one whose object does the infinitive ("urged Afghans to
    # leave") or that plans or reports it
    if infinitive and gov.pos_ in ("VERB", "AUX") and any(c.dep_ == "dobj" for c in gov.children):
        if tok.dep_ == "advcl":
            return True
        lemma = gov.lemma_.lower()
        if tok.dep_ == "xcomp" and gov.pos_ == "VERB" and not (
                lemma in cues.object_control_verbs or lemma in cues.future_verbs or lemma in cues.hypothetical_verbs
                or lemma in cues.desire_verbs or lemma in cues.speech_verbs):
            return True
    head = gov
    if tok.dep_ in ("pcomp", "acl") and head.pos_ == "ADP":
        head = head.head                        # "a view of arresting"
    return tok.dep_ in ("pcomp", "acl") and head.lemma_.lower() in cues.purpose_nouns


def _is_to(tok) -> bool:
    """"are to adopt": a form of "be" whose open complement is a "to" infinitive (a plan)."""
    return tok.lemma_.lower() == "be" and any(
        c.dep_ == "xcomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children) for c in tok.children)


def modality(trigger, cues: Cues) -> tuple[str, Optional[object]]:
    """Return (modality, speech_verb_token or None) for a trigger token."""
    own = _own_modality(trigger, cues)
    result: Optional[str] = own if own != "would" else None
    would = own == "would"
    speech = None
    tok = trigger
    # conjuncts share the modality of their first conjunct ("will be returned and released")
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
        if result is None:
            o = _own_modality(tok, cues)
            if o == "would":
                would = True
            elif o:
                result = o
            elif _is_to(tok):
                result = "future"       # "are to lose their licences and be barred": "are to" governs both
    hops = 0
    while tok.head.i != tok.i and hops < 6:
        hops += 1
        rel = tok.dep_
        gov = tok.head
        glemma = gov.lemma_.lower()
        if rel == "pobj" and gov.lower_ in cues.topic_preps:
            break                           # "is due to speak to parliament about the bombings": a topic
        if rel in ("ccomp", "xcomp", "advcl", "csubj", "parataxis", "dobj", "conj", "relcl", "acl", "pcomp", "pobj"):
            if glemma in cues.speech_verbs and rel in ("ccomp", "parataxis", "dobj") and speech is None:
                speech = gov
                if would and result is None:
                    result = "future"
            elif glemma in cues.denial_verbs and rel in ("ccomp", "dobj") and result is None:
                result = "negated"
            elif (glemma in cues.future_verbs and rel in ("xcomp", "ccomp")
                  or glemma == "be" and rel == "xcomp") and result is None:
                result = "future"           # "plans to attack", "are to adopt sanctions"
            elif glemma in cues.hypothetical_verbs and rel in ("xcomp", "ccomp") and result is None:
                result = "hypothetical"
            if rel == "advcl" and any(c.dep_ == "mark" and c.lower_ in HYPO_MARKS for c in tok.children):
                result = result or "hypothetical"
            owner = gov.head if rel == "pobj" and gov.pos_ == "ADP" else gov if rel == "acl" else None
            if owner is not None and owner.pos_ == "NOUN" and owner.lemma_.lower() in cues.future_nouns \
                    and result is None:
                result = "future"           # "the deadline for the withdrawal", "the deadline to withdraw"
        if rel in ("relcl", "acl") :
            break
        # governing verb's own negation ("did not say", "failed to") scopes over the complement
        if gov.lemma_.lower() in ("fail", "refuse") and rel == "xcomp" and result is None:
            result = "negated"
        tok = gov
    if result is None and would:
        result = "hypothetical"
    return result or "asserted", speech


def according_to(trigger) -> Optional[object]:
    """The object of an "according to X" attached to the trigger's clause, if any."""
    tok = trigger
    for _ in range(4):
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("according",):
                for to in c.children:
                    for p in to.children:
                        if p.dep_ == "pobj":
                            return p
        if tok.head.i == tok.i:
            break
        tok = tok.head
    return None
