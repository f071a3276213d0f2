"""An undated report of an article without a publication date is no report of an event its
article's own dated events come after (wirecoder.dedupe.article_bound, ends_before)."""
from __future__ import annotations

from datetime import date

from wc_factories import make_article, make_event

from wirecoder import dedupe
from wirecoder.dedupe import ClusterRep, article_bound, ends_before, pair_features
from wirecoder.store import Store


def _rep(article, **kw):
    base = dict(event_type="CONSULT", modality="asserted", actor_keys=["COL|GOV|"], article_id=article,
                articles={article})
    base.update(kw)
    return ClusterRep(**base)


def test_an_article_is_written_after_the_latest_event_it_tells_as_done():
    a = make_article("https://example.org/talks", "x", published=None)
    done = make_event(a, "The army and the rebels last met at a lakeside hotel in 2017.", "CONSULT",
                      day="2017", precision="year")
    later = make_event(a, "Both sides fell out over a hostage case in March 2019.", "ACCUSE",
                       day="2019-03", precision="month", idx=1)
    planned = make_event(a, "A new round is due in 2031.", "CONSULT", day="2031", precision="year",
                         modality="future", idx=2)
    undated = make_event(a, "The two delegations sat down again.", "CONSULT", day=None, idx=3)
    # the latest window's start among events told as having happened; a plan is no bound
    assert article_bound([done, later, planned, undated]) == date(2019, 3, 1)
    assert article_bound([undated, planned]) is None


def test_an_undated_report_is_not_one_of_a_year_its_article_has_left_behind():
    undated = _rep("b", not_before=date(2019, 1, 1))
    old = _rep("a", vague=(date(1993, 1, 1), date(1993, 12, 31)))  # "talks in 1993", kept aside as vague
    assert ends_before(undated, old) and ends_before(old, undated)
    assert pair_features(undated, old) is None  # its window [2019-01-01, ...) and 1993 are years apart
    recent = _rep("a", date_lo=date(2022, 5, 3), date_hi=date(2022, 5, 3))
    assert not ends_before(undated, recent) and pair_features(undated, recent) is not None
    # the bound speaks for an undated event only: a dated one has its own window
    dated = _rep("b", date_lo=date(2022, 5, 3), date_hi=date(2022, 5, 3), not_before=date(2019, 1, 1))
    assert not ends_before(dated, old)
    # without a bound (its article dates nothing), no evidence either way: it may still meet it
    assert not ends_before(_rep("b"), old) and pair_features(_rep("b"), old) is not None


def test_the_store_keeps_the_bound_and_an_undated_report_stays_apart(db):
    lede = "Government envoys and the guerrilla met for peace talks in a Mexican town in 1993."
    old = make_article("https://example.org/a", lede, published="2022-06-01")
    news = ("Government envoys and the guerrilla met for peace talks in a Mexican town. "
            "The previous round broke down in 2018 over a kidnapping.")
    new = make_article("https://example.org/b", news, published=None)
    recalled = make_event(old, lede, "CONSULT", actor=("Government envoys", "COL", "GOV"), recipient=None,
                          day="1993", precision="year", place=None, trigger="talks")
    told = make_event(new, news.split(". ")[0] + ".", "CONSULT", actor=("Government envoys", "COL", "GOV"),
                      recipient=None, day=None, place=None, trigger="talks")
    broke = make_event(new, news.split(". ")[1], "SANCTION", actor=("Government envoys", "COL", "GOV"),
                       recipient=None, day="2018", precision="year", place=None, trigger="broke", idx=1)
    with Store(db) as store:
        store.add(old, [recalled])
        store.add(new, [told, broke])
        got = dict(store.con.execute("SELECT id, not_before FROM events").fetchall())
        assert got[told.id] == date(2018, 1, 1) and got[recalled.id] is None and got[broke.id] is None
        clusters = dict(store.con.execute("SELECT id, cluster_id FROM events").fetchall())
        assert clusters[told.id] != clusters[recalled.id]
    # the same report from an article that dates nothing joins the recalled talks: same words,
    # actors and type, and no date to tell them apart
    bare = make_article("https://example.org/c", news.split(". ")[0] + ".", published=None)
    again = make_event(bare, news.split(". ")[0] + ".", "CONSULT", actor=("Government envoys", "COL", "GOV"),
                       recipient=None, day=None, place=None, trigger="talks")
    with Store(db.parent / "other.duckdb") as store:
        store.add(old, [recalled])
        store.add(bare, [again])
        clusters = dict(store.con.execute("SELECT id, cluster_id FROM events").fetchall())
        assert dedupe.model() is not None and clusters[again.id] == clusters[recalled.id]
