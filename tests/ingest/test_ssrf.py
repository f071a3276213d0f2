"""URL fetching refuses loopback, private and link-local addresses unless explicitly allowed;
the refusal comes before any connection, and a connection that lands on such an address (a
redirect, a DNS answer that changed) is refused too."""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from wirecoder.ingest import netguard
from wirecoder.ingest.fetch import FetchError, fetch

from .helpers import EN_TEXT, html_page, run


@pytest.fixture
def site():
    hits: list[str] = []
    body = html_page("Rebels said " + EN_TEXT).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            if self.path == "/robots.txt":
                self.send_response(404)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *a):
            pass

    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    srv.hits = hits  # type: ignore[attr-defined]
    srv.base = f"http://127.0.0.1:{srv.server_address[1]}"  # type: ignore[attr-defined]
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.mark.parametrize("address, why", [
    ("127.0.0.1", "loopback"), ("::1", "loopback"), ("10.1.2.3", "private"), ("192.168.0.1", "private"),
    ("172.16.5.4", "private"), ("100.64.0.1", "private"), ("169.254.169.254", "link-local"),
    ("fe80::1", "link-local"), ("fd00::1", "private"), ("0.0.0.0", "unspecified"), ("224.0.0.1", "multicast"),
    ("::ffff:127.0.0.1", "loopback"), ("93.184.216.34", None), ("2606:4700::1111", None)])
def test_address_classes(address, why):
    assert netguard.blocked_reason(address) == why


def test_loopback_url_is_refused_without_a_connection(site):
    arts, errs, stats = run([site.base + "/story", "http://localhost:9/x", "http://169.254.169.254/latest/meta-data/"])
    assert arts == [] and len(errs) == 3 and site.hits == []
    assert all("refused:" in e.problem and "--allow-private-urls" in e.problem for e in errs)
    assert "loopback address (127.0.0.1)" in errs[0].problem and "link-local" in errs[2].problem
    assert stats.skipped["private_address"] == 3


def test_the_override_fetches_it(site):
    (a,), errs, _ = run([site.base + "/story"], allow_private_urls=True)
    assert errs == [] and "Rebels said" in a.raw and "/story" in site.hits


def test_a_connection_that_lands_on_a_private_address_is_refused(site, monkeypatch):
    # as if the name had resolved to a public address at check time (DNS rebinding, or a redirect
    # to an internal host): the connection's own peer address is checked
    monkeypatch.setattr(netguard, "check_host", lambda host, port=None: None)
    with pytest.raises(FetchError) as e:
        fetch(site.base + "/story", timeout=5, max_bytes=100_000)
    assert e.value.reason == "private_address" and "connected to a loopback address" in str(e.value)
    assert site.hits == []


def test_cli_refuses_then_fetches_with_the_flag(site, capsys):
    from wirecoder.cli import main

    url = site.base + "/story"
    assert main(["extract", "--date", "2021-07-26", url]) == 2
    out, err = capsys.readouterr()
    assert out == "" and f"wirecoder: {url}: refused: " in err and site.hits == []
    assert main(["extract", "-q", "--date", "2021-07-26", "--allow-private-urls", url]) == 0
    out, _ = capsys.readouterr()
    assert "Rebels said" in out


def test_api_refuses_then_fetches_with_the_setting(site, tmp_path):
    from fastapi.testclient import TestClient

    from wirecoder.serve import ServeConfig, create_app

    auth = {"Authorization": "Bearer " + "t" * 24}
    with TestClient(create_app(ServeConfig(db=tmp_path / "a.duckdb", token="t" * 24))) as c:
        r = c.post("/articles", json={"url": site.base + "/story", "date": "2021-07-26"}, headers=auth)
        assert r.status_code == 422 and "refused: 127.0.0.1 is a loopback address" in r.json()["error"]
        assert site.hits == []
    with TestClient(create_app(ServeConfig(db=tmp_path / "b.duckdb", token="t" * 24, allow_private_urls=True))) as c:
        r = c.post("/articles", json={"url": site.base + "/story", "date": "2021-07-26"}, headers=auth)
        assert r.status_code == 201, r.text
