"""An event's evidence: the articles, sentences and spans that reported it; articles; incidents; stats."""
from __future__ import annotations

from serve_helpers import RETREAT, assert_error

from wirecoder.query import stats
from wirecoder.serve.views import excerpt
from wirecoder.store import Store


def test_event_lists_every_report_with_its_sentence(client, ids):
    ev = client.get(f"/events/{ids['events']['retreat_a']}").json()["event"]
    assert ev["num_sources"] == 2 and len(ev["sources"]) == 2
    this, other = ev["sources"]
    assert this["event_id"] == ev["id"]                        # the event asked for comes first
    assert {s["url"] for s in ev["sources"]} == {"https://dawn.example/news/1", "https://bbc.example/2"}
    for src in ev["sources"]:
        text, (a, b) = src["excerpt"]["text"], src["excerpt"]["highlight"]
        assert text[a:b] == src["sentence"]
        t0, t1 = src["trigger_span"]
        assert src["sentence"][t0:t1] == "crossed"
    assert this["sentence"] == RETREAT and this["title"] == "Afghan soldiers seek refuge"


def test_excerpt_is_the_paragraph_with_the_sentence_and_span():
    text = "Title line\nFirst sentence. Second sentence here.\nNext paragraph."
    s = text.index("sentence here")
    ex = excerpt(text, s, s + len("sentence"), "Second sentence here.")
    assert ex["text"] == "First sentence. Second sentence here."
    assert ex["text"][slice(*ex["highlight"])] == "Second sentence here."
    assert ex["text"][slice(*ex["span"])] == "sentence"
    assert not ex["truncated_before"] and not ex["truncated_after"]
    long = "word " * 400 + "TARGET." + " word" * 400
    s = long.index("TARGET.")
    ex = excerpt(long, s, s + 7, "not in the text", chars=50)
    assert ex["truncated_before"] and ex["truncated_after"] and len(ex["text"]) <= 107
    assert ex["text"][slice(*ex["highlight"])] == "TARGET."


def test_article_with_its_events(client, ids):
    art = client.get(f"/articles/{ids['articles']['a']}").json()["article"]
    assert art["url"] == "https://dawn.example/news/1" and "Taliban fighters" in art["text"]
    assert [e["event_type"] for e in art["events"]] == ["ASSAULT", "RETREAT", "AID"]


def test_unknown_ids_are_404(client):
    for path in ("/events/0123abcd", "/articles/nope", "/incidents/nope"):
        assert_error(client.get(path), 404)


def test_incident_track_and_timeline(client, ids):
    body = client.get("/incidents").json()
    (inc,) = body["incidents"]
    assert inc["num_clusters"] == 3 and inc["start_date"] == "2021-07-24"
    assert [s["event_type"] for s in inc["track"]] == ["ASSAULT", "RETREAT", "AID"]
    assert all(s["lat"] is not None and s["event_id"] for s in inc["track"])
    detail = client.get(f"/incidents/{inc['incident_id']}").json()["incident"]
    assert [e["event_type"] for e in detail["timeline"]] == ["ASSAULT", "RETREAT", "RETREAT", "AID"]
    assert client.get("/incidents", params={"country": "TJK"}).json()["incidents"] == []
    assert client.get("/incidents", params={"bbox": "69,34,70,35"}).json()["incidents"] == []


def test_stats_match_the_library(client, store_db):
    body = client.get("/stats").json()
    with Store(store_db[0], read_only=True) as store:
        lib = stats(store)
    for k in ("articles", "events", "clusters", "incidents", "by_type", "by_country", "by_week"):
        assert body[k] == lib[k], k
    ev = client.get("/stats", params={"level": "events", "type": "RETREAT"}).json()
    assert ev["matching"] == 2 and ev["by_type"] == {"RETREAT": 2} and ev["by_day"] == {"2021-07-25": 2}
    assert ev["by_quad_class"] == {"4": 2}


def test_health(client, ids):
    body = client.get("/health").json()
    assert body["ok"] is True and body["events"] == len(ids["events"]) and body["writable"] is False
