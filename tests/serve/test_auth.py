"""Writes need the bearer token; reads are open unless the server is private."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from serve_helpers import AUTH, TOKEN, assert_error

from wirecoder.errors import InputError
from wirecoder.serve import ServeConfig, create_app
from wirecoder.serve.auth import load_token

BODY = {"text": "Police arrested five protesters in Karachi on Monday.", "date": "2021-07-26"}


def test_write_without_token_is_401(writable):
    r = writable.post("/articles", json=BODY)
    assert_error(r, 401)
    assert r.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("header", ["Bearer wrong-token-0123456789", "Basic dXNlcjpwYXNz", "Bearer", TOKEN])
def test_write_with_a_bad_header_is_401(writable, header):
    assert_error(writable.post("/articles", json=BODY, headers={"Authorization": header}), 401)


def test_server_without_token_refuses_writes(store_db):
    with TestClient(create_app(ServeConfig(db=store_db[0], read_only=True))) as c:
        assert_error(c.post("/articles", json=BODY, headers=AUTH), 403)
        assert c.get("/events").status_code == 200


def test_private_server_needs_the_token_to_read(store_db):
    with TestClient(create_app(ServeConfig(db=store_db[0], token=TOKEN, private=True, read_only=True))) as c:
        for path in ("/events", "/stats", "/incidents", "/events/x"):
            assert_error(c.get(path), 401)
        assert c.get("/events", headers=AUTH).status_code == 200
        health = c.get("/health").json()              # liveness stays open, without counts
        assert health["ok"] is True and "events" not in health
        assert "events" in c.get("/health", headers=AUTH).json()
        assert c.get("/").status_code == 200          # the page itself asks for the token


def test_private_needs_a_token(store_db):
    with pytest.raises(ValueError):
        create_app(ServeConfig(db=store_db[0], private=True, read_only=True))


def test_load_token(tmp_path):
    f = tmp_path / "token"
    f.write_text(TOKEN + "\n")
    f.chmod(0o600)
    assert load_token(f) == TOKEN
    assert load_token(environ={"WIRECODER_TOKEN": TOKEN}) == TOKEN
    assert load_token(environ={}) is None
    f.write_text("")
    with pytest.raises(InputError, match="empty"):
        load_token(f)
    f.write_text("short")
    with pytest.raises(InputError, match="at least"):
        load_token(f)
    with pytest.raises(InputError, match="cannot read"):
        load_token(tmp_path / "missing")
