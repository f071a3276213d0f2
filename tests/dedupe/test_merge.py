"""The merged record of a cluster shows its most specific report."""
from __future__ import annotations

from datetime import date

from wirecoder.dedupe import merge


def _row(article: str, sentence: str, confidence: float, **kw):
    row = {"id": f"{article}-e", "article_id": article, "event_type": "RETREAT", "mode": None,
           "modality": "asserted", "sentence": sentence, "confidence": confidence, "actor": [],
           "recipient": [], "date": None, "location": None, "size": None, "date_lo": date(2021, 7, 25),
           "date_hi": date(2021, 7, 25), "countries": [], "sectors": [], "site": article, "published": "2021-07-26"}
    row.update(kw)
    return row


def test_the_most_specific_report_gives_the_sentence_not_the_most_confident():
    generic = _row("a", "Many soldiers have surrendered.", 0.95)
    specific = _row("b", "46 Afghan soldiers crossed into Chitral on Sunday.", 0.7,
                    size={"people": 46, "qualifier": "exact", "text": "46", "dead": None, "injured": None,
                          "arrested": None},
                    date={"value": "2021-07-25", "precision": "day", "text": "Sunday"},
                    actor=[{"text": "Afghan soldiers", "name": "Afghan soldiers", "country": "AFG", "sector": "MIL"}])
    rec = merge([generic, specific])
    assert rec.sentence == specific["sentence"]
    assert rec.size["people"] == 46 and rec.date["precision"] == "day" and rec.num_articles == 2


def test_the_record_keeps_every_source_and_the_spread_of_counts():
    size = lambda n, q: {"people": n, "qualifier": q, "text": str(n), "dead": None, "injured": None, "arrested": None}  # noqa: E731
    a = _row("a", "46 soldiers crossed.", 0.9, size=size(46, "exact"), url="https://dawn.com/1", site="dawn.com",
             published="2021-07-26")
    b = _row("b", "46 soldiers crossed.", 0.9, size=size(46, None), url="https://bbc.com/2", site="bbc.com",
             published="2021-07-25")
    c = _row("c", "About 50 soldiers crossed.", 0.9, size=size(50, "about"), url=None, site="c", published=None)
    rec = merge([a, b, c])
    assert [r["article_id"] for r in rec.reports] == ["b", "a", "c"]  # oldest first, undated last
    assert rec.reports[0] == {"article_id": "b", "url": "https://bbc.com/2", "outlet": "bbc.com",
                              "published": "2021-07-25"}
    assert rec.counts == [{"field": "people", "value": 46, "articles": 2, "qualifier": "exact"},
                          {"field": "people", "value": 50, "articles": 1, "qualifier": "about"}]
    assert rec.size["people"] == 46


def test_a_version_2_store_gets_the_sources_and_counts_merge_gives(tmp_path):
    import sys
    from pathlib import Path

    import duckdb

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
    from wc_factories import make_article, make_event

    from wirecoder.store import Store
    from wirecoder.store.schema import forget_arrow_schema

    db = tmp_path / "events.duckdb"
    arts = [make_article(f"https://www.{s}.com/news/{i}", s, published=f"2021-07-2{6 + i}")
            for i, s in enumerate(("dawn", "reuters", "bbc"))]
    texts = ["46 Afghan soldiers fled to Pakistan.", "Forty-six Afghan soldiers fled into Pakistan.",
             "About 50 Afghan soldiers fled into Pakistan."]
    sql = "SELECT cluster_id, reports, counts FROM clusters ORDER BY 1"
    with Store(db) as store:
        for a, t, n in zip(arts, texts, (46, 46, 50)):
            store.add(a, [make_event(a, t, people=n)])
        made = store.con.execute(sql).fetchall()
    assert any(len(r[1]) == 3 and len(r[2]) == 2 for r in made)
    con = duckdb.connect(str(db))
    con.execute("ALTER TABLE clusters DROP COLUMN reports")
    con.execute("ALTER TABLE clusters DROP COLUMN counts")
    con.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    con.close()
    forget_arrow_schema("clusters")
    with Store(db) as store:
        assert store.con.execute(sql).fetchall() == made
