"""Counts of people: "46 members ..., including five officers" -> 46 exact; "at least 35" -> 35 at_least.

Conventions follow ACLED's for vague numbers: "dozens" -> 12, "scores" -> 20, "hundreds" -> 100,
"thousands" -> 1000 (qualifier ``about``), "a dozen" -> 12 (about). Casualties (dead, injured,
arrested) are read from the event's sentence ("killing 12 people", "five were wounded").
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Optional

from ..datafiles import read_yaml, yaml_words
from ..errors import DataFileError
from ..records import Size

COUNT_WORDS_FILE = Path(__file__).resolve().parents[1] / "data" / "counts.yaml"
QUALIFIER_NAMES = ("at_least", "more_than", "less_than", "at_most", "about")
_NUMBER_TABLES = ("word_numbers", "scales", "vague")
_LEMMA_LISTS = ("dead", "injured", "arrested", "numbering")


def load_count_words(path: str | Path | None = None) -> dict[str, Any]:
    """The count reader's words (``data/counts.yaml``, or the file at ``path``; the format is in the
    file's header): the number tables as {word: value}, ``qualifiers`` as ((words, qualifier), ...)
    in order, the lemma lists as frozensets. A malformed file raises :class:`DataFileError` naming the key."""
    path = Path(path) if path else COUNT_WORDS_FILE
    raw = read_yaml(path, _NUMBER_TABLES + _LEMMA_LISTS + ("qualifiers",))
    out: dict[str, Any] = {}
    for key in _NUMBER_TABLES:
        table = raw[key]
        if not isinstance(table, dict) or not table or not all(
                isinstance(w, str) and isinstance(v, int) and not isinstance(v, bool) and v > 0
                for w, v in table.items()):
            raise DataFileError(str(path), f"{key}: expected a mapping {{word: positive whole number}} "
                                           f"(quote on/off/yes/no)")
        out[key] = dict(table)
    for key in _LEMMA_LISTS:
        out[key] = frozenset(yaml_words(path, key, raw[key]))
    quals = []
    for n, q in enumerate(raw["qualifiers"] or [], 1):
        if not isinstance(q, dict) or set(q) != {"words", "qualifier"} or q["qualifier"] not in QUALIFIER_NAMES:
            raise DataFileError(str(path), f"qualifiers: entry {n}: expected {{words: [...], qualifier: one of "
                                           f"{', '.join(QUALIFIER_NAMES)}}}")
        quals.append((yaml_words(path, f"qualifiers {n}: words", q["words"]), q["qualifier"]))
    if not quals:
        raise DataFileError(str(path), "qualifiers: expected a non-empty list")
    out["qualifiers"] = tuple(quals)
    return out


_WORDS = load_count_words()
WORD_NUMBERS: dict[str, int] = _WORDS["word_numbers"]
SCALES: dict[str, int] = _WORDS["scales"]
VAGUE: dict[str, int] = _WORDS["vague"]        # ACLED's conventions: "dozens" 12, "hundreds" 100
QUALIFIERS: tuple[tuple[tuple[str, ...], str], ...] = _WORDS["qualifiers"]
PEOPLE_NOUNS = None  # any noun that names an actor counts; see count_for_phrase

DEAD: frozenset[str] = _WORDS["dead"]
INJURED: frozenset[str] = _WORDS["injured"]
ARRESTED: frozenset[str] = _WORDS["arrested"]

_num_re = re.compile(r"^\d{1,3}(,\d{3})+$|^\d+(\.\d+)?$")


def parse_number(words: list[str]) -> Optional[tuple[int, bool]]:
    """Number words/digits -> (value, vague). ``["1,000"]`` -> (1000, False); ``["hundreds"]`` -> (100, True)."""
    if not words:
        return None
    w = [x.lower().replace("’", "'") for x in words]
    if len(w) == 1 and w[0] in VAGUE:
        return VAGUE[w[0]], True
    total = 0
    current = 0
    seen = False
    for x in w:
        if x in ("and", "-"):
            continue
        if _num_re.match(x):
            current += int(float(x.replace(",", "")))
            seen = True
        elif x in WORD_NUMBERS:
            current += WORD_NUMBERS[x]
            seen = True
        elif "-" in x and all(p in WORD_NUMBERS for p in x.split("-")):
            current += sum(WORD_NUMBERS[p] for p in x.split("-"))
            seen = True
        elif x in SCALES:
            current = max(current, 1) * SCALES[x]
            if SCALES[x] >= 1000:
                total += current
                current = 0
            seen = True
        else:
            return None
    if not seen:
        return None
    return total + current, False


def _qualifier_before(doc, i: int) -> tuple[Optional[str], int]:
    """Qualifier words ending right before token ``i``: ("at_least", index of first qualifier token)."""
    for words, q in QUALIFIERS:
        k = len(words)
        if i - k >= 0 and tuple(t.lower_ for t in doc[i - k:i]) == words:
            return q, i - k
    return None, i


def _number_tokens(tok) -> list:
    """The tokens of the number whose head is ``tok`` ("1,000", "two hundred", "five")."""
    toks = [tok] + [c for c in tok.children if c.dep_ in ("compound", "quantmod", "nummod") and c.like_num]
    return sorted(toks, key=lambda t: t.i)


NOT_PEOPLE_ENTS = frozenset({"TIME", "DATE", "MONEY", "PERCENT", "QUANTITY"})   # spaCy entity labels


def count_for_phrase(head) -> Optional[Size]:
    """The number of people in the noun phrase headed by ``head`` (a spaCy token), or None.

    "46 members of the Afghan army, including five officers" -> Size(46, "exact", "46 members ...")
    "hundreds of soldiers" -> Size(100, "about"); "at least 35 Afghan soldiers" -> Size(35, "at_least").
    """
    doc = head.doc
    if head.ent_type_ in NOT_PEOPLE_ENTS:
        return None                                       # "at 5 p.m.", "for 3 hours", "$5 million": no people
    if head.lemma_.lower() == "total" and not head.like_num:
        # "a total of 68 members": the count is the "of" phrase's
        of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if obj is not None:
            return count_for_phrase(obj)
    num_tok = None
    if head.like_num or head.lower_ in VAGUE:
        num_tok = head                                    # "hundreds of soldiers", "46 of them"
    else:
        for c in head.children:
            if c.dep_ == "nummod" or (c.like_num and c.dep_ in ("amod", "compound")):
                num_tok = c
                break
    if num_tok is None:
        return _numbering(head)
    toks = _number_tokens(num_tok)
    parsed = parse_number([t.text for t in toks])
    if parsed is None:
        return None
    value, vague = parsed
    qual, qstart = _qualifier_before(doc, toks[0].i)
    if qual is None and toks[0].i > 0 and doc[toks[0].i - 1].lower_ in ("a", "an"):
        qual, qstart = _qualifier_before(doc, toks[0].i - 1)     # "nearly a hundred"
    if qual is None:
        qual = "about" if vague else "exact"
    if value <= 0:
        return None
    start = min(qstart, toks[0].i)
    end = max(head.i, toks[-1].i) + 1
    if head.i < toks[0].i:
        start = min(start, head.i)
    return Size(people=value, qualifier=qual, text=doc[start:end].text)


NUMBERING: frozenset[str] = _WORDS["numbering"]     # "pupils, numbering about 80": a participle giving the group's size


def _numbering(head) -> Optional[Size]:
    """"Some pupils of the school, numbering about 80, were seized" (the participle modifies the
    noun), "Numbering about 80, the pupils were seized" (it opens the clause whose subject the noun
    is): the number the participle takes is the group's size."""
    parts = [c for c in head.children if c.dep_ == "acl"]
    if head.dep_ in ("nsubj", "nsubjpass"):
        parts += [c for c in head.head.children if c.dep_ == "advcl" and c.i < head.i]
    for v in parts:
        if v.lemma_.lower() not in NUMBERING or v.tag_ != "VBG":
            continue
        for c in v.children:
            if c.dep_ in ("dobj", "npadvmod", "attr") and c.like_num:
                toks = _number_tokens(c)
                parsed = parse_number([t.text for t in toks])
                if parsed is None or parsed[0] <= 0:
                    return None
                qual, qstart = _qualifier_before(head.doc, toks[0].i)
                return Size(people=parsed[0], qualifier=qual or ("about" if parsed[1] else "exact"),
                            text=head.doc[min(qstart, toks[0].i):toks[-1].i + 1].text)
    return None


def casualties(sent, size: Optional[Size]) -> Optional[Size]:
    """Add dead/injured/arrested counts found in the sentence ``sent`` (a spaCy Span) to ``size``."""
    dead = injured = arrested = None
    for tok in sent:
        lemma = tok.lemma_.lower()
        kind = "dead" if lemma in DEAD else "injured" if lemma in INJURED else "arrested" if lemma in ARRESTED else None
        if kind is None:
            continue
        n = _count_near(tok)
        if n is None:
            continue
        if kind == "dead":
            dead = max(dead or 0, n)
        elif kind == "injured":
            injured = max(injured or 0, n)
        else:
            arrested = max(arrested or 0, n)
    if dead is None and injured is None and arrested is None:
        return size
    size = size or Size()
    size.dead, size.injured, size.arrested = dead, injured, arrested
    return size


def _count_near(tok) -> Optional[int]:
    """'killing 12 people' (dobj), '12 people were killed' (nsubjpass), '12 dead', 'death toll of 12'."""
    cands = []
    for c in tok.children:
        if c.dep_ in ("dobj", "nsubjpass", "nsubj", "pobj", "attr"):
            cands.append(c)
        if c.dep_ == "prep" and c.lower_ == "of":
            cands += [p for p in c.children if p.dep_ == "pobj"]
    if tok.dep_ in ("amod",) and tok.head.pos_ in ("NOUN", "NUM"):
        cands.append(tok.head)                    # "12 dead soldiers"
    if tok.pos_ == "ADJ" and tok.dep_ in ("acomp",):
        cands += [c for c in tok.head.children if c.dep_ == "nsubj"]
    for c in cands:
        s = count_for_phrase(c)
        if s is not None and s.people:
            return s.people
    return None
