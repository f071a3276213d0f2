"""Ingest: files, folders, stdin, JSON Lines, WARC, RSS/Atom feeds and URLs -> raw :class:`Article` records.

    >>> from wirecoder.ingest import iter_articles, IngestStats
    >>> stats = IngestStats()
    >>> items = list(iter_articles(["articles/"], date="2021-07-26", stats=stats))  # doctest: +SKIP

See :func:`iter_articles` for the inputs it understands and how bad input is reported.
"""
from __future__ import annotations

from .build import build_article, html_info
from .decode import decode_bytes, looks_like_html
from .language import detect_language
from .pubdate import date_from_dateline, normalise_date, publication_date
from .sources import iter_articles, walk_folder
from .stats import IngestStats

__all__ = [
    "IngestStats",
    "build_article",
    "date_from_dateline",
    "decode_bytes",
    "detect_language",
    "html_info",
    "iter_articles",
    "looks_like_html",
    "normalise_date",
    "publication_date",
    "walk_folder",
]
