"""Main-content extraction from HTML: trafilatura plus our own measured rules.

1. trafilatura in precision mode (``favor_precision=True``, comments excluded) gives the body
   text, one paragraph (or list item, or table row) per line, and the page metadata;
2. recall fallback: when that text is very short (``html_min_chars``) trafilatura's recall mode is
   tried too and wins if the precise text is less than ``html_fallback_ratio`` of it;
3. the extracted text then goes through the same line classifier as plain text
   (:mod:`wirecoder.clean.lines`), which drops leftover furniture (share lines, related headlines,
   captions, footers) — see ``wirecoder eval clean`` for the measured effect.
"""
from __future__ import annotations

import logging
import re
from typing import Any, Optional

from .normalize import _DELETE_RE
from .options import CleanOptions

log = logging.getLogger("wirecoder.clean")

# Inline scripts and styles are removed before parsing: pages with megabytes of inline
# JavaScript otherwise cost lxml and trafilatura time and memory for nothing.
# What is removed is what ``<(script|style|noscript|template)\b[^>]*>.*?</\1\s*>`` (case-insensitive)
# matches, found by a scan linear in the page: that regex retried the rest of the page for every
# opening tag left unclosed (16k unclosed <script> tags took 18 s, 4x per doubling).
_OPEN_RE = re.compile(r"<(script|style|noscript|template)\b", re.IGNORECASE)
_CLOSE_RE = {name: re.compile(rf"</{name}\s*>", re.IGNORECASE)
             for name in ("script", "style", "noscript", "template")}


def _script_spans(html: str) -> list[tuple[int, int]]:
    """``[start, end)`` of each inline script/style/noscript/template element, in order."""
    out: list[tuple[int, int]] = []
    gt_from, gt_at = -1, -1              # the first ">" at or after gt_from (-1: none; gt_from -1: not looked)
    no_close: dict[str, int] = {}         # name -> an offset after which it is never closed
    pos = 0
    while True:
        m = _OPEN_RE.search(html, pos)
        if m is None:
            return out
        if not (0 <= gt_from <= m.end() and (gt_at >= m.end() or gt_at < 0)):
            gt_from, gt_at = m.end(), html.find(">", m.end())
        if gt_at < 0:
            return out                   # no ">" left: no opening tag can end
        name = m.group(1).lower()
        if name in no_close and gt_at + 1 >= no_close[name]:
            pos = m.start() + 1
            continue
        c = _CLOSE_RE[name].search(html, gt_at + 1)
        if c is None:
            no_close[name] = gt_at + 1
            pos = m.start() + 1
            continue
        out.append((m.start(), c.end()))
        pos = c.end()


def _strip_scripts(html: str) -> str:
    if "<script" not in html.lower() and "<style" not in html.lower():
        return html
    parts: list[str] = []
    last = 0
    for s, e in _script_spans(html):
        parts.append(html[last:s])
        # Keep JSON-LD: trafilatura reads title, date and author from it.
        if "ld+json" in html[s:min(e, s + 200)].lower() and e - s < 200_000:
            parts.append(html[s:e])
        last = e
    parts.append(html[last:])
    return "".join(parts)


def _extract(html: str, precision: bool, recall: bool, metadata: bool) -> Any:
    import trafilatura  # imported lazily: text-only runs never pay for it

    try:
        return trafilatura.bare_extraction(
            html, favor_precision=precision, favor_recall=recall, include_comments=False,
            include_tables=True, with_metadata=metadata)
    except Exception as e:  # trafilatura/lxml raise many types on broken markup
        log.warning("trafilatura failed: %s", e)
        return None


def extract_html(html: str, options: Optional[CleanOptions] = None) -> tuple[str, dict[str, Any]]:
    """Body text (paragraphs separated by newlines) and metadata (title, date, url, ...) of a page.

    >>> text, meta = extract_html("<html><body><article><p>" + "Words here. " * 30
    ...                           + "</p></article></body></html>")
    >>> text.startswith("Words here.")
    True
    """
    opts = options or CleanOptions()
    html = _DELETE_RE.sub("", _strip_scripts(html)) if html else ""
    if not html.strip():
        return "", {}
    doc = _extract(html, opts.html_favor_precision, False, True)
    text = (getattr(doc, "text", None) or "") if doc is not None else ""
    meta: dict[str, Any] = {}
    if doc is not None:
        for key in ("title", "date", "url", "sitename", "author", "description", "language"):
            val = getattr(doc, key, None)
            if val:
                meta[key] = val
    if len(text) < opts.html_min_chars:
        rec = _extract(html, False, True, False)
        rec_text = (getattr(rec, "text", None) or "") if rec is not None else ""
        if len(text) < opts.html_fallback_ratio * len(rec_text):
            log.debug("precise extraction too short (%d chars), using recall mode (%d chars)",
                      len(text), len(rec_text))
            text = rec_text
    return text, meta
