"""Clusters of one story over time are linked into an incident with a timeline."""
from __future__ import annotations

from wc_factories import make_article, make_event

from wirecoder.incidents import list_incidents
from wirecoder.store import Store

AFG = ("Afghan soldiers", "AFG", "MIL")
PAK = ("Pakistani army", "PAK", "MIL")


def test_story_over_days_is_one_incident(db):
    a = make_article("https://www.dawn.com/news/1", "x", published="2021-07-26")
    b = make_article("https://www.dawn.com/news/2", "y", published="2021-07-30")
    with Store(db) as store:
        store.add(a, [
            make_event(a, "Taliban fighters captured the border posts.", "ASSAULT", actor=("Taliban", "AFG", "REB"),
                       recipient=AFG, day="2021-07-24", place="arundu"),
            make_event(a, "46 Afghan soldiers crossed into Pakistan.", "RETREAT", actor=AFG, recipient=PAK),
            make_event(a, "They asked the Pakistani military for shelter.", "REQUEST", actor=AFG, recipient=PAK),
            make_event(a, "The army gave them food and shelter.", "AID", actor=PAK, recipient=AFG)])
        store.add(b, [make_event(b, "The soldiers were handed over to Afghan officials.", "CONCEDE",
                                 actor=PAK, recipient=("Afghan officials", "AFG", "GOV"), day="2021-07-29")])
        # an unrelated event the same week, far away, with other actors
        c = make_article("https://www.bbc.com/3", "z")
        store.add(c, [make_event(c, "Police arrested traders in Karachi.", "COERCE", actor=("police", "PAK", "COP"),
                                 recipient=("traders", "PAK", "BUS"), place="karachi")])
        (inc,) = list_incidents(store)
        assert inc["num_clusters"] == 5 and inc["num_articles"] == 2
        kinds = [t["event_type"] for t in inc["timeline"]]  # in date order
        assert kinds[0] == "ASSAULT" and kinds[-1] == "CONCEDE" and set(kinds[1:4]) == {"RETREAT", "REQUEST", "AID"}
        assert inc["start_date"] == "2021-07-24" and inc["end_date"] == "2021-07-29"
        assert inc["countries"] == ["AFG", "PAK"]
        assert list_incidents(store, country="TJK") == []


def test_similar_story_a_month_earlier_is_separate(db):
    a = make_article("https://www.dawn.com/news/1", "x")
    b = make_article("https://www.dawn.com/news/0", "y", published="2021-07-02")
    with Store(db) as store:
        store.add(a, [make_event(a, "46 soldiers crossed.", "RETREAT", actor=AFG, recipient=PAK),
                      make_event(a, "The army gave them shelter.", "AID", actor=PAK, recipient=AFG)])
        store.add(b, [make_event(b, "35 soldiers crossed.", "RETREAT", actor=AFG, recipient=PAK, day="2021-07-01"),
                      make_event(b, "The army gave them shelter.", "AID", actor=PAK, recipient=AFG, day="2021-07-01")])
        incs = list_incidents(store)
        assert sorted(i["start_date"] for i in incs) == ["2021-07-01", "2021-07-25"]
        assert all(i["num_clusters"] == 2 for i in incs)


def test_a_steady_stream_in_one_place_does_not_chain_into_one_incident(db):
    """Every week a new report shares actors and place with last week's: single links would
    chain a year of news into one incident; incidents stop at a month from first to last day."""
    from datetime import date, timedelta

    start = date(2021, 3, 1)
    with Store(db) as store:
        for k in range(20):  # one report every 6 days, 114 days in all
            day = start + timedelta(days=6 * k)
            a = make_article(f"https://www.dawn.com/news/{k}", f"report {k}", published=day.isoformat())
            kind = ("ASSAULT", "AID")[k % 2]
            store.add(a, [make_event(a, f"Report {k}: soldiers and the army near the border.", kind,
                                     actor=AFG, recipient=PAK, day=day.isoformat())])
        incs = list_incidents(store, limit=100)
        days = [(date.fromisoformat(i["end_date"]) - date.fromisoformat(i["start_date"])).days for i in incs]
        assert len(incs) >= 4 and max(days) <= 30
        assert sum(i["num_clusters"] for i in incs) == 20  # every report is in one of them


def test_links_do_not_carry_an_incident_across_a_region(db):
    """Hops of ~100 km, each within NEAR_KM of the last, would walk one incident across the
    country; its precisely placed events stay within a box MAX_EXTENT_KM across."""
    from wirecoder.dedupe import haversine_km
    from wirecoder.incidents import MAX_EXTENT_KM

    towns = ["peshawar", "islamabad", "jhelum", "gujranwala", "lahore"]  # 70-140 km hops, 400 km in all
    with Store(db) as store:
        for k, town in enumerate(towns):
            a = make_article(f"https://www.dawn.com/news/t{k}", f"town {k}")
            kind = ("ASSAULT", "AID", "REQUEST", "SANCTION", "PROTEST")[k]  # five clusters (no two compatible)
            store.add(a, [make_event(a, f"Soldiers near {town}.", kind, actor=PAK, recipient=AFG, place=town)])
        rows = store.con.execute("SELECT incident_id, min(lat), max(lat), min(lon), max(lon) FROM clusters "
                                 "WHERE incident_id IS NOT NULL GROUP BY 1").fetchall()
        assert len(rows) >= 2  # the chain was linked, in more than one piece
        for _, la, lb, oa, ob in rows:
            assert haversine_km(la, oa, lb, ob) <= MAX_EXTENT_KM


def test_a_cluster_whose_date_moves_out_of_bounds_leaves_its_incident(db):
    """A new version of an article re-dates its event six weeks later: the cluster no longer
    fits the incident (at most a month), so it leaves it rather than stretch it."""
    a = make_article("https://www.dawn.com/news/1", "x")
    b = make_article("https://www.dawn.com/news/2", "y")
    with Store(db) as store:
        store.add(a, [make_event(a, "46 soldiers crossed.", "RETREAT", actor=AFG, recipient=PAK)])
        store.add(b, [make_event(b, "The army gave them shelter.", "AID", actor=PAK, recipient=AFG, day="2021-07-26")])
        assert [i["num_clusters"] for i in list_incidents(store)] == [2]
        b2 = make_article("https://www.dawn.com/news/2", "y, corrected")
        b2 = type(b2)(**{**b2.__dict__, "id": b.id})  # same article, new content
        store.add(b2, [make_event(b2, "The army gave them shelter.", "AID", actor=PAK, recipient=AFG,
                                  day="2021-09-06")])
        assert list_incidents(store) == []  # each cluster alone now: no incident of two
        assert store.con.execute("SELECT count(*) FROM events WHERE incident_id IS NOT NULL").fetchone()[0] <= 1
