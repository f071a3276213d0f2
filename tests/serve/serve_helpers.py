"""Helpers of the serve tests: a small store built from record factories, the token, the error check,
a free loopback port, a server in a thread, and the problems a browser page reports.

The factories live in tests/store/wc_factories.py. The store holds:

* two sites reporting the same retreat (one cluster, 2 sources) and a story over three days
  (assault -> retreat -> aid) that forms one incident;
* an assault in Kabul, a planned (``future``) protest in Karachi, an unplaced meeting.
"""
from __future__ import annotations

import contextlib
import socket
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))

from wc_factories import make_article, make_event  # noqa: E402

from wirecoder.store import Store  # noqa: E402

TOKEN = "test-token-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
AFG = ("Afghan soldiers", "AFG", "MIL")
PAK = ("Pakistani army", "PAK", "MIL")
RETREAT = "46 Afghan soldiers crossed the border into Chitral on Sunday."


def build_store(db: Path) -> dict[str, object]:
    """Write the store described in the module docstring; return the ids tests refer to."""
    a = make_article("https://dawn.example/news/1",
                     "Border posts fall.\nTaliban fighters captured the border posts on Saturday. "
                     + RETREAT + "\nThe Pakistani army gave them food and shelter on Monday.",
                     published="2021-07-26", title="Afghan soldiers seek refuge")
    b = make_article("https://bbc.example/2", "Report.\n" + RETREAT.replace("46", "Forty-six"),
                     published="2021-07-26", title="Soldiers cross border")
    c = make_article("https://kabul.example/3", "Taliban fighters attacked a police post in Kabul on Wednesday.",
                     published="2021-06-10")
    d = make_article("https://karachi.example/4", "Traders will protest in Karachi next week.",
                     published="2021-05-01")
    e = make_article("https://talks.example/5", "Envoys met for talks on Sunday.", published="2021-08-02")
    ev = {
        "assault_border": make_event(a, "Taliban fighters captured the border posts on Saturday.", "ASSAULT",
                                     actor=("Taliban", "AFG", "REB"), recipient=AFG, day="2021-07-24",
                                     place="arundu", trigger="captured"),
        "retreat_a": make_event(a, RETREAT, "RETREAT", actor=AFG, recipient=PAK, trigger="crossed"),
        "aid": make_event(a, "The Pakistani army gave them food and shelter on Monday.", "AID", actor=PAK,
                          recipient=AFG, day="2021-07-26", trigger="gave", quad_class=2),
        "retreat_b": make_event(b, RETREAT.replace("46", "Forty-six"), "RETREAT", actor=AFG, recipient=PAK,
                                trigger="crossed"),
        "assault_kabul": make_event(c, c.text, "ASSAULT", actor=("Taliban", "AFG", "REB"),
                                    recipient=("police", "AFG", "COP"), day="2021-06-09", place="kabul",
                                    trigger="attacked"),
        "protest": make_event(d, d.text, "PROTEST", actor=("traders", "PAK", "BUS"), recipient=None,
                              day="2021-05-08", place="karachi", modality="future", trigger="protest",
                              quad_class=3),
        "talks": make_event(e, e.text, "CONSULT", actor=("envoys", None, "GOV"), recipient=None,
                            day="2021-08-01", place=None, trigger="met", quad_class=1),
    }
    with Store(db) as store:
        store.add(a, [ev["assault_border"], ev["retreat_a"], ev["aid"]])
        store.add(b, [ev["retreat_b"]])
        store.add(c, [ev["assault_kabul"]])
        store.add(d, [ev["protest"]])
        store.add(e, [ev["talks"]])
    return {"events": {k: v.id for k, v in ev.items()}, "articles": {"a": a.id, "b": b.id}}



def assert_error(resp, status: int) -> dict:
    """The one error shape, with the status in the body equal to the HTTP status."""
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert body["ok"] is False and body["status"] == status
    assert isinstance(body["error"], str) and body["error"] and "\n" not in body["error"]
    return body


def free_port() -> int:
    """A loopback port no one listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def page_problems(pg, stack: bool = False) -> list[str]:
    """The list a Playwright page appends its errors to: page errors (with the JavaScript stack when
    ``stack``) and console errors."""
    problems: list[str] = []
    pg.on("pageerror", lambda e: problems.append(f"page error: {e} {getattr(e, 'stack', '')}" if stack
                                                 else f"page error: {e}"))
    pg.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    return problems


@contextlib.contextmanager
def serve_in_thread(app, port: int):
    """Run ``app`` with uvicorn on 127.0.0.1:``port`` in a thread; yield its base URL, stop after."""
    import threading
    import time

    import uvicorn

    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(10)
