"""Very long texts: parse only the lines that can hold an event.

A clean text over :data:`wirecoder.nlp.SELECT_CHARS` characters (a live blog, a page that glued
many reports together, a dump) is not parsed whole. Its lines -- and, inside a line over
:data:`UNIT_CHARS` characters, its sentence-like pieces -- are *units*; a unit is parsed only if it
can hold an event mention or a setting sentence, which a word test decides without spaCy:

- an inflected form of a trigger lemma of the lexicon (``data/lexicon.tsv``) is in the unit, and
  every word its frame requires (particle, preposition, object or complement lemma, in any
  inflection) is in the unit too (for a piece of a long line: in it or the pieces beside it);
- or an event noun and a setting verb of ``data/assembly.yaml`` ("the attack took place ...").

The forms come from the spaCy model's own lemmatizer tables (its exceptions and suffix rules,
inverted) and attribute-ruler lemmas ("'s" -> "be"), so every token the lexicon can match on a
full parse lies in a parsed unit (tested on real news). Consecutive parsed units are parsed
together, as one text; the rest is only tokenized, with a sentence start at every line and piece.
Both kinds of piece are joined into one Doc over the whole text with exact offsets: unparsed
tokens have no tag, lemma, dependency or entity, so no stage finds events, actors or places in
them. Dates are read from the text itself, not the parse, so they are unaffected; a place or an
actor named only in an unparsed line (and not in the line of the event) is lost, and so is a
pronoun's antecedent there. What was skipped is logged and counted in ``doc.user_data``.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Optional

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

log = logging.getLogger("wirecoder.nlp")

# A line longer than this is cut into sentence-like pieces (after ". ", "! ", "? ") that are
# selected one by one; shorter lines are selected whole.
UNIT_CHARS = 2_000

# The selected lines of a long text are parsed by PROCESSES processes (spaCy's own ``pipe(...,
# n_process=)``: forked workers that send the Docs back serialized) when they hold at least
# PARALLEL_CHARS characters, and only where forking is safe and the cores are free: in a main
# process with no other Python thread (not the server, not an engine's or Spark's worker).
# ``$WIRECODER_PARSE_PROCESSES`` overrides PROCESSES (1: never).
PROCESSES = 2
PARALLEL_CHARS = 100_000
# A run of consecutive selected units is parsed in windows of at most this many characters (see
# nlp.windows), so that a text that is nearly all selected still splits into even shares.
RUN_WINDOW_CHARS = 20_000

SELECTED_KEY = "wirecoder.parsed_chars"     # doc.user_data: (characters parsed, characters in all)

_WORD = re.compile(r"[0-9a-z]+(?:-[0-9a-z]+)*|'[a-z]+")
_PIECE_END = re.compile(r"[.!?][\"'”)\]]*\s+")


@dataclass(frozen=True)
class TriggerIndex:
    """Word forms that can become a lexicon trigger, with the words each frame requires."""

    # word form -> frames it can trigger; a frame is a tuple of requirements, each a set of word
    # forms of which one must be present (an empty frame needs nothing else)
    frames: dict[str, tuple[tuple[frozenset[str], ...], ...]]
    setting_nouns: frozenset[str]
    setting_verbs: frozenset[str]

    def selects(self, words: set[str], context: Optional[set[str]] = None) -> bool:
        """Whether a unit with these words can hold an event mention or a setting sentence; the
        frames' other words may be in ``context`` (the unit's words and its neighbours')."""
        ctx = words if context is None else context
        for w in words:
            fr = self.frames.get(w)
            if fr is None and w.endswith("s"):
                fr = self.frames.get(w.rstrip("s"))
            if fr is not None:
                for reqs in fr:
                    if all(not ctx.isdisjoint(r) for r in reqs):
                        return True
        return not words.isdisjoint(self.setting_nouns) and not ctx.isdisjoint(self.setting_verbs)


def words_of(text: str) -> set[str]:
    """The lowercase words of ``text`` and the parts of its hyphenated words ("cease-fire",
    "cease", "fire"); a clitic keeps its apostrophe ("he's" -> "he", "'s")."""
    out: set[str] = set()
    for w in _WORD.findall(text.lower().replace("\u2019", "'")):
        out.add(w)
        if "-" in w:
            out.update(w.split("-"))
    return out


class _Forms:
    """Inflected forms of a lemma by the model's lemmatizer tables, inverted."""

    def __init__(self, lang: Language):
        self.rules: dict[str, list] = {}
        self.exc: dict[str, dict[str, list[str]]] = {}
        self.ruler: dict[str, set[str]] = {}
        if "lemmatizer" in lang.pipe_names:
            lookups = lang.get_pipe("lemmatizer").lookups
            rules = lookups.get_table("lemma_rules") if lookups.has_table("lemma_rules") else {}
            exc = lookups.get_table("lemma_exc") if lookups.has_table("lemma_exc") else {}
            for pos in ("verb", "noun", "adj", "propn"):
                if rules.get(pos):
                    self.rules[pos] = list(rules.get(pos))
                if exc.get(pos):
                    inv: dict[str, list[str]] = {}
                    for form, lemmas in exc.get(pos).items():
                        for lem in lemmas:
                            inv.setdefault(lem.lower(), []).append(form.lower())
                    self.exc[pos] = inv
        if "attribute_ruler" in lang.pipe_names:
            for p in lang.get_pipe("attribute_ruler").patterns:
                lemma = p.get("attrs", {}).get("LEMMA")
                if not lemma:
                    continue
                for pattern in p.get("patterns", []):
                    for tok in pattern:
                        for k in ("LOWER", "ORTH", "TEXT", "NORM"):
                            v = tok.get(k)
                            vals = [v] if isinstance(v, str) else v.get("IN", []) if isinstance(v, dict) else []
                            for x in vals:
                                if isinstance(x, str):
                                    self.ruler.setdefault(lemma.lower(), set()).update(words_of(x) or {x.lower()})

    def __call__(self, lemma: str) -> set[str]:
        lemma = lemma.lower()
        out = {lemma} | self.ruler.get(lemma, set())
        for pos, rules in self.rules.items():
            for old, new in rules:
                if lemma.endswith(new):
                    out.add(lemma[:len(lemma) - len(new)] + old)
        for inv in self.exc.values():
            out.update(inv.get(lemma, ()))
        # words as _WORD reads them: a hyphenated lemma needs its parts (spaCy splits at hyphens)
        return {w for f in out for w in words_of(f)} | out


@lru_cache(maxsize=4)
def trigger_index(model: str) -> TriggerIndex:
    """The trigger index of the lexicon and assembly cues for spaCy model ``model`` (cached)."""
    from . import nlp
    from .assemble import default_assembly_cues
    from .extraction.lexicon import default_lexicon

    forms = _Forms(nlp.load(model))
    frames: dict[str, set[tuple[frozenset[str], ...]]] = {}
    for (lemma, _pos), entries in default_lexicon().entries.items():
        triggers = forms(lemma)
        if "-" in lemma:        # "cease-fire" is tokenized "cease - fire": its last part is the token
            triggers |= forms(lemma.split("-")[-1])
        for e in entries:
            if e.type == "-":
                continue
            reqs: list[frozenset[str]] = []
            if e.prt:
                reqs.append(frozenset(words_of(e.prt)))
            if e.obj:
                reqs.append(frozenset(f for o in e.obj for f in forms(o)))
            for preps, objs in e.preps:
                reqs.append(frozenset(f for p in preps for f in words_of(p)))
                if objs:
                    reqs.append(frozenset(f for o in objs for f in forms(o)))
            if e.xcomp:
                reqs.append(frozenset(f for o in e.xcomp for f in forms(o)))
            for t in triggers:
                frames.setdefault(t, set()).add(tuple(reqs))
    cues = default_assembly_cues()
    nouns = frozenset(f for n in cues.event_nouns for f in forms(n))
    verbs = frozenset(f for v in cues.setting_verbs for f in forms(v))
    return TriggerIndex({w: tuple(fr) for w, fr in frames.items()}, nouns, verbs)


def units(text: str, piece_chars: int = UNIT_CHARS) -> list[tuple[int, int, bool]]:
    """``(start, end, piece)`` units covering ``text``: its lines (each with its line break and the
    blank lines after it), a line over ``piece_chars`` characters cut after sentence ends into
    pieces (``piece`` True). Every unit but the last ends on a whitespace run, whole."""
    out: list[tuple[int, int, bool]] = []
    start = 0
    for m in re.finditer(r"\n\s*", text):
        _pieces(text, start, m.end(), piece_chars, out)
        start = m.end()
    if start < len(text):
        _pieces(text, start, len(text), piece_chars, out)
    return out


def _pieces(text: str, s: int, e: int, piece_chars: int, out: list[tuple[int, int, bool]]) -> None:
    if e - s <= piece_chars:
        out.append((s, e, False))
        return
    p = s
    for m in _PIECE_END.finditer(text, s, e):
        if m.end() - p >= 40 and m.end() < e:
            out.append((p, m.end(), True))
            p = m.end()
    out.append((p, e, p > s))


def select(text: str, index: TriggerIndex, piece_chars: int = UNIT_CHARS) -> list[tuple[int, int, bool]]:
    """``(start, end, parse)``: the units of ``text``, consecutive units of one kind merged, with
    whether they are parsed."""
    us = units(text, piece_chars)
    words = [words_of(text[s:e]) for s, e, _p in us]
    out: list[tuple[int, int, bool]] = []
    for k, (s, e, piece) in enumerate(us):
        ctx = None
        if piece:   # the frame's other words may be in the pieces beside it (a cut inside a sentence)
            ctx = words[k] | (words[k - 1] if k else set()) | (words[k + 1] if k + 1 < len(us) else set())
        c = index.selects(words[k], ctx)
        if out and out[-1][2] == c:
            out[-1] = (out[-1][0], e, c)
        else:
            out.append((s, e, c))
    return out


_ONE_PROCESS = False


def one_process() -> None:
    """Never parse in more processes here (called where the cores are the engine's: Spark's workers)."""
    global _ONE_PROCESS
    _ONE_PROCESS = True


def processes() -> int:
    """How many processes may parse a long text's selected lines here (see PROCESSES)."""
    env = os.environ.get("WIRECODER_PARSE_PROCESSES", "").strip()
    try:
        k = int(env) if env else PROCESSES
    except ValueError:
        log.warning("WIRECODER_PARSE_PROCESSES=%r is not a number; using %d", env, PROCESSES)
        k = PROCESSES
    k = max(1, min(k, os.cpu_count() or 1))
    if k > 1 and (threading.active_count() > 1 or multiprocessing.parent_process() is not None
                  or multiprocessing.get_start_method(allow_none=True) not in (None, "fork") or _ONE_PROCESS):
        return 1
    return k


def _plain(lang: Language, text: str) -> Doc:
    """``text`` tokenized only, a sentence starting after every line break and sentence end."""
    doc = lang.make_doc(text)
    if len(doc):
        col = numpy.full(len(doc), -1, dtype=numpy.int64)
        col[0] = 1
        for t in doc[:-1]:
            if "\n" in t.text or "\n" in t.whitespace_ or t.text in (".", "!", "?") and t.whitespace_:
                col[t.i + 1] = 1
        doc.from_array([SENT_START], col.astype(numpy.uint64))
    return doc


def parse_selected(text: str, lang: Language, model: str, window: int,
                   parse_texts=None) -> Doc:
    """The Doc of ``text`` with only its selected units parsed (see the module's docstring);
    ``parse_texts(texts) -> Docs`` parses the selected runs (default: ``lang.pipe``)."""
    from . import nlp

    runs = select(text, trigger_index(model))
    todo: list[tuple[int, int]] = []
    for s, e, c in runs:
        if c:       # a long run is itself parsed in windows
            todo.extend((s + a, s + b) for a, b in nlp.windows(text[s:e], min(window, RUN_WINDOW_CHARS)))
    if parse_texts is None:
        k = processes() if sum(e - s for s, e in todo) >= PARALLEL_CHARS else 1
        if k > 1:
            log.info("parsing %d characters of a long text in %d processes", sum(e - s for s, e in todo), k)

        def parse_texts(texts: list[str]) -> Iterable[Doc]:
            # batches of ~20,000 characters (up to 64 lines), so that the processes get even shares
            size = max(1, min(64, RUN_WINDOW_CHARS * len(texts) // max(1, sum(map(len, texts)))))
            return lang.pipe(texts, batch_size=size, n_process=k)
    parsed = iter(parse_texts([text[s:e] for s, e in todo]))
    docs: list[Doc] = []
    plain: list[tuple[int, Doc]] = []      # (first token index in the joined Doc, plain Doc)
    n_tok = n_parsed = 0
    for s, e, c in runs:
        if c:
            for a, b in nlp.windows(text[s:e], min(window, RUN_WINDOW_CHARS)):
                d = next(parsed)
                docs.append(d)
                n_tok += len(d)
            n_parsed += e - s
        else:
            d = _plain(lang, text[s:e])
            plain.append((n_tok, d))
            docs.append(d)
            n_tok += len(d)
    doc = Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor", "user_data"])
    if doc.text != text:    # cannot happen: spaCy keeps every character; say so if it ever does
        raise RuntimeError("joining the parsed pieces of a long text changed the text")
    if plain:
        # from_docs re-derives sentence starts from the parse, which unparsed tokens lack
        col = doc.to_array([SENT_START])
        for off, d in plain:
            if len(d):
                col[off:off + len(d)] = d.to_array([SENT_START])
        doc.from_array([SENT_START], col)
    doc.user_data[nlp._TEXT_KEY] = text
    doc.user_data[SELECTED_KEY] = (n_parsed, len(text))
    log.info("a text of %d characters: %d characters (%.0f %%) in lines that can hold an event were "
             "parsed, the rest only tokenized", len(text), n_parsed, 100.0 * n_parsed / max(1, len(text)))
    return doc
