"""The fast paths of GET /events give the same answers as the straightforward ones: event
objects built straight from rows, totals counted without a second query when the page shows it."""
from __future__ import annotations

import json

from wirecoder.query import count
from wirecoder.serve import views
from wirecoder.serve.access import ReadView
from wirecoder.store import Store, row_to_event


def test_record_dict_equals_the_records_to_dict(store_db):
    with Store(store_db[0], read_only=True) as store:
        rel = store.con.sql(views._EVENT_SQL)
        rows = [dict(zip(rel.columns, r)) for r in rel.fetchall()]
    assert rows
    for row in rows:
        fast, slow = views.record_dict(row), row_to_event(row).to_dict()
        assert json.dumps(fast, default=str) == json.dumps(slow, default=str)  # same keys in the same order


def test_totals_with_and_without_the_count_query(store_db, client):
    with Store(store_db[0], read_only=True) as store:
        view = ReadView(store.con)
        everything = count(view)
        for filters in (views.Filters(), views.Filters(country="PAK"), views.Filters(bbox="60,20,80,40"),
                        views.Filters(text="soldiers", min_sources=1)):
            kw = dict(filters.query_kwargs(), bbox=views.parse_bbox(filters.bbox))
            expected = count(view, **kw)
            assert expected <= everything
            for limit in (1, 2, 1000):  # partial first pages count; a complete one reads its length
                page = views.events_page(view, filters, limit=limit)
                assert page["total"] == expected, (filters, limit)
                if page["next"]:
                    nxt = views.events_page(view, filters, limit=limit, cursor=page["next"])
                    assert nxt["total"] == expected
    body = client.get("/events", params={"limit": 1000}).json()
    assert body["total"] == len(body["events"]) == everything and body["next"] is None
