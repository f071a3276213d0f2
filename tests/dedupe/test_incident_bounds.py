"""Incidents stay one story on ordinary news: none spans two countries unless precise places keep
it within the box, none runs over 30 days, timelines are in date order.

Built from real pages (the Zyte article-extraction benchmark's HTML plus the seed) through the
whole pipeline. The suite uses the first :data:`PAGES` pages to stay quick;
``benchmarks/incidents_bench.py`` runs the same check on all 181 pages.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from wc_factories import make_article, make_event

from wirecoder.incidents import MAX_SPAN_DAYS, list_incidents, out_of_bounds
from wirecoder.store import Store, ingest

PAGES = 20


def _pages(shared: Path) -> list[Path]:
    pages = sorted((shared / "gold" / "article-extraction" / "html").glob("*.html.gz"))
    if not pages:
        pytest.skip("Zyte article-extraction pages not found under shared/gold")
    return pages


def test_a_store_of_real_pages_has_only_bounded_incidents(tmp_path, shared_dir, seed_path):
    import io

    db = tmp_path / "pages.duckdb"
    ingest([str(p) for p in _pages(shared_dir)[:PAGES]] + [str(seed_path)], db, stream=io.StringIO())
    with Store(db, read_only=True) as store:
        assert store.con.execute("SELECT count(*) FROM clusters").fetchone()[0] > 0
        assert out_of_bounds(store.con) == []
        for inc in list_incidents(store, limit=1000):
            shown = [t["date"] for t in inc["timeline"]]
            assert shown == sorted(shown)


AFG = ("Afghan soldiers", "AFG", "MIL")
USA = ("US officials", "USA", "GOV")
CHN = ("Chinese officials", "CHN", "GOV")


def test_an_actor_shared_across_countries_does_not_chain_coarsely_placed_stories(db):
    """Trade talks in China, a trial in the US, a strike in Afghanistan, all with US officials and
    a second shared actor, within ten days: placed only at country level, they stay apart."""
    a = make_article("https://www.reuters.com/1", "x", published="2021-07-20")
    b = make_article("https://www.bbc.com/2", "y", published="2021-07-22")
    c = make_article("https://www.dawn.com/3", "z", published="2021-07-24")
    from wirecoder.records import Location

    def country(code: str, lat: float, lon: float) -> Location:
        return Location(text=code, name=code, lat=lat, lon=lon, country=code, precision="country")

    talks = make_event(a, "US officials met Chinese officials in Beijing.", "CONSULT", actor=USA,
                       recipient=CHN, day="2021-07-19", place=None, trigger="met")
    talks.location = country("CHN", 35.0, 103.0)
    blame = make_event(b, "US officials accused Chinese officials.", "ACCUSE", actor=USA,
                       recipient=CHN, day="2021-07-21", place=None, trigger="accused")  # no place: the link
    kabul = make_event(c, "US officials and Chinese officials discussed Afghanistan.", "CONSULT",
                       actor=USA, recipient=CHN, day="2021-07-23", place=None, trigger="discussed")
    kabul.location = country("AFG", 33.0, 65.0)
    with Store(db) as store:
        store.add(a, [talks])
        store.add(b, [blame])
        store.add(c, [kabul])
        assert out_of_bounds(store.con) == []
        for inc in list_incidents(store):
            places = {t["place"] for t in inc["timeline"] if t["place"]}
            assert len(places) <= 1
        assert MAX_SPAN_DAYS == 30
