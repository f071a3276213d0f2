"""POST /articles: an article that fails a stage is a 422 with its stage and reason, or one
'failed' entry among stored ones; never a 500. A lone surrogate in the body is stored, scrubbed."""
from __future__ import annotations

from fastapi.testclient import TestClient
from serve_helpers import AUTH, TOKEN, build_store

from wirecoder.ingest import build_article
from wirecoder.serve import ServeConfig, create_app
from wirecoder.serve.app import _stored
from wirecoder.store import Store

TEXT = "Police arrested five protesters in Karachi on Monday after clashes near the port, officials said."


def test_text_over_the_nlp_limit_is_a_422_naming_the_stage(writable):
    r = writable.post("/articles", json={"text": (TEXT + " ") * 21_500, "date": "2021-07-26"}, headers=AUTH)
    assert r.status_code == 422, r.text[:300]
    assert "nlp: text of" in r.json()["error"] and "over the 2,000,000-character" in r.json()["error"]
    ok = writable.post("/articles", json={"text": TEXT, "date": "2021-07-26"}, headers=AUTH)
    assert ok.status_code == 201, ok.text


def test_lone_surrogate_in_text_is_stored_not_a_500(writable):
    body = '{"text": "' + TEXT + ' \\ud800 \\udfff", "date": "2021-07-26"}'
    r = writable.post("/articles", content=body.encode(), headers={**AUTH, "Content-Type": "application/json"})
    assert r.status_code == 201, r.text
    art = writable.get(f"/articles/{r.json()['articles'][0]['id']}").json()["article"]
    assert "\ufffd" in art["text"]


def test_a_failing_article_is_reported_and_the_others_stored(tmp_path):
    db = tmp_path / "events.duckdb"
    build_store(db)
    arts = [build_article(TEXT.replace("five", w), source=f"feed#entry{i}", date_option="2021-07-26")
            for i, w in enumerate(["two", "three", "four"])]

    def process(a):
        if "three" in a.text:
            raise RuntimeError("broken article")
        from wirecoder.pipeline import process_article
        return process_article(a)

    with Store(db) as st:
        done, failures = _stored(st, arts, process)
        assert [a.source for a, _, status in done if status == "new"] == ["feed#entry0", "feed#entry2"]
        assert [str(f) for f in failures] == ["feed#entry1: extract: RuntimeError: broken article"]
        assert st.con.execute("SELECT count(*) FROM articles WHERE id IN (?, ?)",
                              [arts[0].id, arts[2].id]).fetchall()[0][0] == 2


def test_a_process_that_fails_gives_422_not_500(tmp_path):
    db = tmp_path / "events.duckdb"
    build_store(db)

    def process(a):
        raise MemoryError()

    with TestClient(create_app(ServeConfig(db=db, token=TOKEN, process=process))) as c:
        r = c.post("/articles", json={"text": TEXT}, headers=AUTH)
    assert r.status_code == 422 and r.json()["error"] == "<api>: extract: out of memory (MemoryError)"
