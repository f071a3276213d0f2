"""Settings of the clean stage: one options object, every field documented in ``SETTINGS``."""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Optional


@dataclass(frozen=True)
class CleanOptions:
    """Settings of :func:`wirecoder.clean.clean`; the defaults are the measured ones.

    >>> CleanOptions(min_heading_overlap=0.5).min_heading_overlap
    0.5
    """

    min_prose_words: int = 5
    long_line_words: int = 30
    min_heading_overlap: float = 0.3
    max_boilerplate_words: int = 40
    boilerplate_path: Optional[str] = None
    keep_headings: bool = True
    max_binary_ratio: float = 0.2
    html_favor_precision: bool = True
    html_post_filter: bool = True
    html_min_chars: int = 1500
    html_fallback_ratio: float = 0.5


SETTINGS: dict[str, str] = {
    "min_prose_words": "A line ending in . ! ? with at least this many words is prose, never a "
                       "heading or junk (unless the boilerplate vocabulary matches).",
    "long_line_words": "A line with at least this many words is prose even without final "
                       "punctuation.",
    "min_heading_overlap": "A short non-prose line before a paragraph is kept as that paragraph's "
                           "subheading only if at least this share of its content words occurs in "
                           "the next two paragraphs (related-article headlines share few).",
    "max_boilerplate_words": "Lines longer than this are never dropped by the boilerplate "
                             "vocabulary.",
    "boilerplate_path": "Boilerplate vocabulary file to use instead of the packaged "
                        "wirecoder/data/boilerplate.txt (same format).",
    "keep_headings": "Keep subheadings in the clean text as 'heading' blocks (False drops them).",
    "max_binary_ratio": "Text input with a larger share of control characters / U+FFFD is "
                        "rejected as binary (InputError).",
    "html_favor_precision": "Run trafilatura with favor_precision=True on HTML input.",
    "html_post_filter": "Filter trafilatura's output with the same line classifier as text input.",
    "html_min_chars": "If trafilatura's precise extraction is shorter than this, also try its "
                      "recall mode (see html_fallback_ratio).",
    "html_fallback_ratio": "Use the recall-mode extraction when the precise one is shorter than "
                           "this share of it.",
}


def undocumented_settings() -> list[str]:
    """Names of CleanOptions fields missing from :data:`SETTINGS` (a test keeps this empty)."""
    return [f.name for f in fields(CleanOptions) if f.name not in SETTINGS]
