"""Dedupe blocks: the key, and clustering inside a block that does not depend on input order."""
from __future__ import annotations

import random

import pytest

from wirecoder.engines.blocks import block_key, cluster_block, dedupe_row


def _event(eid: str, article: str, sentence: str, day: str, country: str = "AFG", etype: str = "ASSAULT") -> dict:
    return {"id": eid, "article_id": article, "event_type": etype, "mode": None, "context": [], "quad_class": 4,
            "cameo_root": "19", "modality": "asserted",
            "actor": [{"text": "Taliban", "name": "Taliban", "country": country, "sector": "REB"}],
            "recipient": [{"text": "police", "name": None, "country": country, "sector": "COP"}],
            "date": {"value": day, "precision": "day", "text": "Sunday"},
            "location": {"text": "Kunduz", "name": "Kunduz", "geonameid": 1135689, "lat": 36.73, "lon": 68.86,
                         "country": country, "admin1": "Kunduz", "admin2": None, "precision": "province"},
            "size": {"people": None, "qualifier": None, "text": None, "dead": 4, "injured": None, "arrested": None},
            "sentence": sentence, "span": [0, len(sentence)], "confidence": 0.9, "trigger": "attacked",
            "source_span": None, "source": None, "acled_type": None, "acled_subtype": None}


def _article(aid: str, site: str) -> dict:
    return {"id": aid, "url": f"https://{site}/x", "title": None, "published": "2021-07-26", "site": site,
            "language": "en", "source": f"{aid}.html"}


@pytest.mark.parametrize("date,published,week", [
    ({"value": "2021-07-25", "precision": "day"}, None, "2021-W29"),      # a Sunday ends ISO week 29
    ({"value": "2021-07-26", "precision": "day"}, None, "2021-W30"),
    ({"value": "2021-07", "precision": "month"}, None, "2021-W26"),       # start of the window: 1 July
    (None, "2021-07-29", "2021-W30"),                                     # publication: 3 days before
    (None, None, "undated"),
])
def test_block_key_week(date, published, week):
    ev = {"event_type": "PROTEST", "actor": [{"country": None}, {"country": "BGD"}], "date": date}
    assert block_key(ev, published) == f"PROTEST|BGD|{week}"


def test_block_key_without_actor_country():
    assert block_key({"event_type": "AID", "actor": [], "date": None}, None) == "AID|-|undated"


def test_same_incident_clusters_whatever_the_order():
    rows = [dedupe_row(_event("e1", "a1", "Taliban fighters attacked a police checkpoint in Kunduz, killing four.",
                              "2021-07-25"), _article("a1", "reuters.com")),
            dedupe_row(_event("e2", "a2", "Taliban insurgents stormed a police post in Kunduz and killed four policemen.",
                              "2021-07-25"), _article("a2", "dawn.com")),
            dedupe_row(_event("e3", "a3", "Gunmen attacked a wedding party in Herat, killing two.", "2021-07-20",
                              ), _article("a3", "bbc.co.uk"))]
    for r in rows[2:]:
        r["location"] = dict(r["location"], name="Herat", lat=34.35, lon=62.2, admin1="Herat")
        r["lat"], r["lon"] = 34.35, 62.2
    first = cluster_block("ASSAULT|AFG|2021-W29", rows)
    shuffled = rows[:]
    random.Random(7).shuffle(shuffled)
    assert cluster_block("ASSAULT|AFG|2021-W29", shuffled) == first
    members = sorted(sorted(c["event_ids"]) for c in first)
    assert members == [["e1", "e2"], ["e3"]]
    kunduz = next(c for c in first if len(c["event_ids"]) == 2)
    assert kunduz["num_articles"] == 2 and kunduz["num_sources"] == 2
    assert kunduz["size"]["dead"] == 4 and kunduz["block"] == "ASSAULT|AFG|2021-W29"
