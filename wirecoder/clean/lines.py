"""Line-level classifier for already-scraped plain text.

Scraped article text mixes the article (title, paragraphs, subheadings) with site furniture:
menus, share buttons, related-article headlines, bylines, captions, cookie banners, footers.
The classifier decides per *unit* (a line, or several lines of one hard-wrapped paragraph) using
general properties only:

* final punctuation and length in words: a line that ends like a sentence (or is long) is prose;
* the boilerplate vocabulary (``wirecoder/data/boilerplate.txt``) for short furniture lines,
  plus shape rules for menus (``Home | World | ...``), bylines, date-only lines, tag lists and
  lines without letters;
* position: heading-like lines (short, no final punctuation) between two paragraphs form a
  *run*; only the last line of a run can be the next paragraph's subheading, the others are
  related-article headlines; a run after the last paragraph is footer junk; the first title-like
  line before the first paragraph is the title;
* lexical similarity: a subheading shares content words with the paragraphs that follow it;
  a related-article headline mostly does not (:func:`overlap`).

:func:`classify` returns one :class:`Unit` per unit with ``kind`` set to ``title``, ``heading``,
``paragraph`` or ``drop`` and ``why`` saying which rule decided.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from ..datafiles import default_stopwords
from .boilerplate import Boilerplate
from .normalize import normalized_line, split_lines
from .options import CleanOptions

# Sentence-final punctuation, possibly followed by closing quotes/brackets.
_TERMINAL_RE = re.compile(r"[.!?…。！？][\"'”’»)\]」』]*$|[.!?…]\s*[\"'”’»)\]]+$")
_COLON_END_RE = re.compile(r"[:：]$")
# Scripts written without spaces between words: count characters instead of words.
_NOSPACE_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")
_LIST_ITEM_RE = re.compile(r"^(?:[-–—•*·▪►✓]|\d{1,3}[.)]|[a-z][.)])\s+\S")
_TABLE_ROW_RE = re.compile(r"^\|.*\|$")
_WORD_RE = re.compile(r"\w+", re.UNICODE)
_LETTER_RE = re.compile(r"[^\W\d_]")
_MENU_SEP_RE = re.compile(r"(?:^|\s)[|•·»›/>]+(?=\s|$)")
_BYLINE_RE = re.compile(
    r"^[(\[]?(?:by|written by|reporting by|reported by|edited by|editing by|compiled by|"
    r"words by|story by|additional reporting by|text by)\s+\S", re.IGNORECASE)
_DATE_WORD_RE = re.compile(
    r"^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|mon(?:day)?|tue(?:s(?:day)?)?|"
    r"wed(?:nesday)?|thu(?:rs(?:day)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?|today|yesterday|"
    r"updated|published|posted|last|modified|on|at|am|pm|a\.m|p\.m|gmt|utc|[a-z]{1,2}[st]|"
    r"pkt|ist|hours?|minutes?|mins?|ago|read|time|reading|\d+(?:st|nd|rd|th)?)$",
    re.IGNORECASE)
# Function words ignored when comparing a heading with its paragraph. Small on purpose.
_STOP: frozenset[str] = default_stopwords()["heading_stop"]      # data/stopwords.yaml
_STEM_LEN = 5


@dataclass
class Unit:
    """One logical line of the input: raw line spans, normalised text and the decision."""

    spans: list[tuple[int, int]]          # raw (start, end) of each physical line
    text: str                             # normalised text (lines joined by one space)
    blank_before: bool = False            # a blank line separates it from the previous unit
    words: int = 0
    terminal: bool = False
    title_ratio: float = 0.0
    shape: str = "heading"                # prose | heading | junk
    item: bool = False                    # a list item or table row
    kind: str = "drop"                    # title | heading | paragraph | drop
    why: str = ""
    _stems: Optional[frozenset[str]] = None

    @property
    def stems(self) -> frozenset[str]:
        """Content stems of the unit's text (computed once, on demand)."""
        if self._stems is None:
            self._stems = content_stems(self.text)
        return self._stems


def content_stems(text: str) -> frozenset[str]:
    """Lower-cased content words of ``text``, truncated to a crude stem (first 5 letters)."""
    out = set()
    for w in _WORD_RE.findall(text.lower()):
        if w in _STOP or (len(w) < 3 and not w.isdigit()):
            continue
        out.add(w[:_STEM_LEN])
    return frozenset(out)


def overlap(heading: frozenset[str], paragraph: frozenset[str]) -> float:
    """Share of the heading's content stems that occur in the paragraph (0 when it has none)."""
    if not heading:
        return 0.0
    return len(heading & paragraph) / len(heading)


def _title_ratio(words: list[str]) -> float:
    cands = [w for w in words if _LETTER_RE.match(w) and w.lower() not in _STOP]
    if not cands:
        return 0.0
    return sum(1 for w in cands if w[0].isupper()) / len(cands)


def _is_terminal(text: str) -> bool:
    return bool(_TERMINAL_RE.search(text[-8:]))


# a sentence ending inside a line and another beginning: "... the swap. It was held ..."
_INNER_END_RE = re.compile(r"[a-z]{2}[.!?][\"'”’)]?\s+[\"“]?[A-Z]")


def _cut_paragraph(text: str, min_words: int) -> bool:
    """A paragraph cut off by an excerpt or a feed summary ("... the truce. Talks lasted three
    days, officials said, adding that both sides had agreed to meet ag"): its first sentence,
    ending inside the line, is a whole sentence of at least ``min_words`` words. Headings, menus
    and bylines hold no full stop followed by a new sentence."""
    m = _INNER_END_RE.search(text)
    return m is not None and len(text[:m.start() + 3].split()) >= min_words


def _wrap_width(lines: list[str]) -> Optional[int]:
    """The column a hard-wrapped text is wrapped at, or None if the text is not hard-wrapped."""
    lens = sorted(len(s) for s in lines if s)
    if len(lens) < 4:
        return None
    width = lens[int(0.95 * (len(lens) - 1))]
    if not 30 <= width <= 110:
        return None
    near = sum(1 for n in lens if n >= 0.75 * width)
    ends = sum(1 for s in lines if s and _is_terminal(s))
    if near >= 0.5 * len(lens) and ends < 0.5 * len(lens):
        return width
    return None


def make_units(raw: str) -> list[Unit]:
    """Split ``raw`` into logical lines, joining the lines of hard-wrapped paragraphs."""
    phys = []  # (start, end, normalised text)
    for a, b in split_lines(raw):
        phys.append((a, b, normalized_line(raw, a, b)))
    width = _wrap_width([t for _, _, t in phys])
    units: list[Unit] = []
    blank = False
    cur: Optional[Unit] = None
    for a, b, t in phys:
        if not t:
            blank = True
            cur = None
            continue
        if cur is not None and not blank:
            last = cur.text
            wrapped = width is not None and len(last) >= 0.6 * width
            # A long line without final punctuation continued by a lower-case line is one sentence.
            continued = (len(last) >= 40 and not _is_terminal(last) and t[:1].islower())
            if wrapped or continued:
                cur.spans.append((a, b))
                cur.text = last + " " + t
                continue
        cur = Unit(spans=[(a, b)], text=t, blank_before=blank and bool(units))
        units.append(cur)
        blank = False
    return units


def _junk_reason(u: Unit, bp: Boilerplate, opts: CleanOptions, positional: bool) -> str:
    """Why ``u`` is site furniture, or "" if it is not."""
    text = u.text
    # Digit-only lines ("24  507" share counters) are junk in scraped text; after trafilatura
    # they are mostly table cells or phone numbers, so only symbol-only lines go there.
    if not (_LETTER_RE.search(text) if positional else _WORD_RE.search(text)):
        return "no letters"
    if u.words <= opts.max_boilerplate_words and bp.contains(text):
        return "boilerplate phrase"
    if (u.shape != "prose" or u.words <= 12) and bp.starts(text):
        return "boilerplate start"
    if u.shape != "prose" and u.words <= 12:
        if bp.nav_coverage(text, u.words) >= 0.5:
            return "navigation words"
    if u.shape == "prose":
        return ""
    if not _TABLE_ROW_RE.match(text) and len(_MENU_SEP_RE.findall(text)) >= 2 and u.words <= 30:
        return "menu"
    if _BYLINE_RE.match(text) and u.words <= 15:
        return "byline"
    toks = [w.strip(",.:|-–—()[]") for w in text.split()]
    toks = [w for w in toks if w]
    if toks and u.words <= 14 and all(_DATE_WORD_RE.match(w) for w in toks) \
            and any(ch.isdigit() for ch in text):
        return "date line"
    items = [s.strip() for s in text.split(",")]
    if len(items) >= 4 and all(0 < len(s.split()) <= 3 for s in items) and u.title_ratio >= 0.8:
        return "tag list"
    return ""


def _cut_off(u: Unit, before: Unit, opts: CleanOptions) -> bool:
    """The text's last line is a sentence an excerpt cut off mid-word ("... caused by the
    president's refusal to recognise the re-e"): after prose, in sentence case, with no end
    punctuation and at least three times ``min_prose_words`` words. A headline of another article
    is Title Case and shorter; a menu or a share bar is furniture before this is asked."""
    text = u.text.rstrip()
    return (u.shape == "heading" and before.shape == "prose" and not u.item
            and u.words >= 3 * opts.min_prose_words and text[-1:].isalpha()
            and _title_ratio(text.split()) < 0.5)


def _count_words(text: str, words: list[str]) -> int:
    nospace = len(_NOSPACE_RE.findall(text))
    # About two characters per word in Chinese/Japanese/Korean/Thai running text.
    return len(words) + nospace // 2 if nospace else len(words)


def _features(u: Unit, opts: CleanOptions) -> None:
    words = u.text.split()
    u.words = _count_words(u.text, words)
    u.terminal = _is_terminal(u.text) or (
        u.words >= opts.min_prose_words and bool(_COLON_END_RE.search(u.text))) or (
        _cut_paragraph(u.text, opts.min_prose_words))
    u.item = bool(_LIST_ITEM_RE.match(u.text) or _TABLE_ROW_RE.match(u.text))
    question = u.text.rstrip("\"'”’)").endswith("?")
    if u.words < opts.long_line_words and (not u.terminal or question):
        u.title_ratio = _title_ratio(words)   # only heading-like lines need it
    if u.words >= opts.long_line_words:
        u.shape = "prose"
    elif u.terminal and u.words >= opts.min_prose_words:
        # A short Title-Case question is a subheading ("What Happens Next?"), not prose.
        u.shape = "heading" if (question and u.words <= 12 and u.title_ratio >= 0.75) else "prose"
    elif u.terminal:
        u.shape = "prose"   # short sentence ("He died."): kept unless the vocabulary matches
    else:
        u.shape = "heading"


def classify(units: list[Unit], bp: Boilerplate, opts: CleanOptions,
             find_title: bool = True, positional: bool = True) -> list[Unit]:
    """Set ``kind``/``why`` on every unit (see the module docstring for the rules).

    ``positional=False`` (used after trafilatura, which already chose the main content) applies
    only the furniture rules, not the run/title/trailing rules, which measurement showed to cost
    recall on extracted HTML (lists, tables, tweets and name lists look like headline runs).
    """
    for u in units:
        _features(u, opts)
        reason = _junk_reason(u, bp, opts, positional)
        if reason:
            u.shape, u.kind, u.why = "junk", "drop", reason
    live = [u for u in units if u.shape != "junk"]
    if positional and len(live) > 1 and _cut_off(live[-1], live[-2], opts):
        live[-1].shape = "prose"
    # Two or more consecutive list items / table rows are body text, like prose.
    for i, u in enumerate(live):
        if u.item and u.shape == "heading" and (
                (i > 0 and live[i - 1].item) or (i + 1 < len(live) and live[i + 1].item)):
            u.shape = "prose"
    prose_idx = [i for i, u in enumerate(live) if u.shape == "prose"]
    for i in prose_idx:
        live[i].kind, live[i].why = "paragraph", "list" if live[i].item else "prose"
    if not positional:
        for i, u in enumerate(live):
            if u.shape == "prose":
                continue
            u.kind, u.why = "paragraph", "short line"
            if u.words <= 12 and opts.keep_headings and i + 1 < len(live) \
                    and live[i + 1].shape == "prose":
                score = overlap(u.stems, live[i + 1].stems)
                if score >= opts.min_heading_overlap:
                    u.kind, u.why = "heading", f"subheading (overlap {score:.2f})"
        return units
    if not [i for i in prose_idx if not live[i].item]:
        # Nothing reads like prose: we cannot tell headings from text, so keep it all.
        for j, u in enumerate(live):
            u.kind, u.why = "paragraph", "no prose in document"
            if find_title and j == 0 and u.shape == "heading" and len(live) > 1:
                u.kind, u.why = "title", "first line, no prose in document"
        return units
    # Whatever follows the last prose paragraph (lists included) is footer material.
    last_prose = max(i for i in prose_idx if not live[i].item)
    for u in live[last_prose + 1:]:
        u.kind, u.why = "drop", "after the last paragraph"
    prose_idx = [i for i in prose_idx if i <= last_prose]
    # Runs of heading-like units, delimited by prose units.
    bounds = [-1] + prose_idx
    for k in range(len(bounds) - 1):
        lo, hi = bounds[k] + 1, bounds[k + 1]
        run = live[lo:hi]
        if not run:
            continue
        if k == 0 and find_title:
            title = next((u for u in run if u.words >= 3), None)
            if title is not None:
                title.kind, title.why = "title", "first title-like line"
                for u in run[: run.index(title)]:
                    u.kind, u.why = "drop", "before the title"
                run = run[run.index(title) + 1:]
        if not run:
            continue
        for u in run[:-1]:
            u.kind, u.why = "drop", "not last in a run of headline-like lines"
        last = run[-1]
        nxt = set(live[hi].stems)
        nxt2 = next((live[i] for i in prose_idx if i > hi), None)
        if nxt2 is not None:
            nxt |= nxt2.stems
        score = overlap(last.stems, frozenset(nxt))
        if score >= opts.min_heading_overlap and opts.keep_headings:
            last.kind, last.why = "heading", f"subheading (overlap {score:.2f})"
        else:
            last.kind, last.why = "drop", f"unrelated to the next paragraph (overlap {score:.2f})"
    return units
