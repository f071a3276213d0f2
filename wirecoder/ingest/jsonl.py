"""JSON Lines: one article per line, ``{"url"?, "title"?, "date"?, "text" | "html", ...}``.

A bad line is reported as ``file:line: problem`` and the following lines are still read.
Other keys of a line are kept in ``Article.meta``. Lines are streamed (``.jsonl.gz`` too), each
at most ``max_bytes`` long. Reading a file stops, with one line, after ``MAX_BLANK_RUN`` blank
lines or ``MAX_BAD_RUN`` bad lines in a row.
"""
from __future__ import annotations

import json
import logging
import zlib
from typing import TYPE_CHECKING, Any, Iterator, Optional

from ..errors import InputError
from .decode import looks_like_html
from .pubdate import normalise_date

if TYPE_CHECKING:
    from .sources import Context, Item
    from .streams import Opened

log = logging.getLogger("wirecoder.ingest")

KNOWN_KEYS = ("url", "title", "date", "text", "html")
# Bounds on the work one input can cause: a file of millions of blank lines (a gzip of 1 GiB of
# newlines is 1 MB) or of nothing but bad lines is not read to its end, and not reported line by line.
MAX_BLANK_RUN = 100_000
MAX_BAD_RUN = 1_000


def _skip_rest_of_line(stream: Any) -> None:
    while True:
        chunk = stream.readline(1 << 20)
        if not chunk or chunk.endswith(b"\n"):
            return


def iter_jsonl(opened: "Opened", source: str, ctx: "Context") -> Iterator["Item"]:
    """Articles of a JSON Lines input (see the module docstring); errors name ``source:line``."""
    stream = opened.content()
    lineno = 0
    records = 0
    blank_run = bad_run = 0
    while True:
        try:
            line = stream.readline(ctx.max_bytes + 1)
        except (EOFError, OSError, zlib.error) as e:
            yield ctx.error(f"{source}:{lineno + 1}", f"truncated or corrupt gzip ({e}); stopped reading this file",
                            "truncated")
            return
        if not line:
            break
        lineno += 1
        where = f"{source}:{lineno}"
        if len(line) > ctx.max_bytes and not line.endswith(b"\n"):
            try:
                _skip_rest_of_line(stream)
            except (EOFError, OSError, zlib.error):
                pass
            yield ctx.error(where, f"line over the {ctx.max_bytes:,}-byte limit (--max-bytes)", "too_large")
            continue
        if not line.strip():
            blank_run += 1
            if blank_run >= MAX_BLANK_RUN:
                yield ctx.error(where, f"{blank_run:,} blank lines in a row; stopped reading this file",
                                "too_many_blank")
                return
            continue
        blank_run = 0
        records += 1
        item = _line_item(line, where, ctx, first=lineno == 1)
        bad_run = bad_run + 1 if isinstance(item, InputError) else 0
        yield item
        if bad_run >= MAX_BAD_RUN:
            yield ctx.error(source, f"{bad_run:,} bad lines in a row (up to line {lineno:,}); "
                                   "stopped reading this file", "too_many_bad")
            return
    if records == 0:
        yield ctx.error(source, "empty file (no JSON lines)", "empty")


def _line_item(line: bytes, where: str, ctx: "Context", first: bool) -> "Item":
    from .sources import make_article

    try:
        text = line.decode("utf-8-sig" if first else "utf-8")
    except UnicodeDecodeError as e:
        return ctx.error(where, f"undecodable bytes (invalid UTF-8 at column {e.start + 1})", "undecodable")
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as e:
        return ctx.error(where, f"invalid JSON ({e.msg} at column {e.colno})", "bad_record")
    except RecursionError:
        return ctx.error(where, "JSON nested too deeply to read", "bad_record")
    if not isinstance(obj, dict):
        return ctx.error(where, f"expected a JSON object, got {type(obj).__name__}", "bad_record")
    for key in ("url", "title", "date", "text", "html"):
        if obj.get(key) is not None and not isinstance(obj[key], str):
            return ctx.error(where, f"'{key}' must be a string, got {type(obj[key]).__name__}", "bad_record")
    html: Optional[str] = obj.get("html") or None
    body: Optional[str] = obj.get("text") or None
    if html is None and body is None:
        if "html" in obj or "text" in obj:
            return ctx.error(where, "empty 'text'/'html'", "empty")
        return ctx.error(where, "no 'text' or 'html' field", "bad_record")
    raw = html if html is not None and html.strip() else (body or "")
    if not raw.strip():
        return ctx.error(where, "empty 'text'/'html'", "empty")
    content_type = "html" if (raw is html or looks_like_html(raw)) else "text"
    date = obj.get("date")
    iso = normalise_date(date)
    meta: dict[str, Any] = {k: v for k, v in obj.items() if k not in KNOWN_KEYS}
    if date and not iso:
        log.warning("%s: ignoring unparseable date %r", where, date[:40])
        meta["date_raw"] = date
    return make_article(
        raw,
        source=where,
        ctx=ctx,
        content_type=content_type,
        url=(obj.get("url") or "").strip() or None,
        title=obj.get("title"),
        record_date=iso,
        meta=meta,
    )
