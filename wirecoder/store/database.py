"""The :class:`Store`: one open DuckDB store file, for reading or for writing."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Optional, Sequence

from wirecoder.records import Article, Event
from wirecoder.store import reads, writes
from wirecoder.store.clusters import ClusterIndex
from wirecoder.store.schema import StoreError, connect, default_db_path, schema_version


class Store:
    """A wirecoder event store in one DuckDB file.

    ``Store(path)`` creates the file (and its folder) when missing, checks the schema version of
    an existing one (migrating an older store when a migration exists, else refusing), and
    refuses a file that is not a DuckDB database. ``read_only=True`` never writes and requires
    the store to exist. Use as a context manager or call :meth:`close`.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None, *, read_only: bool = False,
                 similarity: str = "static"):
        self.path = Path(path) if path is not None else default_db_path()
        self.read_only = read_only
        self.similarity = similarity
        self._index: Optional[ClusterIndex] = None  # built on the first write
        self.con = connect(self.path, read_only)

    # -- lifecycle ---------------------------------------------------------------------------

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (a checkpoint folds the write-ahead log into the file)."""
        import duckdb

        try:
            self.con.close()
        except duckdb.Error:
            pass

    @property
    def schema_version(self) -> int:
        return schema_version(self.con)

    # -- writing -----------------------------------------------------------------------------

    def add(self, article: Article, events: Sequence[Event]) -> str:
        """Store one article and its events; return ``"new"``, ``"unchanged"`` or ``"replaced"``.

        Re-adding the same article (same id and content hash) changes nothing. A new version of
        an article (same id, different content) replaces its events and re-assigns clusters,
        all in one transaction.
        """
        return self.add_many([(article, events)])[0]

    def add_many(self, items: Sequence[tuple[Article, Sequence[Event]]]) -> list[str]:
        """Store several articles with their events in ONE transaction; statuses in input order.

        Faster than :meth:`add` per article (one dedupe candidate query per batch); an
        interruption loses the whole batch, which a re-run then adds again.
        """
        if self.read_only:
            raise StoreError(str(self.path), "opened read-only")
        try:
            return writes.add_many(self.con, self.cluster_index(), items, self.similarity)
        except BaseException:
            self._index = None  # it saw the rolled-back batch; rebuilt from the store on next use
            raise

    def cluster_index(self) -> ClusterIndex:
        """The in-memory :class:`~wirecoder.store.clusters.ClusterIndex` of this writer (built lazily)."""
        if self._index is None:
            self._index = ClusterIndex(self.con, self.similarity)
        return self._index

    # -- reading -----------------------------------------------------------------------------

    def info(self) -> dict[str, Any]:
        """Counts and metadata for ``wirecoder info``."""
        return reads.info(self.con, self.path)

    def events(self, article_id: Optional[str] = None) -> list[Event]:
        """Stored events as records (all, or those of one article), in article/span order."""
        return reads.events(self.con, article_id)
