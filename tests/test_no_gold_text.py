"""No test text copies a gold set's sentence (the ground rule on ../shared/).

The texts under ``../shared/gold`` belong to others: tests read them there and never copy them.
``scripts/gold_overlap.py`` flags every line sharing a run of 7 lowercase alphanumeric words with
any gold text; this test runs it over ``tests/`` and lists the offending lines.  Write a sentence
for the test instead (other names, places, numbers and wording, the same construction).
"""
from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GOLD = Path(os.environ.get("WIRECODER_SHARED", ROOT.parent / "shared")) / "gold"


def _checker():
    spec = importlib.util.spec_from_file_location("gold_overlap", ROOT / "scripts" / "gold_overlap.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_no_test_line_shares_a_seven_word_run_with_a_gold_text():
    if not GOLD.is_dir():
        pytest.skip(f"gold sets not found at {GOLD}: nothing to compare the tests with")
    go = _checker()
    shingles = go.gold_shingles(GOLD, go.N_DEFAULT)          # built once, for every file below
    assert shingles, f"no gold text read under {GOLD}"
    found = [f"{f.relative_to(ROOT)}:{no}: {line.strip()}   [shared: {run}]"
             for f in go.scan_files([ROOT / "tests"])
             for no, line, run in go.flagged_lines(f, shingles, go.N_DEFAULT)]
    assert not found, "test lines copying gold text (write sentences for the tests):\n" + "\n".join(found)


def test_the_checker_flags_a_copied_run_and_spares_a_sentence_of_its_own(tmp_path):
    go = _checker()
    gold = tmp_path / "gold" / "article-events"
    gold.mkdir(parents=True)
    (gold / "articles.jsonl").write_text(
        '{"text": "Harbour pilots in Port Vell walked off the job over unpaid night shifts.", '
        '"events": [{"evidence": ["The strike closed the container terminal for two whole days."]}]}\n',
        encoding="utf-8")
    shingles = go.gold_shingles(tmp_path / "gold", 7)
    sample = tmp_path / "test_x.py"
    sample.write_text('a = "Pilots walked off the job over unpaid night shifts, said one."\n'
                      'b = ("The strike closed the container "\n'
                      '     "terminal for a week.")\n'
                      'c = "Dock workers in Valletta stopped work over pay."\n', encoding="utf-8")
    flagged = [no for no, _, _ in go.flagged_lines(sample, shingles, 7)]
    # a copied run is flagged (case and punctuation aside), also when split over two lines
    assert flagged == [1, 2, 3]
