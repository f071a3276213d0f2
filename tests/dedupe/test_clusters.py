"""Cross-outlet clustering: one incident merges, different incidents stay apart."""
from __future__ import annotations

from wc_factories import make_article, make_event

from wirecoder.dedupe import date_range, score
from wirecoder.records import EventDate
from wirecoder.store import Store


def clusters(store):
    return store.con.execute("SELECT cluster_id, event_type, num_events, num_articles, num_sources "
                             "FROM clusters ORDER BY event_type").fetchall()


def test_two_outlets_one_incident_merge(db):
    a = make_article("https://www.dawn.com/news/1", "x", published="2021-07-26")
    b = make_article("https://www.reuters.com/world/2", "y", published="2021-07-26")
    with Store(db) as store:
        store.add(a, [make_event(a, "46 Afghan soldiers fled to Pakistan after the Taliban took their posts.",
                                 people=46, qualifier="exact", day="2021-07-26", precision="publication")])
        store.add(b, [make_event(b, "Forty-six members of the Afghan army crossed into Pakistan on Sunday.",
                                 place="arundu", people=46, actor=("Afghan National Army", "AFG", "MIL"))])
        (row,) = clusters(store)
        assert row[2:] == (2, 2, 2)
        rec = store.con.execute("SELECT date.value, date.precision, location.name, size.people, size.qualifier "
                                "FROM clusters").fetchone()
        # most precise date (the day, not the publication date), most precise place, the count
        assert rec == ("2021-07-25", "day", "Chitral", 46, "exact")


def test_different_incidents_stay_apart(db):
    a = make_article("https://www.dawn.com/news/1", "x")
    b = make_article("https://www.reuters.com/world/2", "y")
    c = make_article("https://www.bbc.com/news/3", "z")
    with Store(db) as store:
        store.add(a, [make_event(a, "Gunmen attacked a police checkpoint in Chitral on Sunday.", "ASSAULT",
                                 actor=("gunmen", None, "UAF"), recipient=("police", "PAK", "COP"))])
        # same type and day, far away (Karachi): another incident
        store.add(b, [make_event(b, "Gunmen attacked a police checkpoint in Karachi on Sunday.", "ASSAULT",
                                 actor=("gunmen", None, "UAF"), recipient=("police", "PAK", "COP"), place="karachi")])
        # same place and type, three weeks earlier: another incident
        store.add(c, [make_event(c, "Gunmen attacked a police checkpoint in Chitral.", "ASSAULT",
                                 actor=("gunmen", None, "UAF"), recipient=("police", "PAK", "COP"), day="2021-07-04")])
        assert [r[2] for r in clusters(store)] == [1, 1, 1]


def test_negated_report_does_not_merge_with_asserted(db):
    a = make_article("https://www.dawn.com/news/1", "x")
    b = make_article("https://www.reuters.com/world/2", "y")
    with Store(db) as store:
        store.add(a, [make_event(a, "Afghan soldiers fled to Pakistan.")])
        store.add(b, [make_event(b, "Afghan soldiers did not flee to Pakistan.", modality="negated")])
        assert len(clusters(store)) == 2


def test_two_events_of_one_article_stay_apart(db):
    """An article's events are its distinct events (the assembly stage merged the mentions of
    each): the two sides of one exchange, told in one sentence, never join one cluster, and a
    second outlet's report joins one of them, not both."""
    s = "Russia and Ukraine exchanged 90 captured soldiers on Friday."
    a = make_article("https://www.dawn.com/news/1", s)
    b = make_article("https://www.reuters.com/world/2", "Ukraine and Russia exchanged 90 captured soldiers.")
    with Store(db) as store:
        store.add(a, [make_event(a, s, "COOPERATE", actor=("Russia", "RUS", "GOV"), recipient=("Ukraine", "UKR", "GOV"),
                                 people=90, trigger="exchanged", place=None),
                      make_event(a, s, "COOPERATE", actor=("Ukraine", "UKR", "GOV"), recipient=("Russia", "RUS", "GOV"),
                                 people=90, trigger="exchanged", place=None, idx=1)])
        assert [r[2:] for r in clusters(store)] == [(1, 1, 1), (1, 1, 1)]
        store.add(b, [make_event(b, "Ukraine and Russia exchanged 90 captured soldiers.", "COOPERATE",
                                 actor=("Ukraine", "UKR", "GOV"), recipient=("Russia", "RUS", "GOV"), people=90,
                                 trigger="exchanged", place=None)])
        assert sorted(r[2:] for r in clusters(store)) == [(1, 1, 1), (2, 2, 2)]


def test_largest_reliable_count(db):
    arts = [make_article(f"https://site{i}.com/a", "x") for i in range(3)]
    with Store(db) as store:
        store.add(arts[0], [make_event(arts[0], "About 50 soldiers fled to Pakistan.", people=50, qualifier="about")])
        store.add(arts[1], [make_event(arts[1], "46 soldiers fled to Pakistan.", people=46, qualifier="exact")])
        store.add(arts[2], [make_event(arts[2], "Forty-six soldiers fled to Pakistan.", people=46, qualifier="exact")])
        people, qual = store.con.execute("SELECT size.people, size.qualifier FROM clusters").fetchone()
        assert (people, qual) == (46, "exact")  # reported by two outlets beats a single larger estimate


def test_replacing_an_article_updates_its_cluster(db):
    a = make_article("https://www.dawn.com/news/1", "v1")
    b = make_article("https://www.reuters.com/world/2", "y")
    a2 = make_article("https://www.dawn.com/news/1", "v2 corrected")
    with Store(db) as store:
        store.add(a, [make_event(a, "46 Afghan soldiers fled to Pakistan.")])
        store.add(b, [make_event(b, "Forty-six Afghan soldiers fled into Pakistan.")])
        assert [r[3] for r in clusters(store)] == [2]
        store.add(a2, [make_event(a2, "Pakistan sent 46 Afghan soldiers back.", "AID", day="2021-08-20")])
        assert sorted(r[3] for r in clusters(store)) == [1, 1]


def test_score_parts():
    lo, hi = date_range(EventDate("2021-07-25", "day"), None)
    ev = {"event_type": "ASSAULT", "modality": "asserted", "date_lo": lo, "date_hi": hi, "lat": 35.85,
          "lon": 71.79, "country": "PAK", "precision": "town", "actor_keys": ["PAK|COP|"], "vec": []}
    assert score(ev, dict(ev)) > 0.6   # text and lexical parts unknown (0.5 each)
    assert score(ev, dict(ev, event_type="AID")) == 0.0
    assert score(ev, dict(ev, lat=24.86, lon=67.01)) == 0.0          # > 250 km apart
    assert score(ev, dict(ev, country="AFG")) == 0.0
    assert 0 < score(ev, dict(ev, event_type="COERCE")) < score(ev, dict(ev))
    assert date_range(EventDate("2021-07-26", "week"), None)[1].isoformat() == "2021-08-01"
    assert date_range(None, "2021-07-26")[0].isoformat() == "2021-07-23"


def test_an_articles_events_take_the_clusters_they_match_best(db):
    """An article's events are placed together, best pair first: an event that would also join
    a cluster does not take it from a sibling that matches it better (the one-article veto would
    then keep the better one out)."""
    a = make_article("https://www.dawn.com/news/1", "x", published="2021-07-26")
    b = make_article("https://www.reuters.com/world/2", "y", published="2021-07-26")
    first = make_event(a, "46 Afghan soldiers fled to Pakistan after the Taliban took their posts in Chitral.",
                       people=46, actor=("Afghan National Army", "AFG", "MIL"))
    weak = make_event(b, "Afghan soldiers have fled.", actor=("Afghan National Army", "AFG", "MIL"))
    strong = make_event(b, "46 Afghan soldiers fled to Pakistan after the Taliban took their posts in Chitral, "
                           "officials said.", people=46, actor=("Afghan National Army", "AFG", "MIL"))
    with Store(db) as store:
        store.add(a, [first])
        store.add(b, [weak, strong])
        got = dict(store.con.execute("SELECT id, cluster_id FROM events").fetchall())
        assert got[strong.id] == got[first.id]
        assert got[weak.id] != got[first.id]
