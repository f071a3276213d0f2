"""JSON Lines input: one article per line; a bad line is reported as file:line and the rest goes on."""
from __future__ import annotations

import gzip
import json

from .helpers import EN_TEXT, html_page, run


def _lines(*objs) -> str:
    return "".join((o if isinstance(o, str) else json.dumps(o)) + "\n" for o in objs)


def test_jsonl_records_and_fields(write):
    p = write("batch.jsonl", _lines(
        {"url": "https://news.example.com/a/1", "title": "Attack", "date": "2021-07-26T08:00:00Z", "text": EN_TEXT,
         "author": "Staff"},
        {"html": html_page(), "date": "Mon, 26 Jul 2021 10:00:00 +0000"},
        "",
        {"text": EN_TEXT.replace("Monday", "Friday")},
    ))
    arts, errs, stats = run([str(p)], date="2021-08-01")
    assert errs == [] and stats.read == 3
    a, b, c = arts
    assert a.source == f"{p}:1" and a.url == "https://news.example.com/a/1" and a.site == "news.example.com"
    assert a.title == "Attack" and a.published == "2021-07-26" and a.published_source == "metadata"
    assert a.content_type == "text" and a.text == EN_TEXT and a.meta["author"] == "Staff"
    assert b.source == f"{p}:2" and b.content_type == "html" and b.text == "" and b.published == "2021-07-26"
    assert c.source == f"{p}:4" and c.published == "2021-08-01" and c.published_source == "option"


def test_jsonl_detected_by_content_and_gzip(write):
    p = write("batch.txt", _lines({"text": EN_TEXT}))
    (a,), errs, _ = run([str(p)])
    assert a.source == f"{p}:1"
    gz = write("batch.jsonl.gz", gzip.compress(_lines({"text": EN_TEXT}, {"text": EN_TEXT + " More."}).encode()))
    arts, errs, _ = run([str(gz)])
    assert [a.source for a in arts] == [f"{gz}:1", f"{gz}:2"]


def test_jsonl_bad_lines_reported_rest_goes_on(write):
    p = write("bad.ndjson", _lines(
        {"text": EN_TEXT},
        '{"text": "unterminated',
        '["a", "list"]',
        {"title": "no body"},
        {"text": 42},
        {"text": "   "},
        {"text": EN_TEXT + " Last."},
    ))
    arts, errs, stats = run([str(p)])
    assert [a.source for a in arts] == [f"{p}:1", f"{p}:7"]
    msgs = [str(e) for e in errs]
    assert msgs[0].startswith(f"{p}:2: invalid JSON")
    assert msgs[1].startswith(f"{p}:3: expected a JSON object")
    assert msgs[2] == f"{p}:4: no 'text' or 'html' field"
    assert msgs[3].startswith(f"{p}:5: 'text' must be a string")
    assert msgs[4].startswith(f"{p}:6: empty")
    assert stats.skipped["bad_record"] == 4 and stats.skipped["empty"] == 1


def test_jsonl_line_too_large(write):
    p = write("big.jsonl", _lines({"text": EN_TEXT * 50}, {"text": EN_TEXT}))
    arts, errs, stats = run([str(p)], max_bytes=2000)
    assert [a.source for a in arts] == [f"{p}:2"]
    assert str(errs[0]).startswith(f"{p}:1: line over") and stats.skipped["too_large"] == 1


def test_jsonl_truncated_gzip(write):
    lines = _lines(*({"text": f"{EN_TEXT} Report number {i}."} for i in range(400)))
    data = gzip.compress(lines.encode())
    p = write("cut.jsonl.gz", data[: len(data) // 2])
    arts, errs, stats = run([str(p)])
    assert len(arts) > 0 and len(errs) == 1
    assert "truncated" in str(errs[0]) and str(errs[0]).startswith(f"{p}:{len(arts) + 1}")
