"""A hostile input corpus through `extract` and `ingest` (real processes, so a hang is a timeout):
0 crashes, 0 hangs, every good article stored, one line per bad input naming it.

README's "Bad input" table lists these cases; keep the two in step.
"""
from __future__ import annotations

import gzip
import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
SENTENCE = "Rebels attacked an army base in {} province on Sunday, the defence ministry said.\n"
PLACES = ["Kunduz", "Herat", "Kandahar", "Helmand", "Baghlan", "Takhar"]


def good(place: str) -> str:
    return SENTENCE.format(place)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """(inputs, bad sources expected in one line each, places of the good articles)."""
    d = tmp_path_factory.mktemp("corpus")
    folder = d / "folder"
    folder.mkdir()
    (folder / "a-good.txt").write_text(good("Kunduz"))
    os.mkfifo(folder / "b-pipe.txt")                         # would block open() forever
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(folder / "c-socket"))                      # a socket file
    (folder / "d-good.html").write_text(
        f"<html><head><title>Attack</title></head><body><article><p>{good('Herat')}</p></article></body></html>")
    # over spaCy's 2,000,000-character limit, under --max-bytes: one line of 2.1 M characters
    (d / "over-limit.txt").write_text((good("Zabul").strip() + " ") * 25_000)
    # JSONL: a good line, a deeply nested one (RecursionError), a lone surrogate (kept, scrubbed), a good one
    lines = [json.dumps({"text": good("Kandahar")}), "[" * 100_000 + "]" * 100_000,
             '{"text": "' + good("Helmand").strip() + ' \\ud800"}', json.dumps({"text": good("Baghlan")})]
    (d / "mixed.jsonl").write_text("\n".join(lines) + "\n")
    with gzip.open(d / "blank.jsonl.gz", "wb") as fh:          # millions of empty lines
        fh.write(b"\n" * 3_000_000)
    (d / "empty.txt").write_text("")
    (d / "binary.bin").write_bytes(b"\x00\x01\x02\xff" * 500)
    (d / "truncated.txt.gz").write_bytes(gzip.compress(good("Takhar").encode() * 50)[:40])
    (d / "last-good.txt").write_text(good("Takhar"))
    inputs = [str(folder), str(d / "over-limit.txt"), str(d / "mixed.jsonl"), str(d / "blank.jsonl.gz"),
              str(d / "empty.txt"), str(d / "binary.bin"), str(d / "truncated.txt.gz"),
              str(d / "missing.txt"), "/dev/null", str(d / "last-good.txt")]
    bad = [str(folder / "b-pipe.txt"), str(folder / "c-socket"), str(d / "over-limit.txt"),
           f"{d / 'mixed.jsonl'}:2", str(d / "blank.jsonl.gz"), str(d / "empty.txt"), str(d / "binary.bin"),
           str(d / "truncated.txt.gz"), str(d / "missing.txt"), "/dev/null"]
    yield inputs, bad, PLACES
    sock.close()


def _run(args, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "wirecoder.cli", *args], capture_output=True, text=True,
                          timeout=300, env=env, cwd=tmp_path)


def _check_lines(err: str, bad: list[str]) -> None:
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.startswith("wirecoder: ")]
    for src in bad:
        mine = [line for line in lines if re.search(r"^wirecoder: (WARNING: )?" + re.escape(src) + r"(:\d+)?: ", line)]
        assert len(mine) == 1, (src, err)


def test_extract_keeps_every_good_article_and_reports_each_bad_one(corpus, tmp_path):
    inputs, bad, places = corpus
    proc = _run(["extract", "--date", "2021-07-26", *inputs], tmp_path)
    assert proc.returncode == 2, proc.stderr
    _check_lines(proc.stderr, bad)
    sentences = " ".join(json.loads(line)["sentence"] for line in proc.stdout.splitlines())
    for place in places:
        assert place in sentences, (place, proc.stderr)
    assert "over-limit.txt: nlp: " in proc.stderr


def test_ingest_stores_every_good_article(corpus, tmp_path):
    inputs, bad, places = corpus
    db = tmp_path / "events.duckdb"
    proc = _run(["ingest", "--db", str(db), "--date", "2021-07-26", "--batch-size", "3", *inputs], tmp_path)
    assert proc.returncode == 2, proc.stderr
    _check_lines(proc.stderr, bad)
    con = duckdb.connect(str(db), read_only=True)
    texts = " ".join(r[0] for r in con.execute("SELECT text FROM articles").fetchall())
    n = con.execute("SELECT count(*) FROM articles").fetchall()[0][0]
    con.close()
    assert n == len(places)
    for place in places:
        assert place in texts
    assert "\ufffd" in texts          # the lone surrogate became U+FFFD, the article was kept
