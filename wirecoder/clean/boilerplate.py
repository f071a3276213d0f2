"""Loader for the boilerplate vocabulary (``wirecoder/data/boilerplate.txt``).

The file's format is documented in its header: ``<rule> <phrase>`` per line, rule one of
``line``, ``start``, ``any``. :func:`load_boilerplate` compiles it into a :class:`Boilerplate`
that answers "is this short line site furniture?".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import DataFileError

DEFAULT_PATH = Path(__file__).resolve().parents[1] / "data" / "boilerplate.txt"
RULES = ("line", "start", "any")


def _phrase_pattern(phrase: str) -> str:
    body = r"\s+".join(re.escape(p) for p in phrase.split())
    if re.match(r"\w", phrase):
        body = r"\b" + body
    if re.search(r"\w$", phrase):
        body = body + r"\b"
    return body


@dataclass(frozen=True)
class Boilerplate:
    """Compiled boilerplate rules. ``path`` is where they were read from (for messages)."""

    path: str
    line_re: re.Pattern[str] | None
    start_re: re.Pattern[str] | None
    any_re: re.Pattern[str] | None
    any_literals: tuple[str, ...] = ()

    def starts(self, line: str) -> bool:
        """True when a ``start`` phrase begins ``line``."""
        return self.start_re is not None and self.start_re.match(line) is not None

    def contains(self, line: str) -> bool:
        """True when an ``any`` phrase occurs in ``line``."""
        if self.any_re is None:
            return False
        # Plain substring tests first: the word-boundary regex is only needed to confirm a hit.
        low = line.lower()
        if not any(p in low for p in self.any_literals):
            return False
        return self.any_re.search(line) is not None

    def nav_coverage(self, line: str, n_words: int) -> float:
        """Share of the line's words covered by ``line`` phrases (0..1)."""
        if self.line_re is None or n_words == 0:
            return 0.0
        covered = sum(len(m.group().split()) for m in self.line_re.finditer(line))
        return min(1.0, covered / n_words)


def parse_boilerplate(text: str, path: str = "<string>") -> Boilerplate:
    """Compile boilerplate rules from the text of a vocabulary file.

    >>> bp = parse_boilerplate("start\\tread more\\nany\\tall rights reserved")
    >>> bp.starts("Read more: the full story")
    True
    """
    phrases: dict[str, list[str]] = {r: [] for r in RULES}
    for no, line in enumerate(text.splitlines(), 1):
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        parts = s.split(None, 1)
        if len(parts) != 2 or parts[0] not in RULES:
            raise DataFileError(
                path, f"line {no}: expected '<rule> <phrase>' with rule one of "
                      f"{', '.join(RULES)}, got {s[:60]!r}")
        phrases[parts[0]].append(parts[1].strip().lower())

    def compile_(items: list[str], prefix: str) -> re.Pattern[str] | None:
        if not items:
            return None
        # Longest first so that "back to top" wins over "top".
        alts = "|".join(_phrase_pattern(p) for p in sorted(set(items), key=len, reverse=True))
        return re.compile(prefix + "(?:" + alts + ")", re.IGNORECASE)

    return Boilerplate(
        path=path,
        line_re=compile_(phrases["line"], ""),
        start_re=compile_(phrases["start"], r"[\W_]*"),
        any_re=compile_(phrases["any"], ""),
        any_literals=tuple(sorted({" ".join(p.split()) for p in phrases["any"]})),
    )


@lru_cache(maxsize=8)
def load_boilerplate(path: str | None = None) -> Boilerplate:
    """Read and compile a boilerplate vocabulary file (the packaged one when ``path`` is None)."""
    p = Path(path) if path else DEFAULT_PATH
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataFileError(str(p), "boilerplate vocabulary not found; pass an existing file "
                                    "as CleanOptions(boilerplate_path=...) or reinstall wirecoder")
    except (OSError, UnicodeDecodeError) as e:
        raise DataFileError(str(p), f"cannot read boilerplate vocabulary: {e}")
    return parse_boilerplate(text, str(p))
