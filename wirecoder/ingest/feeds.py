"""RSS / Atom / RDF feeds with feedparser: each entry with content or a summary is an article.

The entry's link becomes ``url``, its title ``title``, its ``published`` (else ``updated``) date
``published`` (source ``metadata``); ``source`` is ``feed#entryN``. Entries with neither content
nor summary are counted as ``empty_entry``. A file that is not a feed (not XML, or XML without
an RSS/Atom root) gives one :class:`InputError`.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Iterator, Optional

from .pubdate import normalise_date

if TYPE_CHECKING:
    from .sources import Context, Item

log = logging.getLogger("wirecoder.ingest")


def _short(e: Any) -> str:
    msg = str(e).splitlines()[0] if e else "unknown error"
    return msg[:100]


def _entry_body(entry: Any) -> tuple[Optional[str], Optional[str]]:
    """``(body, mime type)``: the longest ``content`` value, else the ``summary``."""
    best: Optional[tuple[str, str]] = None
    for c in entry.get("content") or []:
        value = c.get("value") or ""
        if value.strip() and (best is None or len(value) > len(best[0])):
            best = (value, c.get("type") or "text/html")
    if best:
        return best
    summary = entry.get("summary") or ""
    if summary.strip():
        detail = entry.get("summary_detail") or {}
        return summary, detail.get("type") or "text/html"
    return None, None


def iter_feed(data: bytes, source: str, ctx: "Context", *, url: Optional[str] = None,
              charset: Optional[str] = None) -> Iterator["Item"]:
    """Articles of one feed document (bytes, never a URL: feedparser would fetch a URL itself)."""
    import feedparser

    from .sources import make_article

    if not data.strip():
        yield ctx.error(source, "empty feed", "empty")
        return
    headers: dict[str, str] = {}
    if url:
        headers["content-location"] = url
    if charset:
        headers["content-type"] = f"application/xml; charset={charset}"
    parsed = feedparser.parse(data, response_headers=headers or None)
    if not parsed.get("version") and not parsed.entries:
        why = _short(parsed.get("bozo_exception")) if parsed.get("bozo") else "no RSS/Atom root element"
        yield ctx.error(source, f"not a valid RSS/Atom feed (not XML: {why})" if parsed.get("bozo")
                        else f"not an RSS/Atom feed ({why})", "not_a_feed")
        return
    if not parsed.entries:
        yield ctx.error(source, "feed has no entries", "empty")
        return
    if parsed.get("bozo") and parsed.entries:
        log.warning("%s: malformed feed XML (%s); read %d entries anyway", source,
                    _short(parsed.get("bozo_exception")), len(parsed.entries))
    feed_title = (parsed.feed.get("title") or "").strip() or None
    for i, entry in enumerate(parsed.entries, 1):
        where = f"{source}#entry{i}"
        body, mime = _entry_body(entry)
        if body is None:
            ctx.stats.skip("empty_entry")
            log.info("%s: entry has no content or summary, skipped", where)
            continue
        is_html = (mime or "").lower() in ("text/html", "application/xhtml+xml") and ("<" in body or "&" in body)
        date = entry.get("published_parsed") or entry.get("updated_parsed") or entry.get("published")
        meta: dict[str, Any] = {"feed": url or source}
        if feed_title:
            meta["feed_title"] = feed_title
        if entry.get("author"):
            meta["author"] = entry["author"]
        tags = [t.get("term") for t in entry.get("tags") or [] if t.get("term")]
        if tags:
            meta["tags"] = tags
        yield make_article(
            body,
            source=where,
            ctx=ctx,
            content_type="html" if is_html else "text",
            url=(entry.get("link") or "").strip() or None,
            title=entry.get("title"),
            record_date=normalise_date(date),
            meta=meta,
        )
