"""WARC / WARC.gz archives (Common Crawl CC-NEWS layout), streamed record by record with warcio.

``response`` (and ``resource``) records whose payload is HTML or text become articles with
``url`` = ``WARC-Target-URI``, ``source`` = ``archive#offset`` (the record's byte offset in the
file as stored, the same offset a CDX index gives) and the ``WARC-Date`` as a fallback date (the
page's own metadata or dateline wins). Other records are counted as ``non_html_record``.

A corrupt record or a truncated archive stops that archive with one :class:`InputError` naming the
offset; the records before it have already been yielded. Memory stays bounded: one record (at
most ``max_bytes``) is held at a time.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, BinaryIO, Iterator, Optional

if TYPE_CHECKING:
    from .sources import Context, Item

log = logging.getLogger("wirecoder.ingest")

ARTICLE_RECORDS = ("response", "resource")
TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


def _short(e: BaseException) -> str:
    msg = str(e).splitlines()[0] if str(e) else type(e).__name__
    msg = "".join(ch if ch.isprintable() else "?" for ch in msg)
    return msg[:100] + ("..." if len(msg) > 100 else "")


def _media_type(value: Optional[str]) -> tuple[Optional[str], Optional[str]]:
    """``("text/html", "utf-8")`` from a Content-Type header value."""
    if not value:
        return None, None
    parts = [p.strip() for p in value.split(";")]
    charset = None
    for p in parts[1:]:
        if p.lower().startswith("charset="):
            charset = p.split("=", 1)[1].strip("\"' ") or None
    return parts[0].lower() or None, charset


def iter_warc(raw: BinaryIO, source: str, ctx: "Context") -> Iterator["Item"]:
    """Articles of one WARC stream (gzipped or not; see the module docstring)."""
    from warcio.archiveiterator import ArchiveIterator

    from .sources import document_items

    it = ArchiveIterator(raw)
    records = iter(it)
    next_offset = 0
    while True:
        try:
            rec = next(records)
        except StopIteration:
            break
        except Exception as e:  # warcio raises ArchiveLoadFailed, zlib/EOF errors on corrupt input
            yield ctx.error(f"{source}#{next_offset}", f"bad WARC record ({_short(e)}); stopped reading this archive",
                            "bad_record")
            return
        offset = it.offset
        where = f"{source}#{offset}"
        try:
            payload = _record_payload(rec, where, offset, ctx)
        except Exception as e:  # a broken chunked/gzip Content-Encoding inside one record
            payload = ctx.error(where, f"bad WARC record payload ({_short(e)})", "bad_record")
        try:
            while rec.raw_stream.read(1 << 16):  # drain, so that a cut-off record shows as unread bytes
                pass
            truncated = getattr(rec.raw_stream, "limit", 0) > 0
        except Exception:
            truncated = True
        if truncated:
            yield ctx.error(where, "truncated WARC record (the archive ends inside it); stopped reading this archive",
                            "truncated")
            return
        if isinstance(payload, tuple):
            data, kw = payload
            yield from document_items(data, where, ctx, what="record", **kw)
        elif payload is not None:
            yield payload
        try:
            next_offset = offset + it.get_record_length()
        except Exception:  # pragma: no cover - offsets are informative only
            next_offset = it.offset


def _record_payload(rec: Any, where: str, offset: int, ctx: "Context") -> Any:
    """``(payload bytes, document_items keywords)`` of an article record, an InputError, or None for
    records that are not articles (counted)."""
    if rec.rec_type not in ARTICLE_RECORDS:
        ctx.stats.skip("non_html_record")
        return None
    if rec.rec_type == "response":
        headers = rec.http_headers
        if headers is None:  # a response to something other than HTTP (dns:, ...)
            ctx.stats.skip("non_html_record")
            return None
        status = headers.get_statuscode() or ""
        if not status.startswith("2"):
            ctx.stats.skip("http_error_record")
            return None
        mtype, charset = _media_type(headers.get_header("Content-Type"))
    else:
        mtype, charset = _media_type(rec.rec_headers.get_header("Content-Type"))
    if mtype is not None and mtype not in TEXT_TYPES:
        ctx.stats.skip("non_html_record")
        return None
    declared = rec.length or 0
    if declared > ctx.max_bytes + 65_536:  # the record length includes the HTTP headers
        return ctx.error(where, f"record is {declared:,} bytes, over the {ctx.max_bytes:,}-byte limit (--max-bytes)",
                         "too_large")
    data = rec.content_stream().read(ctx.max_bytes + 1)
    if len(data) > ctx.max_bytes:
        return ctx.error(where, f"record payload over the {ctx.max_bytes:,}-byte limit (--max-bytes)", "too_large")
    url = rec.rec_headers.get_header("WARC-Target-URI")
    warc_date = rec.rec_headers.get_header("WARC-Date")
    meta: dict[str, Any] = {"warc_offset": offset}
    record_id = rec.rec_headers.get_header("WARC-Record-ID")
    if record_id:
        meta["warc_record_id"] = record_id
    if warc_date:
        meta["warc_date"] = warc_date
    return data, dict(
        url=url, charset=charset, meta=meta,
        content_type="html" if mtype in ("text/html", "application/xhtml+xml") else None,
        record_date=warc_date, record_date_is_publication=False,
    )
