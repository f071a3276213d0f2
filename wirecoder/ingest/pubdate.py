"""Publication date of an article: page metadata, else a dateline, else a record/option date.

Three sources, in this order of trust:

* ``metadata`` -- the publisher's own markup (``article:published_time``, JSON-LD, ``<time>``,
  the URL...), read by ``htmldate`` in its fast mode; or a date the record format carries
  explicitly (a JSON Lines ``date`` field, a feed entry's ``published``);
* ``dateline`` -- a wire-style dateline or "Published ..." line at the start of the text:
  ``KABUL, July 26 (Reuters) -``, ``July 26, 2021 —``, ``Published 26 Jul 2021``;
* ``option`` -- the date the caller passed (``--date``).

    >>> date_from_dateline(["KABUL, July 26 (Reuters) - Taliban fighters ..."], reference="2021-08-01")
    '2021-07-26'
    >>> date_from_dateline(["Published 26 Jul 2021"])
    '2021-07-26'
"""
from __future__ import annotations

import datetime as dt
import email.utils
import logging
import re
import time
from typing import Any, Iterable, Optional

from wirecoder.resolve.date_words import default_date_words

log = logging.getLogger("wirecoder.ingest")

_MONTHS: dict[str, int] = default_date_words()["months"]     # data/dates.yaml: names and abbreviations
_MONTH = r"(?i:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b\.?"
_WEEKDAY = r"(?:(?i:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
_DATE = (
    rf"(?:(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y1>\d{{4}})\b)?"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MONTH}),?(?:\s+(?P<y2>\d{{4}})\b)?"
    rf"|(?P<y3>\d{{4}})-(?P<m3>\d{{1,2}})-(?P<d3>\d{{1,2}})\b)"
)
# "KABUL", "NEW YORK", "WASHINGTON, D.C.", "Kabul, Afghanistan" followed by a comma
_PLACE = r"(?:[A-Z][\w.'\-]*(?:\s+[A-Z][\w.'\-]*){0,3}(?:,\s+[A-Z][\w.'\-]*(?:\s+[A-Z][\w.'\-]*){0,3})?,\s+)"
_DATELINE = re.compile(
    rf"^\s*{_PLACE}?{_WEEKDAY}{_DATE}\s*(?:/[^/(]{{0,40}}/\s*)?(?:\([^()]{{1,40}}\)\s*)?(?:[-\u2013\u2014:|]|$)"
)
_PUBLISHED = re.compile(
    rf"^\s*(?i:first\s+)?(?i:published|posted|dated|date|publication date)(?i:\s+on)?\s*:?\s*{_WEEKDAY}{_DATE}"
)
_ISO_PREFIX = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def _make_date(y: int, m: int, d: int) -> Optional[dt.date]:
    if not 1900 <= y <= 2100:
        return None
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _parse_reference(reference: Optional[str]) -> Optional[dt.date]:
    if not reference:
        return None
    m = _ISO_PREFIX.match(reference)
    return _make_date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def _date_from_match(m: re.Match[str], reference: Optional[dt.date]) -> Optional[dt.date]:
    g = m.groupdict()
    if g.get("y3"):
        return _make_date(int(g["y3"]), int(g["m3"]), int(g["d3"]))
    month_word = g.get("m1") or g.get("m2")
    day = g.get("d1") or g.get("d2")
    year = g.get("y1") or g.get("y2")
    if not month_word or not day:
        return None
    month = _MONTHS[month_word.lower().rstrip(".")]
    if year:
        return _make_date(int(year), month, int(day))
    if reference is None:
        return None  # "July 26" alone: without a reference date the year is unknown
    # a yearless dateline is at most a couple of days after the reference (crawl/option) date;
    # "Dec 31" seen with a January reference belongs to the year before
    for y in (reference.year, reference.year - 1):
        cand = _make_date(y, month, int(day))
        if cand is not None and cand <= reference + dt.timedelta(days=2):
            return cand
    return None


def date_from_dateline(lines: Iterable[str], reference: Optional[str] = None) -> Optional[str]:
    """The ISO date of a dateline at the start of one of ``lines`` (the first lines/paragraphs).

    ``reference`` (ISO date) supplies the year for yearless datelines such as
    ``KABUL, July 26 (Reuters) -``; without it such datelines are ignored.
    """
    found = lead_dates(lines, reference)
    return found[0][0] if found else None


def lead_dates(lines: Iterable[str], reference: Optional[str] = None) -> list[tuple[str, str]]:
    """``(ISO date, kind)`` of the datelines in ``lines``, in order. ``kind`` is ``dateline`` for a
    dateline that opens the story or a "Published ..." line, ``header`` for a line that is only a
    date: the site's header or furniture ("Monday, 26 July 2021"), which may be the day the page was
    captured rather than the day the story was published."""
    ref = _parse_reference(reference)
    out = []
    for line in lines:
        head = line[:300]
        m = _PUBLISHED.match(head)
        kind = "dateline"
        if m is None:
            m = _DATELINE.match(head)
            if m is not None and not head[m.end():].strip() and not re.search(r"[-\u2013\u2014:|]\s*$", m.group(0)):
                kind = "header"
        if m:
            found = _date_from_match(m, ref)
            if found is not None:
                out.append((found.isoformat(), kind))
    return out


def date_from_html(tree: Any, url: Optional[str] = None) -> Optional[str]:
    """The original publication date ``htmldate`` finds in a parsed page (fast mode), or None.

    ``tree`` must be an lxml tree: given a string that looks like a URL, htmldate would fetch it.
    """
    from htmldate import find_date

    try:
        return find_date(tree, original_date=True, extensive_search=False, url=url)
    except Exception as e:  # htmldate is defensive, but a malformed page must not stop ingest
        log.debug("htmldate failed on %s: %s", url, e)
        return None


def normalise_date(value: Any) -> Optional[str]:
    """An ISO ``YYYY-MM-DD`` for a date given by a record: ISO string, RFC 2822 (feeds, HTTP),
    "July 26, 2021"-style text, ``datetime``/``date`` or ``time.struct_time``. None if unparseable.

    >>> normalise_date("Mon, 26 Jul 2021 10:00:00 +0000")
    '2021-07-26'
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, time.struct_time):
        d = _make_date(value.tm_year, value.tm_mon, value.tm_mday)
        return d.isoformat() if d else None
    if not isinstance(value, str):
        return None
    m = _ISO_PREFIX.match(value)
    if m:
        d = _make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return d.isoformat() if d else None
    try:
        parsed = email.utils.parsedate_to_datetime(value)
        return parsed.date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    m = re.match(rf"^\s*{_WEEKDAY}{_DATE}\s*$", value)
    if m:
        d = _date_from_match(m, None)
        return d.isoformat() if d else None
    return None


def publication_date(
    *,
    metadata: Optional[str] = None,
    lead: Iterable[str] = (),
    record_date: Optional[str] = None,
    record_date_is_publication: bool = True,
    option: Optional[str] = None,
) -> tuple[Optional[str], Optional[str]]:
    """Choose ``(published, published_source)`` from what is known about an article.

    ``metadata``: date found in the page markup; ``lead``: first lines of text (for a dateline);
    ``record_date``: a date the container carries -- a publication date (JSON Lines, feeds;
    trusted like metadata) or, with ``record_date_is_publication=False``, a crawl date (WARC-Date;
    used only when the page itself says nothing); ``option``: the caller's ``--date``.

    Order: the record's publication date, page metadata, a dateline, then the user's ``--date``,
    and only then a date standing alone in the page's header (furniture: often the day the page was
    captured), then a crawl date.
    """
    record = normalise_date(record_date)
    if record and record_date_is_publication:
        return record, "metadata"
    if metadata:
        return metadata, "metadata"
    option_iso = normalise_date(option)
    found = lead_dates(lead, reference=record or option_iso)
    dateline = next((d for d, kind in found if kind == "dateline"), None)
    if dateline:
        return dateline, "dateline"
    if option_iso:
        return option_iso, "option"
    header = next((d for d, kind in found if kind == "header"), None)
    if header:
        return header, "header"
    if record:
        return record, "metadata"
    return None, None
