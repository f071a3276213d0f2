"""The event store: articles, events, clusters and incidents in one DuckDB file.

    from wirecoder.store import Store
    with Store("events.duckdb") as store:
        status = store.add(article, events)      # "new" | "unchanged" | "replaced"

Every :meth:`Store.add_many` call is ONE transaction: the article rows, their events, the
flattened actors, the cluster assignment (:mod:`wirecoder.dedupe`) and the incident links
(:mod:`wirecoder.incidents`) are committed together or not at all. An ingest killed at any
point (Ctrl-C, ``kill -9``) therefore leaves the store as of the last commit, and re-running
the same ingest skips what is already there (same article id and content hash -> "unchanged").

One module per job, each importing only the ones before it:

=====================================  ===================================================
:mod:`wirecoder.store.schema`          tables, schema version, migrations, opening a file
:mod:`wirecoder.store.clusters`        cluster index, assignment of new events, merged rows
:mod:`wirecoder.store.incidents`       linking clusters into incidents, listing them
:mod:`wirecoder.store.writes`          one batch in one transaction, row builders
:mod:`wirecoder.store.reads`           ``info``, stored events as records
:mod:`wirecoder.store.database`        :class:`Store`
:mod:`wirecoder.store.driver`          :func:`ingest` (sources -> pipeline -> store)
=====================================  ===================================================

The evidence and score of "same real event" and the merged record are :mod:`wirecoder.dedupe`'s
(no database); its typed records :class:`~wirecoder.dedupe.ClusterRep` and
:class:`~wirecoder.dedupe.Cluster` and :class:`~wirecoder.store.incidents.Incident` are what
these modules pass each other.

The tables and their columns are described in :mod:`wirecoder.store.schema`.
"""
from __future__ import annotations

from wirecoder.store.schema import (CLUSTER_COLUMNS, DEFAULT_WRITER_MEMORY, DENORMALISED, DERIVED_SQL,
                                    EVENTS_COLUMNS, MIGRATIONS, SCHEMA_SQL, SCHEMA_VERSION,
                                    STORE_EVENT_COLUMNS, TABLES, StoreError, add_missing_event_columns,
                                    content_hash, default_db_path, event_column_names, event_columns,
                                    sync_cluster_columns)
from wirecoder.store.reads import EVENT_FIELDS, row_to_event
from wirecoder.store.writes import event_row
from wirecoder.store.database import Store
from wirecoder.store.driver import ingest

__all__ = ["CLUSTER_COLUMNS", "DEFAULT_WRITER_MEMORY", "DENORMALISED", "DERIVED_SQL", "EVENTS_COLUMNS",
           "EVENT_FIELDS", "MIGRATIONS", "SCHEMA_SQL", "SCHEMA_VERSION", "STORE_EVENT_COLUMNS", "TABLES", "Store",
           "StoreError", "add_missing_event_columns", "content_hash", "default_db_path", "event_column_names",
           "event_columns", "event_row", "ingest", "row_to_event", "sync_cluster_columns"]
