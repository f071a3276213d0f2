"""Command-line values are checked before any work: one clear line on stderr, exit status 2."""
from __future__ import annotations

import io
import re
import json
import sys
from pathlib import Path

import pytest

from wirecoder.cli import main
from wirecoder.progress import Progress

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from wc_factories import make_article, make_event  # noqa: E402

BAD = [
    (["extract", "x.txt", "--date", "14/03/2023"], "--date", "14/03/2023"),
    (["extract", "x.txt", "--date", "2023-02-30"], "--date", "2023-02-30"),
    (["ingest", "x.txt", "--date", "2023-02-30"], "--date", "2023-02-30"),
    (["query", "--start", "2021-13-01"], "--start", "2021-13-01"),
    (["query", "--start", "notadate"], "--start", "notadate"),
    (["query", "--end", "2021-02-30"], "--end", "2021-02-30"),
    (["query", "--near", "nan,nan"], "--near", "nan,nan"),
    (["query", "--near", "95,10"], "--near", "95,10"),
    (["query", "--limit", "-1"], "--limit", "-1"),
    (["query", "--limit", "0"], "--limit", "0"),
    (["query", "--km", "-5"], "--km", "-5"),
    (["query", "--type", "ASSAULT,FIGHTING"], "--type", "FIGHTING"),
    (["query", "--country", "XYZ"], "--country", "XYZ"),
    (["query", "--mode", "lasers"], "--mode", "lasers"),
    (["query", "--sort", "loudest"], "--sort", "loudest"),
    (["query", "--start", "2021-02-01", "--end", "2021-01-01"], "--start", "2021-02-01"),
    (["query", "-o", "out.xlsx"], "out.xlsx", "out.xlsx"),
    (["extract", "x.txt", "-o", "out.xlsx"], "out.xlsx", "out.xlsx"),
    (["incidents", "--start", "2021-02-30"], "--start", "2021-02-30"),
    (["incidents", "--country", "ZZZ"], "--country", "ZZZ"),
]


@pytest.mark.parametrize("argv,what,value", BAD, ids=[" ".join(a) for a, _, _ in BAD])
def test_bad_value_is_one_line_and_exit_2(argv, what, value, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "never.duckdb"
    if argv[0] in ("query", "ingest", "incidents"):
        argv = [*argv, "--db", str(db)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    lines = [x for x in err.splitlines() if x.strip()]
    assert len(lines) == 1, err
    assert what in lines[0] and value in lines[0] and "Traceback" not in err
    assert not db.exists() and not (tmp_path / "out.xlsx").exists()


def _store(db):
    from wirecoder.store import Store
    with Store(db) as s:
        a, b, c = (make_article(f"https://{h}/x", "x") for h in ("dawn.com", "reuters.com", "bbc.com"))
        s.add(a, [make_event(a, "Forty-six soldiers crossed into Pakistan.", people=46),
                  make_event(a, "Talks were held in Kabul.", "CONSULT", place="kabul", day="2021-07-20")])
        s.add(b, [make_event(b, "46 Afghan soldiers crossed into Pakistan.", people=46)])
        s.add(c, [make_event(c, "Afghan troops crossed into Pakistan.", people=46)])


def test_sort_minus_sources_works_as_its_help_says(tmp_path, capsys):
    db = tmp_path / "e.duckdb"
    _store(db)
    out = tmp_path / "q.jsonl"
    assert main(["query", "--db", str(db), "--sort", "-sources", "-o", str(out)]) == 0
    recs = [json.loads(x) for x in out.read_text().splitlines()]
    assert [r["num_sources"] for r in recs] == sorted((r["num_sources"] for r in recs), reverse=True)
    assert recs[0]["num_sources"] == 3 and recs[-1]["num_sources"] == 1
    assert main(["query", "--db", str(db), "--sort=sources", "--limit", "1"]) == 0


def test_counts_are_singular_for_one():
    buf = io.StringIO()
    p = Progress("extract", stream=buf, every=0.0)
    p.update(1, events=1)
    assert "1 article, 1 event," in buf.getvalue() and "articles/s" in buf.getvalue()
    assert p.close().startswith("extract: 1 article, 1 event in ")


def test_ingest_summary_says_1_article(tmp_path):
    from wirecoder.store import ingest
    a = make_article("https://dawn.com/one", "One article.")
    buf = io.StringIO()
    ingest([], tmp_path / "e.duckdb", articles=[a], process=lambda art: (art, [make_event(art, "One article.")]),
           stream=buf, progress_every=0.0)
    assert "wirecoder: 1 article (1 new" in buf.getvalue() and "1 event in" in buf.getvalue()
    # "1 articles" nowhere, but a rate such as "12.1 articles/s" is fine
    assert not re.search(r"(?<![\d.])1 articles\b", buf.getvalue())


def test_progress_line_has_rate_and_eta_when_the_total_is_known():
    buf = io.StringIO()
    p = Progress("ingest", total=10, total_unit="input", stream=buf, every=0.0)
    for i in range(1, 4):
        p.update(1, events=2, of_total=i)
    last = buf.getvalue().splitlines()[-1]
    assert last.startswith("wirecoder: 3 articles, 6 events, ") and "/s" in last
    assert "3/10 inputs" in last and "ETA " in last


def test_first_gazetteer_build_shows_progress(tmp_path):
    from wirecoder.gazetteer import BUILD_STEPS, build_default_gazetteer
    buf = io.StringIO()
    with Progress("building the default gazetteer", total=BUILD_STEPS, unit="step", stream=buf, every=0.0) as p:
        build_default_gazetteer(tmp_path / "g.sqlite", progress=p)
    lines = buf.getvalue().splitlines()
    assert len(lines) == BUILD_STEPS and lines[-1].startswith(f"wirecoder: {BUILD_STEPS} steps")
    assert "ETA" in lines[0] and "written" in lines[-1]


def test_a_malformed_data_file_read_at_import_is_one_line(monkeypatch, capsys):
    # word lists (data/places.yaml, data/actors.yaml) are read when their module is first imported,
    # which building the parser does: a broken file stops with one line, not a traceback
    import wirecoder.cli as cli
    from wirecoder.errors import DataFileError

    def broken():
        raise DataFileError("data/actors.yaml", "police_acts: expected a non-empty list of words")

    monkeypatch.setattr(cli, "build_parser", broken)
    assert main(["extract", "-"]) == 1
    err = capsys.readouterr().err
    assert err.strip() == "wirecoder: data/actors.yaml: police_acts: expected a non-empty list of words"
