"""The ingest driver: read sources, run the pipeline on each article, store the results in
batches (:func:`ingest`), with progress on stderr."""
from __future__ import annotations

import logging
import os
import sys
import time
from typing import Any, Callable, Iterable, Optional, Sequence

from wirecoder.cliargs import plural
from wirecoder.progress import Progress, count_inputs, input_of
from wirecoder.errors import InputError
from wirecoder.records import Article, Event
from wirecoder.store.database import Store
from wirecoder.store.schema import StoreError

log = logging.getLogger("wirecoder.store")


def ingest(sources: Sequence[str], db: str | os.PathLike[str] | None = None, *,
           date: Optional[str] = None, batch_size: int = 20, progress_every: float = 5.0,
           articles: Optional[Iterable[Article | InputError]] = None,
           process: Optional[Callable[[Article], tuple[Article, list[Event]]]] = None,
           similarity: str = "static", stream: Any = None,
           allow_private_urls: bool = False) -> dict[str, int]:
    """Read ``sources``, run the pipeline on each article and store the results.

    Drives ``wirecoder.ingest.iter_articles(sources, date=date)`` ->
    ``wirecoder.pipeline.process_article`` -> :meth:`Store.add_many` in transactions of
    ``batch_size`` articles. Unreadable inputs are logged as one line and skipped. Progress
    (articles done, rate, ETA when the number of inputs is known) goes to ``stream`` (stderr)
    every ``progress_every`` seconds. ``articles``/``process`` replace the two stages (tests,
    other engines). Returns counts: new, unchanged, replaced, errors, events.

    Safe to interrupt: everything committed stays, and running it again skips what is stored.
    """
    from wirecoder.isolation import failure_of

    if articles is None:
        from wirecoder.ingest import iter_articles
        articles = iter_articles(list(sources), date=date, allow_private_urls=allow_private_urls)
    if process is None:
        from wirecoder.pipeline import process_article
        process = process_article
    stream = stream or sys.stderr
    total = count_inputs(sources)
    counts = {"new": 0, "unchanged": 0, "replaced": 0, "errors": 0, "events": 0}
    progress = Progress("ingest", total=total, total_unit="input" if total else None, stream=stream,
                        every=progress_every)
    start = time.monotonic()
    done = 0
    sources_seen: set[str] = set()
    pending: list[tuple[Article, list[Event]]] = []
    input_hashes: list[str] = []

    def flush() -> None:
        if not pending:
            return
        try:
            statuses = store.add_many(pending)
            stored = list(zip(input_hashes, (a for a, _ in pending)))
        except (StoreError, KeyboardInterrupt):
            raise
        except Exception as e:  # noqa: BLE001 - the batch was rolled back: store it article by article
            if _disk_full(e):
                raise StoreError(str(store.path), "the disk is full (No space left on device); "
                                 "everything committed before is kept: free space and run the same "
                                 "command again to add the rest") from None
            statuses, stored = [], []
            for (art, evs), ih in zip(pending, input_hashes):
                try:
                    statuses += store.add_many([(art, evs)])
                    stored.append((ih, art))
                except (StoreError, KeyboardInterrupt):
                    raise
                except Exception as e:  # noqa: BLE001 - only this article is lost
                    log.warning("%s", failure_of(art, e, "store"))
                    counts["errors"] += 1
                    counts["events"] -= len(evs)
        for status in statuses:
            counts[status] += 1
        resume.record(stored)
        pending.clear()
        input_hashes.clear()

    with Store(db, similarity=similarity) as store:
        from wirecoder.resume import Resume

        resume = Resume(store)     # stored articles are skipped here, before clean and the NLP
        for item in resume.filter(articles):
            if isinstance(item, InputError):
                log.warning("%s", item)
                counts["errors"] += 1
                continue
            ih = resume.hash(item)
            try:
                art, evs = process(item)
            except InputError as err:
                log.warning("%s", err)
                counts["errors"] += 1
                continue
            except Exception as e:  # noqa: BLE001 - one article's failure never stops the run
                log.warning("%s", failure_of(item, e))
                counts["errors"] += 1
                continue
            pending.append((art, evs))
            input_hashes.append(ih)
            counts["events"] += len(evs)
            done += 1
            sources_seen.add(input_of(item.source))
            if len(pending) >= batch_size:
                flush()
            progress.update(1, events=len(evs), of_total=len(sources_seen) if total else None)
        flush()
    progress.close()
    counts["unchanged"] += resume.skipped
    done += resume.skipped
    elapsed = time.monotonic() - start
    stream.write(f"wirecoder: {plural(done, 'article')} ({counts['new']} new, {counts['replaced']} replaced, "
                 f"{counts['unchanged']} unchanged, {plural(counts['errors'], 'error')}), "
                 f"{plural(counts['events'], 'event')} in {elapsed:.1f}s\n")
    return counts


def _disk_full(e: BaseException) -> bool:
    """Whether a failed write failed for lack of disk space (DuckDB says so in its message)."""
    import errno

    return getattr(e, "errno", None) == errno.ENOSPC or "No space left on device" in str(e)

