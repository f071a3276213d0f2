"""Bytes -> text, and what kind of text it is (plain text, HTML, feed, WARC, JSON Lines).

Everything here decides by CONTENT, never by file extension: a ``.txt`` holding HTML is HTML.

    >>> decode_bytes("Caf\u00e9".encode("cp1252"))
    ('Café', 'cp1252')
    >>> looks_like_html("<!DOCTYPE html><html><body><p>Hi</p></body></html>")
    True
"""
from __future__ import annotations

import codecs
import re
from typing import Literal, Optional

Kind = Literal["warc", "jsonl", "feed", "document"]

SNIFF_BYTES = 65_536        # how much of an input is looked at to decide what it is
GZIP_MAGIC = b"\x1f\x8b"

# Bytes that never occur in text: C0 controls except TAB, LF, VT, FF, CR, ESC; and DEL.
_CONTROL = bytes(sorted(set(range(0x00, 0x09)) | {0x0E, 0x0F} | set(range(0x10, 0x1B)) | set(range(0x1C, 0x20)) | {0x7F}))
_BINARY_MAGIC = (
    (b"%PDF-", "PDF document"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"PK\x03\x04", "ZIP archive (docx/xlsx/zip)"),
    (b"\x7fELF", "executable"),
    (b"\xd0\xcf\x11\xe0", "MS Office document"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ", "xz archive"),
    (b"7z\xbc\xaf", "7-zip archive"),
    (b"SQLite format 3\x00", "SQLite database"),
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_.\-]+)""", re.I)

_HTML_START = re.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S)
_HTML_SKELETON = re.compile(r"<(?:head|body)[\s>]", re.I)
_HTML_TAG = re.compile(
    r"</?(?:p|div|span|a|br|h[1-6]|ul|ol|li|table|tr|td|article|section|header|footer|nav|main|meta|link"
    r"|script|style|img|strong|em|b|i|blockquote|figure|time)(?:\s[^<>]{0,500})?/?>",
    re.I,
)
_FEED_ROOT = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<\?xml-stylesheet[^>]*>\s*)*(?:<!--.*?-->\s*)*"
    r"<(?:rss[\s>]|feed[\s>]|rdf:RDF[\s>])",
    re.I | re.S,
)


class UndecodableError(ValueError):
    """The bytes are not text in any encoding we could establish."""


def binary_reason(data: bytes) -> Optional[str]:
    """Why ``data`` (the head of an input) is binary rather than text, or None if it looks like text.

    Binary = a known binary file signature, a NUL byte, or more than 10% control characters.
    UTF-16/32 text (which has NULs) is recognised by its byte-order mark first.
    """
    if not data or any(data.startswith(bom) for bom, _ in _BOMS):
        return None
    for magic, what in _BINARY_MAGIC:
        if data.startswith(magic):
            return f"binary file ({what})"
    head = data[:8192]
    if b"\x00" in head:
        return "binary file (contains NUL bytes)"
    controls = len(head) - len(head.translate(None, _CONTROL))
    if controls > 0.10 * len(head):
        return f"binary file ({controls / len(head):.0%} control characters)"
    return None


def declared_charset(data: bytes) -> Optional[str]:
    """The charset an HTML ``<meta>`` or XML declaration in the first 4 KB announces, if Python knows it."""
    head = data[:4096]
    m = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if not m:
        return None
    return _codec_name(m.group(1).decode("ascii", "ignore"))


def _codec_name(label: Optional[str]) -> Optional[str]:
    if not label:
        return None
    try:
        return codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None


def _plausible_cp1252(text: str) -> bool:
    """cp1252 decodes almost anything; accept it only when it reads like Latin-script text.

    Mis-decoded Cyrillic/Greek/CJK turns into runs of accented letters, so we require that
    non-ASCII letters are a small share of all letters.
    """
    letters = non_ascii = 0
    for ch in text:
        if ch.isalpha():
            letters += 1
            if ord(ch) > 0x7F:
                non_ascii += 1
    return letters > 0 and non_ascii <= max(2, 0.10 * letters)


def decode_bytes(data: bytes, hint: Optional[str] = None) -> tuple[str, str]:
    """Decode ``data`` to text; return ``(text, encoding)``.

    Order: byte-order mark, strict UTF-8, the ``hint`` charset (e.g. from an HTTP header), the
    charset declared in an HTML/XML header, cp1252 if the result reads like Latin text, then
    ``charset_normalizer`` when installed. Raises :class:`UndecodableError` when all fail.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as e:
                raise UndecodableError(f"undecodable bytes at offset {e.start} (byte-order mark says {enc})") from e
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        utf8_error = e
    tried = ["utf-8"]
    for enc in (_codec_name(hint), declared_charset(data)):
        if enc and enc not in tried and enc != "utf-8":
            tried.append(enc)
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                pass
    if "cp1252" not in tried:
        tried.append("cp1252")
        try:
            text = data.decode("cp1252")
            if _plausible_cp1252(text):
                return text, "cp1252"
        except UnicodeDecodeError:
            pass
    try:
        import charset_normalizer  # optional: present in most environments, not a pinned dependency
    except ImportError:  # pragma: no cover - depends on the environment
        charset_normalizer = None
    if charset_normalizer is not None:
        tried.append("charset_normalizer")
        best = charset_normalizer.from_bytes(data).best()
        if best is not None and best.chaos < 0.2 and best.encoding:
            return str(best), best.encoding
    raise UndecodableError(
        f"undecodable bytes (invalid UTF-8 at offset {utf8_error.start}; tried {', '.join(tried)})"
    )


def looks_like_html(text: str) -> bool:
    """True when ``text`` is an HTML document or fragment, judged by its content.

    A document start (``<!doctype html``, ``<html``), a ``<head>``/``<body>`` tag, or at least
    five common HTML tags that cover a visible share of the first 64 KB.
    """
    head = text[:SNIFF_BYTES]
    if _HTML_START.match(head) or _HTML_SKELETON.search(head):
        return True
    tags = _HTML_TAG.findall(head)
    if len(tags) >= 5:
        return True
    # a short fragment such as "<p>One.</p><p>Two.</p>"
    return len(tags) >= 2 and head.lstrip().startswith("<")


def looks_like_feed(text: str) -> bool:
    """True when ``text`` starts with an RSS, Atom or RDF root element."""
    return bool(_FEED_ROOT.match(text[:SNIFF_BYTES]))


def sniff_kind(head: bytes, name: str = "") -> Kind:
    """What an input is, from its first bytes (already gunzipped) and, for JSON Lines, its name.

    ``warc``: starts with ``WARC/``; ``jsonl``: named ``.jsonl``/``.ndjson`` (optionally ``.gz``) or
    its first line is a JSON object; ``feed``: an RSS/Atom/RDF root, or named ``.rss``/``.atom``;
    else ``document`` (a single text or HTML page).
    """
    lname = name.lower()
    if lname.endswith(".gz"):
        lname = lname[:-3]
    stripped = head.lstrip(codecs.BOM_UTF8 + b" \t\r\n")
    if stripped.startswith(b"WARC/"):
        return "warc"
    if lname.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if stripped.startswith(b"{"):
        first = stripped.split(b"\n", 1)[0].strip()
        if first.endswith(b"}") and b'":' in first:
            return "jsonl"
    if lname.endswith((".rss", ".atom", ".rdf", ".xml")):
        return "feed"
    text = stripped[:4096].decode("utf-8", "replace")
    if looks_like_feed(text):
        return "feed"
    return "document"
