"""POST /articles runs the pipeline and stores the result; reads stay consistent meanwhile."""
from __future__ import annotations

import threading

from serve_helpers import AUTH

TEXT = ("Police arrested five protesters in Karachi on Monday after "
        "clashes near the port, officials said.")
HTML = ("<html><head><title>Aid reaches Beira</title></head><body><article><h1>Aid reaches Beira</h1>"
        "<p>The World Food Programme delivered food aid to 20,000 people in Beira on Tuesday, the agency said.</p>"
        "</article></body></html>")


def test_text_is_coded_and_stored(writable):
    before = writable.get("/health").json()["events"]
    r = writable.post("/articles", json={"text": TEXT, "title": "Arrests in Karachi", "date": "2021-07-26"},
                      headers=AUTH)
    assert r.status_code == 201, r.text
    (art,) = r.json()["articles"]
    assert art["status"] == "new" and art["events"] == len(art["event_ids"]) >= 1
    assert art["published"] == "2021-07-26" and art["title"] == "Arrests in Karachi"
    assert writable.get("/health").json()["events"] == before + art["events"]
    ev = writable.get(f"/events/{art['event_ids'][0]}").json()["event"]
    assert ev["article_id"] == art["id"] and ev["sources"][0]["sentence"] in TEXT
    # the same article again changes nothing
    again = writable.post("/articles", json={"text": TEXT, "title": "Arrests in Karachi", "date": "2021-07-26"},
                          headers=AUTH)
    assert again.status_code == 200 and again.json()["articles"][0]["status"] == "unchanged"


def test_html_with_a_date(writable):
    r = writable.post("/articles", json={"html": HTML, "date": "2019-03-20", "url": "https://wfp.example/beira"},
                      headers=AUTH)
    assert r.status_code == 201, r.text
    (art,) = r.json()["articles"]
    assert art["title"] == "Aid reaches Beira" and art["url"] == "https://wfp.example/beira"
    types = {e["event_type"] for e in writable.get(f"/articles/{art['id']}").json()["article"]["events"]}
    assert "AID" in types


def test_reads_during_writes_see_whole_articles(writable):
    """Readers never see an article without its events (one transaction per POST), and never fail."""
    texts = [f"Police arrested {n} traders in Karachi on Monday, officials said." for n in range(2, 8)]
    errors: list[str] = []
    done = threading.Event()

    def reader() -> None:
        while not done.is_set():
            h = writable.get("/health")
            page = writable.get("/events", params={"limit": 1000})
            if h.status_code != 200 or page.status_code != 200:
                errors.append(f"{h.status_code} {page.status_code}")
                continue
            body = page.json()
            if body["total"] != len(body["events"]):   # page and count come from one snapshot
                errors.append(f"total {body['total']} != {len(body['events'])}")
            arts = {e["article_id"] for e in body["events"]}
            for a in list(arts)[:3]:
                art = writable.get(f"/articles/{a}").json()["article"]
                if art["num_events"] != len(art["events"]):
                    errors.append(f"article {a}: {art['num_events']} != {len(art['events'])}")

    threads = [threading.Thread(target=reader) for _ in range(3)]
    for t in threads:
        t.start()
    statuses = []
    writers = [threading.Thread(target=lambda t=t: statuses.append(
        writable.post("/articles", json={"text": t, "date": "2021-07-26"}, headers=AUTH).status_code))
        for t in texts]
    for w in writers:
        w.start()
    for w in writers:
        w.join()
    done.set()
    for t in threads:
        t.join()
    assert statuses == [201] * len(texts)
    assert errors == []
    health = writable.get("/health").json()
    assert health["articles"] == 5 + len(texts)
