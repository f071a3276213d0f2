"""Places: find toponyms in an article, resolve them to GeoNames, pick where an event happened.

Recognition unites spaCy's GPE/LOC/FAC entities with gazetteer matches over capitalised tokens
(the small model tags "Tajikistan" NORP and misses "Chitral"), then gives each mention a role:

* ``literal``       a place ("fled to Pakistan")
* ``demonym``       "Afghan", "Pakistani" (``data/gazetteer/aliases.tsv``); resolved to the country
* ``organisation``  the place names an organisation ("Pakistan Army", "Afghan National Army")
* ``metonymy``      the place stands for its government ("Kabul said", "Russia condemned ...")
* ``modifier``      the name modifies a noun that is not a place ("US officials", "a US air strike",
  "the China trade deal"); "Kabul airport", "Gaza border" (place nouns) stay literal

Resolution ranks a name's gazetteer candidates by: kind and population (a prior), the article's
focus countries (countries of its unambiguous mentions) and the ``focus`` countries passed in (the
actors'), containment by a place named nearby ("Paris, Texas", "Pakistan's Chitral", "X district
in Khyber-Pakhtunkhwa"), and level cue words ("Chitral district" -> the admin2 unit, "Kabul
province" -> admin1). A name the gazetteer lacks ("the Arundu sector of the Chitral district") is
placed at the smallest unit the text attaches it to (Chitral district, precision ``district``) with
its own name kept in ``Location.text``; with no such unit it keeps no coordinates. Coordinates are
never invented.

``Location.admin1``/``admin2`` carry the names of the containing units ("Khyber Pakhtunkhwa",
"Chitrāl District"); ``country`` is ISO alpha-3.
"""
from __future__ import annotations

import dataclasses
import logging
import math
import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Collection, Iterable, Optional

from wirecoder.errors import DataFileError
from wirecoder.gazetteer import Entry, Gazetteer, load_aliases, load_unit_aliases, name_key
from wirecoder.nlp import column, doc_text, line_start, numbers, span_text
from wirecoder.ontology import PLACED_QUADS
from wirecoder.records import Location

log = logging.getLogger("wirecoder.resolve.places")

_DATA = Path(__file__).resolve().parents[1] / "data" / "gazetteer"

PLACE_LABELS = {"GPE", "LOC", "FAC"}
ROLES = ("literal", "demonym", "organisation", "metonymy", "modifier")

_RANK = {"continent": -1, "region": -1, "country": 0, "admin1": 1, "admin2": 2, "admin3": 3, "city": 4, "spot": 5}

PLACE_WORDS_FILE = _DATA.parent / "places.yaml"
_PLACE_LISTS = ("place_heads", "direction_words", "event_nouns", "source_nouns", "settlement_nouns",
                "local_cues", "speech_verbs", "action_verbs", "motion_verbs", "take_verbs", "topic_nouns",
                "locative_preps", "target_preps", "destination_preps", "origin_preps", "name_connectors",
                "framing_marks", "arabic_articles", "glued_suffixes", "possessive_org_words",
                "possessive_not_org_heads", "possessed_bodies")


def load_place_words(path: str | Path | None = None) -> dict[str, Any]:
    """The resolver's cue words (``data/places.yaml``, or the file at ``path``; the format is in the
    file's header): each word list as a frozenset (``arabic_articles`` as a tuple, in order),
    ``cue_kinds`` as {word: kinds}, ``unit_designations`` as ((words, kinds), ...) in order."""
    from wirecoder.datafiles import read_yaml, yaml_words
    path = Path(path) if path else PLACE_WORDS_FILE
    raw = read_yaml(path, _PLACE_LISTS + ("cue_kinds", "unit_designations"))

    def words(key: str, value: Any) -> tuple[str, ...]:
        return yaml_words(path, key, value)

    def kinds(key: str, value: Any) -> tuple[str, ...]:
        out = words(key, value)
        unknown = [k for k in out if k not in _RANK]
        if unknown:
            raise DataFileError(str(path), f"{key}: unknown gazetteer kind {unknown[0]!r} "
                                           f"(one of {', '.join(_RANK)})")
        return out

    out: dict[str, Any] = {k: frozenset(words(k, raw[k])) for k in _PLACE_LISTS}
    out["arabic_articles"] = words("arabic_articles", raw["arabic_articles"])
    if not isinstance(raw["cue_kinds"], dict):
        raise DataFileError(str(path), "cue_kinds: expected a mapping {word: [kinds]}")
    out["cue_kinds"] = {str(w): kinds(f"cue_kinds: {w}", ks) for w, ks in raw["cue_kinds"].items()}
    designations = []
    for n, d in enumerate(raw["unit_designations"] or [], 1):
        if not isinstance(d, dict) or set(d) != {"words", "kinds"}:
            raise DataFileError(str(path), f"unit_designations: entry {n}: expected {{words: [...], kinds: [...]}}")
        designations.append((words(f"unit_designations {n}: words", d["words"]),
                             kinds(f"unit_designations {n}: kinds", d["kinds"])))
    out["unit_designations"] = tuple(designations)
    return out


_WORDS = load_place_words()
# data/places.yaml (each list's meaning is in the file)
PLACE_HEADS: frozenset[str] = _WORDS["place_heads"]
DIRECTION_WORDS: frozenset[str] = _WORDS["direction_words"]
EVENT_NOUNS: frozenset[str] = _WORDS["event_nouns"]
SOURCE_NOUNS: frozenset[str] = _WORDS["source_nouns"]
SETTLEMENT_NOUNS: frozenset[str] = _WORDS["settlement_nouns"]
CUE_KINDS: dict[str, tuple[str, ...]] = _WORDS["cue_kinds"]
UNIT_DESIGNATIONS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = _WORDS["unit_designations"]
LOCAL_CUES: frozenset[str] = _WORDS["local_cues"]
SPEECH_VERBS: frozenset[str] = _WORDS["speech_verbs"]
ACTION_VERBS: frozenset[str] = _WORDS["action_verbs"]
MOTION_VERBS: frozenset[str] = _WORDS["motion_verbs"]
TAKE_VERBS: frozenset[str] = _WORDS["take_verbs"]
TOPIC_NOUNS: frozenset[str] = _WORDS["topic_nouns"]
LOCATIVE_PREPS: frozenset[str] = _WORDS["locative_preps"]
TARGET_PREPS: frozenset[str] = _WORDS["target_preps"]
DESTINATION_PREPS: frozenset[str] = _WORDS["destination_preps"]
ORIGIN_PREPS: frozenset[str] = _WORDS["origin_preps"]
_CONNECTORS: frozenset[str] = _WORDS["name_connectors"]

# Attachment of a place whose own preposition is locative ("in", "at", "near") but which hangs on
# a noun rather than on the trigger (see Geocoder._attachment_score), before the distance penalty.
LOOSE_LOCATIVE = 5.9
_PRECISION = {"continent": "region", "region": "region", "country": "country", "admin1": "province", "admin2": "district", "admin3": "district",
              "city": "town", "spot": "exact"}
# A mention's choice weighs the article's other places (containment, distance): in an article
# with more than 2 * FAR_MENTIONS + 1 place mentions, those within FAR_MENTIONS mentions of it.
FAR_MENTIONS = 200
# Event place: places tied to the trigger nearly as strongly as the best one (within this many
# attachment points) give way to the finest of them that the text puts inside the best one
# ("killed in the east Mosul district of Al-Zahra": Al-Zahra); see Geocoder.event_place.
FINER_MARGIN = 4.0
# The place a withdrawal or evacuation leaves ("pulled its troops out of X"): just above
# ``Geocoder.min_attachment``, so any place the text ties to the act more closely (a destination
# "into Y", a locative "in Z") outranks it.
LEFT_PLACE_ATTACHMENT = 6.0
# A name the model did not tag as a place, standing where places stand ("the area around Kut"), is
# a place when it is a town of this size under any of its names (Al-Kut); see Geocoder._place_slot.
SLOT_ALTERNATE_POPULATION = 100_000
# A one-word town named inside a longer name the gazetteer lacks counts from this size on
# ("Delhi High Court", "Manila Cathedral"; not "Rogers Centre"); see Geocoder._embedded.
EMBEDDED_CITY_POPULATION = 100_000


@dataclass
class Place:
    """A toponym in the article text and what it resolved to."""

    start: int                         # character offsets in the Doc's text
    end: int
    text: str
    location: Optional[Location]       # None: not resolvable and no containing unit named
    role: str                          # literal | demonym | organisation | metonymy
    dateline: bool = False             # the place of a dateline ("KABUL, July 26 (Reuters) -")
    site: bool = False                 # a named site the gazetteer lacks, at the unit the text puts it in
    # the country's capital, where the text names the capital by its country ("the capital of X",
    # "X's capital"): the place an event there happened (Geocoder.event_place)
    capital: Optional[Location] = None


@dataclass
class _Context:
    """What ranking needs to know about the whole article."""

    focus2: set[str]                  # countries passed in (the actors')
    counts: dict[Any, float]          # country -> / (country, admin1) -> mentions agreeing on it
    total: float                      # mentions agreeing on one country
    total1: float                     # mentions agreeing on one first-level unit


# A finer place inside a country or province named in the same sentence wins over it when the
# parse ties it to the event at least this strongly (through the trigger or its object, not a
# preposition on some other noun: "taken to a hospital in Tampere" is not where the shooting was)
ENCLOSED_ATTACHMENT = 7.0

RANKING_FILE = _DATA / "ranking.json"

# Event types whose place is where the words were said or the pact made, never where the events
# they are about happened: those outside PLOVER's material quads (2, 4), but for meetings (CONSULT),
# which keep their venue. A place inside the phrase of another event noun the statement is about
# ("vowed to avenge the bombing at X", "condemned the Kabul attack"), or in a clause the statement
# only dates ("the convoy's arrival in X came a week after they agreed"), is that other event's.
VENUE_TYPES = frozenset({"CONSULT"})
# Attachment score of such a place: below ``Geocoder.min_attachment``, so the statement gets no place
# from it (and not the paragraph's or the dateline's either: the sentence does name a place).
OTHER_EVENT_ATTACHMENT = 2.0
# Marks of an adverbial clause that dates or explains the statement by another happening ("when",
# "as", "while" say it happened there and then: "took place in X when the commander asked").
_FRAMING_MARKS: frozenset[str] = _WORDS["framing_marks"]


@lru_cache(maxsize=1)
def _event_lexicon() -> tuple[Any, dict[str, int]]:
    """The extraction lexicon (which tokens are event triggers) and each event type's quad class."""
    from wirecoder.extraction.lexicon import default_lexicon
    from wirecoder.ontology import default_ontology

    return default_lexicon(), {n: t.quad for n, t in default_ontology().types.items()}


def event_type_of(tok: Any) -> Optional[str]:
    """The event type the extraction lexicon gives token ``tok`` as a trigger, or None."""
    entry = _event_lexicon()[0].match(tok)
    return entry.type if entry is not None else None


def _other_event_noun(tok: Any) -> bool:
    """Whether noun ``tok`` names an event whose place a statement about it does not share: any
    event noun but a meeting's ("agreed after a meeting in X": the meeting is where they agreed)."""
    if tok.pos_ != "NOUN":
        return False
    etype = event_type_of(tok)
    if etype is not None:
        return etype not in VENUE_TYPES
    return tok.lemma_.lower() in EVENT_NOUNS


def _clause_act(verb: Any, occurrence_verbs: Collection[str]) -> bool:
    """Whether the verb of a relative or participial clause reports an act of its own (an event
    trigger, not an occurrence verb: "the raid, which took place in X" is the raid's place)."""
    return verb.lemma_.lower() not in occurrence_verbs and event_type_of(verb) is not None


def is_statement(tok: Any) -> bool:
    """Whether token ``tok`` triggers a statement-like event (quad 1 or 3, not a meeting)."""
    etype = event_type_of(tok)
    return etype is not None and etype not in VENUE_TYPES and _event_lexicon()[1].get(etype) not in PLACED_QUADS


@lru_cache(maxsize=4)
def load_ranking_weights(path: Path = RANKING_FILE) -> dict[str, float]:
    """The candidate ranking weights: ``{"weights": {feature: weight}, ...}`` (see the file's ``about``)."""
    import json
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        weights = {str(k): float(v) for k, v in data["weights"].items()}
    except FileNotFoundError:
        raise DataFileError(str(path), "missing packaged data file (reinstall wirecoder)") from None
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        raise DataFileError(str(path), f"expected {{\"weights\": {{feature: number}}}} ({e})") from None
    return weights


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


@dataclass
class _Mention:
    i: int                              # token span [i, j)
    j: int
    role: str = "literal"
    label: str = ""                     # spaCy label or "GAZ"
    cue: tuple[str, ...] = ()           # kinds pointed to by a cue word
    cue_token: Optional[int] = None
    local: bool = False                 # named as a part too small for the gazetteer ("X sector")
    by_article: bool = False            # found only with/without the Arabic article ("Qamishli")
    demonym_iso2: Optional[str] = None
    demonym_unit: Optional[str] = None  # "European" -> "Europe" (data/gazetteer/unit_aliases.tsv)
    candidates: list[tuple[Entry, bool]] = field(default_factory=list)
    best: Optional[Entry] = None
    container: Optional[Entry] = None   # for an unresolved name: the unit the text puts it in
    margin: float = 0.0
    siblings: list[Entry] = field(default_factory=list)   # places listed with it ("California or Washington")
    qualified: list[Entry] = field(default_factory=list)  # the readings of "Tacoma" in "Tacoma, Washington"


@lru_cache(maxsize=None)
def _word_list(name: str) -> frozenset[str]:
    path = _DATA / name
    try:
        with open(path, encoding="utf-8") as f:
            return frozenset(w.strip() for w in f if w.strip() and not w.startswith("#"))
    except FileNotFoundError:
        raise DataFileError(str(path), "missing packaged data file (reinstall wirecoder)") from None


@lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    """Demonym -> ISO alpha-2: ``data/gazetteer/aliases.tsv`` first, then the demonyms of
    ``data/countries.tsv`` (the actor coder's list: "Jamaican", "Maltese")."""
    from wirecoder.datafiles import data_path, read_tsv, split_list
    out: dict[str, str] = {}
    for _, row in read_tsv(data_path("countries.tsv"), ["iso2", "demonyms"]):
        for d in split_list(row["demonyms"]):
            if row["iso2"] and not d.replace(".", "").isupper():   # "US", "U.S." are names, not demonyms
                out.setdefault(d, row["iso2"])
    out.update({n: cc for n, cc, kind in load_aliases() if kind == "demonym"})
    for name in _unit_demonyms():       # the unit's own adjective wins: "English" -> England, not the UK
        out.pop(name, None)
    return out


@lru_cache(maxsize=1)
def _unit_demonyms() -> dict[str, str]:
    return {n: unit for n, _cc, unit, kind in load_unit_aliases() if kind == "demonym"}


@lru_cache(maxsize=1)
def _unit_demonym_countries() -> dict[str, str]:
    """Demonym -> ISO alpha-2 of its unit's country, for the units of one country ("English" -> GB)."""
    return {n: cc for n, cc, _unit, kind in load_unit_aliases() if kind == "demonym" and cc}


def _contains(outer: Entry, inner: Entry) -> bool:
    """Whether unit ``outer`` contains place ``inner`` (by admin codes)."""
    if outer.geonameid == inner.geonameid or _RANK[outer.kind] >= _RANK[inner.kind]:
        return False
    if outer.country != inner.country:
        return False
    if outer.kind == "country":
        return True
    if outer.admin1 != inner.admin1:
        return False
    if outer.kind == "admin1":
        return True
    return outer.kind in ("admin2", "admin3") and outer.admin2 is not None and outer.admin2 == inner.admin2


# A place name the tokenizer keeps in one token with a participle suffix ("U.S.-led", "Kabul-based").
_GLUED_MODIFIER = re.compile(r"^(.+?)[-\u2013](?:%s)$" % "|".join(
    re.escape(w) for w in sorted(_WORDS["glued_suffixes"])), re.I)
# The Arabic article and its assimilated forms as place names are written with it ("Al Qāmishlī",
# "Ar Raqqah", "As Suwaydā'", "Ad Dīwānīyah"); tried when a name is not found as written.
_ARABIC_ARTICLES: tuple[str, ...] = _WORDS["arabic_articles"]


class _Far(list):
    """The article's other places (a list of Entries) with an index that answers ``any(_contains(o,
    e) and o.kind != "country" for o in self)`` without the scan: a mention has ~10 candidates and
    up to 2 * FAR_MENTIONS others, so the scan was most of the cost of a long article's places."""

    _units: Optional[dict[tuple, list[tuple[int, int]]]] = None

    def holds_unit_of(self, e: "Entry") -> bool:
        if self._units is None:
            # only a first- or lower-level unit can contain e (a country is left out; a town,
            # region or continent contains nothing by _contains)
            units: dict[tuple, list[tuple[int, int]]] = {}
            for o in self:
                if o.kind == "admin1":
                    units.setdefault((1, o.country, o.admin1), []).append((o.geonameid, _RANK[o.kind]))
                elif o.kind in ("admin2", "admin3") and o.admin2 is not None:
                    units.setdefault((2, o.country, o.admin1, o.admin2), []).append((o.geonameid, _RANK[o.kind]))
            self._units = units
        rank = _RANK[e.kind]
        for key in ((1, e.country, e.admin1), (2, e.country, e.admin1, e.admin2)):
            for gid, r in self._units.get(key, ()):
                if gid != e.geonameid and r < rank:
                    return True
        return False


_SURNAMES_KEY = "wirecoder.person_surnames"


def _person_surnames(doc: Any) -> tuple[str, ...]:
    """The last words of the names the Doc's model tags as persons of two words or more ("Lopez" of
    "Andrew Lopez"), found once per Doc: the same word alone elsewhere in the article is that person."""
    names = doc.user_data.get(_SURNAMES_KEY)
    if names is None:
        names = doc.user_data[_SURNAMES_KEY] = tuple(sorted(
            {e[-1].text for e in doc.ents if e.label_ == "PERSON" and len(e) >= 2 and e[-1].is_title}))
    return names


class Geocoder:
    """Finds and resolves the places of an article (a spaCy Doc over its clean text).

    >>> geo = Geocoder.default()                                 # doctest: +SKIP
    >>> [(p.text, p.role, p.location.name) for p in geo.places(nlp("Troops entered Chitral district."))]  # doctest: +SKIP
    [('Chitral', 'literal', 'Chitrāl District')]
    """

    _default: Optional["Geocoder"] = None
    _by_path: dict[str, "Geocoder"] = {}
    _lock = threading.Lock()
    all_features = False      # compute every ranking feature, also those weighted 0 (for fitting)

    def __init__(self, gazetteer: Gazetteer, min_population_single: int = 15000,
                 min_population_multi: int = 1000, min_attachment: float = 5.5,
                 weights: Optional[dict[str, float]] = None):
        self.gaz = gazetteer
        self.min_attachment = min_attachment
        self.min_population_single = min_population_single
        self.min_population_multi = min_population_multi
        self.stopnames = _word_list("stopnames.txt")
        self.org_heads = _word_list("org_heads.txt")
        self.org_heads_lower = frozenset(w.lower() for w in self.org_heads)
        self.facility_heads = _facility_heads()
        self.taking_verbs = _word_list("taking_verbs.txt")
        self.leaving_verbs = _word_list("leaving_verbs.txt")
        self.site_parts = _word_list("site_parts.txt")
        self.occurrence_verbs = _word_list("occurrence_verbs.txt")
        self.naming_verbs = _word_list("naming_verbs.txt")
        self.sequence_preps = _word_list("sequence_preps.txt")
        self.demonyms = _demonyms()
        self.unit_demonyms = _unit_demonyms()
        self.weights = dict(load_ranking_weights() if weights is None else weights)

    @classmethod
    def for_gazetteer(cls, path: Optional[str] = None) -> "Geocoder":
        """A shared Geocoder over the gazetteer file ``path`` (None: :meth:`default`)."""
        if path is None:
            return cls.default()
        key = str(Path(path).resolve())
        with cls._lock:
            geo = cls._by_path.get(key)
            if geo is None:
                geo = cls._by_path[key] = cls(Gazetteer(key))
            return geo

    @classmethod
    def default(cls) -> "Geocoder":
        """A shared Geocoder over :meth:`Gazetteer.default` (created on first call)."""
        with cls._lock:
            if cls._default is None:
                cls._default = cls(Gazetteer.default())
            return cls._default

    # ------------------------------------------------------------------ public API

    def places(self, doc: Any, focus: Optional[list[str]] = None) -> list[Place]:
        """All toponyms of ``doc`` with roles and resolved locations, in text order.

        ``focus``: countries (ISO alpha-2 or alpha-3) the article is known to be about, e.g. the
        actors' countries; they win ties between same-named places.
        """
        mentions = self._recognise(doc)
        self._resolve(doc, mentions, focus)
        out = [self._to_place(doc, m) for m in mentions]
        text = doc_text(doc)
        for m, p in zip(mentions, out):
            p.dateline = is_dateline(text, p.start, p.end)
            country = m.best if m.best is not None else self._possessive_country(doc, m)
            if country is not None and country.kind == "country" and country.country and self._names_capital(doc, m):
                cap = self.gaz.capital(country.country)
                if cap is not None:
                    p.capital = self._location(p.text, cap)
        return out

    def _possessive_country(self, doc: Any, m: _Mention) -> Optional[Entry]:
        """The country a mention names with its possessive inside ("Sri Lanka\u2019s", tagged so
        as one entity and not resolved as a whole), or None."""
        text = span_text(doc, m.i, m.j)
        if m.role != "literal" or not text.endswith(("'s", "\u2019s")):
            return None
        return next((e for e, p in self.gaz.lookup_with_primary(text[:-2].rstrip()) if e.kind == "country"), None)

    def _names_capital(self, doc: Any, m: _Mention) -> bool:
        """Whether a country's name stands for its capital: "the capital of X" (not "the capital of
        X's northern region"), "X's capital" -- the word "capital" with no other word ("former",
        "commercial", "regional") before it."""
        nxt = doc[m.j] if m.j < len(doc) else None
        if nxt is not None and nxt.lower_ == "capital":
            # ("the Afghan capital" is left to the adjective: on Halterman's event-location
            # sentences, whose places are names, it cost 3 sentences)
            return span_text(doc, m.i, m.j).endswith(("'s", "\u2019s"))
        if nxt is not None and nxt.text in ("'s", "’s", "'"):
            return m.j + 1 < len(doc) and doc[m.j + 1].lower_ == "capital"
        k = m.i - 1
        if k >= 0 and doc[k].lower_ == "the":
            k -= 1
        return k >= 2 and doc[k].lower_ == "of" and doc[k - 1].lower_ == "capital" \
            and doc[k - 2].lower_ in ("the", "its", "their")

    def resolve_spans(self, doc: Any, spans: Iterable[tuple[int, int]],
                      focus: Optional[list[str]] = None) -> list[Place]:
        """Resolve given character spans of ``doc`` as toponyms (for evaluation with gold toponyms).

        The article's other recognised places still serve as context.
        """
        found = self._recognise(doc)
        given: list[_Mention] = []
        for s, e in spans:
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is None or len(span) == 0:
                given.append(_Mention(0, 0, label="GOLD"))
                continue
            m = _Mention(span.start, span.end, label="GOLD")
            self._add_cue(doc, m)
            if span.text in self.demonyms or span.text.rstrip("s") in self.demonyms:
                m.role = "demonym"
                m.demonym_iso2 = self.demonyms.get(span.text) or self.demonyms.get(span.text.rstrip("s"))
            elif span.text in self.unit_demonyms:
                m.role, m.demonym_unit = "demonym", self.unit_demonyms[span.text]
            given.append(m)
        by_span = {(m.i, m.j) for m in given}
        context = [m for m in found if (m.i, m.j) not in by_span]
        self._resolve(doc, given + context, focus)
        out = []
        for (s, e), m in zip(spans, given):
            p = self._to_place(doc, m)
            p.start, p.end, p.text = s, e, doc_text(doc)[s:e]
            out.append(p)
        return out

    def country_location(self, iso3: str) -> Optional[Location]:
        """A country (ISO alpha-3) as a place of country precision, None when the gazetteer lacks it."""
        iso2 = self.gaz.iso2_of(iso3)
        e = self.gaz.country(iso2) if iso2 else None
        return self._location(e.name, e) if e is not None else None

    def event_location(self, places: list[Place], doc: Any, sent: Any, trigger_i: int) -> Optional[Location]:
        """Where the event whose trigger is token ``trigger_i`` (in sentence ``sent``) happened.

        Prefers a literal place attached to the trigger by a locative preposition ("in", "at",
        "near"), or by a destination preposition ("to", "into") for motion verbs; an origin ("from
        X") of a movement and an "X-based" modifier are not the event's place. A sentence place only
        loosely tied to the trigger (attachment score below ``min_attachment``: another clause, a
        non-locative preposition) gives None: on Halterman's event-location sentences such places
        were right 30% of the time while the gold had no place 46% of the time. With no literal
        place in the sentence: the last literal place earlier in the same paragraph (not for a
        statement: "The governor condemned the bombing" after "A bomb exploded in X"); else the
        article's dateline place ("KABUL, July 26 (Reuters) -"), a marked fallback: :meth:`event_place`
        returns it with ``dateline`` True (where it was reported from, not necessarily where it
        happened), :meth:`event_location` gives None for it; else None. A dateline is never chosen over a place the text ties to the event. A place that
        only qualifies a more specific one ("Pakistan" in "Pakistan's Chitral district") gives way
        to it.
        """
        p = self.event_place(places, doc, sent, trigger_i)
        # the dateline fallback is left to callers that can mark it (event_place's Place.dateline)
        return p.location if p is not None and not p.dateline else None

    def event_place(self, places: list[Place], doc: Any, sent: Any, trigger_i: int,
                    statement: Optional[bool] = None) -> Optional[Place]:
        """The :class:`Place` chosen by :meth:`event_location` (or None). ``statement``: whether the
        event is a statement-like one (see :func:`is_statement`, which decides when it is None)."""
        # a country named for its capital ("in Kenya's capital") is the capital there
        places = [dataclasses.replace(p, location=p.capital, role="literal") if p.capital is not None else p
                  for p in places]
        lit = [p for p in places if p.role == "literal" and not p.dateline]
        in_sent = [p for p in lit if sent.start_char <= p.start < sent.end_char]
        if in_sent:
            trigger = doc[trigger_i]
            if statement is None:
                statement = is_statement(trigger)
            scores = {id(p): self._attachment_score(doc, p, trigger, statement) for p in in_sent}
            best, best_key = None, None
            scored = []
            for p in in_sent:
                score = scores[id(p)]
                if score is None:
                    continue
                if any(q is not p and (self._qualifies(doc, p, q) or (
                        p.location is not None and p.location.precision in ("country", "province")
                        and self._encloses(p, q) and (scores[id(q)] or 0) >= ENCLOSED_ATTACHMENT
                        and _in_clause(doc, q, trigger))) for q in in_sent):
                    # "Pakistan" of "Pakistan's Chitral", "In Sri Lanka, troops took the secretariat
                    # in Colombo": the finer place inside it, also tied to the event, wins
                    score -= 6
                span = doc.char_span(p.start, p.end, alignment_mode="expand")
                dist = abs(span.root.i - trigger_i) if span is not None else 99
                fine = _RANK["spot"] if p.site else _RANK.get(_kind_of(p), 6)
                scored.append((p, score, fine, dist))
                key = (score, -dist * 0.01 + fine * 0.001)
                if best_key is None or key > best_key:
                    best, best_key = p, key
            if best is not None and best_key is not None and best_key[0] >= self.min_attachment:
                # Places about as strongly tied to the trigger as the best one and put inside it by
                # the text: the finest of them ("a roadside bomb went off near a patrol in Mosul's
                # eastern district of Al-Zahra": Al-Zahra, not Mosul).
                top = best_key[0]
                close = [(fine, score, -dist, p) for p, score, fine, dist in scored
                         if score >= self.min_attachment and score >= top - FINER_MARGIN
                         and (p is best or self._within(doc, p, best))]
                fine, score, _, p = max(close, key=lambda x: x[:3])
                best, best_key = p, (score, 0.0)
                if best.location is None:
                    # a name the gazetteer lacks, put inside another place by the text ("Kabul's
                    # Karte Seh neighbourhood"): placed at that place, its own name kept
                    around = [q for q in in_sent if q is not best and q.location is not None
                              and self._within(doc, best, q)]
                    if around:
                        q = around[0]
                        best = Place(best.start, best.end, best.text,
                                     dataclasses.replace(q.location, text=best.text), best.role, site=True)
            if best is not None and best_key is not None:
                # A place only loosely tied to the trigger (another clause, a non-locative
                # preposition) is usually not where the event happened: no place beats it.
                return best if best_key[0] >= self.min_attachment else None
        # The last literal place earlier in the same paragraph (newline-delimited), not a dateline;
        # not for a statement, whose place is said where it is said
        if statement is None:
            statement = is_statement(doc[trigger_i])
        if statement:
            return None
        para_start = line_start(doc, sent.start_char)
        earlier = [p for p in lit if para_start <= p.start < sent.start_char and p.location is not None
                   and not p.dateline and not self._in_naming_phrase(doc, p)]
        if earlier:
            # "... in Birnin Gwari town, Birnin Gwari LGA, Kaduna state. All were later freed": the last of
            # places each put inside the next is the coarsest; the first of the chain is where
            k = len(earlier) - 1
            while k > 0 and self._within(doc, earlier[k - 1], earlier[k]):
                k -= 1
            return earlier[k]
        # Last resort: the article's dateline, returned with ``dateline`` set so that a caller can
        # mark the event's place as the reporting place rather than where it happened.
        dl = [p for p in places if p.dateline and p.location is not None and p.start < sent.end_char]
        return dl[-1] if dl else None

    def _in_naming_phrase(self, doc: Any, p: Place) -> bool:
        """Whether place ``p`` lies in a participle phrase saying what something is called ("the
        city of X (known as Y in Z)"): where the name is used, never an event's place."""
        span = doc.char_span(p.start, p.end, alignment_mode="expand")
        if span is None:
            return False
        node = span.root
        while node.head.i != node.i:
            node = node.head
            if node.pos_ in ("VERB", "AUX"):
                return node.dep_ == "acl" and node.lemma_.lower() in self.naming_verbs
        return False

    # ------------------------------------------------------------------ recognition

    def _recognise(self, doc: Any) -> list[_Mention]:
        taken = [False] * len(doc)
        blocked = [False] * len(doc)
        mentions: list[_Mention] = []

        def claim(m: _Mention) -> None:
            for k in range(m.i, m.j):
                taken[k] = True
            mentions.append(m)

        for ent in doc.ents:
            i, j = ent.start, ent.end
            while i < j and doc[i].lower_ in ("the", "a", "an"):
                i += 1
            while j > i and doc[j - 1].is_punct:
                j -= 1
            if i >= j:
                continue
            if ent.label_ in ("FAC", "ORG") and j < len(doc) and doc[j].lower_ in self.facility_heads \
                    and doc[i:j].root.head.i == j and not taken[j]:
                j += 1                                # "Galle Face park": the site's own head word
            text = span_text(doc, i, j)
            if ent.label_ in PLACE_LABELS:
                m = _Mention(i, j, label=ent.label_)
                if text in self.demonyms:
                    m.role, m.demonym_iso2 = "demonym", self.demonyms[text]
                claim(m)
            elif ent.label_ == "NORP":
                if text in self.demonyms or (text.endswith("s") and text[:-1] in self.demonyms):
                    cc = self.demonyms.get(text) or self.demonyms[text[:-1]]
                    m = _Mention(i, j, role="demonym", label="NORP", demonym_iso2=cc)
                    claim(m)
                elif text in self.unit_demonyms:
                    claim(_Mention(i, j, role="demonym", label="NORP", demonym_unit=self.unit_demonyms[text]))
                elif self._strong_name(doc, i, j):
                    claim(_Mention(i, j, label="NORP"))
                elif j < len(doc) and doc[j].lower_ in LOCAL_CUES and doc[i].is_title:
                    claim(_Mention(i, j, label="NORP"))
                elif self._place_slot(doc, i, j) or self._named_slot(doc, i, j):
                    claim(_Mention(i, j, label="NORP"))
                else:
                    for k in range(i, j):
                        blocked[k] = True
            elif ent.label_ in ("ORG", "PERSON") and (listed := self._listed_names(doc, i, j)):
                for a, b in listed:                            # "the Tumbru and Ghumdhum areas"
                    claim(_Mention(a, b, label=ent.label_))
                for k in range(i, j):
                    blocked[k] = True
            elif ent.label_ in ("ORG", "PERSON") and self._cued_name(doc, i, j):
                claim(_Mention(i, j, label=ent.label_))   # "the Thantho district", "Kawkab army base"
                for k in range(i, j):
                    blocked[k] = True
            elif ent.label_ == "ORG" and (pair := self._possessive_places(doc, i, j)):
                for a, b in pair:                              # "in Bandarban's Tambru"
                    claim(_Mention(a, b, label="GPE"))
                for k in range(i, j):
                    blocked[k] = True
            elif ent.label_ == "ORG" and self._site_name(doc, i, j):
                claim(_Mention(i, j, label="FAC"))   # "outside the Ghazi Stadium in Kabul"
                for k in range(i, j):
                    blocked[k] = True
            elif ent.label_ == "ORG" and any(e.kind == "spot" for e in self.gaz.lookup(span_text(doc, i, j))):
                claim(_Mention(i, j, label="FAC"))   # a site the gazetteer has by that name ("near Galle Face")
                for k in range(i, j):
                    blocked[k] = True
            elif ent.label_ == "ORG":
                # a unit spelled out with its designation first ("Donetsk Oblast", "the Kankara Local
                # Government Area"): its name also opens an organisation name ("Pakistan Army")
                unit = self._unit_name(doc, i, j)
                n = self._place_prefix(doc, i, j) if unit is None else 0
                if unit is not None:   # "the Kankara Local Government Area": a unit the model calls an organisation
                    claim(unit)
                    for k in range(unit.j, j):
                        blocked[k] = True
                elif n:
                    m = _Mention(i, i + n, role="organisation", label="ORG")
                    t = span_text(doc, i, i + n)
                    if t in self.demonyms:
                        m.demonym_iso2 = self.demonyms[t]
                    claim(m)
                elif not any(t.text in self.org_heads for t in doc[i:j]) and (
                        self._strong_name(doc, i, j) or (
                            j < len(doc) and doc[j].lower_ in CUE_KINDS and self.gaz.lookup(span_text(doc, i, j)))
                        or self._plausible(doc, i, j, self.gaz.lookup_with_primary(span_text(doc, i, j)))
                        or self._place_slot(doc, i, j) or self._named_slot(doc, i, j)):
                    claim(_Mention(i, j, label="ORG"))   # "Khyber-Pakhtunkhwa", "Chitral" mis-tagged ORG
                for k in range(i, j):
                    blocked[k] = True
            elif ent.label_ == "PERSON" and (unit := self._unit_name(doc, i, j)) is not None:
                claim(unit)      # "in Kankara LGA": a unit with its designation the model calls a person
                for k in range(i, j):
                    blocked[k] = True
            elif ent.label_ == "PERSON" and (self._place_slot(doc, i, j) or self._named_slot(doc, i, j)):
                claim(_Mention(i, j, label="PERSON"))    # "outside the regional capital, Grozny"
                for k in range(i, j):
                    blocked[k] = True
            elif ent.label_ in ("PRODUCT", "WORK_OF_ART", "EVENT", "LAW") and (
                    self._place_slot(doc, i, j) or self._named_slot(doc, i, j)):
                claim(_Mention(i, j, label=ent.label_))  # "rallies in Corsica", "the city of Manbij" tagged PRODUCT
                for k in range(i, j):
                    blocked[k] = True
            elif ent.label_ in ("DATE", "CARDINAL") and self._strong_name(doc, i, j, ("country",)) \
                    and self._place_slot(doc, i, j):
                claim(_Mention(i, j, label=ent.label_))  # "fled from Chad into Niger": "Niger" tagged DATE
                for k in range(i, j):
                    blocked[k] = True
            else:
                for k in range(ent.start, ent.end):
                    blocked[k] = True
        self._scan(doc, taken, blocked, claim)
        mentions.sort(key=lambda m: m.i)
        for m in mentions:
            self._add_cue(doc, m)
            if m.role == "literal":
                m.role = self._role(doc, m)
        for a, b in zip(mentions, mentions[1:]):
            # names in one list share their role: "Baku and Yerevan on Friday carried out a swap" is
            # two governments even where the parser splits the list or hangs only one on the verb
            lit = a if a.role == "literal" else b
            if {a.role, b.role} == {"literal", "metonymy"} and b.i - a.j == 1 \
                    and doc[a.j].lower_ in ("and", "&") and not _governed(doc, lit):
                a.role = b.role = "metonymy"
        return mentions

    def _possessive_places(self, doc: Any, i: int, j: int) -> list[tuple[int, int]]:
        """"in Bandarban's Tambru", tagged as one organisation: a known place's possessive before a
        name, the whole after a locative preposition, is that place and a place inside it (the two
        spans), else []."""
        span = doc[i:j]
        if span.root.dep_ != "pobj" or span.root.head.lower_ not in LOCATIVE_PREPS \
                or doc[j - 1].lower_ in self.facility_heads:
            return []      # "Abuja's International Conference Centre": one site, named with its town
        k = next((k for k in range(j - 2, i, -1) if doc[k].text in ("'s", "\u2019s")), None)
        if k is None or not all(t.is_title for t in doc[k + 1:j]) or not all(t.is_title for t in doc[i:k]):
            return []
        if not any(e.kind != "country" for e in self.gaz.lookup(span_text(doc, i, k))):
            return []
        return [(i, k), (k + 1, j)]

    def _site_name(self, doc: Any, i: int, j: int) -> bool:
        """Whether an organisation or facility name ending in a site word (data/gazetteer/
        facility_heads.txt) stands where a place stands: the object of a locative preposition
        ("outside the Ghazi Stadium", "at the Kano State Science School")."""
        span = doc[i:j]
        if span[-1].lower_.rstrip(".") not in self.facility_heads or not span[0].is_title:
            return False
        root = span.root
        prep = root.head.lower_
        if root.dep_ == "pobj" and (prep in LOCATIVE_PREPS or prep == "of" and root.head.head.lower_ in LOCATIVE_PREPS):
            return True
        # the parse may hang the name elsewhere ("students at the X High School in Y state" read with
        # "School" modifying "state"): the words before it say where it stands -- a locative
        # preposition ("at the X School"), or "to"/"of" after a part of a site ("an entrance to the X
        # Airport", "the gates of the X Stadium")
        k = i - 1
        if k >= 0 and doc[k].lower_ in ("the", "a", "an"):
            k -= 1
        if k < 0:
            return False
        before = doc[k].lower_
        return before in LOCATIVE_PREPS - {"by", "between", "among", "over", "through"} or (
            before in ("to", "of") and k >= 1 and doc[k - 1].lemma_.lower() in self.site_parts)

    def _cued_name(self, doc: Any, i: int, j: int) -> bool:
        """Whether a proper name the model tagged ORG or PERSON is followed by a word naming a
        settlement or a part of one ("the Thantho district", "the Aziziyah district", "the X and Y
        areas") or by "border" ("took refuge at the X border outpost"): a place."""
        if j >= len(doc) or not (doc[j].lower_ in SETTLEMENT_NOUNS or doc[j].lemma_.lower() in SETTLEMENT_NOUNS
                                 or doc[j].lower_ == "border"):   # "the X and Y areas", "the X border"
            return False
        span, text = doc[i:j], span_text(doc, i, j)
        if any(part in self.demonyms for part in text.split("-")):
            return False        # "the Tajik-Afghan border": two countries' adjectives
        return all(t.is_title or t.text in _CONNECTORS or (t.is_punct and t.text in "-'") for t in span) \
            and span[-1].is_title and text not in self.stopnames and text not in self.demonyms \
            and not any(t.text in self.org_heads for t in span)

    def _listed_names(self, doc: Any, i: int, j: int) -> list[tuple[int, int]]:
        """The parts of a name list the model tagged as one entity before a plural settlement noun
        ("the Tumbru and Ghumdhum areas", "X, Y and Z villages"): each a place; else []."""
        if j >= len(doc) or doc[j].lower_ == doc[j].lemma_.lower() or doc[j].lemma_.lower() not in SETTLEMENT_NOUNS:
            return []
        parts, start = [], i
        for k in range(i, j + 1):
            if k == j or doc[k].lower_ in ("and", ",", "or"):
                if start < k:
                    parts.append((start, k))
                start = k + 1
        if len(parts) < 2 or not all(all(t.is_title for t in doc[a:b]) for a, b in parts):
            return []
        if any(span_text(doc, a, b) in self.stopnames or span_text(doc, a, b) in self.demonyms
               or any(t.text in self.org_heads for t in doc[a:b]) for a, b in parts):
            return []
        return parts

    def _named_slot(self, doc: Any, i: int, j: int) -> bool:
        """Whether a proper name stands where only a place can, gazetteer or not: "the village of
        Tamthil", "the cities of Palmyra and Quaryatayn", "the neighbourhood of Al-Bayaa", or after
        a locative preposition as the whole object ("a bomb in Taji, north of Baghdad"; not "in
        Smith's view"). Such a name is kept as a place without coordinates when nothing resolves it."""
        span, text = doc[i:j], span_text(doc, i, j)
        if not all(t.is_title or t.text in _CONNECTORS or (t.is_punct and t.text in "-'") for t in span) \
                or not span[-1].is_title or text in self.stopnames or text in self.demonyms:
            return False
        root = span.root
        while root.dep_ == "conj" and root.head.i < i:
            root = root.head
        head = root.head
        if root.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in SETTLEMENT_NOUNS:
            return True
        nxt = doc[j] if j < len(doc) else None
        return (root.dep_ == "pobj" and head.lower_ in ("in", "at", "near", "outside") and root.i == j - 1
                and (nxt is None or nxt.text in (",", ".", ";") or nxt.pos_ in ("ADP", "CCONJ")
                     or nxt.ent_type_ in ("DATE", "TIME")))

    def _place_slot(self, doc: Any, i: int, j: int) -> bool:
        """Whether an entity the model did not tag as a place is a well-known place (a country,
        province or town of 10,000+ under its main name) standing where places stand: after a
        locative preposition ("in Grozny"), as "the town of X", or in apposition to a place noun
        ("the regional capital, Grozny")."""
        span, text = doc[i:j], span_text(doc, i, j)
        if not all(t.is_title or t.text in _CONNECTORS for t in span) or text in self.stopnames:
            return False
        root = span.root
        head = root.head
        slot = (root.dep_ == "pobj" and head.lower_ in LOCATIVE_PREPS | DESTINATION_PREPS | ORIGIN_PREPS
                and head.lower_ not in ("by", "over", "between", "among")) or (
            root.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in PLACE_HEADS) or (
            root.dep_ == "appos" and head.lower_ in PLACE_HEADS) or (
            root.dep_ == "poss" and head.lemma_.lower() in PLACE_HEADS) or (      # "Grozny's streets"
            root.dep_ in ("dobj", "nsubjpass") and head.lemma_.lower() in TAKE_VERBS)   # "captured Jaffna"
        if not slot:
            return False
        # the object of a taking verb: any town under its main name ("Eritrea captured Badme")
        need = 0 if root.dep_ in ("dobj", "nsubjpass") and head.lemma_.lower() in TAKE_VERBS else 10000
        return any(e.kind in ("country", "admin1") or (p and e.kind == "city" and e.population >= need)
                   or (e.kind == "city" and e.population >= SLOT_ALTERNATE_POPULATION)   # "Kut" for Al-Kut
                   for e, p in self.gaz.lookup_with_primary(text))    # "Corsica" is Corse's other name

    def _strong_name(self, doc: Any, i: int, j: int, kinds: tuple[str, ...] = ("country", "admin1")) -> bool:
        return any(e.kind in kinds and p for e, p in self.gaz.lookup_with_primary(span_text(doc, i, j)))

    def _unit_name(self, doc: Any, i: int, j: int) -> Optional[_Mention]:
        """The name of an administrative unit spelled out with its designation ("Kankara Local
        Government Area", "Dandume LGA") that spaCy tagged as an organisation: a mention of the name,
        with the designation as its cue, when the gazetteer has a unit or town of that name."""
        words = [t.lower_ for t in doc[i:j]]
        for suffix, kinds in UNIT_DESIGNATIONS:
            n = len(suffix)
            if j - i > n and tuple(words[-n:]) == suffix:
                name, text = doc[i:j - n], span_text(doc, i, j - n)
                if not all(t.is_title or t.text in _CONNECTORS for t in name) or text in self.stopnames:
                    return None
                if any(e.kind in kinds for e in self.gaz.lookup(text)):
                    return _Mention(i, j - n, label="ORG", cue=kinds, cue_token=j - 1)
                return None
        return None

    def _place_prefix(self, doc: Any, i: int, j: int) -> int:
        """Length of a place name or demonym opening an organisation name ("Pakistan Army")."""
        for n in range(min(3, j - i - 1), 0, -1):
            t = span_text(doc, i, i + n)
            if t in self.demonyms:
                return n
            if any(e.kind in ("country", "admin1") or (e.kind == "city" and e.population >= 100000)
                   for e in self.gaz.lookup(t)):
                return n
        return 0

    def _scan(self, doc: Any, taken: list[bool], blocked: list[bool], claim: Any) -> None:
        """Gazetteer matches over capitalised token runs that no entity claimed."""
        n_tok = len(doc)
        # the words' shapes as the Doc's arrays: most words are looked at without a Token
        title, upper = numbers(doc, "is_title"), numbers(doc, "is_upper")
        alpha, length, lower = numbers(doc, "is_alpha"), numbers(doc, "length"), column(doc, "lower")
        i = 0
        while i < n_tok:
            if taken[i] or blocked[i] or not (title[i] or (upper[i] and length[i] > 1)) or not alpha[i]:
                i += 1
                continue
            tok = doc[i]
            if tok.text in self.demonyms or tok.text in self.unit_demonyms:
                m = _Mention(i, i + 1, role="demonym", label="GAZ", demonym_iso2=self.demonyms.get(tok.text),
                             demonym_unit=self.unit_demonyms.get(tok.text))
                claim(m)
                i += 1
                continue
            matched = 0
            for n in range(min(5, n_tok - i), 0, -1):
                if any(taken[k] or blocked[k] for k in range(i, i + n)):
                    continue
                last = i + n - 1
                if not (title[last] or upper[last]) or any(
                        not (title[k] or upper[k] or lower[k] in _CONNECTORS) for k in range(i, i + n)):
                    continue
                cands = self.gaz.lookup_with_primary(span_text(doc, i, i + n))
                if not cands or not self._plausible(doc, i, i + n, cands):
                    continue
                claim(_Mention(i, i + n, label="GAZ"))
                matched = n
                break
            if not matched and tok.pos_ == "PROPN" and i + 1 < n_tok and (
                    doc[i + 1].lower_ in LOCAL_CUES or doc[i + 1].text == "union") \
                    and doc[i + 1].lower_ not in ("border",) and tok.text not in self.stopnames \
                    and not tok.is_sent_start:
                claim(_Mention(i, i + 1, label="CUE"))     # "Arundu sector": a place the gazetteer lacks
                matched = 1
            if not matched and tok.pos_ == "PROPN" and tok.is_title and not tok.is_sent_start:
                k = i + 1
                while k < n_tok and k - i < 4 and not taken[k] and not blocked[k] and doc[k].pos_ == "PROPN" \
                        and doc[k].is_title:
                    k += 1
                if self._named_slot(doc, i, k):
                    claim(_Mention(i, k, label="SLOT"))     # "the cities of Palmyra and Quaryatayn"
                    matched = k - i
            i += max(matched, 1)

    def _plausible(self, doc: Any, i: int, j: int, cands: list[tuple[Entry, bool]]) -> bool:
        """Whether a gazetteer match not tagged by spaCy is probably a place, not a common word."""
        single = j - i == 1
        tok = doc[i]
        cue = j < len(doc) and doc[j].lower_ in CUE_KINDS
        if single and (tok.text in self.stopnames or len(tok) < 3 or (tok.pos_ != "PROPN" and not cue)):
            return False
        if single and tok.is_upper and not any(e.kind == "country" for e, _ in cands):
            return False
        if single and not cue and tok.text in _person_surnames(doc) \
                and not any(e.kind in ("country", "admin1") for e, _ in cands):
            return False    # "Andrew Lopez ... told Lopez to": the person named before, not a town
        for e, primary in cands:
            if e.kind in ("continent", "region", "country", "admin1"):
                return True
            if e.kind == "spot" and e.coord_source == "curated" and not single:
                return True
            if e.kind in ("admin2", "admin3") and (cue or (not single and primary)):
                return True
            need = self.min_population_single if single else self.min_population_multi
            if tok.is_sent_start and single:
                need *= 5
            if e.kind == "city" and e.population >= need and (primary or not single):
                return True
        return cue and any(e.kind in CUE_KINDS[doc[j].lower_] for e, _ in cands)

    def _add_cue(self, doc: Any, m: _Mention) -> None:
        """Note a level cue word after the name ("Chitral district") or before it ("province of X")."""
        last = doc[m.j - 1].lower_
        if m.j - m.i > 1 and last in CUE_KINDS:   # the entity itself ends in the cue word
            m.cue, m.cue_token = CUE_KINDS[last], m.j - 1
            m.local = last in LOCAL_CUES and last not in CUE_KINDS
            return
        if m.j < len(doc):
            nxt = doc[m.j].lower_
            if nxt in CUE_KINDS:
                m.cue, m.cue_token = CUE_KINDS[nxt], m.j
            elif nxt in LOCAL_CUES:
                m.local, m.cue_token = True, m.j
        if not m.cue and m.i >= 2 and doc[m.i - 1].lower_ == "of":
            before = doc[m.i - 2].lower_
            named = m.i >= 3 and doc[m.i - 3].is_title and doc[m.i - 3].pos_ == "PROPN"
            if before in CUE_KINDS and not named:
                m.cue = CUE_KINDS[before]          # "the province of Kandahar": Kandahar is a province
            elif named and (before in CUE_KINDS or before in ("area", "lga")):
                # "the Chitral district of Khyber Pakhtunkhwa", "Dandume Local Government Area of
                # Katsina": the unit after "of" contains the named one
                inner = CUE_KINDS.get(before, ("admin2",))
                m.cue = ("country",) if inner == ("admin1",) else ("admin1", "country")

    def _role(self, doc: Any, m: _Mention) -> str:
        """literal, organisation or metonymy for a place-name mention."""
        nxt = doc[m.j] if m.j < len(doc) else None
        if nxt is not None and nxt.text in self.org_heads and nxt.is_title and m.cue_token is None:
            return "organisation"
        if nxt is not None and nxt.text in ("'s", "\u2019s") and m.j + 1 < len(doc):
            after = doc[m.j + 1]
            if after.lower_ in self.org_heads_lower and after.lower_ not in _WORDS["possessive_not_org_heads"]:
                return "organisation"
            if after.lower_ in _WORDS["possessive_org_words"]:
                return "organisation"
            # the body it is the possessor of, after other words ("X's interior ministry", "X's own
            # armed forces"); not a person ("X's first elected president": where he is from)
            owned = doc[m.i:m.j].root.head
            if doc[m.i:m.j].root.dep_ == "poss" and owned.i > m.j + 1 and owned.lower_ in _WORDS["possessed_bodies"]:
                return "organisation"
        root = doc[m.i:m.j].root
        if m.cue_token is not None:
            root = doc[m.cue_token]
        head = root.head
        if root.dep_ in ("compound", "amod", "nmod") and head.i >= m.j and head.pos_ in ("NOUN", "PROPN") \
                and head.lower_ not in PLACE_HEADS and head.lemma_.lower() not in PLACE_HEADS \
                and not (head.pos_ == "PROPN" and head.ent_type_ in PLACE_LABELS) \
                and head.ent_type_ not in ("DATE", "TIME"):
            return "modifier"
        while root.dep_ == "conj" and root.head.i < root.i and root.head.pos_ == "PROPN":
            root = root.head        # "Moscow and Kyiv carried out a swap": Kyiv is a subject as Moscow is
        if root.dep_ in ("nsubj", "nsubjpass") and root.head.pos_ in ("VERB", "AUX"):
            lemma = root.head.lemma_.lower()
            if lemma in SPEECH_VERBS:
                return "metonymy"
            if lemma in ACTION_VERBS and root.dep_ == "nsubj" and any(
                    c.dep_ == "dobj" for c in root.head.children):
                return "metonymy"
        return "literal"

    # ------------------------------------------------------------------ resolution

    def _focus_iso2(self, focus: Optional[list[str]]) -> set[str]:
        out = set()
        for c in focus or []:
            if len(c) == 2:
                out.add(c.upper())
            elif len(c) == 3:
                iso2 = self.gaz.iso2_of(c.upper())
                if iso2:
                    out.add(iso2)
        return out

    def _lookup(self, doc: Any, m: _Mention) -> list[tuple[Entry, bool]]:
        if m.j <= m.i:
            return []
        text = span_text(doc, m.i, m.j)
        if m.demonym_iso2:
            c = self.gaz.country(m.demonym_iso2)
            return [(c, True)] if c else []
        if m.demonym_unit:
            cc = _unit_demonym_countries().get(text) or _unit_demonym_countries().get(text.rstrip("s"))
            return [(e, True) for e in self.gaz.lookup(m.demonym_unit) if e.kind in ("continent", "region", "admin1")
                    and (cc is None or e.country == cc)][:1]
        if text.isupper() and len(text) > 4 and self.demonyms.get(text.title()):
            c = self.gaz.country(self.demonyms[text.title()])   # "KAZAKH INVEST": a demonym in capitals
            if c:
                return [(c, True)]
        cands = self.gaz.lookup_with_primary(text)
        if text.isupper() and len(text) <= 4:     # "US", "EU": an abbreviation, not a village called "Us"
            cands = [(e, p) for e, p in cands if e.kind in ("continent", "country", "admin1")]
        if not cands and m.cue_token == m.j - 1 and m.j - m.i > 1:
            cands = self.gaz.lookup_with_primary(span_text(doc, m.i, m.j - 1))
        if not cands and m.j - m.i > 1 and doc[m.j - 1].lower_ in self.facility_heads:
            # "Galle Face park": a site the gazetteer has by its name without the head word
            cands = [(e, p) for e, p in self.gaz.lookup_with_primary(span_text(doc, m.i, m.j - 1)) if e.kind == "spot"]
        if not cands and text.lower().startswith("the "):
            cands = self.gaz.lookup_with_primary(text[4:])
        if not cands and text.endswith("'s"):
            cands = self.gaz.lookup_with_primary(text[:-2])
        if not cands:
            glued = _GLUED_MODIFIER.match(text)
            if glued:           # "the U.S.-led coalition", "a Kabul-based group": one token with its suffix
                return self.gaz.lookup_with_primary(glued.group(1))
        if not cands and text[:1].isupper() and m.label not in ("NORP",):
            cands = self._arabic_article_variant(text)
            m.by_article = bool(cands)
        return cands

    def _arabic_article_variant(self, text: str) -> list[tuple[Entry, bool]]:
        """The name with or without the Arabic article the gazetteer writes or leaves out ("Qamishli"
        is GeoNames' "Al Qāmishlī", "Al-Raqqa" its "Raqqa"): one reading, only when it is unambiguous
        in kind (towns and units, not a bare word that happens to follow an article)."""
        first, _, rest = text.partition(" ")
        head = first.split("-", 1)
        if len(head) == 2 and head[0].lower() in _ARABIC_ARTICLES and head[1][:1].isupper():
            variants = [head[1] + (" " + rest if rest else "")]
        elif rest and first.lower() in _ARABIC_ARTICLES:
            variants = [rest]
        elif len(text) >= 5 and not text.isupper():    # not "CHU" read as "An-chu"
            variants = [f"{a} {text}" for a in _ARABIC_ARTICLES]
        else:
            return []
        for v in variants:
            cands = [(e, p) for e, p in self.gaz.lookup_with_primary(v)
                     if e.kind in ("city", "admin1", "admin2", "admin3")]
            if cands:
                return cands
        return []

    def _resolve(self, doc: Any, mentions: list[_Mention], focus: Optional[list[str]]) -> None:
        focus2 = self._focus_iso2(focus)
        for m in mentions:
            m.candidates = self._lookup(doc, m)
            if m.local and not m.demonym_iso2 and m.label in ("CUE", "NORP") and not any(e.kind == "city" for e, _ in m.candidates):
                m.candidates = []
        # Article focus: countries (and first-level units) of mentions whose candidates agree on one.
        counts: dict[Any, float] = {}
        for m in mentions:
            cands = [e for e, p in m.candidates if p] or [e for e, _ in m.candidates]
            cs = {e.country for e in cands}
            if len(cs) == 1:
                c = next(iter(cs))
                if c:
                    counts[c] = counts.get(c, 0.0) + 1.0
            a1 = {(e.country, e.admin1) for e in cands if e.kind not in ("continent", "region", "country")}
            if len(a1) == 1 and len(cs) == 1 and not m.demonym_unit:
                k = next(iter(a1))
                if k[1]:
                    counts[k] = counts.get(k, 0.0) + 1.0
        for m in mentions:
            if m.cue and m.cue_token is not None and not any(e.kind in m.cue for e, _ in m.candidates):
                # "Khorasan Province" with no such unit known: not a town that has the name only as
                # another of its names in a country no other place of the article is in (Horasan,
                # Turkey); a town of that main name stays ("Chitral district" after its town)
                own = {e.country for e, _ in m.candidates}
                keep = [(e, p) for e, p in m.candidates if p or e.kind != "city"
                        or counts.get(e.country or "", 0.0) - (1.0 if len(own) == 1 else 0.0) > 0]
                m.candidates = keep
            if m.by_article:
                # read with the article, a name may be another place ("Qahira", a Baghdad district,
                # is "Al Qāhirah", Cairo): only in a country another place of the article is in
                own = {e.country for e, _ in m.candidates}
                m.candidates = [(e, p) for e, p in m.candidates
                                if counts.get(e.country or "", 0.0) - (1.0 if len(own) == 1 else 0.0) > 0]
        ctx = _Context(focus2, counts, sum(v for k, v in counts.items() if isinstance(k, str)) or 1.0,
                       sum(v for k, v in counts.items() if not isinstance(k, str)) or 1.0)
        # Pass 1: context-free choice; pass 2: add containment and proximity among the article's places.
        for m in mentions:
            m.best = self._choose(m, ctx, [], [])
        # Mentions by first and last token: the few that can be tied to a mention (within four
        # tokens) are found without a scan of all of them.
        by_start: dict[int, list[_Mention]] = {}
        by_end: dict[int, list[_Mention]] = {}
        order = {id(o): k for k, o in enumerate(mentions)}
        for o in mentions:
            by_start.setdefault(o.i, []).append(o)
            by_end.setdefault(o.j, []).append(o)
        for _ in range(2):
            for k, m in enumerate(mentions):
                if len(m.candidates) <= 1:
                    continue
                # _linked ties o only when o starts 1-4 tokens after m, or ends 1-3 tokens before it
                nearby = [o for d in range(1, 5) for o in by_start.get(m.j + d, ())]
                nearby += [o for d in range(1, 4) for o in by_end.get(m.i - d, ())]
                near, seen = [], set()
                for o in sorted(nearby, key=lambda o: order[id(o)]):   # list order, as the scan had
                    if id(o) not in seen and o is not m and o.best is not None and _linked(doc, m, o):
                        seen.add(id(o))
                        near.append(o.best)
                # The article's other places: all of them, except in a very long article, where
                # the FAR_MENTIONS mentions on either side stand for the article (linear cost).
                lo, hi = (0, len(mentions)) if len(mentions) <= 2 * FAR_MENTIONS + 1 else (
                    max(0, k - FAR_MENTIONS), k + FAR_MENTIONS + 1)
                # (a demonym is evidence for its country only: "English" does not put the article in England)
                far = _Far(o.best for o in mentions[lo:hi] if o is not m and o.best is not None
                           and not (o.demonym_unit and o.best.kind == "admin1"))
                m.siblings = [o.best for o in mentions[max(0, k - 4):k + 5]
                              if o is not m and o.best is not None and _listed(doc, m, o)]
                nxt = doc[m.j].lower_ if m.j < len(doc) else ""
                in_list = nxt in ("and", "or") or (nxt == "," and m.j + 1 in by_start)
                if m.i >= 1 and doc[m.i - 1].text == "," and not in_list:   # not "Washington, New York and Boston"
                    # "Tacoma, Washington": all the readings of the name before the comma, not only
                    # its current best (which may be read through this very mention)
                    m.qualified = [e for o in by_end.get(m.i - 1, ()) for e, _ in o.candidates]
                m.best = self._choose(m, ctx, near, far)
        # Names the gazetteer lacks: the smallest unit the text puts them in, else a place named
        # inside them ("Colorado State University", "Manila Cathedral", "British Embassy Tokyo").
        for m in mentions:
            if m.best is None and m.role == "literal":
                # _container looks only at mentions starting in the ten tokens after m: those, in list order
                after = sorted((o for d in range(10) for o in by_start.get(m.j + d, ())), key=lambda o: order[id(o)])
                m.container = self._container(doc, m, after)
                if m.container is None and m.i >= 2 and doc[m.i - 1].text in ("'s", "\u2019s"):
                    # "Bandarban's Tambru": the place whose possessive it follows
                    m.container = next((o.best for o in by_end.get(m.i - 1, ())
                                        if o.best is not None and o.role == "literal" and o.best.kind != "country"), None)
                if m.container is None and m.j - m.i > 1:
                    m.container = self._embedded(doc, m, ctx)
                elif m.container is not None and m.j - m.i > 1 and m.container.kind in ("country", "admin1", "admin2"):
                    # "the Kano State Science School in Kano state": a town the name opens
                    # with that lies inside the unit the text puts it in is finer than that unit
                    m.container = self._embedded_town(doc, m, m.container) or m.container
        # A street or building the gazetteer lacks, with nothing named inside or around it ("Royal
        # Street", "the Barclays Center"): the town the article is about -- the town most of its
        # resolved mentions name (first named on a tie), if it names one at all.
        unplaced = [m for m in mentions if m.best is None and m.container is None and m.role == "literal"
                    and m.j > m.i and doc[m.j - 1].lower_.rstrip(".") in self.facility_heads]
        if unplaced:
            towns: dict[int, list[Any]] = {}
            for k, o in enumerate(mentions):
                if o.best is not None and o.best.kind == "city" and o.role == "literal" and o.label not in ("GAZ", "CUE"):
                    towns.setdefault(o.best.geonameid, [0, -k, o.best])[0] += 1
            if towns:
                town = max(towns.values(), key=lambda v: (v[0], v[1]))[2]
                for m in unplaced:
                    m.container = town

    def features(self, m: _Mention, e: Entry, primary: bool, ctx: "_Context", near: list[Entry],
                 far: list[Entry]) -> dict[str, float]:
        """The ranking features of candidate ``e`` for mention ``m`` (see ``data/gazetteer/ranking.json``)."""
        f: dict[str, float] = {}
        k = e.kind
        if k in ("country", "continent", "region", "admin1"):
            f["kind_" + k] = 1.0
        elif k in ("admin2", "admin3"):
            f["kind_admin2"] = 1.0
        elif k == "spot" and e.coord_source == "curated":
            f["kind_region"] = 1.0          # a well-known site of data/gazetteer/features.tsv
        else:
            f["log_population"] = math.log10(e.population + 10)
            if e.feature_code == "PPLC":
                f["capital"] = 1.0
        if not primary:
            f["alternate_name"] = 1.0
        if e.lat is None:
            f["no_point"] = 1.0
        if m.cue:
            f["cue_match" if k in m.cue else "cue_mismatch"] = 1.0
        if e.country in ctx.focus2:
            f["focus_country"] = 1.0
        f["country_share"] = ctx.counts.get(e.country or "", 0.0) / ctx.total
        if k not in ("continent", "region", "country", "admin1"):
            f["admin1_share"] = ctx.counts.get((e.country, e.admin1), 0.0) / ctx.total1
        if any(_contains(o, e) for o in near):
            f["contained_by_linked"] = 1.0
        elif far.holds_unit_of(e) if isinstance(far, _Far) else any(
                _contains(o, e) and o.kind != "country" for o in far):
            f["contained_by_article_place"] = 1.0
        if any(_contains(e, o) for o in near):     # "Chitral, Pakistan" read backwards: weak
            f["contains_linked"] = 1.0
        if m.qualified and any(_contains(e, o) for o in m.qualified):
            f["contains_preceding"] = 1.0          # "Tacoma, Washington": the state, not the capital
        if any(o.kind == k and o.country == e.country for o in m.siblings):
            f["listed_with_same_kind"] = 1.0       # "Alaska, Hawaii, Florida and Washington": the state
        if e.lat is not None and k in ("city", "spot", "admin2", "admin3") and (
                self.all_features or self.weights.get("near_article_place")):
            best = None     # (a distance to every other place: computed only when it counts)
            for o in far:
                if o.lat is None or o.geonameid == e.geonameid or o.kind in ("continent", "region", "country", "admin1"):
                    continue
                d = _km(e.lat, e.lon, o.lat, o.lon)
                best = d if best is None or d < best else best
            if best is not None:
                f["near_article_place"] = 1.0 / (1.0 + best / 100.0)
        return f

    def _choose(self, m: _Mention, ctx: "_Context", near: list[Entry], far: list[Entry]) -> Optional[Entry]:
        if not m.candidates:
            return None
        w = self.weights
        scored = []
        for e, primary in m.candidates:
            f = self.features(m, e, primary, ctx, near, far)
            s = sum(w.get(k, 0.0) * v for k, v in f.items())
            scored.append((s, -_RANK[e.kind], e))
        scored.sort(key=lambda x: (x[0], x[1]), reverse=True)
        m.margin = scored[0][0] - scored[1][0] if len(scored) > 1 else 10.0
        return scored[0][2]

    def _embedded(self, doc: Any, m: _Mention, ctx: "_Context") -> Optional[Entry]:
        """For a multi-word name the gazetteer lacks: the finest well-known place named inside it
        ("Colorado State University" -> Colorado, "Delhi High Court" -> Delhi, "British Embassy
        Tokyo" -> Tokyo), ranked like any mention. A part counts when it is capitalised, not a stop
        name, and names a country, province or continent, or a town under its main name (one word:
        a city of ``EMBEDDED_CITY_POPULATION`` or more, which institutions are named after; smaller
        one-word towns are mostly surnames and common words: "Wilson", "Rogers", "Bend"), or is a
        demonym ("European Commission")."""
        best: Optional[tuple[tuple[int, int], Entry]] = None
        n = m.j - m.i
        for size in range(n - 1, 0, -1):
            for i in range(m.i, m.j - size + 1):
                span, text = doc[i:i + size], span_text(doc, i, i + size)
                if not (span[0].is_title or span[0].is_upper) or not (span[-1].is_title or span[-1].is_upper) \
                        or text in self.stopnames or len(text) < 2:
                    continue
                sub = _Mention(i, i + size, label="PART")
                if text in self.demonyms:
                    sub.demonym_iso2 = self.demonyms[text]
                elif text in self.unit_demonyms:
                    sub.demonym_unit = self.unit_demonyms[text]
                cands = self._lookup(doc, sub)
                keep = [(e, p) for e, p in cands if e.lat is not None and (
                    e.kind in ("country", "admin1", "continent") or sub.demonym_iso2 or sub.demonym_unit
                    or (e.kind == "city" and p and (size > 1 or e.population >= EMBEDDED_CITY_POPULATION)))]
                if not keep:
                    continue
                sub.candidates = keep
                e = self._choose(sub, ctx, [], [])
                if e is None:
                    continue
                key = (_RANK[e.kind], size)
                if best is None or key > best[0]:
                    best = (key, e)
        return best[1] if best else None

    def _embedded_town(self, doc: Any, m: _Mention, outer: Entry) -> Optional[Entry]:
        """For a multi-word name the gazetteer lacks that the text puts inside ``outer`` ("the Kano State
        Science School in Kano state"): a town of any size under its main name, named by
        the name's first words and inside ``outer`` (Kankara, Katsina); the most populous if several."""
        best: Optional[Entry] = None
        for size in range(m.j - m.i - 1, 0, -1):
            span, text = doc[m.i:m.i + size], span_text(doc, m.i, m.i + size)
            if not (span[0].is_title or span[0].is_upper) or not (span[-1].is_title or span[-1].is_upper) \
                    or text in self.stopnames or len(text) < 2 or text in self.demonyms:
                continue
            for e, primary in self._lookup(doc, _Mention(m.i, m.i + size, label="PART")):
                if primary and e.kind == "city" and e.lat is not None and _contains(outer, e) and (
                        best is None or e.population > best.population):
                    best = e
            if best is not None:
                return best
        return None

    def _container(self, doc: Any, m: _Mention, mentions: list[_Mention]) -> Optional[Entry]:
        """For "the Arundu sector of the Chitral district": the resolved place the name hangs on."""
        anchor = doc[m.cue_token] if m.cue_token is not None else doc[m.i:m.j].root
        sent_end = anchor.sent.end
        best = None
        for o in mentions:
            if o is m or o.best is None or o.role != "literal" or not (m.j <= o.i < min(m.j + 10, sent_end)):
                continue
            between = doc[m.j:o.i]
            if any(t.lower_ in ("of", "in", "near", ",", "within") for t in between) and not any(
                    t.pos_ == "VERB" for t in between):
                if best is None or _RANK[o.best.kind] > _RANK[best.kind]:
                    best = o.best
                break
        return best

    # ------------------------------------------------------------------ output

    def _location(self, text: str, e: Entry) -> Location:
        a1 = self.gaz.unit(e.country, e.admin1) if e.country and e.admin1 and e.kind != "admin1" else None
        a2 = (self.gaz.unit(e.country, e.admin1, e.admin2)
              if e.country and e.admin1 and e.admin2 and e.kind not in ("admin2", "admin3") else None)
        return Location(
            text=text, name=e.name, geonameid=e.geonameid if e.geonameid > 0 else None, lat=e.lat, lon=e.lon,
            country=self.gaz.iso3(e.country),
            admin1=e.name if e.kind == "admin1" else (a1.name if a1 else None),
            admin2=e.name if e.kind in ("admin2", "admin3") else (a2.name if a2 else None),
            precision=_PRECISION[e.kind],  # type: ignore[arg-type]
            coord_source=e.coord_source if e.lat is not None else None)  # type: ignore[arg-type]

    def _to_place(self, doc: Any, m: _Mention) -> Place:
        if m.j <= m.i:
            return Place(0, 0, "", None, m.role)
        span = doc[m.i:m.j]
        text = span_text(doc, m.i, m.j)
        loc = None
        if m.best is not None:
            loc = self._location(text, m.best)
        elif m.container is not None:
            loc = self._location(text, m.container)
            return Place(span.start_char, span.end_char, text, loc, m.role, site=True)
        return Place(span.start_char, span.end_char, text, loc, m.role)

    # ------------------------------------------------------------------ event place helpers

    def _attachment_score(self, doc: Any, p: Place, trigger: Any, statement: bool = False) -> Optional[float]:
        """How strongly place ``p`` is where ``trigger``'s event happened; None excludes it.
        ``statement``: the event is a statement-like one, whose place is never that of another
        event it is about (``OTHER_EVENT_ATTACHMENT``)."""
        span = doc.char_span(p.start, p.end, alignment_mode="expand")
        if span is None:
            return None
        anchor = span.root
        nxt = doc[span.end] if span.end < len(doc) else None
        if nxt is not None and (nxt.lower_ in CUE_KINDS or nxt.lower_ in LOCAL_CUES) and nxt.head.i != anchor.i:
            anchor = nxt
        # "X-based": a home, not the event place.
        if nxt is not None and nxt.text in ("-", "–") and span.end + 1 < len(doc) and doc[span.end + 1].lower_ == "based":
            return None
        if anchor.head.lower_ == "based" or (nxt is not None and nxt.lower_ == "based") \
                or p.text.lower().endswith(("-based", "\u2013based")):
            return None
        if anchor.dep_ == "compound" and anchor.head.lemma_.lower() in EVENT_NOUNS:
            anchor = anchor.head    # "the Mosul operation": the operation's place, attached as the operation is
            compound = True
        else:
            compound = False
        motion = trigger.lemma_.lower() in MOTION_VERBS
        if p.location is not None and p.location.precision == "country" and anchor.dep_ == "pobj" \
                and anchor.head.lower_ in TARGET_PREPS:
            return 3.0 - 0.02 * abs(anchor.i - trigger.i)   # "sanctions on Iran", "pressure on Russia": a target
        # Climb from the place to the trigger; the first preposition met says how it is attached.
        prep = None
        node, steps = anchor, 0
        source = False
        if compound:
            prep = "at"
        # another event's noun on the way up ("the bombing at X", "the X attack"): its place
        other_event = statement and anchor.i != trigger.i and _other_event_noun(anchor)
        top = anchor                # the node right below the trigger on the way up
        outer = None                # a locative preposition met above the first one ("near the entrance to X")
        clause = False              # a relative clause of another act met on the way up
        while node.head.i != node.i and steps < 8:
            if node.dep_ == "pobj" and node.head.pos_ == "ADP" and prep is not None and outer is None \
                    and node.head.lower_ in LOCATIVE_PREPS:
                outer = node.head.lower_
            if node.dep_ == "pobj" and prep is None and node.head.pos_ == "ADP":
                # the agent of a passive ("sentenced by Russia's proxies") is who acted, not where
                prep = "agent" if node.head.dep_ == "agent" else node.head.lower_
                if prep == "over" and node.head.dep_ == "prep" and (
                        node.head.head.lemma_.lower() in TOPIC_NOUNS
                        or (node.head.i > 0 and doc[node.head.i - 1].lemma_.lower() in TOPIC_NOUNS)):
                    return None  # "the conflict over Nagorno-Karabakh", "a dispute over Kashmir": a topic
            if node.dep_ == "poss" and prep is None:
                prep = "poss"
            if node.i != anchor.i and node.pos_ in ("NOUN", "PROPN") and node.lemma_.lower() in SOURCE_NOUNS \
                    and not (node.dep_ == "pobj" and node.head.lower_ in LOCATIVE_PREPS):
                # "a statement from the Foreign Ministry in Abu Dhabi": where the source is (not
                # "protested outside the ministry in Cairo")
                source = True
            top = node
            node = node.head
            steps += 1
            if node.i == trigger.i:
                break
            if statement and _other_event_noun(node):
                other_event = True
            elif node.dep_ == "pobj" and node.head.lower_ in self.sequence_preps and node.i != anchor.i \
                    and _other_event_noun(node):
                # "were halted after a bomb attack on an academy in X": the attack's place
                other_event = True
            if node.pos_ == "VERB" and node.dep_ == "acl" and node.lemma_.lower() in self.naming_verbs \
                    and prep not in (None, "as"):
                # "the city of X (known as Y in Z)": Z is where the name is used ("a village called
                # X", "known as Y" keep their place)
                return None
            if node.pos_ in ("VERB", "AUX") and node.dep_ == "relcl" and node.head.dep_ in ("nsubj", "nsubjpass") \
                    and node.head.head.i == trigger.i and _clause_act(node, self.occurrence_verbs):
                # "the students, who were abducted from a school in X, have been rescued": the place
                # of a relative clause telling another act of the event's subject is that act's
                clause = True
            if prep in ("of", "on") and node.pos_ == "ADP" and node.head.lemma_.lower() in EVENT_NOUNS:
                prep = "at"      # "the siege of Homs", "the attack on Kabul": where that event happened
            elif prep == "of" and node.pos_ == "ADP" and node.head.lower_ in LOCATIVE_PREPS:
                prep = node.head.lower_     # "outside of Hamid Karzai International Airport": outside
            elif prep in ("of", "poss"):
                prep = None      # "sector of the Chitral district": keep climbing for the real preposition
        if node.i == trigger.i and other_event:
            return OTHER_EVENT_ATTACHMENT
        if node.i == trigger.i and clause:
            return 3.0 - 0.02 * abs(anchor.i - trigger.i)
        if node.i == trigger.i and source:
            return 3.0
        if node.i == trigger.i:
            if prep in LOCATIVE_PREPS:
                return 10.0 - 0.2 * steps
            if prep in DESTINATION_PREPS:
                if not motion and outer in ("at", "near", "in", "outside", "inside"):
                    return 9.0 - 0.2 * steps    # "demonstrated near the entrance to Heathrow"
                return (10.5 if motion else 4.0) - 0.2 * steps
            if prep in ORIGIN_PREPS:
                if trigger.lemma_.lower() in self.taking_verbs:
                    return 10.0 - 0.2 * steps     # "abducted from a school in X": taken where they were
                if trigger.lemma_.lower() in self.leaving_verbs:
                    return LEFT_PLACE_ATTACHMENT  # "withdrew its troops from X": where they left
                return 1.0 if motion else 5.0
            if prep is None and anchor.dep_ in ("dobj", "obj", "npadvmod", "attr") and anchor.head.i == trigger.i:
                return 8.0
            if prep is None and anchor.dep_ == "nsubjpass" and anchor.head.i == trigger.i \
                    and trigger.lemma_.lower() in TAKE_VERBS:
                return 8.0       # "Gibraltar was captured", "the Gulf of Aden is patrolled"
            if prep is None and top.dep_ in ("dobj", "obj", "nsubjpass") and top.i != anchor.i:
                # "patrolled the streets of X", "captured the town of X", "captured much of X",
                # "patrolled X's oil installations": the object is (part of) the place
                return (8.0 if top.lemma_.lower() in PLACE_HEADS else 6.5) - 0.2 * steps
            return 5.0 - 0.2 * steps
        # The trigger hangs below the place's verb ("In Kabul, police said they arrested ...").
        anc = {t.i for t in trigger.ancestors}
        host = anchor
        below = anchor             # the node right below the host verb on the way up
        while host.head.i != host.i and host.pos_ not in ("VERB", "AUX"):
            below = host
            host = host.head
        if host.i in anc:
            if prep in LOCATIVE_PREPS and trigger.dep_ in ("nsubj", "nsubjpass") and trigger.head.i == host.i \
                    and host.lemma_.lower() in self.occurrence_verbs and not statement:
                return 10.0 - 0.2 * steps      # "rallies began in X": the rallies' place
            if statement and _framed_by(host, trigger):
                # "The convoy's arrival in X came a week after the two sides agreed": the place of the
                # clause the statement only dates is not where the statement was made
                return OTHER_EVENT_ATTACHMENT
            if trigger.pos_ in ("NOUN", "PROPN") and _described_participant(host, trigger) \
                    and not _child_toward(host, trigger).is_ancestor(anchor):
                # "protesters angered by the agreement stormed the building in X": the trigger only
                # describes a participant of the place's act, it is not where the trigger's event was
                return 3.0 - 0.02 * abs(anchor.i - trigger.i)
            if below.i != anchor.i and below.dep_ in ("nsubj", "nsubjpass") and host.lemma_.lower() in SPEECH_VERBS:
                return 2.0       # "the police spokesman in Katsina confirmed the attack": where the speaker is
            if anchor.i > host.i and host.lemma_.lower() in SPEECH_VERBS and _reported_by(host, trigger):
                # "the minister told reporters in Geneva that the truce under Qatar's mediation held":
                # where the words were said, not where what they report happened ("In Kabul, police
                # said they arrested ...", the place set before the speech, stays the event's)
                return OTHER_EVENT_ATTACHMENT
            return 6.0 if prep in LOCATIVE_PREPS or prep is None else 2.0
        if host.pos_ in ("VERB", "AUX") and host.dep_ in ("acl", "relcl") and host.i != trigger.i \
                and not trigger.is_ancestor(host):
            # "raids across the region, with four more detained in Poland": the place of a clause
            # that describes another participant belongs to that clause's act, not to this event
            return 3.0 - 0.02 * abs(anchor.i - trigger.i)
        if prep in LOCATIVE_PREPS and prep not in ("over", "by", "between", "among", "through", "across"):
            # "killed ... near his home in central Moscow", "at the ICRC offices in Baghdad": the
            # place's own preposition says where, though it hangs on a noun, not on the trigger
            return LOOSE_LOCATIVE - 0.02 * abs(anchor.i - trigger.i)
        return 3.0 - 0.02 * abs(anchor.i - trigger.i)

    def _within(self, doc: Any, p: Place, q: Place) -> bool:
        """Whether the text puts place ``p`` inside ``q`` close by: "Al-Bayaa in western Baghdad",
        "the Baghdad neighbourhood of Al-Bayaa", "Baghdad's district of Saiydiah", "Todee, Liberia"
        (no verb and no direction word between them; a resolved ``p`` must lie in ``q``'s country,
        and in ``q``'s province when ``q`` is one)."""
        if q.location is None:
            return False
        gap = p.start - q.end if q.end <= p.start else q.start - p.end
        if gap < 0 or gap > 40:
            return False
        a, b = (q, p) if q.end <= p.start else (p, q)
        between = doc.char_span(a.end, b.start, alignment_mode="expand")
        if between is None or any(t.pos_ in ("VERB", "AUX") or t.lower_ in DIRECTION_WORDS or t.lower_ in ("and", "or", "to", "from")
                                  for t in between):
            return False
        if p.site and p.location is not None and not q.site and p.location.geonameid is not None \
                and p.location.geonameid == q.location.geonameid:
            return True             # "Hamid Karzai International Airport in Kabul": the site, placed at Kabul
        if p.location is not None:
            if _precision_rank(p.location) <= _precision_rank(q.location):
                return False
            if p.location.country != q.location.country or (
                    q.location.precision == "province" and p.location.admin1 != q.location.name):
                return False
        return True

    def _qualifies(self, doc: Any, q: Place, p: Place) -> bool:
        """Whether ``q`` just names the unit around a finer place ``p`` close by ("Pakistan's Chitral")."""
        if q.location is None or p.location is None or q.location.geonameid == p.location.geonameid:
            return False
        gap = p.start - q.end if q.end <= p.start else q.start - p.end
        if gap < 0 or gap > 40:
            return False
        return self._encloses(q, p)

    @staticmethod
    def _encloses(q: Place, p: Place) -> bool:
        """Whether ``q`` is a country or province that contains the finer place ``p``."""
        if q.location is None or p.location is None or q.location.geonameid == p.location.geonameid:
            return False
        qk, pk = _precision_rank(q.location), _precision_rank(p.location)
        if qk >= pk:
            return False
        if q.location.country != p.location.country:
            return False
        if q.location.precision == "province" and p.location.admin1 != q.location.name:
            return False
        if q.location.precision == "district" and p.location.admin2 != q.location.name:
            return False     # "Taji, just north of Baghdad": Taji District does not hold Baghdad
        return True


_DATELINE_AFTER = re.compile(
    r"(?:\s*,\s*(?:[A-Z][A-Za-z.]*\s*){0,3})?"            # ", Pakistan" / ", Calif."
    r"(?:\s*,?\s*(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:,?\s+\d{4})?)?"
    r"\s*(?:\((?:[A-Z][\w .&-]{1,30})\)\s*)?(?:--|-|\u2013|\u2014|:|_)\s")


def names_site(loc: Location) -> bool:
    """Whether a place is a named site placed at the unit around it ("Hamid Karzai International
    Airport" at Kabul): its text, not the unit's name, ends in a site word (facility_heads.txt)."""
    words = (loc.text or "").split()
    return bool(words) and loc.text != loc.name and words[-1].lower().rstrip(".") in _facility_heads()


@lru_cache(maxsize=1)
def _facility_heads() -> frozenset[str]:
    return frozenset(w.lower() for w in _word_list("facility_heads.txt"))


def is_dateline(text: str, start: int, end: int) -> bool:
    """Whether the place at ``[start, end)`` opens a paragraph as a wire dateline: "KABUL, July 26
    (Reuters) - ...", "PESHAWAR: ...", "Chitral, Pakistan -- ...".

    >>> is_dateline("KABUL, July 26 (Reuters) - Taliban fighters attacked.", 0, 5)
    True
    >>> is_dateline("Kabul is the capital.", 0, 5)
    False
    """
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip(" \t*_\"'(") != "":
        return False
    return _DATELINE_AFTER.match(text, end) is not None


_LINK_AFTER = {",", "(", "in", "of", "the", "-"}
_POSSESSIVE = {"'s", "\u2019s", "'"}


def _linked(doc: Any, m: _Mention, o: _Mention) -> bool:
    """Whether the text ties mention ``m`` to a place ``o`` that may contain it: "Paris, Texas",
    "Chitral (Pakistan)", "Chitral district of Khyber Pakhtunkhwa", "Pakistan's Chitral". Mere
    nearness ("US-China talks", "Moscow and Washington") is not a tie."""
    if o.i >= m.j:
        between = doc[m.j:o.i]
        if len(between) == 0 or len(between) > 4:
            return False
        return any(t.lower_ in (",", "(", "in", "of") for t in between) and all(
            t.lower_ in _LINK_AFTER or t.lower_ in CUE_KINDS or t.lower_ in LOCAL_CUES for t in between)
    if o.j <= m.i:
        between = doc[o.j:m.i]
        return 1 <= len(between) <= 3 and between[0].lower_ in _POSSESSIVE and all(
            t.pos_ == "ADJ" for t in between[1:])
    return False


_LIST_WORDS = {",", "and", "or", "&", "/"}


def _listed(doc: Any, m: _Mention, o: _Mention) -> bool:
    """Whether places ``m`` and ``o`` stand in one list, i.e. only commas, "and", "or" lie
    between them ("California or Washington", "Alaska, Hawaii, Florida and Washington")."""
    a, b = (m, o) if m.j <= o.i else (o, m)
    between = doc[a.j:b.i]
    return 1 <= len(between) <= 2 and all(t.lower_ in _LIST_WORDS for t in between) and not (
        len(between) == 1 and between[0].text == "," and _is_qualifier(a, b))


def _is_qualifier(a: _Mention, b: _Mention) -> bool:
    """"Paris, Texas": a comma alone before a unit that may contain the first place is a qualifier,
    not a list: one of the second name's places contains one of the first's."""
    return any(_contains(y, x) for x, _ in a.candidates for y, _ in b.candidates)


def _in_clause(doc: Any, p: Place, trigger: Any) -> bool:
    """Whether place ``p`` hangs below ``trigger`` with no other verb between them (the trigger's
    own clause: "took the ministry in Colombo", not "was flown to a clinic in Tampere")."""
    span = doc.char_span(p.start, p.end, alignment_mode="expand")
    if span is None:
        return False
    node = span.root
    for _ in range(12):
        if node.i == trigger.i:
            return True
        if node.pos_ in ("VERB", "AUX") or node.head.i == node.i:
            return False
        node = node.head
    return False


def _governed(doc: Any, m: _Mention) -> bool:
    """Whether mention ``m`` (or the list item it is conjoined to) is the object of a preposition."""
    node = doc[m.i:m.j].root
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head
    return node.dep_ == "pobj"


def _child_toward(host: Any, trigger: Any) -> Optional[Any]:
    """The child of ``host`` on the path up from ``trigger`` (None when ``host`` does not govern it)."""
    node = trigger
    while node.head.i != node.i and node.head.i != host.i:
        node = node.head
    return node if node.head.i == host.i and node.i != host.i else None


def _reported_by(host: Any, trigger: Any) -> bool:
    """Whether ``trigger`` lies in the reported clause (``ccomp``) of speech verb ``host``."""
    node = _child_toward(host, trigger)
    return node is not None and node.dep_ == "ccomp"


def _described_participant(host: Any, trigger: Any) -> bool:
    """Whether ``trigger`` lies in a clause that describes a participant of verb ``host`` (its
    subject or object, "protesters angered by the deal", "families who fled the attack"), not being
    that participant itself nor that clause's own verb ("a soldier shot in the leg was evacuated near
    X": where he was shot). (Its caller takes only a noun trigger and a place outside that
    participant's phrase: on Halterman's sentences verb triggers in such clauses, often misparsed
    "..., killing six", lost more places than they gained.)"""
    node = _child_toward(host, trigger)
    if node is None or node.i == trigger.i or node.dep_ not in ("nsubj", "nsubjpass", "dobj"):
        return False
    x = trigger.head      # the clause below a participant, not the trigger's own ("a soldier shot in X")
    while x.i != node.i:
        if x.dep_ in ("acl", "relcl") and x.pos_ in ("VERB", "AUX"):
            return True
        x = x.head
    return False


def _framed_by(host: Any, trigger: Any) -> bool:
    """Whether ``trigger`` lies in an adverbial clause of verb ``host`` that only dates or explains
    it ("came a week after they agreed", "since they signed"), not in one of its conjuncts or
    complements ("met and agreed", "said they agreed")."""
    node = _child_toward(host, trigger)
    if node is None or node.dep_ != "advcl":
        return False
    return any(c.dep_ in ("mark", "advmod") and c.lower_ in _FRAMING_MARKS for c in node.children)


def _precision_rank(loc: Location) -> int:
    return {"region": -1, "country": 0, "province": 1, "district": 2, "town": 4, "exact": 5}.get(loc.precision or "", 6)


def _kind_of(p: Place) -> str:
    if p.location is None:
        return "spot"
    return {"region": "region", "country": "country", "province": "admin1", "district": "admin2", "town": "city",
            "exact": "spot"}.get(p.location.precision or "", "spot")
