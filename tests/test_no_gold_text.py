"""No repository text copies a gold set's sentence (the ground rule on ../shared/).

The texts under ``../shared/gold`` belong to others: tests and evals read them there and never copy
them.  ``scripts/gold_overlap.py`` flags every line sharing a run of 7 lowercase alphanumeric words
with any gold text; this test runs it over its default paths (``README.md``, ``tests/``,
``benchmarks/``, ``scripts/``, ``wirecoder/`` with code, comments and docstrings) less the files of
``scripts/gold_overlap_allow.txt`` (lists of official names and aliases, not sentences) and lists
the offending lines.  Write your own example instead (other names, places, numbers and wording, the
same construction).
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


def test_no_repository_line_shares_a_seven_word_run_with_a_gold_text():
    if not GOLD.is_dir():
        pytest.skip(f"gold sets not found at {GOLD}: nothing to compare the repository with")
    go = _checker()
    shingles = go.gold_shingles(GOLD, go.N_DEFAULT)          # built once, for every file below
    assert shingles, f"no gold text read under {GOLD}"
    paths = [ROOT / p for p in go.DEFAULT_PATHS]
    files = go.scan_files(paths)
    assert ROOT / "README.md" in files and ROOT / "wirecoder" / "assemble.py" in files
    found = [f"{f.relative_to(ROOT)}:{no}: {line.strip()}   [shared: {run}]"
             for f, no, line, run in go.scan(paths, shingles, go.N_DEFAULT, go.allowlisted(root=ROOT))]
    assert not found, "lines copying gold text (write your own examples):\n" + "\n".join(found)


def test_the_allowlist_leaves_out_only_name_columns_of_existing_lists():
    go = _checker()
    allowed = go.allowlisted(root=ROOT)
    assert allowed, "scripts/gold_overlap_allow.txt names nothing"
    for f, cols in sorted(allowed.items()):
        assert f.is_file() and f.suffix == ".tsv" and cols, f"{f}: the allowlist is for name columns only"
        rows = [ln.split("\t") for ln in f.read_text(encoding="utf-8").splitlines()
                if "\t" in ln and not ln.startswith("#")]
        # names and aliases ("|" between them), never a sentence
        longest = max(len(go.words(name)) for row in rows for i, field in enumerate(row, 1) if i in cols
                      for name in field.split("|"))
        assert longest <= 12, f"{f}: a name of {longest} words in columns {sorted(cols)} is a sentence"


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
    # the allowlist leaves out a whole file, or the named columns of its tab-separated rows
    names = tmp_path / "names.tsv"
    names.write_text("Port Vell walked off the job over unpaid\tESP\n"
                     "Sol\tthe strike closed the container terminal for good\n", encoding="utf-8")
    listing = tmp_path / "allow.txt"
    listing.write_text("# names\ntest_x.py   # a whole file\nnames.tsv 1\n", encoding="utf-8")
    allow = go.allowlisted(listing, tmp_path)
    assert allow == {sample.resolve(): None, names.resolve(): frozenset({1})}
    found = {(f.name, no) for f, no, _, _ in go.scan([tmp_path / "names.tsv", sample], shingles, 7, allow)}
    assert found == {("names.tsv", 2)}
    listing.write_text("names.tsv first\n", encoding="utf-8")
    with pytest.raises(ValueError, match="allow.txt:1"):
        go.allowlisted(listing, tmp_path)
