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
from typing import IO, Any, Iterable, Iterator, Optional

import pyarrow as pa
import pyarrow.parquet as pq

from .errors import WirecoderError
from . import schema
from .export import csv_writer
from .plover_export import intensity, plover_record
from .records import Event

FORMATS = ("json", "csv", "parquet", "plover")

# the Parquet schema of an event (the same for ``extract``, ``query``/``export`` and ``run``),
# derived from :class:`wirecoder.records.Event` by :mod:`wirecoder.schema`
EVENT_SCHEMA = schema.arrow_schema()


def event_record(ev: Event) -> dict[str, Any]:
    """``ev.to_dict()`` plus the record extras ``extract`` knows (the date window; the store
    columns are null): the row of a CSV or Parquet file."""
    from .dedupe import date_range

    d = ev.to_dict()
    d["date_start"], d["date_end"] = date_range(ev.date, None) if ev.date else (None, None)
    d["intensity"] = intensity(ev.event_type, ev.mode)
    return d


EXTENSIONS = ((".plover.jsonl", "plover"), (".csv", "csv"), (".parquet", "parquet"), (".jsonl", "json"),
              (".json", "json"), (".ndjson", "json"))


def guess_format(path: Optional[str]) -> str:
    """The format of an output file from its name; stdout (None or "-") is JSON Lines. A name
    with no known extension is refused (writing JSON Lines into ``events.xlsx`` helps nobody)."""
    if not path or path == "-":
        return "json"
    p = path.lower()
    for ext, fmt in EXTENSIONS:
        if p.endswith(ext):
            return fmt
    raise WirecoderError(f"{path}: cannot tell the output format from the name; use one of "
                         f"{', '.join(e for e, _ in EXTENSIONS)} or --format {{{','.join(FORMATS)}}}")


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
        rec = plover_record(event_record(ev))
        if rec is not None:
            fh.write(json.dumps(rec, ensure_ascii=False, default=schema.json_value) + "\n")
            n += 1
    return n


def write_csv(events: Iterable[Event], fh: IO) -> int:
    w = csv_writer(fh)
    n = 0
    for ev in events:
        w.writerow(schema.csv_row(event_record(ev)))
        n += 1
    return n


def write_parquet(events: Iterable[Event], fh: IO, batch: int = 5000) -> int:
    n = 0
    with pq.ParquetWriter(fh, EVENT_SCHEMA) as writer:
        rows: list[dict] = []
        for ev in events:
            rows.append(schema.arrow_row(event_record(ev)))
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
    names = set(schema.event_field_names())
    if path.endswith(".parquet"):
        rows = pq.read_table(path, columns=[n for n in schema.column_names() if n in names]).to_pylist()
    else:
        with open(path, encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh if line.strip()]
    return [Event.from_dict({k: v for k, v in r.items() if k in names}) for r in rows]


def to_string(events: Iterable[Event], fmt: str = "json") -> str:
    buf = io.StringIO()
    WRITERS[fmt](events, buf)
    return buf.getvalue()
