"""Loading the packaged data files (lexicon, dictionaries, ontology) with actionable errors.

Every data file has a documented format in its own header comment. A loader that finds a problem
raises :class:`~wirecoder.errors.DataFileError` naming the file, the line and what is wrong, the way
spaCy's lookups name the missing table.
"""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, Sequence

import yaml

from .errors import DataFileError

DATA_DIR = Path(__file__).resolve().parent / "data"


def data_path(name: str) -> Path:
    """Path of a packaged data file, e.g. ``data_path("lexicon.tsv")``."""
    p = DATA_DIR / name
    if not p.exists():
        raise DataFileError(str(p), "packaged data file is missing; reinstall wirecoder")
    return p


def _read_lines(path: Path) -> list[str]:
    """The lines of a UTF-8 text file; a missing or undecodable file is one :class:`DataFileError`."""
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise DataFileError(str(path), "file not found") from None
    except UnicodeDecodeError as e:
        raise DataFileError(str(path), f"not UTF-8 text ({e.reason} at byte {e.start})") from None


def read_tsv(path: str | Path, required: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(line_number, row)`` of a tab-separated file with a header row.

    Lines starting with ``#`` and blank lines are comments. ``required`` columns must be in the header.
    """
    path = Path(path)
    lines = _read_lines(path)
    header: list[str] | None = None
    for no, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
        if header is None:
            header = [c.strip() for c in cells]
            missing = [c for c in required if c not in header]
            if missing:
                raise DataFileError(f"{path}:{no}", f"header lacks column(s) {', '.join(missing)}; "
                                                    f"expected at least: {', '.join(required)}")
            continue
        if len(cells) > len(header):
            raise DataFileError(f"{path}:{no}", f"{len(cells)} cells but the header has {len(header)} columns")
        row = {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header)}
        yield no, row
    if header is None:
        raise DataFileError(str(path), "empty file: no header row")


def read_yaml(path: str | Path, required: Sequence[str] = ()) -> dict[str, Any]:
    path = Path(path)
    try:
        data = _load_yaml(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataFileError(str(path), "file not found") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise DataFileError(where, f"not valid YAML: {getattr(e, 'problem', e)}") from None
    if not isinstance(data, dict):
        raise DataFileError(str(path), "expected a mapping at the top level")
    missing = [k for k in required if k not in data]
    if missing:
        raise DataFileError(str(path), f"missing key(s): {', '.join(missing)}")
    return data


def _load_yaml(text: str) -> Any:
    """``yaml.safe_load`` through libyaml's parser where PyYAML has it (the same data, some ten times
    faster: cues.yaml and assembly.yaml are read at each process start); a text it rejects is read
    again by the pure-Python parser, whose error message is the one reported."""
    loader = getattr(yaml, "CSafeLoader", None)
    if loader is not None:
        try:
            return yaml.load(text, Loader=loader)
        except yaml.YAMLError:
            pass
    return yaml.safe_load(text)


def read_words(path: str | Path) -> tuple[str, ...]:
    """The words of a word-list file, in order: one lower-case word (or phrase) per line; blank lines
    and lines starting with ``#`` are comments. A tab or an upper-case letter in a word is an error
    naming the line."""
    path = Path(path)
    lines = _read_lines(path)
    out = []
    for no, line in enumerate(lines, 1):
        word = line.strip()
        if not word or word.startswith("#"):
            continue
        if "\t" in word or word != word.lower():
            raise DataFileError(f"{path}:{no}", f"{word!r}: expected one lower-case word per line")
        out.append(word)
    if not out:
        raise DataFileError(str(path), "no words")
    return tuple(out)


def split_list(cell: str, sep: str = "|") -> list[str]:
    return [x.strip() for x in cell.split(sep) if x.strip()]


def yaml_words(path: str | Path, key: str, value: Any) -> tuple[str, ...]:
    """The words of a YAML data file's word list ``key``, in order; a clear error when it is not a
    non-empty list of strings (YAML 1.1 reads a bare on/off/yes/no as a boolean: the error says to
    quote it)."""
    if not isinstance(value, list) or not value:
        raise DataFileError(str(path), f"{key}: expected a non-empty list of words")
    bad = [x for x in value if not isinstance(x, str)]
    if bad:
        raise DataFileError(str(path), f"{key}: {bad[0]!r} is not a string; quote it")
    return tuple(value)


_STOPWORD_LISTS = ("dedupe_stop", "place_unit_words", "heading_stop", "scoring_place_words")


def load_stopwords(path: str | Path | None = None) -> dict[str, Any]:
    """The word lists of ``data/stopwords.yaml`` (or the file at ``path``; the format is in the file's
    header): each list as a frozenset, ``dedupe_numbers`` as {word: figure as text}. A malformed file
    raises :class:`DataFileError` naming the key."""
    path = Path(path) if path else data_path("stopwords.yaml")
    raw = read_yaml(path, _STOPWORD_LISTS + ("dedupe_numbers",))
    out: dict[str, Any] = {k: frozenset(yaml_words(path, k, raw[k])) for k in _STOPWORD_LISTS}
    numbers = raw["dedupe_numbers"]
    if not isinstance(numbers, dict) or not numbers or not all(
            isinstance(w, str) and isinstance(v, int) and not isinstance(v, bool) and v > 0 for w, v in numbers.items()):
        raise DataFileError(str(path), "dedupe_numbers: expected a mapping {word: positive whole number} "
                                       "(quote on/off/yes/no)")
    out["dedupe_numbers"] = {w: str(v) for w, v in numbers.items()}
    return out


@lru_cache(maxsize=1)
def default_stopwords() -> dict[str, Any]:
    """The packaged ``data/stopwords.yaml`` (:func:`load_stopwords`), read once per process: the
    cleaner, dedupe and the article scorer each take their lists from it."""
    return load_stopwords()
