"""What every engine shares: the run's options, planning inputs into work units, reading a unit
with the ingest code, running the pipeline over a chunk of articles, and the output tables.

An engine only decides WHERE :func:`iter_unit` and :func:`run_chunk` run (this process, a pool of
processes, Spark executors) and how the rows they return are written; the stages never know.

Output tables (one folder each under the run's output folder, Parquet part files):

``events``    one row per event, columns of :data:`wirecoder.output.EVENT_SCHEMA`
``articles``  :data:`ARTICLE_SCHEMA`: id, url, title, published, site, language, source, text (clean)
``errors``    :data:`ERROR_SCHEMA`: source, stage (plan|ingest|pipeline), reason, problem, article_id
``clusters``  with ``--dedupe``: :data:`wirecoder.engines.blocks.CLUSTER_SCHEMA`
"""
from __future__ import annotations

import dataclasses
import glob
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, NamedTuple, Optional, Sequence, Union

import pyarrow as pa

from .. import pipeline
from ..errors import InputError
from ..output import EVENT_SCHEMA, event_record
from ..schema import arrow_row
from ..pipeline import PipelineOptions
from ..records import Article

log = logging.getLogger("wirecoder.engines")

ARTICLE_SCHEMA = pa.schema([
    ("id", pa.string()), ("url", pa.string()), ("title", pa.string()), ("published", pa.string()),
    ("site", pa.string()), ("language", pa.string()), ("source", pa.string()), ("text", pa.string()),
])
ERROR_SCHEMA = pa.schema([
    ("source", pa.string()), ("stage", pa.string()), ("reason", pa.string()), ("problem", pa.string()),
    ("article_id", pa.string()),
])
TABLES = ("events", "articles", "errors", "clusters")
PARQUET_SUFFIXES = (".parquet", ".parq", ".pq")
GLOB_CHARS = frozenset("*?[")


@dataclass
class RunOptions:
    """Settings of one ``wirecoder run`` (whatever the engine).

    date        publication date (YYYY-MM-DD) for articles that carry none
    dedupe      also write ``clusters/`` (events blocked by type, actor country and ISO week)
    chunk_size  articles per unit of work (one spaCy batch; one task of the process pool)
    include     glob patterns: inside folders only matching files are read
    exclude     glob patterns of files left out inside folders
    max_bytes   largest single document read
    languages   keep only articles in these languages (None: all)
    overwrite   replace the tables of an earlier run in the output folder
    pipeline    options of the pipeline (model, geocoding, minimum confidence)
    """

    date: Optional[str] = None
    dedupe: bool = False
    chunk_size: int = 16
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    max_bytes: int = 20_000_000
    languages: Optional[tuple[str, ...]] = ("en",)
    overwrite: bool = False
    pipeline: PipelineOptions = field(default_factory=PipelineOptions)


@dataclass
class RunResult:
    """Counts of what a run wrote, per table, and where."""

    output: str
    engine: str
    articles: int = 0
    events: int = 0
    errors: int = 0
    clusters: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        """One line for the end of the run."""
        line = (f"{self.engine}: {self.articles} articles, {self.events} events, {self.errors} errors"
                + (f", {self.clusters} clusters" if self.clusters else "")
                + f" in {self.seconds:.1f}s")
        if self.seconds > 0:
            line += f" ({self.articles / self.seconds:.2f} articles/s)"
        return line + f" -> {self.output}"


class WorkUnit(NamedTuple):
    """One piece of input read by one task: a file, a URL, or one row group of a Parquet file."""

    path: str
    kind: str               # "ingest" (anything iter_articles reads) | "parquet"
    row_group: int = -1     # parquet: the row group, -1 = the whole file


class Outcome(NamedTuple):
    """What one input item became: an article row with its event rows, or an error row."""

    article: Optional[dict[str, Any]]
    events: list[dict[str, Any]]
    error: Optional[dict[str, Any]]


# -- planning ---------------------------------------------------------------------------------

def error_row(source: str, stage: str, reason: str, problem: str, article_id: Optional[str] = None) -> dict[str, Any]:
    """A row of the ``errors`` table."""
    return {"source": source, "stage": stage, "reason": reason, "problem": problem, "article_id": article_id}


def plan_inputs(inputs: Sequence[Union[str, os.PathLike]], include: Sequence[str] = (),
                exclude: Sequence[str] = ()) -> tuple[list[WorkUnit], list[dict[str, Any]]]:
    """Expand globs and folders into work units, in a deterministic order; problems as error rows.

    Folders are walked as ingest walks them (:func:`wirecoder.ingest.walk_folder`: sorted, hidden
    entries skipped, include/exclude applied) so that every file is its own unit and can go to a
    different worker. A Parquet file of articles gives one unit per row group.
    """
    from ..ingest import walk_folder

    units: list[WorkUnit] = []
    errors: list[dict[str, Any]] = []
    for raw_spec in inputs:
        spec = os.fspath(raw_spec)
        if spec == "-" or spec.lower().startswith(("http://", "https://")):
            units.append(WorkUnit(spec, "ingest"))
            continue
        if not os.path.exists(spec) and GLOB_CHARS & set(spec):
            matches = sorted(glob.glob(spec, recursive=True))
            if not matches:
                errors.append(error_row(spec, "plan", "missing", "no file matches this pattern"))
            paths = [Path(m) for m in matches]
        else:
            paths = [Path(spec)]
        for p in paths:
            if p.is_dir():
                files, hidden, excluded = walk_folder(p, include, exclude)
                if not files:
                    errors.append(error_row(str(p), "plan", "no_files",
                                            f"directory has no readable files ({hidden} hidden, {excluded} excluded)"))
                for f in files:
                    units.extend(_file_units(f))
            else:
                units.extend(_file_units(p))  # a missing file is reported by ingest when read
    return units, errors


def _file_units(path: Path) -> list[WorkUnit]:
    if path.suffix.lower() not in PARQUET_SUFFIXES:
        return [WorkUnit(str(path), "ingest")]
    try:
        import pyarrow.parquet as pq

        n = pq.ParquetFile(path).metadata.num_row_groups
    except Exception:  # unreadable: one unit, whose reading reports the problem
        return [WorkUnit(str(path), "parquet", -1)]
    return [WorkUnit(str(path), "parquet", i) for i in range(n)] or [WorkUnit(str(path), "parquet", -1)]


# -- reading ----------------------------------------------------------------------------------

def _input_error(source: str, problem: str, reason: str) -> InputError:
    err = InputError(source, problem)
    err.reason = reason  # type: ignore[attr-defined]
    return err


def iter_unit(unit: WorkUnit, options: RunOptions) -> Iterator[Union[Article, InputError]]:
    """Articles and input errors of one unit, read with the ingest code where it runs."""
    if unit.kind == "parquet":
        yield from iter_parquet_articles(unit.path, unit.row_group, options)
        return
    from ..ingest import iter_articles

    yield from iter_articles([unit.path], date=options.date, max_bytes=options.max_bytes,
                             languages=options.languages)


def iter_parquet_articles(path: str, row_group: int, options: RunOptions) -> Iterator[Union[Article, InputError]]:
    """Articles of a Parquet file with columns ``id?, url?, title?, date?, text? | html?``.

    Rows are read a batch at a time (bounded memory); a bad row becomes an :class:`InputError`
    named ``file:row`` (1-based row number in the file) and the next rows are still read.
    """
    import pyarrow.parquet as pq

    from ..ingest import build_article, looks_like_html, normalise_date
    from ..ingest.language import is_rejectable

    try:
        pf = pq.ParquetFile(path)
    except FileNotFoundError:
        yield _input_error(path, "no such file or directory", "missing")
        return
    except Exception as e:
        yield _input_error(path, f"not a readable Parquet file ({type(e).__name__}: {str(e)[:120]})", "bad_record")
        return
    names = set(pf.schema_arrow.names)
    if not names & {"text", "html"}:
        yield _input_error(path, f"Parquet file has no 'text' or 'html' column (columns: {', '.join(sorted(names))})",
                           "bad_record")
        return
    cols = [c for c in ("id", "url", "title", "date", "text", "html") if c in names]
    groups = list(range(pf.metadata.num_row_groups)) if row_group < 0 else [row_group]
    first_row = sum(pf.metadata.row_group(i).num_rows for i in range(groups[0])) if groups else 0
    accept = options.languages
    rowno = first_row
    for batch in pf.iter_batches(batch_size=256, row_groups=groups, columns=cols):
        for rec in batch.to_pylist():
            rowno += 1
            where = f"{path}:{rowno}"
            bad = [k for k in ("id", "url", "title", "text", "html") if rec.get(k) is not None and not isinstance(rec[k], str)]
            if bad:
                yield _input_error(where, f"'{bad[0]}' must be a string, got {type(rec[bad[0]]).__name__}", "bad_record")
                continue
            html, body = rec.get("html") or None, rec.get("text") or None
            raw = html if html and html.strip() else (body or "")
            if not raw.strip():
                yield _input_error(where, "empty 'text'/'html'", "empty")
                continue
            if len(raw.encode("utf-8", "surrogatepass")) > options.max_bytes:
                yield _input_error(where, f"over the {options.max_bytes:,}-byte limit (--max-bytes)", "too_large")
                continue
            iso = normalise_date(rec["date"]) if rec.get("date") is not None else None
            article = build_article(raw, source=where, content_type="html" if (raw is html or looks_like_html(raw)) else "text",
                                    url=(rec.get("url") or "").strip() or None, title=rec.get("title"),
                                    record_date=iso, date_option=options.date)
            if rec.get("id"):
                article = dataclasses.replace(article, id=rec["id"])
            if accept is not None and is_rejectable(int(article.meta.get("visible_chars", 0)), article.language or "und",
                                                    float(article.meta.get("language_confidence", 0.0)), tuple(accept)):
                log.warning("%s: skipped, language is %s, not %s", where, article.language, "/".join(accept))
                continue
            yield article


def iter_unit_items(unit: WorkUnit, options: RunOptions) -> Iterator[Union[Article, dict[str, Any]]]:
    """:func:`iter_unit` with errors turned into error rows; a crash of the reader itself (a bug, or
    input no reader expected) ends the unit with one error row instead of failing the run."""
    try:
        for item in iter_unit(unit, options):
            if isinstance(item, InputError):
                yield error_row(item.source, "ingest", getattr(item, "reason", "bad_record"), item.problem)
            else:
                yield item
    except Exception as e:  # noqa: BLE001 - one unreadable input must not fail the job
        log.warning("%s: reader crashed: %s: %s", unit.path, type(e).__name__, e)
        yield error_row(unit.path, "ingest", "reader_crash", f"{type(e).__name__}: {str(e)[:200]}")


def iter_unit_outcomes(unit: WorkUnit, options: RunOptions) -> Iterator[Outcome]:
    """Read one unit and run the pipeline over it, ``chunk_size`` articles at a time (in input order)."""
    chunk: list[Article] = []
    for item in iter_unit_items(unit, options):
        if isinstance(item, Article):
            chunk.append(item)
            if len(chunk) >= options.chunk_size:
                yield from run_chunk(chunk, options.pipeline)
                chunk = []
        else:
            yield from run_chunk(chunk, options.pipeline)
            chunk = []
            yield Outcome(None, [], item)
    yield from run_chunk(chunk, options.pipeline)


# -- processing -------------------------------------------------------------------------------

def article_row(a: Article) -> dict[str, Any]:
    """A row of the ``articles`` table (the cleaned article)."""
    return {"id": a.id, "url": a.url, "title": a.title, "published": a.published, "site": a.site,
            "language": a.language, "source": a.source, "text": a.text}


def _outcome(a: Article, events: Sequence[Any]) -> Outcome:
    """The rows of one processed article, checked against the output schemas (a value that does not
    fit, e.g. a count beyond int64, makes the article an error row instead of failing a write)."""
    rows = [arrow_row(event_record(ev)) for ev in events]
    art = article_row(a)
    try:
        pa.Table.from_pylist(rows, schema=EVENT_SCHEMA)
        pa.Table.from_pylist([art], schema=ARTICLE_SCHEMA)
    except (pa.ArrowException, TypeError, ValueError, OverflowError) as e:
        log.warning("%s: output does not fit the schema: %s", a.source or a.id, e)
        return Outcome(None, [], error_row(a.source or a.id, "pipeline", "bad_output",
                                           f"{type(e).__name__}: {str(e)[:200]}", a.id))
    return Outcome(art, rows, None)


def run_chunk(articles: Sequence[Article], options: Optional[PipelineOptions] = None) -> list[Outcome]:
    """The pipeline over a chunk of articles: one spaCy batch; if anything in it fails, each
    article again on its own, so only the article that fails becomes an error row."""
    if not articles:
        return []
    try:
        return [_outcome(a, evs) for a, evs in pipeline.process_articles(articles, options)]
    except Exception:  # noqa: BLE001 - isolate the failing article below
        log.debug("chunk failed; processing its %d articles one by one", len(articles))
    out = []
    for a in articles:
        try:
            clean_a, evs = pipeline.process_article(a, options)
            out.append(_outcome(clean_a, evs))
        except Exception as e:  # noqa: BLE001
            log.warning("%s: pipeline failed: %s: %s", a.source or a.id, type(e).__name__, e)
            out.append(Outcome(None, [], error_row(a.source or a.id, "pipeline", "pipeline_crash",
                                                   f"{type(e).__name__}: {str(e)[:200]}", a.id)))
    return out


def warm_up(options: Optional[PipelineOptions] = None) -> None:
    """Load the spaCy model, lexicons and gazetteer into this process (each is cached per process)."""
    from .. import nlp
    from ..extraction import Resources

    opts = options or PipelineOptions()
    nlp.load(opts.model)
    Resources.for_actors(opts.actors)
    if opts.geocode:
        from ..resolve.places import Geocoder

        Geocoder.for_gazetteer(opts.gazetteer)


def iter_chunks(units: Iterable[WorkUnit], options: RunOptions) -> Iterator[Union[list[Article], dict[str, Any]]]:
    """Articles of ``units`` read here, grouped in chunks of ``chunk_size`` (a chunk never spans two
    units, so chunks are the same whichever engine reads them); error rows in between, in order."""
    for unit in units:
        chunk: list[Article] = []
        for item in iter_unit_items(unit, options):
            if isinstance(item, Article):
                chunk.append(item)
                if len(chunk) >= options.chunk_size:
                    yield chunk
                    chunk = []
            else:
                if chunk:
                    yield chunk
                    chunk = []
                yield item
        if chunk:
            yield chunk


# -- output folder ----------------------------------------------------------------------------

def prepare_output(output: Union[str, os.PathLike], overwrite: bool) -> Path:
    """Create ``output`` (a folder); refuse to mix with an earlier run's tables unless ``overwrite``,
    in which case only those tables (and ``_SUCCESS``) are removed."""
    import shutil

    from ..errors import WirecoderError

    out = Path(output)
    if out.exists() and not out.is_dir():
        raise WirecoderError(f"{out}: exists and is not a folder (--output takes a folder)")
    present = [t for t in TABLES if (out / t).exists()]
    if present and not overwrite:
        raise WirecoderError(f"{out}: already holds a run's output ({', '.join(t + '/' for t in present)}); "
                             "add --overwrite or choose another folder")
    for t in present:
        shutil.rmtree(out / t)
    (out / "_SUCCESS").unlink(missing_ok=True)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise WirecoderError(f"{out}: cannot create output folder ({e.strerror or e})") from None
    return out
