"""An undated report (its article has no publication date) that names a month and a day without a
year is no report of an event dated more than the slack away from that day of the year
(wirecoder.dedupe.month_days, month_days_apart)."""
from __future__ import annotations

from datetime import date

from wc_factories import make_article, make_event

from wirecoder import dedupe
from wirecoder.dedupe import ClusterRep, month_days, month_days_apart, pair_features
from wirecoder.store import Store


def _rep(article, **kw):
    base = dict(event_type="CONSULT", modality="asserted", actor_keys=["PER|GOV|"], article_id=article,
                articles={article})
    base.update(kw)
    return ClusterRep(**base)


def test_a_sentence_names_month_days_without_a_year():
    assert month_days("The envoys will meet again on Thursday, March 14, in the capital.") == {(3, 14)}
    assert month_days("Both delegations arrived on 2 April and left on Oct. 9.") == {(4, 2), (10, 9)}
    # a weekday, a relative day or a date with its year is no month-day without a year
    assert month_days("The envoys met on Thursday and again yesterday.") == frozenset()
    assert month_days("The envoys met on March 14, 2019.") == frozenset()
    assert month_days(None) == frozenset()
    # with a trigger: the day the date resolver gives that event, not another verb's or a comparison's
    told = "The swap, the largest since Sept. 21, took place at the border crossing, officials said."
    assert month_days(told) == {(9, 21)} and month_days(told, told.find("swap")) == frozenset()
    planned = "The two sides will resume the talks on Thursday, March 14, the mediators said."
    assert month_days(planned, planned.find("talks")) == {(3, 14)}


def test_an_undated_report_naming_another_day_of_the_year_is_another_event():
    undated = _rep("b", month_days=frozenset({(3, 14)}))
    four_days_before = _rep("a", date_lo=date(2023, 3, 10), date_hi=date(2023, 3, 10))
    assert month_days_apart(undated, four_days_before) and month_days_apart(four_days_before, undated)
    assert pair_features(undated, four_days_before) is None
    # within the slack, in any year: no evidence against it
    day_before = _rep("a", date_lo=date(2016, 3, 13), date_hi=date(2016, 3, 13))
    assert not month_days_apart(undated, day_before) and pair_features(undated, day_before) is not None
    # the turn of the year is two days like any other
    assert not month_days_apart(_rep("b", month_days=frozenset({(12, 31)})),
                                _rep("a", date_lo=date(2024, 1, 1), date_hi=date(2024, 1, 1)))
    # another undated report: its own month-days
    assert month_days_apart(undated, _rep("a", month_days=frozenset({(5, 2)})))
    assert not month_days_apart(undated, _rep("a", month_days=frozenset({(3, 15)})))
    # no month-day on either side, or a window wider than a week: nothing said
    assert not month_days_apart(undated, _rep("a"))
    assert not month_days_apart(_rep("b"), four_days_before)
    assert not month_days_apart(undated, _rep("a", date_lo=date(2023, 1, 1), date_hi=date(2023, 3, 31)))


def test_the_store_keeps_an_undated_report_of_another_day_apart(db):
    first = "Government envoys and the rebels opened peace talks in the border town on Friday."
    dated = make_article("https://example.org/a", first, published="2023-03-11")
    opened = make_event(dated, first, "CONSULT", actor=("Government envoys", "PER", "GOV"), recipient=None,
                        day="2023-03-10", place=None, trigger="talks")
    later = ("Government envoys and the rebels will hold peace talks in the border town on Thursday, "
             "March 14.")
    undated = make_article("https://example.org/b", later, published=None)
    planned = make_event(undated, later, "CONSULT", actor=("Government envoys", "PER", "GOV"), recipient=None,
                         day=None, place=None, trigger="talks")
    with Store(db) as store:
        store.add(dated, [opened])
        store.add(undated, [planned])
        clusters = dict(store.con.execute("SELECT id, cluster_id FROM events").fetchall())
        assert clusters[planned.id] != clusters[opened.id]
    # the same words without the day: nothing tells them apart, and it joins
    bare_text = later.replace(" on Thursday, March 14", "")
    bare = make_article("https://example.org/c", bare_text, published=None)
    plain = make_event(bare, bare_text, "CONSULT", actor=("Government envoys", "PER", "GOV"), recipient=None,
                       day=None, place=None, trigger="talks")
    with Store(db.parent / "other.duckdb") as store:
        store.add(dated, [opened])
        store.add(bare, [plain])
        clusters = dict(store.con.execute("SELECT id, cluster_id FROM events").fetchall())
        assert dedupe.model() is not None and clusters[plain.id] == clusters[opened.id]
