"""Hostile inputs at the reader: FIFOs, sockets and devices are never opened; deeply nested JSON,
millions of blank lines and endless bad lines each end in one line, never a crash or a long silent read."""
from __future__ import annotations

import gzip
import json
import os
import socket

from wirecoder.errors import InputError
from wirecoder.ingest import IngestStats, iter_articles
from wirecoder.ingest import jsonl as jsonl_mod

GOOD = "Rebels attacked an army base in Kunduz province on Sunday, the defence ministry said.\n"


def _items(paths, **kw):
    stats = IngestStats()
    items = list(iter_articles([str(p) for p in paths], stats=stats, **kw))
    return [i for i in items if not isinstance(i, InputError)], [i for i in items if isinstance(i, InputError)], stats


def test_fifo_socket_and_device_are_skipped_with_a_line(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD)
    os.mkfifo(folder / "b.txt")            # no writer: open() without O_NONBLOCK blocks forever
    s = socket.socket(socket.AF_UNIX)
    s.bind(str(folder / "c.sock"))
    try:
        arts, errs, stats = _items([folder, "/dev/zero", folder / "b.txt"])
    finally:
        s.close()
    assert [a.source for a in arts] == [str(folder / "a.txt")]
    assert [e.source for e in errs] == [str(folder / "b.txt"), str(folder / "c.sock"), "/dev/zero",
                                        str(folder / "b.txt")]
    assert "named pipe" in errs[0].problem and "socket" in errs[1].problem and "character device" in errs[2].problem
    assert stats.skipped["not_regular"] == 4


def test_deeply_nested_json_line_is_one_error_and_the_next_lines_are_read(tmp_path):
    p = tmp_path / "n.jsonl"
    p.write_text("[" * 200_000 + "]" * 200_000 + "\n" + json.dumps({"text": GOOD}) + "\n")
    arts, errs, _ = _items([p])
    assert len(arts) == 1 and [e.source for e in errs] == [f"{p}:1"] and "nested" in errs[0].problem


def test_millions_of_blank_lines_stop_at_the_bound(tmp_path):
    p = tmp_path / "blank.jsonl.gz"
    with gzip.open(p, "wb") as fh:
        fh.write(json.dumps({"text": GOOD}).encode() + b"\n" + b"\n" * 2_000_000 + json.dumps({"text": GOOD}).encode())
    arts, errs, stats = _items([p])
    assert len(arts) == 1
    assert len(errs) == 1 and f"{jsonl_mod.MAX_BLANK_RUN:,} blank lines" in errs[0].problem
    assert stats.skipped["too_many_blank"] == 1


def test_a_run_of_bad_lines_stops_the_file(tmp_path, monkeypatch):
    monkeypatch.setattr(jsonl_mod, "MAX_BAD_RUN", 5)
    p = tmp_path / "bad.jsonl"
    p.write_text(json.dumps({"text": GOOD}) + "\n" + "not json\n" * 50)
    arts, errs, _ = _items([p])
    assert len(arts) == 1 and len(errs) == 6 and "5 bad lines in a row" in errs[-1].problem


def test_a_reader_that_crashes_is_one_line_and_the_next_input_is_read(tmp_path, monkeypatch):
    from wirecoder.ingest import sources

    a, b = tmp_path / "a.jsonl", tmp_path / "b.txt"
    a.write_text(json.dumps({"text": GOOD}) + "\n")
    b.write_text(GOOD.replace("Kunduz", "Herat"))

    def broken(*args, **kw):
        raise ZeroDivisionError("reader bug")
        yield  # pragma: no cover

    monkeypatch.setattr(jsonl_mod, "iter_jsonl", broken)
    arts, errs, _ = _items([a, b])
    assert [x.source for x in arts] == [str(b)]
    assert [e.source for e in errs] == [str(a)] and "ZeroDivisionError: reader bug" in errs[0].problem
