"""Concurrent access to one DuckDB store from the server's worker threads.

DuckDB allows one process to open a database file for writing; inside that process any number
of connections (``con.cursor()``) may read and write. The server therefore opens the store
once and

* gives every read request its own cursor, inside one read transaction, so all the queries of
  a request (a page and its total, an event and its sources) see the same snapshot even while
  an article is being added; a cursor costs ~40 us to make;
* runs every write (pipeline + :meth:`Store.add`) behind one lock on the store's own
  connection: writes are serialised (one transaction at a time, never a write-write conflict)
  and never block readers (MVCC: readers see the last committed state).

The pipeline also runs under the write lock: spaCy pipelines are not documented as thread-safe,
and the machine's cores are better spent on one article at a time than on contention.
"""
from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass
from typing import Iterator

import duckdb

from wirecoder.store import Store


@dataclass
class ReadView:
    """What :func:`wirecoder.query.query` and friends need from a store: a ``con``."""

    con: duckdb.DuckDBPyConnection


class StoreAccess:
    """Read cursors and the one write lock over an open :class:`~wirecoder.store.Store`."""

    def __init__(self, store: Store):
        self.store = store
        self.write_lock = threading.Lock()

    @contextlib.contextmanager
    def reader(self) -> Iterator[ReadView]:
        """A cursor in a read transaction (one consistent snapshot), closed afterwards."""
        cur = self.store.con.cursor()
        try:
            cur.execute("BEGIN TRANSACTION")
            try:
                yield ReadView(cur)
            finally:
                cur.execute("ROLLBACK")
        finally:
            cur.close()

    @contextlib.contextmanager
    def writer(self) -> Iterator[Store]:
        """The store, held exclusively by the calling thread."""
        if self.store.read_only:
            from .errors import ApiError
            raise ApiError(403, "the store is open read-only (--read-only); writes are disabled")
        with self.write_lock:
            yield self.store

    def close(self) -> None:
        """Close the store (after the last writer has finished)."""
        with self.write_lock:
            self.store.close()
