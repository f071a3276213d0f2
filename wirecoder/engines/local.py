"""The local engine: the pipeline over a pool of processes on this machine.

Inputs are read here, in order, by the ingest code; chunks of ``chunk_size`` articles go to the
workers and their results come back IN INPUT ORDER, so the output is the same for any number of
workers. At most ``2 x workers`` chunks are in flight, so memory stays bounded however large the
input (a WARC is streamed record by record). Workers are started with ``spawn`` (safe with
threads in the parent, and the same on every OS) and load the spaCy model, lexicons and
gazetteer once each. ``workers=1`` runs everything in this process.

    >>> from wirecoder.engines import local, RunOptions
    >>> local.run(["news/"], "out/", RunOptions(date="2021-07-26"), workers=2)   # doctest: +SKIP
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, NamedTuple, Optional, Sequence, Union

import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import WirecoderError
from ..output import EVENT_SCHEMA
from ..pipeline import PipelineOptions
from .blocks import CLUSTER_SCHEMA, block_key, cluster_block, dedupe_row
from .common import (ARTICLE_SCHEMA, ERROR_SCHEMA, Outcome, RunOptions, RunResult, iter_chunks, plan_inputs,
                     prepare_output, run_chunk)

log = logging.getLogger("wirecoder.engines.local")

ProgressFn = Callable[[int, int], None]


class TableWriter:
    """Rows -> ``folder/part-NNNNN.parquet`` files of at most ``rows_per_file`` rows.

    Each part is written under a hidden temporary name and renamed when complete, so a reader
    never sees a half-written part. A table without rows still gets one (empty) part, which
    carries the schema.
    """

    def __init__(self, folder: Path, schema: pa.Schema, rows_per_file: int = 250_000, row_group: int = 10_000):
        self.folder, self.schema = folder, schema
        self.rows_per_file, self.row_group = rows_per_file, row_group
        self.folder.mkdir(parents=True, exist_ok=True)
        self.part = 0
        self.count = 0
        self._in_file = 0
        self._buf: list[dict[str, Any]] = []
        self._writer: Optional[pq.ParquetWriter] = None
        self._tmp: Optional[Path] = None

    def write(self, rows: Iterable[dict[str, Any]]) -> None:
        for r in rows:
            self._buf.append(r)
            if len(self._buf) >= self.row_group:
                self._flush()

    def _flush(self) -> None:
        if not self._buf and self._writer is not None:
            return
        if self._writer is None:
            self._tmp = self.folder / f".part-{self.part:05d}.parquet.tmp"
            self._writer = pq.ParquetWriter(self._tmp, self.schema)
        tbl = pa.Table.from_pylist(self._buf, schema=self.schema)
        self._writer.write_table(tbl)
        self.count += len(self._buf)
        self._in_file += len(self._buf)
        self._buf = []
        if self._in_file >= self.rows_per_file:
            self._finish_part()

    def _finish_part(self) -> None:
        assert self._writer is not None and self._tmp is not None
        self._writer.close()
        os.replace(self._tmp, self.folder / f"part-{self.part:05d}.parquet")
        self._writer, self._tmp = None, None
        self.part += 1
        self._in_file = 0

    def close(self) -> int:
        """Write what is buffered, finish the last part; return the number of rows written."""
        if self._buf or self._writer is None and self.part == 0:
            self._flush()
        if self._writer is not None:
            self._finish_part()
        return self.count

    def abort(self) -> None:
        """Drop the part being written (after a failure)."""
        if self._writer is not None:
            self._writer.close()
            if self._tmp is not None:
                self._tmp.unlink(missing_ok=True)
            self._writer = None


class Job(NamedTuple):
    fn: Callable[..., Any]
    args: tuple


def _init_worker(level: int) -> None:
    logging.basicConfig(level=level, format="wirecoder: %(levelname)s: %(message)s")


def _chunk_job(chunk: list, options: PipelineOptions) -> list[Outcome]:
    return run_chunk(chunk, options)


def _ordered(pool: Optional[ProcessPoolExecutor], jobs: Iterable[Union[Job, Any]], window: int) -> Iterator[Any]:
    """Results of ``jobs`` in order (anything that is not a :class:`Job` passes through), with at
    most ``window`` jobs submitted and not yet consumed."""
    if pool is None:
        for j in jobs:
            yield j.fn(*j.args) if isinstance(j, Job) else j
        return
    pending: deque = deque()

    def take() -> Any:
        head = pending.popleft()
        if not isinstance(head, Future):
            return head
        try:
            return head.result()
        except BrokenProcessPool:
            raise WirecoderError("a worker process died (out of memory or killed); "
                                 "try fewer --workers or a smaller --chunk-size") from None

    for j in jobs:
        pending.append(pool.submit(j.fn, *j.args) if isinstance(j, Job) else j)
        while pending and (len(pending) > window or not isinstance(pending[0], Future)):
            yield take()
    while pending:
        yield take()


def run(inputs: Sequence[Union[str, os.PathLike]], output: Union[str, os.PathLike],
        options: Optional[RunOptions] = None, *, workers: int = 1,
        progress: Optional[ProgressFn] = None) -> RunResult:
    """Run the pipeline over ``inputs`` with ``workers`` processes; write the tables to ``output``.

    Args:
        inputs: files, folders, globs (``'data/*.warc.gz'``), Parquet files of articles, URLs.
        output: folder that receives ``events/``, ``articles/``, ``errors/`` (and ``clusters/``).
        options: the run's options (date, dedupe, chunk size, pipeline options ...).
        workers: processes; 1 runs in this process.
        progress: called with (articles done, events done) after each chunk.

    Returns:
        :class:`RunResult` with the number of rows of each table.
    """
    opts = options or RunOptions()
    start = time.monotonic()
    units, plan_errors = plan_inputs(inputs, opts.include, opts.exclude)
    out = prepare_output(output, opts.overwrite)
    writers = {"events": TableWriter(out / "events", EVENT_SCHEMA),
               "articles": TableWriter(out / "articles", ARTICLE_SCHEMA),
               "errors": TableWriter(out / "errors", ERROR_SCHEMA)}
    if opts.dedupe:
        writers["clusters"] = TableWriter(out / "clusters", CLUSTER_SCHEMA)
    writers["errors"].write(plan_errors)
    blocks: dict[str, list[dict[str, Any]]] = {}
    n_art = n_ev = 0
    pool = None
    try:
        if workers > 1:
            pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                       initializer=_init_worker, initargs=(logging.getLogger("wirecoder").getEffectiveLevel(),))
        jobs = (Job(_chunk_job, (item, opts.pipeline)) if isinstance(item, list) else [Outcome(None, [], item)]
                for item in iter_chunks(units, opts))
        for outcomes in _ordered(pool, jobs, window=2 * max(workers, 1)):
            for o in outcomes:
                if o.error is not None:
                    writers["errors"].write([o.error])
                    continue
                writers["articles"].write([o.article])
                writers["events"].write(o.events)
                n_art += 1
                n_ev += len(o.events)
                if opts.dedupe:
                    for ev in o.events:
                        blocks.setdefault(block_key(ev, o.article["published"]), []).append(dedupe_row(ev, o.article))
            if progress is not None:
                progress(n_art, n_ev)
        if opts.dedupe:
            jobs = (Job(cluster_block, (b, blocks.pop(b))) for b in sorted(blocks))
            for rows in _ordered(pool, jobs, window=2 * max(workers, 1)):
                writers["clusters"].write(rows)
        counts = {name: w.close() for name, w in writers.items()}
    except BaseException:
        for w in writers.values():
            w.abort()
        raise
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    (out / "_SUCCESS").touch()
    return RunResult(str(out), f"local[{workers}]", articles=counts["articles"], events=counts["events"],
                     errors=counts["errors"], clusters=counts.get("clusters", 0), seconds=time.monotonic() - start)
