"""Typed records passed between pipeline stages.

Every stage is a function from one of these records to another:

    ingest  -> Article (raw text or HTML as read)
    clean   -> Article (clean prose in ``text``, ``offsets`` mapping back to ``raw``)
    nlp     -> spaCy ``Doc`` over ``Article.text``
    extract -> list[Event] with ``actor``/``recipient``/... filled by resolve
    output  -> JSON / CSV / Parquet / PLOVER-JSONL rows via ``Event.to_dict()``

The field names of :class:`Event` are the public schema (``wirecoder/data/event.schema.json``);
changing one is a breaking change.
"""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, Optional

Modality = Literal["asserted", "future", "hypothetical", "negated"]
DatePrecision = Literal["day", "week", "month", "year", "publication"]
PlacePrecision = Literal["exact", "town", "district", "province", "country", "region"]
CoordSource = Literal["geonames", "factbook", "blended", "derived", "curated"]
Qualifier = Literal["exact", "at_least", "more_than", "less_than", "at_most", "about"]


def stable_id(*parts: object, length: int = 16) -> str:
    """A short hex digest of ``parts`` that is the same on every run and machine."""
    h = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return h.hexdigest()[:length]


@dataclass
class Article:
    """One news article as it moves through ingest and clean.

    ``raw`` is what was read (text or HTML); ``text`` is the clean prose that later stages read.
    ``offsets`` maps clean text back to the source: a list of ``(clean_start, raw_start, length)``
    runs, so that ``raw[raw_start + i] == text[clean_start + i]`` within each run (see
    :func:`wirecoder.clean.to_source_span`).
    """

    id: str
    text: str
    raw: str = ""
    source: str = ""                  # file path, URL or "<stdin>"/"<string>"
    url: Optional[str] = None
    title: Optional[str] = None
    published: Optional[str] = None   # ISO date "YYYY-MM-DD"
    published_source: Optional[str] = None  # "metadata" | "dateline" | "option" | "header" | None
    site: Optional[str] = None
    language: Optional[str] = None
    content_type: Literal["text", "html"] = "text"
    offsets: list[tuple[int, int, int]] = field(default_factory=list)
    dropped_lines: list[str] = field(default_factory=list)  # what clean removed, for inspection
    # Structure of ``text`` found by clean: (start, end, kind), kind in title|heading|paragraph.
    # Extract reads events from paragraphs; a title or heading only restates the body.
    blocks: list[tuple[int, int, str]] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)  # anything else ingest found (author, tags, record no.)

    @staticmethod
    def make_id(url: Optional[str], text: str) -> str:
        """Stable article id: from the canonical URL when known, else from normalised text."""
        if url:
            return stable_id("url", url.strip().rstrip("/").lower())
        norm = " ".join(text.split()).lower()
        return stable_id("text", norm)


@dataclass
class Actor:
    text: str                       # the words in the article ("46 members of the Afghan army")
    name: Optional[str] = None      # normalised name ("Afghan National Army", "Taliban")
    country: Optional[str] = None   # ISO 3166 alpha-3, or an IGO code
    sector: Optional[str] = None    # PLOVER sector: MIL, GOV, REB, COP, CVL, ...


@dataclass
class EventDate:
    value: str                      # "YYYY-MM-DD" | "YYYY-MM" | "YYYY" (week: "YYYY-MM-DD" of its Monday)
    precision: DatePrecision
    text: Optional[str] = None      # the expression it came from, None for publication dates


@dataclass
class Location:
    text: str
    name: Optional[str] = None
    geonameid: Optional[int] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    country: Optional[str] = None   # ISO alpha-3
    admin1: Optional[str] = None
    admin2: Optional[str] = None
    precision: Optional[PlacePrecision] = None
    # where the point comes from: geonames | factbook | blended | derived | curated (see wirecoder/gazetteer.py)
    coord_source: Optional[CoordSource] = None


@dataclass
class Size:
    people: Optional[int] = None
    qualifier: Optional[Qualifier] = None
    text: Optional[str] = None
    dead: Optional[int] = None
    injured: Optional[int] = None
    arrested: Optional[int] = None


@dataclass
class Mention:
    """One place in the article that reports an event: its sentence and where it is.

    ``span`` and ``trigger_span`` are ``[start, end)`` offsets in the cleaned article text,
    ``source_span`` the same span in the raw input (text input; None for HTML). ``role`` is
    ``event`` for a sentence that reports the event itself, ``setting`` for one that only says
    when or where it happened ("The incident took place on Sunday in Chitral") and ``headline`` for
    the article's title restating it.
    """

    sentence: str
    span: tuple[int, int]
    trigger: str = ""
    trigger_span: Optional[tuple[int, int]] = None
    source_span: Optional[tuple[int, int]] = None
    role: Literal["event", "setting", "headline"] = "event"


@dataclass
class Note:
    """Why a field of an event is empty, or how it was filled when not from the event's own
    sentences: ``Note("date", "no publication date: 'Thursday' cannot be resolved")``."""

    field: str
    reason: str


@dataclass
class Event:
    """One coded event. ``to_dict()`` gives the published JSON record.

    Extraction yields one Event per *mention* (one sentence); :mod:`wirecoder.assemble` groups the
    mentions of one real event into one article-level Event whose ``mentions`` keep every sentence
    and span, and whose ``sentence``/``span`` are those of its most specific mention.
    """

    id: str
    article_id: str
    event_type: str
    mode: Optional[str]
    context: list[str]
    quad_class: int
    cameo_root: Optional[str]
    modality: Modality
    actor: list[Actor]
    recipient: list[Actor]
    date: Optional[EventDate]
    location: Optional[Location]
    size: Optional[Size]
    sentence: str
    span: tuple[int, int]
    confidence: float
    trigger: str = ""
    source_span: Optional[tuple[int, int]] = None  # span in Article.raw
    source: Optional[str] = None                   # reported-speech source ("the military")
    acled_type: Optional[str] = None
    acled_subtype: Optional[str] = None
    mentions: list[Mention] = field(default_factory=list)
    background: bool = False        # mentioned only as context (an earlier event, a trend)
    notes: list[Note] = field(default_factory=list)   # why a field is empty, or where it came from
    url: Optional[str] = None       # the article's
    title: Optional[str] = None
    published: Optional[str] = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["span"] = list(self.span)
        if self.source_span is not None:
            d["source_span"] = list(self.source_span)
        for m in d.get("mentions") or []:
            for k in ("span", "trigger_span", "source_span"):
                if m.get(k) is not None:
                    m[k] = list(m[k])
        return d

    def note(self, name: str) -> Optional[str]:
        """The reason noted for field ``name``, if any."""
        return next((n.reason for n in self.notes if n.field == name), None)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Event":
        d = dict(d)
        d["actor"] = [Actor(**a) for a in d.get("actor") or []]
        d["recipient"] = [Actor(**a) for a in d.get("recipient") or []]
        d["date"] = EventDate(**d["date"]) if d.get("date") else None
        d["location"] = Location(**d["location"]) if d.get("location") else None
        d["size"] = Size(**d["size"]) if d.get("size") else None
        d["span"] = tuple(d["span"])
        if d.get("source_span") is not None:
            d["source_span"] = tuple(d["source_span"])
        d["mentions"] = [m if isinstance(m, Mention) else Mention(**{
            **m, **{k: tuple(m[k]) for k in ("span", "trigger_span", "source_span") if m.get(k) is not None}})
            for m in d.get("mentions") or []]
        if d.get("published") is not None and not isinstance(d["published"], str):
            d["published"] = d["published"].isoformat()   # a DATE column (Parquet, the store)
        d["notes"] = [n if isinstance(n, Note) else Note(**n) for n in d.get("notes") or []]
        return cls(**d)
