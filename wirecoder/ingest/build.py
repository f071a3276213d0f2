"""Decoded text or HTML + what the container knew -> an :class:`Article` (not cleaned).

Every reader (files, JSON Lines, WARC, feeds, URLs) ends here, so identity, title, date and
language are decided the same way for every source.

    >>> a = build_article("KABUL, July 26 (Reuters) - Fighting went on.", source="x.txt", date_option="2021-08-01")
    >>> a.content_type, a.published, a.published_source
    ('text', '2021-07-26', 'dateline')
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any, Optional
from urllib.parse import urljoin, urlsplit

from ..records import Article
from .decode import looks_like_html
from .language import MIN_CHARS, REJECT_CONFIDENCE, detect_language
from .pubdate import date_from_html, publication_date

log = logging.getLogger("wirecoder.ingest")

LEAD_LINES = 12      # lines/paragraphs searched for a dateline
SAMPLE_CHARS = 2000  # paragraph text given to language detection

_INVISIBLE = ("script", "style", "noscript", "template", "svg", "head")


@dataclass
class PageInfo:
    """What the markup of one HTML page says about the article in it."""

    title: Optional[str] = None
    canonical_url: Optional[str] = None
    date: Optional[str] = None          # from htmldate (publisher metadata)
    lead: list[str] = field(default_factory=list)  # first paragraphs, for a dateline
    text: str = ""                      # visible text, one stripped text node per line (see need_text)
    sample: str = ""                    # paragraph text (else visible text) for language detection
    lang_attr: Optional[str] = None     # <html lang=...>


_SURROGATE = re.compile("[\ud800-\udfff]")


def scrub_surrogates(s: Optional[str]) -> Optional[str]:
    """``s`` with lone UTF-16 surrogates (``"\\ud800"`` in JSON; not encodable as UTF-8, so no store,
    file or HTTP response could hold them) replaced by U+FFFD; a valid escaped pair becomes its character."""
    if not s or not _SURROGATE.search(s):
        return s
    return s.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _squash(s: Optional[str]) -> Optional[str]:
    if s is None:
        return None
    s = " ".join(s.split())
    return s or None


def _parse_html(raw: str) -> Any:
    import lxml.html
    from lxml.etree import ParserError

    try:
        return lxml.html.document_fromstring(raw)
    except ValueError:
        # "Unicode strings with encoding declaration are not supported": hand lxml bytes instead
        try:
            parser = lxml.html.HTMLParser(encoding="utf-8")
            return lxml.html.document_fromstring(raw.encode("utf-8", "surrogatepass"), parser=parser)
        except (ParserError, ValueError):
            return None
    except ParserError:
        return None


def _good_canonical(candidate: Optional[str], page_url: Optional[str]) -> Optional[str]:
    """``candidate`` made absolute, or None when it is unusable.

    Some sites put their home page in ``rel=canonical`` on every article; an article's canonical
    URL must have a path, or it would give every article of the site the same id.
    """
    if not candidate:
        return None
    try:
        absolute = urljoin(page_url, candidate.strip()) if page_url else candidate.strip()
        parts = urlsplit(absolute)
        parts.hostname  # noqa: B018 - a bracketed host that is no IP address raises here
    except ValueError:   # "http://[<!ENTITY>]/": not a URL
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    if parts.path in ("", "/") and not parts.query:
        return None
    return absolute


def html_info(raw: str, url: Optional[str] = None, *, find_date: bool = True,
              need_text: Optional[bool] = None) -> PageInfo:
    """Title (``og:title``, else ``<title>``, else ``<h1>``), canonical URL (``rel=canonical``, else
    ``og:url``), publisher date (htmldate), first paragraphs and visible text of an HTML page.

    ``need_text``: True always fills ``text``; None (default) only when the page has no URL (its
    id then comes from its text) or too little paragraph text; False only in the latter case.
    """
    info = PageInfo()
    tree = _parse_html(raw)
    if tree is None:
        return info
    first = lambda xs: next((x for x in xs if x and x.strip()), None)  # noqa: E731
    info.title = _squash(
        first(tree.xpath("//meta[@property='og:title' or @name='og:title']/@content"))
        or first(t.text_content() for t in tree.xpath("//title"))
        or first(h.text_content() for h in tree.xpath("//h1"))
    )
    info.canonical_url = _good_canonical(
        first(tree.xpath("//link[contains(concat(' ', normalize-space(translate(@rel, 'CANONIL', 'canonil')), ' '), ' canonical ')]/@href")),
        url,
    ) or _good_canonical(first(tree.xpath("//meta[@property='og:url' or @name='og:url']/@content")), url)
    info.lang_attr = _squash(first(tree.xpath("/html/@lang")))
    if find_date:
        info.date = date_from_html(tree, url=info.canonical_url or url)
    for p in tree.iter("p"):
        t = _squash(p.text_content())
        if t:
            info.lead.append(t)
            if len(info.lead) >= LEAD_LINES:
                break
    # the tree is ours and htmldate worked on a copy: drop what is never displayed
    from lxml import etree

    etree.strip_elements(tree, *_INVISIBLE, with_tail=False)
    sample = []
    n = 0
    for p in tree.iter("p"):
        t = p.text_content().strip()
        if t:
            sample.append(t)
            n += len(t)
            if n >= SAMPLE_CHARS:
                break
    # paragraphs are a better language sample than menus; the whole visible text is only needed
    # when paragraphs are scarce or when the article has no URL and its id comes from its text
    if need_text or n < MIN_CHARS or (need_text is None and not (info.canonical_url or url)):
        info.text = "\n".join(s for s in (t.strip() for t in tree.itertext()) if s)
    info.sample = "\n".join(sample) if n >= MIN_CHARS else info.text
    return info


def _lead_lines(text: str) -> list[str]:
    lines = []
    for line in text.splitlines():
        if line.strip():
            lines.append(line.strip())
            if len(lines) >= LEAD_LINES // 2:
                break
    return lines


def build_article(
    raw: str,
    *,
    source: str,
    content_type: Optional[str] = None,
    url: Optional[str] = None,
    title: Optional[str] = None,
    record_date: Optional[str] = None,
    record_date_is_publication: bool = True,
    date_option: Optional[str] = None,
    meta: Optional[dict[str, Any]] = None,
) -> Article:
    """An uncleaned :class:`Article` for ``raw`` (decoded text or HTML).

    ``content_type`` (``"text"``/``"html"``) is sniffed from the content when None. ``url`` is where
    the article was found; a canonical URL in the page wins for the id. ``record_date`` is a date the
    container carries (see :func:`wirecoder.ingest.pubdate.publication_date`), ``date_option`` the
    caller's fallback date. ``text`` is ``raw`` for plain text and ``""`` for HTML: clean fills it.
    """
    raw, url, title = scrub_surrogates(raw), scrub_surrogates(url), scrub_surrogates(title)
    meta = dict(meta or {})
    ctype = content_type or ("html" if looks_like_html(raw) else "text")
    page_date: Optional[str] = None
    canonical: Optional[str] = None
    if ctype == "html":
        info = html_info(raw, url)
        visible = info.text
        sample = info.sample
        n_visible = max(len(info.text), len(info.sample))
        lead = info.lead or _lead_lines(visible)
        title = title or info.title
        canonical = info.canonical_url
        page_date = info.date
        if info.lang_attr:
            meta["html_lang"] = info.lang_attr
        text = ""
    else:
        visible = sample = raw
        n_visible = len(raw.strip())
        lead = _lead_lines(raw)
        text = raw
    if canonical and canonical != url:
        meta["canonical_url"] = canonical
    id_url = canonical or url
    published, published_source = publication_date(
        metadata=page_date,
        lead=lead,
        record_date=record_date,
        record_date_is_publication=record_date_is_publication,
        option=date_option,
    )
    lang, prob = detect_language(sample[:SAMPLE_CHARS])
    meta["language_confidence"] = round(prob, 4)
    meta["visible_chars"] = n_visible  # HTML has no ``text`` yet; language checks need a length
    long_enough = meta["visible_chars"] >= MIN_CHARS
    try:
        host = urlsplit(url or canonical or "").hostname
    except ValueError:   # a record's url with a malformed bracketed host
        host = None
    return Article(
        id=Article.make_id(id_url, visible or sample or raw),
        text=text,
        raw=raw,
        source=source,
        url=url or canonical,
        title=_squash(title),
        published=published,
        published_source=published_source,
        site=host.lower() if host else None,
        language=lang if (long_enough or prob >= REJECT_CONFIDENCE) and lang != "und" else None,
        content_type="html" if ctype == "html" else "text",
        meta=meta,
    )


__all__ = ["PageInfo", "build_article", "html_info"]
