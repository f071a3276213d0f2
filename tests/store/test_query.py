"""query() filters and stats() counts."""
from __future__ import annotations

import pytest
from wc_factories import make_article, make_event

from wirecoder.query import query, stats
from wirecoder.store import Store


@pytest.fixture
def store(db):
    s = Store(db)
    a = make_article("https://dawn.com/a", "x", published="2021-07-26")
    b = make_article("https://reuters.com/b", "y", published="2021-07-27")
    c = make_article("https://tolo.af/c", "z", published="2021-03-02")
    s.add(a, [make_event(a, "46 Afghan soldiers fled to Pakistan.", people=46),
              make_event(a, "Pakistan gave the soldiers food.", "AID", actor=("Pakistan army", "PAK", "MIL"),
                         recipient=("Afghan soldiers", "AFG", "MIL")),
              make_event(a, "Police arrested protesters in Karachi.", "COERCE", actor=("police", "PAK", "COP"),
                         recipient=("protesters", "PAK", "CVL"), place="karachi", day="2021-07-24")])
    s.add(b, [make_event(b, "Forty-six Afghan troops crossed into Pakistan.", place="arundu", people=46)])
    s.add(c, [make_event(c, "Taliban fighters attacked a post near Kabul.", "ASSAULT", actor=("Taliban", "AFG", "REB"),
                         recipient=("Afghan army", "AFG", "MIL"), place="kabul", day="2021-03-01",
                         modality="asserted"),
              make_event(c, "The Taliban may attack Kabul again.", "ASSAULT", actor=("Taliban", "AFG", "REB"),
                         recipient=None, place="kabul", day=None, modality="future")])
    yield s
    s.close()


def ids(rel):
    return sorted(r[0] for r in rel.select("sentence").fetchall())


def test_filters(store):
    assert len(query(store).fetchall()) == 6
    assert ids(query(store, type="AID")) == ["Pakistan gave the soldiers food."]
    assert len(query(store, type="aid,coerce").fetchall()) == 2
    assert len(query(store, country="AFG").fetchall()) == 5       # actor countries count too
    assert ids(query(store, sector="COP")) == ["Police arrested protesters in Karachi."]
    assert ids(query(store, place="karach")) == ["Police arrested protesters in Karachi."]
    assert ids(query(store, modality="future")) == ["The Taliban may attack Kabul again."]
    assert ids(query(store, text="forty-six")) == ["Forty-six Afghan troops crossed into Pakistan."]
    assert len(query(store, start="2021-07-25", end="2021-07-25").fetchall()) == 3
    assert len(query(store, end="2021-03-31").fetchall()) == 2     # undated event: publication window


def test_near_filter_and_distance(store):
    rel = query(store, near=(35.85, 71.79), km=10, sort="distance")
    rows = rel.select("sentence, distance_km").fetchall()
    assert {r[0] for r in rows} == {"46 Afghan soldiers fled to Pakistan.", "Pakistan gave the soldiers food."}
    assert all(r[1] < 1 for r in rows)
    # Arundu is ~60 km from Chitral; Karachi and Kabul are hundreds of km away
    assert len(query(store, near=(35.85, 71.79), km=80).fetchall()) == 3
    assert len(query(store, near=(35.85, 71.79), km=2000).fetchall()) == 6


def test_min_sources_and_clusters_level(store):
    both = query(store, min_sources=2).select("site").fetchall()
    assert sorted(r[0] for r in both) == ["dawn.com", "reuters.com"]
    clusters = query(store, level="clusters", min_sources=2).df()
    assert len(clusters) == 1 and clusters.iloc[0]["num_sources"] == 2


def test_a_query_is_a_relation_a_pandas_or_a_polars_frame(store):
    rel = query(store, type="RETREAT", sort="date")
    rows = rel.select("id, num_sources").fetchall()
    pdf = query(store, type="RETREAT", sort="date").df()
    pl = query(store, type="RETREAT", sort="date").pl()
    assert rows and list(zip(pdf["id"], pdf["num_sources"])) == rows
    assert list(zip(pl["id"].to_list(), pl["num_sources"].to_list())) == rows


def test_sort_and_limit(store):
    rows = query(store, sort="date", limit=2).select("date_lo").fetchall()
    assert len(rows) == 2 and rows[0][0] <= rows[1][0]
    with pytest.raises(ValueError):
        query(store, sort="bogus")


def test_stats(store):
    s = stats(store)
    assert s["events"] == 6 and s["clusters"] == 5 and s["articles"] == 3
    assert s["by_type"]["RETREAT"] == 1 and s["by_type"]["ASSAULT"] == 2
    assert s["by_country"]["PAK"] == 3
    assert "2021-W29" in s["by_week"] and sum(s["by_week"].values()) == 5
    assert stats(store, level="events")["by_type"]["RETREAT"] == 2
