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

Scanned repository files (``DEFAULT_PATHS``): ``README.md`` and every
``*.py``, ``*.txt``, ``*.json``, ``*.jsonl``, ``*.yaml``, ``*.yml``, ``*.csv``,
``*.md``, ``*.tsv`` under ``tests/``, ``benchmarks/``, ``scripts/`` and
``wirecoder/`` (code, comments and docstrings included).

Allowlist: ``scripts/gold_overlap_allow.txt`` names the name columns of name
lists, which are not scanned: official names and aliases of organisations and
countries are names, not sentences, and share long names with gold texts
("Organisation for the Prohibition of Chemical Weapons").  One entry a line
(``#`` comments): a repository-relative path and the 1-based columns of its
tab-separated rows left out (``wirecoder/data/organisations.tsv 1,2``); a path
alone leaves the whole file out.  The other columns (notes) are still scanned.
Keep it to such name columns; ``--skip PATH`` leaves a whole file out for a run,
``--no-allowlist`` scans everything.

Usage::

    python scripts/gold_overlap.py [--gold ../shared/gold] [-n 7] [--show]
                                   [--skip PATH] [--no-allowlist] [PATH ...]

Prints ``path:line: text`` for every flagged line (``--show`` adds the first
shared run) and exits 1 when any line is flagged, 0 otherwise, 2 when the gold
folder does not exist or the allowlist is malformed.  ``tests/test_no_gold_text.py`` runs it over the default
paths with the allowlist.
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
DEFAULT_PATHS = ("README.md", "tests", "benchmarks", "scripts", "wirecoder")
ALLOWLIST = REPO / "scripts" / "gold_overlap_allow.txt"


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


def allowlisted(listing: Path = ALLOWLIST, root: Path = REPO) -> dict[Path, frozenset[int] | None]:
    """Resolved path -> the columns the allowlist leaves out of it (None: the whole file).

    A missing listing leaves nothing out; a malformed entry raises ValueError naming it."""
    try:
        lines = listing.read_text(encoding="utf-8").splitlines()
    except OSError:
        return {}
    out: dict[Path, frozenset[int] | None] = {}
    for no, ln in enumerate(lines, 1):
        parts = ln.split("#", 1)[0].split()
        if not parts:
            continue
        if len(parts) > 2 or (len(parts) == 2 and not all(c.isdigit() and int(c) > 0
                                                          for c in parts[1].split(","))):
            raise ValueError(f"{listing}:{no}: expected 'PATH [COLUMN,COLUMN...]', got {ln.strip()!r}")
        out[(root / parts[0]).resolve()] = (frozenset(int(c) for c in parts[1].split(","))
                                            if len(parts) == 2 else None)
    return out


def scan_files(paths: list[Path], skip: set[Path] = frozenset()) -> list[Path]:
    """The files to scan under ``paths`` (files as given), less those in ``skip`` (resolved paths)."""
    files: list[Path] = []
    for p in paths:
        if p.is_file():
            found = [p]
        elif p.is_dir():
            found = [f for f in sorted(p.rglob("*"))
                     if f.is_file() and "__pycache__" not in f.parts and f.suffix in SCAN_SUFFIXES]
        else:
            found = []
        files.extend(f for f in found if f.resolve() not in skip)
    return files


def flagged_lines(path: Path, shingles: set[int], n: int = N_DEFAULT, blank: frozenset[int] = frozenset()):
    """Yield (line number, line, shared words) for lines of ``path`` sharing a run.

    ``blank``: 1-based columns of tab-separated lines whose words are not read."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return
    toks: list[tuple[str, int]] = []
    for no, line in enumerate(lines, 1):
        if blank and "\t" in line:
            line = "\t".join("" if i in blank else f for i, f in enumerate(line.split("\t"), 1))
        toks.extend((w, no) for w in words(line))
    hits: dict[int, str] = {}
    for i in range(len(toks) - n + 1):
        run = tuple(w for w, _ in toks[i:i + n])
        if hash(run) in shingles:
            for _, no in toks[i:i + n]:
                hits.setdefault(no, " ".join(run))
    for no in sorted(hits):
        yield no, lines[no - 1], hits[no]


def scan(paths: list[Path], shingles: set[int], n: int = N_DEFAULT,
         allow: dict[Path, frozenset[int] | None] | None = None, skip: set[Path] = frozenset()):
    """Yield (file, line number, line, shared words) for every flagged line under ``paths``,
    leaving out the files in ``skip`` and what ``allow`` (see ``allowlisted``) names."""
    allow = allow or {}
    whole = set(skip) | {f for f, cols in allow.items() if cols is None}
    for f in scan_files(paths, whole):
        for no, line, run in flagged_lines(f, shingles, n, allow.get(f.resolve()) or frozenset()):
            yield f, no, line, run


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("paths", nargs="*", type=Path,
                    help="files or folders to scan (default: " + ", ".join(DEFAULT_PATHS) + ")")
    ap.add_argument("--gold", type=Path,
                    default=Path(os.environ.get("WIRECODER_SHARED", REPO.parent / "shared")) / "gold",
                    help="the gold folder (default: $WIRECODER_SHARED/gold, else ../shared/gold)")
    ap.add_argument("-n", type=int, default=N_DEFAULT, help="run length in words (default 7)")
    ap.add_argument("--show", action="store_true", help="print the shared run under each line")
    ap.add_argument("--skip", type=Path, action="append", default=[],
                    help="a file not to scan (repeatable), besides those of the allowlist")
    ap.add_argument("--no-allowlist", action="store_true",
                    help=f"scan what {ALLOWLIST.relative_to(REPO)} leaves out too")
    args = ap.parse_args(argv)
    if not args.gold.is_dir():
        print(f"gold_overlap: {args.gold}: no such folder", file=sys.stderr)
        return 2
    shingles = gold_shingles(args.gold, args.n)
    paths = args.paths or [REPO / p for p in DEFAULT_PATHS]
    try:
        allow = {} if args.no_allowlist else allowlisted()
    except ValueError as exc:
        print(f"gold_overlap: {exc}", file=sys.stderr)
        return 2
    count = 0
    for f, no, line, run in scan(paths, shingles, args.n, allow, {p.resolve() for p in args.skip}):
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
