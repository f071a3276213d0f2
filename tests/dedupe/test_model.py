"""The fitted same-event model: its evidence features and its data file."""
from __future__ import annotations

import json
from datetime import date

import pytest

from wirecoder import dedupe
from wirecoder.dedupe import FEATURES, ClusterRep, count_agreement, load_model, pair_features
from wirecoder.errors import DataFileError


def _rep(**kw):
    base = dict(event_type="RETREAT", modality="asserted", date_lo=date(2021, 7, 25), date_hi=date(2021, 7, 25),
                actor_keys=["AFG|MIL|"], article_id="a")
    base.update(kw)
    return ClusterRep(**base)


def test_counts_are_evidence_not_a_veto():
    assert count_agreement([46], [50]) == pytest.approx(0.92)
    assert count_agreement([300], [1037]) < 0.5
    assert count_agreement([], [50]) is None
    near = pair_features(_rep(counts=[46]), _rep(counts=[50], article_id="b", articles={"b"}))
    far = pair_features(_rep(counts=[300]), _rep(counts=[1037], article_id="b", articles={"b"}))
    assert near is not None and far is not None  # neither is vetoed
    f = FEATURES.index
    assert near[f("counts_far")] == 0 and far[f("counts_far")] == 1


def test_day_precise_dates_apart_and_same_article_are_features():
    a = _rep(articles={"a"})
    b = _rep(date_lo=date(2021, 7, 26), date_hi=date(2021, 7, 26), article_id="b", articles={"b"})
    x = pair_features(a, b)
    assert x[FEATURES.index("day_apart")] == 1
    assert pair_features(a, _rep(articles={"a"}))[FEATURES.index("same_article")] == 1
    assert pair_features(a, _rep(date_lo=date(2021, 7, 1), date_hi=date(2021, 7, 1))) is None  # 24 days apart


def test_the_packaged_model_loads_and_prefers_agreeing_reports():
    m = load_model()
    assert m is not None and len(m.weights) == len(FEATURES) and 0 < m.threshold < 1
    lex = [dedupe.lexical_features("46 Afghan soldiers fled to Chitral on Sunday.", "fled")]
    same = pair_features(_rep(lex=lex, articles={"a"}), _rep(lex=lex, article_id="b", articles={"b"}))
    other = pair_features(_rep(lex=lex, articles={"a"}), _rep(
        lex=[dedupe.lexical_features("Refugees returned home from Iran.", "returned")], article_id="b",
        articles={"b"}, actor_keys=["IRN|REF|"]))
    assert m.prob(same) > m.threshold > m.prob(other)


def test_a_bad_model_file_is_one_line(tmp_path):
    bad = tmp_path / "m.json"
    bad.write_text(json.dumps({"features": ["bias"], "weights": [1.0], "threshold": 0.5}))
    with pytest.raises(DataFileError, match="refit") as err:
        load_model(str(bad))
    assert "\n" not in str(err.value)
    bad.write_text("{")
    with pytest.raises(DataFileError, match="not a dedupe model"):
        load_model(str(bad))
