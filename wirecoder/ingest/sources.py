"""``iter_articles``: every kind of input -> a stream of :class:`Article` or :class:`InputError`.

Inputs are file paths, folders (recursive), ``-`` (stdin) and http(s) URLs. What a file is comes
from its content: WARC (``WARC/`` header), JSON Lines, RSS/Atom feed, or a single text/HTML
document; any of them may be gzip-compressed.

Bad input never raises: it is yielded as an :class:`InputError` (one line naming the input and the
problem), counted in :class:`IngestStats`, and the run goes on with the next input or record.
"""
from __future__ import annotations

import fnmatch
import logging
import os
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Iterator, Optional, Sequence, Union

from ..errors import InputError
from ..records import Article
from .build import build_article
from .decode import UndecodableError, binary_reason, decode_bytes
from .language import is_rejectable
from .stats import IngestStats
from .streams import Opened, open_sniffed, read_up_to, stat_size

log = logging.getLogger("wirecoder.ingest")

Item = Union[Article, InputError]
STDIN = "-"


@dataclass
class Context:
    """Options and shared state of one run, handed to every reader."""

    date: Optional[str] = None
    max_bytes: int = 20_000_000
    stats: IngestStats = field(default_factory=IngestStats)
    timeout: float = 10.0
    allow_private: bool = False   # fetch URLs of loopback/private/link-local hosts (netguard)
    cache: dict[str, Any] = field(default_factory=dict)   # robots.txt parsers per host

    def error(self, source: str, problem: str, reason: str) -> InputError:
        """Count and return an :class:`InputError` (see :meth:`IngestStats.error`)."""
        return self.stats.error(source, problem, reason)


def iter_articles(
    inputs: Sequence[str],
    *,
    date: Optional[str] = None,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    stats: Optional[IngestStats] = None,
    max_bytes: int = 20_000_000,
    languages: Optional[Sequence[str]] = ("en",),
    timeout: float = 10.0,
    allow_private_urls: bool = False,
) -> Iterator[Union[Article, InputError]]:
    """Read every input and yield its articles (raw, not cleaned) and its problems, in input order.

    Args:
        inputs: file paths, folders (read recursively in sorted order, hidden entries skipped),
            ``"-"`` for stdin, or http(s) URLs (a page or an RSS/Atom feed).
        date: ISO date used as ``published`` when neither the page metadata nor a dateline gives one.
        include: glob patterns; inside folders only files matching one of them are read
            (matched against the path relative to the folder and against the file name).
        exclude: glob patterns of files to leave out inside folders.
        stats: filled in with counts of articles read and items skipped per reason.
        max_bytes: largest single document (file, JSON line, WARC record, HTTP body) read.
        languages: articles confidently detected in another language are skipped (counted as
            ``not_english`` and logged); None keeps every language.
        timeout: seconds for each network request.
        allow_private_urls: fetch URLs whose host is a loopback, private or link-local address
            (refused by default: see :mod:`wirecoder.ingest.netguard`).

    Yields:
        :class:`Article` per article found, :class:`InputError` per bad input or record.

    Example:
        >>> for item in iter_articles(["news/"], date="2021-07-26"):  # doctest: +SKIP
        ...     print(item if isinstance(item, InputError) else item.title)
    """
    ctx = Context(date=date, max_bytes=max_bytes, stats=stats if stats is not None else IngestStats(),
                  timeout=timeout, allow_private=allow_private_urls)
    accept = tuple(languages) if languages is not None else None
    for spec in inputs:
        for item in _guarded(spec, _iter_input(spec, ctx, include, exclude), ctx):
            if isinstance(item, Article) and accept is not None:
                lang = item.language or "und"
                prob = float(item.meta.get("language_confidence", 0.0))
                if is_rejectable(int(item.meta.get("visible_chars", 0)), lang, prob, accept):
                    ctx.stats.skip("not_english")
                    log.warning("%s: skipped, language is %s (p=%.2f), not %s",
                                item.source, lang, prob, "/".join(accept))
                    continue
            if isinstance(item, Article):
                ctx.stats.read += 1
            yield item


def _guarded(spec: str, items: Iterator[Item], ctx: Context) -> Iterator[Item]:
    """``items`` until a reader fails unexpectedly (a bug, or input no reader expected): that is
    one line naming the input, and the run goes on with the next input."""
    last = str(spec)
    try:
        for item in items:
            if isinstance(item, Article):
                last = item.source or last
            yield item
    except Exception as e:  # noqa: BLE001 - one input must not stop the run
        from ..isolation import describe

        log.debug("reader of %s failed", spec, exc_info=e)
        yield ctx.error(str(spec), f"ingest: reading stopped after {last}: {describe(e)}"
                        if last != str(spec) else f"ingest: {describe(e)}", "reader_failed")


def _iter_input(spec: str, ctx: Context, include: Sequence[str], exclude: Sequence[str]) -> Iterator[Item]:
    spec = os.fspath(spec)  # pathlib.Path inputs work too
    if spec == STDIN:
        yield from iter_stream(sys.stdin.buffer, "<stdin>", ctx)
    elif spec.lower().startswith(("http://", "https://")):
        from .fetch import iter_url

        yield from iter_url(spec, ctx)
    else:
        yield from _iter_path(Path(spec), ctx, include, exclude)


def _iter_path(path: Path, ctx: Context, include: Sequence[str], exclude: Sequence[str]) -> Iterator[Item]:
    source = str(path)
    if not path.exists():
        yield ctx.error(source, "no such file or directory", "missing")
    elif path.is_dir():
        yield from _iter_folder(path, ctx, include, exclude)
    else:
        yield from _iter_file(path, ctx)


def _matches(rel: str, name: str, patterns: Sequence[str]) -> bool:
    return any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(name, p) for p in patterns)


def walk_folder(folder: Path, include: Sequence[str] = (), exclude: Sequence[str] = ()) -> tuple[list[Path], int, int]:
    """Files to read under ``folder``, sorted: ``(files, n_hidden, n_excluded)``.

    Hidden files and folders (name starting with ``.``) are skipped; symlinked folders are not
    followed (no loops). ``include``/``exclude`` are glob patterns (see :func:`iter_articles`).
    """
    files: list[Path] = []
    hidden = excluded = 0
    for dirpath, dirnames, filenames in os.walk(folder):
        keep = sorted(d for d in dirnames if not d.startswith("."))
        hidden += len(dirnames) - len(keep)
        dirnames[:] = keep
        for name in sorted(filenames):
            if name.startswith("."):
                hidden += 1
                continue
            p = Path(dirpath) / name
            rel = p.relative_to(folder).as_posix()
            if (include and not _matches(rel, name, include)) or _matches(rel, name, exclude):
                excluded += 1
                continue
            files.append(p)
    files.sort(key=lambda p: p.relative_to(folder).parts)
    return files, hidden, excluded


def _iter_folder(folder: Path, ctx: Context, include: Sequence[str], exclude: Sequence[str]) -> Iterator[Item]:
    files, hidden, excluded = walk_folder(folder, include, exclude)
    if not files:
        why = []
        if hidden:
            why.append(f"{hidden} hidden")
        if excluded:
            why.append(f"{excluded} excluded by --include/--exclude")
        yield ctx.error(str(folder), "directory has no readable files" + (f" ({', '.join(why)})" if why else ""),
                        "no_files")
        return
    for p in files:
        yield from _iter_file(p, ctx)


_KINDS = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


def _not_regular(mode: int) -> Optional[str]:
    """What a non-regular file is ("a named pipe (FIFO)" ...), None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((what for test, what in _KINDS if test(mode)), "not a regular file")


def _iter_file(path: Path, ctx: Context) -> Iterator[Item]:
    """A regular file's articles. Anything else (FIFO, socket, device) is one line and never read:
    the file is opened non-blocking (a FIFO without a writer would block ``open``) and checked with
    ``fstat`` on the open descriptor, so a file swapped for a pipe after listing is caught too."""
    source = str(path)
    try:
        what = _not_regular(os.stat(path).st_mode)
        if what:
            yield ctx.error(source, f"not a regular file ({what}); skipped", "not_regular")
            return
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as e:
        yield ctx.error(source, f"cannot open: {e.strerror or e}", "unreadable")
        return
    try:
        what = _not_regular(os.fstat(fd).st_mode)
    except OSError as e:
        what = f"cannot stat: {e.strerror or e}"
    if what:
        os.close(fd)
        yield ctx.error(source, f"not a regular file ({what}); skipped", "not_regular")
        return
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    with os.fdopen(fd, "rb") as f:
        yield from iter_stream(f, source, ctx)


def iter_stream(stream: BinaryIO, source: str, ctx: Context, *, url: Optional[str] = None,
                charset: Optional[str] = None, kind: Optional[str] = None) -> Iterator[Item]:
    """Articles in one open binary stream (file, stdin, HTTP body) named ``source``.

    ``url`` is where a single document came from, ``charset`` a declared encoding (HTTP header),
    ``kind`` forces a reader (``"feed"`` for a feed Content-Type) instead of sniffing.
    """
    size = stat_size(stream)
    if size == 0:
        yield ctx.error(source, "empty file", "empty")
        return
    try:
        opened = open_sniffed(stream, source)
    except OSError as e:
        yield ctx.error(source, f"cannot read: {e.strerror or e}", "unreadable")
        return
    if kind == "feed" and opened.kind == "document":
        opened.kind = "feed"
    if opened.kind == "warc":
        from .warc import iter_warc

        yield from iter_warc(opened.raw, source, ctx)
    elif opened.kind == "jsonl":
        from .jsonl import iter_jsonl

        yield from iter_jsonl(opened, source, ctx)
    else:
        # a single document: checked against --max-bytes before it is read (a 50 MB file is
        # rejected after reading its first 64 KB)
        if size is not None and not opened.compressed and size > ctx.max_bytes:
            yield ctx.error(source, f"file is {size:,} bytes, over the {ctx.max_bytes:,}-byte limit (--max-bytes)",
                            "too_large")
            return
        data = yield from _read_document(opened, source, ctx)
        if data is None:
            return
        if opened.kind == "feed":
            from .feeds import iter_feed

            yield from iter_feed(data, source, ctx, url=url, charset=charset)
        else:
            yield from document_items(data, source, ctx, url=url, charset=charset)


def _read_document(opened: Opened, source: str, ctx: Context) -> Iterator[Item]:
    """Read a whole (possibly gzipped) document of at most ``max_bytes``; None after yielding an error."""
    try:
        data = read_up_to(opened.content(), ctx.max_bytes + 1)
    except (EOFError, OSError, ValueError) as e:  # gzip.BadGzipFile is an OSError; zlib.error a ValueError-ish
        yield ctx.error(source, f"truncated or corrupt gzip ({e})", "truncated")
        return None
    except Exception as e:  # zlib.error
        yield ctx.error(source, f"truncated or corrupt gzip ({e})", "truncated")
        return None
    if len(data) > ctx.max_bytes:
        yield ctx.error(source, f"over the {ctx.max_bytes:,}-byte limit (--max-bytes) when decompressed", "too_large")
        return None
    return data


def check_text_bytes(data: bytes, source: str, ctx: Context, what: str = "file",
                     charset: Optional[str] = None) -> Union[str, InputError]:
    """Decoded text of one document, or the :class:`InputError` saying why it has none."""
    if not data.strip():
        return ctx.error(source, f"empty {what}", "empty")
    why = binary_reason(data)
    if why:
        return ctx.error(source, why if what == "file" else why.replace("binary file", f"binary {what}"), "binary")
    try:
        text, _encoding = decode_bytes(data, hint=charset)
    except UndecodableError as e:
        return ctx.error(source, str(e), "undecodable")
    if not text.strip():
        return ctx.error(source, f"empty {what}", "empty")
    return text


def document_items(data: bytes, source: str, ctx: Context, *, url: Optional[str] = None,
                   charset: Optional[str] = None, what: str = "file", **build: Any) -> Iterator[Item]:
    """The one article in a single text/HTML document's bytes, or the error that prevents it."""
    text = check_text_bytes(data, source, ctx, what=what, charset=charset)
    if isinstance(text, InputError):
        yield text
        return
    yield make_article(text, source=source, ctx=ctx, url=url, **build)


def make_article(raw: str, *, source: str, ctx: Context, **build: Any) -> Item:
    """:func:`build_article` with the run's ``--date`` option; a record it fails on is one error."""
    try:
        return build_article(raw, source=source, date_option=ctx.date, **build)
    except Exception as e:  # noqa: BLE001 - one record must not stop the others
        from ..isolation import describe

        log.debug("%s: build_article failed", source, exc_info=e)
        return ctx.error(source, f"ingest: {describe(e)}", "failed_ingest")
