"""The page's analyst features in headless Chromium: permalinks, export for the current filter, the
incident list, date inputs and a zoomable time axis, the map fitting the filter, a place filter,
article links, a 390 px layout, the dark scheme and keyboard use. Screenshots in test-artifacts/."""
from __future__ import annotations

import csv
import io
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from serve_helpers import page_problems
from test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, pytestmark, server  # noqa: F401
from test_browser import until as _until


def until(check, timeout: float = 25.0):
    return _until(check, timeout)


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def open_page(browser, url, **ctx):
    context = browser.new_context(viewport=ctx.pop("viewport", {"width": 1400, "height": 850}), **ctx)
    pg = context.new_page()
    pg.problems = page_problems(pg, stack=True)  # type: ignore[attr-defined]
    pg.goto(url)
    pg.wait_for_selector("body[data-ready='1']", state="attached", timeout=30_000)
    return pg


def params(pg) -> dict[str, str]:
    pg.wait_for_timeout(50)   # lets Playwright take in the page's history.replaceState
    return {k: v[0] for k, v in parse_qs(urlsplit(pg.url).query).items()}


def settled(pg) -> bool:
    """True when the page's URL (its map view) has not changed over half a second."""
    before = pg.url
    pg.wait_for_timeout(500)
    return pg.url == before


def test_permalink_restores_filters_view_and_selected_event(browser, server):
    pg = open_page(browser, server + "/")
    types = httpx.get(server + "/stats", params={"level": "events"}).json()["by_type"]
    kind = max(types, key=lambda k: types[k])
    pg.select_option("#f-type", kind)
    assert until(lambda: params(pg).get("type") == kind)
    first = pg.locator("#event-list li").first
    assert until(lambda: first.count() and first.get_attribute("data-id"))
    event_id = first.get_attribute("data-id")
    first.click()
    assert until(lambda: params(pg).get("event") == event_id)
    # the click also brings the event's marker into view (an animated zoom that writes the URL at
    # its end): the permalink is the URL once the map has stopped moving
    assert until(lambda: settled(pg))
    link = pg.url
    assert "view=" in link
    again = open_page(browser, link)
    assert again.locator("#f-type").input_value() == kind
    assert until(lambda: again.locator("#detail").is_visible() and again.locator("#detail h2").inner_text().strip())
    assert again.locator("#detail h2").inner_text().strip().startswith(kind)
    assert params(again)["view"] == {k: v[0] for k, v in parse_qs(urlsplit(link).query).items()}["view"]
    assert pg.problems == [] and again.problems == []  # type: ignore[attr-defined]


def test_export_links_follow_the_filter(browser, server):
    pg = open_page(browser, server + "/?type=ASSAULT")
    hrefs = {fmt: pg.locator(f"#x-{fmt}").get_attribute("href") for fmt in ("csv", "geojson", "acled")}
    for fmt, href in hrefs.items():
        q = parse_qs(urlsplit(href).query)
        assert q["format"] == [fmt] and q["type"] == ["ASSAULT"]
    rows = list(csv.DictReader(io.StringIO(httpx.get(server + hrefs["csv"]).text)))
    assert rows and {r["event_type"] for r in rows} == {"ASSAULT"}
    acled = httpx.get(server + hrefs["acled"]).text
    assert acled.startswith("event_id_cnty,event_date,year,time_precision")
    gj = httpx.get(server + hrefs["geojson"]).json()
    assert gj["type"] == "FeatureCollection"


def test_incident_list_shows_each_incidents_timeline(browser, server):
    pg = open_page(browser, server + "/")
    pg.locator("#tab-incidents").click()
    assert pg.locator("#incident-pane").is_visible() and "tab=incidents" in pg.url
    incidents = httpx.get(server + "/incidents", params={"limit": 200}).json()["incidents"]
    items = pg.locator("#incident-list > li")
    if not incidents:
        assert "No incidents" in items.first.inner_text()
        return
    assert until(lambda: items.count() == len(incidents))
    items.first.click()
    steps = items.first.locator(".inc-steps li")
    assert steps.first.is_visible() and steps.count() == len(incidents[0]["track"])


def test_date_inputs_and_zoomable_axis(browser, server):
    pg = open_page(browser, server + "/")
    days = sorted(d for d in httpx.get(server + "/stats", params={"level": "events"}).json()["by_day"] if d[:2] in ("19", "20"))
    lo, hi = days[0], days[-1]
    pg.fill("#d-start", lo)
    pg.fill("#d-end", lo)
    pg.locator("#d-end").dispatch_event("change")
    assert until(lambda: pg.locator("#range-label").inner_text() == f"{lo} – {lo}")
    assert until(lambda: params(pg).get("start") == lo and params(pg).get("end") == lo)
    before = pg.locator("#timeline text.axis").all_inner_texts()
    pg.locator("#t-zoom").click()
    assert until(lambda: pg.locator("#t-unzoom").is_visible())
    after = pg.locator("#timeline text.axis").all_inner_texts()
    assert after and after != before
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / "serve-page-dates-zoomed.png"))
    pg.locator("#t-unzoom").click()
    assert until(lambda: not pg.locator("#t-unzoom").is_visible())


def test_place_filter_and_map_fit(browser, server):
    pg = open_page(browser, server + "/")
    evs = httpx.get(server + "/events", params={"limit": 1000}).json()["events"]
    placed = [e for e in evs if e.get("location") and e["location"].get("lat") is not None and e["location"].get("name")]
    name = placed[0]["location"]["name"]
    pg.fill("#f-place", name)
    expected = httpx.get(server + "/events", params={"place": name, "limit": 1000}).json()["events"]
    assert until(lambda: params(pg).get("place") == name and
                 "of %d events loaded" % len(expected) in pg.locator("#status").inner_text())
    # the map fitted the filtered events: every one with coordinates is in view
    shown = until(lambda: pg.locator("#event-list li").count())
    assert shown == len([e for e in expected if e["location"] and e["location"].get("lat") is not None])


def test_every_event_links_to_its_article(browser, server):
    pg = open_page(browser, server + "/")
    evs = {e["id"]: e for e in httpx.get(server + "/events", params={"limit": 1000}).json()["events"]}
    items = pg.locator("#event-list li")
    assert until(lambda: items.count())
    for i in range(min(items.count(), 10)):
        li = items.nth(i)
        ev = evs[li.get_attribute("data-id")]
        link = li.locator("a.ev-link")
        if (ev.get("url") or "").startswith("http"):
            assert link.get_attribute("href") == ev["url"]
        else:
            assert link.count() == 0


def test_keyboard_opens_and_closes_an_event(browser, server):
    pg = open_page(browser, server + "/")
    first = pg.locator("#event-list li").first
    assert until(lambda: first.count())
    assert until(lambda: settled(pg))     # the map's first fit redraws the list
    first.focus()
    pg.keyboard.press("Enter")
    assert until(lambda: pg.locator("#detail").is_visible())
    pg.keyboard.press("Escape")
    assert until(lambda: pg.locator("#event-list").is_visible() and "event" not in params(pg))
    pg.locator("#tab-incidents").focus()
    pg.keyboard.press("Enter")
    assert until(lambda: pg.locator("#incident-pane").is_visible())


def test_usable_at_390px_and_in_the_dark(browser, server):
    pg = open_page(browser, server + "/", viewport={"width": 390, "height": 844}, color_scheme="dark")
    width = pg.evaluate("document.documentElement.scrollWidth") if False else None  # noqa: F841 (CSP: no eval)
    for sel in ("#map", "#event-list", "#timeline", "#f-type", "#x-csv"):
        box = pg.locator(sel).bounding_box()
        assert box is not None and box["x"] >= -1 and box["x"] + box["width"] <= 391, sel
    bg = pg.locator("#side").evaluate("e => getComputedStyle(e).backgroundColor")
    assert bg in ("rgb(27, 32, 38)",), bg
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / "serve-page-390px-dark.png"), full_page=True)
    assert pg.problems == []  # type: ignore[attr-defined]

