"""The merged record of a cluster shows its most specific report."""
from __future__ import annotations

from datetime import date

from wirecoder.dedupe import merge


def _row(article: str, sentence: str, confidence: float, **kw):
    row = {"id": f"{article}-e", "article_id": article, "event_type": "RETREAT", "mode": None,
           "modality": "asserted", "sentence": sentence, "confidence": confidence, "actor": [],
           "recipient": [], "date": None, "location": None, "size": None, "date_lo": date(2021, 7, 25),
           "date_hi": date(2021, 7, 25), "countries": [], "sectors": [], "site": article, "published": "2021-07-26"}
    row.update(kw)
    return row


def test_the_most_specific_report_gives_the_sentence_not_the_most_confident():
    generic = _row("a", "Many soldiers have surrendered.", 0.95)
    specific = _row("b", "46 Afghan soldiers crossed into Chitral on Sunday.", 0.7,
                    size={"people": 46, "qualifier": "exact", "text": "46", "dead": None, "injured": None,
                          "arrested": None},
                    date={"value": "2021-07-25", "precision": "day", "text": "Sunday"},
                    actor=[{"text": "Afghan soldiers", "name": "Afghan soldiers", "country": "AFG", "sector": "MIL"}])
    rec = merge([generic, specific])
    assert rec.sentence == specific["sentence"]
    assert rec.size["people"] == 46 and rec.date["precision"] == "day" and rec.num_articles == 2
