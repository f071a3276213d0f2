"""Content sniffing: HTML vs text, feeds, WARC, JSON Lines; decoding and binary detection."""
from __future__ import annotations

import random

import pytest

from wirecoder.ingest.decode import UndecodableError, binary_reason, decode_bytes, looks_like_html, sniff_kind

from .helpers import EN_TEXT


@pytest.mark.parametrize("text, expected", [
    ("<!DOCTYPE html><html><head></head><body><p>x</p></body></html>", True),
    ("  \n<html lang='en'><p>x</p></html>", True),
    ("<?xml version='1.0'?>\n<html xmlns='http://www.w3.org/1999/xhtml'><body/></html>", True),
    ("<body><p>A story.</p></body>", True),
    ("<p>One.</p><p>Two.</p>", True),
    ("<div><span>a</span> <a href='x'>b</a> <br/> <em>c</em></div> text", True),
    (EN_TEXT, False),
    ("Use x < y and y > z in the formula. " + EN_TEXT, False),
    ("He wrote <html> in his notes. " + EN_TEXT, False),
])
def test_looks_like_html(text, expected):
    assert looks_like_html(text) is expected


@pytest.mark.parametrize("head, name, kind", [
    (b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", "x.bin", "warc"),
    (b'{"text": "hello"}\n{"text": "x"}\n', "x.txt", "jsonl"),
    (b"", "x.jsonl", "jsonl"),
    (b'<?xml version="1.0"?>\n<rss version="2.0"><channel>', "x", "feed"),
    (b'<feed xmlns="http://www.w3.org/2005/Atom">', "x", "feed"),
    (b"not xml", "feed.xml", "feed"),
    (b"<html><body>x</body></html>", "x.xml.txt", "document"),
    (EN_TEXT.encode(), "x.jsonl.txt", "document"),
])
def test_sniff_kind(head, name, kind):
    assert sniff_kind(head, name) == kind


def test_binary_reason():
    assert binary_reason(EN_TEXT.encode()) is None
    assert binary_reason("é".encode("utf-16")) is None  # NULs, but a BOM says UTF-16
    assert "NUL" in binary_reason(b"abc\x00def")
    assert "PDF" in binary_reason(b"%PDF-1.4 ...")


def test_decode_order():
    assert decode_bytes("naïve".encode("utf-8")) == ("naïve", "utf-8")
    assert decode_bytes("naïve — ok".encode("cp1252"))[0] == "naïve — ok"
    html = '<meta charset="koi8-r"><p>Привет</p>'.encode("koi8-r")
    assert decode_bytes(html) == ('<meta charset="koi8-r"><p>Привет</p>', "koi8-r")
    assert decode_bytes("Ça".encode("latin-1"), hint="iso-8859-1")[0] == "Ça"
    rnd = random.Random(1)
    with pytest.raises(UndecodableError):
        decode_bytes(bytes(rnd.randrange(0x80, 0x100) for _ in range(3000)))
