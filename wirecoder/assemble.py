"""The assemble stage: the article's events from all their mentions.

Extraction (:mod:`wirecoder.extraction`) finds event *mentions*, one sentence each. A real event
is told across the article: the lede says 46 soldiers fled to Pakistan, a later sentence that "the
incident took place on Sunday evening in the Arundu sector of the Chitral district", the official
statement repeats the count. This stage groups the mentions of one real event into one
:class:`~wirecoder.records.Event` whose ``mentions`` keep every sentence and span, then resolves
its date and place once, from all of them.

Grouping, in text order: a mention joins the latest earlier event of the same type and modality
unless something tells them apart -- a cue that another event is meant ("in a similar incident"),
explicit dates that differ at day precision, counts that differ by more than half, coded actors of
different countries, or places of town precision or finer more than 25 km apart (two towns). A
mention that only refers back to an event ("condemned the attack") joins the latest event of its type.

A *setting* sentence -- a definite event noun as subject of "take place", "happen", "occur" ("The
incident took place on Sunday ... in Chitral") -- gives its date and place to the event the noun
refers to: the latest event of the noun's type, or for "incident" the article's main (first) event.

Fields of an assembled event: type, mode, sentence and span of its most specific mention (coded
actor, recipient, count); actor from the first mention that codes one; recipients of all mentions;
the lead count for ``people`` and the largest casualty counts; the most precise date any mention
(or setting) gives, else a date carried over from its paragraph, else the publication date
(precision ``publication``), else none, with a ``Note("date", ...)`` saying why; the most precise place
likewise, and for a material event (quad 2 or 4) whose sentences name no place, the place of the
article's main event, noted as such (measured on article-events: location 0.449 -> 0.468).
``background`` marks events mentioned as context (cue words, or dated more than a week before
publication). The cue words are data: ``wirecoder/data/assembly.yaml``.
"""
from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Collection, Optional, Sequence

from .datafiles import data_path, read_yaml
from .errors import DataFileError
from .nlp import column, doc_text, line_end, sent_bounds, token_starts
from .records import Actor, Article, Event, EventDate, Location, Mention, Note, Size, stable_id
from .extraction.cues import default_cues, in_types, type_key
from .extraction.acled import acled_with_roles, default_acled
from .extraction.roles import in_sequence, patient_of, two_sided
from .ontology import PLACED_QUADS, default_ontology
from .resolve.actors import NOT_STATES, ActorResolver
from .resolve.dates import rebase_offset
from .resolve.places import DESTINATION_PREPS, names_site

PLACE_RANK = {"exact": 0, "town": 1, "district": 2, "province": 3, "country": 4, "region": 5}
DATE_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, "publication": 5}
PLACE_APART_KM = 25.0
COUNT_RATIO = 1.5          # counts further apart than this are two events ("1,037" vs "300")

_KEYS = ("event_nouns", "setting_verbs", "new_event_cues", "background_cues", "background_days", "compatible_modes",
         "reciprocal_triggers", "implied_actors")


@dataclass(frozen=True)
class AssemblyCues:
    event_nouns: dict[str, str]
    setting_verbs: frozenset[str]
    new_event_cues: tuple[str, ...]
    background_cues: tuple[str, ...]
    background_days: int
    compatible_modes: tuple[frozenset[str], ...] = ()
    reciprocal_triggers: frozenset[str] = frozenset()
    implied_actors: dict[str, tuple[str, str]] = field(default_factory=dict)   # type -> (name, sector)
    speaker_actors: dict[str, frozenset[str]] = field(default_factory=dict)    # TYPE or TYPE/mode -> sectors
    nearby_actors: dict[str, frozenset[str]] = field(default_factory=dict)     # TYPE or TYPE/mode -> sectors
    nearby_sentences: int = 2
    place_recipients: dict[str, str] = field(default_factory=dict)             # TYPE or TYPE/mode -> sector ("-": none)
    additive_words: frozenset[str] = frozenset()
    per_place_types: frozenset[str] = frozenset()                              # TYPE or TYPE/mode
    vague_past_words: frozenset[str] = frozenset()                             # "recently": past, undated
    joint_process_nouns: frozenset[str] = frozenset()                          # "talks": done between parties
    article_actors: dict[str, tuple[str, ...]] = field(default_factory=dict)   # TYPE or TYPE/mode -> sectors, preferred first
    home_acts: dict[str, frozenset[str]] = field(default_factory=dict)         # TYPE or TYPE/mode -> sectors
    doer_kinds: dict[str, str] = field(default_factory=dict)                   # sector -> kind of doer
    two_sided_types: frozenset[str] = frozenset()                              # either side told as the doer
    # (from TYPE, mode), (to TYPE, mode), (request TYPE, mode): troops sent into a state that asked
    requested_deployment: Optional[tuple[tuple[str, Optional[str]], ...]] = None
    contingent_types: frozenset[str] = frozenset()                             # TYPE or TYPE/mode: force deployments
    more_words: frozenset[str] = frozenset()                                   # "dozens more settlements"
    plot_nouns: frozenset[str] = frozenset()                                   # "plot": a plot told ...
    plot_aims: frozenset[str] = frozenset()                                    # ... with its aim ("overthrow")
    plotter_types: frozenset[str] = frozenset()                                # TYPE or TYPE/mode done to plotters
    # mode -> (modes of the acts done in its course, the kind of doer that does them all)
    accompanying_acts: dict[str, tuple[frozenset[str], str]] = field(default_factory=dict)
    generic_sectors: frozenset[str] = frozenset()                              # "victims": people of any sector
    generic_names: frozenset[str] = frozenset()                                # "victims": whoever else is done to
    prior_words: frozenset[str] = frozenset()                                  # "had earlier attacked": before the news
    next_day_parts: tuple[str, ...] = ()                                       # "in the morning": the next day's (plans)
    # (act TYPE, mode), the TYPE it is part of, the sectors of those assaulted: a violent clearance
    violent_clearance: Optional[tuple[tuple[str, Optional[str]], str, frozenset[str]]] = None
    unattended_types: frozenset[str] = frozenset()                             # TYPE or TYPE/mode: needs no participant
    spoken_types: frozenset[str] = frozenset()                                 # TYPE or TYPE/mode: its speaker made it
    aside_types: frozenset[str] = frozenset()                                  # TYPE or TYPE/mode: a relative clause describes
    target_preps: frozenset[str] = frozenset()                                 # "a crackdown on protests": aimed at
    movement_types: frozenset[str] = frozenset()                               # TYPE or TYPE/mode: named as a frame

    def contingent_type(self, event_type: str, mode: Optional[str]) -> bool:
        return in_types(self.contingent_types, event_type, mode)

    def per_place(self, event_type: str, mode: Optional[str]) -> bool:
        return in_types(self.per_place_types, event_type, mode)

    def speaker_sectors(self, event_type: str, mode: Optional[str]) -> frozenset[str]:
        """Sectors of a speaker who, reporting an event of this type with no named doer, did it."""
        return _by_type(self.speaker_actors, event_type, mode)

    def home_sectors(self, event_type: str, mode: Optional[str]) -> frozenset[str]:
        """Sectors of a doer that carries out an act of this type in its own country."""
        return _by_type(self.home_acts, event_type, mode)

    def nearby_sectors(self, event_type: str, mode: Optional[str]) -> frozenset[str]:
        """Sectors of a force the text names just before an event of this type with no named doer,
        taken as its doer."""
        return _by_type(self.nearby_actors, event_type, mode)

    def article_sectors(self, event_type: str, mode: Optional[str]) -> tuple[str, ...]:
        """Sectors of the actor the article names first, taken as the doer of an event of this type
        that names none when nothing nearer does; the first sector the article has an actor of wins."""
        return _by_type(self.article_actors, event_type, mode, ())

    def place_sector(self, event_type: str, mode: Optional[str]) -> Optional[str]:
        """The sector of the people of its place an event of this type is done to when it names no
        recipient (``place_recipients``; "-" for none), else None."""
        sector = _by_type(self.place_recipients, event_type, mode, None)
        return None if sector == "-" else sector

    def modes_agree(self, a: Optional[str], b: Optional[str]) -> bool:
        return not a or not b or a == b or any(a in g and b in g for g in self.compatible_modes)

    def accompanied(self, modes: set[str]) -> Optional[tuple[str, str]]:
        """(the main act's mode, the kind of doer) by whom acts of these (differing) modes are one act
        done in the course of another (``accompanying_acts``: the shooting of an abduction), else None."""
        for main, (others, kind) in self.accompanying_acts.items():
            if main in modes and modes <= others | {main}:
                return main, kind
        return None


def _by_type(table: dict[str, Any], event_type: str, mode: Optional[str], empty: Any = frozenset()) -> Any:
    """A TYPE or TYPE/mode keyed table's value for an event (the mode's key first), else ``empty``."""
    got = table.get(f"{event_type}/{mode}") if mode else None
    return got if got is not None else table.get(event_type, empty)


def load_assembly_cues(path: str | Path | None = None) -> AssemblyCues:
    path = path or data_path("assembly.yaml")
    raw = read_yaml(path, _KEYS)
    nouns = raw["event_nouns"]
    if not isinstance(nouns, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in nouns.items()):
        raise DataFileError(str(path), "event_nouns must map nouns to an event type or '*'")
    for k in ("setting_verbs", "new_event_cues", "background_cues", "reciprocal_triggers"):
        if not isinstance(raw[k], list) or not all(isinstance(x, str) for x in raw[k]):
            raise DataFileError(str(path), f"{k} must be a list of strings")
    if not isinstance(raw["background_days"], int):
        raise DataFileError(str(path), "background_days must be an integer")
    groups = raw["compatible_modes"]
    if not isinstance(groups, list) or not all(isinstance(g, list) and all(isinstance(x, str) for x in g)
                                               for g in groups):
        raise DataFileError(str(path), "compatible_modes must be a list of lists of modes")
    implied = raw["implied_actors"]
    if not isinstance(implied, dict) or not all(
            isinstance(v, dict) and isinstance(v.get("name"), str) and isinstance(v.get("sector"), str)
            for v in implied.values()):
        raise DataFileError(str(path), "implied_actors must map event types to {name: ..., sector: ...}")
    tables = {}
    for key in ("speaker_actors", "nearby_actors", "article_actors", "home_acts"):    # added later: optional
        table = raw.get(key) or {}
        if not isinstance(table, dict) or not all(
                isinstance(v, list) and all(isinstance(x, str) for x in v) for v in table.values()):
            raise DataFileError(str(path), f"{key} must map event types (TYPE or TYPE/mode) to lists of sectors")
        kind = tuple if key == "article_actors" else frozenset     # article_actors: an order of preference
        tables[key] = {k: kind(v) for k, v in table.items()}
    place_recipients = raw.get("place_recipients") or {}
    if not isinstance(place_recipients, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in place_recipients.items()):
        raise DataFileError(str(path), "place_recipients must map event types (TYPE or TYPE/mode) to a sector or '-'")
    lists = {}
    for key in ("additive_words", "per_place_types", "vague_past_words", "joint_process_nouns",
                "contingent_types", "more_words", "plot_nouns", "plot_aims", "plotter_types", "prior_words",
                "generic_sectors", "next_day_parts", "generic_names", "unattended_types", "spoken_types", "aside_types",
                "target_preps", "movement_types"):   # optional
        v = raw.get(key) or []
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            raise DataFileError(str(path), f"{key} must be a list of strings")
        lists[key] = v
    kinds = raw.get("doer_kinds") or {}
    two_sided = raw.get("two_sided_types") or []
    if not isinstance(two_sided, list) or not all(isinstance(x, str) for x in two_sided):
        raise DataFileError(str(path), "two_sided_types must be a list of event types")
    if not isinstance(kinds, dict) or not all(
            isinstance(v, list) and all(isinstance(x, str) for x in v) for v in kinds.values()):
        raise DataFileError(str(path), "doer_kinds must map a kind of doer to a list of sectors")
    deployment = raw.get("requested_deployment")
    if deployment is not None and not (isinstance(deployment, dict) and {"from", "to", "request"} <= set(deployment)
                                       and all(isinstance(deployment[k], str) for k in ("from", "to", "request"))):
        raise DataFileError(str(path), "requested_deployment must give from, to and request (TYPE or TYPE/mode)")
    accompanying = raw.get("accompanying_acts") or {}
    if not isinstance(accompanying, dict) or not all(
            isinstance(v, dict) and isinstance(v.get("modes"), list) and all(isinstance(x, str) for x in v["modes"])
            and isinstance(v.get("doers"), str) for v in accompanying.values()):
        raise DataFileError(str(path), "accompanying_acts must map a mode to {modes: [...], doers: <kind of doer>}")
    clearance = raw.get("violent_clearance")
    if clearance is not None and not (
            isinstance(clearance, dict) and isinstance(clearance.get("act"), str) and isinstance(clearance.get("into"), str)
            and isinstance(clearance.get("targets"), list) and all(isinstance(x, str) for x in clearance["targets"])):
        raise DataFileError(str(path), "violent_clearance must give act (TYPE or TYPE/mode), into (TYPE) and targets "
                                       "(a list of sectors)")
    nearby_sentences = raw.get("nearby_sentences", 2)
    if not isinstance(nearby_sentences, int) or nearby_sentences < 0:
        raise DataFileError(str(path), "nearby_sentences must be a non-negative integer")
    return AssemblyCues({k.lower(): v for k, v in nouns.items()}, frozenset(raw["setting_verbs"]),
                        tuple(x.lower() for x in raw["new_event_cues"]),
                        tuple(x.lower() for x in raw["background_cues"]), raw["background_days"],
                        tuple(frozenset(g) for g in groups), frozenset(raw["reciprocal_triggers"]),
                        {k: (v["name"], v["sector"]) for k, v in implied.items()},
                        tables["speaker_actors"], tables["nearby_actors"], nearby_sentences,
                        {type_key(k): v.upper() for k, v in place_recipients.items()},
                        frozenset(x.lower() for x in lists["additive_words"]),
                        frozenset(type_key(x) for x in lists["per_place_types"]),
                        frozenset(x.lower() for x in lists["vague_past_words"]),
                        frozenset(x.lower() for x in lists["joint_process_nouns"]),
                        prior_words=frozenset(x.lower() for x in lists["prior_words"]),
                        next_day_parts=tuple(x.lower() for x in lists["next_day_parts"]),
                        generic_sectors=frozenset(x.upper() for x in lists["generic_sectors"]),
                        generic_names=frozenset(x.lower() for x in lists["generic_names"]),
                        article_actors=tables["article_actors"], home_acts=tables["home_acts"],
                        doer_kinds={x.upper(): str(k) for k, v in kinds.items() for x in v},
                        two_sided_types=frozenset(x.upper() for x in two_sided),
                        requested_deployment=tuple(_type_mode(deployment[k]) for k in ("from", "to", "request"))
                        if deployment else None,
                        contingent_types=frozenset(type_key(x) for x in lists["contingent_types"]),
                        more_words=frozenset(x.lower() for x in lists["more_words"]),
                        plot_nouns=frozenset(x.lower() for x in lists["plot_nouns"]),
                        plot_aims=frozenset(x.lower() for x in lists["plot_aims"]),
                        plotter_types=frozenset(type_key(x) for x in lists["plotter_types"]),
                        unattended_types=frozenset(type_key(x) for x in lists["unattended_types"]),
                        spoken_types=frozenset(type_key(x) for x in lists["spoken_types"]),
                        aside_types=frozenset(type_key(x) for x in lists["aside_types"]),
                        target_preps=frozenset(x.lower() for x in lists["target_preps"]),
                        movement_types=frozenset(type_key(x) for x in lists["movement_types"]),
                        accompanying_acts={str(k): (frozenset(v["modes"]), v["doers"]) for k, v in accompanying.items()},
                        violent_clearance=(_type_mode(clearance["act"]), type_key(clearance["into"]),
                                           frozenset(x.upper() for x in clearance["targets"])) if clearance else None)


def _type_mode(key: str) -> tuple[str, Optional[str]]:
    t, _, mode = type_key(key).partition("/")
    return t, mode or None



@lru_cache(maxsize=None)
def default_assembly_cues() -> AssemblyCues:
    return load_assembly_cues()


# ------------------------------------------------------------------------------------ resolvers

DateFn = Callable[[int, int, int, str, bool], Optional[EventDate]]
"""(sentence start, sentence end, trigger char, modality, carry over from the paragraph) -> date
found in the text, or None (no publication fallback)."""
PlaceFn = Callable[[Any, int], Optional[Location]]
"""(spaCy sentence, trigger token index) -> the place the text gives for the event, or None."""


@dataclass
class Context:
    """What assembly reads besides the mentions: the article, its parse and the resolvers."""

    article: Article
    doc: Any
    date: Optional[DateFn] = None
    place: Optional[PlaceFn] = None
    publication: Optional[EventDate] = None        # the fallback date, None when not known
    # no publication date: the month the article was written in, when the latest date it states
    # settles it (see pipeline.ANCHOR_DAYS); the fallback in place of ``publication``, marked
    written: Optional[EventDate] = None
    focus_country: Optional[str] = None             # ISO3 of the country most of the article's places are in
    actor_country: Optional[str] = None             # ISO3 of the country most of the article's actors are named by
    dateline: Optional[Location] = None             # the place of the article's dateline ("KABUL, July 26 -")
    focus_places: dict[str, Location] = field(default_factory=dict)  # ISO3 -> the finer place named most in it
    unresolved_dates: Sequence[str] = ()            # relative expressions no date anchors
    # character offset -> the day the text has reached there (its last day-precision date before it)
    reported_day: Optional[Callable[[int], Optional[EventDate]]] = None
    # the actors the mention finder coded, in text order: (character offset, actor)
    coded_actors: Sequence[tuple[int, Actor]] = ()
    # (start, end) character range -> the places the geoparser found in it (wirecoder.resolve.places.Place)
    places_in: Optional[Callable[[int, int], list[Any]]] = None
    country_place: Optional[Callable[[str], Optional[Location]]] = None   # ISO3 -> the country as a place
    cues: AssemblyCues = field(default_factory=default_assembly_cues)

    def __post_init__(self) -> None:
        self._sents = list(self.doc.sents)
        self._starts = [s.start_char for s in self._sents]

    def sentence_at(self, char: int) -> Any:
        return self._sents[max(0, bisect.bisect_right(self._starts, char) - 1)]


# ------------------------------------------------------------------------------------ groups

@dataclass
class _Member:
    event: Event                   # the mention-level event
    mention: Mention
    date: Optional[EventDate]      # its own sentence's date (no carry-over, no publication date)
    carried: Optional[EventDate]   # the same, else the date carried over from its paragraph
    place: Optional[Location]      # the place its sentence gives
    sent: Any
    trigger_i: int
    speaker: Optional[Actor] = None  # who reports it (the coded subject of the speech verb above it)
    anaphoric: bool = False        # refers back to the event ("the attack", "condemned the attacks by X")
    distinct: bool = False         # one half of an exchange: not the same event as its sentence's other half
    counterpart: bool = False      # the half only implied ("in exchange for Q"): the release of Q alone
    old: bool = False              # its own sentence dates it long before publication (background)
    moved: bool = False            # those released were taken elsewhere in an exchange: not of that place


@dataclass
class _Group:
    members: list[_Member] = field(default_factory=list)
    settings: list[tuple[Mention, Optional[EventDate], Optional[Location]]] = field(default_factory=list)
    closed: bool = False           # takes no further mentions (begun by an additive one or one told before)

    @property
    def first(self) -> _Member:
        return self.members[0]

    @property
    def type(self) -> str:
        return self.first.event.event_type

    @property
    def modality(self) -> str:
        return self.first.event.modality


def _countries(actors: list[Actor]) -> set[str]:
    return {a.country for a in actors if a.country}


def _count(size: Optional[Size]) -> Optional[int]:
    if size is None:
        return None
    return size.people if size.people is not None else size.dead


def _km(a: Location, b: Location) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))  # type: ignore[arg-type]
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _fine(p: Optional[Location]) -> bool:
    return p is not None and p.lat is not None and PLACE_RANK.get(p.precision or "country", 4) <= PLACE_RANK["town"]


def _interval(d: EventDate) -> Optional[tuple[dt.date, dt.date]]:
    """The days an explicit date can mean (None for the publication fallback or an odd value)."""
    try:
        if d.precision == "day":
            day = dt.date.fromisoformat(d.value[:10])
            return day, day
        if d.precision == "week":
            monday = dt.date.fromisoformat(d.value[:10])
            return monday, monday + dt.timedelta(days=6)
        if d.precision == "month":
            first = dt.date.fromisoformat(d.value[:7] + "-01")
            return first, (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        if d.precision == "year":
            y = int(d.value[:4])
            return dt.date(y, 1, 1), dt.date(y, 12, 31)
    except ValueError:
        return None
    return None


def _disjoint(a: EventDate, b: EventDate) -> bool:
    """Two explicit dates that cannot mean the same day ("2020-12-19" and the week of 2020-12-07)."""
    x, y = _interval(a), _interval(b)
    return x is not None and y is not None and (x[1] < y[0] or y[1] < x[0])


def additive(m: _Member, cues: AssemblyCues) -> bool:
    """Another act of the same kind: a mention of a per-place type whose trigger "also" modifies
    ("Police raided 40 homes and arrested 12 ... Four more were also detained in Poland"), or one
    whose object counts more of them (assembly.yaml ``more_words``: "it had taken dozens more
    settlements", "two more villages were seized")."""
    trigger = m.sent.doc[m.trigger_i]
    if cues.per_place(m.event.event_type, m.event.mode) and any(
            c.dep_ == "advmod" and c.lower_ in cues.additive_words for c in trigger.children):
        return True
    objects = [c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass")]
    doc = trigger.doc
    return any(c.dep_ in ("amod", "advmod") and c.lower_ in cues.more_words
               and not (c.i + 1 < len(doc) and doc[c.i + 1].lower_ == "than")     # "more than 100": a count
               for o in objects for c in [*o.children, *(g for n in o.children if n.dep_ == "nummod"
                                                          for g in n.children)])


def compatible(g: _Group, m: _Member, cues: AssemblyCues) -> bool:
    """Whether mention ``m`` can report the same real event as group ``g`` (same type assumed)."""
    if m.event.modality != g.modality:
        return False
    if not all(cues.modes_agree(m.event.mode, x.event.mode) for x in g.members) and not _accompanies(g, m, cues):
        return False
    sentence = m.mention.sentence.lower()
    if any(c in sentence for c in cues.new_event_cues):
        return False
    if additive(m, cues):
        return False                # "four more were also detained in Poland": more of the same kind
    if any((m.distinct or x.distinct) and x.sent.start == m.sent.start for x in g.members):
        return False                # "P were released in exchange for Q": two releases
    if m.counterpart != g.first.counterpart and not (
            _countries(m.event.recipient) & set().union(*(_countries(x.event.recipient) for x in g.members))):
        return False                # one side's release in an exchange: of those people, not the others
    mine = _countries(m.event.actor)
    theirs = set().union(*(_countries(x.event.actor) for x in g.members))
    if mine and theirs and not mine & theirs:
        return False
    mine_k = {k for a in m.event.actor if (k := cues.doer_kinds.get(a.sector or ""))}
    theirs_k = {k for x in g.members for a in x.event.actor if (k := cues.doer_kinds.get(a.sector or ""))}
    if mine_k and theirs_k and not mine_k & theirs_k and m.event.event_type not in cues.two_sided_types:
        return False                # "border guards fled" and "villagers fled": two flights
    if m.event.quad_class == 4 and _turned_on_doers(m, g):
        return False
    if m.old and not any(x.date for x in g.members):
        return False                # "which seized power in February 2021" after the news of the day
    words = default_cues().sequence_words
    if any(x.sent.start == m.sent.start and in_sequence(m.sent.doc[m.trigger_i], m.sent.doc[x.trigger_i], words)
           for x in g.members):
        return False                # "seized more villages a day after the battle for the city": two events
    c = _count(m.event.size)
    for x in g.members:
        o = _count(x.event.size)
        if c and o and max(c, o) > COUNT_RATIO * min(c, o) and _same_people(m, x, cues):
            return False
        if m.carried and x.carried and _disjoint(m.carried, x.carried):
            return False            # "on Saturday" vs "about a week ago", "July 1" vs "July 25"
        if _fine(m.place) and _fine(x.place) and _km(m.place, x.place) > PLACE_APART_KM:  # type: ignore[arg-type]
            return False
    return True


def _same_people(a: _Member, b: _Member, cues: AssemblyCues) -> bool:
    """Whether two mentions' counts can count the same people: not when both name whom they are done
    to and those are of different sectors ("kidnapped 40 pupils" and "also abducted two police
    officers": two counts, no conflict); a generic sector (``generic_sectors``: "20 victims")
    may name people of any sector of its kind of doer."""
    x = {r.sector for r in a.event.recipient if r.sector}
    y = {r.sector for r in b.event.recipient if r.sector}
    if not (x and y) or x & y:
        return True

    def kinds(sectors: set[str]) -> set[str]:
        return {cues.doer_kinds.get(s, s) for s in sectors}

    return bool((x & cues.generic_sectors and kinds(x & cues.generic_sectors) & kinds(y))
                or (y & cues.generic_sectors and kinds(y & cues.generic_sectors) & kinds(x)))


def _accompanies(g: _Group, m: _Member, cues: AssemblyCues) -> bool:
    """"The bandits stormed the school, shooting sporadically ... they kidnapped 200 pupils": acts of
    modes that differ, one done in the course of the other (assembly.yaml ``accompanying_acts``), by
    doers all of the kind that does both, each accompanying act naming its doer; a gun battle with the
    state's forces stays another event."""
    found = cues.accompanied({x.event.mode for x in [*g.members, m] if x.event.mode})
    if found is None:
        return False
    main, kind = found
    for x in [*g.members, m]:
        kinds = {cues.doer_kinds.get(a.sector or "", "") for a in x.event.actor if a.sector} - {""}
        if not kinds <= {kind} or (not kinds and x.event.mode not in (None, main)):
            return False
    return True


def _turned_on_doers(m: _Member, g: _Group) -> bool:
    """"Bandits ambushed the pupils ... the police engaged the bandits in a gun duel": a mention whose
    doers are none of the group's and whose targets are the group's doers tells the response, another
    event (a clash, a rescue raid), not the act it responds to."""
    def keys(actors: list[Actor]) -> set[tuple[Optional[str], str]]:
        return {(a.country, a.sector) for a in actors if a.sector}

    doers = set().union(*(keys(x.event.actor) for x in g.members))
    mine = keys(m.event.actor)
    return bool(mine and doers and not mine & doers and keys(m.event.recipient) & doers)


def told_before(m: _Member, cues: AssemblyCues) -> bool:
    """"The gunmen had earlier attacked the town", "had already kidnapped four": a past-perfect trigger
    an adverb of ``prior_words`` modifies tells an act done before the one the article reports."""
    tok = m.sent.doc[m.trigger_i]
    return _past_perfect(tok) is not None and any(
        c.dep_ == "advmod" and c.lower_ in cues.prior_words for c in tok.children)


def group_mentions(members: list[tuple[_Member, bool]], cues: AssemblyCues) -> list[_Group]:
    """Mentions in text order (with their anaphoric flag) -> groups, one per real event."""
    groups: list[_Group] = []
    for m, anaphoric in members:
        # a group an additive mention began holds that mention alone: later reports of the kind
        # ("two ringleaders were among those arrested") belong to the events before it
        same = [g for g in groups if g.type == m.event.event_type and not g.closed]
        if anaphoric:
            # "announcing the agreement" after its signing: the event it refers back to, of its own
            # type, else of one its nouns refer to (cues.yaml reference_types: "the clashes" after
            # the riots; "the attack" after an attack and a protest is the attack)
            refs = default_cues().reference_types.get(m.event.event_type, frozenset())
            referred = same or [g for g in groups if g.type in refs and not g.closed]
            if referred:
                referred[-1].members.append(m)
            continue
        earlier = told_before(m, cues)
        target = None if earlier else next((g for g in reversed(same) if compatible(g, m, cues)), None)
        if target is None:
            groups.append(_Group([m], closed=earlier or additive(m, cues)))
        else:
            target.members.append(m)
    return groups


# ------------------------------------------------------------------------------------ settings

def setting_sentences(ctx: Context) -> list[tuple[Any, str]]:
    """Sentences that set an event in time and place: (sentence, the event type the noun means)."""
    out = []
    nouns, verbs = ctx.cues.event_nouns, ctx.cues.setting_verbs
    doc = ctx.doc
    deps, lemmas, lowers = column(doc, "dep"), column(doc, "lemma"), column(doc, "lower")
    for sent in ctx._sents:
        for i in range(sent.start, sent.end):
            if deps[i] not in ("nsubj", "nsubjpass") or lemmas[i] not in nouns and lowers[i] not in nouns:
                continue
            tok = doc[i]
            if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children):
                continue
            if tok.head.lemma_.lower() in verbs:
                out.append((sent, nouns.get(tok.lower_) or nouns[tok.lemma_.lower()]))
                break
    return out


def attach_settings(groups: list[_Group], ctx: Context) -> None:
    for sent, etype in setting_sentences(ctx):
        earlier = [g for g in groups if g.first.mention.span[0] < sent.end_char]
        if etype == "*":
            target = earlier[0] if earlier else None
        else:
            target = next((g for g in reversed(earlier) if g.type == etype), None)
        if target is None:
            continue
        head = next((t for t in sent if t.dep_ == "ROOT"), sent[0])
        date = ctx.date(sent.start_char, sent.end_char, head.idx, target.modality, False) if ctx.date else None
        place = ctx.place(sent, head.i) if ctx.place else None
        if date is None and place is None:
            continue
        span = (sent.start_char, sent.end_char)
        mention = Mention(sentence=sent.text.strip(), span=span, trigger=head.text,
                          trigger_span=(head.idx, head.idx + len(head.text)), role="setting")
        target.settings.append((mention, date, place))


# ------------------------------------------------------------------------------------ fields

def _specificity(m: _Member) -> tuple:
    ev = m.event
    coded = any(a.country or a.sector for a in ev.actor)
    return (int(m.anaphoric), -(int(coded) + int(bool(ev.recipient)) + int(ev.size is not None)), -ev.confidence,
            m.mention.span[0])


# a time of day with no day named: about the day it is told
_TIME_OF_DAY = re.compile(r"\b(?:(?:in|during|by)\s+the\s+(?:morning|afternoon|evening|night)|tonight|overnight|"
                          r"(?:later|earlier)\s+(?:today|in\s+the\s+day))\b", re.I)


def _best_date(cands: list[Optional[EventDate]]) -> Optional[EventDate]:
    best = None
    for d in cands:
        if d is not None and (best is None or DATE_RANK.get(d.precision, 9) < DATE_RANK.get(best.precision, 9)):
            best = d
    return best


def _agrees(a: Location, b: Location) -> bool:
    """Whether two places can name the same event's place: the same place, or one inside the other
    (by country and first-level unit; a place's own name or admin1 names the province)."""
    if a.country != b.country:
        return False
    if (a.name or a.text) == (b.name or b.text):
        return True
    for outer, inner in ((a, b), (b, a)):
        if outer.precision == "country":
            return True
        if outer.precision == "province" and inner.admin1 and inner.admin1 in (outer.name, outer.admin1):
            return True
    return False


def _best_place(cands: list[Optional[Location]]) -> Optional[Location]:
    """The place most of the mentions agree with (the same place, or one inside the other), the most
    precise among those (a named site placed at its town before the town): a place one mention names
    alone in another country ("Biden, speaking from the White House") does not beat the town three
    mentions name."""
    places = [p for p in cands if p is not None]
    best, best_key = None, None
    for p in places:
        key = (sum(1 for q in places if _agrees(p, q)), -PLACE_RANK.get(p.precision or "country", 5), names_site(p))
        if best_key is None or key > best_key:
            best, best_key = p, key
    return best


def _merge_size(members: list[_Member], cues: Optional[AssemblyCues] = None) -> Optional[Size]:
    """The record's count: its first mention's that gives one, with two exceptions. An exchange's
    own count is of both sides together ("swapped more than 100 prisoners", "a total of 218"), so a
    count a mention of one release gives ("we freed 108 women") comes first; and a round or bounded
    figure ("more than 100", "about 80") yields to an exact one another mention gives that it
    allows (108)."""
    sizes = [m.event.size for m in members if m.event.size is not None]
    if not sizes:
        return None
    counted = [m for m in members if m.event.size is not None and m.event.size.people is not None]
    if cues is not None and counted and _lemma(members[0]) in cues.reciprocal_triggers:
        counted = ([m for m in counted if _lemma(m) not in cues.reciprocal_triggers]
                   + [m for m in counted if _lemma(m) in cues.reciprocal_triggers])
    lead = counted[0].event.size if counted else sizes[0]
    assert lead is not None
    if lead.people is not None and lead.qualifier not in (None, "exact"):
        lead = next((m.event.size for m in counted if m.event.size is not None
                     and m.event.size.qualifier == "exact" and _refines(lead, m.event.size)), lead)
    out = Size(people=lead.people, qualifier=lead.qualifier, text=lead.text)
    for f in ("dead", "injured", "arrested"):
        vals = [getattr(s, f) for s in sizes if getattr(s, f) is not None]
        setattr(out, f, max(vals) if vals else None)
    return out


def _lemma(m: _Member) -> str:
    return m.sent.doc[m.trigger_i].lemma_.lower()


REFINE_SPAN = 0.25      # an exact count within this share of a round one can be what it rounds


def _refines(rough: Size, exact: Size) -> bool:
    """Whether the exact count can be what the rough one ("more than 100", "about 80") stands for."""
    n, m = rough.people or 0, exact.people or 0
    if n <= 0 or m <= 0 or m == n and rough.qualifier in ("more_than", "less_than"):
        return False
    lo, hi = {"more_than": (n, n * (1 + 2 * REFINE_SPAN)), "at_least": (n, n * (1 + 2 * REFINE_SPAN)),
              "less_than": (n * (1 - 2 * REFINE_SPAN), n), "at_most": (n * (1 - 2 * REFINE_SPAN), n)
              }.get(rough.qualifier or "", (n * (1 - REFINE_SPAN), n * (1 + REFINE_SPAN)))
    return lo <= m <= hi


def _merge_actors(lists: list[list[Actor]]) -> list[Actor]:
    out: list[Actor] = []
    seen: set[tuple] = set()
    for actors in lists:
        for a in actors:
            key = (a.country, a.sector) if a.country or a.sector else (a.text,)
            if key not in seen:
                seen.add(key)
                out.append(a)
    return out


# Sectors of actors named without a country ("gunmen", "police", "students"): they act where the
# event happens (the article-events conventions: bandits and IS-K take the country they operate in).
LOCAL_SECTORS = frozenset({"REB", "COP", "CVL", "EDU", "MED", "JUD", "OPP", "REL", "LAB", "BUS", "REF", "MIL", "GOV"})


STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD"})
BETWEEN_SIDES_TYPES = frozenset({"CONSULT"})    # meetings and talks: held between two sides


def _went_into(members: list[Any], place: Optional[Location], ctx: Context) -> bool:
    """Whether the event's place is where a mention's trigger went: the object of its "to"/"into"
    ("fled into X", "sent troops to X")."""
    if place is None or not place.text:
        return False
    for m in members:
        for c in ctx.doc[m.trigger_i].children:
            if c.dep_ == "prep" and c.lower_ in DESTINATION_PREPS \
                    and any(place.text in t.doc[t.left_edge.i:t.right_edge.i + 1].text
                            for t in c.children if t.dep_ == "pobj"):
                return True
    return False


def _home_country(actors: list[Actor], home: Optional[str], state_home: Optional[str] = None,
                  avoid: Collection[str] = ()) -> tuple[list[Actor], set[str]]:
    """Actors with a sector but no country (or a militant group coded IMG) placed in ``home``,
    where the event happened; state actors in ``state_home`` when given (a statement's officials
    belong to the country the article's actors are from, not to the venue of a meeting abroad),
    unless the other side of the event is named as of that country (``avoid``): then in ``home``
    when that is another country.
    Also returns which of the two were used ("home", "state")."""
    out, used = [], set()
    for a in actors:
        state = bool(state_home) and a.sector in STATE_SECTORS
        where = state_home if state else home
        if state and where in avoid:
            # "we are talking to the Myanmar government": not the other side's own officials; those
            # of the country the event (or the article) is set in, when that is another
            where, state = (home if home not in avoid else None), False
        if where and a.sector in LOCAL_SECTORS and (a.country is None or a.country == "IMG" and a.sector == "REB"):
            a = Actor(text=a.text, name=a.name, country=where, sector=a.sector)
            used.add("state" if state else "home")
        out.append(a)
    return out, used


def _is_background(ev: Event, members: list[_Member], cues: AssemblyCues, published: Optional[str]) -> bool:
    first = members[0].mention.sentence.lower()
    if any(c in first for c in cues.background_cues):
        return True
    return _long_before(ev.date, published, cues)


def _long_before(d: Optional[EventDate], published: Optional[str], cues: AssemblyCues) -> bool:
    """A date more than ``background_days`` before publication (a month or year wholly before it)."""
    if d is None or not published or d.precision == "publication":
        return False
    try:
        pub = dt.date.fromisoformat(published[:10])
    except ValueError:
        return False
    v = d.value
    if d.precision in ("day", "week") and len(v) >= 10:
        return (pub - dt.date.fromisoformat(v[:10])).days > cues.background_days
    if d.precision == "month":
        return v < pub.isoformat()[:7] and (pub.day > cues.background_days or v < _month_before(pub))
    if d.precision == "year":
        return v < pub.isoformat()[:4]
    return False


def _past_perfect(tok: Any) -> Optional[str]:
    """"had surrendered", "had been captured": the words of a past-perfect trigger, else None."""
    aux = [c for c in tok.children if c.dep_ in ("aux", "auxpass") and c.i < tok.i]
    if tok.tag_ == "VBN" and any(c.lower_ == "had" for c in aux):
        return " ".join(t.text for t in sorted(aux + [tok], key=lambda t: t.i))
    return None


def _sequence_phrase(tok: Any) -> Optional[Any]:
    """"sworn in this week, following the resignation of the president": the preposition of
    sequence (cues.yaml ``sequence_words``) whose object an event noun trigger is, else None. The
    act it names came before (or after) the one the sentence tells, on a day of its own."""
    words = default_cues().sequence_words
    if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ == "pobj" and tok.head.lower_ in words:
        return tok.head
    return None


def _date_before(date: Optional[EventDate], phrase: Any, sent: Any) -> bool:
    """Whether ``date`` was read from the sentence ``sent`` before the phrase that begins with
    ``phrase`` (its words occur in the sentence, all before it: the clause that phrase follows), to
    the day or the week: the act told in the phrase came before or after that one, on another day,
    though often in the same month or year ("cut short in 2019 after a bombing that killed 22")."""
    if date is None or not date.text or phrase is None or date.precision not in ("day", "week"):
        return False
    at = [sent.start_char + m.start() for m in re.finditer(re.escape(date.text), sent.text)]
    return bool(at) and all(a + len(date.text) <= phrase.idx for a in at)


def _relcl(tok: Any) -> Optional[Any]:
    """The verb of the relative clause a trigger lies in ("fled" of "the leader who fled"), else None."""
    x = tok
    while x.head.i != x.i and x.dep_ != "relcl":
        x = x.head
    return x if x.dep_ == "relcl" else None


def _relative_root(tok: Any) -> Optional[Any]:
    """The first word of the relative clause a trigger lies in ("who" of "the leader who fled"), else None."""
    x = _relcl(tok)
    return x.left_edge if x is not None else None


def _relative_clause(tok: Any) -> Optional[str]:
    """"a woman who died after being arrested": the relative clause a trigger lies in, as the noun
    it describes and its verb ("woman ... died"), else None."""
    x = _relcl(tok)
    return f"{x.head.text} ... {x.text}" if x is not None else None


_NARRATED = "told in the simple past"


def _narrated(member: _Member, ev0: Event, ctx: Context) -> Optional[EventDate]:
    """The day the text has reached at ``member``'s trigger, when that trigger is a material act
    (a placed quad class) asserted in the simple past of an article with a publication date; else
    None."""
    tok = ctx.doc[member.trigger_i]
    if (ctx.publication is None or ctx.reported_day is None or ev0.modality != "asserted"
            or ev0.quad_class not in PLACED_QUADS or tok.tag_ != "VBD"):
        return None
    return ctx.reported_day(tok.idx)


def _month_before(d: dt.date) -> str:
    return (d.replace(day=1) - dt.timedelta(days=1)).isoformat()[:7]


def _nearby_actor(member: _Member, ctx: Context, where: Optional[str]) -> Optional[Actor]:
    """"Police raided 130 homes. Two people were arrested": for an event with no named doer, of a
    type some force carries out (assembly.yaml ``nearby_actors``), the last such force the text names
    in its sentence or the ``nearby_sentences`` before it, not one of its recipients. Police and
    soldiers act in their own country (theirs, else the article's focus country): for an event placed
    in another country ``where`` ("four more were also detained in Poland" after German raids) they
    are not taken."""
    ev = member.event
    sectors = ctx.cues.nearby_sectors(ev.event_type, ev.mode)
    if not sectors or not ctx.coded_actors:
        return None
    start, end = member.mention.span
    k = max(0, bisect.bisect_right(ctx._starts, start) - 1)
    lo = ctx._starts[max(0, k - ctx.cues.nearby_sentences)]
    own = {(r.country, r.sector, r.text) for r in ev.recipient}
    found = None
    for at, a in ctx.coded_actors:
        if at >= end:
            break
        if at >= lo and a.sector in sectors and (a.country, a.sector, a.text) not in own:
            found = a
    if found is not None and where and found.sector in STATE_FORCES \
            and (found.country or ctx.focus_country or where) != where:
        return None
    return found


def _event_done_to(members: list[_Member], ctx: Context) -> Optional[Actor]:
    """"The crackdown on protests": an act aimed at an event (assembly.yaml ``event_nouns``) is done
    to those who take part in it, when its type implies who they are (``implied_actors``: protesters)."""
    for m in members:
        for c in ctx.doc[m.trigger_i].children:
            if c.dep_ != "prep" or c.lower_ not in ctx.cues.target_preps:
                continue
            for p in c.children:
                kind = ctx.cues.event_nouns.get(p.lemma_.lower()) if p.dep_ == "pobj" else None
                implied = ctx.cues.implied_actors.get(kind) if kind and kind != m.event.event_type else None
                if implied is not None:
                    return Actor(text=p.text, name=implied[0], sector=implied[1])
    return None


def _without_generic(people: list[Actor], cues: AssemblyCues) -> list[Actor]:
    """Recipients less those named only generically (``generic_names`` of a ``generic_sectors``
    sector: "the kidnapped victims") beside recipients of a specific sector of the same kind of doer
    and a compatible country ("80 pupils"): the victims are those pupils, not more people."""
    def generic(a: Actor) -> bool:
        return a.sector in cues.generic_sectors and (a.name or "").lower() in cues.generic_names

    def kind(a: Actor) -> str:
        return cues.doer_kinds.get(a.sector or "", a.sector or "")

    specific = [a for a in people if a.sector and not generic(a)]
    return [a for a in people if not generic(a) or not any(
        kind(s) == kind(a) and s.sector != a.sector and (s.country == a.country or not s.country or not a.country)
        for s in specific)]


def build_event(g: _Group, ctx: Context) -> Event:
    members = g.members
    primary = min(members, key=_specificity)
    ev0 = primary.event
    # the doers: the first mention's that codes one, else the first mention's that names one
    doing = next((m for m in members if any(a.country or a.sector for a in m.event.actor)), None) \
        or next((m for m in members if m.event.actor), None)
    actor = list(doing.event.actor) if doing is not None else []
    accompanied = ctx.cues.accompanied({m.event.mode for m in members if m.event.mode})
    if accompanied is not None:
        # the shooting told with an abduction: those abducted are the event's targets, not those shot
        told = [m for m in members if m.event.mode == accompanied[0] and m.event.recipient]
    targeted = told if accompanied is not None and told else members
    recipient = [r for r in _merge_actors([min(targeted, key=_specificity).event.recipient]
                                          + [m.event.recipient for m in targeted])
                 if not any((r.country, r.sector) == (a.country, a.sector) and (r.country or r.sector) for a in actor)]
    recipient = _without_generic(recipient, ctx.cues)
    words = default_cues().two_sided_words
    if ev0.event_type == "ASSAULT" and all(two_sided(ctx.doc[m.trigger_i], words) for m in members if m.event.recipient) \
            and two_sided(ctx.doc[primary.trigger_i], words):
        # a gun battle, a clash: both armed sides are its doers, neither its target (the article-events
        # conventions); not when a mention tells one side's attack on the other ("attacked the camp,
        # ensuing a heavy gunfight"); the mentions keep their roles for grouping
        armed = default_acled().armed_sectors
        sides = [r for r in recipient if r.sector in armed]
        if actor and sides:
            actor = actor + sides
            recipient = [r for r in recipient if r not in sides]
    # why that mention's doers are who they are ("the other side of an exchange")
    notes: list[Note] = [n for n in doing.event.notes if n.field == "actor"] if doing is not None else []
    if not recipient:
        done_to = _event_done_to(members, ctx)
        if done_to is not None:
            recipient = [done_to]
            notes.append(Note("recipient", f"not named: those taking part in the {done_to.text} it is aimed at"))
    place = _best_place([m.place for m in members] + [p for _m, _d, p in g.settings])
    if place is not None and place.precision == "country" and place.country in ctx.focus_places:
        finer = ctx.focus_places[place.country]
        notes.append(Note("location", f"the text says only {place.name}: the place the article names most "
                                      f"inside it ({finer.name})"))
        place = finer
    implied = ctx.cues.implied_actors.get(ev0.event_type)
    if not actor and implied is not None:
        actor = [Actor(text=ev0.trigger or implied[0], name=implied[0], sector=implied[1])]
        notes.append(Note("actor", f"not named: implied by the {ev0.event_type.lower()} ({implied[0]})"))
    if not actor:
        # "The Interior Ministry said 300 people were detained": an authority reporting, with
        # no doer named, an act of the kind it carries out did it (assembly.yaml speaker_actors)
        sectors = ctx.cues.speaker_sectors(ev0.event_type, ev0.mode)
        speaker = next((m.speaker for m in members if m.speaker is not None and m.speaker.sector in sectors), None)
        if speaker is not None:
            actor = [speaker]
            notes.append(Note("actor", f"not named: reported by {speaker.text}, taken as the doer of such acts"))
    if not actor:
        near = _nearby_actor(primary, ctx, place.country if place is not None else None)
        if near is not None:
            actor = [near]
            notes.append(Note("actor", f"not named: {near.text}, named just before, taken as the doer of such acts"))
    if not actor and ctx.coded_actors:
        # "Thirteen lorries of food arrived in Mekelle": the aid agency the article is about
        sectors = ctx.cues.article_sectors(ev0.event_type, ev0.mode)
        first = next((a for sector in sectors for _at, a in ctx.coded_actors if a.sector == sector), None)
        if first is not None:
            actor = [first]
            notes.append(Note("actor", f"not named: {first.text}, the first such actor the article names, "
                                       f"taken as the doer"))
    # date: the most precise any mention gives, then a setting sentence, then the paragraph's
    date = _best_date([m.date for m in members] + [d for _m, d, _p in g.settings])
    if date is None:
        date = g.first.carried
    elif date.precision in ("month", "year"):
        # "soldiers shot a farmer last month" ... "he died on March 9 ... soldiers shot him": a day carried to
        # another mention from its paragraph, inside the coarser date a mention gives, refines it
        finer = [m.carried for m in members if m.date is None and m.carried is not None
                 and m.carried.precision == "day" and m.carried.value.startswith(date.value)]
        if finer:
            date = finer[0]
    vague = next((c.lower_ for m in members for c in ctx.doc[m.trigger_i].children
                  if c.dep_ == "advmod" and c.lower_ in ctx.cues.vague_past_words), None)
    earlier = described = sequenced = None
    if date is None and vague is None:
        # "twelve of them had surrendered at a border post": told as before the time the article
        # reports (a past perfect) in every mention, with no date of its own: not the publication day
        perfect = [_past_perfect(ctx.doc[m.trigger_i]) for m in members]
        earlier = perfect[0] if perfect and all(perfect) else None
        if earlier is None:
            # "sworn in on Thursday following the resignation of the president": an event noun a
            # preposition of sequence introduces, the text dating none of its mentions
            seq = [_sequence_phrase(ctx.doc[m.trigger_i]) for m in members]
            if seq and all(x is not None for x in seq):
                sequenced = f"{seq[0].text} ... {ctx.doc[members[0].trigger_i].text}"
        if earlier is None and sequenced is None:
            # "the death of a woman who died after being arrested": told only in a relative clause
            # describing a participant, a fact about them, not the news of the day
            said = [_relative_clause(ctx.doc[m.trigger_i]) for m in members]
            described = said[0] if said and all(said) else None
    if date is None and earlier is not None and ctx.reported_day is not None and told_before(members[0], ctx.cues):
        # "rebels raided a market on Monday ... they had already looted a clinic": an act told as
        # done just before the reported one ("earlier", "already", "initially") took place in the
        # story's time, the day the text has reached where it is told
        date = ctx.reported_day(ctx.doc[members[0].trigger_i].idx)
        if date is not None:
            notes.append(Note("date", f"told as just before the reported time ('{earlier}'): the day the text "
                                      f"has reached there ('{date.text}')"))
            earlier = None
    if date is None and ev0.modality == "future" and vague is None and earlier is None and described is None \
            and sequenced is None:
        part = next((p for m in members for p in ctx.cues.next_day_parts
                     if re.search(rf"\b{re.escape(p)}\b", m.mention.sentence, re.I)), None)
        told = ctx.reported_day(ctx.doc[members[0].trigger_i].idx) if part and ctx.reported_day else None
        told = told or (ctx.publication if part else None)
        if told is not None:
            date = EventDate((dt.date.fromisoformat(told.value[:10]) + dt.timedelta(days=1)).isoformat(), "day", part)
            notes.append(Note("date", f"a plan for '{part}': the day after the one it is told "
                                      f"({told.value[:10]}{', ' + repr(told.text) if told.text else ''})"))
    if date is None and vague is not None:
        # "the rebels, who recently seized the town": before the news, on no day the text gives
        notes.append(Note("date", f"told as past ('{vague}') with no date: not the publication day"))
    elif date is None and earlier is not None:
        notes.append(Note("date", f"told as before the reported time ('{earlier}') with no date: "
                                  f"not the publication day"))
    elif date is None and sequenced is not None:
        notes.append(Note("date", f"told as an act another follows or precedes ('{sequenced}') with no date "
                                  f"of its own: not that act's date, nor the publication day"))
    elif date is None and described is not None:
        notes.append(Note("date", f"told only in a relative clause ('{described}') with no date: "
                                  f"not the publication day"))
    elif date is None and ev0.modality == "future" and not any(_TIME_OF_DAY.search(m.mention.sentence)
                                                                for m in members):
        # "peacekeepers would be deployed along the front": a plan the text gives no time for has
        # no date; when it was announced is not when it will happen ("more convoys will come in the
        # evening": a time of day with no day is about the day it is told, the publication day;
        # "in the morning" is the next day's, above)
        notes.append(Note("date", "a plan the text does not date: not the publication day"))
    elif date is None and (told := _narrated(members[0], ev0, ctx)) is not None:
        # "militants stormed a police post on Tuesday night ... Soldiers engaged them in a gun battle":
        # a material act told in the simple past, the text dating none of its mentions, goes
        # on with the story the text tells, on the day it has reached (a present or perfect tense
        # tells the news as of writing: the publication day, below)
        date = told
        notes.append(Note("date", f"{_NARRATED} after '{told.text}': the day the text has reached there"))
    elif date is None:
        if ctx.publication is not None:
            date = ctx.publication
        elif ctx.written is not None:
            date = ctx.written
            notes.append(Note("date", f"no publication date: the month the article was written in "
                                      f"({ctx.written.value}), from the latest date it states"))
        else:
            words = ", ".join(f"'{w}'" for w in ctx.unresolved_dates[:3])
            notes.append(Note("date", "no publication date: " + (f"{words} cannot be resolved" if words
                                                                else "nothing in the text dates it")))
    # Material events involve the people where they happen; a meeting or a statement is often held
    # abroad (talks in Caracas between Colombia and its rebels), so its venue says nothing of who spoke
    home = place.country if place is not None and place.country else ctx.focus_country
    if any(m.moved for m in members):
        home = None     # people handed over in an exchange ("flown to a third country"), and those who
        #                 hand them over, are not of the place they were taken to
    state_home = None if ev0.quad_class in PLACED_QUADS else ctx.actor_country
    if home or state_home:
        # "the foreign minister met the Iranian envoy": not a state meeting its own state (talks are
        # between sides, though a government talks with its own rebels; a dismissal or a crackdown is
        # often within one state)
        bilateral = ev0.event_type in BETWEEN_SIDES_TYPES
        named_a, named_r = ((_countries([a for a in actor if a.sector in STATE_SECTORS]),
                             _countries([a for a in recipient if a.sector in STATE_SECTORS]))
                            if bilateral else (set(), set()))
        # those who went into the place ("soldiers fled into X", "sent troops to X") are not of it
        actor, a_used = _home_country(actor, None if _went_into(members, place, ctx) else home, state_home,
                                      avoid=named_r)
        recipient, r_used = _home_country(recipient, home, state_home, avoid=named_a)
        said = []
        if "home" in a_used | r_used:
            said.append(("actors without a country placed where the event happened"
                         if place is not None and place.country == home
                         else "actors without a country placed in the article's focus country") + f" ({home})")
        if "state" in a_used | r_used:
            said.append(f"officials without a country placed in the country the article's actors are from ({state_home})")
        if said:
            notes.append(Note("country", "; ".join(said)))
    mentions = sorted([m.mention for m in members] + [s for s, _d, _p in g.settings], key=lambda m: m.span)
    context: list[str] = []
    for m in members:
        context += [c for c in m.event.context if c not in context]
    mode = ev0.mode or next((m.event.mode for m in members if m.event.mode), None)
    if accompanied is not None:
        mode = accompanied[0]       # the shooting told with an abduction: the abduction's mode
    acled = (ev0.acled_type, ev0.acled_subtype) if ev0.acled_subtype else next(
        ((m.event.acled_type, m.event.acled_subtype) for m in members if m.event.acled_subtype), (None, None))
    acled = acled_with_roles(acled, ev0.event_type, actor, recipient, default_acled())
    art = ctx.article
    ev = Event(
        id=stable_id(art.id, ev0.span[0], ev0.span[1], ev0.event_type,
                     primary.mention.trigger_span[0] if primary.mention.trigger_span else ""),
        article_id=art.id,
        event_type=ev0.event_type,
        mode=mode,
        context=context,
        quad_class=ev0.quad_class,
        cameo_root=ev0.cameo_root,
        modality=ev0.modality,
        actor=actor,
        recipient=recipient,
        date=date,
        location=place,
        size=_merge_size(members, ctx.cues),
        sentence=ev0.sentence,
        span=ev0.span,
        confidence=max(m.event.confidence for m in members),
        trigger=ev0.trigger,
        source=ev0.source or next((m.event.source for m in members if m.event.source), None),
        acled_type=acled[0],
        acled_subtype=acled[1],
        mentions=mentions,
        notes=notes,
        url=art.url,
        title=art.title,
        published=art.published,
    )
    ev.background = vague is not None or _is_background(ev, members, ctx.cues, art.published)
    return ev


def assemble(found: Sequence[Any], ctx: Context, group: bool = True) -> list[Event]:
    """Article-level events from the article's mentions (:class:`wirecoder.extraction.Found`, in
    text order), in the order of their first mention. ``group=False`` gives the mention-level view:
    one event per mention that reports something new, each dated and placed on its own."""
    headlines = [f for f in found if f.headline]
    found = [f for f in found if not f.headline]
    members: list[tuple[_Member, bool]] = []
    for f in found:
        ev: Event = f.event
        mention = ev.mentions[0] if ev.mentions else Mention(sentence=ev.sentence, span=ev.span, trigger=ev.trigger)
        mention.span = ev.span          # a merged mention spans every phrase of its roles
        sent = ctx.sentence_at(f.tok.idx)
        date = carried = None
        if ctx.date is not None:
            date = ctx.date(sent.start_char, sent.end_char, f.tok.idx, ev.modality, False)
            carried = date or ctx.date(sent.start_char, sent.end_char, f.tok.idx, ev.modality, True)
        if _date_before(date, _sequence_phrase(f.tok) or _relative_root(f.tok), sent):
            # the sentence's date is the act the event follows ("sworn in on Thursday, following the
            # resignation") or of the clause a relative clause hangs on ("... of the leader who fled")
            date = carried = None
        place = ctx.place(sent, f.tok.i) if ctx.place else None
        members.append((_Member(ev, mention, date, carried, place, sent, f.tok.i, f.speaker, f.anaphoric,
                                getattr(f, "distinct", False), getattr(f, "counterpart", False),
                                _long_before(date, ctx.article.published, ctx.cues), getattr(f, "moved", False)),
                        f.anaphoric))
    if group:
        groups = group_mentions(members, ctx.cues)
        attach_settings(groups, ctx)
    else:
        groups = [_Group([m]) for m, anaphoric in members if not anaphoric]
    events = []
    exchanges: set[str] = set()
    halted: set[str] = set()
    aside: set[str] = set()     # records told only as an aside describing someone (told_aside)
    lead: set[str] = set()      # records the first paragraph that tells an event (the lead) tells
    lead_end = line_end(ctx.doc, found[0].tok.idx) if found else 0
    pos = column(ctx.doc, "pos")
    swap_sents = {ctx.sentence_at(ctx.doc[i].idx).start for i, lemma in enumerate(column(ctx.doc, "lemma"))
                  if lemma in ctx.cues.reciprocal_triggers and pos[i] in ("NOUN", "VERB")}
    for g in groups:
        ev = build_event(g, ctx)
        lemma = ctx.doc[g.first.trigger_i].lemma_.lower()
        # "Russia and Ukraine exchanged prisoners": one release per side; not when one side's release
        # was told on its own ("P were exchanged for Q": the extraction's two releases)
        exchange = lemma in ctx.cues.reciprocal_triggers and not any(x.distinct for x in g.members)
        parts = split_reciprocal(ev) if exchange else [ev]
        if ctx.cues.per_place(ev.event_type, ev.mode):
            parts = [x for part in parts for x in split_places(part, g, ctx)]
        events.extend(parts)
        if len(g.members) == 1 and told_aside(ev, ctx.doc[g.first.trigger_i], ctx.cues) or named_movement(g, ctx.cues):
            aside.update(e.id for e in parts)
        if any(ctx.doc[m.trigger_i].idx < lead_end for m in g.members):
            lead.update(e.id for e in parts)
        if halts_talks(g, ctx):
            halted.update(e.id for e in parts)
        # an exchange, or an act told as part of one ("Russia freed 90 soldiers in a prisoner
        # swap"): either side's territory or a third country, the main event does not say
        if exchange or any(m.sent.start in swap_sents for m in g.members):
            exchanges.update(e.id for e in parts)
    if group:
        attach_headlines(events, [f.event for f in headlines])
    counterparts_of_halted_talks(events, halted)
    parties_of_mediation(events, exchanges)
    if ctx.country_place is not None:
        attacks_on_the_other_side(events, exchanges, ctx.country_place)
    dates_from_events_named(events, ctx)
    dates_of_exchange_halves(events, exchanges)
    offsets_from_main_event(events)
    if ctx.country_place is not None:
        place_at_home(events, ctx.cues, ctx.country_place)
    place_from_main_event(events, exchanges | halted)
    place_from_dateline(events, ctx.dateline)
    deployments_on_request(events, ctx.cues)      # where the troops went: placed by now
    events = national_contingents(events, ctx)
    recipients_from_place(events, ctx.cues)
    plotters(events, ctx)
    meeting_modes(events)
    events = violent_clearances(events, ctx.cues)
    return [e for e in events if e.id in lead or e.id not in aside and told(e, ctx.cues)] if group else events


def told_aside(ev: Event, tok: Any, cues: AssemblyCues) -> bool:
    """Whether an asserted event of ``aside_types`` is told only in a relative clause or an
    accompanying participle ("the rebels, who have promised an end to the fighting, ...", "launched
    the offensive, promising a quick victory"): it describes its maker (a standing commitment), not
    an act the article reports."""
    if ev.modality != "asserted" or not in_types(cues.aside_types, ev.event_type, ev.mode):
        return False
    return _relative_clause(tok) is not None or (tok.tag_ == "VBG" and tok.dep_ == "advcl")


def named_movement(g: _Group, cues: AssemblyCues) -> bool:
    """Whether a group of a ``movement_types`` type (protests) is told only by nouns that no verb of
    ``setting_verbs`` has as its subject ("crushing the demonstrations", "during months of protests",
    "the protests have since grown"): an ongoing movement named as a frame, not an event the article
    reports (the article-events conventions do not code ongoing protests); "protests began on
    Monday", "clashes took place" and any verb ("protesters stormed the building") tell an event."""
    if g.modality != "asserted" or not in_types(cues.movement_types, g.type, g.first.event.mode):
        return False
    for m in g.members:
        tok = m.sent.doc[m.trigger_i]
        if tok.pos_ != "NOUN" or (tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lemma_.lower() in cues.setting_verbs):
            return False
    return True


def told(ev: Event, cues: AssemblyCues) -> bool:
    """Whether an article-level record told after the lead (the first paragraph that tells an event:
    the news itself, always kept by :func:`assemble`) tells a codable event. An asserted record with
    neither a doer nor anyone it was done to, from a single mention, does not ("the raids took place in
    several towns", "veterans who had fought in the hills"): the event is only named, as a frame or
    an aside. Kept: records that count their people ("twelve of them had surrendered"), acts that need
    no participant (``unattended_types``: "a curfew was imposed"), statements of ``spoken_types`` whose
    speaker (the record's source) made them ("'Deeply concerned about ...', the envoy wrote"), and
    future or hypothetical records (plans are told without their parties)."""
    if ev.actor or ev.recipient or len(ev.mentions) > 1 or ev.modality != "asserted":
        return True
    if ev.size is not None and any((ev.size.people, ev.size.dead, ev.size.injured, ev.size.arrested)):
        return True     # its people are told by number ("twelve of them had surrendered")
    if in_types(cues.unattended_types, ev.event_type, ev.mode):
        return True
    return bool(ev.source) and in_types(cues.spoken_types, ev.event_type, ev.mode)


def violent_clearances(events: list[Event], cues: AssemblyCues) -> list[Event]:
    """A raid by a state's forces on the day its forces assaulted protesters is that violent clearance
    itself (the article-events conventions: the forcible clearance of a protest camp with violence is one
    ASSAULT; the arrests made in it stay apart). An event of assembly.yaml ``violent_clearance``'s act,
    not in the background, dated to a day (its own or the publication day), done by doers all of the
    state kind, joins an event of its ``into`` type of the same day done by the same country's state doers
    to people of its ``targets`` sectors: one event, with both events' mentions."""
    if cues.violent_clearance is None:
        return events
    (act, mode), into, targets = cues.violent_clearance
    state = {s for s, kind in cues.doer_kinds.items() if kind == "state"}

    def by_state(e: Event) -> bool:
        return bool(e.actor) and all(a.sector in state for a in e.actor)

    dropped: set[str] = set()
    for e in events:
        if e.event_type != act or (mode and e.mode != mode) or e.background or e.date is None \
                or e.date.precision not in ("day", "publication") or not by_state(e):
            continue
        hit = next((x for x in events if x is not e and x.id not in dropped and x.event_type == into
                    and not x.background and x.date is not None and x.date.value == e.date.value and by_state(x)
                    and _countries(x.actor) & _countries(e.actor)
                    and any(r.sector in targets for r in x.recipient)), None)
        if hit is None:
            continue
        have = {x.span for x in hit.mentions}
        hit.mentions = sorted(hit.mentions + [m for m in e.mentions if m.span not in have], key=lambda m: m.span)
        hit.notes.append(Note("type", f"'{e.trigger}' ({act}{'/' + mode if mode else ''}): the same day's "
                                      f"violent clearance by the same forces, one event"))
        dropped.add(e.id)
    return [e for e in events if e.id not in dropped]


def deployments_on_request(events: list[Event], cues: AssemblyCues) -> None:
    """Troops one state sends into another whose government the article reports asking for help are
    aid to that government (assembly.yaml ``requested_deployment``), noted: "Norland sent paratroopers
    to Sudmark" after "Sudmark's president appealed to the alliance for support"."""
    if cues.requested_deployment is None:
        return
    (src, src_mode), (dst, dst_mode), (req, req_mode) = cues.requested_deployment
    asking: dict[str, Actor] = {}
    for e in events:
        if e.event_type == req and (req_mode is None or e.mode == req_mode) and e.modality == "asserted":
            for a in e.actor:
                if a.country and a.sector in STATE_SECTORS:
                    asking.setdefault(a.country, a)
    if not asking:
        return
    ont = default_ontology()
    for e in events:
        if e.event_type != src or (src_mode is not None and e.mode != src_mode):
            continue
        senders = {a.country for a in e.actor if a.country}
        host = next((c for c in _into(e) if c not in senders and c in asking), None)
        if not senders or host is None:
            continue
        e.event_type, e.mode = dst, dst_mode
        e.quad_class = ont.types[dst].quad
        e.cameo_root = ont.cameo_root(dst, dst_mode, None)
        e.recipient = [asking[host]]
        if in_types(default_cues().armed_force_types, dst, dst_mode):
            # "Russia sent its troops": the state acts through its armed forces (cues.yaml armed_force_types)
            e.actor = [ActorResolver.default().armed_forces(a) for a in e.actor]
        e.notes.append(Note("type", f"troops sent into {host}, whose government asked for help "
                                    f"({asking[host].text}): aid to it, not the sender's own mobilisation"))


ORGANISATION_CODES = frozenset({"IGO", "UNO"})     # countries of intergovernmental bodies (the UN's own)


def _into(e: Event) -> list[str]:
    """The countries an event reaches, in order: its place's, then its recipients' (not an
    intergovernmental body's)."""
    return [c for c in [e.location.country if e.location else None] + [r.country for r in e.recipient]
            if c and c not in ORGANISATION_CODES]


def _hosts(e: Event) -> set[str]:
    return set(_into(e))


def _part_of_state(at: int, ctx: Context) -> bool:
    """Whether the actor whose head starts at character ``at`` is named only as what a state's part
    belongs to ("the Ghanaian contingent of the UN force"): not a doer in its own right."""
    i = token_starts(ctx.doc).get(at)
    tok = ctx.doc[i] if i is not None else None
    if tok is None or tok.dep_ != "pobj" or tok.head.lower_ != "of":
        return False
    owner = tok.head.head.idx
    return any(i == owner and a.country and a.country not in NO_STATE_CODES for i, a in ctx.coded_actors)


def national_contingents(events: list[Event], ctx: Context) -> list[Event]:
    """A force an intergovernmental organisation deploys is made of its member states' contingents
    (the article-events conventions: the CSTO's deployment to Kazakhstan is done by the CSTO and by
    Russia, whose paratroopers made up its force). For deployments of the kinds assembly.yaml
    ``contingent_types`` lists, not in the background: a state's deployment into the country an
    organisation deploys into is the same deployment (one event, both as doers, noted); an
    organisation's deployment also takes the forces (MIL) of foreign states the article names, and a
    state's deployment the organisation's force (an IGO's MIL) the article names, each noted."""
    if not ctx.cues.contingent_types:
        return events
    deps = [e for e in events if ctx.cues.contingent_type(e.event_type, e.mode) and not e.background
            and e.actor and _hosts(e)]
    orgs = [e for e in deps if all(a.country in ORGANISATION_CODES for a in e.actor)]
    states = [e for e in deps if all(a.country and a.country not in NO_STATE_CODES for a in e.actor)]
    dropped: set[str] = set()
    for o in orgs:
        for s in states:
            if s.id not in dropped and _hosts(s) & _hosts(o) and not _hosts(s) & _countries(s.actor) \
                    and s.modality == o.modality:
                o.actor = _merge_actors([o.actor, s.actor])
                o.mentions = sorted(o.mentions + [m for m in s.mentions if m.span not in {x.span for x in o.mentions}],
                                    key=lambda m: m.span)
                o.notes.append(Note("actor", f"the same deployment as {s.actor[0].text}'s into "
                                             f"{'/'.join(sorted(_hosts(s) & _hosts(o)))}: a contingent of its force"))
                dropped.add(s.id)
    named = [a for _at, a in ctx.coded_actors if a.sector == "MIL" and a.country]
    for o in orgs:
        have = _countries(o.actor)
        for a in named:
            if a.country not in NO_STATE_CODES and a.country not in have and a.country not in _hosts(o):
                o.actor = o.actor + [Actor(text=a.text, name=a.name, country=a.country, sector="MIL")]
                have.add(a.country)
                o.notes.append(Note("actor", f"{a.text}: a state's force the article names, a contingent "
                                             f"of the organisation's"))
    for s in states:
        if s.id in dropped:
            continue
        force = next((a for at, a in ctx.coded_actors if a.sector == "MIL" and a.country in ORGANISATION_CODES
                      and not _part_of_state(at, ctx)), None)
        if force is not None and not _hosts(s) & _countries(s.actor):
            s.actor = s.actor + [force]
            s.notes.append(Note("actor", f"{force.text}: the organisation's force the article names, "
                                         f"of which its troops are a contingent"))
    return [e for e in events if e.id not in dropped]


def plotters(events: list[Event], ctx: Context) -> None:
    """In an article that tells of a plot against a government (a noun of assembly.yaml ``plot_nouns``
    in a sentence with a word of ``plot_aims``: "a plot to overthrow the government"), the people its
    arrests, raids and charges (``plotter_types``) name only as people (CVL) are the alleged plotters:
    rebels (REB, the article-events conventions' coup plotters), noted; such an act with a doer and no
    one named it was done to is done to them, in the event's country or the article's focus country."""
    cues = ctx.cues
    if not cues.plot_nouns or not cues.plotter_types:
        return
    pos, lemmas = column(ctx.doc, "pos"), column(ctx.doc, "lemma")
    at = next((i for i, lemma in enumerate(lemmas) if lemma in cues.plot_nouns and pos[i] in ("NOUN", "VERB")
               and any(lemmas[k] in cues.plot_aims for k in range(*sent_bounds(ctx.doc, i)))), None)
    if at is None:
        return
    told = ctx.doc[at]
    for e in events:
        if not in_types(cues.plotter_types, e.event_type, e.mode):
            continue
        where = e.location.country if e.location is not None and e.location.country else ctx.focus_country
        if not e.recipient and e.actor and where:
            # "the plot was foiled after a police raid", "prosecutors allege the group ...": what a
            # named doer did to those the text names no further, the plotters, in the country the
            # plot is told in (an act with no doer either is left to what assembly keeps of it)
            e.recipient = [Actor(text=told.text, name="alleged plotters", country=where, sector="REB")]
            e.notes.append(Note("recipient", "not named, in an article about a plot against a government: "
                                             f"its alleged plotters (REB, {where})"))
        elif any(r.sector == "CVL" for r in e.recipient):
            e.recipient = [dataclasses.replace(r, sector="REB") if r.sector == "CVL" else r for r in e.recipient]
            e.notes.append(Note("recipient", "people held or charged in an article about a plot against a "
                                             "government: its alleged plotters (REB)"))


def offsets_from_main_event(events: list[Event]) -> None:
    """"It comes two days after the release of the hostages", "The convoy came a week after the truce":
    the clause such an offset hangs on, dated by nothing in its sentence, is the article's news, its
    main event (the first it reports). An event dated by the offset from the publication day is
    dated by the offset from that event's day instead, when the text gives one (noted)."""
    main = events[0] if events else None
    if main is None or main.date is None or main.date.precision != "day" or not main.date.text:
        return
    for ev in events[1:]:
        moved = rebase_offset(ev.date.text, main.date) if ev.date is not None else None
        if moved is not None and not (ev.modality in ("asserted", "negated") and ev.published
                                      and moved.value > str(ev.published)[:10]):
            ev.date = moved
            ev.notes.append(Note("date", f"'{moved.text}' the article's main event, dated {main.date.value} "
                                         f"('{main.date.text}')"))


# "nine people were arrested during the raid": the event named after the trigger
_DURING = re.compile(r"\b(?:during|in)\s+the\s+([\w-]+)(?:\s+([\w-]+))?", re.I)


def dates_from_events_named(events: list[Event], ctx: Context) -> None:
    """An event the text does not date, told as happening "during (or in) the <noun>" after its
    trigger in its clause, where another event of the article has that noun as its trigger and a
    day the text gives ("were arrested during the raid", the raid dated Friday), takes that day,
    noted."""
    text = doc_text(ctx.doc)
    at = token_starts(ctx.doc)      # character offset -> the token starting there
    lemmas = column(ctx.doc, "lemma")
    dated: dict[str, set[tuple[str, str]]] = {}     # trigger lemma ("raid" for "raided") -> days
    for other in events:
        if other.date is not None and other.date.precision == "day" and other.date.text:
            for x in other.mentions:
                i = at.get(x.trigger_span[0]) if x.trigger_span else None
                if i is not None:
                    dated.setdefault(lemmas[i], set()).add((other.date.value, other.date.text))
    for ev in events:
        if ev.date is not None and ev.date.text or any(n.reason.startswith("told as") for n in ev.notes
                                                       if n.field == "date"):
            continue
        for m in ev.mentions:
            if m.role != "event" or m.trigger_span is None:
                continue
            sent = ctx.sentence_at(m.trigger_span[0])
            found = _DURING.search(text, m.trigger_span[1], sent.end_char)
            if found is None or _CLAUSE_BREAK_WORDS.search(text, m.trigger_span[1], found.start()):
                continue
            # "during the police raid", "in the raid two people ...": either word may name it
            for k in (2, 1):
                i = at.get(found.start(k)) if found.group(k) else None
                noun = lemmas[i] if i is not None else ""
                days = dated.get(noun, set())
                if noun and len({v for v, _t in days}) == 1:
                    value, said = next(iter(days))
                    ev.date = EventDate(value, "day", said)
                    ev.notes = [n for n in ev.notes if n.field != "date"]
                    ev.notes.append(Note("date", f"told as during the {noun}, dated {value} ('{said}')"))
                    break
            if ev.date is not None and ev.date.text:
                break


def dates_of_exchange_halves(events: list[Event], exchanges: set[str]) -> None:
    """The releases of one exchange happen together: a release told as part of an exchange ("in
    exchange, Armenia sent back 20 detainees") that the text does not date takes the day the text gives
    the article's other releases in exchanges, when they all have one day, noted."""
    halves = [e for e in events if e.id in exchanges and e.event_type == "RETREAT"]
    # a day only carried on from the story (told in the simple past) is no day the text gives the act
    narrated = {e.id for e in halves if any(n.reason.startswith(_NARRATED) for n in e.notes if n.field == "date")}
    days = {(e.date.value, e.date.text) for e in halves
            if e.date is not None and e.date.precision == "day" and e.date.text and e.id not in narrated}
    if len({v for v, _t in days}) != 1:
        return
    value, said = min(days)
    for e in halves:
        if e.id not in narrated and (e.date is not None and e.date.text or any(
                n.reason.startswith("told") or n.reason.startswith("a plan") for n in e.notes if n.field == "date")):
            continue
        e.date = EventDate(value, "day", said)
        e.notes = [n for n in e.notes if n.field != "date"]
        e.notes.append(Note("date", f"one half of an exchange the text dates {value} ('{said}')"))


_CLAUSE_BREAK_WORDS = re.compile(r"[;:()\u2014\"\u201c\u201d]| -- | - ")


HALTING_TYPES = ("SANCTION",)      # halting, suspending or breaking off something done together
MEDIATION_MODES = ("third-party",)


def halts_talks(g: _Group, ctx: Context) -> bool:
    """Whether the group's first mention halts a process done between parties ("the peace talks were
    suspended by the president"; assembly.yaml ``joint_process_nouns``)."""
    if g.type not in HALTING_TYPES or not ctx.cues.joint_process_nouns:
        return False
    tok = ctx.doc[g.first.trigger_i]
    return any(p.lemma_.lower() in ctx.cues.joint_process_nouns for p in patient_of(tok))


def counterparts_of_halted_talks(events: list[Event], halted: Collection[str]) -> None:
    """"Talks halted in 2017 by the former president": halting talks is done to the other
    party of the talks the article reports (its meetings' and agreements' participants, mediators
    left out, that are not on the halting side), marked in the notes, when the text names no one."""
    parties: dict[tuple, Actor] = {}
    for e in events:
        if e.event_type in ("CONSULT", "AGREE"):
            # a mediation's doers are its mediators, not parties; those it is done for are
            for a in (e.recipient if e.mode in MEDIATION_MODES else e.actor + e.recipient):
                if a.country or a.sector:
                    parties.setdefault((a.country, a.sector), a)
    for e in events:
        if e.id not in halted or e.recipient or not e.actor:
            continue
        own = {(a.country, a.sector) for a in e.actor}
        other = [a for code, a in parties.items() if code not in own]
        if other:
            e.recipient = [dataclasses.replace(a) for a in other]
            e.notes.append(Note("recipient", "not named: the other party of the talks it halts ("
                                             + ", ".join(a.text for a in other) + ")"))


def _told_with(a: Event, b: Event) -> bool:
    """Whether two events share a sentence."""
    return any(m.span[0] < n.span[1] and n.span[0] < m.span[1] for m in a.mentions for n in b.mentions)


def parties_of_mediation(events: list[Event], exchanges: Collection[str] = ()) -> None:
    """A mediation whose text names no one it is done for ("as a result of Turkey's mediation",
    "Qatar brokered the deal") is done for the parties of what it brought about: the sides of the
    events told in the same sentence, else of the article's exchanges and talks (``exchanges``:
    reciprocal acts; CONSULT and AGREE between parties), the mediators' own country left out,
    marked in the notes."""
    def sides(evs: list[Event]) -> dict[str, Actor]:
        out: dict[str, Actor] = {}
        for e in evs:
            for a in e.actor + [r for r in e.recipient if r.sector in EXCHANGE_SECTORS]:
                if a.country and a.sector in EXCHANGE_SECTORS + ("REB",):
                    out.setdefault(a.country, a)
        return out

    joint = [e for e in events if e.id in exchanges or
             (e.event_type in ("CONSULT", "AGREE") and e.mode not in MEDIATION_MODES)]
    for e in events:
        if e.event_type != "CONSULT" or e.mode not in MEDIATION_MODES or e.recipient:
            continue
        own = {a.country for a in e.actor if a.country}
        near = [o for o in events if o is not e and o.event_type != e.event_type and _told_with(o, e)]
        for pool, where in ((near, "the events told with it"), (joint, "the article's exchanges and talks")):
            parties = {c: a for c, a in sides(pool).items() if c not in own}
            if len(parties) >= 2:
                e.recipient = [dataclasses.replace(a) for a in parties.values()]
                e.notes.append(Note("recipient", f"not named: the parties of {where} ("
                                                 + ", ".join(parties) + ")"))
                break


def attacks_on_the_other_side(events: list[Event], exchanges: Collection[str],
                              country_place: Callable[[str], Optional[Location]]) -> None:
    """"The first swap since Eritrea's invasion": an attack by one state's forces or government that
    names no target and no place, in an article whose exchanges (prisoners swapped between warring
    sides) are between exactly two states, is aimed at the other of them, on its territory: its
    recipient is that state and its place that country, both marked. The sides are the countries
    of the exchanges' doers and of the people they hand over."""
    sides: list[str] = []
    for e in events:
        if e.id in exchanges and e.event_type == "RETREAT":
            for a in e.actor + e.recipient:
                if a.country and a.country not in sides and a.country not in NO_STATE_CODES:
                    sides.append(a.country)
    if len(sides) != 2:
        return
    for e in events:
        if e.event_type != "ASSAULT" or e.recipient or e.location is not None or not e.actor:
            continue
        own = {a.country for a in e.actor}
        if len(own) != 1 or not own <= set(sides) or any(a.sector not in ("GOV", "MIL") for a in e.actor):
            continue
        (other,) = [c for c in sides if c not in own]
        where = country_place(other)
        if where is None:
            continue
        e.recipient = [Actor(text=where.name or other, name=where.name, country=other, sector="GOV")]
        e.location = where
        e.notes.append(Note("recipient", f"not named: the other side of the article's exchanges ({other})"))
        e.notes.append(Note("location", f"not in the text: the territory of the side it is aimed at ({other})"))


NO_STATE_CODES = frozenset({"IGO", "NGO", "UNO", "IMG"})


def attach_headlines(events: list[Event], headlines: list[Event]) -> None:
    """A title's event mention is one more report of the first body event of its type whose doers
    agree with it ("Armenia signs deal with Azerbaijan, Russia" and the body's signing): its sentence
    joins that event's mentions; a title event the body does not report is left out (titles restate)."""
    for h in headlines:
        hc = {a.country for a in h.actor if a.country}
        for ev in events:
            ec = {a.country for a in ev.actor if a.country}
            if ev.event_type == h.event_type and (not hc or not ec or hc & ec):
                m = h.mentions[0] if h.mentions else Mention(sentence=h.sentence, span=h.span, trigger=h.trigger)
                m = dataclasses.replace(m, role="headline")
                # the parts of one split act (each side of a swap, each country) share its title
                told = [x.span for x in ev.mentions]
                parts = [e for e in events if e.event_type == ev.event_type and [x.span for x in e.mentions] == told]
                for part in parts:
                    if all(x.span != m.span for x in part.mentions):
                        part.mentions = sorted(part.mentions + [m], key=lambda x: x.span)
                break


def split_places(ev: Event, g: _Group, ctx: Context) -> list[Event]:
    """An act the text places in several countries at once ("four more were also detained in
    Poland and Spain") -> one event per country (cues.yaml per_place_types), each marked."""
    loc = ev.location
    if ctx.places_in is None or loc is None or loc.country is None:
        return [ev]
    doc = ctx.doc
    for m in g.members:
        places = [p for p in ctx.places_in(m.sent.start_char, m.sent.end_char)
                  if p.role == "literal" and p.location is not None and not p.dateline]
        own = next((p for p in places if p.location.name == loc.name and p.location.country == loc.country), None)
        if own is None:
            continue
        span = doc.char_span(own.start, own.end, alignment_mode="expand")
        if span is None:
            continue
        conj = {t.i for t in span.root.conjuncts}
        others: dict[str, Location] = {}
        for p in places:
            q = doc.char_span(p.start, p.end, alignment_mode="expand")
            if q is not None and q.root.i in conj and p.location.country not in (loc.country, *others):
                others[p.location.country] = p.location
        if not others:
            continue
        names = ", ".join([loc.name or loc.country, *(x.name or c for c, x in others.items())])
        # the people the text gives no country were placed in the first country. One act told in
        # several countries at once is one operation's branches ("raids across Bavaria ... four people
        # were also arrested in Poland and Spain"): its people are the article's focus country's,
        # when it has one, else each event's own country's
        homeless = {a.text for m in g.members for a in [*m.event.actor, *m.event.recipient] if a.country is None}

        def rehome(actors: list[Actor], country: str) -> list[Actor]:
            return [dataclasses.replace(a, country=country) if a.country == loc.country and a.text in homeless
                    else a for a in actors]

        focus = ctx.focus_country

        def branch(country: str, **kw: Any) -> Event:
            home = focus or country
            said = (f"actors without a country placed in the article's focus country ({focus}): one act "
                    f"told in several countries is one operation's") if focus else None
            notes = [Note(n.field, said or n.reason.replace(f"({loc.country})", f"({country})"))
                     if n.field == "country" and "without a country placed" in n.reason else n for n in ev.notes]
            return dataclasses.replace(ev, actor=rehome(ev.actor, home), recipient=rehome(ev.recipient, home),
                                       mentions=list(ev.mentions), notes=notes, **kw)

        out = [branch(loc.country)]
        out += [branch(country, id=stable_id(ev.id, country), location=where) for country, where in others.items()]
        for part in out:
            part.notes.append(Note("location", f"one event per country the text places it in: {names}"))
        return out
    return [ev]


EXCHANGE_SECTORS = ("GOV", "MIL")   # who can be the other side of an exchange
STATE_FORCES = ("COP", "MIL")    # who act in their own country


def split_reciprocal(ev: Event) -> list[Event]:
    """An exchange between actors of several countries -> one event per side, acting on the others.
    One side named as the doer and the other as the partner ("Ukraine swapped 108 prisoners with
    Russia": a state the event is done with) is an exchange between both."""
    sides: dict[str, list[Actor]] = {}
    for a in ev.actor:
        if a.country:
            sides.setdefault(a.country, []).append(a)
    if len(sides) == 1:
        for r in ev.recipient:
            if r.country and r.country not in sides and r.sector in EXCHANGE_SECTORS:
                sides.setdefault(r.country, []).append(r)
    if len(sides) < 2:
        return [ev]
    out = []
    for country, actors in sides.items():
        others = [a for c, xs in sides.items() if c != country for a in xs]
        part = dataclasses.replace(ev, id=stable_id(ev.id, country), actor=list(actors),
                                   recipient=others + [r for r in ev.recipient if r.country not in sides],
                                   mentions=list(ev.mentions), notes=list(ev.notes))
        part.notes.append(Note("actor", f"one side of a reciprocal act ({ev.trigger}): {', '.join(sides)}"))
        out.append(part)
    return out



def place_at_home(events: list[Event], cues: AssemblyCues, country_place: Callable[[str], Optional[Location]]) -> None:
    """An act its own sentences do not place, done by a state's own institutions of the sectors
    assembly.yaml ``home_acts`` lists for its type (police detaining, a government dismissing
    ministers, prosecutors charging), happened in that state: its country, at country precision,
    marked. Taken before the main event's place, which may lie abroad (sanctions decided in
    Luxembourg over a detention in Iran; raids in Germany beside an arrest in Austria); a main
    event in that same country gives its finer place instead (:func:`place_from_main_event`)."""
    main = next((e for e in events if e.location is not None and not e.background), None)
    for e in events:
        if e.location is not None:
            continue
        # (a listed act of another quad class too: "the president dismissed the government")
        sectors = cues.home_sectors(e.event_type, e.mode)
        countries = {a.country for a in e.actor}
        if not sectors or not e.actor or len(countries) != 1 or any(a.sector not in sectors for a in e.actor):
            continue
        country = countries.pop()
        if main is not None and main.location is not None and main.location.country == country \
                and e.quad_class in PLACED_QUADS:
            continue        # the main event's place, finer, is in that country: place_from_main_event
        where = country_place(country) if country else None
        if where is None:
            continue
        e.location = where
        e.notes.append(Note("location", f"not in the event's own sentences: done by {country}'s own "
                                        f"institutions ({', '.join(a.text for a in e.actor)}), in {country}"))
        # those it was done to, named without a country ("detained opposition candidates"), are
        # placed where it happened, as for an event its sentences place (build_event)
        e.recipient, used = _home_country(e.recipient, country)
        if used:
            e.notes.append(Note("country", f"recipients without a country placed where the event happened ({country})"))


def place_from_main_event(events: list[Event], exchanges: Collection[str] = ()) -> None:
    """A material event whose own sentences name no place takes the place of the article's main
    event (the first one that has a place), marked in its notes; statements stay unplaced, and so
    does an exchange (``exchanges``: the ids of events whose trigger is one of assembly.yaml's
    ``reciprocal_triggers``, "Ukraine swapped 60 prisoners with Russia", and acts told in the same
    sentence as one, "Russia freed 90 soldiers in a prisoner swap"): it may have happened on
    either side or a third, and the main event's place does not say which. Callers also leave out
    the halting of a joint process ("the talks suspended by the former president"): one party's
    decision, made where that party was, not where the talks it ended (or their later resumption,
    often the article's news) took place."""
    main = next((e for e in events if e.location is not None and not e.background), None)
    if main is None:
        return
    for e in events:
        if e.location is None and e.quad_class in PLACED_QUADS and e.id not in exchanges:
            e.location = main.location
            e.notes.append(Note("location", "not in the event's own sentences: the place of the article's main event"))


def place_from_dateline(events: list[Event], dateline: Optional[Location]) -> None:
    """A material event that still has no place takes the article's dateline, marked: where the
    article was reported from, the best the text offers (local news reports from where it happens)."""
    if dateline is None:
        return
    for e in events:
        if e.location is None and e.quad_class in PLACED_QUADS:
            e.location = dateline
            e.notes.append(Note("location", "not in the text: the article's dateline (where it was reported from)"))


def recipients_from_place(events: list[Event], cues: AssemblyCues) -> None:
    """An event of a type assembly.yaml ``place_recipients`` lists that names no recipient is done to
    the people of its place, finer than a country ("the first aid convoy arrived in Mekelle": aid
    goes to the people where it arrives), marked. Taken after the place fallbacks, so an event placed
    by the article's main event ("more trucks will follow") goes where that event went."""
    for e in events:
        place = e.location
        sector = cues.place_sector(e.event_type, e.mode)
        if not sector or e.recipient or place is None or place.precision == "country" or not place.country:
            continue
        e.recipient = [Actor(text=place.text or place.name or "", name=place.name, country=place.country,
                             sector=sector)]
        e.notes.append(Note("recipient", f"not named: the people of {place.name}, where it went"))


def meeting_modes(events: list[Event]) -> None:
    """Talks or a meeting the text gives no mode, by where and among whom it was held (PLOVER's
    CONSULT modes): among the member states' ministers or council of one intergovernmental body
    only ("EU foreign ministers met in Luxembourg") -> ``multilateral``; in a state none of its
    participants belongs to ("the government and the rebels resumed talks in Caracas") ->
    ``third-party``. Taken once places are final; marked in the notes."""
    ont = default_ontology()
    for e in events:
        if e.event_type != "CONSULT" or e.mode:
            continue
        parties = e.actor + e.recipient
        countries = {a.country for a in parties if a.country}
        if e.actor and not e.recipient and len(countries) == 1 and countries <= set(NOT_STATES) \
                and all(a.sector == "GOV" for a in e.actor):
            e.mode = "multilateral"
            e.cameo_root = ont.cameo_root(e.event_type, e.mode, None)
            e.notes.append(Note("mode", "the member states' ministers or council of one "
                                        f"intergovernmental body ({', '.join(a.text for a in e.actor)})"))
            continue
        place = e.location
        states = countries - set(NOT_STATES)
        if place is None or not place.country or place.country in NOT_STATES or not states \
                or len(states) != len(countries) or place.country in states:
            continue
        e.mode = "third-party"
        e.cameo_root = ont.cameo_root(e.event_type, e.mode, None)
        e.notes.append(Note("mode", f"held in {place.country}, the country of none of its participants "
                                    f"({', '.join(sorted(states))})"))


__all__ = ["AssemblyCues", "Context", "assemble", "compatible", "default_assembly_cues", "group_mentions",
           "load_assembly_cues", "setting_sentences"]
