"""Argument types of the command line: each checks one value and names the problem in one line.

argparse turns an ``ArgumentTypeError`` into ``wirecoder <command>: argument --date: ...`` and exit
status 2 (see :class:`OneLineParser`), before any input is read or any store is opened.
"""
from __future__ import annotations

import argparse
import math
import re
import sys
from datetime import date
from functools import lru_cache
from typing import Callable, Optional, Sequence

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EXTRA_COUNTRY_CODES = ("IGO", "NGO", "IMG", "UNO")


class UsageError(Exception):
    """A command-line value that cannot be used (one line on stderr, exit status 2)."""


class OneLineParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line on stderr and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def iso_date(value: str) -> str:
    """A calendar date written YYYY-MM-DD (``2023-02-30`` and ``14/03/2023`` are refused)."""
    v = value.strip()
    if not ISO_DATE.match(v):
        raise argparse.ArgumentTypeError(f"{value!r} is not a date: write YYYY-MM-DD (e.g. 2023-03-14)")
    try:
        date.fromisoformat(v)
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"{value!r} is not a real date ({e})") from None
    return v


def positive_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"{value!r} must be 1 or more")
    return n


def nonnegative_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"{value!r} must be 0 or more")
    return n


def positive_float(value: str) -> float:
    try:
        x = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number") from None
    if not math.isfinite(x) or x <= 0:
        raise argparse.ArgumentTypeError(f"{value!r} must be a finite number above 0")
    return x


def unit_float(value: str) -> float:
    try:
        x = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number") from None
    if not math.isfinite(x) or not 0 <= x <= 1:
        raise argparse.ArgumentTypeError(f"{value!r} must be between 0 and 1")
    return x


def lat_lon(value: str) -> tuple[float, float]:
    """``LAT,LON`` in degrees: finite, latitude in -90..90, longitude in -180..180."""
    parts = value.split(",")
    try:
        lat, lon = (float(x) for x in parts)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not LAT,LON (e.g. 35.85,71.79)") from None
    if not (math.isfinite(lat) and math.isfinite(lon)):
        raise argparse.ArgumentTypeError(f"{value!r}: latitude and longitude must be finite numbers")
    if not -90 <= lat <= 90 or not -180 <= lon <= 180:
        raise argparse.ArgumentTypeError(f"{value!r}: latitude must be in -90..90 and longitude in -180..180")
    return lat, lon


@lru_cache(maxsize=1)
def _event_types() -> tuple[str, ...]:
    from .ontology import default_ontology
    return tuple(default_ontology().types)


@lru_cache(maxsize=1)
def _modes() -> tuple[str, ...]:
    from .ontology import default_ontology
    return tuple(sorted({m for t in default_ontology().types.values() for m in t.modes}))


@lru_cache(maxsize=1)
def _countries() -> tuple[str, ...]:
    from .datafiles import data_path, read_tsv
    return tuple(row["iso3"] for _, row in read_tsv(data_path("countries.tsv"), ["iso3"])) + EXTRA_COUNTRY_CODES


def _one_of(kind: str, known: Callable[[], Sequence[str]], upper: bool = True) -> Callable[[str], str]:
    def check(value: str) -> str:
        vals = [v.strip().upper() if upper else v.strip() for v in value.split(",") if v.strip()]
        if not vals:
            raise argparse.ArgumentTypeError(f"{value!r}: give at least one {kind}")
        bad = [v for v in vals if v not in known()]
        if bad:
            listing = ", ".join(known()) if len(known()) <= 40 else "ISO 3166 alpha-3 codes such as AFG, KEN, PAK"
            raise argparse.ArgumentTypeError(f"unknown {kind} {', '.join(map(repr, bad))}; use {listing}")
        return ",".join(vals)
    check.__name__ = kind.replace(" ", "_")
    return check


event_types = _one_of("PLOVER event type", _event_types)
modes = _one_of("PLOVER mode", _modes, upper=False)
countries = _one_of("country code", _countries)


def join_dash_values(argv: Sequence[str], options: Sequence[str] = ("--sort",)) -> list[str]:
    """``--sort -sources`` as ``--sort=-sources`` (argparse would read ``-sources`` as an option)."""
    out: list[str] = []
    i = 0
    argv = list(argv)
    while i < len(argv):
        a = argv[i]
        if a in options and i + 1 < len(argv) and argv[i + 1].startswith("-") and len(argv[i + 1]) > 1 \
                and not argv[i + 1].startswith("--"):
            out.append(f"{a}={argv[i + 1]}")
            i += 2
            continue
        out.append(a)
        i += 1
    return out


def plural(n: int, word: str, words: Optional[str] = None) -> str:
    """``1 article``, ``2 articles``."""
    return f"{n} {word if n == 1 else (words or word + 's')}"


def argv_or_sys(argv: Optional[Sequence[str]]) -> list[str]:
    return list(sys.argv[1:] if argv is None else argv)
