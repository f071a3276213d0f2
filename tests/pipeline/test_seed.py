"""The seed article, event by event: the behaviour a user of wirecoder expects on its reference input.

The seed (../shared/samples/chitral-border-refuge.txt) is read where it lies; nothing of it is
copied here. Assertions name what a reader finds in it, not the sentences.
"""
from __future__ import annotations

import pytest
from wc_helpers import codes

import wirecoder
from wirecoder.ingest import iter_articles
from wirecoder.pipeline import process_article
from wirecoder.records import Article


@pytest.fixture(scope="module")
def seed(seed_path):
    [article] = [a for a in iter_articles([str(seed_path)], date="2021-07-26") if isinstance(a, Article)]
    cleaned, events = process_article(article)
    return cleaned, events


def test_posts_captured_by_the_taliban(seed):
    _, events = seed
    seized = [e for e in events if e.event_type == "COERCE" and e.mode == "seize"]
    # the take-over of the border post and the capture of the posts: one event told twice
    assert len(seized) == 1 and len(seized[0].mentions) >= 2
    assert {"took", "captured"} <= {m.trigger for m in seized[0].mentions}
    for e in seized:
        assert ("AFG", "REB") in codes(e.actor)
        assert e.modality == "asserted"
        assert "military" in e.context
    # "their posts were captured": the posts were the Afghan soldiers', not the Taliban's
    assert any(("AFG", "MIL") in codes(e.recipient) for e in seized)


def test_46_soldiers_cross_into_pakistan(seed):
    _, events = seed
    fled = [e for e in events if e.event_type == "RETREAT" and e.size and e.size.people == 46]
    assert fled, "46 members of the Afghan army fled to Pakistan"
    e = fled[0]
    assert codes(e.actor) == {("AFG", "MIL")}
    assert e.size.qualifier == "exact"
    assert e.location is not None and e.location.country == "PAK"


def test_commander_requests_shelter_from_pakistani_military(seed):
    _, events = seed
    req = [e for e in events if e.event_type == "REQUEST" and ("PAK", "MIL") in codes(e.recipient)
           and e.date and e.date.precision == "day" and e.date.value == "2021-07-25"]
    assert req, "the ANA commander asked the Pakistani military for shelter on Sunday"
    e = req[0]
    assert ("AFG", "MIL") in codes(e.actor)
    assert e.mode == "assist"
    assert e.location is not None
    assert e.location.country == "PAK" and e.location.precision == "district"
    assert "Chitr" in (e.location.name or "")
    assert e.location.lat is not None and e.location.geonameid is not None
    assert e.source and "Pakistan" in e.source   # "..., the military said"


def test_pakistan_gives_shelter_food_and_medical_care(seed):
    _, events = seed
    aid = [e for e in events if e.event_type == "AID"]
    # shelter and safe passage (asylum), food and medical care (humanitarian): the help the host
    # gave, one event told in two sentences
    sentences = " ".join(m.sentence for e in aid for m in e.mentions)
    assert "shelter and safe passage" in sentences and "food, shelter and necessary medical care" in sentences
    assert {e.mode for e in aid} & {"asylum", "humanitarian"}
    for e in aid:
        assert ("AFG", "MIL") in codes(e.recipient)
    assert any(("PAK", "GOV") in codes(e.actor) or ("PAK", "MIL") in codes(e.actor) for e in aid)


def test_pakistani_army_contacts_afghan_authorities(seed):
    _, events = seed
    [e] = [e for e in events if e.event_type == "CONSULT"]
    assert codes(e.actor) == {("PAK", "MIL")}
    assert codes(e.recipient) == {("AFG", "GOV")}
    assert e.quad_class == 1 and e.cameo_root == "04"


def test_planned_return_is_future(seed):
    _, events = seed
    ret = [e for e in events if e.event_type == "RETREAT" and e.trigger == "returned"]
    assert ret and ret[0].modality == "future"
    assert ("AFG", "GOV") in codes(ret[0].recipient)


def test_35_soldiers_on_july_1(seed):
    _, events = seed
    e = [e for e in events if e.size and e.size.people == 35]
    assert e, "at least 35 Afghan soldiers asked for shelter on July 1"
    e = e[0]
    assert e.event_type == "REQUEST"
    assert e.size.qualifier == "at_least"
    assert e.date.value == "2021-07-01" and e.date.precision == "day"
    # the same soldiers were then allowed in and handed over: "they" is the 35, not the military
    later = [x for x in events if x.event_type == "RETREAT" and x.date and x.date.value == "2021-07-01"]
    assert later and all(("AFG", "MIL") in codes(x.recipient) for x in later)


def test_more_than_1000_into_tajikistan(seed):
    _, events = seed
    e = [e for e in events if e.size and e.size.people == 1000]
    assert e
    e = e[0]
    assert e.size.qualifier == "more_than"
    assert {c for c, _ in codes(e.actor)} == {"AFG"}
    assert e.location is not None and e.location.country == "TJK"
    assert e.date.value == "2021-07" and e.date.precision == "month"


def test_hundreds_of_soldiers_seek_refuge(seed):
    _, events = seed
    e = [e for e in events if e.size and e.size.people == 100]
    assert e and e[0].size.qualifier == "about"


def test_tajikistan_vigilance_and_russian_support(seed):
    _, events = seed
    assert any(e.event_type == "MOBILIZE" and codes(e.actor) == {("TJK", "GOV")} for e in events)
    # "Russia supports Tajikistan in this vigil. Russian tanks patrol Tajik territory ...": standing
    # states told in the simple present, not events (generic statements are not coded)
    assert not any(e.sentence.startswith(("Russia supports", "Russian tanks patrol")) for e in events)
    from wirecoder.pipeline import PipelineOptions
    (sup,) = wirecoder.extract("After that, Russia supported Tajikistan in this vigil.", date="2021-07-26",
                               options=PipelineOptions(geocode=False))
    assert sup.event_type == "SUPPORT" and codes(sup.actor) == {("RUS", "GOV")} and codes(sup.recipient) == {("TJK", "GOV")}


def test_us_withdrawal_is_announced_future(seed):
    _, events = seed
    w = [e for e in events if e.event_type == "RETREAT" and ("USA", "GOV") in codes(e.actor)]
    assert w and w[0].modality == "future"
    assert w[0].date is not None and w[0].date.value == "2021-09"


def test_taliban_attacks_on_afghan_forces(seed):
    _, events = seed
    a = [e for e in events if e.event_type == "ASSAULT" and ("AFG", "MIL") in codes(e.recipient)]
    assert a and ("AFG", "REB") in codes(a[0].actor)


def test_no_event_from_headlines_or_footer(seed):
    article, events = seed
    paragraphs = [(s, e) for s, e, kind in article.blocks if kind == "paragraph"]
    for ev in events:
        assert any(s <= ev.span[0] and ev.span[1] <= e for s, e in paragraphs), ev.sentence
    dropped = " ".join(article.dropped_lines)
    for ev in events:
        assert ev.sentence not in dropped


def test_spans_and_source_spans_point_at_the_sentence(seed, seed_path):
    article, events = seed
    raw = seed_path.read_text(encoding="utf-8")
    for ev in events:
        assert article.text[ev.span[0]:ev.span[1]] in ev.sentence
        assert ev.source_span is not None
        s, e = ev.source_span
        assert raw[s:e].split() == article.text[ev.span[0]:ev.span[1]].split()


def test_every_event_is_dated_and_ids_are_stable(seed, seed_path):
    article, events = seed
    # a plan the text gives no time for ("will be returned ... after due process") stays undated, noted
    assert all(e.date is not None or (e.modality == "future" and "plan" in (e.note("date") or "")) for e in events)
    [again] = [a for a in iter_articles([str(seed_path)], date="2021-07-26") if isinstance(a, Article)]
    _, events2 = process_article(again)
    assert [e.id for e in events] == [e.id for e in events2]
    assert len({e.id for e in events}) == len(events)
