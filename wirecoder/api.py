"""The Python API that the CLI mirrors: ``wirecoder.extract(text_or_path, date=...) -> list[Event]``."""
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Iterable, Iterator, Optional, Sequence, Union

from .errors import InputError
from .ingest import IngestStats, build_article, iter_articles
from .pipeline import PipelineOptions, process_articles
from .records import Article, Event

log = logging.getLogger("wirecoder")


def _is_path(x: Union[str, os.PathLike]) -> bool:
    if isinstance(x, os.PathLike):
        return True
    return "\n" not in x and len(x) < 4096 and (os.path.exists(x) or x == "-")


def articles_from(inputs: Sequence[str], *, date: Optional[str] = None, stats: IngestStats | None = None,
                  errors: list[InputError] | None = None, **ingest_options) -> Iterator[Article]:
    """Ingested articles from paths/URLs; problems are appended to ``errors`` (or logged) and skipped."""
    for item in iter_articles(inputs, date=date, stats=stats, **ingest_options):
        if isinstance(item, InputError):
            if errors is not None:
                errors.append(item)
            else:
                log.warning("%s", item)
            continue
        yield item


def extract(text_or_path: Union[str, os.PathLike, Sequence[str]], date: Optional[str] = None,
            options: PipelineOptions | None = None, **ingest_options) -> list[Event]:
    """Events of a text, an HTML string, a file, a folder or a list of paths.

    Args:
        text_or_path: article text or HTML; or a path (file or folder) or list of paths.
        date: publication date (ISO ``YYYY-MM-DD``) for articles that do not carry one.
        options: pipeline options (model, geocoding, minimum confidence, ...).
        **ingest_options: passed to :func:`wirecoder.ingest.iter_articles` (include, exclude, max_bytes).

    Raises:
        InputError: when nothing could be read (the first problem found); problems with some of
            several inputs are logged as warnings and the rest is processed.

    >>> events = extract("Taliban fighters attacked a police post in Kunduz on Monday.",
    ...                  date="2021-07-26")                               # doctest: +SKIP
    """
    errors: list[InputError] = []
    if isinstance(text_or_path, (list, tuple)):
        arts: Iterable[Article] = list(articles_from([str(p) for p in text_or_path], date=date, errors=errors,
                                                     **ingest_options))
    elif _is_path(text_or_path):
        arts = list(articles_from([str(text_or_path)], date=date, errors=errors, **ingest_options))
    else:
        text = str(text_or_path)
        if not text.strip():
            raise InputError("<string>", "empty text")
        arts = [build_article(text, source="<string>", date_option=date)]
    if not arts and errors:
        raise errors[0]
    for e in errors:
        log.warning("%s", e)
    return [ev for _, evs in process_articles(arts, options) for ev in evs]
