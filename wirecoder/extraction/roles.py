"""Who did it and to whom: agent and patient of a trigger from the dependency parse.

Handles active and passive voice ("posts were captured by Taliban fighters"), subjects shared by
coordinated verbs ("crossed the border and taken refuge"), control ("forced hundreds of soldiers to
seek refuge" -> the soldiers seek), relative clauses and participles ("soldiers who fled",
"soldiers fleeing the fighting", "posts captured by the Taliban"), and coordination inside a role
("Pakistan, Iran and Tajikistan").
"""
from __future__ import annotations

from functools import lru_cache

SUBJ = ("nsubj", "csubj", "expl")
OBJ = ("dobj", "obj", "dative")


def is_passive(v) -> bool:
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in v.children):
        return True
    return v.dep_ == "acl" and v.tag_ == "VBN"


def with_conjuncts(tok) -> list:
    out = [tok]
    for c in tok.conjuncts:
        if c.i > tok.i and c.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
            out.append(c)
    return out


def agent_of(v, depth: int = 0) -> list:
    """Head tokens of the doer of verb ``v`` (possibly several, coordinated)."""
    if depth > 4:
        return []
    if is_passive(v):
        for c in v.children:
            if c.dep_ == "agent":
                return [p2 for p in c.children if p.dep_ == "pobj" for p2 in with_conjuncts(p)]
        return []
    subjects = [c for c in v.children if c.dep_ == "nsubj"]
    if subjects:
        c = min(subjects, key=lambda c: abs(v.i - c.i))  # a mis-parsed dateline may be a second subject
        before = [b for b in subjects if b.i < c.i and b.right_edge.i + 2 == c.left_edge.i
                  and v.doc[b.right_edge.i + 1].text == "," and c.pos_ == "NOUN"
                  and any(d.dep_ == "det" and d.lower_ == "the" for d in c.children)]
        if before:
            c = before[-1]   # "an official of the OLF, the group that ..., welcomed": an apposition
        if c.tag_ in ("WP", "WDT") and v.dep_ == "relcl":
            return with_conjuncts(v.head)              # "soldiers who fled"
        return with_conjuncts(c)
    return _inherited_subject(v, depth) or _stranded_subject(v)


def subject_of(v) -> list:
    """The subject tokens of a (speech) verb: its ``nsubj``, else one the parser cut off from it."""
    return [c for c in v.children if c.dep_ == "nsubj"] or _stranded_subject(v)


_ADVERBIAL = ("advmod", "npadvmod", "nummod", "det", "quantmod", "punct")


def _stranded_subject(v) -> list:
    """The subject of a finite verb the parser cut off from it (spaCy's small model, often):
    - "gunmen had two days ago kidnapped farmers": the adverbial between "had" and the participle
      makes "had" a main verb with the subject, and the participle a verb of its own;
    - "after the president, a former diplomat, asked for help": "the president" read as the object of
      the preposition "after" (cues.yaml ``clause_preps``), "asked" as a verb with no subject;
    - "the convoy arrived in the capital, the UN's food agency said": the trailing speaker read as an
      apposition of the place before it."""
    doc = v.doc
    if v.tag_ in ("VBN", "VBD") and not any(c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for c in v.children):
        j = v.i - 1
        while j >= 0 and (doc[j].dep_ in _ADVERBIAL and doc[j].text != "," or doc[j].head.dep_ in ("advmod", "npadvmod")
                          and doc[j].head.i != j and doc[j].head.i < v.i):
            j -= 1
        have = doc[j] if j >= 0 and j < v.i - 1 else None
        if have is not None and have.lemma_.lower() == "have" and have.tag_ in ("VBD", "VBZ", "VBP") \
                and not any(c.dep_ in ("dobj", "obj", "ccomp", "xcomp") for c in have.children):
            return [s2 for c in have.children if c.dep_ == "nsubj" for s2 in with_conjuncts(c)]
    if v.tag_ in ("VBD", "VBZ", "VBP") and v.i >= 1 and doc[v.i - 1].dep_ == "appos" \
            and doc[v.i - 1].right_edge.i == v.i - 1 and doc[v.i - 1].pos_ in ("NOUN", "PROPN") \
            and not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in v.children):
        return with_conjuncts(doc[v.i - 1])     # "... in Tigray, the UN's food agency said"
    if v.tag_ in ("VBD", "VBZ", "VBP", "VBN") and not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in v.children):
        # "According to AFP soldiers had shot three smugglers": with no comma after the source, the
        # subject read as the head of the "according to" object, the source as its compound
        for c in v.children:
            if c.dep_ != "prep" or c.lower_ != "according" or c.i > v.i:
                continue
            for p in (p for to in c.children for p in to.children if p.dep_ == "pobj"):
                between = doc[p.right_edge.i + 1:v.i]
                if p.right_edge.i == p.i and p.pos_ in ("NOUN", "PROPN") \
                        and any(m.dep_ == "compound" and m.i < p.i for m in p.children) \
                        and all(t.dep_ in ("aux", "advmod", "neg") for t in between):
                    return with_conjuncts(p)
    if v.dep_ == "advcl" and v.tag_ in ("VBD", "VBZ", "VBP") and v.i >= 2 \
            and not any(c.dep_ in ("nsubj", "nsubjpass", "mark", "expl") for c in v.children):
        from .cues import default_cues

        end = v.i - 2 if doc[v.i - 1].text == "," else v.i - 1
        for n in doc[max(0, end - 12):end + 1]:
            if n.dep_ == "pobj" and n.right_edge.i == end and n.head.lower_ in default_cues().clause_preps \
                    and n.head.head.i == v.head.i and n.pos_ in ("NOUN", "PROPN", "PRON"):
                return with_conjuncts(n)
    return []


def _passive_subject(v, depth: int = 0) -> list:
    """The subject of passive ``v``, through the verbs it complements or is coordinated with ("were
    not thought to have been involved": involved <- thought <- the subject)."""
    subj = [s2 for c in v.children if c.dep_ == "nsubjpass" for s2 in with_conjuncts(c)]
    if subj or depth > 3 or v.head.i == v.i or v.dep_ not in ("xcomp", "conj"):
        return subj
    return _passive_subject(v.head, depth + 1)


@lru_cache(maxsize=1)
def _two_sided_words() -> frozenset[str]:
    from .cues import default_cues      # the word list is data (cues.yaml: two_sided_words)

    return default_cues().two_sided_words


@lru_cache(maxsize=1)
def _object_control_verbs() -> frozenset[str]:
    from .cues import default_cues      # the verb list is data (cues.yaml: object_control_verbs)

    return default_cues().object_control_verbs


def _inherited_subject(v, depth: int) -> list:
    dep, head = v.dep_, v.head
    if head.i == v.i:
        return []
    if dep == "conj":
        if is_passive(head) and not is_passive(v):
            if v.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in v.children):
                return []                               # "were captured and handed over": still passive
            # "The Taliban were not believed to be involved and condemned the blasts": the passive's
            # subject does the coordinated active verb
            return _passive_subject(head)
        return agent_of(head, depth + 1)
    if dep == "acomp" and head.pos_ in ("VERB", "AUX"):
        return agent_of(head, depth + 1)               # "were quick to condemn": quick <- were <- subject
    if dep == "xcomp":
        objs = [c for c in head.children if c.dep_ in ("dobj", "obj")]
        if objs and head.lemma_.lower() in _object_control_verbs():
            return with_conjuncts(objs[0])              # object control: "forced soldiers to flee"
        if v.tag_ == "VB" and is_passive(head) and not any(c.dep_ == "agent" for c in head.children):
            return _passive_subject(head)               # "ministers are set to approve", "were forced to flee"
        return agent_of(head, depth + 1)               # subject control: "vowed to attack"
    if dep == "relcl":
        return with_conjuncts(head)
    if dep == "acl" and v.tag_ == "VBG":
        return with_conjuncts(head)                     # "soldiers fleeing the fighting"
    if dep == "acl" and v.tag_ == "VB":
        return [c for c in head.children if c.dep_ == "poss"]   # "Biden's deadline to withdraw"
    if dep == "advcl" and v.tag_ == "VBG" and v.i > 0:
        # "leading to President Macron vowing to punish them": the person or group named as the
        # governing verb's prepositional object right before the gerund is its subject
        n = v.doc[v.i - 1]
        if n.dep_ == "pobj" and n.right_edge.i == v.i - 1 and n.ent_type_ in ("PERSON", "ORG", "NORP") \
                and n.head.dep_ == "prep" and n.head.head.i == head.i:
            return with_conjuncts(n)
    if dep in ("advcl", "pcomp") and v.tag_ in ("VBG", "VB", "VBN"):
        gov = head if dep == "advcl" else head.head     # "after losing posts", "to obtain information"
        if dep == "pcomp" and gov.pos_ == "NOUN" and gov.dep_ == "npadvmod":
            gov = gov.head                              # "took it two days after claiming victory"
        if gov.pos_ in ("VERB", "AUX"):
            return agent_of(gov, depth + 1)
    return []


def patient_of(v) -> list:
    """Head tokens of what undergoes the action of verb ``v``."""
    if is_passive(v):
        for c in v.children:
            if c.dep_ == "nsubjpass":
                if c.tag_ in ("WP", "WDT") and v.dep_ == "relcl":
                    return with_conjuncts(v.head)       # "journalists who were beaten"
                return with_conjuncts(c)
        if v.dep_ == "acl":
            return with_conjuncts(v.head)               # "posts captured by the Taliban"
        if v.dep_ in ("conj", "advcl") and is_passive(v.head):
            return patient_of(v.head)                   # "were allowed entry and were handed over"
        if v.dep_ in ("advcl", "pcomp") and v.tag_ == "VBN":
            gov = v.head if v.dep_ == "advcl" else v.head.head
            if gov.pos_ in ("VERB", "AUX") and not is_passive(gov):
                return agent_of(gov)                    # "a woman who died after being arrested"
        return []
    for c in v.children:
        if c.dep_ in OBJ and c.dep_ != "dative":
            return with_conjuncts(c)
    return []


def prep_objects(tok, preps) -> list:
    out = []
    for c in tok.children:
        if c.dep_ == "dative" and c.pos_ in ("NOUN", "PROPN", "PRON"):
            if "to" in preps:
                out += with_conjuncts(c)               # "gave the soldiers shelter": shelter to them
            continue
        if c.dep_ in ("prep", "dative") and c.lower_ in preps:
            for p in c.children:
                if p.dep_ == "pobj":
                    out += with_conjuncts(p)
    return out


def possessor(tok):
    for c in tok.children:
        if c.dep_ == "poss":
            return c
    return None


def nominal_agent(n, of_doer: bool = False) -> list:
    """Doer of an event noun: "Taliban attacks", "Israel's strikes", "attacks by the army"; with
    ``of_doer`` (nouns of events with no object: "the withdrawal of U.S. troops") also "of" X; else,
    the owner of the noun whose purpose it is ("the administration's deadline for the withdrawal")."""
    for c in n.children:
        if c.dep_ == "prep" and c.lower_ == "by":
            return [p for p in c.children if p.dep_ == "pobj"]
    if of_doer:
        for c in n.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                found = [p2 for p in c.children if p.dep_ == "pobj" for p2 in with_conjuncts(p)]
                if found:
                    return found
    for c in n.children:
        if c.dep_ == "acl" and c.tag_ == "VBN":
            by = _by_agent(c)                  # "raids carried out by the militia",
            if by:                             # "a blast thought to have been set off by a bomber"
                return by
    for c in n.children:
        if c.dep_ in ("poss", "compound") and c.pos_ in ("PROPN", "NOUN", "PRON") and c.i < n.i:
            return [c]
        if c.dep_ == "amod" and c.i < n.i and c.tag_ == "JJ" and c.ent_type_ in ("NORP", "GPE", "ORG"):
            return [c]
    if n.dep_ == "pobj" and n.head.lower_ == "for" and n.head.head.pos_ == "NOUN":
        return [c for c in n.head.head.children if c.dep_ == "poss"]
    return []


def in_sequence(a, b, words) -> bool:
    """Tokens ``a`` and ``b`` of one sentence told one after the other: the path between them in the
    parse passes a word of sequence (a preposition or subordinator: "X, a day after Y", "Y before X")."""
    if a.i == b.i or a.sent.start != b.sent.start:
        return False
    up_a, up_b = [a, *a.ancestors], [b, *b.ancestors]
    on_b = {t.i for t in up_b}
    common = next((t for t in up_a if t.i in on_b), None)
    if common is None:
        return False
    between = up_a[1:[t.i for t in up_a].index(common.i)] + up_b[1:[t.i for t in up_b].index(common.i)]
    return any(t.lower_ in words and t.dep_ in ("prep", "mark") for t in between)


# "engaged the bandits in a gun duel", and "into" one (a usage of West African police statements)
ENGAGE_PREPS = ("in", "into")


def two_sided(tok, words) -> bool:
    """A trigger that names a fight between two sides: its lemma is one of ``words`` ("clashed", "a
    gun duel", "exchanged fire"), or the noun it engages "in" is ("engaged the bandits in a gun duel")."""
    return tok.lemma_.lower() in words or any(
        p.lemma_.lower() in words or any(c.dep_ == "compound" and c.lemma_.lower() in words for c in p.children)
        for c in tok.children if c.dep_ == "prep" and c.lower_ in ENGAGE_PREPS for p in c.children if p.dep_ == "pobj")


def _by_agent(v, depth: int = 0) -> list:
    """The "by" agent of participle ``v`` or of the participles it takes as complements."""
    for c in v.children:
        if c.dep_ == "agent":
            return [p2 for p in c.children if p.dep_ == "pobj" for p2 in with_conjuncts(p)]
    if depth < 2:
        for c in v.children:
            if c.dep_ == "xcomp" and c.tag_ == "VBN":
                found = _by_agent(c, depth + 1)
                if found:
                    return found
    return []


OWNER_PREPS = ("by", "from", "of")


def owners(tok) -> list:
    """Whose a thing is: "Serbia's suppression", "calls by Belarus's rulers", "demands from rebels",
    "the withdrawal of Serbian forces", "the government headquarters". Possessor first, then a
    compound modifier before it, then by/from/of objects and the by-agent of a participle ("carried out
    by X"; only those naming an actor count)."""
    out = [c for c in tok.children if c.dep_ == "poss"]
    out += [c for c in tok.children if c.dep_ == "compound" and c.i < tok.i]
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in OWNER_PREPS:
            out += [p2 for p in c.children if p.dep_ == "pobj" for p2 in with_conjuncts(p)]
        elif c.dep_ == "acl" and c.tag_ == "VBN":
            out += _by_agent(c)                         # "the raids carried out by the militia"
    return out


def doers_of(tok) -> list:
    """Who a thing comes from: its possessor, its by/from objects and the by-agent of its participle
    ("Serbia's demands", "demands from the rebels", "abuses committed by the militia"); not its "of" phrase or a modifier ("the demands of the
    day", "border demands")."""
    out = [c for c in tok.children if c.dep_ == "poss"]
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("by", "from"):
            out += [p2 for p in c.children if p.dep_ == "pobj" for p2 in with_conjuncts(p)]
        elif c.dep_ == "acl" and c.tag_ == "VBN":
            out += _by_agent(c)                         # "abuses committed by the militia"
    return out


def complements(v) -> list:
    """Open clausal complements of ``v`` and their coordinated verbs ("offered to hand over",
    "threatened to break relations and impose sanctions"); of an event noun, its infinitive ("the
    refusal to recognise the president", "a threat to cut ties with Russia")."""
    out = []
    noun = v.pos_ in ("NOUN", "PROPN")
    for c in v.children:
        if (c.dep_ == "xcomp" or noun and c.dep_ == "acl" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)) \
                and c.pos_ in ("VERB", "AUX"):
            out.append(c)
            out += [x for x in c.conjuncts if x.i > c.i and x.pos_ in ("VERB", "AUX")]
    return out


def that_clause_subjects(v) -> list:
    """Subjects of a finite clausal complement: "demanded that the US cancel" -> US."""
    out = []
    for c in v.children:
        if c.dep_ in ("ccomp", "acl") and c.pos_ in ("VERB", "AUX"):
            out += [s2 for s in c.children if s.dep_ in ("nsubj", "nsubjpass") for s2 in with_conjuncts(s)]
    return out


def condition_subjects(v, marks) -> list:
    """Subjects of a condition clause of ``v`` opened by one of ``marks``: "unless Israel rescinded" -> Israel."""
    out = []
    for c in v.children:
        if c.dep_ == "advcl" and c.pos_ in ("VERB", "AUX") and any(m.dep_ == "mark" and m.lower_ in marks
                                                                  for m in c.children):
            out += [s2 for s in c.children if s.dep_ in ("nsubj", "nsubjpass") for s2 in with_conjuncts(s)]
    return out


INSTRUMENT_PREPS = ("with", "in", "using", "through", "via")


def instrument_verb(n):
    """The verb a nominal event is the means or setting of: "pushed them back with the help of air
    strikes", "wounded two soldiers in a bomb attack" -> the verb, else None."""
    t = n
    for _ in range(2):
        if t.dep_ != "pobj":
            return None
        prep = t.head
        gov = prep.head
        if prep.lower_ in INSTRUMENT_PREPS and gov.pos_ in ("VERB", "AUX"):
            return gov
        if prep.lower_ in ENGAGE_PREPS and gov.pos_ == "VERB" and two_sided(t, _two_sided_words()):
            return gov                                  # "engaged the bandits into a gun duel"
        if prep.lower_ == "of" and gov.pos_ == "NOUN":   # "with the help of air strikes"
            t = gov
            continue
        return None
    return None
