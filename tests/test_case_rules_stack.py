"""The rules' answer as features of scripts/case_rules_stack.py (fixed columns, no vocabulary)."""
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
import case_rules_stack as S  # noqa: E402


def ev(sub, conf, typ="ASSAULT"):
    return SimpleNamespace(acled_subtype=sub, confidence=conf, event_type=typ)


def test_rule_features_best_and_all():
    events = [[ev("Armed clash", 0.4), ev("Air/drone strike", 0.9)], [], [ev(None, 0.7, "PROTEST")]]
    best = S.rule_features(events, "best")
    subs = sorted(set(S.ev_eval.CASE_ACLED.values()))
    assert best.shape == (3, len(subs) + 2)
    assert best[0, subs.index("Air/drone strike")] == 1 and best[0, -1] == np.float32(0.9)
    assert best[0].sum() == np.float32(1.9)               # one sub-event and its confidence
    assert best[1, len(subs)] == 1 and best[2, len(subs)] == 1   # no sub-event: none
    full = S.rule_features(events, "all")
    assert full.shape[1] > best.shape[1] and np.array_equal(full[:, :best.shape[1]], best)
    assert full[0, len(subs) + 2 + subs.index("Armed clash")] == 1   # any sub-event of the snippet
    assert S.rule_features(events, "none").shape == (3, 0)
