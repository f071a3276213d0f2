"""RSS/Atom feeds (files and URLs) and single pages over http, served from 127.0.0.1 in the test."""
from __future__ import annotations

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from wirecoder.ingest.fetch import USER_AGENT

from .helpers import EN_TEXT, html_page
from .helpers import run as _run


def run(inputs, **kw):
    """The test site is on 127.0.0.1: fetching it needs the private-address override."""
    return _run(inputs, **{"allow_private_urls": True, **kw})

RSS = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Example Wire</title><link>https://news.example.com/</link>
<item><title>Checkpoint attacked</title><link>https://news.example.com/2021/07/26/checkpoint</link>
<pubDate>Mon, 26 Jul 2021 08:00:00 +0000</pubDate>
<content:encoded><![CDATA[<p>{EN_TEXT}</p><p>Officials gave no further details.</p>]]></content:encoded></item>
<item><title>Summary only</title><link>https://news.example.com/2021/07/25/summary</link>
<pubDate>Sun, 25 Jul 2021 08:00:00 +0000</pubDate><description>{EN_TEXT.replace("Monday", "Sunday")}</description></item>
<item><title>Link only</title><link>https://news.example.com/2021/07/24/link</link></item>
</channel></rss>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title><id>urn:x</id><updated>2021-07-26T00:00:00Z</updated>
<entry><title>Atom story</title><link href="https://news.example.com/atom/1"/><id>urn:1</id>
<published>2021-07-22T10:00:00Z</published><updated>2021-07-23T10:00:00Z</updated>
<content type="html">&lt;p&gt;{EN_TEXT}&lt;/p&gt;</content></entry></feed>"""


def test_rss_file(write):
    p = write("wire.rss", RSS)
    arts, errs, stats = run([str(p)])
    assert errs == []
    assert [a.title for a in arts] == ["Checkpoint attacked", "Summary only"]
    a, b = arts
    assert a.url == "https://news.example.com/2021/07/26/checkpoint" and a.site == "news.example.com"
    assert (a.published, a.published_source) == ("2021-07-26", "metadata")
    assert a.content_type == "html" and "Officials gave no further details" in a.raw
    assert a.source == f"{p}#entry1" and a.meta["feed_title"] == "Example Wire"
    assert b.published == "2021-07-25"
    assert stats.skipped["empty_entry"] == 1 and stats.failed == 0


def test_atom_detected_by_content(write):
    (a,), errs, _ = run([str(write("feed.txt", ATOM))])
    assert a.title == "Atom story" and a.published == "2021-07-22" and a.url == "https://news.example.com/atom/1"


def test_feed_not_xml(write):
    p = write("broken.xml", "this is not xml at all, just words " * 5)
    arts, errs, stats = run([str(p)])
    assert arts == [] and len(errs) == 1
    assert str(errs[0]).startswith(f"{p}: not") and "feed" in str(errs[0])
    assert stats.skipped["not_a_feed"] == 1
    p2 = write("cut.rss", RSS[: len(RSS) // 3])
    _, errs2, _ = run([str(p2)])
    assert all(str(e).startswith(str(p2)) for e in errs2)


class _Site:
    """A tiny web site on 127.0.0.1: ``routes[path] = (status, content_type, body)``."""

    def __init__(self, routes):
        self.routes = routes
        self.agents: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                site.agents.append(self.headers.get("User-Agent", ""))
                status, ctype, body = site.routes.get(self.path, (404, "text/plain", b"not found"))
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site():
    s = _Site({
        "/robots.txt": (200, "text/plain", b"User-agent: wirecoder\nDisallow: /private/\n"),
        "/feed": (200, "application/rss+xml", RSS.encode()),
        "/feed-as-xml": (200, "text/xml", ATOM.encode()),
        "/story": (200, "text/html; charset=utf-8", html_page(canonical="/2021/07/26/story").encode()),
        "/latin": (200, "text/html; charset=iso-8859-1", html_page("Caf\u00e9 owners said " + EN_TEXT).encode("latin-1")),
        "/private/page": (200, "text/html", html_page().encode()),
        "/broken-feed": (200, "application/rss+xml", b"<html>not a feed"),
    })
    yield s
    s.close()


def test_feed_url(site):
    arts, errs, _ = run([site.base + "/feed"])
    assert errs == [] and [a.title for a in arts] == ["Checkpoint attacked", "Summary only"]
    assert arts[0].source == site.base + "/feed#entry1"
    assert site.agents and all(a == USER_AGENT for a in site.agents)
    (atom,), _, _ = run([site.base + "/feed-as-xml"])
    assert atom.title == "Atom story"


def test_page_url(site):
    (a,), errs, _ = run([site.base + "/story"])
    assert a.source == site.base + "/story" and a.url == site.base + "/story"
    assert a.meta["canonical_url"] == site.base + "/2021/07/26/story"
    assert a.site == "127.0.0.1" and a.content_type == "html"
    (b,), _, _ = run([site.base + "/latin"])
    assert "Caf\u00e9 owners" in b.raw


def test_url_errors(site):
    _, errs, stats = run([site.base + "/private/page", site.base + "/nope", site.base + "/broken-feed"])
    msgs = [str(e) for e in errs]
    assert msgs[0] == f"{site.base}/private/page: disallowed by robots.txt"
    assert msgs[1] == f"{site.base}/nope: HTTP 404 Not Found"
    assert msgs[2].startswith(f"{site.base}/broken-feed: not")
    assert stats.skipped["robots"] == 1 and stats.skipped["http_error"] == 1


def test_robots_forbidden_site():
    s = _Site({"/robots.txt": (403, "text/plain", b"no"), "/story": (200, "text/html", html_page().encode())})
    try:
        _, errs, _ = run([s.base + "/story"])
        assert str(errs[0]).endswith("disallowed by robots.txt")
    finally:
        s.close()


def test_unreachable_closed_port():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens on this port now
    url = f"http://127.0.0.1:{port}/story"
    arts, errs, stats = run([url], timeout=2)
    assert arts == [] and len(errs) == 1
    assert str(errs[0]).startswith(f"{url}: unreachable: ")
    assert "\n" not in str(errs[0]) and stats.skipped["unreachable"] == 1
