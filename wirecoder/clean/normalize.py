"""Whitespace and unicode normalisation that keeps an exact map back to the raw text.

Clean text is built from pieces: a piece is either *copied* from the raw text (and recorded as an
offset run ``(clean_start, raw_start, length)`` with ``raw[raw_start:raw_start+length] ==
text[clean_start:clean_start+length]`` exactly) or *inserted* (a separator or a normalised
replacement, covered by no run). Normalisation therefore never breaks the map; it only leaves
small gaps in it:

* line breaks: ``\\r\\n``, ``\\r``, U+2028/2029, form feed ... all count as line ends;
* whitespace inside a line (tabs, runs of spaces, NBSP U+00A0, U+202F, other ``Zs``) becomes one
  ASCII space; a single ASCII space is copied, anything else is inserted;
* soft hyphens U+00AD, zero-width space U+200B, BOM U+FEFF, word joiner U+2060 and C0/C1 control
  characters are deleted (a run ends before and restarts after them);
* characters whose NFC form differs are inserted in NFC form (only those clusters, not the line).

ZWJ/ZWNJ (U+200D/U+200C) are kept: they carry meaning in Persian, Indic scripts and emoji.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# Line ends: what str.splitlines() splits on, with \r\n as one break.
LINE_BREAK_RE = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_DELETE = "\u00ad\u200b\ufeff\u2060"
_DELETE_RE = re.compile("[" + _DELETE + "\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]+")
# Whitespace inside a line: any run of unicode spaces (and deletable characters between them).
_SPACE_RE = re.compile(r"[^\S\n\r]+")
# Tokens between whitespace; deletable characters are removed inside the token.
_TOKEN_RE = re.compile(r"\S+")


@dataclass
class TextBuilder:
    """Accumulates clean text and its offset runs back to one raw string."""

    raw: str
    parts: list[str] = field(default_factory=list)
    runs: list[tuple[int, int, int]] = field(default_factory=list)
    length: int = 0

    def copy(self, start: int, end: int) -> None:
        """Append ``raw[start:end]`` verbatim and record (or extend) its offset run."""
        if end <= start:
            return
        if self.runs:
            c0, r0, n0 = self.runs[-1]
            if c0 + n0 == self.length and r0 + n0 == start:
                self.runs[-1] = (c0, r0, n0 + end - start)
                self.parts.append(self.raw[start:end])
                self.length += end - start
                return
        self.runs.append((self.length, start, end - start))
        self.parts.append(self.raw[start:end])
        self.length += end - start

    def insert(self, s: str) -> None:
        """Append ``s``, which maps to no raw position."""
        if s:
            self.parts.append(s)
            self.length += len(s)

    def text(self) -> str:
        return "".join(self.parts)


# Anything that makes a line need token-by-token treatment: whitespace other than a single
# ASCII space, deletable or control characters.
_SPECIAL_RE = re.compile(r"[^\S ]| {2}|[" + _DELETE + "\x00-\x1f\x7f-\x9f]")
_BINARY_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")


def _plain(seg: str) -> bool:
    """True when ``seg`` (a stripped line) needs no normalisation at all."""
    if _SPECIAL_RE.search(seg):
        return False
    return seg.isascii() or unicodedata.is_normalized("NFC", seg)


def _strip_bounds(raw: str, start: int, end: int) -> tuple[int, int]:
    seg = raw[start:end]
    lead = len(seg) - len(seg.lstrip(" "))
    trail = len(seg) - len(seg.rstrip(" "))
    return start + lead, max(start + lead, end - trail)


def emit_line(b: "TextBuilder", start: int, end: int, sep_before: bool = False) -> None:
    """Append the normalised text of the raw line ``[start, end)`` (one run when already clean)."""
    a, e = _strip_bounds(b.raw, start, end)
    if a < e and _plain(b.raw[a:e]):
        if sep_before:
            b.insert(" ")
        b.copy(a, e)
        return
    emit_words(b, line_tokens(b.raw, start, end), sep_before=sep_before)


def split_lines(raw: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every line of ``raw`` (without its line break)."""
    spans = []
    pos = 0
    for m in LINE_BREAK_RE.finditer(raw):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(raw)))
    return spans


def line_tokens(raw: str, start: int, end: int) -> list[tuple[int, int]]:
    """Whitespace-separated tokens of ``raw[start:end]`` as raw spans (deletable chars kept)."""
    out = []
    for m in _TOKEN_RE.finditer(raw, start, end):
        tok = m.group()
        if tok.isascii() and tok.isprintable() or _DELETE_RE.sub("", tok):
            out.append((m.start(), m.end()))
    return out


def normalized_line(raw: str, start: int, end: int) -> str:
    """The normalised text of one raw line (what :func:`emit_line` would append)."""
    a, e = _strip_bounds(raw, start, end)
    if _plain(raw[a:e]):
        return raw[a:e]
    words = []
    for a, b in line_tokens(raw, start, end):
        w = _DELETE_RE.sub("", raw[a:b])
        if w:
            words.append(w if w.isascii() else unicodedata.normalize("NFC", w))
    return " ".join(words)


def emit_token(b: TextBuilder, a: int, e: int) -> None:
    """Append one token of the raw text, deleting invisible characters and applying NFC."""
    raw = b.raw
    tok = raw[a:e]
    if tok.isascii() and not _DELETE_RE.search(tok):
        b.copy(a, e)
        return
    pos = a
    for m in _DELETE_RE.finditer(raw, a, e):
        _emit_nfc(b, pos, m.start())
        pos = m.end()
    _emit_nfc(b, pos, e)


def _emit_nfc(b: TextBuilder, a: int, e: int) -> None:
    seg = b.raw[a:e]
    if not seg or seg.isascii() or unicodedata.is_normalized("NFC", seg):
        b.copy(a, e)
        return
    # Copy clusters (a starter plus its combining marks) that are already NFC; insert the rest.
    i = a
    while i < e:
        j = i + 1
        while j < e and unicodedata.combining(b.raw[j]):
            j += 1
        cl = b.raw[i:j]
        norm = unicodedata.normalize("NFC", cl)
        if norm == cl:
            b.copy(i, j)
        else:
            b.insert(norm)
        i = j


def emit_words(b: TextBuilder, tokens: list[tuple[int, int]], sep_before: bool = False) -> None:
    """Append tokens joined by single spaces; a single raw ASCII space is copied, not inserted."""
    prev_end = None
    raw = b.raw
    for a, e in tokens:
        if prev_end is not None or sep_before:
            if prev_end is not None and a - prev_end == 1 and raw[prev_end] == " ":
                b.copy(prev_end, a)
            else:
                b.insert(" ")
        emit_token(b, a, e)
        prev_end = e


def binary_ratio(raw: str, sample: int = 20000) -> float:
    """Share of control characters and U+FFFD in (a prefix of) ``raw``: high means not text."""
    s = raw[:sample]
    if not s:
        return 0.0
    return len(_BINARY_RE.findall(s)) / len(s)
