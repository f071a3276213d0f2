"""Writing events from ``extract``: JSON Lines, CSV, Parquet, PLOVER-JSONL.

Each format is a function ``(events, stream_or_path) -> count``; :func:`write_events` picks one.
Writing to a path is atomic (a temporary file beside it, renamed at the end), so an interrupted
run never leaves a half-written file in place of a good one. The flat CSV columns and the PLOVER
record are the same as the store's exports (:mod:`wirecoder.export`).
"""
from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import IO, Iterable, Iterator, Optional

import pyarrow as pa
import pyarrow.parquet as pq

from .errors import WirecoderError
from .export import CSV_COLUMNS, flat_row, plover_record
from .records import Event

FORMATS = ("json", "csv", "parquet", "plover")

_ACTOR = pa.struct([("text", pa.string()), ("name", pa.string()), ("country", pa.string()),
                    ("sector", pa.string())])
EVENT_SCHEMA = pa.schema([
    ("id", pa.string()), ("article_id", pa.string()), ("event_type", pa.string()), ("mode", pa.string()),
    ("context", pa.list_(pa.string())), ("quad_class", pa.int8()), ("cameo_root", pa.string()),
    ("modality", pa.string()), ("actor", pa.list_(_ACTOR)), ("recipient", pa.list_(_ACTOR)),
    ("date", pa.struct([("value", pa.string()), ("precision", pa.string()), ("text", pa.string())])),
    ("location", pa.struct([("text", pa.string()), ("name", pa.string()), ("geonameid", pa.int64()),
                            ("lat", pa.float64()), ("lon", pa.float64()), ("country", pa.string()),
                            ("admin1", pa.string()), ("admin2", pa.string()), ("precision", pa.string())])),
    ("size", pa.struct([("people", pa.int64()), ("qualifier", pa.string()), ("text", pa.string()),
                        ("dead", pa.int64()), ("injured", pa.int64()), ("arrested", pa.int64())])),
    ("sentence", pa.string()), ("span", pa.list_(pa.int64())), ("confidence", pa.float64()),
    ("trigger", pa.string()), ("source_span", pa.list_(pa.int64())), ("source", pa.string()),
    ("acled_type", pa.string()), ("acled_subtype", pa.string()),
])


def guess_format(path: Optional[str]) -> str:
    if not path or path == "-":
        return "json"
    p = path.lower()
    if p.endswith(".plover.jsonl"):
        return "plover"
    for ext, fmt in ((".csv", "csv"), (".parquet", "parquet"), (".jsonl", "json"), (".json", "json"),
                     (".ndjson", "json")):
        if p.endswith(ext):
            return fmt
    return "json"


@contextlib.contextmanager
def _open_target(path: Optional[str], binary: bool = False) -> Iterator[IO]:
    """stdout for None/"-", else a temporary file renamed onto ``path`` only when writing succeeded."""
    if path in (None, "-"):
        if binary:
            raise WirecoderError("parquet output needs a file: add -o FILE.parquet")
        yield sys.stdout
        sys.stdout.flush()
        return
    target = Path(path)
    if target.is_dir():
        raise WirecoderError(f"{path}: is a directory, not an output file")
    if not target.parent.exists():
        raise WirecoderError(f"{path}: folder {target.parent} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=str(target.parent))
    try:
        with os.fdopen(fd, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8", "newline": ""})) as fh:
            yield fh
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_json(events: Iterable[Event], fh: IO) -> int:
    n = 0
    for ev in events:
        fh.write(json.dumps(ev.to_dict(), ensure_ascii=False) + "\n")
        n += 1
    return n


def write_plover(events: Iterable[Event], fh: IO) -> int:
    n = 0
    for ev in events:
        fh.write(json.dumps(plover_record(ev.to_dict()), ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(events: Iterable[Event], fh: IO) -> int:
    w = csv.DictWriter(fh, fieldnames=CSV_COLUMNS, lineterminator="\n")
    w.writeheader()
    n = 0
    for ev in events:
        w.writerow(flat_row(ev.to_dict()))
        n += 1
    return n


def write_parquet(events: Iterable[Event], fh: IO, batch: int = 5000) -> int:
    n = 0
    with pq.ParquetWriter(fh, EVENT_SCHEMA) as writer:
        rows: list[dict] = []
        for ev in events:
            rows.append(ev.to_dict())
            if len(rows) >= batch:
                writer.write_table(pa.Table.from_pylist(rows, schema=EVENT_SCHEMA))
                n += len(rows)
                rows = []
        if rows or n == 0:
            writer.write_table(pa.Table.from_pylist(rows, schema=EVENT_SCHEMA))
            n += len(rows)
    return n


WRITERS = {"json": write_json, "csv": write_csv, "parquet": write_parquet, "plover": write_plover}


def write_events(events: Iterable[Event], path: Optional[str] = None, fmt: Optional[str] = None) -> int:
    """Write ``events`` to ``path`` (None or "-" = stdout) in ``fmt`` (else guessed from the name)."""
    fmt = fmt or guess_format(path)
    if fmt not in WRITERS:
        raise WirecoderError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    with _open_target(path, binary=fmt == "parquet") as fh:
        return WRITERS[fmt](events, fh)


def read_events(path: str) -> list[Event]:
    """Read events written by :func:`write_events` as JSON Lines or Parquet (for round trips)."""
    if path.endswith(".parquet"):
        return [Event.from_dict(r) for r in pq.read_table(path).to_pylist()]
    with open(path, encoding="utf-8") as fh:
        return [Event.from_dict(json.loads(line)) for line in fh if line.strip()]


def to_string(events: Iterable[Event], fmt: str = "json") -> str:
    buf = io.StringIO()
    WRITERS[fmt](events, buf)
    return buf.getvalue()
