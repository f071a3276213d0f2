"""Write stored events or clusters as CSV, Parquet, JSONL, PLOVER-JSONL, GeoJSON or ACLED-style CSV.

    from wirecoder.export import export
    export(store, "july.geojson", relation=query(store, start="2021-07-01"))

Every writer streams the rows in batches (memory stays bounded on a large store) into a
temporary file next to the target and renames it into place at the end, so a reader never
sees a half-written file and an interrupted export leaves the old file untouched.

Formats (``fmt``, else guessed from the file name):

``csv``          one row per event, nested fields flattened (:func:`wirecoder.schema.csv_columns`;
                 text quoted, so a reader keeps CAMEO "08" a string)
``parquet``      one row per event, nested fields kept as structs/lists, dates as dates
                 (:func:`wirecoder.schema.arrow_schema`: the same columns and types as ``extract``)
``jsonl``        :meth:`wirecoder.records.Event.to_dict` plus the record extras (``date_start``,
                 ``date_end``, ``cluster_id``, ``num_sources``, ``incident_id``,
                 ``url``, ``title``); valid against ``data/event.schema.json``

Every record of the first three (and the GeoJSON properties) is :func:`store_record` of a row:
the published schema and nothing else, so no internal column (``vec``, ``actor_keys``,
``sentence_lc``) leaks. Clusters (``level="clusters"``) are :class:`wirecoder.schema.ClusterRecord`
records (``data/cluster.schema.json``).
``plover``       PLOVER JSONL (``*.plover.jsonl``) by the PLOVER manual's JSON data fields, see
                 :mod:`wirecoder.plover_export`
``geojson``      FeatureCollection of points (events or clusters that have coordinates)
``acled``        ACLED-style CSV (``*.acled.csv``) with ACLED's column names, one row per
                 CLUSTER (a deduplicated event), see :data:`ACLED_COLUMNS`
"""
from __future__ import annotations

import contextlib
import csv
import json
import logging
import os
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterator, Optional

import duckdb

from wirecoder import schema
from wirecoder.acled_export import acled_row, mapping as acled_mapping
from wirecoder.plover_export import intensity, plover_record
from wirecoder.records import Event

BATCH = 10_000
log = logging.getLogger(__name__)

# ACLED's columns, in its order (data/acled/export.yaml; the mapping is wirecoder.acled_export)
ACLED_COLUMNS = list(acled_mapping()["columns"])

FORMATS = ("csv", "parquet", "jsonl", "plover", "geojson", "acled")


def guess_format(path: str | os.PathLike[str]) -> str:
    """Format name from a file name (``x.acled.csv`` -> ``acled``, ``x.plover.jsonl`` -> ``plover``)."""
    name = Path(path).name.lower()
    for suffix, fmt in ((".acled.csv", "acled"), (".plover.jsonl", "plover"), (".geojson", "geojson"),
                        (".csv", "csv"), (".parquet", "parquet"), (".jsonl", "jsonl"), (".ndjson", "jsonl")):
        if name.endswith(suffix):
            return fmt
    raise ValueError(f"{path}: cannot tell the export format from the name; use one of "
                     f"{', '.join(FORMATS)} (e.g. .csv, .parquet, .jsonl, .plover.jsonl, .geojson, .acled.csv)")


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it onto ``path`` only on success."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    try:
        yield tmp
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


def export(store: Any, path: str | os.PathLike[str], fmt: Optional[str] = None,
           relation: Optional[duckdb.DuckDBPyRelation] = None, level: Optional[str] = None) -> int:
    """Write ``relation`` (default: every event, or every cluster for ACLED) to ``path``.

    ``relation`` comes from :func:`wirecoder.query.query`; ``level`` ("events"/"clusters") picks
    the default relation. Returns the number of records written.
    """
    from wirecoder.query import query

    fmt = fmt or guess_format(path)
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    if relation is None:
        relation = query(store, sort="date", level=level or ("clusters" if fmt == "acled" else "events"))
    if fmt == "acled":
        relation = _acled_clusters(store, relation)
    writer = {"csv": write_csv, "parquet": write_parquet, "jsonl": write_jsonl,
              "plover": write_plover, "geojson": write_geojson, "acled": write_acled}[fmt]
    return writer(relation, path)


def _rows(rel: duckdb.DuckDBPyRelation) -> Iterator[dict[str, Any]]:
    reader = rel.to_arrow_reader(BATCH)
    for batch in reader:
        yield from batch.to_pylist()


_json_default = schema.json_value


def _is_cluster(r: dict[str, Any]) -> bool:
    return "article_id" not in r and "num_events" in r


def store_record(r: dict[str, Any]) -> dict[str, Any]:
    """A row of :func:`wirecoder.query.query` as the published record: an event row as
    ``Event.to_dict()`` plus :class:`wirecoder.schema.RecordExtras`; a cluster row as a
    :class:`wirecoder.schema.ClusterRecord`. Nothing else of the row is kept."""
    if _is_cluster(r):
        d = {n: r.get(schema.STORE_COLUMN.get(n, n)) for n in schema.column_names(schema.ClusterRecord)}
        d["intensity"] = intensity(d.get("event_type"), d.get("mode"))
        return d
    from wirecoder.store import row_to_event
    d = row_to_event(r).to_dict()
    for n in schema.column_names(Event):
        if n not in d:
            d[n] = r.get(schema.STORE_COLUMN.get(n, n))
    if d.get("date") is None:
        # an undated event's date stands for no interval (the store's date_lo/date_hi window around
        # the publication day is for dedupe and queries, not a date), as in extract's output
        d["date_start"] = d["date_end"] = None
    d["intensity"] = intensity(d.get("event_type"), d.get("mode"))
    return d


def _record_cls(r: dict[str, Any]) -> type:
    return schema.ClusterRecord if _is_cluster(r) else Event


class CsvWriter:
    """CSV of :func:`wirecoder.schema.csv_columns`: text values always quoted, numbers never,
    an empty cell for null, so a reader (DuckDB, a spreadsheet import) keeps "08" as text."""

    def __init__(self, fh: Any, record_cls: type = Event):
        self.fh, self.record_cls = fh, record_cls
        self.columns = schema.csv_columns(record_cls)
        fh.write(",".join(self.columns) + "\n")

    @staticmethod
    def cell(v: Any) -> str:
        if v is None:
            return ""
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, (int, float)):
            return repr(v) if isinstance(v, float) else str(v)
        return '"' + str(v).replace('"', '""') + '"'

    def writerow(self, row: dict[str, Any]) -> None:
        self.fh.write(",".join(self.cell(row.get(c)) for c in self.columns) + "\n")

    def write_record(self, record: dict[str, Any]) -> None:
        self.writerow(schema.csv_row(record, self.record_cls))


def csv_writer(fh: Any, record_cls: type = Event) -> CsvWriter:
    return CsvWriter(fh, record_cls)


def _records(rel: duckdb.DuckDBPyRelation) -> Iterator[tuple[type, dict[str, Any]]]:
    for r in _rows(rel):
        yield _record_cls(r), store_record(r)


def _level_cls(rel: duckdb.DuckDBPyRelation) -> type:
    return schema.ClusterRecord if "num_events" in rel.columns and "article_id" not in rel.columns else Event


def write_csv(rel: duckdb.DuckDBPyRelation, path: str | os.PathLike[str]) -> int:
    """Flat CSV, one row per record (see :func:`wirecoder.schema.csv_columns`)."""
    n = 0
    with atomic_path(path) as tmp, open(tmp, "w", newline="", encoding="utf-8") as fh:
        w = csv_writer(fh, _level_cls(rel))
        for _, rec in _records(rel):
            w.write_record(rec)
            n += 1
    return n


def write_parquet(rel: duckdb.DuckDBPyRelation, path: str | os.PathLike[str]) -> int:
    """Parquet of :func:`wirecoder.schema.arrow_schema`, nested fields kept, dates as dates."""
    import pyarrow.parquet as pq
    cls = _level_cls(rel)
    n = 0
    with atomic_path(path) as tmp:
        with pq.ParquetWriter(str(tmp), schema.arrow_schema(cls)) as w:
            batch: list[dict[str, Any]] = []
            for _, rec in _records(rel):
                batch.append(rec)
                if len(batch) >= BATCH:
                    w.write_table(schema.arrow_table(batch, cls))
                    n += len(batch)
                    batch = []
            w.write_table(schema.arrow_table(batch, cls))
            n += len(batch)
    return n


def write_jsonl(rel: duckdb.DuckDBPyRelation, path: str | os.PathLike[str]) -> int:
    """One record per line: ``Event.to_dict()`` plus the record extras (or a cluster record)."""
    n = 0
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8") as fh:
        for _, rec in _records(rel):
            fh.write(json.dumps(rec, ensure_ascii=False, default=_json_default) + "\n")
            n += 1
    return n


def write_plover(rel: duckdb.DuckDBPyRelation, path: str | os.PathLike[str]) -> int:
    """PLOVER JSONL by the PLOVER manual's JSON data fields (:mod:`wirecoder.plover_export`), one
    record per line; records without a date (the manual requires one) are left out and counted."""
    n = undated = 0
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8") as fh:
        for r in _rows(rel):
            rec = store_record(r)
            if not _is_cluster(r):
                rec["site"] = r.get("site")
            p = plover_record(rec)
            if p is None:
                undated += 1
                continue
            fh.write(json.dumps(p, ensure_ascii=False, default=_json_default) + "\n")
            n += 1
    if undated:
        log.warning("%s: %d records without a date are not in the PLOVER file", path, undated)
    return n


def geojson_feature(record: dict[str, Any], record_cls: type = Event) -> Optional[dict[str, Any]]:
    """A GeoJSON point feature (the flat CSV values as properties), or None without coordinates."""
    loc = record.get("location") or {}
    if loc.get("lat") is None or loc.get("lon") is None:
        return None
    props = {k: v for k, v in schema.csv_row(record, record_cls).items() if v not in (None, "")}
    return {"type": "Feature", "id": record.get("id"),
            "geometry": {"type": "Point", "coordinates": [loc["lon"], loc["lat"]]},
            "properties": props}


def write_geojson(rel: duckdb.DuckDBPyRelation, path: str | os.PathLike[str]) -> int:
    """GeoJSON FeatureCollection of the records that have coordinates; the collection's
    ``num_records`` and ``num_without_coordinates`` say how many were left out (and a line on
    stderr). Returns the number of features written."""
    n = skipped = 0
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8") as fh:
        fh.write('{"type": "FeatureCollection", "features": [\n')
        for cls, rec in _records(rel):
            feat = geojson_feature(rec, cls)
            if feat is None:
                skipped += 1
                continue
            fh.write(("" if n == 0 else ",\n") + json.dumps(feat, ensure_ascii=False, default=_json_default))
            n += 1
        fh.write(f'\n], "num_records": {n + skipped}, "num_without_coordinates": {skipped}}}\n')
    if skipped:
        log.warning("%s: %d of %d records have no coordinates and are not in the GeoJSON",
                    path, skipped, n + skipped)
    return n


def _acled_clusters(store: Any, rel: duckdb.DuckDBPyRelation) -> duckdb.DuckDBPyRelation:
    """The clusters of the events of ``rel`` (ACLED rows are deduplicated events: one per cluster)."""
    if "article_id" not in rel.columns:
        return rel
    ids = sorted({r[0] for r in rel.select("cluster_id").fetchall() if r[0]})
    return store.con.sql("SELECT *, cluster_id AS id FROM clusters WHERE cluster_id IN "
                         "(SELECT unnest(?::VARCHAR[])) ORDER BY date_lo NULLS LAST, cluster_id", params=[ids])


def write_acled(rel: duckdb.DuckDBPyRelation, path: str | os.PathLike[str]) -> int:
    """ACLED-style CSV (ACLED's columns and codes, see :mod:`wirecoder.acled_export`), one row per
    cluster; clusters ACLED would not code are left out and counted on stderr by reason."""
    n = 0
    skipped: dict[str, int] = {}
    seen: set[str] = set()
    with atomic_path(path) as tmp, open(tmp, "w", newline="", encoding="utf-8") as fh:
        fh.write(",".join(ACLED_COLUMNS) + "\n")
        for r in _rows(rel):
            row, why = acled_row(r)
            if row is None:
                skipped[why] = skipped.get(why, 0) + 1
                continue
            if row["event_id_cnty"] in seen:
                skipped["duplicate cluster"] = skipped.get("duplicate cluster", 0) + 1
                continue
            seen.add(row["event_id_cnty"])
            fh.write(",".join(CsvWriter.cell(row.get(c)) for c in ACLED_COLUMNS) + "\n")
            n += 1
    if skipped:
        log.warning("%s: %d of %d events not written as ACLED rows: %s", path, sum(skipped.values()),
                    n + sum(skipped.values()), ", ".join(f"{k} {v}" for k, v in sorted(skipped.items())))
    return n
