"""How many: the count an event's roles give ("46 soldiers", "three of them and two others"),
read from the parse with :mod:`wirecoder.resolve.counts`."""
from __future__ import annotations

from typing import Collection, Optional

from ..records import Size
from ..resolve.counts import VAGUE as VAGUE_COUNTS, casualties, count_for_phrase
from .lexicon import Entry
from .state import _Doc, _Roles


def _size(entry: Entry, r: _Roles, sent, state: Optional[_Doc] = None, tok=None,
          receiver_types: Collection[str] = frozenset()) -> Optional[Size]:
    """The count of the people the event is about (victims of violence or sanctions, those aid
    reaches, doers otherwise; an event noun's "of" phrase when its roles give none: "the release
    of 344 students", "the withdrawal of 300 troops"), casualties."""
    # a raid or seizure is about the force that makes it ("3,000 officers raided 130 properties")
    victims_first = entry.type in ("ASSAULT", "COERCE", "SANCTION") and (entry.type, entry.mode) != ("COERCE", "seize")
    if entry.type in receiver_types:
        lists = [r.patient_heads, r.recip_heads]    # "gave treatment to 15 wounded people": those it reaches (cues.yaml)
    elif victims_first:
        lists = [r.patient_heads, r.recip_heads, r.agent_heads]
    else:
        lists = [r.agent_heads, r.patient_heads]
    size = next((s for heads in lists if (s := _count_of(heads, state)) is not None), None)
    if size is None and r.nominal and tok is not None:
        for of in (c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"):
            size = next((s for p in of.children if p.dep_ == "pobj" and (s := count_for_phrase(p)) is not None), None)
            if size is not None:
                break
    if entry.type in ("ASSAULT", "COERCE", "PROTEST"):
        size = casualties(sent, size)
    if size is not None and entry.type == "COERCE" and entry.mode == "arrest" and size.arrested is None:
        size.arrested = size.people
    return size


def _count_of(heads: list, state: Optional[_Doc]) -> Optional[Size]:
    """The count the first counted phrase of one role's heads gives, with its counted conjuncts."""
    for h in heads:
        size = count_for_phrase(h)
        if size is not None:
            return _with_counted_conjuncts(size, h, heads, state)
    return None


# sectors of kinds of people that add up ("80 pupils and four others"); firms and bodies do not
NON_PEOPLE_SECTORS = frozenset({"BUS", "IGO", "NGO", "PTY", "LEG", "-"})


def _with_counted_conjuncts(size: Size, head, heads: list, state: Optional[_Doc]) -> Size:
    """"Gunmen seized 80 pupils and four others": the conjoined groups of people of one role, each
    counted, are all the people the event is about (84). Conjuncts that name no people ("9 people
    and three firms") or are uncounted names are left out; no sum when a group of people is
    uncounted or vague, or when the groups are a list, not a pair ("300 prisoners, 290
    Ukrainians and 10 foreigners": a total, then its parts)."""
    conj = [c for c in heads if c is not head and c in head.conjuncts]
    if not conj or size.people is None or state is None or not any(c.dep_ == "cc" for c in head.children):
        return size             # "300 prisoners, 290 Ukrainians and 10 foreigners": a total, then its parts
    counts = []
    for c in conj:
        s = count_for_phrase(c)
        a = state.actors.get(c.i)
        people = c.lemma_.lower() == "other" or (a is not None and a.sector is not None
                                                 and a.sector not in NON_PEOPLE_SECTORS)
        if not people or c.pos_ == "PROPN" and s is None:
            continue            # a firm, or a name the parser joined on ("... in the town, X district")
        if s is None or s.people is None or _vague(c):
            return size         # "80 pupils and teachers": how many in all is not said
        counts.append(s)
    if not counts:
        return size
    rest = sum(s.people or 0 for s in counts)
    if rest == size.people or _vague(head):
        return size
    quals = [q for q in [size.qualifier] + [s.qualifier for s in counts] if q and q != "exact"]
    return Size(people=size.people + rest, qualifier=quals[0] if quals else "exact",
                text=" and ".join(x.text or "" for x in [size] + counts))


def _vague(head) -> bool:
    """A count word with no number ("dozens", "scores")."""
    return head.lower_ in VAGUE_COUNTS or any(c.lower_ in VAGUE_COUNTS for c in head.children if c.dep_ == "nummod")
