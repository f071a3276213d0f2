"""The trigger lexicon (``data/lexicon.tsv``): words in syntactic frames -> PLOVER event types.

See the header of ``lexicon.tsv`` for the pattern syntax. Matching works on spaCy tokens::

    lex = Lexicon.load()
    entry = lex.match(token)   # -> Entry or None
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Optional

from ..datafiles import data_path, read_tsv, split_list
from ..errors import DataFileError
from ..ontology import Ontology, default_ontology

OBJ_DEPS = ("dobj", "obj", "attr", "oprd")


@dataclass(frozen=True)
class Entry:
    lemma: str
    pos: str                                   # "v" | "n"
    type: str                                  # PLOVER type, or "-" for "not an event"
    mode: Optional[str]
    cameo: Optional[str]
    context: tuple[str, ...]
    acled: Optional[str]
    conf: float
    prt: Optional[str] = None
    obj: Optional[frozenset[str]] = None
    preps: tuple[tuple[frozenset[str], Optional[frozenset[str]]], ...] = ()
    xcomp: Optional[frozenset[str]] = None
    subj: Optional[frozenset[str]] = None      # +subj: the subject's lemma ("trucks arrived")
    mod: Optional[frozenset[str]] = None       # +mod: a modifier before the trigger ("a general strike")
    conj: Optional[frozenset[str]] = None      # +conj: a word the trigger is coordinated with ("treated and released")
    subj_is_recipient: bool = False
    subj_is_theme: bool = False                # @subj=theme: the subject is what is moved, no doer
    prep_is_doer: bool = False                 # @prep=doer: "the town fell to the rebels"
    pattern: str = ""
    where: str = ""

    @property
    def specificity(self) -> int:
        return (self.prt is not None) + (self.obj is not None) + len(self.preps) + (self.xcomp is not None) \
            + (self.subj is not None) + (self.mod is not None) + (self.conj is not None)

    @property
    def acled_pair(self) -> tuple[Optional[str], Optional[str]]:
        from .acled import default_acled   # ACLED type names contain "/" ("Explosions/Remote violence")

        return default_acled().split(self.acled)


ANY_OBJECT = "*"   # "+obj:*": the verb has an object (or a passive subject), whatever it is


def _object_lemmas(tok) -> set[str]:
    out = _argument_lemmas(tok, OBJ_DEPS + ("nsubjpass",))
    if tok.dep_ == "acl" and tok.tag_ == "VBN":
        out.add(tok.head.lemma_.lower())    # "negotiations interrupted by Duque": the noun is the object
    return out


def _subject_lemmas(tok) -> set[str]:
    out = _argument_lemmas(tok, ("nsubj",))
    if tok.dep_ == "acl" and tok.tag_ in ("VBD", "VBG"):
        out.add(tok.head.lemma_.lower())    # "bombers, struck at ...": a finite verb read as the noun's modifier
    return out


MOD_DEPS = ("amod", "compound", "nmod", "npadvmod", "poss")


def _modifier_lemmas(tok) -> set[str]:
    """Lemmas of the words that modify ``tok`` from before it ("a general strike", "a 24-hour strike",
    "the teachers' strike", "a press release")."""
    return {c.lemma_.lower() for c in tok.children if c.dep_ in MOD_DEPS and c.i < tok.i}


def _argument_lemmas(tok, deps: tuple[str, ...]) -> set[str]:
    """Lemmas naming the children of ``tok`` with these dependencies (their conjuncts, the kind a
    modifier before them names, the measured noun of their "of")."""
    out = set()
    for c in tok.children:
        if c.dep_ in deps:
            for o in (c, *c.conjuncts):     # "shelter and safe passage": coordinated objects count too
                out.add(o.lemma_.lower())
                # "a peacekeeping contingent", "aid convoys": the kind the modifier names counts
                out.update(m.lemma_.lower() for m in o.children if m.dep_ in ("compound", "amod") and m.i < o.i)
                # "200 tonnes of food", "a shipment of weapons": the measured noun counts
                out.update(p.lemma_.lower() for pr in o.children if pr.dep_ == "prep" and pr.lower_ == "of"
                           for p in pr.children if p.dep_ == "pobj")
    return out


def _prep_objects(tok, preps: frozenset[str]) -> Optional[set[str]]:
    found = None
    for c in tok.children:
        if c.dep_ in ("prep", "dative", "agent") and c.lower_ in preps:
            found = found or set()
            for p in c.children:
                if p.dep_ in ("pobj", "pcomp"):
                    found.add(p.lemma_.lower())
                    found.update(cc.lemma_.lower() for cc in p.conjuncts)
    return found


@dataclass
class Lexicon:
    entries: dict[tuple[str, str], list[Entry]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: str | Path | None = None, ontology: Ontology | None = None) -> "Lexicon":
        path = Path(path) if path else data_path("lexicon.tsv")
        onto = ontology or default_ontology()
        lex = cls()
        for no, row in read_tsv(path, ["pattern", "type", "mode", "cameo", "context", "acled", "conf"]):
            where = f"{path}:{no}"
            entry = _parse_entry(row, where)
            if entry.type != "-":
                onto.check(entry.type, entry.mode, list(entry.context), where)
            lex.entries.setdefault((entry.lemma, entry.pos), []).append(entry)
        for key, lst in lex.entries.items():
            # most specific first; file order among equals (sort is stable)
            lst.sort(key=lambda e: -e.specificity)
        return lex

    def __len__(self) -> int:
        return sum(len(v) for v in self.entries.values())

    def candidates(self, lemma: str, pos: str) -> list[Entry]:
        return self.entries.get((lemma, pos), [])

    def may_match(self, lemma: str, lower: str, pos: str, tag: str, dep: str) -> bool:
        """Whether :meth:`frame` has any entry to try for a token with these attributes (``lemma``
        lower-cased; ``pos``, ``tag``, ``dep`` as spaCy names them): a token without one matches
        nothing, whatever its children."""
        return bool(self._candidates(lemma, lower, pos, tag, dep))

    def _candidates(self, lemma: str, lower: str, upos: str, tag: str, dep: str) -> Optional[list[Entry]]:
        pos = "v" if upos in ("VERB", "AUX") else "n" if upos in ("NOUN", "PROPN") else None
        if pos is None and upos == "ADJ" and dep in ("acomp", "advcl", "ccomp", "ROOT"):
            # a predicative participle the tagger calls an adjective ("is committed to"), also
            # heading a clause of its own ("'Deeply concerned about the arrests,' she said")
            pos = "v"
        if pos is None:
            return None
        cands = self.entries.get((lemma, pos))
        if not cands and pos == "n" and tag == "NNS":
            cands = self.entries.get((lower.rstrip("s"), pos))
        return cands

    def match(self, tok) -> Optional[Entry]:
        """The most specific entry whose frame the token satisfies, or None."""
        best = self.frame(tok)
        return None if best is None or best.type == "-" else best

    def frame(self, tok) -> Optional[Entry]:
        """The most specific entry whose frame the token satisfies, a "-" (no event) entry included."""
        cands = self._candidates(tok.lemma_.lower(), tok.lower_, tok.pos_, tok.tag_, tok.dep_)
        if not cands:
            return None
        best: Optional[Entry] = None
        for e in cands:
            if best is not None and e.specificity < best.specificity:
                break
            if _satisfies(e, tok):
                if best is None:
                    best = e
                elif e.obj is not None and best.obj is not None and _head_object(tok) in e.obj \
                        and _head_object(tok) not in best.obj:
                    best = e  # "received food, shelter ...": the first object decides
        return best


def _head_object(tok) -> Optional[str]:
    for c in tok.children:
        if c.dep_ in OBJ_DEPS or c.dep_ == "nsubjpass":
            return c.lemma_.lower()
    return None


def _satisfies(e: Entry, tok) -> bool:
    if e.prt is not None:
        if not any(c.dep_ == "prt" and c.lower_ == e.prt for c in tok.children):
            # "take over" is sometimes parsed with "over" as a preposition
            if not any(c.dep_ in ("prep", "advmod") and c.lower_ == e.prt and not list(c.children)
                       for c in tok.children):
                return False
    if e.obj is not None:
        objs = _object_lemmas(tok)
        if not (objs & e.obj or ANY_OBJECT in e.obj and objs):
            return False
    for prep, objs in e.preps:
        found = _prep_objects(tok, prep)
        if found is None or (objs is not None and not (found & objs)):
            return False
    if e.xcomp is not None and not any(c.dep_ == "xcomp" and (c.lemma_.lower() in e.xcomp or ANY_OBJECT in e.xcomp)
                                       for c in tok.children):
        return False
    if e.subj is not None and not _subject_lemmas(tok) & e.subj:
        return False
    if e.mod is not None and not _modifier_lemmas(tok) & e.mod:
        return False
    if e.conj is not None and not {c.lemma_.lower() for c in tok.conjuncts} & e.conj:
        return False
    return True


def _parse_entry(row: dict[str, str], where: str) -> Entry:
    parts = row["pattern"].split()
    if not parts:
        raise DataFileError(where, "empty pattern")
    head, _, pos = parts[0].partition(":")
    pos = pos or "v"
    if pos not in ("v", "n"):
        raise DataFileError(where, f"POS must be v or n, not {pos!r} (in {parts[0]!r})")
    prt = obj = xcomp = subj = mod = conj = None
    preps: list[tuple[frozenset[str], Optional[frozenset[str]]]] = []
    subj_rec = subj_theme = prep_doer = False
    for p in parts[1:]:
        if p.startswith("+prt:"):
            prt = p[5:]
        elif p.startswith("+obj:"):
            obj = frozenset(split_list(p[5:]))
        elif p.startswith("+prep:"):
            prep, _, objs = p[6:].partition(">")   # "+prep:over|for|against": any one of them
            preps.append((frozenset(split_list(prep)), frozenset(split_list(objs)) if objs else None))
        elif p.startswith("+xcomp:"):
            xcomp = frozenset(split_list(p[7:]))
        elif p.startswith("+subj:"):
            subj = frozenset(split_list(p[6:]))
        elif p.startswith("+mod:"):
            mod = frozenset(split_list(p[5:]))
        elif p.startswith("+conj:"):
            conj = frozenset(split_list(p[6:]))
        elif p == "@subj=recipient":
            subj_rec = True
        elif p == "@subj=theme":
            subj_theme = True
        elif p == "@prep=doer":
            prep_doer = True
        else:
            raise DataFileError(where, f"unknown constraint {p!r}; use +prt:, +obj:, +prep:, +xcomp:, +subj:, +mod:, +conj:, "
                                       f"@subj=recipient, @subj=theme or @prep=doer")
    if prep_doer and not preps:
        raise DataFileError(where, "@prep=doer needs a +prep: constraint (whose objects are the doers)")
    try:
        conf = float(row["conf"] or 0.5)
    except ValueError:
        raise DataFileError(where, f"conf must be a number, not {row['conf']!r}") from None
    if not 0 <= conf <= 1:
        raise DataFileError(where, "conf must be between 0 and 1")
    cameo = row["cameo"] or None
    if cameo and not (len(cameo) == 2 and cameo.isdigit()):
        raise DataFileError(where, f"cameo must be a two-digit root code, not {cameo!r}")
    return Entry(lemma=head.lower(), pos=pos, type=row["type"], mode=row["mode"] or None, cameo=cameo,
                 context=tuple(split_list(row["context"], ",")), acled=row["acled"] or None, conf=conf,
                 prt=prt, obj=obj, preps=tuple(preps), xcomp=xcomp, subj=subj, mod=mod, conj=conj,
                 subj_is_recipient=subj_rec,
                 subj_is_theme=subj_theme,
                 prep_is_doer=prep_doer, pattern=row["pattern"], where=where)


@lru_cache(maxsize=None)
def default_lexicon() -> Lexicon:
    return Lexicon.load()
