"""Clean stage: raw article (scraped text or HTML) -> clean prose with structure and offsets.

>>> from wirecoder.records import Article
>>> a = clean(Article(id="x", text="", raw="Title of the story here\\n\\nThe army said on Monday "
...                   "that 46 soldiers crossed the border.\\nBack to top"))
>>> a.title, a.text.splitlines()[-1]
('Title of the story here', 'The army said on Monday that 46 soldiers crossed the border.')

Text input (``content_type == "text"``): lines are normalised (see :mod:`.normalize`) and
classified (see :mod:`.lines`); ``offsets`` maps every copied character back to ``Article.raw``
exactly. HTML input: trafilatura plus the same line classifier (see :mod:`.html`); ``offsets``
is empty because the clean text is not a substring sequence of the markup — spans then refer to
the clean text only and :func:`to_source_span` returns None.

In both cases ``text`` is the kept blocks separated by a blank line (``"\\n\\n"``), ``blocks``
lists them as ``(start, end, kind)`` with kind ``title`` | ``heading`` | ``paragraph``, and
``dropped_lines`` lists what was removed. For HTML the title is not part of ``text`` (it is in
``Article.title``); for text input it is the first block when found.
"""
from __future__ import annotations

import bisect
import dataclasses
import logging
from typing import Optional

from ..errors import InputError
from ..records import Article
from .boilerplate import load_boilerplate
from .html import extract_html
from .lines import Unit, classify, make_units
from .normalize import TextBuilder, binary_ratio, emit_line
from .options import SETTINGS, CleanOptions

__all__ = ["clean", "clean_text", "to_source_span", "CleanOptions", "SETTINGS", "extract_html"]

log = logging.getLogger("wirecoder.clean")


@dataclasses.dataclass
class CleanResult:
    """What the line cleaner produced for one raw string."""

    text: str
    offsets: list[tuple[int, int, int]]
    blocks: list[tuple[int, int, str]]
    dropped: list[str]
    title: Optional[str]
    units: list[Unit]


def clean_text(raw: str, options: Optional[CleanOptions] = None,
               find_title: bool = True, positional: bool = True) -> CleanResult:
    """Classify the lines of ``raw`` and build the clean text with an exact offset map.

    >>> r = clean_text("Share this\\nSoldiers crossed the border on Sunday, the army said.")
    >>> r.text, r.dropped
    ('Soldiers crossed the border on Sunday, the army said.', ['Share this'])
    """
    opts = options or CleanOptions()
    bp = load_boilerplate(opts.boilerplate_path)
    units = classify(make_units(raw), bp, opts, find_title=find_title, positional=positional)
    b = TextBuilder(raw)
    blocks: list[tuple[int, int, str]] = []
    dropped: list[str] = []
    title: Optional[str] = None
    for u in units:
        if u.kind == "drop":
            dropped.append(u.text)
            continue
        if blocks:
            b.insert("\n\n")
        start = b.length
        for a, e in u.spans:
            emit_line(b, a, e, sep_before=b.length > start)
        blocks.append((start, b.length, u.kind))
        if u.kind == "title" and title is None:
            title = u.text
    return CleanResult(b.text(), b.runs, blocks, dropped, title, units)


def clean(article: Article, options: Optional[CleanOptions] = None) -> Article:
    """Return a new Article whose ``text`` is the clean prose of ``article``.

    Reads ``article.raw`` (falling back to ``article.text`` when raw is empty) and fills
    ``text``, ``offsets``, ``blocks``, ``dropped_lines`` and ``title`` (when found; an existing
    title, ``url`` or ``published`` set by ingest is kept). Raises
    :class:`~wirecoder.errors.InputError` for binary data.
    """
    opts = options or CleanOptions()
    raw = article.raw or article.text or ""
    source = article.source or article.id or "<article>"
    if binary_ratio(raw) > opts.max_binary_ratio:
        raise InputError(source, "looks like binary data, not text or HTML "
                                 f"({binary_ratio(raw):.0%} control characters)")
    if article.content_type == "html":
        return _clean_html(article, raw, opts)
    r = clean_text(raw, opts)
    log.debug("%s: kept %d blocks, dropped %d lines", source, len(r.blocks), len(r.dropped))
    return dataclasses.replace(
        article, raw=raw, text=r.text, offsets=r.offsets, blocks=r.blocks,
        dropped_lines=r.dropped, title=article.title or r.title, meta=dict(article.meta))


def _clean_html(article: Article, raw: str, opts: CleanOptions) -> Article:
    body, meta = extract_html(raw, opts)
    if opts.html_post_filter:
        r = clean_text(body, opts, find_title=False, positional=False)
        text, blocks, dropped = r.text, r.blocks, r.dropped
    else:
        paras = [" ".join(line.split()) for line in body.splitlines() if line.strip()]
        text = "\n\n".join(paras)
        blocks, pos = [], 0
        for p in paras:
            blocks.append((pos, pos + len(p), "paragraph"))
            pos += len(p) + 2
        dropped = []
    new_meta = dict(article.meta)
    for key in ("author", "sitename", "description"):
        if key in meta and key not in new_meta:
            new_meta[key] = meta[key]
    return dataclasses.replace(
        article, raw=raw, text=text, offsets=[], blocks=blocks, dropped_lines=dropped,
        title=article.title or meta.get("title"),
        url=article.url or meta.get("url"),
        published=article.published or meta.get("date"),
        published_source=article.published_source or ("metadata" if meta.get("date") else None),
        site=article.site or meta.get("sitename"),
        language=article.language or meta.get("language"),
        meta=new_meta)


_STARTS: tuple = (None, None)    # (the offsets list last seen, its run starts): one article's events in a row


def _run_starts(runs: list) -> list[int]:
    """``[r[0] for r in runs]``, built once per offsets list, not once per span (O(n) each)."""
    global _STARTS
    seen, starts = _STARTS      # (held here, the list seen cannot be freed and its id reused)
    if seen is not runs or len(starts) != len(runs):
        starts = [r[0] for r in runs]
        _STARTS = (runs, starts)
    return starts


def to_source_span(article: Article, start: int, end: int) -> Optional[tuple[int, int]]:
    """Map a span of ``article.text`` to ``article.raw``; None when it cannot be mapped.

    Characters that clean inserted (separators, normalised spaces) map to no raw position, so the
    span is shrunk to its first and last mapped characters. Returns None for HTML articles (no
    offsets), empty spans or spans that cover only inserted characters.
    """
    runs = article.offsets
    if not runs or end <= start:
        return None
    starts = _run_starts(runs)
    # First run that ends after `start`.
    i = max(0, bisect.bisect_right(starts, start) - 1)
    if runs[i][0] + runs[i][2] <= start:
        i += 1
    if i >= len(runs) or runs[i][0] >= end:
        return None
    c0, r0, n0 = runs[i]
    raw_start = r0 + max(0, start - c0)
    # Last run that begins before `end`.
    j = bisect.bisect_left(starts, end) - 1
    c1, r1, n1 = runs[j]
    raw_end = r1 + min(n1, end - c1)
    if raw_end <= raw_start:
        return None
    return raw_start, raw_end
