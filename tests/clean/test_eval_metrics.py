"""Scoring of wirecoder.eval.clean follows the article-extraction benchmark's definitions."""
from __future__ import annotations

import pytest

from wirecoder.eval.clean import aggregate, format_table, match_counts, run

from .conftest import shared_dir

GOLD = shared_dir() / "gold" / "article-extraction"


def test_identical_text_scores_one():
    tp, fp, fn = match_counts("one two three four five", "one two three four five")
    assert (tp, fp, fn) == (1.0, 0.0, 0.0)


def test_extra_text_lowers_precision_only():
    tp, fp, fn = match_counts("a b c d e", "a b c d e f g")
    assert fn == 0 and fp > 0
    m = aggregate([(tp, fp, fn)])
    assert m["recall"] == 1.0 and m["precision"] < 1.0


def test_empty_prediction_counts_as_zero_recall_and_no_precision():
    m = aggregate([match_counts("a b c d e", ""), match_counts("a b c d", "a b c d")])
    assert m["recall"] == 0.5 and m["precision"] == 1.0


@pytest.mark.skipif(not (GOLD / "ground-truth.json").is_file(), reason="gold not available")
def test_run_on_a_few_pages():
    res = run(GOLD, limit=3)
    assert res["pages"] == 3
    assert set(res["systems"]) == {"wirecoder", "trafilatura"}
    assert "| wirecoder |" in format_table(res)
