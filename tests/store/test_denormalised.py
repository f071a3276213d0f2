"""The cluster and article values copied onto ``events`` always equal the joined ones, and a
version-1 store is migrated to them."""
from __future__ import annotations

import duckdb
import pytest
from wc_factories import make_article, make_event

from wirecoder.query import EVENT_OUTPUT, count, query
from wirecoder.store import DENORMALISED, DERIVED_SQL, SCHEMA_VERSION, Store, StoreError, event_column_names

AFG = ("Afghan soldiers", "AFG", "MIL")
PAK = ("Pakistani army", "PAK", "MIL")

# what version 1 computed on every query
JOINED = ("SELECT e.id, coalesce(c.num_sources, 1), coalesce(c.num_articles, 1), c.incident_id, a.url, a.title "
          "FROM events e LEFT JOIN clusters c USING (cluster_id) LEFT JOIN articles a ON a.id = e.article_id "
          "ORDER BY e.id")
COPIED = "SELECT id, num_sources, num_articles, incident_id, url, title FROM events ORDER BY id"


def fill(store: Store) -> None:
    """Two incidents, then an event that links them (incidents merge), a second outlet's report
    (num_sources 2) and a replaced article (its cluster shrinks)."""
    a = make_article("https://www.dawn.com/news/1", "x", published="2021-07-11", title="Soldiers cross")
    store.add(a, [make_event(a, "46 Afghan soldiers crossed into Pakistan.", "RETREAT", actor=AFG, recipient=PAK,
                             day="2021-07-10"),
                  make_event(a, "The army gave them food.", "AID", actor=PAK, recipient=AFG, day="2021-07-12")])
    b = make_article("https://www.dawn.com/news/2", "y", published="2021-07-30", title="More soldiers")
    store.add(b, [make_event(b, "More Afghan soldiers crossed into Pakistan.", "RETREAT", actor=AFG, recipient=PAK,
                             day="2021-07-28"),
                  make_event(b, "The army sheltered them.", "AID", actor=PAK, recipient=AFG, day="2021-07-30")])
    c = make_article("https://www.bbc.com/3", "z", published="2021-07-21", title=None)
    store.add(c, [make_event(c, "The soldiers asked Pakistan for shelter.", "REQUEST", actor=AFG, recipient=PAK,
                             day="2021-07-20")])
    d = make_article("https://www.reuters.com/4", "w", published="2021-07-11", title="Reuters")
    store.add(d, [make_event(d, "Forty-six Afghan troops crossed into Pakistan.", "RETREAT", actor=AFG,
                             recipient=PAK, day="2021-07-10")])
    d2 = make_article("https://www.reuters.com/4", "w v2", published="2021-07-11", title="Reuters (updated)")
    assert store.add(d2, [make_event(d2, "Forty-six Afghan troops crossed into Pakistan.", "RETREAT", actor=AFG,
                              recipient=PAK, day="2021-07-10")]) == "replaced"


def test_copies_equal_the_join_after_merges_and_replacements(db):
    with Store(db) as store:
        fill(store)
        copied = store.con.execute(COPIED).fetchall()
        assert copied == store.con.execute(JOINED).fetchall()
        assert any(r[1] == 2 for r in copied)                     # a second outlet's report
        assert len({r[3] for r in copied}) == 1 and copied[0][3]  # one incident after the merge
        assert store.con.execute("SELECT count(*) FROM incidents").fetchall()[0][0] == 1
        assert {r[4] for r in copied} >= {"https://www.dawn.com/news/1", "https://www.bbc.com/3"}


def test_query_returns_the_former_columns(db):
    with Store(db) as store:
        fill(store)
        rel = query(store)
        assert tuple(rel.columns) == EVENT_OUTPUT
        assert "num_articles" not in rel.columns
        assert count(store) == len(rel.fetchall()) == 6
        assert count(store, min_sources=2) == len(query(store, min_sources=2).fetchall()) == 2
        assert count(store, level="clusters") == store.con.execute("SELECT count(*) FROM clusters").fetchall()[0][0]


def downgrade_to_v1(path) -> None:
    """Turn a current store into what version 1 wrote: no copied columns, version 1 in meta."""
    con = duckdb.connect(str(path))
    cols = ", ".join(c for c in event_column_names() if c not in DENORMALISED and c not in DERIVED_SQL)
    con.execute(f"CREATE TABLE ev1 AS SELECT {cols} FROM events ORDER BY id DESC")
    con.execute("DROP TABLE events")
    con.execute("ALTER TABLE ev1 RENAME TO events")
    con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    con.close()


def test_version_1_store_is_migrated(db):
    with Store(db) as store:
        fill(store)
        expected = store.con.execute(COPIED).fetchall()
        rows = query(store, sort="date").fetchall()
    downgrade_to_v1(db)
    con = duckdb.connect(str(db))
    v1_joined = con.execute(JOINED).fetchall()
    order = [r[0] for r in con.execute("SELECT id FROM events ORDER BY rowid").fetchall()]
    con.close()
    assert v1_joined == expected
    with pytest.raises(StoreError, match="open it once for writing") as err:
        Store(db, read_only=True)
    assert "\n" not in str(err.value)
    with Store(db) as store:
        assert store.schema_version == SCHEMA_VERSION == 3
        assert [r[0] for r in store.con.execute("DESCRIBE events").fetchall()] == event_column_names()
        assert store.con.execute(COPIED).fetchall() == expected
        assert query(store, sort="date").fetchall() == rows
        # the row order is kept (cluster merges read their members in it)
        assert [r[0] for r in store.con.execute("SELECT id FROM events ORDER BY rowid").fetchall()] == order
        # and it keeps working: another article is added and synced
        e = make_article("https://www.bbc.com/5", "v", published="2021-07-21")
        store.add(e, [make_event(e, "Soldiers asked Pakistan for shelter again.", "REQUEST", actor=AFG,
                                 recipient=PAK, day="2021-07-20")])
        assert store.con.execute(COPIED).fetchall() == store.con.execute(JOINED).fetchall()
    with Store(db, read_only=True) as store:
        assert store.schema_version == 3


@pytest.mark.parametrize("text", ["soldiers", "SOLDIERS", "Forty-six", "sh_lter", "100%", "ÉTÉ", "İstanbul"])
def test_text_filter_equals_ilike(db, text):
    with Store(db) as store:
        fill(store)
        e = make_article("https://www.bbc.com/6", "u", published="2021-07-21")
        store.add(e, [make_event(e, "İSTANBUL: 100% of the soldiers were seen in été.", "REQUEST", actor=AFG,
                                 recipient=PAK, day="2021-07-20")])
        ilike = store.con.execute("SELECT id FROM events WHERE sentence ILIKE ? ORDER BY id", [f"%{text}%"]).fetchall()
        got = query(store, text=text).fetchall()
        assert sorted((r[0],) for r in got) == ilike
        assert count(store, text=text) == len(ilike)
