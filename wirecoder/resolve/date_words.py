"""The words of the date grammar, ``data/dates.yaml`` (its header documents the format), read and
checked apart from :mod:`wirecoder.resolve.dates` so that a reader of month names (the dateline
reader of :mod:`wirecoder.ingest.pubdate`) does not compile the grammar."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from wirecoder.datafiles import read_yaml, yaml_words
from wirecoder.errors import DataFileError

DATE_WORDS_FILE = Path(__file__).resolve().parents[1] / "data" / "dates.yaml"
_WORD_TABLES = ("months", "weekdays", "ones", "teens", "tens", "number_phrases", "ordinals", "decade_words")
_CODE_TABLES = {"parts_of_day": ("MO", "AF", "EV", "NI", "MI"), "seasons": ("SP", "SU", "FA", "WI"),
                "set_adverbs": ("P1D", "P1W", "P1M", "P3M", "P1Y", "PT1H", "TNI")}
_WORD_LISTS = ("vague_numbers", "past_words", "not_past", "skip_words", "speech_or_aux", "counted_nouns")
_UNIT_CODES = ("S", "M", "H", "D", "W", "W2", "Q", "Y", "DE", "CE")


def load_date_words(path: str | Path | None = None) -> dict[str, Any]:
    """The date grammar's words (``data/dates.yaml``, or the file at ``path``; the format is in the
    file's header), each table as a dict in the file's order, ``units`` as {unit: (designator, timed,
    plural)}, the word lists as tuples. A malformed file raises :class:`DataFileError` naming the key."""
    path = Path(path) if path else DATE_WORDS_FILE
    raw = read_yaml(path, _WORD_TABLES + tuple(_CODE_TABLES) + _WORD_LISTS + ("units",))
    out: dict[str, Any] = {}

    def table(key: str, ok: Callable[[Any], bool], what: str) -> dict[str, Any]:
        t = raw[key]
        if not isinstance(t, dict) or not t or not all(isinstance(w, str) and w == w.lower() and ok(v)
                                                       for w, v in t.items()):
            raise DataFileError(str(path), f"{key}: expected a mapping {{lower-case word: {what}}} "
                                           f"(quote on/off/yes/no)")
        return dict(t)
    for key in _WORD_TABLES:
        positive = key == "number_phrases"
        out[key] = table(key, lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)
                         and (v > 0 if positive else v >= 0 and v == int(v)),
                         "positive number" if positive else "whole number")
    for key, codes in _CODE_TABLES.items():
        out[key] = table(key, lambda v: v in codes, f"one of {', '.join(codes)}")
    for key in _WORD_LISTS:
        out[key] = yaml_words(path, key, raw[key])
    units = table("units", lambda v: isinstance(v, list) and len(v) == 3 and v[0] in _UNIT_CODES
                  and isinstance(v[1], bool) and isinstance(v[2], str),
                  f"[designator ({', '.join(_UNIT_CODES)}), timed (true/false), plural]")
    out["units"] = {u: (v[0], v[1], v[2]) for u, v in units.items()}
    return out


@lru_cache(maxsize=1)
def default_date_words() -> dict[str, Any]:
    """The packaged ``data/dates.yaml`` (:func:`load_date_words`), read once per process: the date
    grammar and the dateline reader share it."""
    return load_date_words()
