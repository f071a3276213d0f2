"""The Python API that the CLI mirrors: ``wirecoder.extract(text_or_path, date=...) -> list[Event]``."""
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Iterable, Iterator, Optional, Sequence, Union

from .errors import InputError
from .ingest import IngestStats, build_article, iter_articles
from .pipeline import PipelineOptions
from .records import Article, Event

log = logging.getLogger("wirecoder")


INGEST_OPTIONS = ("include", "exclude", "max_bytes", "allow_private_urls")
PATH_SUFFIXES = (".txt", ".text", ".html", ".htm", ".xhtml", ".jsonl", ".json", ".ndjson", ".gz", ".warc",
                 ".xml", ".rss", ".atom", ".md", ".parquet")


def _is_path(x: Union[str, os.PathLike]) -> bool:
    if isinstance(x, os.PathLike):
        return True
    return "\n" not in x and len(x) < 4096 and (os.path.exists(x) or x == "-")


def _looks_like_path(x: str) -> bool:
    """A one-line string that names a file rather than being an article: a file extension, or a
    path without spaces ("reports/july.txt", "./in", "~/news", "/data/x")."""
    s = x.strip()
    if not s or "\n" in s or len(s) > 1024:
        return False
    if s.lower().endswith(PATH_SUFFIXES) and len(s.split()) <= 3:
        return True
    return s.startswith(("/", "./", "../", "~", "file:")) and " " not in s or (os.sep in s and not any(c.isspace() for c in s))


def _check_arguments(text_or_path: object, date: object, options: object, ingest_options: dict) -> None:
    unknown = sorted(set(ingest_options) - set(INGEST_OPTIONS))
    if unknown:
        raise TypeError(f"extract() got unknown keyword argument(s) {', '.join(map(repr, unknown))}; it takes "
                        f"text_or_path, date, options and {', '.join(INGEST_OPTIONS)}")
    if options is not None and not isinstance(options, PipelineOptions):
        raise TypeError(f"extract(options=...) must be a wirecoder.pipeline.PipelineOptions, "
                        f"not {type(options).__name__}")
    if date is not None:
        if not isinstance(date, str):
            raise TypeError(f"extract(date=...) must be a 'YYYY-MM-DD' string, not {type(date).__name__}")
        import argparse

        from .cliargs import iso_date
        try:
            iso_date(date)
        except argparse.ArgumentTypeError as e:
            raise ValueError(f"extract(date=...): {e}") from None
    items = text_or_path if isinstance(text_or_path, (list, tuple)) else [text_or_path]
    if isinstance(text_or_path, (list, tuple)) and not items:
        raise ValueError("extract() got an empty list of paths")
    for x in items:
        if isinstance(x, (bytes, bytearray)):
            raise TypeError("extract() takes text (str) or paths, not bytes: decode the bytes first "
                            "(e.g. data.decode('utf-8'))")
        if not isinstance(x, (str, os.PathLike)):
            raise TypeError(f"extract() takes a text, a path or a list of paths, not {type(x).__name__}")
    if isinstance(text_or_path, os.PathLike) and not os.path.exists(text_or_path):
        raise InputError(os.fspath(text_or_path), "no such file or folder")
    if isinstance(text_or_path, str) and not _is_path(text_or_path) and _looks_like_path(text_or_path):
        raise InputError(text_or_path.strip(), "no such file or folder (to extract from a text, pass the "
                                               "article itself; a path must exist)")


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
        InputError: when nothing could be read or every article failed a stage (the first
            problem found: an :class:`wirecoder.isolation.ArticleFailure` names the stage), or a path (a
            ``pathlib.Path``, or a one-line string that names a file: ``"reports/july.txt"``) does
            not exist; problems with some of several inputs are logged as warnings and the rest
            is processed.
        TypeError: a value of the wrong type, or an unknown keyword argument.
        ValueError: a date that is not a real ``YYYY-MM-DD`` date; an empty list.

    >>> events = extract("Taliban fighters attacked a police post in Kunduz on Monday.",
    ...                  date="2021-07-26")                               # doctest: +SKIP
    """
    _check_arguments(text_or_path, date, options, ingest_options)
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
    from .isolation import ArticleFailure, process_isolated

    events: list[Event] = []
    failures: list[ArticleFailure] = []
    for item in process_isolated(arts, options):   # one failing article costs only itself
        if isinstance(item, ArticleFailure):
            failures.append(item)
            log.warning("%s", item)
        else:
            events.extend(item[1])
    if failures and len(failures) == len(arts):
        raise failures[0]
    return events
