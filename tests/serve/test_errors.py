"""Bad input is a 4xx in one JSON shape {ok: false, error, status}, never a 500; bodies are size-limited."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from serve_helpers import AUTH, TOKEN, assert_error

from wirecoder.serve import ServeConfig, create_app


@pytest.mark.parametrize("params", [
    {"limit": 0}, {"limit": 1001}, {"limit": "many"}, {"format": "xml"}, {"sort": "random"},
    {"modality": "maybe"}, {"min_sources": -1}, {"start": "2021-13"}, {"end": "yesterday"},
    {"start": "2021-08-01", "end": "2021-07-01"}, {"bbox": "1,2,3"}, {"bbox": "a,b,c,d"},
    {"bbox": "0,50,10,40"}, {"bbox": "0,0,200,10"}, {"contry": "PAK"}, {"text": "x" * 300},
])
def test_bad_query_parameters_are_422(client, params):
    body = assert_error(client.get("/events", params=params), 422)
    assert any(k in body["error"] for k in params)


def test_each_route_checks_its_own_parameters(store_db, monkeypatch):
    """A route's allowed parameters are its own even when another route has its id, as a route of
    a freed app leaves its address to a route of the next one (GET /events once got 422
    "unknown query parameter 'limit'" in tests/serve/test_post.py: the names were cached by id)."""
    from wirecoder.serve import app as app_module

    monkeypatch.setattr(app_module, "id", lambda _obj: 0, raising=False)  # every route at one address
    app = create_app(ServeConfig(db=store_db[0], token=TOKEN, read_only=True))
    with TestClient(app) as c:
        assert c.get("/health").status_code == 200
        assert c.get("/events", params={"limit": 1}).status_code == 200
        assert_error(c.get("/health", params={"limit": 1}), 422)


@pytest.mark.parametrize("cursor", ["not-a-cursor", "eyJ2IjoxfQ", "e30", "!!!"])
def test_malformed_cursor_is_400(client, cursor):
    assert_error(client.get("/events", params={"cursor": cursor}), 400)


def test_cursor_of_other_filters_is_400(client):
    nxt = client.get("/events", params={"limit": 1}).json()["next"]
    body = assert_error(client.get("/events", params={"limit": 1, "cursor": nxt, "type": "AID"}), 400)
    assert "other filters" in body["error"]
    assert_error(client.get("/events", params={"limit": 1, "cursor": nxt, "sort": "date"}), 400)


def test_unknown_route_and_method(client):
    assert_error(client.get("/nowhere"), 404)
    assert_error(client.delete("/events"), 405)


@pytest.mark.parametrize("content, status", [
    (b"{not json", 400), (b"", 422), (b"[]", 422), (b'{"text": 5}', 422), (b'{"nothing": 1}', 422),
    (b'{"text": "a", "html": "<p>b</p>"}', 422), (b'{"text": "   "}', 422),
    (b'{"text": "Police arrested five.", "date": "26/07/2021"}', 422),
    (b'{"text": "Police arrested five.", "date": "2021-02-30"}', 422),
    (b'{"url": "file:///etc/passwd"}', 422), (b'{"url": "ftp://x.example/a"}', 422),
    (b'{"text": "x", "extra": 1}', 422),
])
def test_bad_article_bodies(writable, content, status):
    r = writable.post("/articles", content=content, headers={**AUTH, "Content-Type": "application/json"})
    assert_error(r, status)


def test_unreachable_url_is_502(tmp_path):
    # port 9 on loopback: nothing listens, the connection is refused at once (loopback allowed here)
    db = tmp_path / "events.duckdb"
    with TestClient(create_app(ServeConfig(db=db, token=TOKEN, allow_private_urls=True))) as c:
        body = assert_error(c.post("/articles", json={"url": "http://127.0.0.1:9/news/1"}, headers=AUTH), 502)
    assert "unreachable" in body["error"]


def test_loopback_and_metadata_urls_are_refused(writable):
    for url in ("http://127.0.0.1:9/news/1", "http://[::1]/health", "http://169.254.169.254/latest/meta-data/"):
        body = assert_error(writable.post("/articles", json={"url": url}, headers=AUTH), 422)
        assert "refused:" in body["error"] and "allow-private-urls" in body["error"]


def test_body_over_the_limit_is_413(store_db):
    app = create_app(ServeConfig(db=store_db[0], token="t" * 20, read_only=True, max_body=1000))
    with TestClient(app) as c:
        big = b'{"text": "' + b"a" * 2000 + b'"}'
        assert_error(c.post("/articles", content=big, headers={"Content-Type": "application/json"}), 413)

        def chunks():                                 # no Content-Length: counted as it arrives
            for _ in range(10):
                yield b"a" * 500
        assert_error(c.post("/articles", content=chunks(), headers={"Content-Type": "application/json"}), 413)
        # under the limit, the body reaches the app (here: refused for the missing token)
        assert_error(c.post("/articles", json={"text": "short"}), 401)


def test_default_limit_is_5_mb(writable):
    r = writable.post("/articles", content=b"x" * 5_000_001, headers={**AUTH, "Content-Type": "application/json"})
    assert_error(r, 413)
