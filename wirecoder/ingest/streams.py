"""Opening an input once, looking at its head, and handing on a stream that still starts at 0.

stdin cannot be reopened or rewound, so sniffing reads a head and then chains it back in front of
the rest (:class:`Prefixed`). gzip is recognised by its magic bytes, whatever the file is called.
"""
from __future__ import annotations

import gzip
import io
import zlib
from dataclasses import dataclass
from typing import BinaryIO, Optional

from .decode import GZIP_MAGIC, SNIFF_BYTES, Kind, sniff_kind


class Prefixed(io.RawIOBase):
    """A raw stream that returns ``head`` and then whatever ``rest`` still has."""

    def __init__(self, head: bytes, rest: BinaryIO):
        self._head = memoryview(head)
        self._pos = 0
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, b: bytearray) -> int:  # type: ignore[override]
        if self._pos < len(self._head):
            n = min(len(b), len(self._head) - self._pos)
            b[:n] = self._head[self._pos:self._pos + n]
            self._pos += n
            return n
        data = self._rest.read(len(b))
        n = len(data)
        b[:n] = data
        return n


def read_up_to(stream: BinaryIO, n: int) -> bytes:
    """Up to ``n`` bytes, reading again until EOF (pipes return short reads)."""
    chunks = []
    remaining = n
    while remaining > 0:
        chunk = stream.read(min(remaining, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def _gunzip_head(head: bytes) -> bytes:
    """Decompress as much of a gzip stream's first bytes as possible (no error on a partial stream)."""
    d = zlib.decompressobj(wbits=31)
    try:
        return d.decompress(head, SNIFF_BYTES)
    except zlib.error:
        return b""


@dataclass
class Opened:
    """An input after sniffing: its kind, its first (decompressed) bytes, and how to read it."""

    kind: Kind
    head: bytes            # first bytes of the (decompressed) content
    compressed: bool
    raw: BinaryIO          # the bytes as stored (gzip still compressed), from offset 0

    def content(self) -> BinaryIO:
        """The decompressed content as a buffered stream from the start (call once)."""
        if self.compressed:
            return gzip.GzipFile(fileobj=self.raw, mode="rb")  # type: ignore[return-value]
        return self.raw


def open_sniffed(stream: BinaryIO, name: str = "") -> Opened:
    """Read the head of ``stream`` and decide what it is (see :func:`sniff_kind`)."""
    head = read_up_to(stream, SNIFF_BYTES)
    raw: BinaryIO = io.BufferedReader(Prefixed(head, stream), buffer_size=1 << 16)  # type: ignore[arg-type]
    compressed = head.startswith(GZIP_MAGIC)
    content_head = _gunzip_head(head) if compressed else head
    return Opened(sniff_kind(content_head, name), content_head, compressed, raw)


def stat_size(stream: BinaryIO) -> Optional[int]:
    """Size in bytes of a regular file behind ``stream``, None for pipes."""
    import os
    import stat as st

    try:
        s = os.fstat(stream.fileno())
    except (OSError, io.UnsupportedOperation, AttributeError):
        return None
    return s.st_size if st.S_ISREG(s.st_mode) else None
