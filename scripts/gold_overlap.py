"""List repository lines that share a run of N words with a gold set's text.

The gold sets under ``../shared/gold`` (relative to the repository root) belong to
others: tests and ``wirecoder eval`` read them there, and nothing of them is ever
copied into the repository, a test fixture or a package.  This checker finds
lines that do copy (or closely paraphrase) a gold sentence.

Method: every text is reduced to its lowercase alphanumeric words
(``[a-z0-9]+`` after lowercasing); every run of N consecutive words (a
"shingle", N=7 by default) of the gold texts is hashed into one set.  Each
scanned repository file is reduced the same way, keeping the line number of
every word, and a shingle found in the gold set flags every line it spans (so a
sentence split over two string literals is still found).

Gold texts read (each file's prose, not its markup):

- ``article-events/articles.jsonl``: every string value (``text``, events'
  ``evidence``, names ...);
- ``plv/*.tsv``, ``cameo-sentences/*.tsv``, ``case2021-task2/*.tsv``: the whole
  file as text;
- ``plover-gsr/*.txt`` (JSON): every string value;
- ``event-location/*.json.gz``: every string value;
- ``geoparsing/*.xml``, ``tempeval3/**/*.tml``, ``ecbplus/**/*.xml``: the text
  with the tags removed;
- ``article-extraction/ground-truth.json``: every string value (the article
  bodies; the gzipped HTML pages are skipped);
- any other ``*.txt``/``*.md``/``*.csv`` under the gold folder (READMEs,
  conventions) is skipped: those are documentation, not sentences.

Scanned repository files: ``tests/``, ``benchmarks/`` (``*.py``, ``*.txt``,
``*.json``, ``*.jsonl``, ``*.yaml``, ``*.csv``, ``*.md``) and the data files
under ``wirecoder/`` (everything but ``*.py``).

Usage::

    python scripts/gold_overlap.py [--gold ../shared/gold] [-n 7] [--show] [PATH ...]

Prints ``path:line: text`` for every flagged line (``--show`` adds the first
shared run) and exits 1 when any line is flagged, 0 otherwise, 2 when the gold
folder does not exist.  ``tests/test_no_gold_text.py`` runs it over ``tests/``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
from pathlib import Path

_WORD = re.compile(r"[a-z0-9]+")
_TAG = re.compile(r"<[^>]*>")
N_DEFAULT = 7
REPO = Path(__file__).resolve().parent.parent
SCAN_SUFFIXES = {".py", ".txt", ".json", ".jsonl", ".yaml", ".yml", ".csv", ".md", ".tsv"}


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _strings(obj, out: list[str]) -> None:
    if isinstance(obj, str):
        out.append(obj)
    elif isinstance(obj, dict):
        for v in obj.values():
            _strings(v, out)
    elif isinstance(obj, list):
        for v in obj:
            _strings(v, out)


def _json_texts(raw: str) -> list[str]:
    out: list[str] = []
    raw = raw.strip()
    try:
        _strings(json.loads(raw), out)
    except ValueError:  # JSON Lines
        for line in raw.splitlines():
            line = line.strip()
            if line:
                try:
                    _strings(json.loads(line), out)
                except ValueError:
                    out.append(line)
    return out


def gold_texts(gold: Path):
    """Yield (file, text) for every prose text of the gold sets under ``gold``."""
    for path in sorted(gold.rglob("*")):
        if not path.is_file():
            continue
        name = path.name.lower()
        rel = path.relative_to(gold).as_posix()
        try:
            if name.endswith(".jsonl") or name == "ground-truth.json":
                for t in _json_texts(path.read_text(encoding="utf-8", errors="replace")):
                    yield rel, t
            elif name.endswith(".json.gz"):
                with gzip.open(path, "rt", encoding="utf-8", errors="replace") as fh:
                    for t in _json_texts(fh.read()):
                        yield rel, t
            elif rel.startswith("plover-gsr/") and name.endswith(".txt") and "cameo2plover" not in name:
                for t in _json_texts(path.read_text(encoding="utf-8", errors="replace")):
                    yield rel, t
            elif name.endswith(".tsv"):
                yield rel, path.read_text(encoding="utf-8", errors="replace")
            elif name.endswith((".xml", ".tml")):
                yield rel, _TAG.sub(" ", path.read_text(encoding="utf-8", errors="replace"))
        except OSError:
            continue


def gold_shingles(gold: Path, n: int = N_DEFAULT) -> set[int]:
    """Hashes of every n-word run of the gold texts."""
    seen: set[int] = set()
    texts: set[int] = set()
    for _, text in gold_texts(gold):
        for chunk in text.split("\n") if "\t" in text else (text,):
            key = hash(chunk)
            if key in texts:               # the same sentence again (event-location repeats them)
                continue
            texts.add(key)
            w = words(chunk)
            for i in range(len(w) - n + 1):
                seen.add(hash(tuple(w[i:i + n])))
    return seen


def scan_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for p in paths:
        if p.is_file():
            files.append(p)
        elif p.is_dir():
            for f in sorted(p.rglob("*")):
                if not f.is_file() or "__pycache__" in f.parts:
                    continue
                if f.suffix not in SCAN_SUFFIXES:
                    continue
                if p.name == "wirecoder" and f.suffix == ".py":
                    continue
                files.append(f)
    return files


def flagged_lines(path: Path, shingles: set[int], n: int = N_DEFAULT):
    """Yield (line number, line, shared words) for lines of ``path`` sharing a run."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return
    toks: list[tuple[str, int]] = []
    for no, line in enumerate(lines, 1):
        toks.extend((w, no) for w in words(line))
    hits: dict[int, str] = {}
    for i in range(len(toks) - n + 1):
        run = tuple(w for w, _ in toks[i:i + n])
        if hash(run) in shingles:
            for _, no in toks[i:i + n]:
                hits.setdefault(no, " ".join(run))
    for no in sorted(hits):
        yield no, lines[no - 1], hits[no]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("paths", nargs="*", type=Path,
                    help="files or folders to scan (default: tests, benchmarks, wirecoder data files)")
    ap.add_argument("--gold", type=Path,
                    default=Path(os.environ.get("WIRECODER_SHARED", REPO.parent / "shared")) / "gold",
                    help="the gold folder (default: $WIRECODER_SHARED/gold, else ../shared/gold)")
    ap.add_argument("-n", type=int, default=N_DEFAULT, help="run length in words (default 7)")
    ap.add_argument("--show", action="store_true", help="print the shared run under each line")
    args = ap.parse_args(argv)
    if not args.gold.is_dir():
        print(f"gold_overlap: {args.gold}: no such folder", file=sys.stderr)
        return 2
    shingles = gold_shingles(args.gold, args.n)
    paths = args.paths or [REPO / "tests", REPO / "benchmarks", REPO / "wirecoder"]
    count = 0
    for f in scan_files(paths):
        for no, line, run in flagged_lines(f, shingles, args.n):
            count += 1
            try:
                shown = f.resolve().relative_to(REPO)
            except ValueError:
                shown = f
            print(f"{shown}:{no}: {line.strip()}")
            if args.show:
                print(f"    shared: {run}")
    print(f"gold_overlap: {count} line(s) share a {args.n}-word run with {args.gold}", file=sys.stderr)
    return 1 if count else 0


if __name__ == "__main__":
    sys.exit(main())
