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
import weakref
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

import numpy
from spacy.attrs import (DEP, ENT_ID, ENT_KB_ID, ENT_TYPE, IS_SPACE, LEMMA, LENGTH, LOWER, MORPH, NORM, ORTH,
                         SENT_START, SPACY, TAG)
from spacy.language import Language
from spacy.tokens import Doc

log = logging.getLogger("wirecoder.nlp")

# A line longer than this is cut into sentence-like pieces (after ". ", "! ", "? ") that are
# selected one by one; shorter lines are selected whole.
UNIT_CHARS = 2_000

# The selected lines of a long text are parsed (and the others tokenized) by PROCESSES forked
# processes, which send back each piece's token attributes as an array (see _run_task), when they
# hold at least PARALLEL_CHARS characters, and only where forking is safe and the cores are free:
# in a main process with no other Python thread (not the server, not an engine's or Spark's
# worker). Its places are then found in a forked process beside its mentions (Beside).
# ``$WIRECODER_PARSE_PROCESSES`` overrides PROCESSES (1: never).
PROCESSES = 2
PARALLEL_CHARS = 100_000
# A run of consecutive selected units is parsed in windows of at most this many characters (see
# nlp.windows), so that a text that is nearly all selected still splits into even shares.
RUN_WINDOW_CHARS = 20_000
# The lines that are only tokenized go to the processes in batches of about this many characters.
PLAIN_TASK_CHARS = 200_000

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
    from .extraction.lexicon import ANY_OBJECT, default_lexicon

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
            if e.obj and ANY_OBJECT not in e.obj:      # "+obj:*": any object, no word required
                reqs.append(frozenset(f for o in e.obj for f in forms(o)))
            if e.subj:
                reqs.append(frozenset(f for o in e.subj for f in forms(o)))
            if e.mod:
                reqs.append(frozenset(f for o in e.mod for f in forms(o)))
            if e.conj:
                reqs.append(frozenset(f for o in e.conj for f in forms(o)))
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


# The token attributes a parsed or tokenized piece hands back: those Doc.from_docs copies when it
# joins Docs (so the joined Doc is the one from_docs would build), as one array per piece.
_ATTRS = tuple(Doc._get_array_attrs())
_COL = {a: k for k, a in enumerate(_ATTRS)}
# columns that hold string hashes (their strings travel with the array; ORTH's are the words)
_HASHED = [_COL[a] for a in (NORM, TAG, DEP, ENT_TYPE, ENT_KB_ID, ENT_ID, LEMMA, MORPH) if a in _COL]

_TASK_LANG: Optional[Language] = None     # the pipeline of the running parse (inherited by forked workers)


class _RulerMatches:
    """What ``AttributeRuler.match`` returns -- the sorted ``(rule, match id, start, end)`` matches
    of the ruler's Matcher -- found by a lookup of each token's (LOWER, TAG, DEP, IS_SPACE) in a
    table of which rules that combination satisfies, filled as combinations are met. spaCy's
    Matcher was an eighth of a long text's parsing cost; the en_core_web_sm ruler's 179 patterns
    are 1 or 2 tokens long and test only these attributes (equal, IN, NOT_IN, REGEX), and a ruler
    with any other pattern is left to its Matcher (:meth:`for_ruler` gives None)."""

    _KEYS = {"LOWER": 0, "TAG": 1, "DEP": 2, "IS_SPACE": 3}
    _ATTRS = [LOWER, TAG, DEP, IS_SPACE]

    def __init__(self, ruler, rules: list[tuple[int, int, list[list[tuple[int, str, object]]]]]):
        self.strings = ruler.vocab.strings
        self.rules = rules        # (rule index, match id, [token tests of each pattern])
        self.table: dict[tuple[int, ...], tuple[tuple[int, ...], frozenset[tuple[int, int, int]]]] = {}
        # each token test (rule, pattern, position), filed by its LOWER test: under the words an
        # equality or IN names; else with the tests read for every word (on TAG, DEP and IS_SPACE
        # only: their outcome is kept per (TAG, DEP, IS_SPACE))
        self.by_word: dict[str, list[tuple[int, int, int]]] = {}
        self.any_word: list[tuple[int, int, int]] = []
        self.no_word: list[tuple[int, int, int]] = []
        self.no_word_table: dict[tuple[int, ...], list[tuple[int, int, int]]] = {}
        for r, _mid, pats in rules:
            for k, pat in enumerate(pats):
                for j, tests in enumerate(pat):
                    low = [(op, arg) for col, op, arg in tests if col == 0]
                    if not low:
                        self.no_word.append((r, k, j))
                    elif len(low) == 1 and low[0][0] == "eq":
                        self.by_word.setdefault(low[0][1], []).append((r, k, j))
                    elif len(low) == 1 and low[0][0] == "IN":
                        for w in low[0][1]:
                            self.by_word.setdefault(w, []).append((r, k, j))
                    else:
                        self.any_word.append((r, k, j))

    @classmethod
    def for_ruler(cls, ruler) -> Optional["_RulerMatches"]:
        rules = []
        try:
            for i, p in enumerate(ruler.patterns):
                pats = []
                for pattern in p["patterns"]:
                    if not pattern:
                        return None
                    pats.append([[cls._test(k, v) for k, v in tok.items()] for tok in pattern])
                rules.append((i, ruler.vocab.strings[str(i)], pats))
        except (ValueError, KeyError, TypeError, AttributeError, re.error):
            return None
        return cls(ruler, rules)

    @classmethod
    def _test(cls, key: str, value) -> tuple[int, str, object]:
        col = cls._KEYS[key]
        if key == "IS_SPACE":
            if not isinstance(value, bool):
                raise ValueError(value)
            return col, "eq", value
        if isinstance(value, str):
            return col, "eq", value
        if isinstance(value, dict) and len(value) == 1:
            (op, arg), = value.items()
            if op in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(a, str) for a in arg):
                return col, op, frozenset(arg)
            if op == "REGEX" and isinstance(arg, str):
                return col, op, re.compile(arg)
        raise ValueError(value)

    @staticmethod
    def _holds(tests: list[tuple[int, str, object]], vals: tuple) -> bool:
        for col, op, arg in tests:
            v = vals[col]
            if op == "eq":
                ok = v == arg
            elif op == "IN":
                ok = v in arg
            elif op == "NOT_IN":
                ok = v not in arg
            else:
                ok = arg.search(v) is not None
            if not ok:
                return False
        return True

    def _entry(self, key: tuple[int, ...]):
        """(rules a token with these attributes matches alone, {(rule, pattern, position)} of the
        longer patterns whose token at that position it satisfies)."""
        e = self.table.get(key)
        if e is None:
            st = self.strings
            vals = (st[key[0]], st[key[1]], st[key[2]], bool(key[3]))
            rest = key[1:]
            held = self.no_word_table.get(rest)
            if held is None:
                held = self.no_word_table[rest] = [t for t in self.no_word if self._holds(self._tests(t), vals)]
            held = held + [t for t in self.by_word.get(vals[0], []) + self.any_word
                           if self._holds(self._tests(t), vals)]
            single = sorted({r for r, k, _j in held if len(self.rules[r][2][k]) == 1})
            parts = frozenset(t for t in held if len(self.rules[t[0]][2][t[1]]) > 1)
            e = self.table[key] = (tuple(single), parts)
        return e

    def _tests(self, t: tuple[int, int, int]) -> list[tuple[int, str, object]]:
        r, k, j = t
        return self.rules[r][2][k][j]

    def __call__(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        if not len(doc):
            return []
        entries = [self._entry(tuple(row)) for row in doc.to_array(self._ATTRS).tolist()]
        found: set[tuple[int, int, int]] = set()
        for i, (single, parts) in enumerate(entries):
            for r in single:
                found.add((r, i, i + 1))
            for r, k, j in parts:
                if j == 0:
                    pat = self.rules[r][2][k]
                    n = len(pat)
                    if i + n <= len(entries) and all((r, k, m) in entries[i + m][1] for m in range(1, n)):
                        found.add((r, i, i + n))
        return sorted((r, self.rules[r][1], s, e) for r, s, e in found)


_RULER_MATCHES: "weakref.WeakKeyDictionary[object, Optional[_RulerMatches]]" = weakref.WeakKeyDictionary()


@contextmanager
def _fast_ruler(lang: Language):
    """``lang``'s attribute ruler matching by :class:`_RulerMatches` (its Matcher's matches, found
    faster) while a long text's selected lines are parsed; as before afterwards."""
    ruler = lang.get_pipe("attribute_ruler") if "attribute_ruler" in lang.pipe_names else None
    if ruler is None:
        yield
        return
    if ruler not in _RULER_MATCHES:
        _RULER_MATCHES[ruler] = _RulerMatches.for_ruler(ruler)
    fast = _RULER_MATCHES[ruler]
    if fast is None:
        yield
        return
    ruler.match = fast
    try:
        yield
    finally:
        del ruler.match


def _run_task(task: tuple[bool, list[str], int]) -> tuple[numpy.ndarray, list[int], list[str]]:
    """Parse (or only tokenize) ``texts``: ``(array, tokens per text, strings)`` -- the texts'
    token attributes (:data:`_ATTRS`, one row per token, the texts one after the other) and the
    strings of their hashes. Runs in a parsing process: an array and a few strings cost far less
    to send and read back than serialized Docs (and no tensor is sent)."""
    parse, texts, size = task
    lang = _TASK_LANG
    assert lang is not None
    if parse:
        with _fast_ruler(lang):
            docs = list(lang.pipe(texts, batch_size=size))
    else:
        docs = [_plain(lang, t) for t in texts]
    arrays = [d.to_array(_ATTRS) for d in docs]
    arr = numpy.concatenate(arrays) if arrays else numpy.zeros((0, len(_ATTRS)), dtype=numpy.uint64)
    strings = lang.vocab.strings
    hashes = numpy.unique(arr[:, _HASHED]).tolist() if len(arr) else []
    return arr, [len(d) for d in docs], [strings[h] for h in hashes if h and h in strings]


def _tasks(text: str, runs: list[tuple[int, int, bool]], window: int, size: int
           ) -> list[tuple[bool, list[str], int]]:
    """The work of a long text in text order: its selected runs' windows in batches of ``size``
    (as ``lang.pipe(..., batch_size=size)`` would group them), its other runs in batches of about
    ``PLAIN_TASK_CHARS`` characters."""
    from . import nlp

    tasks: list[tuple[bool, list[str], int]] = []
    parse: list[str] = []
    plain: list[str] = []
    n_plain = 0
    for s, e, c in runs:
        if c:
            for a, b in nlp.windows(text[s:e], min(window, RUN_WINDOW_CHARS)):
                parse.append(text[s + a:s + b])
                if len(parse) == size:
                    tasks.append((True, parse, size))
                    parse = []
        else:
            plain.append(text[s:e])
            n_plain += e - s
            if n_plain >= PLAIN_TASK_CHARS:
                tasks.append((False, plain, size))
                plain, n_plain = [], 0
    if parse:
        tasks.append((True, parse, size))
    if plain:
        tasks.append((False, plain, size))
    return tasks


def parse_selected(text: str, lang: Language, model: str, window: int) -> Doc:
    """The Doc of ``text`` with only its selected units parsed (see the module's docstring)."""
    from . import nlp

    global _TASK_LANG
    runs = select(text, trigger_index(model))
    todo = [b - a for s, e, c in runs if c
            for a, b in nlp.windows(text[s:e], min(window, RUN_WINDOW_CHARS))]
    # batches of ~20,000 characters (up to 64 windows), so that the processes get even shares
    size = max(1, min(64, RUN_WINDOW_CHARS * len(todo) // max(1, sum(todo))))
    tasks = _tasks(text, runs, window, size)
    k = processes() if sum(todo) >= PARALLEL_CHARS else 1
    _TASK_LANG = lang
    try:
        if k > 1:
            log.info("parsing %d characters of a long text in %d processes", sum(todo), k)
            pool = multiprocessing.get_context("fork").Pool(k)
            try:
                results = list(pool.imap(_run_task, tasks))
                pool.close()
            finally:
                pool.terminate()
                pool.join()
        else:
            results = [_run_task(t) for t in tasks]
    finally:
        _TASK_LANG = None
    # the pieces' arrays, parsed and tokenized ones apart, each in text order
    out: dict[bool, list[numpy.ndarray]] = {True: [], False: []}
    for (parse, _texts, _size), (arr, counts, strings) in zip(tasks, results):
        out[parse].extend(numpy.split(arr, numpy.cumsum(counts)[:-1]) if counts else [])
        for s in strings:
            lang.vocab.strings.add(s)
    parsed, tokenized = iter(out[True]), iter(out[False])
    pieces: list[numpy.ndarray] = []
    plain: list[tuple[int, numpy.ndarray]] = []     # (first token index in the joined Doc, its rows)
    n_tok = n_parsed = 0
    for s, e, c in runs:
        if c:
            for _w in nlp.windows(text[s:e], min(window, RUN_WINDOW_CHARS)):
                pieces.append(next(parsed))
                n_tok += len(pieces[-1])
            n_parsed += e - s
        else:
            pieces.append(next(tokenized))
            plain.append((n_tok, pieces[-1]))
            n_tok += len(pieces[-1])
    doc = _joined(text, lang, pieces)
    if plain:
        # the parse's sentence starts are re-derived from its heads, which unparsed tokens lack
        col = doc.to_array([SENT_START])
        for off, rows in plain:
            col[off:off + len(rows)] = rows[:, _COL[SENT_START]]
        doc.from_array([SENT_START], col)
    doc.user_data[nlp._TEXT_KEY] = text
    doc.user_data[SELECTED_KEY] = (n_parsed, len(text))
    log.info("a text of %d characters: %d characters (%.0f %%) in lines that can hold an event were "
             "parsed, the rest only tokenized", len(text), n_parsed, 100.0 * n_parsed / max(1, len(text)))
    return doc


def _joined(text: str, lang: Language, pieces: list[numpy.ndarray]) -> Doc:
    """One Doc over ``text`` from its pieces' token attributes, in order: what ``Doc.from_docs``
    builds from the pieces' Docs (the same words, spaces and ``from_array`` of the same columns),
    without a Doc per piece. The words are cut from ``text`` by the tokens' lengths and spaces."""
    arr = numpy.concatenate(pieces) if pieces else numpy.zeros((0, len(_ATTRS)), dtype=numpy.uint64)
    lengths = arr[:, _COL[LENGTH]].astype(numpy.int64)
    spaces = arr[:, _COL[SPACY]].astype(bool)
    ends = numpy.cumsum(lengths + spaces)
    if (ends[-1] if len(ends) else 0) != len(text):
        raise RuntimeError("joining the parsed pieces of a long text changed the text")
    starts = (ends - lengths - spaces).tolist()
    words = [text[a:a + n] for a, n in zip(starts, lengths.tolist())]
    doc = Doc(lang.vocab, words=words, spaces=spaces.tolist())
    if len(doc) and not numpy.array_equal(doc.to_array([ORTH]), arr[:, _COL[ORTH]]):
        raise RuntimeError("joining the parsed pieces of a long text changed the text")
    if len(doc):
        doc.from_array(list(_ATTRS), arr)
    return doc


class Beside:
    """``fn(*args)`` computed in a forked process while this one goes on, when ``fork`` is true and
    :func:`processes` allows more than one (a long text's later stages that do not depend on each
    other: its places beside its event mentions); else, or if the process fails, computed here
    when :meth:`result` is asked for. ``fn`` must give the same value wherever it runs."""

    def __init__(self, fn, *args, fork: bool = True):
        self.fn, self.args = fn, args
        self._proc = self._conn = None
        if fork and processes() > 1:
            ctx = multiprocessing.get_context("fork")
            recv, send = ctx.Pipe(duplex=False)
            self._proc = ctx.Process(target=_beside, args=(send, fn, args), daemon=True)
            self._proc.start()
            send.close()
            self._conn = recv

    def result(self):
        if self._proc is not None:
            try:
                ok, value = self._conn.recv()
            except (EOFError, OSError):
                ok, value = False, None
            self.close()
            if ok:
                return value
            log.info("%s in a forked process failed; computed here", getattr(self.fn, "__qualname__", self.fn))
        return self.fn(*self.args)

    def close(self) -> None:
        """End the forked process if it still runs (its result is not needed)."""
        if self._proc is not None:
            self._conn.close()
            if self._proc.is_alive():
                self._proc.terminate()
            self._proc.join()
            self._proc = self._conn = None


def _beside(conn, fn, args) -> None:
    try:
        value = (True, fn(*args))
    except BaseException:     # the caller computes it again, so that the error is its own
        value = (False, None)
    try:
        conn.send(value)
    finally:
        conn.close()
