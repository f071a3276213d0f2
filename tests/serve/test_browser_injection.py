"""Crawled text never becomes page markup: an article whose sentence, title and incident title
hold markup and script is shown as text in the list, the event panel and the incident tooltip;
none of it renders (no link, no style) or runs (no script, no onerror), and the page's CSP is set.

Same Chromium setup as test_browser.py (skipped without Chromium or playwright).
"""
from __future__ import annotations

from pathlib import Path

import duckdb
import httpx
import pytest
from serve_helpers import build_store, free_port, page_problems, serve_in_thread
from test_browser import CHROMIUM, CHROMIUM_ARGS, until, zoom_out

PAYLOAD = ('<style>#map{outline:9px solid red}</style><a id="phish" href="https://evil.example/login">'
           'Session expired, log in again</a><img id="pwn-img" src="x" onerror="window.__pwned=1">'
           '<script>window.__pwned=2</script>')

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"Chromium not found at {CHROMIUM}")


@pytest.fixture(scope="module")
def server(tmp_path_factory):

    from wirecoder.serve import ServeConfig, create_app

    db = tmp_path_factory.mktemp("inject") / "events.duckdb"
    build_store(db)
    con = duckdb.connect(str(db))
    # as if a crawled page had put markup into every text the page shows
    con.execute("UPDATE events SET sentence = sentence || ' ' || ?, title = ?", [PAYLOAD, PAYLOAD])
    con.execute("UPDATE clusters SET sentence = sentence || ' ' || ?", [PAYLOAD])
    con.execute("UPDATE articles SET title = ?, text = text || ' ' || ?", [PAYLOAD, PAYLOAD])
    con.execute("UPDATE incidents SET title = ?", [PAYLOAD])
    assert con.execute("SELECT count(*) FROM incidents WHERE lat IS NOT NULL").fetchall()[0][0] >= 1
    con.close()
    port = free_port()
    with serve_in_thread(create_app(ServeConfig(db=db, read_only=True)), port) as url:
        yield url


def _nothing_rendered_or_ran(pg) -> None:
    assert pg.locator("#phish, #pwn-img, a[href*='evil.example']").count() == 0
    assert pg.evaluate("() => window.__pwned === undefined")
    assert pg.evaluate("() => getComputedStyle(document.getElementById('map')).outlineWidth") != "9px"
    assert pg.evaluate("() => document.querySelectorAll('style').length") == \
        pg.evaluate("() => document.querySelectorAll('head style').length")


def test_markup_in_crawled_text_is_shown_as_text(server):
    sync_api = pytest.importorskip("playwright.sync_api")
    csp = httpx.get(server + "/").headers["content-security-policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp and "object-src 'none'" in csp
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        pg = browser.new_page(viewport={"width": 1400, "height": 850})
        problems = page_problems(pg)
        pg.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
        try:
            pg.goto(server + "/")
            pg.wait_for_selector("body[data-ready='1']", state="attached", timeout=30_000)
            zoom_out(pg)
            # the list: the sentence with its markup, as text
            assert until(lambda: any(PAYLOAD in t for t in pg.locator("#event-list .ev-sentence").all_inner_texts()))
            _nothing_rendered_or_ran(pg)
            # the incident track's tooltip
            track = pg.locator("path.wc-track").first
            track.wait_for(state="attached", timeout=10_000)
            box = track.bounding_box()
            assert box, "no incident track drawn"
            # Leaflet opens a sticky tooltip on the path's mouseover (a real hover may land beside a thin line)
            pg.evaluate("""([x, y]) => document.querySelector('path.wc-track').dispatchEvent(
                new MouseEvent('mouseover', {bubbles: true, clientX: x, clientY: y}))""",
                        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2])
            tip = pg.locator(".leaflet-tooltip")
            assert until(lambda: tip.count() > 0 and PAYLOAD in tip.first.inner_text()), "tooltip not shown as text"
            assert tip.first.locator("a, style, img, script").count() == 0
            _nothing_rendered_or_ran(pg)
            # the event panel: sentence, excerpt, article title
            pg.locator("#event-list li").first.click()
            pg.locator("#detail .source mark").first.wait_for(timeout=10_000)
            assert PAYLOAD in pg.locator("#detail").inner_text()
            assert pg.locator("#detail a, #detail style, #detail img, #detail script").count() == \
                pg.locator("#detail a[href^='https://']:not([href*='evil'])").count()
            _nothing_rendered_or_ran(pg)
            assert problems == []
        finally:
            browser.close()
