"""The page in a real browser (headless Chromium via Playwright): markers, timeline, event panel,
filters and the timeline brush, over a server on a free loopback port.

Skipped when Chromium (``/usr/bin/chromium``, or ``$WIRECODER_CHROMIUM``) or the ``playwright``
package is missing. Playwright's own browser downloads are never used. A screenshot is saved to
``test-artifacts/serve-page.png``.
"""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import httpx
import pytest
from serve_helpers import free_port, page_problems, serve_in_thread

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = Path(__file__).resolve().parent / "articles"
ARTIFACTS = ROOT / "test-artifacts"
SEED = Path(os.environ.get("WIRECODER_SHARED", ROOT.parent / "shared")) / "samples" / "chitral-border-refuge.txt"
CHROMIUM = os.environ.get("WIRECODER_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
# our articles carry no year in their datelines: the publication date each one was written for
DATES = {"lake-town-protest.txt": "2021-06-14", "port-aid-delivery.txt": "2021-03-03",
         "capital-talks.txt": "2021-09-08", "chitral-border-refuge.txt": "2021-07-26"}

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"Chromium not found at {CHROMIUM}")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A real uvicorn server over a store ingested through the pipeline."""

    from wirecoder.ingest import build_article
    from wirecoder.pipeline import process_article
    from wirecoder.serve import ServeConfig, create_app
    from wirecoder.store import Store

    db = tmp_path_factory.mktemp("browser") / "events.duckdb"
    files = sorted(ARTICLES.glob("*.txt")) + ([SEED] if SEED.exists() else [])
    with Store(db) as store:
        for f in files:
            art = build_article(f.read_text(encoding="utf-8"), source=str(f), date_option=DATES[f.name])
            store.add(*process_article(art))
    port = free_port()
    with serve_in_thread(create_app(ServeConfig(db=db, read_only=True)), port) as url:
        yield url


@pytest.fixture(scope="module")
def page(server):
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        pg = browser.new_page(viewport={"width": 1400, "height": 850})
        problems = page_problems(pg)
        pg.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
        pg.problems = problems  # type: ignore[attr-defined]
        pg.goto(server + "/")
        pg.wait_for_selector("body[data-ready='1']", state="attached", timeout=30_000)
        yield pg
        browser.close()


def list_types(pg) -> list[str]:
    return pg.locator("#event-list li .ev-type").all_inner_texts()


def zoom_out(pg) -> None:
    """Zoom the map out to the whole world, so every placed event is in view."""
    button = pg.locator(".leaflet-control-zoom-out")
    for _ in range(20):
        if "leaflet-disabled" in (button.get_attribute("class") or ""):
            break
        button.click()
        pg.wait_for_timeout(300)
    pg.wait_for_timeout(500)


def until(check, timeout: float = 10.0):
    """Poll ``check()`` until it is truthy (the page's CSP forbids Playwright's eval-based waits)."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.1)


def test_page_draws_markers_timeline_and_list(page, server):
    if not SEED.exists():
        pytest.skip(f"seed article not found at {SEED}")
    n_events = httpx.get(server + "/health").json()["events"]
    assert n_events > 0
    assert page.locator(".wc-cluster, .wc-marker").count() > 0
    assert page.locator("#timeline rect.bar").count() > 0
    assert page.locator("path.leaflet-interactive, svg path").count() > 0 or page.locator("svg path").count() > 0
    assert page.locator("#event-list li").count() > 0
    assert f"of {n_events} events loaded" in page.locator("#status").inner_text()
    assert page.problems == []  # type: ignore[attr-defined]


def test_clicking_a_marker_shows_its_source_sentence(page, server):
    for _ in range(12):                       # open clusters until a single marker shows
        markers = page.locator(".wc-marker")
        if markers.count() and markers.first.is_visible():
            break
        page.locator(".wc-cluster").first.click()
        page.wait_for_timeout(700)
    marker = page.locator(".wc-marker").first
    event_id = marker.get_attribute("data-id")
    marker.click()
    page.locator("#detail .source mark").first.wait_for(timeout=10_000)
    event = httpx.get(f"{server}/events/{event_id}").json()["event"]
    assert page.locator("#detail h2").inner_text().strip().startswith(event["event_type"])
    assert page.locator("#detail .source.this mark").inner_text() == event["sentence"]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "serve-event-panel.png"))
    page.locator("#detail-close").click()
    assert page.locator("#event-list").is_visible()


def test_filter_changes_the_list(page, server):
    zoom_out(page)
    before = list_types(page)
    counts = httpx.get(server + "/stats", params={"level": "events"}).json()["by_type"]
    rare = min(counts, key=lambda k: counts[k])
    page.select_option("#f-type", rare)
    after = until(lambda: (lambda ts: ts if ts and set(ts) == {rare} else None)(list_types(page)))
    assert set(after) <= {rare} and after != before
    page.select_option("#f-type", "")
    assert until(lambda: page.locator("#event-list li").count() >= len(before))


def test_brushing_the_timeline_selects_dates(page):
    bars = page.locator("#timeline rect.bar")
    # the previous test's filter reset redraws the timeline: wait for its bars (slow on a busy machine)
    first = until(lambda: bars.count() > 0 and bars.nth(bars.count() - 1).bounding_box())  # the latest bar
    assert first, "the timeline drew no bars"
    box = page.locator("#timeline").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(first["x"] - 3, y)
    page.mouse.down()
    page.mouse.move(first["x"] + first["width"] + 3, y, steps=4)
    page.mouse.up()
    assert until(lambda: page.locator("#range-label").inner_text() != "all dates")
    start, end = page.locator("#range-label").inner_text().split(" – ")
    zoom_out(page)
    dates = page.locator("#event-list li .ev-head span:nth-child(3)").all_inner_texts()
    assert dates and all(d[:7] >= start[:7] for d in dates)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "serve-page-brushed.png"))
    page.locator("#range-clear").click()
    assert until(lambda: page.locator("#range-label").inner_text() == "all dates")
    page.screenshot(path=str(ARTIFACTS / "serve-page.png"))
