"""Store.add: new / unchanged / replaced, one transaction per call."""
from __future__ import annotations

import dataclasses

from wc_factories import add_interrupted, make_article, make_event

from wirecoder.store import Store


def _counts(store):
    return {t: store.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("articles", "events", "event_actors", "clusters")}


def test_readding_same_article_changes_nothing(db):
    art = make_article("https://dawn.com/a", "46 Afghan soldiers fled to Pakistan.")
    evs = [make_event(art, "46 Afghan soldiers fled to Pakistan.", people=46)]
    with Store(db) as store:
        assert store.add(art, evs) == "new"
        before = _counts(store)
        snapshot = store.con.execute("SELECT * FROM events ORDER BY id").fetchall()
        assert store.add(art, evs) == "unchanged"
        assert _counts(store) == before
        assert store.con.execute("SELECT * FROM events ORDER BY id").fetchall() == snapshot
    with Store(db) as store:  # and after reopening
        assert store.add(art, evs) == "unchanged"
        assert _counts(store) == before == {"articles": 1, "events": 1, "event_actors": 2, "clusters": 1}


def test_new_version_replaces_events(db):
    v1 = make_article("https://dawn.com/a", "46 Afghan soldiers fled to Pakistan. Pakistan gave them food.")
    e1 = [make_event(v1, "46 Afghan soldiers fled to Pakistan."),
          make_event(v1, "Pakistan gave them food.", "AID", actor=("Pakistan", "PAK", "GOV"),
                     recipient=("Afghan soldiers", "AFG", "MIL"))]
    v2 = make_article("https://dawn.com/a", "Updated: 46 Afghan soldiers fled to Pakistan.")
    e2 = [make_event(v2, "Updated: 46 Afghan soldiers fled to Pakistan.", people=46)]
    assert v1.id == v2.id
    with Store(db) as store:
        assert store.add(v1, e1) == "new"
        assert store.add(v2, e2) == "replaced"
        stored = store.events(v1.id)
        assert [e.sentence for e in stored] == ["Updated: 46 Afghan soldiers fled to Pakistan."]
        assert _counts(store) == {"articles": 1, "events": 1, "event_actors": 2, "clusters": 1}
        assert store.con.execute("SELECT text FROM articles").fetchone()[0] == v2.text
        # the AID cluster lost its only member and is gone; the remaining cluster is current
        row = store.con.execute("SELECT event_type, num_events, size.people FROM clusters").fetchone()
        assert row == ("RETREAT", 1, 46)


def test_event_round_trip(db):
    art = make_article("https://dawn.com/a", "At least 46 soldiers fled to Pakistan on Sunday.")
    ev = make_event(art, "At least 46 soldiers fled to Pakistan on Sunday.", people=46, qualifier="at_least",
                    context=["military"], mode="flee", source="the military")
    ev.source_span = (3, 10)
    with Store(db) as store:
        store.add(art, [ev])
        # the store fills in the article's url, title and publication date
        assert store.events(art.id) == [dataclasses.replace(ev, url=art.url, title=art.title, published=art.published)]


def test_add_many_statuses_and_duplicate_ids_in_batch(db):
    a = make_article("https://a.com/1", "One event here.")
    b = make_article("https://b.com/2", "Another event there.")
    with Store(db) as store:
        assert store.add_many([(a, [make_event(a, "One event here.")]),
                               (b, [make_event(b, "Another event there.")])]) == ["new", "new"]
        assert store.add_many([(a, [make_event(a, "One event here.")]), (b, [])]) == ["unchanged", "unchanged"]
        ids = store.con.execute("SELECT id FROM events").fetchall()
        assert len(ids) == len(set(ids)) == 2


def test_failed_batch_rolls_back(db, monkeypatch):
    a = make_article("https://a.com/1", "One event here.")
    with Store(db) as store:
        add_interrupted(store, a, [make_event(a, "One event here.")], monkeypatch)
        assert _counts(store) == {"articles": 0, "events": 0, "event_actors": 0, "clusters": 0}
        assert store.add(a, [make_event(a, "One event here.")]) == "new"
