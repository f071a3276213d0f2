"""GET /events: filters, cursor paging, sorts and the json/geojson/csv formats."""
from __future__ import annotations

import csv
import io

import pytest
from serve_helpers import RETREAT


def all_ids(client, **params):
    """Every event id of a query, following the cursors."""
    out, cursor = [], None
    while True:
        p = dict(params, **({"cursor": cursor} if cursor else {}))
        body = client.get("/events", params=p).json()
        out += [e["id"] for e in body["events"]]
        cursor = body["next"]
        if not cursor:
            return out


def test_pages_cover_every_event_once(client, ids):
    ids_all = set(ids["events"].values())
    for sort in ("-date", "date", "-confidence"):
        got = all_ids(client, limit=2, sort=sort)
        assert len(got) == len(set(got)) == len(ids_all), sort
        assert set(got) == ids_all


def test_first_page_has_total_and_link(client, ids):
    r = client.get("/events", params={"limit": 3})
    body = r.json()
    assert body["ok"] is True and body["total"] == len(ids["events"]) and len(body["events"]) == 3
    assert r.headers["X-Total-Count"] == str(body["total"])
    assert r.headers["X-Next-Cursor"] == body["next"] and 'rel="next"' in r.headers["Link"]


def test_newest_first_by_default(client):
    dates = [e["date_hi"] for e in client.get("/events").json()["events"]]
    assert dates == sorted(dates, reverse=True)


def test_event_record_shape(client, ids):
    ev = next(e for e in client.get("/events", params={"limit": 1000}).json()["events"]
              if e["id"] == ids["events"]["retreat_a"])
    assert ev["event_type"] == "RETREAT" and ev["sentence"] == RETREAT
    assert ev["location"]["name"] == "Chitral" and ev["num_sources"] == 2
    assert ev["url"] == "https://dawn.example/news/1" and ev["cluster_id"]
    assert ev["span"][1] - ev["span"][0] == len(RETREAT)


@pytest.mark.parametrize("params, expected", [
    ({"type": "ASSAULT"}, {"assault_border", "assault_kabul"}),
    ({"type": "assault,protest"}, {"assault_border", "assault_kabul", "protest"}),
    ({"country": "AFG", "type": "ASSAULT"}, {"assault_border", "assault_kabul"}),
    ({"place": "karachi"}, {"protest"}),
    ({"modality": "future"}, {"protest"}),
    ({"min_sources": 2}, {"retreat_a", "retreat_b"}),
    ({"text": "police post"}, {"assault_kabul"}),
    ({"sector": "BUS"}, {"protest"}),
    ({"start": "2021-07", "end": "2021-07"}, {"assault_border", "retreat_a", "retreat_b", "aid"}),
    ({"start": "2021-08-01"}, {"talks"}),
    ({"end": "2021-05"}, {"protest"}),
    ({"bbox": "69,34,70,35"}, {"assault_kabul"}),
    ({"bbox": "60,20,75,40"}, {"assault_border", "retreat_a", "retreat_b", "aid", "assault_kabul", "protest"}),
    ({"bbox": "170,-90,-170,90"}, set()),            # across the antimeridian: nothing there
    ({"bbox": "68,-90,-170,90"}, {"assault_border", "retreat_a", "retreat_b", "aid", "assault_kabul"}),
])
def test_filters(client, ids, params, expected):
    names = {v: k for k, v in ids["events"].items()}
    got = {names[i] for i in all_ids(client, **params)}
    assert got == expected


def test_cursor_pages_are_stable_with_filters(client):
    first = client.get("/events", params={"type": "ASSAULT", "limit": 1}).json()
    second = client.get("/events", params={"type": "ASSAULT", "limit": 1, "cursor": first["next"]}).json()
    assert second["next"] is None and "total" in second
    assert {first["events"][0]["id"], second["events"][0]["id"]} == set(all_ids(client, type="ASSAULT"))


def test_geojson(client, ids):
    r = client.get("/events", params={"format": "geojson", "limit": 1000})
    assert r.headers["content-type"].startswith("application/geo+json")
    fc = r.json()
    assert fc["type"] == "FeatureCollection" and fc["next"] is None
    assert len(fc["features"]) == len(ids["events"]) - 1       # the unplaced meeting has no point
    f = next(f for f in fc["features"] if f["id"] == ids["events"]["assault_kabul"])
    assert f["geometry"] == {"type": "Point", "coordinates": [69.17, 34.53]}
    assert f["properties"]["event_type"] == "ASSAULT" and f["properties"]["quad_class"] == 4


def test_csv_pages(client, ids):
    r = client.get("/events", params={"format": "csv", "limit": 4})
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == 4 and {"id", "event_type", "sentence", "location_lat", "num_sources"} <= set(rows[0])
    nxt = r.headers["X-Next-Cursor"]
    rest = list(csv.DictReader(io.StringIO(
        client.get("/events", params={"format": "csv", "limit": 4, "cursor": nxt}).text)))
    assert {r["id"] for r in rows + rest} == set(ids["events"].values())


def test_openapi_lists_the_endpoints(client):
    spec = client.get("/openapi.json").json()
    assert {"/events", "/events/{event_id}", "/incidents", "/incidents/{incident_id}", "/stats",
            "/health", "/articles"} <= set(spec["paths"])
    names = {p["name"] for p in spec["paths"]["/events"]["get"]["parameters"]}
    assert {"type", "country", "bbox", "start", "end", "modality", "min_sources", "cursor", "limit",
            "format"} <= names
