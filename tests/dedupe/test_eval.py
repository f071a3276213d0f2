"""The ECB+ loader and the clustering scorers."""
from __future__ import annotations

import pytest

from wirecoder.eval.dedupe import bcubed, default_gold, load_gold, pairwise


def test_scorers_on_a_known_partition():
    gold = {1: "a", 2: "a", 3: "b", 4: "b"}
    assert pairwise(gold, gold)["f1"] == 1.0 and bcubed(gold, gold)["f1"] == 1.0
    pred = {1: "x", 2: "x", 3: "x", 4: "y"}
    pw = pairwise(gold, pred)
    assert pw["p"] == pytest.approx(1 / 3) and pw["r"] == pytest.approx(1 / 2)
    b3 = bcubed(gold, pred)
    assert b3["p"] == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4)
    assert b3["r"] == pytest.approx((1 + 1 + 1 / 2 + 1 / 2) / 4)


@pytest.mark.skipif(not (default_gold() / "ECB+").is_dir(), reason="ECB+ gold not present")
def test_gold_loader_reads_chains_across_documents():
    docs = load_gold(default_gold(), limit=1)
    assert len(docs) > 10 and all(d.topic == docs[0].topic for d in docs)
    mentions = [m for d in docs for m in d.mentions]
    chains = {}
    for m in mentions:
        chains.setdefault(m.chain, set()).add(m.doc)
    assert any(len(v) > 1 for v in chains.values()), "some chain spans several documents"
    text, spans = docs[0].text()
    m = docs[0].mentions[0]
    a, b = spans[m.tokens[0]]
    assert text[a:b] == m.text.split()[0]
