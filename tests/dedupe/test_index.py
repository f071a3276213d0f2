"""The in-memory cluster index: rebuilt from the store on open, bounded, and exact after eviction."""
from __future__ import annotations

from wc_factories import add_interrupted, make_article, make_event

from wirecoder.store import Store


def _sizes(store):
    return sorted(r[0] for r in store.con.execute("SELECT num_articles FROM clusters").fetchall())


def test_reopened_store_finds_earlier_clusters(db):
    a = make_article("https://www.dawn.com/news/1", "x")
    b = make_article("https://www.reuters.com/world/2", "y")
    with Store(db) as store:
        store.add(a, [make_event(a, "46 Afghan soldiers fled to Pakistan.", people=46)])
    with Store(db) as store:  # a new process: the index is loaded from the clusters table
        store.add(b, [make_event(b, "Forty-six Afghan soldiers fled into Pakistan.", people=46)])
        assert _sizes(store) == [2]


def test_evicted_weeks_are_reloaded_for_late_reports(db):
    early = make_article("https://www.dawn.com/news/1", "x", published="2021-03-02")
    with Store(db) as store:
        store.add(early, [make_event(early, "46 Afghan soldiers fled to Pakistan.", day="2021-03-01")])
        index = store.cluster_index()
        index.max_weeks = 2
        for i in range(6):  # later news pushes March out of the index
            day = f"2021-{4 + i:02d}-10"
            art = make_article(f"https://www.dawn.com/news/{10 + i}", f"x{i}", published=day)
            store.add(art, [make_event(art, f"Talks number {i} were held.", "CONSULT", day=day)])
        assert len(index.weeks) <= 2 + 6  # the batch's own weeks plus the kept ones
        assert not any(r["event_type"] == "RETREAT" for r in index.reps.values())
        late = make_article("https://www.reuters.com/world/2", "y", published="2021-03-03")
        store.add(late, [make_event(late, "Forty-six Afghan soldiers fled into Pakistan.", day="2021-03-01")])
        assert store.con.execute("SELECT num_articles FROM clusters WHERE event_type = 'RETREAT'").fetchall() == [(2,)]


def test_rolled_back_batch_leaves_no_trace_in_the_index(db, monkeypatch):
    a = make_article("https://www.dawn.com/news/1", "x")
    b = make_article("https://www.reuters.com/world/2", "y")
    with Store(db) as store:
        add_interrupted(store, a, [make_event(a, "46 Afghan soldiers fled to Pakistan.")], monkeypatch)
        store.add(b, [make_event(b, "Forty-six Afghan soldiers fled into Pakistan.")])
        assert _sizes(store) == [1]  # the rolled-back cluster of `a` is not joined


def test_a_late_report_loads_its_own_weeks_not_the_gap(db):
    """A batch of today's news with one report of an incident two months old loads the weeks
    around each event, not every week in between (which would evict the stream's weeks)."""
    from wirecoder.dedupe import _weeks

    old = make_article("https://www.dawn.com/news/1", "x", published="2021-05-02")
    with Store(db) as store:
        store.add(old, [make_event(old, "46 Afghan soldiers fled to Pakistan.", day="2021-05-01")])
    with Store(db) as store:
        now = make_article("https://www.dawn.com/news/2", "y", published="2021-07-26")
        late = make_article("https://www.reuters.com/world/3", "z", published="2021-07-26")
        store.add_many([(now, [make_event(now, "Talks were held.", "CONSULT", day="2021-07-25")]),
                        (late, [make_event(late, "Forty-six Afghan soldiers fled into Pakistan.", day="2021-05-01")])])
        from datetime import date
        gap = set(_weeks(date(2021, 5, 20), date(2021, 7, 1)))
        assert not gap & set(store.cluster_index().weeks)
        assert store.con.execute("SELECT num_articles FROM clusters WHERE event_type = 'RETREAT'").fetchall() == [(2,)]


def test_a_vaguely_dated_report_is_not_merged_across_articles(db):
    """"Earlier this year" (a year window) says too little to be the same incident as a dated one."""
    a = make_article("https://www.dawn.com/news/1", "x")
    b = make_article("https://www.reuters.com/world/2", "y")
    with Store(db) as store:
        store.add(a, [make_event(a, "46 Afghan soldiers fled to Pakistan.", people=46)])
        store.add(b, [make_event(b, "46 Afghan soldiers fled to Pakistan.", people=46, day="2021", precision="year")])
        assert _sizes(store) == [1, 1]
        assert len(store.cluster_index().reps) == 1  # the vague cluster is not in the index


def test_a_past_event_recalled_in_year_dated_reports_is_one_cluster(db):
    """Outlets recalling a past event ("talks interrupted in 2018") date it to a year: such reports
    meet each other when their years meet (another process too), and an undated report of an
    undated article meets them; another year is another event."""
    kw = dict(event_type="SANCTION", actor=("Ivan Duque", "COL", "GOV"), recipient=("ELN", "COL", "REB"),
              place=None, day="2018", precision="year")
    a = make_article("https://www.reuters.com/world/1", "x", published=None)
    b = make_article("https://apnews.com/article/2", "y", published=None)
    c = make_article("https://www.dawn.com/news/3", "z", published=None)
    d = make_article("https://www.bbc.com/news/4", "w", published=None)
    with Store(db) as store:
        store.add(a, [make_event(a, "Talks were suspended in 2018 by Ivan Duque after the ELN attack.", **kw)])
    with Store(db) as store:  # a new process: the vague cluster is read from the store
        store.add(b, [make_event(b, "Ivan Duque suspended the talks with the ELN in 2018.", **kw)])
        store.add(c, [make_event(c, "Ivan Duque suspended the talks with the ELN.", **{**kw, "day": None})])
        store.add(d, [make_event(d, "Ivan Duque suspended the talks with the ELN in 2012.", **{**kw, "day": "2012"})])
        assert _sizes(store) == [1, 3]


def test_a_reloaded_cluster_has_the_members_it_had_in_memory(db):
    """Average link compares a report with each member: a cluster read back from the store
    (another process) must hold the same member reports as the one built in memory."""
    from wirecoder.store.clusters import ClusterIndex

    a = make_article("https://www.dawn.com/news/1", "x")
    b = make_article("https://www.reuters.com/world/2", "y")
    with Store(db) as store:
        store.add(a, [make_event(a, "46 Afghan soldiers fled to Pakistan.", people=46)])
        store.add(b, [make_event(b, "Forty-six Afghan soldiers fled into Pakistan.", people=46)])
        mem = next(r for r in store.cluster_index().reps.values() if r.n == 2)
        fresh = ClusterIndex(store.con)
        cid = mem.cluster_id
        fresh.ensure(mem.date_lo, mem.date_hi)
        got = fresh.reps[cid]
    keys = ("event_type", "modality", "date_lo", "date_hi", "country", "precision", "actor_keys", "counts", "modes",
            "articles", "lex")
    assert len(got.members) == len(mem.members) == 2
    for x, y in zip(got.members, mem.members):
        assert {k: getattr(x, k) for k in keys} == {k: getattr(y, k) for k in keys}
        assert abs(float(x.vec @ y.vec) - 1.0) < 1e-5


def test_members_are_read_whole_whether_dated_or_not(db):
    """Members are read within their dates when all are dated (so zone maps prune the scan),
    without that bound when one is undated: either way every member, in arrival order."""
    from wirecoder.store.clusters import read_members

    a = make_article("https://www.dawn.com/news/1", "x", published="2021-07-26")
    b = make_article("https://www.reuters.com/world/2", "y", published="2021-07-27")
    c = make_article("https://www.bbc.com/news/3", "z", published="2021-09-01")
    with Store(db) as store:
        store.add(a, [make_event(a, "46 Afghan soldiers fled to Pakistan.", people=46)])
        store.add(b, [make_event(b, "Forty-six Afghan soldiers fled into Pakistan.", people=46)])
        store.add(c, [make_event(c, "Talks were held in Kabul.", "CONSULT", day="2021-08-30", place="kabul")])
        store.con.execute("UPDATE events SET date_lo = NULL, date_hi = NULL WHERE article_id = ?", [b.id])
        ids = [r[0] for r in store.con.execute("SELECT DISTINCT cluster_id FROM events").fetchall()]
        want = store.con.execute("SELECT id, cluster_id FROM events ORDER BY rowid").fetchall()
        names, rows = read_members(store.con, "id, cluster_id", ids, in_arrival_order=True)
        assert names == ["id", "cluster_id"] and rows == want
        dated = [cid for i, cid in want if i != want[0][0] and cid != want[0][1]]
        names, rows = read_members(store.con, "*", dated)
        assert [dict(zip(names, r))["cluster_id"] for r in rows] == dated
