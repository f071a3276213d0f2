"""Ingest throughput on a CC-NEWS-like WARC.gz built at run time.

Builds (in a temp dir) a WARC.gz of about ``--mb`` MB by repeating the HTML pages of
``$WIRECODER_SHARED/gold/article-extraction/html/*.html.gz`` as ``response`` records with distinct
URIs (one gzip member per record, like Common Crawl), then streams it through
:func:`wirecoder.ingest.iter_articles` and prints records/s, MB/s (compressed and uncompressed) and
peak RSS. A baseline pass (warcio alone: iterate and read every payload) over the same file gives
the ratio of ingest's own cost.

    .venv/bin/python benchmarks/ingest_bench.py --mb 1000
    .venv/bin/python benchmarks/ingest_bench.py --mb 100 --keep /tmp/bench.warc.gz
"""
from __future__ import annotations

import argparse
import datetime as dt
import gzip
import logging
import os
import resource
import sys
import tempfile
import time
import uuid
import zlib
from pathlib import Path


def shared_dir() -> Path:
    env = os.environ.get("WIRECODER_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[1] / ".." / "shared"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def build_warc(pages: list[bytes], path: Path, target_mb: float, level: int) -> tuple[int, int]:
    """Write response records round-robin over ``pages`` until the file reaches ``target_mb``.

    Returns ``(records, uncompressed bytes)``. Records are written directly (WARC/1.0 headers +
    HTTP block, one gzip member each), which is what warcio's writer produces, only faster.
    """
    target = int(target_mb * 1_000_000)
    http_blocks = [
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: "
        + str(len(p)).encode() + b"\r\n\r\n" + p
        for p in pages
    ]
    base = dt.datetime(2021, 7, 1, tzinfo=dt.timezone.utc)
    records = raw_bytes = written = 0
    with open(path, "wb") as f:
        while written < target:
            block = http_blocks[records % len(http_blocks)]
            date = (base + dt.timedelta(seconds=37 * records)).strftime("%Y-%m-%dT%H:%M:%SZ")
            head = (
                "WARC/1.0\r\nWARC-Type: response\r\n"
                f"WARC-Target-URI: https://news{records % 97}.example.com/{records // len(http_blocks)}/story-{records}\r\n"
                f"WARC-Date: {date}\r\nWARC-Record-ID: <urn:uuid:{uuid.UUID(int=records + 1)}>\r\n"
                "Content-Type: application/http; msgtype=response\r\n"
                f"Content-Length: {len(block)}\r\n\r\n"
            ).encode()
            c = zlib.compressobj(level, zlib.DEFLATED, 31)
            member = c.compress(head) + c.compress(block) + c.compress(b"\r\n\r\n") + c.flush()
            f.write(member)
            written += len(member)
            raw_bytes += len(head) + len(block) + 4
            records += 1
    return records, raw_bytes


def baseline(path: Path) -> tuple[int, float]:
    """warcio alone: iterate and read every payload."""
    from warcio.archiveiterator import ArchiveIterator

    t = time.perf_counter()
    n = 0
    with open(path, "rb") as f:
        for rec in ArchiveIterator(f):
            rec.content_stream().read()
            n += 1
    return n, time.perf_counter() - t


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=1000, help="size of the WARC.gz to build, in MB (default 1000)")
    ap.add_argument("--level", type=int, default=6, help="gzip level of the built archive (default 6)")
    ap.add_argument("--keep", type=Path, help="write the archive here and keep it (default: temp dir, deleted)")
    ap.add_argument("--no-baseline", action="store_true", help="skip the warcio-only baseline pass")
    args = ap.parse_args(argv)
    logging.getLogger("wirecoder.ingest").setLevel(logging.ERROR)  # one warning per non-English page

    html_dir = shared_dir() / "gold" / "article-extraction" / "html"
    files = sorted(html_dir.glob("*.html.gz"))
    if not files:
        print(f"ingest_bench: no pages in {html_dir} (set WIRECODER_SHARED)", file=sys.stderr)
        return 2
    pages = [gzip.decompress(p.read_bytes()) for p in files]

    from wirecoder.errors import InputError
    from wirecoder.ingest import IngestStats, iter_articles

    with tempfile.TemporaryDirectory(prefix="wirecoder-bench-") as tmp:
        path = args.keep or Path(tmp) / "bench.warc.gz"
        t = time.perf_counter()
        n_records, raw_bytes = build_warc(pages, path, args.mb, args.level)
        size = path.stat().st_size
        print(f"built {path.name}: {n_records:,} records from {len(pages)} pages, "
              f"{size / 1e6:,.0f} MB gz / {raw_bytes / 1e6:,.0f} MB raw in {time.perf_counter() - t:.1f}s")
        rss_before = peak_rss_mb()

        base_n, base_s = (0, 0.0) if args.no_baseline else baseline(path)

        stats = IngestStats()
        errors = 0
        t = time.perf_counter()
        for item in iter_articles([str(path)], stats=stats):
            if isinstance(item, InputError):
                errors += 1
        secs = time.perf_counter() - t
        records = stats.read + stats.total_skipped
        print(f"ingest: {stats.summary()}; {errors} errors")
        print(f"ingest: {secs:.1f}s  {records / secs:,.1f} records/s  {size / 1e6 / secs:,.2f} MB/s gz  "
              f"{raw_bytes / 1e6 / secs:,.2f} MB/s raw")
        if base_s:
            print(f"baseline (warcio read only): {base_s:.1f}s  {base_n / base_s:,.1f} records/s  "
                  f"-> ingest costs {secs / base_s:.1f}x the baseline")
        print(f"peak RSS: {peak_rss_mb():,.0f} MB (after build, before ingest: {rss_before:,.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
