"""WARC / WARC.gz input, built in the test with warcio's WARCWriter."""
from __future__ import annotations

import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from .helpers import EN_TEXT, FR_TEXT, html_page, run


def _response(w, uri, body: bytes, ctype="text/html; charset=utf-8", status="200 OK", date="2021-07-27T10:00:00Z"):
    hh = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
    rec = w.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=hh,
                               warc_headers_dict={"WARC-Date": date})
    w.write_record(rec)


def make_warc(path: Path, gz: bool = True, pages: int = 3) -> Path:
    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=gz)
        w.write_record(w.create_warcinfo_record(path.name, {"software": "test"}))
        for i in range(pages):
            body = f"{EN_TEXT} This is report {i}. " * 40
            _response(w, f"https://news.example.com/story/{i}", html_page(body, title=f"Story {i}").encode())
        _response(w, "https://news.example.com/logo.png", b"\x89PNG\r\n\x1a\n....", ctype="image/png")
        _response(w, "https://news.example.com/missing", b"<html><body>Not found</body></html>", status="404 Not Found")
        req = w.create_warc_record("https://news.example.com/story/0", "request",
                                   payload=io.BytesIO(b"GET /story/0 HTTP/1.1\r\n\r\n"))
        w.write_record(req)
    return path


def test_warc_gz_records(tmp_path):
    p = make_warc(tmp_path / "news.warc.gz")
    arts, errs, stats = run([str(p)])
    assert errs == []
    assert [a.url for a in arts] == [f"https://news.example.com/story/{i}" for i in range(3)]
    assert all(a.source.startswith(f"{p}#") and a.meta["warc_offset"] == int(a.source.rsplit("#", 1)[1]) for a in arts)
    assert [a.title for a in arts] == ["Story 0 - Example News", "Story 1 - Example News", "Story 2 - Example News"]
    assert all(a.content_type == "html" and a.site == "news.example.com" for a in arts)
    # no date in the pages, no dateline: the crawl date is the fallback
    assert all(a.published == "2021-07-27" and a.published_source == "metadata" for a in arts)
    assert stats.read == 3 and stats.skipped["non_html_record"] == 3 and stats.skipped["http_error_record"] == 1
    assert stats.failed == 0


def test_warc_offsets_seekable(tmp_path):
    from warcio.archiveiterator import ArchiveIterator

    p = make_warc(tmp_path / "news.warc.gz")
    for a in run([str(p)])[0]:
        with open(p, "rb") as f:
            f.seek(a.meta["warc_offset"])
            rec = next(iter(ArchiveIterator(f)))
            assert rec.rec_headers.get_header("WARC-Target-URI") == a.url


def test_plain_warc_and_page_date_wins(tmp_path):
    p = tmp_path / "x.warc"
    with open(p, "wb") as f:
        w = WARCWriter(f, gzip=False)
        _response(w, "https://news.example.com/a", html_page(published="2021-07-20T09:00:00Z").encode())
        _response(w, "https://news.example.com/b", html_page("KABUL, July 25 (Reuters) - " + EN_TEXT).encode())
    a, b = run([str(p)])[0]
    assert (a.published, a.published_source) == ("2021-07-20", "metadata")
    assert (b.published, b.published_source) == ("2021-07-25", "dateline")


def test_truncated_warc_gz_keeps_earlier_records(tmp_path):
    full = make_warc(tmp_path / "full.warc.gz", pages=6)
    data = full.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: len(data) // 2])
    complete = run([str(full)])[0]
    arts, errs, stats = run([str(cut)])
    assert 0 < len(arts) < len(complete)
    assert [a.url for a in arts] == [a.url for a in complete[: len(arts)]]
    assert len(errs) == 1 and str(errs[0]).startswith(f"{cut}#")
    assert "truncated" in str(errs[0]) and stats.failed == 1
    offset = int(str(errs[0]).split("#")[1].split(":")[0])
    assert offset > arts[-1].meta["warc_offset"]


def test_corrupt_record(tmp_path):
    full = make_warc(tmp_path / "full.warc.gz", pages=3)
    data = full.read_bytes()
    first = run([str(full)])[0]
    second_offset = first[1].meta["warc_offset"]
    bad = tmp_path / "bad.warc.gz"
    bad.write_bytes(data[:second_offset] + b"this is not a WARC record\n" + data[second_offset:])
    arts, errs, stats = run([str(bad)])
    assert [a.url for a in arts] == [first[0].url]
    assert str(errs[0]).startswith(f"{bad}#{second_offset}: bad WARC record") and stats.skipped["bad_record"] == 1


def test_warc_language_and_record_too_large(tmp_path):
    p = tmp_path / "mixed.warc.gz"
    with open(p, "wb") as f:
        w = WARCWriter(f, gzip=True)
        _response(w, "https://news.example.fr/a", html_page(FR_TEXT).encode())
        _response(w, "https://news.example.com/big", html_page(EN_TEXT * 200).encode())
        _response(w, "https://news.example.com/ok", html_page(EN_TEXT).encode())
    arts, errs, stats = run([str(p)], max_bytes=20_000)
    assert [a.url for a in arts] == ["https://news.example.com/ok"]
    assert stats.skipped["not_english"] == 1 and stats.skipped["too_large"] == 1
    assert "limit" in str(errs[0])


def test_warc_on_stdin(tmp_path, monkeypatch):
    import sys

    class Pipe(io.RawIOBase):  # not seekable, short reads: like a real pipe
        def __init__(self, data: bytes):
            self._data = memoryview(data)

        def readable(self):
            return True

        def readinto(self, b):
            n = min(len(b), 777, len(self._data))
            b[:n] = self._data[:n]
            self._data = self._data[n:]
            return n

    data = make_warc(tmp_path / "news.warc.gz").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(Pipe(data))))
    arts, errs, _ = run(["-"])
    assert errs == [] and [a.source for a in arts] == [f"<stdin>#{a.meta['warc_offset']}" for a in arts]
    assert len(arts) == 3
