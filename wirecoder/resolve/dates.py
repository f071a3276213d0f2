"""Find and normalise time expressions in news text, and give every event a date.

Two public functions:

* :func:`find_timexes` -- a hand-written grammar (compiled regular expressions over month, weekday,
  number and unit words) that finds time expressions and normalises them to TimeML ``TIMEX3``
  values against a reference date (the publication date)::

      >>> from datetime import date
      >>> [(t.text, t.value) for t in find_timexes("Rebels attacked on Sunday evening.", date(2021, 7, 26))]
      [('Sunday evening', '2021-07-25TEV')]

* :func:`event_date` -- picks the expression that dates one event (see its docstring for the rule)
  and returns a :class:`wirecoder.records.EventDate`.

Resolution rules for underspecified expressions (weekday, month, month-day without a year):

* ``prefer="past"`` (the default; news reports what happened): the most recent such day/month on
  or before ``ref``; ``prefer="future"``: the next one on or after ``ref``. One exception: a
  month-day whose past reading is over half a year back but whose future reading is at most
  ``NEAR_FUTURE_DAYS`` (60) ahead is the coming one ("the vote on Aug. 2" in a July article).
* The sentence before the expression can set the direction instead (:func:`_direction`): a verb
  of postponing before "until/till/to" points forward ("postponed until Saturday" is the coming
  Saturday); a past-tense verb right before the expression points back ("said Friday", "announced
  Wednesday", "erupted in September"), and so does a possessive ("Wednesday's ruling"); otherwise a
  *future cue* (``will``, ``would``, ``plans to``, ``scheduled``, ``expected to``, "as soon as", ...)
  points forward, so in "announced it would withdraw its troops by September" September is the
  coming one. Without either, a bare month at most ``NEAR_FUTURE_MONTHS`` (2) ahead is the coming
  one ("in early March" in February).
* "a year ago", "a year earlier", "year-earlier" within ``QUARTER_REACH`` characters after a named
  quarter (financial results) is that quarter a year before (``2020-Q3``).
* A month with a relative year ("April next year", "June 5 last year") is one expression in that
  year; "two and a half years" is ``P2Y6M``; hours and minutes "later"/"earlier" ("an hour later")
  are the length (``PT1H``), the direction word left outside the span.
* Year ranges ("2009-2010", "1957-58") are two year timexes; spelled-out years ("nineteen
  ninety-seven", "the year two thousand") and decades ("the nineties") are read; holidays come from
  ``data/holidays.tsv`` (fixed dates, n-th weekdays, Easter-relative days, listed lunar dates).
* "soon" and "shortly" are not tagged: TimeBank/AQUAINT annotate them in 5 of 23 occurrences
  (value F1 +0.002 without them), and they name no date.
* Every ambiguous expression also carries the other reading in ``Timex.alt_value`` so that
  :func:`event_date` can re-read it for an event whose modality is ``future``.
* Numeric dates: ``2021-07-26`` is ISO; ``26/07/2021`` is read day-first when the first number is
  over 12, month-first when the second is; when both are <= 12 slashes are read month-first (US
  wire convention) and dots (``05.07.2021``) day-first (European convention).

Relative expressions that name no calendar unit of their own ("the next day", "two days later",
"that day") are anchored to the most recent day-precision date found earlier in the same text,
else to ``ref`` -- how narratives in news usually work.

``dateparser`` is deliberately not used, not even as a fallback: its ``search_dates`` runs at
~8k words/s on the TimeBank text against ~270k words/s for this grammar (benchmarks/dates_bench.py),
and the date resolver has to stay a small fraction of extraction time.
"""
from __future__ import annotations

import bisect
import calendar
import datetime as _dt
import logging
import os
import re
from pathlib import Path
from dataclasses import dataclass
from typing import Callable, Optional, Union

from wirecoder.records import EventDate
from wirecoder.resolve.date_words import DATE_WORDS_FILE, default_date_words, load_date_words  # noqa: F401  (data/dates.yaml)

log = logging.getLogger("wirecoder.resolve.dates")

__all__ = ["Timex", "find_timexes", "event_date", "to_calendar", "reported_day"]


@dataclass
class Timex:
    """One time expression found in a text.

    ``start``/``end`` are character offsets into the text given to :func:`find_timexes`.
    ``value`` is a TimeML-style value: ``2021-07-04``, ``2021-07``, ``2021``, ``2021-W27``,
    ``2021-Q3``, ``2021-SU``, ``199`` (decade), ``2021-07-25TEV`` (a part of a day),
    ``2021-07-25T10:30``, ``P3D`` (durations, ``X`` for an unknown number), ``PRESENT_REF``,
    ``PAST_REF``, ``FUTURE_REF``. ``type`` is DATE | TIME | DURATION | SET. ``precision`` is the
    :class:`EventDate` precision the value maps to (day | week | month | year), None when it maps
    to no calendar date (durations, sets, decades, ``*_REF``). ``alt_value`` is the other
    reading of an expression whose resolution depended on the past/future preference.
    """

    start: int
    end: int
    text: str
    value: Optional[str]
    type: str
    precision: Optional[str]
    alt_value: Optional[str] = None


# --------------------------------------------------------------------------- vocabulary

_WORDS = default_date_words()
_MONTHS: dict[str, int] = _WORDS["months"]
_WEEKDAYS: dict[str, int] = _WORDS["weekdays"]
_ONES: dict[str, int] = _WORDS["ones"]
_TEENS: dict[str, int] = _WORDS["teens"]
_TENS: dict[str, int] = _WORDS["tens"]
# every number word of a count of units: the one-word numbers first, then the phrases
_NUMBERS: dict[str, float] = {**_ONES, **_TEENS, **_TENS, **_WORDS["number_phrases"]}
_VAGUE_NUMBERS: tuple[str, ...] = _WORDS["vague_numbers"]
_ORDINALS: dict[str, int] = _WORDS["ordinals"]
# unit word -> (duration designator, needs "T" prefix)
_UNITS: dict[str, tuple[str, bool]] = {u: (code, timed) for u, (code, timed, _) in _WORDS["units"].items()}
_UNIT_PLURALS: dict[str, str] = {u: plural for u, (_, _, plural) in _WORDS["units"].items()}
_PARTS_OF_DAY: dict[str, str] = _WORDS["parts_of_day"]
_SEASONS: dict[str, str] = _WORDS["seasons"]
_DECADE_WORDS: dict[str, int] = _WORDS["decade_words"]
_SET_ADVERBS: dict[str, str] = _WORDS["set_adverbs"]
_COUNTED_NOUNS: frozenset[str] = frozenset(_WORDS["counted_nouns"])
# holidays: name -> rule, from data/holidays.tsv (see load_holidays)


_HOLIDAY_FILE = Path(__file__).resolve().parents[1] / "data" / "holidays.tsv"
_WD_CODES = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}


def load_holidays(path: Path = _HOLIDAY_FILE) -> dict[str, str]:
    """``{name: rule}`` from ``data/holidays.tsv`` (its header comment documents the rules)."""
    from wirecoder.datafiles import read_tsv
    from wirecoder.errors import DataFileError
    out: dict[str, str] = {}
    for no, row in read_tsv(path, ("name", "rule")):
        if not row["name"] or not _HOLIDAY_RULE.fullmatch(row["rule"]):
            raise DataFileError(f"{path}:{no}", "expected name<TAB>rule (MM-DD, MM-WD-N[+D], easter+N or dates:YYYY-MM-DD ...)")
        for name in row["name"].split("|"):
            out[name.strip().lower()] = row["rule"]
    return out


_HOLIDAY_RULE = re.compile(r"\d\d-\d\d|\d\d-(?:MO|TU|WE|TH|FR|SA|SU)-(?:[1-5]|L)(?:\+[1-6])?|easter[+-]\d+|"
                           r"dates:\d{4}-\d\d-\d\d(?: \d{4}-\d\d-\d\d)*")


def _easter(year: int) -> _dt.date:
    """Western Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = (h + l_ - 7 * m + 114) % 31 + 1
    return _dt.date(year, month, day)


def holiday_date(rule: str, year: int) -> Optional[_dt.date]:
    """The day a holiday rule of ``data/holidays.tsv`` gives in ``year`` (None if not known).

    >>> holiday_date("11-TH-4", 2021), holiday_date("easter-2", 2024), holiday_date("05-MO-L", 2021)
    (datetime.date(2021, 11, 25), datetime.date(2024, 3, 29), datetime.date(2021, 5, 31))
    """
    if rule.startswith("dates:"):
        for d in rule[6:].split():
            if d.startswith(f"{year:04d}-"):
                return _dt.date.fromisoformat(d)
        return None
    if rule.startswith("easter"):
        return _easter(year) + _dt.timedelta(days=int(rule[6:]))
    parts = rule.split("-")
    if len(parts) == 2:
        try:
            return _dt.date(year, int(parts[0]), int(parts[1]))
        except ValueError:
            return None
    month, wd, n = int(parts[0]), _WD_CODES[parts[1]], parts[2]
    if "+" in n:                      # "11-MO-1+1": the day after the first Monday of November
        n, after = n.split("+")
        base = holiday_date(f"{parts[0]}-{parts[1]}-{n}", year)
        return base + _dt.timedelta(days=int(after)) if base else None
    if n == "L":
        last = _dt.date(year, month, calendar.monthrange(year, month)[1])
        return last - _dt.timedelta(days=(last.weekday() - wd) % 7)
    first = _dt.date(year, month, 1)
    return first + _dt.timedelta(days=(wd - first.weekday()) % 7 + 7 * (int(n) - 1))


_HOLIDAYS = load_holidays()


def _alt(words) -> str:
    """A regex alternation of ``words``, longest first so that prefixes never win."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


def _singular_or_plural(word: str, plural: str) -> str:
    """A regex of a word or its plural: ``days?``, ``centur(?:y|ies)``."""
    if plural == word + "s":
        return f"{re.escape(word)}s?"
    k = len(os.path.commonprefix([word, plural]))
    return f"{re.escape(word[:k])}(?:{re.escape(word[k:])}|{re.escape(plural[k:])})"


_SEASON_ALT = "|".join(re.escape(w) for w in _SEASONS)
# full names never take a period (a sentence-final one is not part of the expression)
_MON = rf"(?:{_alt(w for w in _MONTHS if len(w) > 4 or w in ('may', 'june', 'july'))}|(?:{_alt(w for w in _MONTHS if len(w) <= 4 and w not in ('may', 'june', 'july'))})\.?)"
_WD = rf"(?:{_alt(w for w in _WEEKDAYS if w.endswith('day'))}|(?:{_alt(w for w in _WEEKDAYS if not w.endswith('day'))})\.?)"
_DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR4 = r"(?:1[5-9]\d\d|20\d\d)"
_NUMWORD = rf"(?:{_alt([w for w in _NUMBERS if ' ' not in w])})"
_NUM = (rf"(?:(?:\d+(?:[.,]\d+)?(?:\s+\d/\d)?|(?:{_alt(['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'])})"
        rf"[-\s](?:one|two|three|four|five|six|seven|eight|nine)|{_alt(_NUMBERS)}|{_alt(_VAGUE_NUMBERS)})(?:\s+and\s+a\s+half(?=\s))?)")
_UNIT = f"(?:{'|'.join(_singular_or_plural(u, p) for u, p in _UNIT_PLURALS.items())})"
_POD = r"(?:morning|afternoon|evening|night|overnight)"
_MOD = r"(?:about|around|roughly|approximately|nearly|almost|some|more\s+than|less\s+than|fewer\s+than|at\s+least|at\s+most|up\s+to|over(?!\s+the\b)|under(?!\s+the\b)|just|only|another|an\s+additional)"
_EARLY = r"(?:early|earlier|late|later|mid|middle|the\s+(?:beginning|start|end|middle)\s+of|the\s+(?:first|second|last)\s+half\s+of)"
_REL = r"(?:last|this|next|past|previous|coming|current|following)"
_TZ = r"(?:\s*(?P<ap>a\.m\.?|p\.m\.?|am\b|pm\b))"
_ZONE = r"(?:\s+(?:EDT|EST|CDT|CST|MDT|MST|PDT|PST|GMT|UTC|BST|CET|local\s+time|\(\d{4}\s+GMT\)))?"

_FUTURE_CUE = re.compile(
    r"\b(?:will|shall|won't|'ll|would(?!\s+have)|going\s+to|plans?\s+to|planned|planning|scheduled|"
    r"expected\s+to|expects?\s+to|set\s+to|aims?\s+to|intends?\s+to|hopes?\s+to|promised\s+to|"
    r"pledged\s+to|vowed\s+to|agreed\s+to|upcoming|forthcoming|payable|effective|due\s+to\s+(?:be|start|begin|hold|meet|"
    r"arrive|visit|open|end|take|resume|vote|return))\b", re.I)
# a sentence end, but not the period of an initial or a title before a name ("Daniel P. Davison",
# "Mr. Schwarz", "Messrs. Schwarz"): the direction cues of a sentence reach past them
# (the mark first, the look-behinds after it, each ending in the mark: the same matches as the
# look-behinds before it, which the regex engine tried at every offset, 27 times slower)
_SENT_END = re.compile(r"[.!?](?<!\b[A-Z].)(?<!\bMr.)(?<!\bMrs.)(?<!\bMs.)(?<!\bDr.)(?<!\bMessrs.)(?<!\bSt.)(?<!\bGen.)"
                       r"(?<!\bGov.)(?<!\bSen.)(?<!\bRep.)(?<!\bLt.)(?<!\bCol.)(?<!\bSgt.)(?<!\bProf.)(?<!\bJr.)"
                       r"[\"')\]]*\s+(?=[\"'(\[]*[A-Z0-9])|\n\s*\n")

Value = Union[str, None, Callable[[_dt.date], str]]


class _InYear:
    """An anaphoric value ("that year", "the following month") computed from the most recent date
    of at least ``level`` precision named earlier in the text ("in 1988 ... that year" is 1988),
    rather than from the last day-precision one."""

    __slots__ = ("fn", "level")

    def __init__(self, fn: Callable[[_dt.date], str], level: str):
        self.fn, self.level = fn, level

    def __call__(self, anchor: _dt.date) -> str:
        return self.fn(anchor)

# a handler returns (value, type, alt_value) or None to reject the match
HandlerResult = Optional[tuple[Value, str, Optional[str]]]


# --------------------------------------------------------------------------- calendar helpers

def _d(day: _dt.date) -> str:
    return day.isoformat()


def _week(day: _dt.date) -> str:
    y, w, _ = day.isocalendar()
    return f"{y}-W{w:02d}"


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    k = year * 12 + (month - 1) + n
    return k // 12, k % 12 + 1


def _shift(day: _dt.date, n: float, unit: str) -> tuple[str, str]:
    """``day`` moved by ``n`` units, as (value, precision unit)."""
    n_int = int(round(n))
    if n != n_int and unit in ("year", "month"):
        # "a year and a half ago", "2 1/2 months earlier": the fraction moves the day, then the
        # value keeps the unit's precision
        if unit == "year":
            y, _ = _add_months(day.year, day.month, int(round(n * 12)))
            return f"{y:04d}", "year"
        d = day + _dt.timedelta(days=int(round(n * 30)))
        return f"{d.year}-{d.month:02d}", "month"
    if unit in ("day", "night"):
        return _d(day + _dt.timedelta(days=n_int)), "day"
    if unit in ("week", "fortnight"):
        return _week(day + _dt.timedelta(weeks=n_int * (2 if unit == "fortnight" else 1))), "week"
    if unit == "month":
        y, m = _add_months(day.year, day.month, n_int)
        return f"{y}-{m:02d}", "month"
    if unit == "quarter":
        y, m = _add_months(day.year, day.month, 3 * n_int)
        return f"{y}-Q{(m - 1) // 3 + 1}", "year"
    if unit == "year":
        return f"{day.year + n_int:04d}", "year"
    if unit == "decade":
        return f"{(day.year + 10 * n_int) // 10:03d}", "decade"
    if unit == "century":
        return f"{(day.year + 100 * n_int) // 100:02d}", "century"
    # seconds/minutes/hours: the day it falls on
    secs = {"second": 1, "minute": 60, "hour": 3600}[unit] * n_int
    return _d(day + _dt.timedelta(seconds=secs)), "day"


def _weekday(ref: _dt.date, wd: int, future: bool, strict: bool = False) -> _dt.date:
    if future:
        delta = (wd - ref.weekday()) % 7
        if strict and delta == 0:
            delta = 7
        return ref + _dt.timedelta(days=delta)
    delta = (ref.weekday() - wd) % 7
    if strict and delta == 0:
        delta = 7
    return ref - _dt.timedelta(days=delta)


def _month_year(ref: _dt.date, month: int, future: bool, strict: bool = False) -> int:
    if future:
        return ref.year if (month > ref.month or (month == ref.month and not strict)) else ref.year + 1
    return ref.year if (month < ref.month or (month == ref.month and not strict)) else ref.year - 1


# A month-day without a year whose past reading is over half a year back but whose future reading
# is at most this many days ahead names the coming date ("the vote on Aug. 2" in a July article).
# Measured on TimeBank+AQUAINT: value accuracy 0.795 -> 0.812.
NEAR_FUTURE_DAYS = 60
# The same the other way: a month-day at most this many days back whose future reading is over half
# a year ahead is the recent date, whatever future cue the sentence holds ("hoped she would produce
# new aid ..., where the Aug. 7 blasts killed 257 people" in an Aug. 18 article).
NEAR_PAST_DAYS = 31
# A bare month at most this many months ahead of the reference, with no past-tense verb before it,
# is the coming one ("in early March" in a February article).
NEAR_FUTURE_MONTHS = 2


def _monthday(ref: _dt.date, month: int, day: int, future: bool, cued: bool = False) -> Optional[_dt.date]:
    """The date of a month-day without a year: the last one (``future``: the coming one), with the
    exceptions of NEAR_FUTURE_DAYS and, where the future reading comes from a cue in the sentence
    (``cued``), not from the caller's preference, NEAR_PAST_DAYS."""
    past, fut = _monthday_dir(ref, month, day, False), _monthday_dir(ref, month, day, True)
    if not future:
        if past and fut and (fut - ref).days <= NEAR_FUTURE_DAYS and (ref - past).days > 182:
            return fut
        return past
    if cued and past and fut and (ref - past).days <= NEAR_PAST_DAYS and (fut - ref).days > 182:
        return past
    return fut


def _monthday_dir(ref: _dt.date, month: int, day: int, future: bool) -> Optional[_dt.date]:
    for year in ((ref.year, ref.year + 1) if future else (ref.year, ref.year - 1)):
        try:
            cand = _dt.date(year, month, day)
        except ValueError:
            continue
        if (cand >= ref) if future else (cand <= ref):
            return cand
    return None


def _unit_of(word: str) -> str:
    w = word.lower()
    if w.startswith("centur"):
        return "century"
    return w[:-1] if w.endswith("s") else w


def _number(text: str) -> Optional[float]:
    """Value of a number phrase, None for vague ones ("several")."""
    t = " ".join(text.lower().split())
    if t.endswith(" and a half"):       # "two and a half"
        whole = _number(t[:-len(" and a half")])
        return whole + 0.5 if whole is not None and whole == int(whole) else None
    if t in _NUMBERS:
        return _NUMBERS[t]
    m = re.fullmatch(r"(\d+)\s+(\d)/(\d)", t)
    if m:
        return int(m.group(1)) + int(m.group(2)) / int(m.group(3))
    if re.fullmatch(r"\d+(?:\.\d+)?", t):
        return float(t)
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", t):
        return float(t.replace(",", ""))
    if "-" in t or " " in t:
        a, _, b = t.replace(" ", "-").partition("-")
        if a in _NUMBERS and b in _NUMBERS:
            return _NUMBERS[a] + _NUMBERS[b]
    return None


def _duration(n: Optional[float], unit: str) -> str:
    code, timed = _UNITS[unit]
    if code == "W2":
        code, n = "W", (n * 2 if n is not None else None)
    if n is not None and code in ("DE", "CE"):
        # decades and centuries as years, as TimeBank writes them ("the past decade" P10Y)
        n, code = n * (10 if code == "DE" else 100), "Y"
    if n is None:
        num = "X"
    elif n == int(n):
        num = str(int(n))
    else:
        # "5 1/2 hours" -> PT5H30M, "2 1/2 years" -> P2Y6M: the fraction in the next smaller unit
        whole, frac = int(n), n - int(n)
        sub = _SUBUNIT.get((code, timed))
        if sub and abs(frac * sub[1] - round(frac * sub[1])) < 1e-9:
            small, k, stimed = sub
            head = f"{whole}{code}" if whole else ""
            tail = f"{round(frac * k)}{small}"
            if timed or not stimed:
                return f"P{'T' if timed else ''}{head}{tail}"
            return f"P{head}T{tail}"
        num = f"{n:g}"
    return f"P{'T' if timed else ''}{num}{code}"


# (designator, timed) -> the next smaller unit for a fraction: (designator, how many, timed)
_SUBUNIT = {("Y", False): ("M", 12, False), ("M", False): ("D", 30, False), ("W", False): ("D", 7, False),
            ("D", False): ("H", 24, True), ("H", True): ("M", 60, True), ("M", True): ("S", 60, True)}


def _precision(value: Optional[str]) -> Optional[str]:
    """The EventDate precision a TIMEX3 value maps to, None when it names no calendar date."""
    if not value or not value[:1].isdigit():
        return None
    if re.match(r"\d{4}-\d{2}-\d{2}", value):
        return "day"
    if re.match(r"\d{4}-W\d{2}", value):
        return "week"
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return "month"
    if re.match(r"\d{4}(?:$|-(?:Q\d|H\d|SP|SU|FA|WI)$)", value):
        return "year"
    return None


# --------------------------------------------------------------------------- the grammar

class _Ctx:
    """What a handler needs besides its match: reference date and the resolved preference."""

    __slots__ = ("ref", "future", "past_evidence", "cued")

    def __init__(self, ref: _dt.date, future: bool, past_evidence: bool = False, cued: bool = False):
        self.ref = ref
        self.future = future
        self.past_evidence = past_evidence
        self.cued = cued            # the future reading comes from a cue in the sentence


def _two(ctx: _Ctx, fn: Callable[[bool], Optional[str]]) -> HandlerResult:
    """Resolve with the preferred direction; keep the other reading as ``alt_value``."""
    v = fn(ctx.future)
    if v is None:
        return None
    other = fn(not ctx.future)
    return v, "DATE", (other if other != v else None)


def _cap_ok(word: str) -> bool:
    return word[:1].isupper()


def _h_iso(m: re.Match, ctx: _Ctx) -> HandlerResult:
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    try:
        _dt.date(y, mo, d)
    except ValueError:
        return None
    if m["hh"]:
        return f"{y:04d}-{mo:02d}-{d:02d}T{m['hh']}:{m['mm']}", "TIME", None
    return f"{y:04d}-{mo:02d}-{d:02d}", "DATE", None


def _h_numeric(m: re.Match, ctx: _Ctx) -> HandlerResult:
    a, b, yy = int(m["a"]), int(m["b"]), m["y"]
    y = int(yy)
    if len(yy) == 2:
        y += 2000 if y <= (ctx.ref.year % 100) + 10 else 1900
    if a > 12 and b <= 12:
        day, month = a, b
    elif b > 12 and a <= 12:
        day, month = b, a
    elif a <= 12 and b <= 12:
        day, month = (a, b) if m["sep"] == "." else (b, a)
        if a != b and m["sep"] == "/":
            # "11/12/2020" is 12 November in Washington and 11 December in Abuja: the reading
            # nearer the reference date wins (a report looks back, so a later day counts thrice),
            # month/day when they are as near
            try:
                us, intl = _dt.date(y, a, b), _dt.date(y, b, a)
            except ValueError:
                return None
            if _nearness(intl, ctx.ref) < _nearness(us, ctx.ref):
                day, month = a, b
    else:
        return None
    try:
        return _d(_dt.date(y, month, day)), "DATE", None
    except ValueError:
        return None


def _nearness(d: _dt.date, ref: _dt.date) -> int:
    """Days from ``d`` to the reference date, a day after it counting as three."""
    gap = (ref - d).days
    return gap if gap >= 0 else -3 * gap


def _month_num(word: str) -> int:
    return _MONTHS[word.lower().rstrip(".")]


def _h_month_day(m: re.Match, ctx: _Ctx) -> HandlerResult:
    mon = m["mon"]
    month, day = _month_num(mon), int(re.match(r"\d+", m["day"]).group())
    if not _cap_ok(mon):
        return None
    if m["year"]:
        try:
            value = _d(_dt.date(int(m["year"]), month, day))
        except ValueError:
            return None
        res: HandlerResult = (value, "DATE", None)
    elif m["wd"]:
        # "Friday, Aug. 7": pick the year in which that date falls on that weekday, nearest ref
        wd = _WEEKDAYS[m["wd"].lower().rstrip(".")]
        best = None
        for y in (ctx.ref.year, ctx.ref.year - 1, ctx.ref.year + 1):
            try:
                c = _dt.date(y, month, day)
            except ValueError:
                continue
            if c.weekday() == wd and (best is None or abs((c - ctx.ref).days) < abs((best - ctx.ref).days)):
                best = c
        if best is not None:
            res = (_d(best), "DATE", None)
        else:
            res = _two(ctx, lambda fut: (lambda c: _d(c) if c else None)(_monthday(ctx.ref, month, day, fut, ctx.cued)))
    else:
        res = _two(ctx, lambda fut: (lambda c: _d(c) if c else None)(_monthday(ctx.ref, month, day, fut, ctx.cued)))
    return res


def _h_month_year(m: re.Match, ctx: _Ctx) -> HandlerResult:
    if not _cap_ok(m["mon"]):
        return None
    return f"{int(m['year']):04d}-{_month_num(m['mon']):02d}", "DATE", None


# "the March accession", "the May elections": a month before a lower-case noun, after "the"
_MONTH_MODIFIER = re.compile(r"\s+(?!of\b|on\b|to\b|and\b|or\b|in\b|for\b|from\b|at\b|by\b|with\b)[a-z]{3,}\b")


def _h_month(m: re.Match, ctx: _Ctx) -> HandlerResult:
    mon = m["mon"]
    word = mon.lower().rstrip(".")
    if not _cap_ok(mon):
        return None
    month = _month_num(mon)
    rel = (m["rel"] or "").lower()
    # "May" and "March" are also a verb and a name: need a preposition or modifier before them
    if word in ("may", "mar", "march", "jan", "dec", "sun", "sat") or len(word) <= 3:
        if not (rel or m["early"] or m["prep"] or _MONTH_MODIFIER.match(m.string, m.end())
                and re.search(r"\bthe\s+$", m.string[max(0, m.start() - 4):m.start()], re.I)):
            return None
    if not mon.endswith(".") and len(word) <= 4 and word not in ("may", "june", "july") and not mon.isupper():
        # bare abbreviation without a period ("Mar", "Dec") is too often something else
        if not (rel or m["early"]):
            return None
    if rel == "last":
        return f"{_month_year(ctx.ref, month, False, strict=True)}-{month:02d}", "DATE", None
    if rel == "next":
        return f"{_month_year(ctx.ref, month, True, strict=True)}-{month:02d}", "DATE", None
    if rel == "this":
        return f"{ctx.ref.year}-{month:02d}", "DATE", None
    prep = (m["prep"] or "").split()[0].lower() if m["prep"] else ""
    if prep in ("last", "next", "this"):      # "last February" (the preposition slot took it)
        return _h_month_rel(prep, month, ctx)
    if prep == "by" and not ctx.past_evidence:
        # "by February": a deadline, the coming one unless a past verb dates it ("had fallen by March")
        return _two(_Ctx(ctx.ref, True, False, ctx.cued), lambda fut: f"{_month_year(ctx.ref, month, fut)}-{month:02d}")
    if not ctx.future and not ctx.past_evidence and 1 <= (month - ctx.ref.month) % 12 <= NEAR_FUTURE_MONTHS:
        # a bare month one or two months ahead is the coming one ("in early March" in February)
        return _two(ctx, lambda fut: f"{_month_year(ctx.ref, month, not fut)}-{month:02d}")
    return _two(ctx, lambda fut: f"{_month_year(ctx.ref, month, fut)}-{month:02d}")


def _h_month_rel_year(m: re.Match, ctx: _Ctx) -> HandlerResult:
    """"April next year", "early October this year", "June 5 last year": one expression, the month
    (or day) in the year the relative word names."""
    if not _cap_ok(m["mon"]):
        return None
    y = ctx.ref.year + {"last": -1, "this": 0, "next": 1}[m["rel"].lower()]
    month = _month_num(m["mon"])
    if m["day"]:
        try:
            return _d(_dt.date(y, month, int(re.match(r"\d+", m["day"]).group()))), "DATE", None
        except ValueError:
            return None
    return f"{y:04d}-{month:02d}", "DATE", None


def _h_month_rel(rel: str, month: int, ctx: "_Ctx") -> HandlerResult:
    if rel == "last":
        return f"{_month_year(ctx.ref, month, False, strict=True)}-{month:02d}", "DATE", None
    if rel == "next":
        return f"{_month_year(ctx.ref, month, True, strict=True)}-{month:02d}", "DATE", None
    return f"{ctx.ref.year}-{month:02d}", "DATE", None


def _h_year(m: re.Match, ctx: _Ctx) -> HandlerResult:
    y = int(m["year"])
    if m["pre"] and "half" in m["pre"].lower():
        return None     # "the first half of 1989": the half rule's (1989-H1)
    before = m.string[max(0, m.start() - 12):m.start()].split()
    det = bool(before) and before[-1].lower() in ("a", "an", "the", "its", "his", "her", "their", "this", "that")
    if not (m["pre"] or m["prep"]):
        # a bare number: accept only what looks like a year (not "2000 troops", "1500 people");
        # after a determiner a year modifies the noun ("a 2009 analysis", "the 2008 election")
        nxt = m["after"] or ""
        if nxt and not det and (nxt.lower() in _COUNTED_NOUNS
                    or (nxt.endswith("s") and nxt[0].islower() and nxt.lower() not in ("as", "was", "is", "has", "this", "its", "his"))):
            return None
        if abs(y - ctx.ref.year) > 60:
            return None
    return f"{y:04d}", "DATE", None


def _h_year_range(m: re.Match, ctx: _Ctx) -> HandlerResult:
    """"2009-2010", "1957-58": two years (each its own TIMEX3, as TimeML marks a range)."""
    y1, b = int(m["y1"]), m["y2"]
    y2 = int(b) if len(b) == 4 else (y1 // 100) * 100 + int(b)
    if not (0 < y2 - y1 <= 30):
        return None
    return ("range", y1, y2, m.start("y2") - m.start("y1")), "DATE", None


_TENS_PAT = rf"(?:{_alt(_TENS)})(?:[-\s](?:{_alt(_ONES)}))?"
_SPELLED_YEAR = (rf"(?:(?:nineteen|eighteen)\s+(?:{_alt(_TEENS)}|{_TENS_PAT}|hundred)"
                 rf"|two\s+thousand(?:\s+(?:and\s+)?(?:{_alt(_TEENS)}|{_TENS_PAT}|{_alt(_ONES)}))?"
                 rf"|twenty\s+(?:{_alt(_TEENS)}|twenty(?:[-\s](?:{_alt(_ONES)}))?))")


def spelled_year(text: str) -> Optional[int]:
    """The year a spelled-out year names: "nineteen ninety-seven" -> 1997, "two thousand and one" -> 2001.

    >>> spelled_year("nineteen ninety-seven"), spelled_year("the year two thousand"), spelled_year("twenty twelve")
    (1997, 2000, 2012)
    """
    words = re.sub(r"[-\s]+", " ", text.lower()).replace("the year ", "").replace(" and ", " ").split()
    if not words:
        return None

    def small(ws: list[str]) -> Optional[int]:
        if not ws:
            return 0
        if len(ws) == 1:
            return _TEENS.get(ws[0], _TENS.get(ws[0], _ONES.get(ws[0])))
        if len(ws) == 2 and ws[0] in _TENS and ws[1] in _ONES:
            return _TENS[ws[0]] + _ONES[ws[1]]
        return None
    if words[:2] == ["two", "thousand"]:
        n = small(words[2:])
        return None if n is None else 2000 + n
    head = {"eighteen": 18, "nineteen": 19, "twenty": 20}.get(words[0])
    if head is None:
        return None
    if words[1:] == ["hundred"]:
        return head * 100
    n = small(words[1:])
    return None if n is None or n < 10 else head * 100 + n


def _h_spelled_year(m: re.Match, ctx: _Ctx) -> HandlerResult:
    y = spelled_year(m["sy"])
    if y is None:
        return None
    if m["mon"]:
        if not _cap_ok(m["mon"]):
            return None
        return f"{y:04d}-{_month_num(m['mon']):02d}", "DATE", None
    return f"{y:04d}", "DATE", None


def _h_decade_word(m: re.Match, ctx: _Ctx) -> HandlerResult:
    """"the nineties", "the nineteen-sixties": the latest such decade that has begun by ``ref``."""
    d = _DECADE_WORDS[m["dw"].lower()]
    c = ctx.ref.year // 100
    century = 19 if m["cent"] else (c if c * 100 + d * 10 <= ctx.ref.year else c - 1)
    return f"{century:02d}{d}", "DATE", None


def _h_decade(m: re.Match, ctx: _Ctx) -> HandlerResult:
    if m["full"]:
        return m["full"][:3], "DATE", None
    yy = int(m["short"])
    century = ctx.ref.year // 100
    if yy > ctx.ref.year % 100:
        century -= 1
    return f"{century:02d}{yy // 10}", "DATE", None


def _h_century(m: re.Match, ctx: _Ctx) -> HandlerResult:
    n = _ORDINALS.get(m["ord"].lower()) or int(re.match(r"\d+", m["ord"]).group())
    return f"{n - 1:02d}", "DATE", None


def _h_relword(m: re.Match, ctx: _Ctx) -> HandlerResult:
    w = " ".join(m["w"].lower().split())
    pod = m["pod"]
    ref = ctx.ref
    if w == "today":
        day = ref
    elif w == "yesterday":
        day = ref - _dt.timedelta(days=1)
    elif w == "tomorrow":
        day = ref + _dt.timedelta(days=1)
    elif w in ("the day before yesterday", "the day after tomorrow"):
        day = ref + _dt.timedelta(days=-2 if w.endswith("yesterday") else 2)
    elif w == "tonight":
        return _d(ref) + "TNI", "TIME", None
    elif w == "last night":
        return _d(ref - _dt.timedelta(days=1)) + "TNI", "TIME", None
    elif w in ("this morning", "this afternoon", "this evening"):
        return _d(ref) + "T" + _PARTS_OF_DAY[w.split()[1]], "TIME", None
    else:
        return None
    if pod:
        return _d(day) + "T" + _PARTS_OF_DAY[pod.lower()], "TIME", None
    return _d(day), "DATE", None


_REFS_FILE = Path(__file__).resolve().parents[1] / "data" / "time_refs.tsv"


def load_time_refs(path: Path = _REFS_FILE) -> dict[str, tuple[str, tuple[str, ...]]]:
    """``{phrase: (value, words after which it is no time)}`` from ``data/time_refs.tsv`` (its
    header comment documents the columns)."""
    from wirecoder.datafiles import read_tsv
    from wirecoder.errors import DataFileError
    out: dict[str, tuple[str, tuple[str, ...]]] = {}
    for no, row in read_tsv(path, ("phrase", "value")):
        if not re.fullmatch(r"[a-z]+(?: [a-z]+)*", row["phrase"]) \
                or not re.fullmatch(r"(?:PRESENT|PAST|FUTURE)_REF|PX[DWMY]", row["value"]):
            raise DataFileError(f"{path}:{no}", "expected phrase<TAB>value[<TAB>word|word...] "
                                "(value PRESENT_REF, PAST_REF, FUTURE_REF or PXD/PXW/PXM/PXY)")
        unless = tuple(w for w in row.get("unless_followed_by", "").split("|") if w)
        out[row["phrase"]] = (row["value"], unless)
    return out


_REFS = load_time_refs()


def _refs_pattern(refs: dict[str, tuple[str, tuple[str, ...]]]) -> str:
    """The phrases of ``data/time_refs.tsv`` as one alternation, longest first, each with its own
    "not before these words" look-ahead."""
    alts = []
    for phrase in sorted(refs, key=lambda p: (-len(p), p)):
        pat = r"\s+".join(re.escape(w) for w in phrase.split())
        unless = refs[phrase][1]
        if unless:
            pat += rf"(?!\s+(?:{_alt(unless)})\b)"
        alts.append(pat)
    return "|".join(alts)


def _h_ref(m: re.Match, ctx: _Ctx) -> HandlerResult:
    w = " ".join(m["w"].lower().split())
    if w.startswith(("recent ", "in recent ")) or "coming " in w:
        # "recent years", "the coming weeks": an unspecified number of them (TimeBank: PXY, PXW)
        return _duration(None, _unit_of(w.split()[-1])), "DURATION", None
    value = _REFS[w][0]
    return value, ("DURATION" if value.startswith("PX") else "DATE"), None


def _h_rel_unit(m: re.Match, ctx: _Ctx) -> HandlerResult:
    """last/this/next week|month|year|quarter|weekend|decade|century, with early/late modifiers."""
    rel, unit = m["rel"].lower(), m["unit"].lower()
    n = {"last": -1, "previous": -1, "past": -1, "this": 0, "current": 0, "coming": 1, "next": 1,
         "following": 1}[rel]
    ref = ctx.ref
    if unit == "weekend":
        # the weekend of the week ``n`` weeks from ref; "last weekend" on a Monday is 2 days ago
        base = ref + _dt.timedelta(weeks=n)
        if n == -1 and ref.weekday() >= 5:
            base = ref - _dt.timedelta(weeks=1)
        elif n == -1:
            base = ref - _dt.timedelta(days=ref.weekday() + 1)
        return _week(base) + "-WE", "DATE", None
    if unit in _SEASONS:
        code = _SEASONS[unit]
        start_month = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code]
        if n == 0:
            y = ref.year
        elif n < 0:
            y = ref.year if ref.month > start_month + 2 else ref.year - 1
            if code == "WI":
                y = ref.year - 1 if ref.month >= 3 else ref.year - 2
        else:
            y = ref.year if ref.month < start_month else ref.year + 1
        return f"{y}-{code}", "DATE", None
    value, _ = _shift(ref, n, unit)
    return value, "DATE", None


def _h_weekday(m: re.Match, ctx: _Ctx) -> HandlerResult:
    word = m["wd"]
    wd = _WEEKDAYS[word.lower().rstrip(".")]
    if len(word.rstrip(".")) <= 4 and not word.endswith("."):
        return None  # "Sun", "Sat", "Wed" without a period: too ambiguous
    rel = (m["rel"] or "").lower()
    pod = m["pod"] or m["pod2"]
    suffix = ("T" + _PARTS_OF_DAY[pod.lower()]) if pod else ""
    if rel == "last" or rel == "past":
        res: HandlerResult = (_d(_weekday(ctx.ref, wd, False, strict=True)), "DATE", None)
    elif rel in ("next", "coming"):
        res = (_d(_weekday(ctx.ref, wd, True, strict=True)), "DATE", None)
    else:
        res = _two(ctx, lambda fut: _d(_weekday(ctx.ref, wd, fut)))
    if res and suffix:
        v, _, alt = res
        return v + suffix, "TIME", (alt + suffix if alt else None)
    return res


def _h_day_around_weekday(m: re.Match, ctx: _Ctx) -> HandlerResult:
    """"the day before last Tuesday", "the day after Friday": that weekday (read as the weekday
    rule reads it) moved by one day."""
    word = m["wd"]
    if len(word.rstrip(".")) <= 4 and not word.endswith("."):
        return None
    wd = _WEEKDAYS[word.lower().rstrip(".")]
    rel = (m["rel"] or "").lower()
    step = _dt.timedelta(days=-1 if m["dir"].lower() == "before" else 1)
    if rel in ("last", "past", "next", "coming"):
        return _d(_weekday(ctx.ref, wd, rel in ("next", "coming"), strict=True) + step), "DATE", None
    return _two(ctx, lambda fut: _d(_weekday(ctx.ref, wd, fut) + step))


def _h_time(m: re.Match, ctx: _Ctx) -> HandlerResult:
    if m["word"]:
        hh, mm = (12, 0) if m["word"].lower() == "noon" else (0, 0)
    else:
        hh, mm = int(m["hh"]), int(m["mm"] or 0)
        ap = (m["ap"] or "").lower().replace(".", "").strip()
        if m["tpod"]:    # "4 in the morning", "8 in the evening"
            ap = "am" if m["tpod"].lower() == "morning" else "pm"
        if ap == "pm" and hh < 12:
            hh += 12
        elif ap == "am" and hh == 12:
            hh = 0
        if hh > 23 or mm > 59:
            return None
    day = ctx.ref
    w = (m["day"] or "").lower().rstrip(".")
    if m["mon"]:
        # "5 p.m. EST, Nov. 6"
        if not _cap_ok(m["mon"]):
            return None
        found = _monthday(ctx.ref, _month_num(m["mon"]), int(re.match(r"\d+", m["dnum"]).group()), ctx.future,
                          ctx.cued)
        if found is None:
            return None
        day = found
    elif w in _WEEKDAYS:
        day = _weekday(ctx.ref, _WEEKDAYS[w], ctx.future)
    elif w == "yesterday":
        day = ctx.ref - _dt.timedelta(days=1)
    elif w == "tomorrow":
        day = ctx.ref + _dt.timedelta(days=1)
    return f"{_d(day)}T{hh:02d}:{mm:02d}", "TIME", None


def _h_ago(m: re.Match, ctx: _Ctx) -> HandlerResult:
    n = _number(m["num"]) if m["num"] else 1.0
    if not m["num"] and not m["det"]:
        n = None  # "years ago"
    if m["half"]:
        if n is None or n != int(n):
            return None
        n += 0.5        # "a year and a half ago"
    unit = _unit_of(m["unit"])
    direction = m["dir"].lower()
    if n is None:
        return ("PAST_REF" if direction in ("ago", "earlier", "before") else "FUTURE_REF"), "DATE", None
    sign = -1 if direction in ("ago", "earlier", "before") else 1
    if direction == "ago" or direction == "from now":
        value, _ = _shift(ctx.ref, sign * n, unit)
        return value, "DATE", None
    # "two days later", "a week earlier": anchored to the narrative's current date
    return (lambda anchor: _shift(anchor, sign * n, unit)[0]), "DATE", None


def _h_anchored(m: re.Match, ctx: _Ctx) -> HandlerResult:
    w = " ".join(m["w"].lower().split())
    delta = {"the next day": 1, "the following day": 1, "the day after": 1, "the previous day": -1,
             "the day before": -1, "the same day": 0, "that day": 0, "that same day": 0,
             "earlier that day": 0, "later that day": 0, "that night": 0, "that morning": 0,
             "the next morning": 1, "the following morning": 1}.get(w)
    if w.endswith(" in the week"):   # "earlier in the week": the narrative's current week
        return _Anaphoric(_week), "DATE", None
    if delta is None and w.endswith(" in the day"):
        delta = 0   # "earlier in the day", "late in the day": the narrative's current day
    if delta is None:
        return None
    suffix = "TNI" if w.endswith("night") else ("TMO" if w.endswith("morning") else "")
    value = _Anaphoric(lambda anchor: _d(anchor + _dt.timedelta(days=delta)) + suffix)
    # "that day", "that night": only after a date the text names (else a generic "trades made that
    # day", no date); "the next day" with none named is the day after the article's date
    value.needs_antecedent = "that" in w.split()
    return value, ("TIME" if suffix else "DATE"), None


class _Anaphoric:
    """A value computed from the narrative's current day (the last day-precision date named)."""

    needs_antecedent = False

    def __init__(self, fn: Callable[[_dt.date], str]) -> None:
        self.fn = fn

    def __call__(self, anchor: _dt.date) -> str:
        return self.fn(anchor)


def _h_duration(m: re.Match, ctx: _Ctx) -> HandlerResult:
    """'three days' (a duration) or, with a direction word, 'three days ago' (a date). Hours,
    minutes and seconds "later" or "earlier" are the length (the direction word stays outside the
    span): the day they land on says nothing the narrative's day does not."""
    if m["dir"] and not m["rel"] and (m["det"] or "").lower() != "the":
        if _unit_of(m["unit"]) in ("hour", "minute", "second") and m["dir"].lower() in ("later", "earlier"):
            n = _number(m["num"]) if m["num"] else (1 if (m["det"] or "").lower() in ("a", "an") else None)
            if n is not None and (n == int(n) or not m["half"]):
                return _duration(n + (0.5 if m["half"] else 0), _unit_of(m["unit"])), "DURATION", None
        if m["num"] and _number(m["num"]) is None and m["dir"].lower() in ("later", "earlier") \
                and " ".join(m["num"].lower().split()) in _VAGUE_NUMBERS:
            # "a few days later": how far is not said, so no date; the length, as "several months
            # before he ..." (was FUTURE_REF, wrong in a past narrative)
            return _duration(None, _unit_of(m["unit"])), "DURATION", None
        return _h_ago(m, ctx)
    unit = _unit_of(m["unit"])
    after = (m["after"] or "").lower()
    rest = m.string[m.end("unit"):m.end("unit") + 40]
    if after in ("old", "olds") or re.match(r"\s+old\b", rest):
        return None  # ages: "a 16-year-old", "five years old"
    if unit == "quarter" and not m["dir"] and not m["rel"] and (
            (m["unit"].lower() == "quarters" and m.string[m.start("unit") - 1:m.start("unit")] == "-")
            or _FRACTION_OF.match(rest)):
        return None  # a fraction: "about three-quarters of its food", "more than a quarter of the market"
    if unit in ("quarter", "second") and m["num"] and re.fullmatch(_YEAR4, m["num"]):
        return None  # "the 1988 quarter", "the 1988 second quarter": the quarter rule's
    n = _number(m["num"]) if m["num"] else None
    if m["num"] and n is None and " ".join(m["num"].lower().split()) not in _VAGUE_NUMBERS:
        return None
    if m["half"]:       # "an hour and a half", "two years and a half"
        if m["rel"] or not (m["num"] or (m["det"] or "").lower() in ("a", "an")) or (n is not None and n != int(n)):
            return None
        return _duration((n or 1) + 0.5, unit), "DURATION", None
    if m["trading"] and not (m["num"] or m["rel"] or m["det"]):
        return None   # "trading day" alone names no length
    if (m["rel"] or "").lower() == "full" and (m["det"] or "").lower() == "the" and not m["num"] and unit == "year" \
            and not re.match(r"\s+(?:ended|ending)\b", rest):
        return None     # "for the full year": the year itself (the_year rule), not a year's length
    if _SOMEDAY.match(m.group(0)) and _SOMEDAY_BEFORE.search(m.string, max(0, m.start() - 12), m.start()):
        return "FUTURE_REF", "DATE", None   # "Islam will one day be ...", "the hope he one day follow ..."
    if m["num"] is None and not m["rel"]:
        if (m["det"] or "").lower() in ("a", "an") or re.match(r"(?:another|an\s+additional)\s", m.group(0), re.I):
            return _duration(1, unit), "DURATION", None   # "a year", "an additional year"
        if after == "long":     # "a day-long strike", "a decades-long feud"
            return _duration(None if m["unit"].lower().endswith("s") else 1, unit), "DURATION", None
        return None
    if (m["rel"] or "").lower() in ("last", "next", "past", "previous", "coming") and not (m["num"] or m["det"]) \
            and not m["unit"].lower().endswith("s"):
        return None     # "just last month": the month (rel_unit), not a month's length
    if m["rel"] and not m["num"] and m["unit"].lower().endswith("s"):
        return _duration(None, unit), "DURATION", None    # "coming weeks", "past years": how many is not said
    return _duration(n if (m["num"] or not m["rel"]) else 1, unit), "DURATION", None


# "one day" after a modal or a subject pronoun, before its verb: some day to come, not a day's length
_SOMEDAY = re.compile(r"one\s+day$", re.I)
_SOMEDAY_BEFORE = re.compile(r"\b(?:will|would|could|can|may|might|shall|should|must|he|she|they|we|i|you)\s+$", re.I)


# "of" and a determiner after "quarter(s)": a share of something, not a quarter of the year
_FRACTION_OF = re.compile(r"\s+of\s+(?:the|its|their|his|her|our|all|this|that|those|these|a|an)\b", re.I)


def _h_quarter(m: re.Match, ctx: _Ctx) -> HandlerResult:
    ordw = (m["ord"] or "").lower().replace(" ", "")
    if not ordw and not (m["year"] or m["year0"] or m["yrel"]) and \
            re.search(r"\ba\s+$", m.string[max(0, m.start() - 3):m.start()], re.I) and _FRACTION_OF.match(m.string, m.end()):
        return None  # "more than a quarter of the market"
    ref = ctx.ref
    cur_q = (ref.month - 1) // 3 + 1
    if ordw in ("latest", "last", "past", "previous", "recent", "most recent", "year-ago", "year-earlier", ""):
        q, y = cur_q - 1, ref.year
        if ordw in ("year-ago", "year-earlier"):
            y -= 1
        if q == 0:
            q, y = 4, y - 1
    elif ordw in ("current", "this"):
        q, y = cur_q, ref.year
    elif ordw in ("next", "coming"):
        q, y = (cur_q + 1, ref.year) if cur_q < 4 else (1, ref.year + 1)
    else:
        q = _ORDINALS.get(ordw)
        if not q or q > 4:
            return None
        y = ref.year if q <= cur_q + 1 else ref.year - 1
    if m["year"] or m["year0"]:
        y = int(m["year"] or m["year0"])
    elif m["yrel"]:
        y = ref.year + {"last": -1, "this": 0, "next": 1}[m["yrel"].lower()]
    if m["ago"] or m["ago2"]:
        y -= 1          # "the year-ago third quarter", "the quarter a year ago"
    return f"{y}-Q{q}", "DATE", None


def _h_latest_period(m: re.Match, ctx: _Ctx) -> HandlerResult:
    """"the latest period": the reporting period just ended -- the quarter the text last named
    (see ``find_timexes``), else the quarter before the reference date's."""
    q, y = (ctx.ref.month - 1) // 3, ctx.ref.year
    if q == 0:
        q, y = 4, y - 1
    return f"{y}-Q{q}", "DATE", None


def _h_half(m: re.Match, ctx: _Ctx) -> HandlerResult:
    """"the first half (of 1990)"; "the first two quarters of 1990" is that year's first half."""
    h = 1 if (m["ord"] or m["ord2"]).lower() in ("first", "1st") else 2
    y = int(m["year"] or m["year2"]) if (m["year"] or m["year2"]) else ctx.ref.year
    return f"{y}-H{h}", "DATE", None


def _h_season(m: re.Match, ctx: _Ctx) -> HandlerResult:
    code = _SEASONS[m["season"].lower()]
    if m["year"]:
        return f"{int(m['year'])}-{code}", "DATE", None
    if "syear" in m.re.groupindex and m["syear"]:     # "the winter of nineteen ninety-four"
        y = spelled_year(m["syear"])
        if y is not None:
            return f"{y:04d}-{code}", "DATE", None
    start_month = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code]
    return _two(ctx, lambda fut: f"{_month_year(ctx.ref, start_month, fut)}-{code}")


def _h_week_of(m: re.Match, ctx: _Ctx) -> HandlerResult:
    """'the week of March 6': the week holding that day."""
    res = _h_month_day(m, ctx)
    if res is None:
        return None
    value, typ, alt = res

    def week(v: Optional[str]) -> Optional[str]:
        return _week(_dt.date.fromisoformat(v)) if v else None
    return week(value), typ, week(alt)


def _h_holiday(m: re.Match, ctx: _Ctx) -> HandlerResult:
    """A holiday of ``data/holidays.tsv``: with a year that year's; "last"/"next" the one strictly
    before/after ``ref``; else the most recent (or, preferring the future, the coming) one.
    "<holiday> week" ("Easter week", "Christmas week") is the ISO week holding that day."""
    res = _h_holiday_day(m, ctx)
    if res is None or not m["week"]:
        return res
    v, typ, alt = res
    week = lambda d: _week(_dt.date.fromisoformat(d)) if d else None   # noqa: E731
    return week(v), typ, week(alt)


def _h_holiday_day(m: re.Match, ctx: _Ctx) -> HandlerResult:
    name = " ".join(m["name"].lower().replace("\u2019", "'").split())
    rule = _HOLIDAYS.get(name) or _HOLIDAYS.get(name.replace("'", "\u2019"))
    if rule is None or not (m["name"][:1].isupper() or m["name"][:1].isdigit()):
        return None
    if m["year"]:
        d = holiday_date(rule, int(m["year"]))
        return (_d(d), "DATE", None) if d else None
    rel = (m["rel"] or "").lower()
    ref = ctx.ref
    days = [d for y in (ref.year - 1, ref.year, ref.year + 1) if (d := holiday_date(rule, y)) is not None]

    def pick(fut: bool, strict: bool = False) -> Optional[str]:
        if fut:
            c = [d for d in days if d > ref or (d == ref and not strict)]
            return _d(min(c)) if c else None
        c = [d for d in days if d < ref or (d == ref and not strict)]
        return _d(max(c)) if c else None
    if rel in ("last", "next"):
        v = pick(rel == "next", strict=True)
        return (v, "DATE", None) if v else None
    if rel == "this":
        d = holiday_date(rule, ref.year)
        return (_d(d), "DATE", None) if d else None
    if not ctx.future and not ctx.past_evidence:
        # as for a month-day: the coming one when it is near and the last one long past ("as
        # Easter week began" a week before Easter)
        past = [d for d in days if d <= ref]
        fut = [d for d in days if d > ref]
        if fut and (min(fut) - ref).days <= NEAR_FUTURE_DAYS and (not past or (ref - max(past)).days > 182):
            return _two(ctx, lambda f: pick(not f))
    return _two(ctx, pick)


def _h_set(m: re.Match, ctx: _Ctx) -> HandlerResult:
    w = " ".join(m["w"].lower().split())
    if w in _SET_ADVERBS:
        return _SET_ADVERBS[w], "SET", None
    last = w.split()[-1]
    if last in _WEEKDAYS:
        return f"XXXX-WXX-{_WEEKDAYS[last] + 1}", "SET", None
    if last in _PARTS_OF_DAY:
        return "T" + _PARTS_OF_DAY[last], "SET", None
    if last in _MONTHS:                  # "each July" (a month name is capitalised: not "every march")
        if not m["w"].split()[-1][:1].isupper():
            return None
        return f"XXXX-{_MONTHS[last]:02d}", "SET", None
    unit = _unit_of(last)
    return _duration(1, unit), "SET", None


def _h_weekend(m: re.Match, ctx: _Ctx) -> HandlerResult:
    """'the weekend': the most recent one (or the coming one), as an ISO week with -WE."""
    def fn(fut: bool) -> str:
        sat = _weekday(ctx.ref, 5, fut)
        return _week(sat) + "-WE"
    return _two(ctx, fn)


def _h_bare_units(m: re.Match, ctx: _Ctx) -> HandlerResult:
    return _duration(None, _unit_of(m["unit"])), "DURATION", None


def _h_year_end(m: re.Match, ctx: _Ctx) -> HandlerResult:
    w = " ".join(m["w"].lower().split())
    if w in ("year-earlier", "year-ago"):
        return f"{ctx.ref.year - 1}", "DATE", None
    if w.endswith("month"):
        return f"{ctx.ref.year}-{ctx.ref.month:02d}", "DATE", None
    if w.endswith("week"):
        return _week(ctx.ref), "DATE", None
    return f"{ctx.ref.year}", "DATE", None


def _h_the_year(m: re.Match, ctx: _Ctx) -> HandlerResult:
    """'the year' / 'the week' with no other word: the article's own year (its week unknown: an
    anaphoric week of that year, "For the week, the index dropped"); 'the (fiscal) year ended June
    30' a year's length (the date follows it); 'the full year' the article's year."""
    if m["ended"]:
        return ("P1Y" if m["unit"].lower() == "year" else "P1W"), "DURATION", None
    if m["unit"].lower() == "week":
        return (None if m["mod"] else f"{ctx.ref.year}-WXX"), "DATE", None
    return f"{ctx.ref.year}", "DATE", None


def _h_anchored_year(m: re.Match, ctx: _Ctx) -> HandlerResult:
    w = " ".join(m["w"].lower().split())
    delta = 1 if ("following" in w or "next" in w or "after" in w) else (-1 if ("previous" in w or "before" in w) else 0)
    unit = "month" if "month" in w else "year"
    return _InYear(lambda anchor: _shift(anchor, delta, unit)[0], unit), "DATE", None


def _h_pod(m: re.Match, ctx: _Ctx) -> HandlerResult:
    w = re.sub(r"[-\s]", "", m["w"].lower())
    code = {"overnight": "NI", "midday": "MI", "midafternoon": "AF", "midmorning": "MO"}[w]
    day = ctx.ref
    d = (m["day"] or "").lower().rstrip(".")
    if d == "yesterday":
        day = ctx.ref - _dt.timedelta(days=1)
    elif d in _WEEKDAYS:
        day = _weekday(ctx.ref, _WEEKDAYS[d], ctx.future)
    return f"{_d(day)}T{code}", "TIME", None


_B = r"(?<![\w'-])"  # a word start not inside a word, hyphenation or contraction
_E = r"(?![\w])"

# (name, pattern, handler); all compiled case-insensitive, month/weekday capitalisation checked in
# the handlers. Overlaps are resolved longest-first, so more specific patterns simply match longer.
_RULES: list[tuple[str, str, Callable[[re.Match, _Ctx], HandlerResult]]] = [
    ("iso", rf"{_B}(?P<y>\d{{4}})-(?P<m>\d\d)-(?P<d>\d\d)(?:[T ](?P<hh>\d\d):(?P<mm>\d\d)(?::\d\d)?)?{_E}", _h_iso),
    ("numeric", rf"{_B}(?P<a>\d{{1,2}})(?P<sep>[/.])(?P<b>\d{{1,2}})(?P=sep)(?P<y>\d{{4}}|\d\d){_E}", _h_numeric),
    ("month_day",
     rf"{_B}(?:(?P<wd>{_WD}),?\s+)?(?:{_EARLY}[\s-]+)?(?P<mon>{_MON})\s+(?P<day>{_DAYNUM})(?!\d|:\d|\s*(?:%|percent))"
     rf"(?:,?\s+(?P<year>{_YEAR4}))?{_E}", _h_month_day),
    ("day_month",
     rf"{_B}(?:(?P<wd>{_WD}),?\s+)?(?:the\s+)?(?P<day>{_DAYNUM})(?:\s+of)?\s+(?P<mon>{_MON})(?:,?\s+(?P<year>{_YEAR4}))?{_E}",
     _h_month_day),
    ("month_year",
     rf"{_B}(?:{_EARLY}[\s-]+)?(?P<mon>{_MON}),?\s+(?:of\s+)?(?P<year>{_YEAR4}){_E}", _h_month_year),
    ("month_rel_year",
     rf"{_B}(?:{_EARLY}[\s-]+)?(?P<mon>{_MON})(?:\s+(?P<day>{_DAYNUM}))?,?\s+(?:of\s+)?(?P<rel>last|this|next)\s+year{_E}(?![-\u2019']|\s+(?:earlier|ago|before|after|later))",
     _h_month_rel_year),
    ("month",
     rf"{_B}(?:(?P<prep>\b(?:in|since|until|till|by|from|to|through|during|before|after|of|on|and|or|between|last|next|this|early|late|mid|end)\s+)(?:the\s+month\s+of\s+)?)?"
     rf"(?P<span>(?:(?P<rel>last|next|this|past)\s+)?(?P<early>{_EARLY}[\s-]+)?(?P<mon>{_MON})){_E}", _h_month),
    ("year",
     rf"{_B}(?P<prep>\b(?:in|since|by|until|till|from|during|before|after|of|through|between|and)\s+)?"
     rf"(?P<span>(?:(?P<pre>\b(?:fiscal|calendar|{_EARLY}|the\s+year|model\s+year|pre(?=-)|post(?=-))(?:[\s-]+)))?(?P<year>{_YEAR4}))"
     rf"(?![\w,.]\d|\s*(?:%|percent|-\d))(?:\s+(?P<after>[A-Za-z]+))?", _h_year),
    ("decade", rf"{_B}(?:{_EARLY}[\s-]+)?(?:(?P<full>1[5-9]\d0|20[0-9]0)s|'(?P<short>\d0)s){_E}", _h_decade),
    ("year_range", rf"{_B}(?P<y1>{_YEAR4})\s*[-\u2013/]\s*(?P<y2>{_YEAR4}|\d\d)(?![\w.,]\d|[-\u2013/]){_E}", _h_year_range),
    ("spelled_year", rf"{_B}(?:(?P<mon>{_MON}),?\s+)?(?P<sy>(?:the\s+year\s+)?{_SPELLED_YEAR}){_E}(?![-\s]+(?:{_alt(_ONES)}|percent|people|dollars|{_UNIT}\b))",
     _h_spelled_year),
    ("decade_word", rf"{_B}the\s+(?:(?P<cent>nineteen)[\s-]+)?(?P<dw>{_alt(_DECADE_WORDS)}){_E}", _h_decade_word),
    ("century", rf"{_B}(?:{_EARLY}[\s-]+)?(?:the\s+)?(?P<ord>\d{{1,2}}(?:st|nd|rd|th)|{_alt(_ORDINALS)})\s+century{_E}", _h_century),
    ("relword",
     rf"{_B}(?:(?:early|late|earlier|later)\s+)?(?P<w>(?:the\s+day\s+(?:before\s+yesterday|after\s+tomorrow))|today|yesterday|tomorrow|tonight|last\s+night|this\s+(?:morning|afternoon|evening))"
     rf"(?:\s+(?P<pod>morning|afternoon|evening|night))?{_E}", _h_relword),
    ("ref",
     rf"{_B}(?P<w>{_refs_pattern(_REFS)}|"
     rf"recent\s+(?:days|weeks|months|years|decades)|(?:in\s+)?the\s+coming\s+(?:days|weeks|months|years|decades)){_E}(?!-)",
     _h_ref),
    ("rel_unit",
     rf"{_B}(?:(?:early|earlier|late|later|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+middle\s+of)[\s-]+)?"
     rf"(?P<rel>last|this|next|past|previous|current|coming)\s+(?:(?P<fiscal>fiscal)\s+(?=year))?(?P<unit>week|weekend|month|year|quarter|decade|century|{_SEASON_ALT}){_E}",
     _h_rel_unit),
    ("weekday",
     rf"{_B}(?:(?P<rel>last|next|this|past|coming)\s+)?(?:(?:early|late)\s+)?(?P<wd>{_WD})(?:\s+(?P<pod>{_POD})|\s+(?:in\s+the\s+)?(?P<pod2>morning|afternoon|evening)){{0,1}}{_E}",
     _h_weekday),
    ("day_around_weekday",
     rf"{_B}the\s+day\s+(?P<dir>before|after)\s+(?:(?P<rel>last|next|this|past|coming)\s+)?(?P<wd>{_WD}){_E}",
     _h_day_around_weekday),
    ("time",
     rf"{_B}(?:(?:(?P<hh>\d{{1,2}})(?::(?P<mm>\d\d))?(?:{_TZ}|\s+(?:o'clock\s+)?in\s+the\s+(?P<tpod>morning|afternoon|evening))|(?P<word>noon|midnight)){_ZONE}"
     rf"(?:\s+(?:on\s+)?(?P<day>{_WD}|yesterday|today|tomorrow)|,?\s+(?:on\s+)?(?P<mon>{_MON})\s+(?P<dnum>{_DAYNUM})(?!\d))?){_E}", _h_time),
    ("anchored",
     rf"{_B}(?P<w>the\s+(?:next|following|previous|same)\s+(?:day|morning)|the\s+day\s+(?:before|after)(?!\s+\w+day)|(?:earlier|later)\s+that\s+day|(?:early|earlier|late|later)\s+in\s+the\s+(?:day|week)|that\s+(?:same\s+)?(?:day|night|morning)){_E}",
     _h_anchored),
    ("duration",
     rf"{_B}(?:{_MOD}\s+)?(?:(?P<det>the|a|an)\s+(?![\w.]+-{_UNIT}\b))?(?:(?P<rel>past|last|next|previous|coming|first|final|remaining|entire|whole|full)\s+)?"
     rf"(?:(?P<num>{_NUM})(?:\s+more)?[\s-]+)?(?:(?P<trading>trading|business|working)\s+)?(?P<unit>{_UNIT})(?:-(?P<after>old|olds|long))?{_E}(?!-old)(?P<half>\s+and\s+a\s+half{_E})?"
     rf"(?:(?P<orso>\s+or\s+so)?\s+(?P<dir>ago|earlier|later|from\s+now|(?:before|after)(?![\w-]|[ \t]+\w))(?![\w-]))?",  # "before the vote": a preposition
     _h_duration),
    ("quarter",
     rf"{_B}(?:(?:the|that|this)\s+)?(?:(?P<year0>{_YEAR4})\s+|(?P<yrel>last|next|this)\s+year's\s+)?(?:(?P<ago>year-ago|year-earlier)\s+(?=(?:fiscal\s+)?(?:first|second|third|fourth|1st|2nd|3rd|4th)\b))?(?:(?:fiscal|company's|year's)[\s-]+)?(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|latest|last|past|previous|recent|most\s+recent|current|this|next|coming|year-ago|year-earlier)(?:\s+fiscal)?[\s-]+)?quarter(?:\s+of\s+(?:fiscal\s+)?(?P<year>{_YEAR4})|\s+(?P<ago2>a\s+year\s+(?:ago|earlier)))?{_E}(?!-)",
     _h_quarter),
    ("latest_period", rf"{_B}the\s+(?:latest|most\s+recent)\s+(?:fiscal\s+)?period{_E}", _h_latest_period),
    ("half", rf"{_B}(?:the\s+(?P<ord>first|second|last)\s+half(?:\s+of\s+(?P<year>{_YEAR4})|(?!\s+of\b))"
             rf"|(?:{_MOD}\s+)?the\s+(?P<ord2>first|last)\s+two\s+quarters\s+of\s+(?P<year2>{_YEAR4})){_E}", _h_half),
    ("season",
     rf"{_B}(?:(?:early|late|mid)[\s-]+)?(?:(?:the|in)\s+)(?:(?:early|late|mid)[\s-]+)?(?P<season>{_SEASON_ALT})(?:\s+(?:of\s+)?(?:(?P<year>{_YEAR4})|(?P<syear>{_SPELLED_YEAR})))?{_E}",
     _h_season),
    ("season_year", rf"{_B}(?P<season>{_SEASON_ALT})\s+(?:of\s+)?(?P<year>{_YEAR4}){_E}", _h_season),
    ("holiday", rf"{_B}(?:(?P<rel>last|next|this)\s+)?(?P<name>{_alt(_HOLIDAYS)})(?:(?P<week>\s+week)|,?\s+(?P<year>{_YEAR4}))?{_E}", _h_holiday),
    ("weekend", rf"{_B}the\s+weekend{_E}", _h_weekend),
    ("week_of", rf"{_B}the\s+week\s+of\s+(?P<wd>(?!))?(?P<mon>{_MON})\s+(?P<day>{_DAYNUM})(?:,?\s+(?P<year>{_YEAR4}))?{_E}", _h_week_of),
    ("bare_units", rf"\b(?:for|over|within|in|lasting|took|takes|take)\s+(?P<span>(?P<unit>minutes|hours|days|weeks|months|years|decades|centuries)"
                   rf"(?:\s+(?:or|and|to)\s+(?:days|weeks|months|years|decades))?){_E}(?!\s+(?:of|ago|earlier|later|before|after)\b)", _h_bare_units),
    ("year_end", rf"{_B}(?P<w>(?:the\s+)?(?:end|beginning|start|middle)\s+of\s+the\s+(?:year|month|week)|(?:the\s+)?year[\s-]end|year['\u2019]s\s+end|year-earlier|year-ago){_E}(?!-)", _h_year_end),
    ("the_year", rf"{_B}(?P<span>the\s+(?:(?P<mod>fiscal|full)\s+)?(?P<unit>year|week))(?P<ended>\s+(?:ended|ending)\b)?{_E}"
                 rf"(?![-\u2019'](?![s]\b)|\s+(?:earlier|ago|before|after|later|of|\d))", _h_the_year),
    ("anchored_year", rf"{_B}(?P<w>(?:earlier|later)\s+that\s+(?:year|month)|that\s+(?:year|month)|the\s+(?:following|next|previous)\s+(?:year|month)|the\s+(?:year|month)\s+(?:before|after)(?!\s+\w+day)){_E}",
                      _h_anchored_year),
    ("pod", rf"{_B}(?P<w>overnight|midday|mid[-\s]?afternoon|mid[-\s]?morning)(?:\s+(?P<day>yesterday|today|{_WD}))?{_E}", _h_pod),
    ("set",
     rf"{_B}(?P<w>{'|'.join(map(re.escape, _SET_ADVERBS))}|(?:every|each|per)\s+(?:day|week|month|quarter|year|hour|morning|night|evening|{_alt(w for w in _WEEKDAYS if len(w) > 4)}|{_alt(w for w in _MONTHS if len(w) > 3)})){_E}",
     _h_set),
]

_COMPILED = [(name, re.compile(pat, re.I), h) for name, pat, h in _RULES]

# Speed: a rule only runs in small windows of text around the words it cannot match without
# (its *triggers*); "#" stands for any run of digits. One cheap tokenising pass finds the triggers.
_UNIT_WORDS = " ".join(f"{u} {p}" for u, p in _UNIT_PLURALS.items())
_MONTH_WORDS = " ".join(_MONTHS)
_WD_WORDS = " ".join(_WEEKDAYS)
_SEASON_WORDS = " ".join(_SEASONS)
_TRIGGERS = {
    "iso": "#", "numeric": "#", "year_range": "#", "spelled_year": "nineteen eighteen twenty thousand",
    "decade_word": " ".join(_DECADE_WORDS), "month_day": _MONTH_WORDS, "day_month": _MONTH_WORDS,
    "month_year": _MONTH_WORDS, "month_rel_year": _MONTH_WORDS, "month": _MONTH_WORDS, "year": "#", "decade": "#", "century": "century",
    "relword": "today yesterday tomorrow tonight night morning afternoon evening",
    "ref": " ".join(sorted({p.split()[-1] for p in _REFS} | {"days", "recent", "coming"})),
    "rel_unit": "week weekend month year quarter decade century " + _SEASON_WORDS,
    "weekday": _WD_WORDS, "day_around_weekday": _WD_WORDS, "time": "# noon midnight", "anchored": "day morning night week",
    "duration": _UNIT_WORDS, "quarter": "quarter", "latest_period": "period", "half": "half quarters", "season": _SEASON_WORDS,
    "season_year": _SEASON_WORDS, "holiday": " ".join(sorted({w for n in _HOLIDAYS for w in re.findall(r"[a-z]+", n)
                                if len(w) >= 3 and w not in ("day", "eve", "the", "new", "may", "good", "king", "jr")})), "weekend": "weekend", "week_of": "week",
    "bare_units": _UNIT_WORDS, "year_end": "year month week end", "the_year": "year week", "anchored_year": "year month",
    "pod": "overnight midday midafternoon afternoon midmorning morning",
    "set": "daily weekly monthly annually yearly hourly nightly every each per",
}
_RULE_INDEX = {name: i for i, (name, _, _) in enumerate(_RULES)}
assert set(_TRIGGERS) == set(_RULE_INDEX), set(_TRIGGERS) ^ set(_RULE_INDEX)
_WORD_RULES: dict[str, frozenset[int]] = {}
for _name, _words in _TRIGGERS.items():
    for _w in _words.split():
        if _w != "#":
            _WORD_RULES[_w] = _WORD_RULES.get(_w, frozenset()) | {_RULE_INDEX[_name]}
_DIGIT_RULES = frozenset(_RULE_INDEX[n] for n, w in _TRIGGERS.items() if "#" in w.split())
_TOKEN = re.compile(r"[A-Za-z]+|\d+")
_WIN_BEFORE, _WIN_AFTER = 50, 40  # longest text a rule can match before / after its trigger


def _windows(text: str) -> list[tuple[int, int, set[int]]]:
    """Merged ``(start, end, rule indices)`` windows around trigger words, snapped to whitespace."""
    out: list[tuple[int, int, set[int]]] = []
    n = len(text)
    word_rules = _WORD_RULES
    for m in _TOKEN.finditer(text):
        tok = m.group()
        if tok[0].isdigit():
            rules = _DIGIT_RULES
        else:
            rules = word_rules.get(tok.lower())
            if rules is None:
                continue
        s, e = m.span()
        ws, we = max(0, s - _WIN_BEFORE), min(n, e + _WIN_AFTER)
        if out and ws <= out[-1][1]:
            out[-1][2].update(rules)
            if we > out[-1][1]:
                out[-1] = (out[-1][0], we, out[-1][2])
            continue
        out.append((ws, we, set(rules)))
    snapped = []
    for ws, we, rules in out:
        while ws > 0 and not text[ws - 1].isspace():
            ws -= 1
        while we < n and not text[we].isspace():
            we += 1
        snapped.append((ws, we, rules))
    return snapped
# "a second man", "the second round": ordinals, not durations
_DUR_FALSE_POS = re.compile(r"^(?:a|an|the)\s+(?:second|minute)$", re.I)


# "a year ago" / "a year earlier" / "year-earlier" within this many characters after a quarter
# (financial results) is the same quarter a year before. Measured on TimeBank+AQUAINT.
QUARTER_REACH = 600
_YEAR_AGO = re.compile(r"(?:a\s+year\s+(?:ago|earlier)|(?:the\s+)?year[-\s](?:earlier|ago)(?:\s+(?:period|quarter))?)$", re.I)

_LATEST_PERIOD = re.compile(r"the\s+(?:latest|most\s+recent)\s+(?:fiscal\s+)?period$", re.I)
_THE_QUARTER = re.compile(r"(?:the|that)\s+quarter$", re.I)


def _future_cue(text: str, start: int) -> bool:
    """Is there a future cue (will, would, plans to, ...) earlier in the sentence of ``start``?"""
    return _direction(text, start) > 0


# A past-tense verb right before the expression ("said Friday", "announced Wednesday", "died in
# March") dates it in the past, whatever future cue an earlier clause holds ("would appeal the
# decision, announced Wednesday"); a verb of postponing before "until/till/to" points forward
# ("postponed until Saturday").
_PAST_WORDS = frozenset(_WORDS["past_words"])
_NOT_PAST = frozenset(_WORDS["not_past"])
_SKIP_WORDS = frozenset(_WORDS["skip_words"])
_POSTPONE = re.compile(r"\b(?:postponed?|postpones|delay(?:ed|s)?|adjourn(?:ed|s)?|defer(?:red|s)?|"
                       r"reschedul(?:ed|es)|put\s+off|push(?:ed)?\s+back|extend(?:ed|s)?)\b[^.;]{0,40}?"
                       r"\b(?:until|till|to|for)\s+(?:next\s+|this\s+)?$", re.I)
_SINCE = re.compile(r"\b(?:ever\s+)?since\s+(?:the\s+)?(?:early\s+|late\s+|mid-?\s*)?$", re.I)
_CLAUSE_END = re.compile(r"[,;:()\u2014\"\u201c\u201d]")
_WORD = re.compile(r"[A-Za-z']+")


def _direction(text: str, start: int) -> int:
    """+1 when the sentence before ``start`` points to the future, -1 to the past, 0 when it says
    nothing: a verb of postponing before "until" (+1), else a past-tense verb directly before the
    expression (-1), else a future cue (``will``, ``would``, ``plans to``, ...) in the sentence (+1)."""
    lo = max(0, start - 160)
    window = text[lo:start]
    last = None
    for last in _SENT_END.finditer(window):
        pass
    if last is not None:
        window = window[last.end():]
    if _POSTPONE.search(window):
        return 1
    if _SINCE.search(window):
        return -1       # "since March": a starting point, always before the time of writing
    words = _WORD.findall(window[-60:])
    k = len(words) - 1
    while k >= 0 and words[k].lower() in _SKIP_WORDS:
        k -= 1
    if k >= 0:
        w = words[k].lower()
        aux = words[k - 1].lower() if k >= 1 else ""
        if (w in _PAST_WORDS or (w.endswith("ed") and len(w) > 4 and w not in _NOT_PAST)) \
                and aux not in ("be", "been", "being", "will", "would", "to", "is", "are", "am", "'s"):
            return -1
        if aux == "had" and w.isalpha() and w not in _NOT_PAST:
            return -1       # a past perfect, whatever the participle ("had fallen by March")
    if re.search(r"\bas\s+(?:soon|early)\s+as\s+$", window, re.I):
        return 1
    if len(words) > 1 and words[-1].lower() in ("until", "till"):   # (not "Until Thursday, they had ...")
        return 1        # "has given them until 9 a.m. Tuesday" (no past verb before it)
    fut = None
    for fut in _FUTURE_CUE.finditer(window):
        pass
    if fut is None:
        return 0
    # a past-tense verb after the last future cue, in the same clause as the expression ("it will
    # begin ... the nurses who have looked after her since she was found ... in early May")
    tail = window[fut.end():]
    if not _CLAUSE_END.search(tail):
        later = _WORD.findall(tail)
        for k in range(1, len(later)):
            w, aux = later[k].lower(), later[k - 1].lower()
            if (w in _PAST_WORDS or (w.endswith("ed") and len(w) > 4 and w not in _NOT_PAST)) \
                    and aux in ("was", "were", "had", "has", "have"):
                return -1
    return 1


_CAP_WORD_BEFORE = re.compile(r"(?<![.!?]\s)(?<![.!?]\s\s)\b[A-Z][\w.'\u2019&-]*\s+$")


def _is_title(text: str, s: int, e: int) -> bool:
    """A name, not a time: a relative expression with its noun capitalised in running text ("ABC's
    "This Week"", not "This week"), or "Today"/"Tonight" right after a capitalised word in the same
    sentence ("USA Today", "VOA Today")."""
    span = text[s:e]
    words = span.split()
    if span.isupper():
        return False
    if len(words) > 1 and words[-1][:1].isupper():
        return True
    return len(words) == 1 and words[0] in ("Today", "Tonight") and bool(_CAP_WORD_BEFORE.search(text, max(0, s - 40), s))


# "the day before/after <event>" set off by a comma right after a date is that date, told again
_APPOSED_DAY = re.compile(r"the\s+day\s+(?:before|after)", re.I)
_COMMA_GAP = re.compile(r"\s*,\s*")


def find_timexes(text: str, ref: _dt.date, *, prefer: str = "past") -> list[Timex]:
    """Find time expressions in ``text`` and normalise them against ``ref`` (the publication date).

    ``prefer`` ("past" | "future") is how weekdays, months and month-days without a year resolve
    when nothing in the sentence says otherwise (a future cue before the expression flips it).
    Returns non-overlapping :class:`Timex` objects sorted by start offset.

    >>> [(t.text, t.value, t.type) for t in find_timexes("Two days ago, and again last week.", _dt.date(2021, 7, 26))]
    [('Two days ago', '2021-07-24', 'DATE'), ('last week', '2021-W29', 'DATE')]
    """
    if prefer not in ("past", "future"):
        raise ValueError(f"prefer must be 'past' or 'future', not {prefer!r}")
    if isinstance(ref, _dt.datetime):
        ref = ref.date()
    cands: list[tuple[int, int, str, Callable, re.Match]] = []
    for ws, we, rules in _windows(text):
        for ri in sorted(rules):
            name, rx, handler = _COMPILED[ri]
            for m in rx.finditer(text, ws, we):
                s, e = m.span("span") if ("span" in rx.groupindex and m["span"] is not None) else m.span()
                if e > s:
                    cands.append((s, e, name, handler, m))
    # longest first; then earlier; then rule order (stable sort keeps it)
    cands.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    # the chosen spans, disjoint, as sorted starts and ends: the one that starts last before ``e``
    # is the only one that can overlap [s, e) (a bisection, not a scan of all chosen so far)
    taken_s: list[int] = []
    taken_e: list[int] = []
    chosen = []
    cue_cache: dict[int, int] = {}
    for s, e, name, handler, m in cands:
        k = bisect.bisect_left(taken_s, e) - 1
        if k >= 0 and taken_e[k] > s:
            continue
        if name == "duration" and _DUR_FALSE_POS.match(text[s:e]):
            continue
        if name in ("rel_unit", "relword") and _is_title(text, s, e):
            continue
        if s not in cue_cache:
            cue_cache[s] = -1 if text.startswith(("'s", "\u2019s"), e) else _direction(text, s)
        fut = prefer == "future" if cue_cache[s] == 0 else cue_cache[s] > 0
        res = handler(m, _Ctx(ref, fut, cue_cache[s] < 0, cue_cache[s] > 0))
        if res is None:
            continue
        if name == "duration" and m["dir"] and res[1] == "DURATION":
            e = m.start("dir")      # "an hour later": the length is the expression
            while e > s and text[e - 1].isspace():
                e -= 1
        k = bisect.bisect_left(taken_s, s)
        taken_s.insert(k, s)
        taken_e.insert(k, e)
        chosen.append((s, e, res))
    chosen.sort(key=lambda c: c[0])
    out: list[Timex] = []
    anchor = ref
    named_day = False            # whether a day-precision date has been named (moved the anchor)
    # the most recent month- and year-precision dates named (for "that month", "that year")
    in_level = {"month": ref, "year": ref}
    quarter: Optional[tuple[int, str]] = None      # (end offset, value) of the last quarter named
    for s, e, (value, typ, alt) in chosen:
        if isinstance(value, tuple):          # a year range: two TIMEX3s
            _, y1, y2, off = value
            out.append(Timex(s, s + 4, text[s:s + 4], f"{y1:04d}", "DATE", "year"))
            out.append(Timex(s + off, e, text[s + off:e], f"{y2:04d}", "DATE", "year"))
            continue
        if isinstance(value, _Anaphoric) and value.needs_antecedent and not named_day:
            continue
        if callable(value):
            value = value(in_level[value.level] if isinstance(value, _InYear) else anchor)
            if out and out[-1].precision == "day" and _APPOSED_DAY.fullmatch(text, s, e) \
                    and _COMMA_GAP.fullmatch(text, out[-1].end, s):
                # "last heard from on May 9, the day before her flight home": the date just named
                value = out[-1].value
        if quarter is not None and s - quarter[0] <= QUARTER_REACH and _YEAR_AGO.match(text, s, e):
            # "net rose to $5 million from $3 million a year earlier" after "the third quarter":
            # the same quarter a year before
            value = f"{int(quarter[1][:4]) - 1}{quarter[1][4:]}"
        elif quarter is not None and s - quarter[0] <= QUARTER_REACH and _LATEST_PERIOD.match(text, s, e):
            value = quarter[1]   # "net for the fiscal second quarter ... The latest period includes ..."
        elif quarter is not None and s - quarter[0] <= QUARTER_REACH and _THE_QUARTER.match(text, s, e):
            value = quarter[1]   # "the fiscal first quarter ... sales in the quarter": the one named
        elif typ == "DATE" and isinstance(value, str) and re.fullmatch(r"\d{4}-Q[1-4]", value) \
                and not re.search(r"year|ago|earlier|last", text[s:e], re.I):
            quarter = (e, value)
        span = text[s:e]
        while span.endswith((",", ";", ":")):
            span, e = span[:-1], e - 1
        prec = _precision(value) if typ in ("DATE", "TIME") else None
        if prec == "day" and typ in ("DATE", "TIME") and value[:1].isdigit():
            try:
                anchor = _dt.date.fromisoformat(value[:10])
                named_day = True
            except ValueError:
                pass
        if prec in ("day", "week", "month", "year") and value[:4].isdigit():
            y = int(value[:4])
            if 1 <= y <= 9999:
                in_level["year"] = _dt.date(y, 1, 1)
                if prec in ("day", "month"):
                    in_level["month"] = _dt.date(y, int(value[5:7]), 1)
        out.append(Timex(s, e, span, value, typ, prec, alt))
    return _second_days(text, out)


# "April 24 and 25", "May 3 or 4": a second day number joined to a month-day is a day of the same
# month (TimeML tags each); not a count ("April 24 and 25 percent", "... and 25 people")
_SECOND_DAY = re.compile(r"\s+(?:and|or|&)\s+(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\w%]|[.,:]\d)"
                         r"(?!\s+(?:percent|per\b|million|billion|thousand|hundred|cents?\b|dollars?\b|people|"
                         r"years?\b|months?\b|weeks?\b|days?\b|hours?\b|minutes?\b|points?\b|times\b|of\b))", re.I)
_ENDS_MONTH_DAY = re.compile(rf"{_MON}\s+{_DAYNUM}$", re.I)


def _second_days(text: str, out: list[Timex]) -> list[Timex]:
    extra = []
    for i, t in enumerate(out):
        if t.precision != "day" or t.type != "DATE" or not _ENDS_MONTH_DAY.search(t.text):
            continue
        m = _SECOND_DAY.match(text, t.end)
        if m is None or (i + 1 < len(out) and out[i + 1].start < m.end()):
            continue
        try:
            first = _dt.date.fromisoformat(t.value[:10])
            day = first.replace(day=int(m["day"]))
        except ValueError:
            continue
        if day > first:
            extra.append(Timex(m.start("day"), m.end(), text[m.start("day"):m.end()], _d(day), "DATE", "day", None))
    return sorted(out + extra, key=lambda t: t.start) if extra else out


# --------------------------------------------------------------------------- event dates

def to_calendar(value: Optional[str]) -> Optional[tuple[str, str]]:
    """Map a TIMEX3 value to an EventDate ``(value, precision)``; None if it names no date.

    >>> to_calendar("2021-W27"), to_calendar("2021-07-25TEV"), to_calendar("2021-Q3")
    (('2021-07-05', 'week'), ('2021-07-25', 'day'), ('2021', 'year'))
    """
    prec = _precision(value)
    if prec is None or value is None:
        return None
    if prec == "day":
        return value[:10], "day"
    if prec == "week":
        y, w = int(value[:4]), int(value[6:8])
        try:
            return _dt.date.fromisocalendar(y, w, 1).isoformat(), "week"
        except ValueError:
            return None
    if prec == "month":
        return value[:7], "month"
    return value[:4], "year"


_CLAUSE_BREAK = re.compile(r"[;:()\u2014\"\u201c\u201d]| -- | - ")
# "the deadliest day since 2011", "the largest swap since Sep. 21": the date after a superlative's
# "since" is the point of comparison, not the date of the event the sentence reports
_SINCE_COMPARISON = re.compile(
    r"\b(?:(?:big|larg|deadli|bloodi|great|high|low|heavi|strong|long|worst|best|fierc|small|clos|hard|tough|sharp|"
    r"steep|weak|serious|wid|lat|earli|few)(?:g?est)|worst|best|first|most\s+\w+)\b[^;:!?]{0,70}?\bsince\s+(?:the\s+)?$",
    re.IGNORECASE)

# a reporting verb right before a date ("said Monday", "said in a statement on Sunday", "told
# reporters Friday"): the date is the statement's
_STATEMENT_DATE = re.compile(
    r"\b(?:said|says|announced|stated|reported|confirmed|claimed|told\s+(?:\w+\s+){1,2}?)"
    r"(?:\s+(?:in|on)\s+(?:a|an|the)\s+(?:\w+\s+){0,2}?\w+)?\s+(?:on\s+|late\s+|early\s+|later\s+|earlier\s+)?$",
    re.IGNORECASE)

# a reporting verb's date ("..., police said Monday") stays a candidate: see _STATEMENT_DATE
_SPEECH_OR_AUX = frozenset(_WORDS["speech_or_aux"])
# a past participle or past-tense verb right before a date ("suspended since 2019", "interrupted in
# 2018 by ...", "held on Sunday"): after the trigger, that verb's date, not the trigger's
_OTHER_VERBS_DATE = re.compile(
    r"\b(?:(?!(?:need|seed|speed|feed|breed|bleed|red|bed|shed|hundred|based|led|reported|stated|announced|confirmed|"
    r"added|claimed|noted|explained|tweeted|posted|revealed|disclosed|warned|insisted|argued|cited)\b)[a-z]{2,}ed|"
    + "|".join(sorted(_PAST_WORDS - _SPEECH_OR_AUX))
    # a passive participle's agent may come between ("sailors held by the navy since May")
    + r")\s+(?:by\s+(?:[\w'\u2019.-]+\s+){1,4}(?=(?:in|on|since|at|during|until|from)\s))?"
    r"(?:(?:in|on|since|at|during|until|from)\s+)?(?:the\s+)?$")


_CLAUSE_MARK = re.compile(r",|\b(?:which|who|whom|whose|that|after|before|when|since|while|because|as|following|until)\b", re.I)
_VERB_BEFORE = re.compile(r"\b(?:will|would|to|has|have|had|was|were|is|are|be|been|did|does|do)\s+(?:\w+\s+)?$", re.I)


# "the kingdom of 1815", "the war of 1812", "the constitution of 1992": a year after "<noun> of"
# dates that noun, not the event the sentence reports (unless the noun is the trigger itself: "the
# elections of 2018"); "May of 2021", "the summer of 2020" are one expression, not this
_OF_YEAR = re.compile(r"\b([A-Za-z][\w'\u2019-]*)\s+of\s+$")


def _of_year(text: str, t: "Timex", trigger_start: int) -> bool:
    """Is ``t`` a bare year after "<noun> of" whose noun is not the trigger ("plotted to restore the
    kingdom of 1815")?"""
    if t.precision != "year" or not re.fullmatch(r"\d{4}", t.text.strip()):
        return False
    m = _OF_YEAR.search(text, max(0, t.start - 40), t.start)
    if m is None or m.group(1).lower().rstrip(".") in _MONTHS or m.group(1).lower() in _SEASONS:
        return False
    return not (m.start(1) <= trigger_start < m.end(1))


def _other_verbs_date(text: str, sent_start: int, trigger_start: int, date_start: int,
                      date_end: Optional[int] = None) -> bool:
    """Is the date at ``date_start`` (after the trigger) another verb's -- a past participle or
    past-tense verb right before it ("which have been suspended since 2019", "protests that erupted
    last month") -- when a clause boundary lies between, or the trigger is a verb itself ("will
    resume ... , which have been suspended since 2019")? A noun trigger's own predicate ("the first
    aid convoy arrived on Friday") keeps its date, but not a participle whose agent follows the date
    ("negotiations suspended in 2019 by the president": a passive, no predicate of the trigger)."""
    m = re.match(r"[\w'-]*", text[trigger_start:trigger_start + 40])
    lo = max(trigger_start + (m.end() if m else 0), date_start - 40)
    verb = _OTHER_VERBS_DATE.search(text, lo, date_start)
    if verb is None:
        return False
    trig = (m.group() if m else "").lower()
    verbal = (trig.endswith("ed") or trig in _PAST_WORDS
              or bool(_VERB_BEFORE.search(text, max(sent_start, trigger_start - 30), trigger_start)))
    passive = date_end is not None and re.match(r"\s+by\b", text[date_end:date_end + 5]) is not None
    return verbal or passive or bool(_CLAUSE_MARK.search(text, trigger_start, verb.start()))

_OFFSET_CLAUSE = re.compile(
    rf"\b(?P<num>{_NUM}|a|an|a\s+few|several)\s+(?P<unit>hours?|days?|weeks?|months?)\s+(?P<dir>after|before)\s+"
    r"(?:[\w'\u2019().-]+\s+){0,12}$", re.I)
# a short bracketed name inside the clause ("the rebel front (TPLF) agreed") breaks no clause
_BRACKETED = re.compile(r"\([^()]{1,15}\)")


def _offset_clause(text: str, sent_start: int, trigger_start: int
                   ) -> Optional[tuple[int, Optional[float], str, int, int]]:
    """``(start, n, unit, sign, end)`` when the trigger lies within twelve words after "<n> <unit>s
    after|before" in its sentence ("a day after declaring a truce", "three days after the return
    of 50 hostages"; a short bracketed name among them breaks nothing); sign -1 for "after" (the
    trigger's event came first), +1 for "before"; ``end`` where "after|before" ends."""
    m = _OFFSET_CLAUSE.search(text, max(sent_start, trigger_start - 150), trigger_start)
    inside = _BRACKETED.sub("", text[m.end("dir"):trigger_start]) if m is not None else ""
    if m is None or _CLAUSE_BREAK.search(inside) or "," in inside:
        return None
    return (m.start(), *_offset_parts(m), m.end("dir"))


def _offset_parts(m: re.Match) -> tuple[Optional[float], str, int]:
    """``(n, unit, sign)`` of a matched "<n> <unit>s after|before" (groups num, unit, dir): n None
    for "a few", "several"; sign -1 for "after", +1 for "before"."""
    num = " ".join(m["num"].lower().split())
    n = 1.0 if num in ("a", "an") else (None if num in ("a few", "several") else _number(num))
    return n, _unit_of(m["unit"]), (-1 if m["dir"].lower() == "after" else 1)


def _offset_date(base: _dt.date, n: Optional[float], unit: str, sign: int) -> Optional[tuple[str, str]]:
    """``base`` moved by ``sign`` x ``n`` ``unit``s, as an EventDate (value, precision); "a few hours"
    stays on the day, a vague number of days or more names no date."""
    if unit == "hour":
        if n is not None and n >= 24:
            return _d(base + _dt.timedelta(days=sign * int(n // 24))), "day"
        return _d(base), "day"
    if n is None or n != int(n):
        return None
    k = int(n)
    if unit == "day":
        return _d(base + _dt.timedelta(days=sign * k)), "day"
    if unit == "week":
        return to_calendar(_week(base + _dt.timedelta(days=sign * 7 * k)))
    if unit == "month":
        y, mth = _add_months(base.year, base.month, sign * k)
        return f"{y:04d}-{mth:02d}", "month"
    return None


_OFFSET_PHRASE = re.compile(rf"(?P<num>{_NUM}|a|an|a\s+few|several)\s+(?P<unit>hours?|days?|weeks?|months?)\s+"
                            r"(?P<dir>after|before)", re.I)


def rebase_offset(phrase: Optional[str], base: EventDate) -> Optional[EventDate]:
    """An event dated by an offset clause against the publication day (:func:`event_date` gives
    it the clause's words, ``phrase``, as its ``text``: "a week after") moved to the same offset
    from ``base``, a day the text gives; None when ``phrase`` is no such clause or ``base`` no day."""
    m = _OFFSET_PHRASE.fullmatch(phrase or "")
    if m is None or base.precision != "day" or not base.text or len(base.value) < 10:
        return None
    moved = _offset_date(_dt.date.fromisoformat(base.value[:10]), *_offset_parts(m))
    return EventDate(value=moved[0], precision=moved[1], text=phrase) if moved else None  # type: ignore[arg-type]


# "they have now been freed", "is now controlled": the trigger told as of the time of writing
_NOW_BEFORE = re.compile(r"\bnow\s+(?:[a-z]+\s+){0,2}$", re.I)

_BARE_CLOCK = re.compile(r"(?i)(?:(?:around|about|at|by|until|after|before|some|approximately)\s+)?"
                         r"(?:\d{1,2}(?:[:.]\d\d)?\s*(?:a\.?m\.?|p\.?m\.?|hrs|hours|h|o'clock)?|\d{4}\s*(?:hrs|hours|h)"
                         r"|noon|midnight)"
                         r"(?:\s+in\s+the\s+(?:morning|afternoon|evening))?(?:\s+[A-Z]{2,4})?")


def event_date(timexes: list[Timex], sent_start: int, sent_end: int, trigger_start: int,
               ref: _dt.date, modality: str = "asserted", *, text: Optional[str] = None,
               para_start: Optional[int] = None, ref_is_publication: bool = True) -> EventDate:
    """The date of the event whose trigger starts at ``trigger_start`` in sentence ``[sent_start, sent_end)``.

    Rule, in order:

    1. Candidates are the DATE/TIME timexes inside the sentence whose value names a calendar date
       (durations, sets, decades and ``PRESENT_REF``-style values are ignored). For an event
       that is ``asserted`` or ``negated`` (reported as having happened) a date after ``ref`` is
       ignored; for a ``future`` event an ambiguous expression takes its future reading
       (``alt_value``) when that is the later one.
    2. The nearest candidate to the trigger wins, by character distance; when ``text`` is given,
       candidates separated from the trigger by a clause break (``;``, ``:``, brackets, a dash or
       a quote mark) lose against ones that are not.
    3. Only when ``para_start`` is given (the start of the trigger's paragraph), and nothing in the
       sentence dates the event: the last day- or week-precision date earlier in that paragraph is
       carried over -- news paragraphs often date the first event and narrate the rest. Coarser
       dates ("this year") are not carried: they date the article's topic, not the event; nor is
       anything carried to a trigger "now" comes right before ("they have now been freed"): it
       is told as of the time of writing, not of the paragraph's story.
    4. Otherwise the publication date ``ref`` with precision ``"publication"`` and ``text`` None.

    A trigger inside "<n> <unit>s after|before ..." (:func:`_offset_clause`) takes a date inside
    that clause, else the offset from the day-precision date of the clause it hangs on (in the
    sentence, else earlier in the paragraph), else -- when ``ref_is_publication`` (``ref`` is the
    article's publication date, not a stand-in) -- the offset from ``ref``, given to the week
    (the undated clause is the news of about that day), with the clause's words as ``text``.

    >>> ts = find_timexes("Rebels attacked a post on Sunday.", _dt.date(2021, 7, 26))
    >>> event_date(ts, 0, 33, 7, _dt.date(2021, 7, 26))
    EventDate(value='2021-07-25', precision='day', text='Sunday')
    """
    if isinstance(ref, _dt.datetime):
        ref = ref.date()
    ref_iso = ref.isoformat()

    def reading(t: Timex) -> Optional[tuple[str, str]]:
        value = t.value
        # "XXXX": the other reading is unknown (no publication date: the article's own dates could
        # not settle it), so the reading both of them agree on stands
        if modality == "future" and t.alt_value and t.alt_value[:1].isdigit() \
                and (t.value is None or t.alt_value > t.value):
            value = t.alt_value
        cal = to_calendar(value)
        if cal is None:
            return None
        if modality in ("asserted", "negated") and cal[0][: len(ref_iso)] > ref_iso[: len(cal[0])]:
            return None  # a reported, happened event cannot be dated after publication
        return cal

    cands = []
    for t in timexes:
        if t.type not in ("DATE", "TIME") or t.start < sent_start or t.end > sent_end:
            continue
        if text is not None and _SINCE_COMPARISON.search(text, max(sent_start, t.start - 80), t.start):
            continue
        if t.text[:5].lower() in ("pre-1", "pre-2", "post-"):
            continue   # "post-1959 politics": a time after (or before) the year, not the event's date
        if t.type == "TIME" and _BARE_CLOCK.fullmatch(t.text.strip()):
            continue   # "around 10:06pm": a time of some day the text gives elsewhere (TimeML's value
                       # borrows the document's date; the event's day is not stated here)
        if text is not None and _of_year(text, t, trigger_start):
            continue
        cal = reading(t)
        if cal is None:
            continue
        if text is not None and t.start > trigger_start and _other_verbs_date(text, sent_start, trigger_start, t.start,
                                                                              t.end):
            continue
        if t.end <= trigger_start:
            lo, hi = t.end, trigger_start
        elif t.start >= trigger_start:
            lo, hi = trigger_start, t.start
        else:
            lo = hi = trigger_start
        dist = hi - lo
        crossed = bool(text is not None and _CLAUSE_BREAK.search(text, lo, hi))
        # the date of a statement before the trigger ("said in a note on Tuesday that the rebels had
        # shelled a base ... on Monday")
        statement = bool(text is not None and t.end <= trigger_start
                         and _STATEMENT_DATE.search(text, max(sent_start, t.start - 50), t.start))
        cands.append(((crossed, dist), cal, t, statement))
    off = _offset_clause(text, sent_start, trigger_start) if text is not None else None
    if off is not None:
        # "Kyiv said on Tuesday it had retaken two villages, a day after declaring a truce":
        # the trigger lies in a clause "N days after/before ..."; a date inside that clause is its
        # own, else it is N days before/after the date of the clause it hangs on
        phrase_start, n, unit, sign, phrase_end = off
        own = [c for c in cands if c[2].start >= phrase_start]
        if own:
            cands = own
        else:
            base = max((c for c in cands if c[2].end <= phrase_start and c[1][1] == "day"),
                       key=lambda c: c[2].end, default=None)
            base_day = (base[1][0], base[2].text) if base is not None else None
            if base_day is None and para_start is not None:
                for t in sorted(timexes, key=lambda t: t.start, reverse=True):
                    if t.end <= sent_start and t.start >= para_start and t.type in ("DATE", "TIME"):
                        cal = reading(t)
                        if cal is not None and cal[1] == "day":
                            base_day = (cal[0], t.text)
                            break
            coarse = False
            if base_day is None and ref_is_publication:
                # "The convoy's arrival came a week after the truce was agreed": the clause it hangs
                # on, dated by nothing in the text, is the news of about the publication day; being
                # only about that day, the result is given to the week
                base_day, coarse = (ref_iso, text[phrase_start:phrase_end]), True
            if base_day is not None:
                shifted = _offset_date(_dt.date.fromisoformat(base_day[0]), n, unit, sign)
                if coarse and shifted is not None and shifted[1] == "day":
                    shifted = to_calendar(_week(_dt.date.fromisoformat(shifted[0])))
                if shifted is not None and not (modality in ("asserted", "negated")
                                                and shifted[0][: len(ref_iso)] > ref_iso[: len(shifted[0])]):
                    return EventDate(value=shifted[0], precision=shifted[1], text=base_day[1])  # type: ignore[arg-type]
            cands = []     # the clause's date is not the trigger's
    if any(c[3] for c in cands):
        # a statement's date dates the statement: the event it reports takes another day-precision
        # date of its clause when there is one
        own = [c for c in cands if not c[3] and not c[0][0] and c[1][1] in ("day", "week")]
        if own:
            cands = own
    best = min(cands, key=lambda c: c[0]) if cands else None
    if best is not None:
        (_, (value, prec), t, _) = best
        return EventDate(value=value, precision=prec, text=t.text)  # type: ignore[arg-type]
    if para_start is not None and not (text is not None and _NOW_BEFORE.search(
            text, max(sent_start, trigger_start - 30), trigger_start)):
        for t in sorted(timexes, key=lambda t: t.start, reverse=True):
            if t.end > sent_start or t.start < para_start or t.type not in ("DATE", "TIME"):
                continue
            cal = reading(t)
            if cal is not None and cal[1] in ("day", "week"):
                return EventDate(value=cal[0], precision=cal[1], text=t.text)  # type: ignore[arg-type]
    return EventDate(value=ref_iso, precision="publication", text=None)


def reported_day(timexes: list[Timex], pos: int, ref: _dt.date) -> Optional[EventDate]:
    """The day the text has reached at character ``pos``: the last day-precision date (or time of a
    day) ending before it, not after ``ref``; None when none. A past-perfect act told as done just
    before the reported one ("they had earlier raided a market") took place in that story's time,
    which this is ("gunmen attacked a school on Friday ... they had earlier raided a market": that
    Friday).
    A bare clock time ("around 10pm") names no day of its own and is passed over.

    >>> ts = find_timexes("Gunmen attacked a school on Friday. They had earlier raided a market.",
    ...                   _dt.date(2021, 7, 26))
    >>> reported_day(ts, 50, _dt.date(2021, 7, 26))
    EventDate(value='2021-07-23', precision='day', text='Friday')
    """
    ref_iso = ref.isoformat()
    for t in sorted(timexes, key=lambda t: t.end, reverse=True):
        if t.end > pos or t.type not in ("DATE", "TIME"):
            continue
        if t.type == "TIME" and _BARE_CLOCK.fullmatch(t.text.strip()):
            continue
        cal = to_calendar(t.value)
        if cal is None or cal[1] != "day" or cal[0] > ref_iso:
            continue
        return EventDate(value=cal[0], precision="day", text=t.text)
    return None
