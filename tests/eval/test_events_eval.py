"""wirecoder.eval.events: metrics, format detection and bad input, on files written by the tests."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from wirecoder.errors import InputError
from wirecoder.eval import events as ev

SHARED = Path(os.environ.get("WIRECODER_SHARED", Path(__file__).resolve().parents[2] / ".." / "shared"))


def test_prf_macro_and_micro():
    pairs = [("A", "A"), ("A", "B"), ("B", "B"), ("B", "none"), ("none", "A")]
    r = ev.prf(pairs, ["A", "B"])
    assert r["per_class"]["A"]["p"] == pytest.approx(0.5) and r["per_class"]["A"]["r"] == pytest.approx(0.5)
    assert r["per_class"]["B"]["p"] == pytest.approx(0.5) and r["per_class"]["B"]["r"] == pytest.approx(0.5)
    assert r["macro_f1"] == pytest.approx(0.5)
    assert r["micro_p"] == pytest.approx(0.5) and r["micro_r"] == pytest.approx(0.5)


def test_weighted_f1_weighs_classes_by_gold_support():
    pairs = [("A", "A"), ("A", "A"), ("A", "A"), ("B", "A")]
    r = ev.prf(pairs, ["A", "B"])
    f_a = 2 * 0.75 * 1.0 / 1.75
    assert r["macro_f1"] == pytest.approx(f_a / 2)
    assert r["weighted_f1"] == pytest.approx(f_a * 3 / 4)


def test_case_file_found_by_content_whatever_its_name(tmp_path):
    test_file = tmp_path / "case2021-task2" / "test_subtask2.tsv"   # e.g. the official test release
    test_file.parent.mkdir()
    test_file.write_text("id\tEventSnippet\tSubType\n1\tPolice arrested two men in Lagos.\tARREST\n",
                         encoding="utf-8")
    assert [n for n, _p, _f in ev.find_sets(test_file)] == ["case2021-task2"]
    assert [(n, p.name) for n, p, _f in ev.find_sets(tmp_path)] == [("case2021-task2", "test_subtask2.tsv")]
    other = tmp_path / "notes.tsv"
    other.write_text("a\tb\tc\n", encoding="utf-8")
    assert ev.find_sets(other) == []


def test_ece_perfect_and_overconfident():
    assert ev.ece([(1.0, True), (0.0, False)])["ece"] == pytest.approx(0.0)
    assert ev.ece([(0.9, False), (0.9, False)])["ece"] == pytest.approx(0.9)


def test_find_sets_by_file_folder_and_parent(tmp_path):
    (tmp_path / "cameo-sentences").mkdir()
    f = tmp_path / "cameo-sentences" / ev.QUAD_FILE
    f.write_text("Police arrested two men.\t4\n", encoding="utf-8")
    assert [n for n, _p, _f in ev.find_sets(tmp_path)] == ["cameo-sentences"]
    assert [n for n, _p, _f in ev.find_sets(f.parent)] == ["cameo-sentences"]
    assert [n for n, _p, _f in ev.find_sets(f)] == ["cameo-sentences"]


def test_quad_run_on_a_tiny_set(tmp_path):
    (tmp_path / ev.QUAD_FILE).write_text(
        "Police arrested two men in Lagos.\t4\nThe weather was mild on Sunday.\t0\n", encoding="utf-8")
    r = ev.run(tmp_path)["cameo-sentences"]
    assert r["sentences"] == 2 and r["accuracy"] == pytest.approx(1.0)
    assert "CAMEO quad classes" in ev.format_table({"cameo-sentences": r})


def test_plover_records_map_v05_names(tmp_path):
    recs = [{"id": "x1", "event": "DOCUMENT"},
            {"id": "x2", "event": "FIGHT", "mode": "firearms", "date": "2000-01-01",
             "text": "Israeli troops clashed with Hezbollah fighters in southern Lebanon.",
             "source": [{"code": "ISR", "sector": "MIL"}], "target": [{"code": "LBN", "sector": "REB"}]}]
    (tmp_path / ev.PLOVER_FILE).write_text(json.dumps(recs), encoding="utf-8")
    r = ev.run(tmp_path)["plover-gsr"]
    assert r["records"] == 1
    assert r["per_class"]["ASSAULT"]["r"] == pytest.approx(1.0)
    assert r["actor_country"] == pytest.approx(1.0)


def test_bad_inputs_name_the_file(tmp_path):
    with pytest.raises(InputError, match="no event gold"):
        ev.run(tmp_path)
    (tmp_path / ev.PLOVER_FILE).write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="not JSON"):
        ev.run(tmp_path)
    (tmp_path / ev.PLOVER_FILE).unlink()
    (tmp_path / ev.CASE_FILE).write_text("id\tEventSnippet\tSubType\n1\tsome text\tNOT_A_TYPE\n", encoding="utf-8")
    with pytest.raises(InputError, match="NOT_A_TYPE"):
        ev.run(tmp_path)


@pytest.mark.skipif(not (SHARED / "gold" / "case2021-task2" / ev.CASE_FILE).exists(), reason="gold data absent")
def test_case_floor_on_a_sample():
    r = ev.run(SHARED / "gold" / "case2021-task2", limit=150)["case2021-task2"]
    assert r["accuracy"] >= 0.45     # 0.61 on the full set; a floor, lowering it is a deliberate act
