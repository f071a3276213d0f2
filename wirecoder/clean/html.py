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
_SCRIPT_RE = re.compile(r"<(script|style|noscript|template)\b[^>]*>.*?</\1\s*>",
                        re.IGNORECASE | re.DOTALL)


def _strip_scripts(html: str) -> str:
    if "<script" not in html.lower() and "<style" not in html.lower():
        return html
    # Keep JSON-LD: trafilatura reads title, date and author from it.
    def repl(m: re.Match[str]) -> str:
        head = m.group(0)[:200].lower()
        if "ld+json" in head and len(m.group(0)) < 200_000:
            return m.group(0)
        return ""
    return _SCRIPT_RE.sub(repl, html)


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
