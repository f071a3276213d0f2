"""HTTP API: documented responses for every route, no server file paths, a busy port fails first."""
from __future__ import annotations

import json
import socket

import pytest
from fastapi.testclient import TestClient

from wirecoder.records import Actor, Article, Event, EventDate, Location
from wirecoder.serve import ServeConfig, create_app
from wirecoder.store import Store

SECRET = "/srv/wirecoder-secret/incoming"


@pytest.fixture
def client(tmp_path):
    db = tmp_path / "e.duckdb"
    text = "Police arrested 12 protesters in Nairobi on Monday."
    a = Article(id="a1", text=text, raw=text, source=f"{SECRET}/nairobi.txt", published="2023-03-21",
                language="en")
    ev = Event(id="e1", article_id="a1", event_type="COERCE", mode="arrest", context=[], quad_class=4,
               cameo_root="17", modality="asserted", actor=[Actor("Police", "police", "KEN", "COP")],
               recipient=[Actor("12 protesters", "protesters", "KEN", "CVL")],
               date=EventDate("2023-03-20", "day", "Monday"),
               location=Location("Nairobi", "Nairobi", 184745, -1.28, 36.82, "KEN", "Nairobi", None, "town"),
               size=None, sentence=text, span=(0, len(text)), confidence=0.8, trigger="arrested")
    with Store(db) as s:
        s.add(a, [ev])
    app = create_app(ServeConfig(db=str(db)))
    with TestClient(app) as c:
        yield c


def test_no_server_file_path_in_any_response(client):
    for url in ("/", "/config.json", "/health", "/events", "/events/e1", "/articles/a1", "/incidents",
                "/stats", "/events?format=csv", "/events?format=geojson", "/openapi.json"):
        r = client.get(url)
        assert r.status_code == 200, url
        assert SECRET not in r.text and "/srv/" not in r.text, url
    src = client.get("/events/e1").json()["event"]["sources"][0]
    assert src["source"] == "nairobi.txt"


def test_every_route_documents_its_response_model(client):
    spec = client.get("/openapi.json").json()
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            ok = op["responses"].get("200") or op["responses"].get("201")
            schema = ok["content"]["application/json"]["schema"]
            assert "$ref" in schema, f"{method.upper()} {path}: {schema}"
            assert "404" in op["responses"] or path in ("/health", "/events", "/incidents", "/stats") \
                or method == "post"
    ev = spec["components"]["schemas"]["EventOut"]["properties"]
    import wirecoder.schema as S
    assert set(S.column_names()) <= set(ev)      # derived from the one schema
    assert "Location" in spec["components"]["schemas"]


def test_busy_port_fails_before_serving_is_printed(tmp_path, capsys):
    from wirecoder.cli import main
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen(1)
    port = busy.getsockname()[1]
    try:
        rc = main(["serve", "--db", str(tmp_path / "e.duckdb"), "--port", str(port)])
    finally:
        busy.close()
    err = capsys.readouterr().err
    assert rc == 2 and "in use" in err and "serving" not in err
    assert len([x for x in err.splitlines() if x.strip()]) == 1
