"""Per-article isolation: an article that fails any stage costs only itself.

Every driver (``extract``, ``ingest``, ``run``, ``POST /articles``) processes articles through
:func:`process_isolated` (or reports a failure of :func:`wirecoder.pipeline.process_article` with
:func:`failure_of`). A failing article becomes one :class:`ArticleFailure`: the article (file,
record or URL), the stage it failed in (``ingest``, ``clean``, ``nlp``, ``extract``, ``resolve``,
``store``) and the reason in one line. The run goes on with the next article; the failure is
counted and printed as ``wirecoder: <source>: <stage>: <reason>``.

    >>> for item in process_isolated(articles):                          # doctest: +SKIP
    ...     if isinstance(item, ArticleFailure): print(item)
    ...     else: article, events = item
"""
from __future__ import annotations

import logging
import re
import traceback
from typing import Iterable, Iterator, Optional, Union

from .errors import InputError
from .records import Article, Event

log = logging.getLogger("wirecoder.pipeline")

STAGES = ("ingest", "clean", "nlp", "extract", "resolve", "store")

# innermost wirecoder module of a traceback -> the stage it belongs to
_MODULE_STAGE = (
    ("wirecoder.ingest", "ingest"),
    ("wirecoder.clean", "clean"),
    ("wirecoder.nlp", "nlp"),
    ("wirecoder.extraction", "extract"),
    ("wirecoder.resolve", "resolve"),
    ("wirecoder.gazetteer", "resolve"),
    ("wirecoder.store", "store"),
    ("wirecoder.dedupe", "store"),
    ("wirecoder.incidents", "store"),
)
_LIBRARY_STAGE = (("spacy", "nlp"), ("thinc", "nlp"), ("trafilatura", "clean"), ("lxml", "clean"),
                  ("duckdb", "store"), ("pyarrow", "store"))
_E088 = re.compile(r"\[E088\] Text of length (\d+) exceeds maximum of (\d+)")


class ArticleFailure(InputError):
    """One article that failed a stage: ``source: stage: reason`` (the line the CLI prints)."""

    def __init__(self, source: str, stage: str, problem: str, article_id: Optional[str] = None):
        self.stage = stage
        self.article_id = article_id
        super().__init__(source, f"{stage}: {problem}")
        self.reason = f"failed_{stage}"   # the IngestStats key (``failed_nlp`` ...)
        self.detail = problem             # the reason without the stage


def stage_of(exc: BaseException, default: str = "extract") -> str:
    """The pipeline stage an exception was raised in, read from its traceback.

    The innermost frame of a wirecoder stage module decides; a library frame below the
    orchestrating code (spaCy under ``wirecoder.pipeline``) names that library's stage.
    """
    frames = [f.f_globals.get("__name__", "") for f, _ in traceback.walk_tb(exc.__traceback__)]
    library: Optional[str] = None
    for name in reversed(frames):          # innermost first
        for prefix, stage in _MODULE_STAGE:
            if name == prefix or name.startswith(prefix + "."):
                return stage
        if library is None:
            for prefix, stage in _LIBRARY_STAGE:
                if name == prefix or name.startswith(prefix + "."):
                    library = stage
                    break
    return library or default


def describe(exc: BaseException) -> str:
    """One line for an exception: its type and the first sentence of its message (at most 200 chars)."""
    msg = str(exc)
    if type(exc).__name__ == "TextTooLong":   # wirecoder.nlp's own one-line refusal
        return msg
    m = _E088.search(msg)
    if m:
        return (f"text of {int(m.group(1)):,} characters is over the {int(m.group(2)):,}-character "
                f"limit of the nlp stage")
    if getattr(exc, "plain_message", False):      # e.g. nlp.TextTooLong
        return msg
    if isinstance(exc, RecursionError):
        return "too deeply nested (RecursionError)"
    if isinstance(exc, MemoryError):
        return "out of memory (MemoryError)"
    first = msg.strip().splitlines()[0] if msg.strip() else ""
    if len(first) > 200:
        first = first[:197] + "..."
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


def failure_of(article: Article, exc: BaseException, stage: Optional[str] = None) -> ArticleFailure:
    """The :class:`ArticleFailure` of ``article`` for ``exc`` (stage read from the traceback)."""
    if isinstance(exc, ArticleFailure):
        return exc
    st = stage or stage_of(exc)
    fail = ArticleFailure(article.source or article.id, st, describe(exc), article.id)
    log.debug("%s failed in %s", article.source or article.id, st, exc_info=exc)
    return fail


Outcome = Union["tuple[Article, list[Event]]", ArticleFailure]


def process_isolated(articles: Iterable[Article], options=None) -> Iterator[Outcome]:
    """(clean article, events) per article, in input order, or an :class:`ArticleFailure`.

    Articles go through :func:`wirecoder.pipeline.process_articles` in batches of
    ``options.batch_size`` (spaCy's batching); a batch in which anything fails is run again one
    article at a time, so only the failing article is lost.
    """
    from .pipeline import PipelineOptions, process_article, process_articles

    opts = options or PipelineOptions()
    size = max(1, int(opts.batch_size or 1))
    batch: list[Article] = []

    def run(batch: list[Article]) -> Iterator[Outcome]:
        try:
            results = list(process_articles(batch, opts))
        except Exception:  # noqa: BLE001 - isolate the failing article below
            log.debug("a batch of %d articles failed; running them one by one", len(batch))
        else:
            if len(results) == len(batch):
                yield from results
                return
        for a in batch:
            try:
                yield process_article(a, opts)
            except Exception as e:  # noqa: BLE001 - one article must not stop the run
                yield failure_of(a, e)

    for a in articles:
        batch.append(a)
        if len(batch) >= size:
            yield from run(batch)
            batch = []
    if batch:
        yield from run(batch)
