"""http(s) URLs: polite fetching (User-Agent, timeout, robots.txt), then the same readers as files.

A URL may be a single page or an RSS/Atom feed (decided from Content-Type and content). No
network = one :class:`InputError` ``url: unreachable: ...``; an HTTP error status = ``url: HTTP 404 ...``;
a page robots.txt forbids = ``url: disallowed by robots.txt``.
"""
from __future__ import annotations

import io
import logging
import socket
import time
import urllib.error
import urllib.request
import urllib.robotparser
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator, Optional
from urllib.parse import urlsplit

from . import netguard

if TYPE_CHECKING:
    from .sources import Context, Item

log = logging.getLogger("wirecoder.ingest")

USER_AGENT = "wirecoder/0.1 (+https://example.invalid)"
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml")


class FetchError(Exception):
    """A URL could not be fetched; ``reason`` is the IngestStats key, ``str()`` the problem."""

    def __init__(self, problem: str, reason: str):
        super().__init__(problem)
        self.reason = reason


@dataclass
class Response:
    url: str                 # after redirects
    body: bytes
    media_type: Optional[str]
    charset: Optional[str]


def _describe(e: BaseException) -> str:
    if isinstance(e, urllib.error.URLError) and not isinstance(e, urllib.error.HTTPError):
        e = e.reason if isinstance(e.reason, BaseException) else e
        if not isinstance(e, BaseException):  # pragma: no cover
            return str(e)
    if isinstance(e, (socket.timeout, TimeoutError)):
        return "timed out"
    return getattr(e, "strerror", None) or str(e) or type(e).__name__


DEADLINE_FACTOR = 3   # the body of a response must arrive within this many times the timeout


def fetch(url: str, *, timeout: float, max_bytes: int, allow_private: bool = False,
          deadline: Optional[float] = None) -> Response:
    """GET ``url`` with wirecoder's User-Agent; raises :class:`FetchError` (never other exceptions).

    ``timeout`` bounds the connection and each read; ``deadline`` (default ``DEADLINE_FACTOR *
    timeout`` seconds) bounds the whole body, so a server that sends a byte every few seconds
    cannot hold the caller for long. Loopback, private and link-local hosts are refused unless
    ``allow_private`` (see :mod:`wirecoder.ingest.netguard`), before connecting and again for
    every connection made."""
    limit = time.monotonic() + (deadline if deadline is not None else DEADLINE_FACTOR * timeout)
    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    try:
        if not allow_private:
            parts = urlsplit(url)
            netguard.check_host(parts.hostname, parts.port)
        with netguard.opener(allow_private).open(req, timeout=timeout) as resp:
            length = resp.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise FetchError(f"response is {int(length):,} bytes, over the {max_bytes:,}-byte limit (--max-bytes)",
                                 "too_large")
            chunks: list[bytes] = []
            size = 0
            while size <= max_bytes:
                if time.monotonic() > limit:
                    raise FetchError(f"unreachable: the response did not arrive within "
                                     f"{deadline if deadline is not None else DEADLINE_FACTOR * timeout:g} s",
                                     "unreachable")
                chunk = resp.read1(min(65536, max_bytes + 1 - size))   # what has arrived, up to that
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
            body = b"".join(chunks)
            if len(body) > max_bytes:
                raise FetchError(f"response over the {max_bytes:,}-byte limit (--max-bytes)", "too_large")
            ctype = resp.headers.get_content_type() if resp.headers.get("Content-Type") else None
            return Response(resp.geturl(), body, ctype, resp.headers.get_content_charset())
    except FetchError:
        raise
    except urllib.error.HTTPError as e:
        raise FetchError(f"HTTP {e.code} {e.reason}", "http_error") from None
    except (urllib.error.URLError, OSError, ValueError) as e:
        blocked = e if isinstance(e, netguard.BlockedAddress) else getattr(e, "reason", None)
        if isinstance(blocked, netguard.BlockedAddress):
            raise FetchError(str(blocked), "private_address") from None
        raise FetchError(f"unreachable: {_describe(e)}", "unreachable") from None
    except Exception as e:  # http.client.HTTPException and friends: a broken server
        raise FetchError(f"unreachable: {type(e).__name__}: {e}", "unreachable") from None


def robots_allows(url: str, ctx: "Context") -> bool:
    """Whether the site's robots.txt lets wirecoder fetch ``url`` (cached per site for the run).

    A missing robots.txt (4xx) allows everything; 401/403 forbid everything, as
    :mod:`urllib.robotparser` does. An unreachable site raises :class:`FetchError`.
    """
    parts = urlsplit(url)
    key = f"robots:{parts.scheme}://{parts.netloc}"
    parser = ctx.cache.get(key)
    if parser is None:
        parser = urllib.robotparser.RobotFileParser()
        robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        try:
            resp = fetch(robots_url, timeout=ctx.timeout, max_bytes=1_000_000, allow_private=ctx.allow_private)
            parser.parse(resp.body.decode("utf-8", "replace").splitlines())
        except FetchError as e:
            if e.reason != "http_error":
                raise
            code = int(str(e).split()[1])
            if code in (401, 403):
                parser.disallow_all = True
            elif code >= 500:
                parser.disallow_all = True  # RFC 9309: server error = assume complete disallow
            else:
                parser.allow_all = True
        ctx.cache[key] = parser
    return parser.can_fetch(USER_AGENT, url)


def iter_url(url: str, ctx: "Context") -> Iterator["Item"]:
    """Articles at ``url``: one page, or every entry of a feed (or a remote WARC / JSON Lines file)."""
    from .sources import iter_stream

    try:
        if not robots_allows(url, ctx):
            yield ctx.error(url, "disallowed by robots.txt", "robots")
            return
        resp = fetch(url, timeout=ctx.timeout, max_bytes=ctx.max_bytes, allow_private=ctx.allow_private)
    except FetchError as e:
        yield ctx.error(url, str(e), e.reason)
        return
    kind = "feed" if resp.media_type in FEED_TYPES else None
    if resp.url != url:
        log.info("%s: redirected to %s", url, resp.url)
    yield from iter_stream(io.BytesIO(resp.body), url, ctx, url=resp.url, charset=resp.charset, kind=kind)
