"""Cross-outlet deduplication: events that report the same real-world incident form a CLUSTER.

This module holds the evidence, the score and the merged record, with no database: the typed
records :class:`ClusterRep` (what is compared) and :class:`Cluster` (a merged record), and pure
functions over them. The store's :mod:`wirecoder.store.clusters` runs them incrementally.

Clustering is incremental. Each new event is compared only with the clusters in its *block*
(same or compatible event type, same modality, overlapping date window) and joins the best one
scoring at least :func:`threshold`, else starts a new cluster; the store is never re-clustered.
Two events of one article never join one cluster: the assembly stage already put every mention of
one event into one record. Nor do two reports that name their parties the other way round (one's
doer is the other's recipient, and their doers differ: :func:`roles_swapped`), nor an undated
report of an article without a publication date and one whose dates end before that article's
latest dated event (:func:`ends_before`), nor an undated report whose words date it to a day of the
year (a month and day with no year: its article has no publication date) more than the slack from
the other's (:func:`month_days_apart`). An article's events are placed together, best (event, cluster) pair
first, so one does not take the cluster a sibling matches better.

The score (:func:`match_score`) is the fitted model's (``data/dedupe_model.json``, see
:func:`load_model` and :mod:`wirecoder.eval.fit_dedupe`): the probability that two reports are one
event, from the evidence of :func:`pair_features`, averaged over the cluster's first
:data:`MAX_MEMBER_FEATURES` members (average link). Without a model file, the hand-weighted rule
below scores the event against the cluster's merged representation.

Hand rule: score of an event against a cluster = weighted mean of six parts in [0, 1] (unknown = 0.5):

=========  ======  =====================================================================
part       weight  rule
=========  ======  =====================================================================
date       0.10    same day 1.0, one day apart 0.7, two 0.4; a coarse date (week or wider) 0.5;
                   windows more than 2 days apart -> VETO
place      0.10    haversine distance: <= 25 km 1.0, decaying (e-fold 75 km); > 250 km, or
                   different countries -> VETO; province/country precision: same admin area 0.6
actors     0.10    each actor (country, sector, name) of the smaller side matched to its best
                   counterpart: same name or same country+sector 1.0, same country 0.6/0.3
text       0.10    cosine of static embeddings (``tokenlearn-static-model``) of the trigger's
                   window (+-8 words), mapped (cos - 0.3) / 0.5 into [0, 1]
tokens     0.25    weighted Dice overlap of content-word stems (names and numbers x3) with the
                   best-matching of the cluster's first 16 members, / 0.4, capped at 1
trigger    0.35    1 when the trigger stems meet any member's, else 0
=========  ======  =====================================================================

Threshold 0.66; weights and threshold chosen by 2-fold cross-validation over ECB+ topics
(``python -m wirecoder.eval.dedupe``). Compatible (not identical) types multiply the score by 0.85. The merged record of a cluster
(:func:`merge`) takes the most precise date and place, the largest reliable count (reported by
two or more articles if any, else the largest) with its qualifier and every count reported
(``counts``: the spread), the most specific member's sentence, the union of actors, every
member article with its url and outlet (``reports``), and counts ``num_events``,
``num_articles`` and ``num_sources`` (distinct outlets).
"""
from __future__ import annotations

import math
import re
import sys
from collections import Counter
from datetime import date, timedelta
from dataclasses import dataclass, field, fields
from functools import lru_cache
from datetime import datetime
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional, Sequence

import numpy as np

from wirecoder.assemble import default_assembly_cues
from wirecoder.datafiles import default_stopwords
from wirecoder.records import EventDate

# Chosen by 2-fold cross-validation over ECB+ topics (python -m wirecoder.eval.dedupe): the
# setting one fold picked; held-out B3 F1 0.712 (gold view) against 0.653 for the old rule
# (date .20, place .25, actors .25, sentence text .30, threshold 0.58).
THRESHOLD = 0.66
WEIGHTS = {"date": 0.10, "place": 0.10, "actors": 0.10, "text": 0.10, "tokens": 0.25, "trigger": 0.35}
TOKEN_SCALE = 0.4         # a weighted content-word overlap of 0.4 or more counts as full agreement
SLACK_DAYS = 2            # events whose date windows are further apart never meet
PUBLICATION_LAG_DAYS = 3  # an event dated only by its article happened up to 3 days before
FAR_KM = 250.0
NEAR_KM = 25.0
ROLE_VETO = True          # two reports naming their parties the other way round never meet, nor does a
                          # report join a cluster any member of which names them so (roles_swapped)
MONTH_DAY_VETO = True     # an undated report dated by its words to another day of the year than the other
                          # side's day never meets it (month_days_apart)
COUNTS_FAR = 0.5          # people counts whose best ratio is below this are "far apart" (counts_far)
COMPATIBLE_PENALTY = 0.85
MAX_TEXT_MEMBERS = 32     # member sentences embedded for a cluster's centroid
SLACK = timedelta(days=SLACK_DAYS)  # the same as a timedelta

# Event types that different outlets (or our extractor) code interchangeably for one incident.
COMPATIBLE: dict[str, set[str]] = {
    "ASSAULT": {"COERCE", "PROTEST"},
    "COERCE": {"ASSAULT", "SANCTION", "RETREAT"},
    "SANCTION": {"COERCE"},
    "AID": {"COOPERATE", "SUPPORT", "RETREAT"},
    "COOPERATE": {"AID", "AGREE", "RETREAT"},
    "SUPPORT": {"AID", "AGREE"},
    "AGREE": {"COOPERATE", "SUPPORT", "CONSULT"},
    "RETREAT": {"CONCEDE", "COOPERATE", "COERCE", "AID"},
    "CONCEDE": {"RETREAT"},
    "ACCUSE": {"THREATEN"},
    "THREATEN": {"ACCUSE"},
    "REQUEST": {"CONSULT"},
    "CONSULT": {"REQUEST", "AGREE"},
    "PROTEST": {"ASSAULT"},
}

DATE_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, "publication": 4}
PLACE_RANK = {"exact": 0, "town": 1, "district": 2, "province": 3, "country": 4, "region": 5}
QUAL_RANK = {"exact": 0, "at_least": 1, "more_than": 1, "about": 2, "at_most": 3, "less_than": 3}




# -- typed records ---------------------------------------------------------------------------

Day = date  # (the Cluster record has a field named ``date``)
LexFeatures = tuple[frozenset[str], dict[str, float]]  # (trigger stems, content tokens) of a member
# a cluster's members' ``date_lo`` in the store: (earliest, latest, whether any member has none);
# the store reads members within it (wirecoder.store.clusters.read_members)
Span = tuple[Optional[date], Optional[date], bool]


class FieldAccess:
    """Read access by field name (``rep["event_type"]``, ``rec.get("lat")``) for callers that
    used to receive plain dicts; the fields themselves are typed attributes."""

    __slots__ = ()

    def __getitem__(self, key: str) -> Any:
        try:
            return getattr(self, key)
        except AttributeError:
            raise KeyError(key) from None

    def get(self, key: str, default: Any = None) -> Any:
        return getattr(self, key, default)


# the fields of a ClusterRep that describe the cluster (the rest is the index's bookkeeping)
REP_FIELDS = ("cluster_id", "event_type", "modality", "date_lo", "date_hi", "lat", "lon", "country",
              "admin1", "precision", "place", "actor_keys", "vec", "n", "countries", "incident_id")


@dataclass(eq=False, slots=True)  # slots: an index holds ~160k of them
class ClusterRep(FieldAccess):
    """What :func:`score` compares and the cluster index files: one event (``n == 1``, from
    :func:`event_rep`) or one cluster (from :meth:`of_cluster` or grown by :func:`absorb`).

    Compared by identity (two reps are the same only if they are the same object).
    """

    event_type: str
    modality: Optional[str]
    date_lo: Optional[date] = None
    date_hi: Optional[date] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    country: Optional[str] = None
    admin1: Optional[str] = None
    precision: Optional[str] = None
    place: Optional[str] = None       # the place's name as resolved (location.name)
    actor_keys: list[str] = field(default_factory=list)
    vec: Any = None                   # unit static embedding (np.ndarray) or MinHash signature
    n: int = 1                        # member events
    cluster_id: Optional[str] = None
    article_id: Optional[str] = None  # an event's article (undated events meet only their own)
    countries: list[str] = field(default_factory=list)
    incident_id: Optional[str] = None
    lex: list[LexFeatures] = field(default_factory=list)  # first MAX_MEMBER_FEATURES members'
    counts: list[int] = field(default_factory=list)       # people counts its members report
    modes: list[str] = field(default_factory=list)        # PLOVER modes its members report
    members: list["ClusterRep"] = field(default_factory=list, repr=False)  # first MAX_MEMBER_FEATURES
                                                          # members' own reps (average link)
    articles: set[str] = field(default_factory=set)       # its members' articles (as far as known)
    doers: tuple[str, ...] = ()       # an event's actors' and recipients' keys apart (who did it to
    targets: tuple[str, ...] = ()     # whom: roles_swapped); empty for a cluster (its members have them)
    not_before: Optional[date] = None  # an event without any date (no publication date either): the
                                      # start of the latest date its article tells (article_bound)
    month_days: frozenset[tuple[int, int]] = frozenset()  # an event without any date: the (month,
                                      # day) its mentions date it to, with no year ("on November 21")
    # bookkeeping, never stored: the index keys it is filed under, whether it was dropped from
    # the store, whether assign() created it in the current batch, its parsed actors (incidents)
    filed: set[tuple[Any, ...]] = field(default_factory=set, repr=False)
    dead: bool = False
    created: bool = False
    actor_sets: Optional[tuple[Any, Any]] = field(default=None, repr=False)
    vague: Optional[tuple[date, date]] = field(default=None, repr=False)  # the window of a vaguely
                                                          # dated event or cluster ("in 2018"), whose date is not compared
    span: Optional[Span] = field(default=None, repr=False)  # a cluster's members' dates in the store
                                                          # (:data:`Span`), or a wider span; None: not known

    @classmethod
    def coerce(cls, x: "ClusterRep | Mapping[str, Any]") -> "ClusterRep":
        """``x`` itself, or a rep built from a mapping of the same field names (``lex`` may be
        given as ``_lex``, the name older callers used)."""
        if isinstance(x, ClusterRep):
            return x
        kw = {k: x[k] for k in REP_FIELDS if k in x and x[k] is not None}
        kw.setdefault("modality", None)
        lex = x.get("lex", x.get("_lex"))
        art = x.get("article_id")
        return cls(**kw, article_id=art, lex=list(lex or []), counts=list(x.get("counts") or []),
                   modes=list(x.get("modes") or []), articles=set(x.get("articles") or ([art] if art else [])),
                   doers=tuple(x.get("doers") or ()), targets=tuple(x.get("targets") or ()))

    @classmethod
    def of_cluster(cls, rec: "Cluster", similarity: str = "static", with_vec: bool = True) -> "ClusterRep":
        """The representation of a merged cluster record (its member features -- lexical
        features, counts, modes -- not included: the index reads them from the members; its
        text vector only ``with_vec``)."""
        loc = rec.location or {}
        return cls(cluster_id=rec.cluster_id, event_type=rec.event_type, modality=rec.modality,
                   date_lo=rec.date_lo, date_hi=rec.date_hi, lat=rec.lat, lon=rec.lon, country=rec.country,
                   admin1=loc.get("admin1"), precision=loc.get("precision"), place=loc.get("name"),
                   actor_keys=list(rec.actor_keys or []), vec=as_vec(rec.vec, similarity) if with_vec else None,
                   n=rec.num_events or 0, countries=list(rec.countries or []), incident_id=rec.incident_id)

    def update_from(self, other: "ClusterRep") -> None:
        """Take ``other``'s description of the cluster (:data:`REP_FIELDS`; its member features
        too when it has some), keeping this object's index bookkeeping."""
        for k in REP_FIELDS:
            setattr(self, k, getattr(other, k))
        if other.lex:
            self.lex = other.lex
        if other.counts:
            self.counts = other.counts
        if other.modes:
            self.modes = other.modes


@dataclass(eq=False)
class Cluster(FieldAccess):
    """The merged record of one cluster: one row of the store's ``clusters`` table (the fields
    are its columns, in order). :func:`merge` fills the record; the store adds the id, the
    text vector, the incident and the time."""

    cluster_id: Optional[str] = None
    event_type: Optional[str] = None
    mode: Optional[str] = None
    modality: Optional[str] = None
    date: Optional[dict[str, Any]] = None
    date_lo: Optional[Day] = None
    date_hi: Optional[Day] = None
    location: Optional[dict[str, Any]] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    country: Optional[str] = None
    size: Optional[dict[str, Any]] = None
    actor: list[dict[str, Any]] = field(default_factory=list)
    recipient: list[dict[str, Any]] = field(default_factory=list)
    actor_keys: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    sentence: Optional[str] = None
    vec: Optional[list[float]] = None
    confidence: Optional[float] = None
    acled_type: Optional[str] = None
    acled_subtype: Optional[str] = None
    num_events: int = 0
    num_articles: int = 0
    num_sources: int = 0
    sources: list[str] = field(default_factory=list)
    first_published: Optional[str] = None
    last_published: Optional[str] = None
    incident_id: Optional[str] = None
    updated_at: Optional[datetime] = None
    reports: list[dict[str, Any]] = field(default_factory=list)
    counts: list[dict[str, Any]] = field(default_factory=list)

    def row(self) -> dict[str, Any]:
        """The ``clusters`` row (column -> value)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


def as_vec(v: Any, similarity: str) -> Any:
    """A stored text vector as the scorer wants it: a unit float32 array (static embeddings) or
    the MinHash signature as a list; None when empty."""
    if v is None or len(v) == 0:
        return None
    if similarity == "minhash":
        return list(v)
    a = np.asarray(v, dtype=np.float32)
    n = float(np.linalg.norm(a))
    return a / n if n else a


# -- dates -----------------------------------------------------------------------------------

def date_range(d: Optional[EventDate | dict[str, Any]], published: Optional[str]) -> tuple[Optional[date], Optional[date]]:
    """The calendar interval an event date stands for.

    ``day`` -> that day; ``week`` -> its Monday..Sunday; ``month``/``year`` -> the whole period;
    ``publication`` (or no date) -> the three days before publication up to publication.
    >>> date_range(EventDate("2021-07", "month"), None)
    (datetime.date(2021, 7, 1), datetime.date(2021, 7, 31))
    """
    if d is not None:
        value = d["value"] if isinstance(d, dict) else d.value
        prec = d["precision"] if isinstance(d, dict) else d.precision
        try:
            if prec == "year" or len(value) == 4:
                y = int(value[:4])
                return date(y, 1, 1), date(y, 12, 31)
            if prec == "month" or len(value) == 7:
                y, m = int(value[:4]), int(value[5:7])
                nxt = date(y + (m == 12), m % 12 + 1, 1)
                return date(y, m, 1), nxt - timedelta(days=1)
            day = date.fromisoformat(value[:10])
            if prec == "week":
                return day, day + timedelta(days=6)
            if prec == "publication":
                return day - timedelta(days=PUBLICATION_LAG_DAYS), day
            return day, day
        except (ValueError, TypeError):
            pass
    if published:
        try:
            day = date.fromisoformat(published[:10])
            return day - timedelta(days=PUBLICATION_LAG_DAYS), day
        except ValueError:
            return None, None
    return None, None


# -- similarity ------------------------------------------------------------------------------

def embed(sentences: Sequence[str], similarity: str = "static") -> list[list[float]]:
    """Vectors for ``sentences``: unit static embeddings, or MinHash signatures (``"minhash"``)."""
    if not sentences:
        return []
    if similarity == "minhash":
        return [_minhash(s) for s in sentences]
    from static_model import get_embeddings
    return [list(v) for v in get_embeddings(list(sentences))]


def text_similarity(a: Sequence[float], b: Sequence[float], similarity: str = "static") -> float:
    """Raw similarity of two vectors from :func:`embed` (cosine, or estimated Jaccard)."""
    if not has_vec(a) or not has_vec(b):
        return 0.0
    if similarity == "minhash":
        return sum(1 for x, y in zip(a, b) if x == y) / len(a)
    va, vb = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if similarity == "minhash":
        return float(np.count_nonzero(va == vb)) / len(va)
    return float(va @ vb) / (float(np.linalg.norm(va) * np.linalg.norm(vb)) or 1.0)


def _norm(v: Sequence[float]) -> float:
    return math.sqrt(sum(x * x for x in v))


_WORD = re.compile(r"\w+")


def _minhash(sentence: str, num_perm: int = 64) -> list[float]:
    from datasketch import MinHash
    words = [w.lower() for w in _WORD.findall(sentence)]
    shingles = {" ".join(words[i:i + 3]) for i in range(max(1, len(words) - 2))}
    m = MinHash(num_perm=num_perm, seed=1)
    m.update_batch([s.encode("utf-8") for s in shingles])
    return [float(x) for x in m.hashvalues]


def _text_part(sim: float, similarity: str) -> float:
    if similarity == "minhash":
        return min(1.0, sim / 0.3)
    return max(0.0, min(1.0, (sim - 0.3) / 0.5))


# -- lexical signals -------------------------------------------------------------------------
# Cheap, model-free features of one event's sentence, compared per candidate pair: the stems of
# the trigger (same predicate: "shooting"/"shot" no, "killed"/"killing" yes), and a weighted
# bag of the sentence's content words (capitalised words and numbers -- names, places, counts
# -- count 3x a common content word, so two sentences sharing "Kenya" and "58" agree more than
# two sharing "said" and "people").

_WORDS = default_stopwords()           # data/stopwords.yaml
_STOP: frozenset[str] = _WORDS["dedupe_stop"]
_NUMBER_WORDS: dict[str, str] = _WORDS["dedupe_numbers"]
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'\-]*|\d[\d,.]*")
NAME_WEIGHT = 3.0         # capitalised (not sentence-initial) words and numbers
MAX_MEMBER_FEATURES = 16  # members whose lexical features a cluster keeps (best-link comparison)


def stem(word: str) -> str:
    """A light suffix-stripping stem: ``killed``/``killing``/``kills`` -> ``kill``.

    >>> stem("shootings"), stem("arrested"), stem("stopped"), stem("quake")
    ('shoot', 'arrest', 'stop', 'quak')
    """
    w = word.lower().strip("'-")
    for suf in ("ings", "ing", "ied", "ies", "ed", "es", "s"):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            w = w[: -len(suf)] + ("i" if suf in ("ied", "ies") else "")
            break
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]
    return w


def trigger_stems(trigger: Optional[str]) -> frozenset[str]:
    """Stems of the trigger's content words (all its words when they are all stop words)."""
    words = [w for w in _TOKEN.findall(trigger or "") if not w[0].isdigit()]
    content = [w for w in words if w.lower() not in _STOP] or words
    return frozenset(sys.intern(stem(w)) for w in content)


def content_tokens(sentence: Optional[str]) -> dict[str, float]:
    """Content-word stems of ``sentence`` with weights: names and numbers :data:`NAME_WEIGHT`,
    other words of 3+ letters 1; stop words dropped.

    >>> sorted(content_tokens("Police said 12 people died in Nairobi on Monday.").items())
    [('12', 3.0), ('died', 1.0), ('nairobi', 3.0), ('polic', 1.0)]
    """
    out: dict[str, float] = {}
    for i, m in enumerate(_TOKEN.finditer(sentence or "")):
        w = m.group(0)
        if w[0].isdigit():
            key, weight = w.replace(",", "").rstrip("."), NAME_WEIGHT
        else:
            low = w.lower()
            if low in _NUMBER_WORDS:
                key, weight = _NUMBER_WORDS[low], NAME_WEIGHT
            elif low in _STOP or len(low) < 3:
                continue
            else:
                key = stem(low)
                weight = NAME_WEIGHT if (w[0].isupper() and i > 0) else 1.0
        if weight > out.get(key, 0.0):
            out[sys.intern(key)] = weight  # one copy of each word across the index's members
    return out


def token_overlap(a: dict[str, float], b: dict[str, float]) -> float:
    """Weighted Dice overlap of two :func:`content_tokens` bags (0..1)."""
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    shared = sum(min(w, b[k]) for k, w in a.items() if k in b)
    return 2.0 * shared / (sum(a.values()) + sum(b.values()))


MAX_MENTION_FEATURES = 4  # an article-level event's other mentions whose features it keeps
LEX_CACHE = 8192          # sentences whose lexical features are kept (lexical_features)


def event_lex(sentence: Optional[str], trigger: Optional[str],
              mentions: Optional[Sequence[Mapping[str, Any]]] = None) -> list["LexFeatures"]:
    """The lexical features of an event: its own sentence's, then those of up to
    :data:`MAX_MENTION_FEATURES` other mentions that report it (not the ones that only set its
    time or place), so reports worded like any of its sentences meet it."""
    out = [lexical_features(sentence, trigger)]
    for m in mentions or ():
        if len(out) > MAX_MENTION_FEATURES:
            break
        if (m.get("role") or "event") != "event":
            continue
        f = lexical_features(m.get("sentence"), m.get("trigger"))
        if f not in out:
            out.append(f)
    return out


@lru_cache(maxsize=LEX_CACHE)
def lexical_features(sentence: Optional[str], trigger: Optional[str]) -> tuple[frozenset[str], dict[str, float]]:
    """The (trigger stems, content tokens) pair a cluster keeps per member. Cached (the last
    :data:`LEX_CACHE` sentences): a loaded cluster's members are read again whenever an undated
    report looks at it or its week is reloaded. The returned bag is shared: never mutate it."""
    return trigger_stems(trigger), content_tokens(sentence)


CLAUSE_WORDS = 8  # words either side of the trigger that :func:`trigger_window` keeps


def trigger_window(sentence: Optional[str], trigger: Optional[str], words: int = CLAUSE_WORDS) -> str:
    """The trigger with up to ``words`` words either side: a cheap stand-in for its clause, so
    a long sentence reporting several events is not embedded as one. The whole sentence when
    the trigger is not found in it.

    >>> trigger_window("a b c d e killed f g h i j", "killed", 2)
    'd e killed f g'
    """
    sentence = sentence or ""
    if not trigger:
        return sentence
    i = sentence.find(trigger)
    if i < 0:
        i = sentence.lower().find(trigger.lower())
    if i < 0:
        return sentence
    before = sentence[:i].split()
    after = sentence[i + len(trigger):].split()
    return " ".join(before[-words:] + [trigger] + after[:words]) if words else trigger



# -- scoring ---------------------------------------------------------------------------------

def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def types_compatible(a: str, b: str) -> bool:
    return a == b or b in COMPATIBLE.get(a, ())


def actor_key(a: dict[str, Any]) -> str:
    name = (a.get("name") or "").strip().lower()
    return sys.intern(f"{a.get('country') or ''}|{a.get('sector') or ''}|{name}")


def actor_pair(a: str, b: str) -> float:
    """Agreement of two :func:`actor_key` strings: same name or same country and sector 1.0,
    same country with an unknown / another sector 0.6 / 0.3, same sector without countries 0.5."""
    ca, sa, na = a.split("|", 2)
    cb, sb, nb = b.split("|", 2)
    if na and na == nb:
        return 1.0
    if ca and ca == cb:
        if sa and sa == sb:
            return 1.0
        if not sa or not sb:
            return 0.6
        return 0.3
    if not ca and not cb and sa and sa == sb:
        return 0.5
    return 0.0


def actor_score(a: Iterable[str], b: Iterable[str]) -> Optional[float]:
    """Mean best match of the smaller actor set in the larger; None when a side has no actors."""
    a, b = list(set(a)), list(set(b))
    if not a or not b:
        return None
    small, big = (a, b) if len(a) <= len(b) else (b, a)
    return sum(max(actor_pair(x, y) for y in big) for x in small) / len(small)


def place_score(a: ClusterRep, b: ClusterRep) -> Optional[float]:
    """Place agreement in [0, 1], 0 meaning "certainly different places"; None when unknown."""
    ca, cb = a.country, b.country
    if ca and cb and ca != cb:
        return 0.0
    pa_, pb = PLACE_RANK.get(a.precision or "", 2), PLACE_RANK.get(b.precision or "", 2)
    coarse = max(pa_, pb) >= 3
    if a.lat is not None and b.lat is not None and not coarse:
        d = haversine_km(a.lat, a.lon, b.lat, b.lon)  # type: ignore[arg-type]
        if d > FAR_KM:
            return 0.0
        return 1.0 if d <= NEAR_KM else math.exp(-(d - NEAR_KM) / 75.0)
    if coarse and ca and cb:
        if max(pa_, pb) == 3 and a.admin1 and b.admin1 and a.admin1 != b.admin1:
            if a.lat is not None and b.lat is not None and \
                    haversine_km(a.lat, a.lon, b.lat, b.lon) > FAR_KM:  # type: ignore[arg-type]
                return 0.0
        return 0.6
    if ca and cb:
        return 0.5
    return None


def _fold(name: Optional[str]) -> str:
    """A place name without accents and case ("Kābul" -> "kabul")."""
    import unicodedata
    return "".join(c for c in unicodedata.normalize("NFKD", name or "") if not unicodedata.combining(c)).casefold().strip()


def named_like_province(rep: ClusterRep) -> bool:
    """Whether a town's name is also the name of its province ("Katsina" in Katsina State,
    "Kabul" in Kābul): an outlet writing "in Katsina" may mean either, so such a place is not
    a precise one for the place veto."""
    return bool(rep.place) and bool(rep.admin1) and _fold(rep.place) == _fold(rep.admin1)


def precisely_named(rep: ClusterRep) -> bool:
    """Whether a place is named at district level or finer (a province or a country is not, nor
    a town named like its province: :func:`named_like_province`)."""
    return (bool(rep.country) and PLACE_RANK.get(rep.precision or "", 5) <= PLACE_RANK["district"]
            and not named_like_province(rep))


def mode_agreement(a: Sequence[str], b: Sequence[str]) -> Optional[float]:
    """1 when two sides share a PLOVER mode ("drone", "suicide-attack") or give modes that can
    describe one event (assembly.yaml ``compatible_modes``: one outlet's "blast" is another's
    "suicide bombing"), 0 when both give modes and none agrees, None when a side gives none."""
    if not a or not b:
        return None
    cues = default_assembly_cues()
    return float(any(cues.modes_agree(x, y) for x in a for y in b))


def date_score(a: ClusterRep, b: ClusterRep) -> Optional[float]:
    """Date agreement; 0 when the windows are more than :data:`SLACK_DAYS` apart."""
    if a.date_lo is None or b.date_lo is None or a.date_hi is None or b.date_hi is None:
        return None
    gap = max((b.date_lo - a.date_hi).days, (a.date_lo - b.date_hi).days, 0)
    if gap > SLACK_DAYS:
        return 0.0
    wide = max((a.date_hi - a.date_lo).days, (b.date_hi - b.date_lo).days)
    if wide >= 6:
        return 0.5
    precise = 1.0 if wide == 0 else 0.85
    return precise * (1.0, 0.7, 0.4)[gap]


def has_vec(v: Any) -> bool:
    return v is not None and len(v) > 0


def parts(ev: ClusterRep | Mapping[str, Any], cl: ClusterRep | Mapping[str, Any],
          similarity: str = "static", roles: bool = True) -> Optional[dict[str, Optional[float]]]:
    """The score parts of ``ev`` against ``cl`` (None for unknown), or None on a veto
    (``roles=False``: the caller has checked :func:`roles_swapped` already)."""
    ev, cl = ClusterRep.coerce(ev), ClusterRep.coerce(cl)
    if ev.modality != cl.modality or not types_compatible(ev.event_type, cl.event_type):
        return None
    if ev.articles & cl.articles:
        # an article's events are its distinct events (the assembly stage put every mention of
        # one event into one record; the gold never repeats a key inside an article): a cluster
        # holding a report from the same article is another event
        return None
    d = date_score(ev, cl)
    if d == 0.0 or ends_before(ev, cl) or month_days_apart(ev, cl):
        return None
    p = place_score(ev, cl)
    # Two places a town or finer (or districts) in other countries or far apart are two events;
    # when either side names only a province or a country, outlets disagree on the level ("in
    # Germany" / "in Austria and Italy", the country of the victims / of the attackers): the
    # disagreement is evidence (``place_conflict``), not a veto.
    if p == 0.0 and precisely_named(ev) and precisely_named(cl):
        return None
    if roles and ROLE_VETO and roles_swapped(ev, cl):
        return None
    out: dict[str, Optional[float]] = {
        "date": d, "place": p, "place_conflict": float(p == 0.0),
        "actors": actor_score(ev.actor_keys, cl.actor_keys),
        "text": _text_part(text_similarity(ev.vec, cl.vec, similarity), similarity)
        if has_vec(ev.vec) and has_vec(cl.vec) else None,
        "tokens": None, "trigger": None,
    }
    lex, members = ev.lex, cl.lex  # the event's own sentence first, then its other mentions'
    if lex and members:
        trigs = [f[0] for f in lex if f[0]]
        if trigs and any(m[0] for m in members):
            if any(t & m[0] for t in trigs for m in members):
                out["trigger"] = 1.0
            else:
                # Different words for the same type of event ("attacked" / "stormed") are what
                # reworded reports of one incident look like: no evidence either way, not a mismatch.
                out["trigger"] = 0.5 if ev.event_type == cl.event_type else 0.0
        if any(f[1] for f in lex):
            out["tokens"] = min(1.0, max(token_overlap(f[1], m[1]) for f in lex if f[1] for m in members)
                                / TOKEN_SCALE)
    return out


def count_agreement(a: Sequence[int], b: Sequence[int]) -> Optional[float]:
    """How well two sets of people counts agree: the best ratio smaller/larger over the pairs
    (46 and 50 -> 0.92; 300 and 1,037 -> 0.29); None when a side gives no count."""
    best = None
    for x in a:
        for y in b:
            if x and y and x > 0 and y > 0:
                r = min(x, y) / max(x, y)
                best = r if best is None or r > best else best
    return best


PLACE_UNIT_WORDS: frozenset[str] = _WORDS["place_unit_words"]     # data/stopwords.yaml


def place_stems(rep: ClusterRep) -> frozenset[str]:
    """The stems of a place's name as :func:`content_tokens` would key them ("Maungdaw District"
    -> {"maungdaw"}, "Kābul" -> {"kabul"}), without the words that name the kind of unit."""
    return _place_stems(rep.place) if rep.place else frozenset()


@lru_cache(maxsize=LEX_CACHE)
def _place_stems(place: str) -> frozenset[str]:
    words = [w for w in _TOKEN.findall(_fold(place)) if not w[0].isdigit()]
    return frozenset(stem(w) for w in words if w not in _STOP and w not in PLACE_UNIT_WORDS and len(w) >= 3)


def place_named(a: ClusterRep, b: ClusterRep) -> Optional[float]:
    """1 when one side's place is named in the other's sentences ("Kabul" resolved as a town of
    Missouri on one side, "a vehicle in Kabul" in its words and Kabul the other side's place),
    0 when a side has a place and the other's words do not name it, None when neither has a
    place. Robust to a place resolved wrongly or only to its province on one side."""
    pa_, pb = place_stems(a), place_stems(b)
    if not pa_ and not pb:
        return None
    words_a = {k for f in a.lex for k in f[1]}
    words_b = {k for f in b.lex for k in f[1]}
    return float(bool(pa_ & words_b) or bool(pb & words_a))


def count_named(a: ClusterRep, b: ClusterRep) -> Optional[float]:
    """1 when a people count of one side is a number in the other's sentences ("80 students"
    against "numbering about 80" whose record read another count), 0 when a side gives counts
    and the other's words have none of them, None when neither side gives a count."""
    if not a.counts and not b.counts:
        return None
    nums_a = {k for f in a.lex for k in f[1] if k[:1].isdigit()}
    nums_b = {k for f in b.lex for k in f[1] if k[:1].isdigit()}
    return float(any(str(c) in nums_b for c in a.counts) or any(str(c) in nums_a for c in b.counts))


def _best_pair(a: Sequence[str], b: Sequence[str]) -> float:
    return max((actor_pair(x, y) for x in a for y in b), default=0.0)


def roles_swapped(a: ClusterRep, b: ClusterRep) -> bool:
    """Whether two reports name their parties the other way round: both name who did it, those
    differ (another country, or another sector of one country), and one side's doer is the
    other's recipient ("a U.S. drone strike" on "suicide bombers" of the Islamic State, against
    the Islamic State's bombing that killed U.S. troops; Russia freeing Ukrainians, against
    Ukraine freeing Russians): two events, the second often the answer to the first."""
    if not a.doers or not b.doers or _best_pair(a.doers, b.doers) >= 0.5:
        return False
    return _best_pair(a.doers, b.targets) >= 1.0 or _best_pair(a.targets, b.doers) >= 1.0


def article_bound(events: Iterable[Any]) -> Optional[date]:
    """The earliest day an article can have been written, from the events it tells as having
    happened: the start of the latest of their date windows ("talks were cut short in 2019":
    not before 2019-01-01); None when it dates none. Events planned or hypothetical do not
    count, nor ones dated only by the publication. For an article without a publication date,
    its undated events (its news, of an unknown day) happened no earlier than that."""
    best: Optional[date] = None
    for ev in events:
        d = ev.date
        if d is None or ev.modality != "asserted" or d.precision == "publication":
            continue
        lo, _hi = date_range(d, None)
        if lo is not None and (best is None or lo > best):
            best = lo
    return best


def ends_before(a: ClusterRep, b: ClusterRep) -> bool:
    """Whether one side is an undated report whose article dates other events later than the
    other side's whole date window (plus the slack): "resume talks" told in an article that
    recalls 2019, against a report of talks "in 1991". The undated side's own day is unknown,
    but not before its article's latest dated event (:func:`article_bound`)."""
    return _ends_before(a, b) or _ends_before(b, a)


def _ends_before(undated: ClusterRep, other: ClusterRep) -> bool:
    bound = undated.not_before
    if bound is None or undated.date_lo is not None or undated.vague is not None:
        return False
    hi = other.date_hi if other.date_hi is not None else (other.vague[1] if other.vague is not None else None)
    return hi is not None and (bound - hi).days > SLACK_DAYS


@lru_cache(maxsize=LEX_CACHE)
def month_days(sentence: Optional[str], trigger_at: int = -1) -> frozenset[tuple[int, int]]:
    """The (month, day) a sentence dates its event to when it names the day without a year
    ("will resume ... next Monday, November 21" -> {(11, 21)}): the date resolver's own choice for
    the trigger at ``trigger_at`` (:func:`wirecoder.resolve.dates.event_date`; -1: the sentence's
    dates, each), read against two far-apart references, kept when both give that day of the year
    in other years (neither reference is a publication day, so no reading is ruled out as after
    it); not a weekday, a relative day, a date with its year or one the resolver gives to another
    verb. An article without a publication date cannot place it in a year, but it still says
    which day of the year its event was."""
    if not sentence:
        return frozenset()
    from wirecoder.pipeline import PROBE_DAYS  # two far-apart references: an expression with no year
    from wirecoder.resolve.dates import event_date, find_timexes  # reads differently against them

    a, b = (find_timexes(sentence, ref) for ref in PROBE_DAYS)
    if trigger_at >= 0:
        x, y = (event_date(ts, 0, len(sentence), trigger_at, ref, "", text=sentence, ref_is_publication=False)
                for ts, ref in ((a, PROBE_DAYS[0]), (b, PROBE_DAYS[1])))
        pairs = [(x.value, y.value)] if x.precision == "day" and y.precision == "day" else []
    else:
        other = {(t.start, t.end): t.value for t in b if t.precision == "day"}
        pairs = [(t.value, other.get((t.start, t.end))) for t in a if t.precision == "day"]
    out = set()
    for v, w in pairs:
        if v and w and len(v) >= 10 and len(w) >= 10 and v[4:5] == "-" and v[:4] != w[:4] \
                and v[5:10] == w[5:10] and v[5:7].isdigit() and v[8:10].isdigit():
            out.add((int(v[5:7]), int(v[8:10])))
    return frozenset(out)


def event_month_days(row: Mapping[str, Any]) -> frozenset[tuple[int, int]]:
    """The month-days without a year that an undated event's own mentions date it to (each
    mention's sentence and trigger: :func:`month_days`)."""
    out: set[tuple[int, int]] = set()
    mentions = row.get("mentions") or ()
    for m in mentions:
        sent, span, trig = m.get("sentence"), m.get("span"), m.get("trigger_span")
        if sent and span and trig:
            out |= month_days(sent, max(0, int(trig[0]) - int(span[0])))
    if not mentions:
        sent, trig = row.get("sentence") or "", row.get("trigger") or ""
        at = sent.find(trig) if trig else -1
        if at >= 0:
            out |= month_days(sent, at)
    return frozenset(out)


def _day_of_year(md: tuple[int, int]) -> int:
    month, day = md
    return (date(2001, month, min(day, 28 if month == 2 else day)) - date(2001, 1, 1)).days


def _year_gap(a: Iterable[tuple[int, int]], b: Iterable[tuple[int, int]]) -> Optional[int]:
    """The fewest days between a month-day of ``a`` and one of ``b``, in any year (across the turn
    of the year too)."""
    gaps = [min(abs(x - y), 365 - abs(x - y)) for x in map(_day_of_year, a) for y in map(_day_of_year, b)]
    return min(gaps) if gaps else None


def month_days_apart(a: ClusterRep, b: ClusterRep) -> bool:
    """Whether an undated report names, in its own sentences, only month-days (no year: its
    article has no publication date) more than the slack from every day of the other side's
    date window (a week or narrower), or from every month-day the other side names when it is
    undated too: "the talks ... next Monday, November 21" against a report dated 18 November."""
    if not MONTH_DAY_VETO:
        return False
    return _month_days_apart(a, b) or _month_days_apart(b, a)


def _month_days_apart(undated: ClusterRep, other: ClusterRep) -> bool:
    if not undated.month_days or undated.date_lo is not None or undated.vague is not None:
        return False
    if other.date_lo is not None and other.date_hi is not None:
        if (other.date_hi - other.date_lo).days > 6:
            return False
        days = {((other.date_lo + timedelta(days=k)).month, (other.date_lo + timedelta(days=k)).day)
                for k in range((other.date_hi - other.date_lo).days + 1)}
    elif other.vague is None and other.month_days:
        days = set(other.month_days)
    else:
        return False
    gap = _year_gap(undated.month_days, days)
    return gap is not None and gap > SLACK_DAYS


def day_apart(a: ClusterRep, b: ClusterRep) -> int:
    """Days between two day-precise dates (both windows one day wide), else 0: reports of one
    event at day precision agree on the day, so "July 1" and "July 3" say two events."""
    if a.date_lo is None or b.date_lo is None or a.date_hi is None or b.date_hi is None:
        return 0
    if a.date_lo != a.date_hi or b.date_lo != b.date_hi:
        return 0
    return abs((a.date_lo - b.date_lo).days)


# the evidence a model weighs (wirecoder/data/dedupe_model.json names them in this order)
FEATURES = ("bias", "same_type", "date_known", "date", "day_apart", "place_known", "place",
            "actors_known", "actors", "text", "tokens", "trigger", "counts_known", "counts_agree",
            "counts_far", "mode_known", "mode_same", "place_conflict", "place_named", "count_named")


def pair_features(ev: ClusterRep | Mapping[str, Any], cl: ClusterRep | Mapping[str, Any],
                  similarity: str = "static", roles: bool = True) -> Optional[list[float]]:
    """The :data:`FEATURES` of ``ev`` against ``cl``, or None on a veto (other modality,
    incompatible type, dates more than the slack apart or an undated side's day of the year
    (:func:`month_days_apart`), places named at district level or finer in other countries or far
    apart, parties named the other way round: :func:`roles_swapped`)."""
    ev, cl = ClusterRep.coerce(ev), ClusterRep.coerce(cl)
    ps = parts(ev, cl, similarity, roles)
    if ps is None:
        return None
    ca = count_agreement(ev.counts, cl.counts)
    ma = mode_agreement(ev.modes, cl.modes)
    d, p, a = ps["date"], ps["place"], ps["actors"]
    return [1.0, float(ev.event_type == cl.event_type),
            float(d is not None), d or 0.0, float(day_apart(ev, cl)),
            float(p is not None), p or 0.0,
            float(a is not None), a or 0.0,
            ps["text"] if ps["text"] is not None else 0.5,
            ps["tokens"] if ps["tokens"] is not None else 0.0,
            ps["trigger"] if ps["trigger"] is not None else 0.5,
            float(ca is not None), ca or 0.0, float(ca is not None and ca < COUNTS_FAR),
            float(ma is not None), ma or 0.0, ps["place_conflict"] or 0.0,
            place_named(ev, cl) or 0.0, count_named(ev, cl) or 0.0]


@dataclass(frozen=True)
class Model:
    """A logistic model over :data:`FEATURES`: P(same event) = sigmoid(weights . features);
    an event joins the best cluster at or above ``threshold``."""

    weights: tuple[float, ...]
    threshold: float
    path: str = ""

    def prob(self, x: Sequence[float]) -> float:
        z = sum(w * v for w, v in zip(self.weights, x))
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


MODEL_FILE = "dedupe_model.json"


def load_model(path: Optional[str] = None) -> Optional[Model]:
    """The model of ``path`` (default: the packaged ``data/dedupe_model.json``), or None when the
    packaged file is absent. Format: JSON ``{"features": [...], "weights": [...], "threshold": t,
    ...}``, ``features`` exactly :data:`FEATURES`; anything else is a one-line DataFileError."""
    import json

    from wirecoder.datafiles import DATA_DIR
    from wirecoder.errors import DataFileError

    p = Path(path) if path else DATA_DIR / MODEL_FILE
    if not p.exists():
        if path:
            raise DataFileError(str(p), "file not found")
        return None
    try:
        d = json.loads(p.read_text(encoding="utf-8"))
        feats, weights, threshold = d["features"], [float(w) for w in d["weights"]], float(d["threshold"])
    except (ValueError, KeyError, TypeError) as err:
        raise DataFileError(str(p), f"not a dedupe model ({err!r})") from None
    if tuple(feats) != FEATURES or len(weights) != len(FEATURES):
        raise DataFileError(str(p), f"features {feats} are not this version's {list(FEATURES)}; refit it "
                                    "(python -m wirecoder.eval.fit_dedupe --write)")
    return Model(tuple(weights), threshold, str(p))


_NO_MODEL = Model((), 0.0)
MODEL: Optional[Model] = _NO_MODEL  # loaded on first use; None scores with WEIGHTS/THRESHOLD


def model() -> Optional[Model]:
    """The model :func:`score` uses (the packaged one unless :data:`MODEL` was set), or None."""
    global MODEL
    if MODEL is _NO_MODEL:
        MODEL = load_model()
    return MODEL


def threshold() -> float:
    """The score an event needs to join a cluster: the model's threshold, else :data:`THRESHOLD`."""
    m = model()
    return m.threshold if m is not None else THRESHOLD


def match_score(ev: ClusterRep | Mapping[str, Any], cl: ClusterRep | Mapping[str, Any],
                similarity: str = "static") -> float:
    """What decides whether ``ev`` joins ``cl`` (0..1, 0 on a veto; compare with
    :func:`threshold`): the fitted model's probability that they are one event (:func:`model`),
    averaged over the cluster's members (its first :data:`MAX_MEMBER_FEATURES`; a member that
    vetoes counts 0, one naming the parties the other way round vetoes the cluster), so a report
    must agree with the cluster as a whole, not with one member that happens to be worded like it;
    or :func:`score` when there is no model."""
    m = model()
    if m is None:
        return score(ev, cl, similarity)
    ev, cl = ClusterRep.coerce(ev), ClusterRep.coerce(cl)
    if ev.articles & cl.articles:  # never two events of one article (see parts())
        return 0.0
    if cl.members:  # average link: the mean probability over its members (0 where one vetoes)
        # parties named the other way round by any member: the answer to the cluster's event, not
        # a report of it (a drone strike on the bombers joins no cluster of the bombing, even one
        # whose other members name no doer and so do not veto it)
        if ROLE_VETO and any(roles_swapped(ev, x) for x in cl.members):
            return 0.0
        return sum(pair_prob(m, ev, x, similarity, roles=False) for x in cl.members) / len(cl.members)
    return pair_prob(m, ev, cl, similarity)


def pair_prob(m: Model, a: ClusterRep, b: ClusterRep, similarity: str = "static", roles: bool = True) -> float:
    """The model's probability that two reports (or a report and a cluster) are one event, 0 on a
    veto (``roles=False``: :func:`roles_swapped` checked by the caller)."""
    x = pair_features(a, b, similarity, roles)
    return 0.0 if x is None else m.prob(x)


def score(ev: ClusterRep | Mapping[str, Any], cl: ClusterRep | Mapping[str, Any],
          similarity: str = "static") -> float:
    """The hand-weighted rule (before the fitted model, and its fallback): the weighted mean of
    :func:`parts` under :data:`WEIGHTS` (an unknown part counts 0.5), 0 on a veto. Mappings
    with the :class:`ClusterRep` field names are accepted too."""
    ev, cl = ClusterRep.coerce(ev), ClusterRep.coerce(cl)
    ps = parts(ev, cl, similarity)
    if ps is None or ps["place_conflict"]:  # the hand rule vetoes any place conflict
        return 0.0
    total = sum(w * (0.5 if ps[k] is None else ps[k]) for k, w in WEIGHTS.items() if w)  # type: ignore[operator]
    if ev.event_type != cl.event_type:
        total *= COMPATIBLE_PENALTY
    return total


def event_rep(row: dict[str, Any], vec: Sequence[float], similarity: str = "static") -> ClusterRep:
    """The :class:`ClusterRep` of one ``events`` row (``vec``: its :func:`embed` vector)."""
    loc = row.get("location") or {}
    return ClusterRep(
        event_type=row["event_type"], modality=row["modality"],
        date_lo=row.get("date_lo"), date_hi=row.get("date_hi"),
        lat=loc.get("lat"), lon=loc.get("lon"), country=loc.get("country"),
        admin1=loc.get("admin1"), precision=loc.get("precision"), place=loc.get("name"),
        actor_keys=[actor_key(a) for a in (row.get("actor") or []) + (row.get("recipient") or [])],
        vec=as_vec(vec, similarity), n=1, article_id=row.get("article_id"),
        lex=event_lex(row.get("sentence"), row.get("trigger"), row.get("mentions")),
        counts=[(row.get("size") or {})["people"]] if (row.get("size") or {}).get("people") else [],
        modes=[row["mode"]] if row.get("mode") else [],
        articles={row["article_id"]} if row.get("article_id") else set(),
        doers=tuple(actor_key(a) for a in row.get("actor") or []),
        targets=tuple(actor_key(a) for a in row.get("recipient") or []),
        not_before=row.get("not_before") if row.get("date_lo") is None else None,
        month_days=event_month_days(row) if row.get("date_lo") is None else frozenset(),
    )


def event_text(row: dict[str, Any]) -> str:
    """What the text signal embeds for an event: its trigger's window of the sentence."""
    return trigger_window(row.get("sentence"), row.get("trigger"))


# -- windows and places shared by the cluster index and incidents ----------------------------

MAX_WINDOW_DAYS = 62    # an event dated more vaguely than about two months (a year, a season)
                        # is too vague to merge with other articles' reports; it is compared
                        # with its own article's events only, like an undated one


def too_vague(rep: ClusterRep | Cluster) -> bool:
    """Whether a dated event or cluster spans more than :data:`MAX_WINDOW_DAYS` ("in 2021")."""
    return (rep.date_hi - rep.date_lo).days > MAX_WINDOW_DAYS  # type: ignore[operator]


def vague_window(rep: ClusterRep) -> Optional[tuple[date, date]]:
    """The window of a vaguely dated event or cluster (kept aside in ``vague`` in memory, or
    its dates when read from the store), else None."""
    if rep.vague is not None:
        return rep.vague
    if rep.date_lo is not None and rep.date_hi is not None and too_vague(rep):
        return rep.date_lo, rep.date_hi
    return None


def windows_meet(a: Optional[tuple[date, date]], b: Optional[tuple[date, date]]) -> bool:
    """Whether two vague windows overlap (an unknown window meets any)."""
    return a is None or b is None or (a[0] <= b[1] and b[0] <= a[1])


WEEK_BASE = date(1970, 1, 5)  # a Monday: week numbers count from it


def weeks(lo: date, hi: date) -> range:
    """Week numbers (days since 1970-01-05 // 7) that the interval lo..hi touches."""
    return range((lo - WEEK_BASE).days // 7, (hi - WEEK_BASE).days // 7 + 1)


_weeks = weeks  # the name older callers import


def precisely_placed(rep: ClusterRep) -> bool:
    """Whether a cluster has coordinates of a town or finer (not a province/country centroid)."""
    return rep.lat is not None and PLACE_RANK.get(rep.precision or "", 2) < 3


def link_fields(rep: ClusterRep) -> tuple[Any, ...]:
    """What incident linking looks at in a cluster: when a batch leaves these unchanged (another
    report of a known cluster), its links are the ones it already had."""
    return (rep.date_lo, rep.date_hi, rep.lat, rep.lon, rep.country, rep.precision,
            tuple(sorted(rep.actor_keys or ())), tuple(sorted(rep.countries or ())))


def add_lex(lex: list[LexFeatures], f: LexFeatures) -> None:
    """Keep member features ``f`` in a cluster's list: new ones, up to :data:`MAX_MEMBER_FEATURES`."""
    if len(lex) < MAX_MEMBER_FEATURES and f not in lex:
        lex.append(f)


def absorb(cl: ClusterRep, rep: ClusterRep, similarity: str) -> None:
    """Fold a new member ``rep`` into the in-memory cluster representation ``cl``."""
    n = cl.n or 0
    if n == 0:
        for k in REP_FIELDS:
            if k not in ("cluster_id", "n", "countries", "incident_id"):
                setattr(cl, k, getattr(rep, k))
        cl.article_id = rep.article_id
        cl.vague = rep.vague
        cl.lex = list(rep.lex)
        cl.counts = list(rep.counts)
        cl.modes = list(rep.modes)
        cl.articles = set(rep.articles)
        cl.members = [rep]
    else:
        cl.articles |= rep.articles
        for f in rep.lex:
            add_lex(cl.lex, f)
        for c in rep.counts:
            if c not in cl.counts and len(cl.counts) < MAX_MEMBER_FEATURES:
                cl.counts.append(c)
        for m in rep.modes:
            if m not in cl.modes:
                cl.modes.append(m)
        if len(cl.members) < MAX_MEMBER_FEATURES:
            cl.members.append(rep)
        cl.actor_keys = sorted(set(cl.actor_keys or []) | set(rep.actor_keys))
        if rep.date_lo is not None and rep.date_hi is not None and (
                cl.date_lo is None or cl.date_hi is None
                or (rep.date_hi - rep.date_lo) < (cl.date_hi - cl.date_lo)):
            cl.date_lo, cl.date_hi = rep.date_lo, rep.date_hi
        if rep.lat is not None and PLACE_RANK.get(rep.precision or "", 5) < PLACE_RANK.get(cl.precision or "", 5):
            cl.lat, cl.lon, cl.country, cl.admin1, cl.precision = rep.lat, rep.lon, rep.country, rep.admin1, rep.precision
            cl.place = rep.place
        a, b = cl.vec, rep.vec
        if a is None or len(a) == 0:
            cl.vec = b
        elif b is not None and len(b):
            if similarity == "minhash":
                cl.vec = [min(x, y) for x, y in zip(a, b)]
            else:  # running mean of the members' unit vectors (its norm is the members' coherence)
                cl.vec = (a * n + b) / (n + 1)
    cl.n = n + 1


# -- merged records --------------------------------------------------------------------------

def _most_common(values: Iterable[Any]) -> Any:
    c = Counter(v for v in values if v is not None)
    return c.most_common(1)[0][0] if c else None


def _best_count(evs: list[dict[str, Any]], field: str) -> tuple[Optional[int], Optional[str], Optional[str]]:
    """Largest count reported by >= 2 articles, else the largest; with its qualifier and text."""
    reports: dict[int, set[str]] = {}
    detail: dict[int, tuple[Optional[str], Optional[str]]] = {}
    for e in evs:
        s = e.get("size") or {}
        v = s.get(field)
        if v is None:
            continue
        reports.setdefault(v, set()).add(e["article_id"])
        q = s.get("qualifier") if field == "people" else None
        prev = detail.get(v)
        if prev is None or QUAL_RANK.get(q or "", 9) < QUAL_RANK.get(prev[0] or "", 9):
            detail[v] = (q, s.get("text"))
    if not reports:
        return None, None, None
    confirmed = [v for v, arts in reports.items() if len(arts) >= 2]
    v = max(confirmed or reports)
    return v, detail[v][0], detail[v][1]


COUNT_FIELDS = ("people", "dead", "injured", "arrested")


def reported_counts(evs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every count the members give, with how many articles give it: the spread behind the
    merged ``size`` ("46" from two articles, "about 50" from one). One entry per (field, value),
    in :data:`COUNT_FIELDS` order, most reported first, then smaller first; ``qualifier`` (people
    only, as in ``size``) is the most exact one given with that value."""
    arts: dict[tuple[str, int], set[str]] = {}
    quals: dict[tuple[str, int], set[str]] = {}
    for e in evs:
        s = e.get("size") or {}
        for f in COUNT_FIELDS:
            v = s.get(f)
            if v is None:
                continue
            arts.setdefault((f, v), set()).add(e["article_id"])
            q = s.get("qualifier") if f == "people" else None
            if q:
                quals.setdefault((f, v), set()).add(q)
    order = sorted(arts, key=lambda k: (COUNT_FIELDS.index(k[0]), -len(arts[k]), k[1]))
    return [{"field": f, "value": v, "articles": len(arts[(f, v)]),
             "qualifier": min(quals[(f, v)], key=lambda q: (QUAL_RANK.get(q, 9), q)) if (f, v) in quals else None}
            for f, v in order]


def source_reports(evs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per member article: its id, url, outlet (site) and publication date, oldest
    first (undated last)."""
    seen: dict[str, dict[str, Any]] = {}
    for e in evs:
        a = e["article_id"]
        if a not in seen:
            pub = e.get("published")
            seen[a] = {"article_id": a, "url": e.get("url"), "outlet": e.get("site"),
                       "published": str(pub)[:10] if pub else None}
    return sorted(seen.values(), key=lambda r: (r["published"] is None, r["published"] or "", r["article_id"]))


def specificity(e: dict[str, Any]) -> int:
    """How much a member's report says (its sentence becomes the cluster's when it says most):
    a count, a day, a place finer than a province, named actors, names and numbers in the
    sentence. "46 Afghan soldiers crossed into Chitral on Sunday" beats "many soldiers have
    surrendered"."""
    size = e.get("size") or {}
    date_ = e.get("date") or {}
    loc = e.get("location") or {}
    named = sum(1 for a in (e.get("actor") or []) + (e.get("recipient") or []) if a.get("name"))
    names = sum(1 for w in content_tokens(e.get("sentence")).values() if w == NAME_WEIGHT)
    return (2 * int(any(size.get(k) for k in ("people", "dead", "injured", "arrested")))
            + int(date_.get("precision") == "day")
            + int(bool(loc) and PLACE_RANK.get(loc.get("precision") or "", 5) <= 2)
            + min(2, named) + min(3, names))


def merge(evs: list[dict[str, Any]]) -> Cluster:
    """The best record of a cluster from its member ``events`` rows (see module docstring)."""
    top = max(evs, key=lambda e: (specificity(e), e["confidence"] or 0, -len(e["sentence"] or "")))
    dated = [e for e in evs if e.get("date")]
    best_date = min(dated, key=lambda e: (DATE_RANK.get(e["date"]["precision"], 9),
                                          -sum(1 for x in dated if x["date"]["value"] == e["date"]["value"]),
                                          e["date"]["value"]))["date"] if dated else None
    placed = [e for e in evs if e.get("location")]
    best_loc = min(placed, key=lambda e: (PLACE_RANK.get(e["location"].get("precision") or "", 5),
                                          e["location"].get("lat") is None,
                                          -sum(1 for x in placed if x["location"].get("name") == e["location"].get("name"))
                                          ))["location"] if placed else None
    people, qual, text = _best_count(evs, "people")
    size = None
    if any(e.get("size") for e in evs):
        size = {"people": people, "qualifier": qual, "text": text,
                "dead": _best_count(evs, "dead")[0], "injured": _best_count(evs, "injured")[0],
                "arrested": _best_count(evs, "arrested")[0]}
    lo, hi = date_range(best_date, None) if best_date and best_date.get("precision") != "publication" else (None, None)
    if lo is None:
        spans = [(e["date_lo"], e["date_hi"]) for e in evs if e.get("date_lo") is not None]
        if spans:
            lo, hi = min(spans, key=lambda s: (s[1] - s[0], s[0]))
    actors = _union_actors(e.get("actor") or [] for e in evs)
    recipients = _union_actors(e.get("recipient") or [] for e in evs)
    sites = sorted({e.get("a_site") or e.get("site") or e["article_id"] for e in evs})
    pubs = sorted(str(e["published"])[:10] for e in evs if e.get("published"))   # DATE or ISO text
    return Cluster(
        event_type=_most_common(e["event_type"] for e in evs),
        mode=_most_common(e.get("mode") for e in evs),
        modality=_most_common(e["modality"] for e in evs),
        date=best_date, date_lo=lo, date_hi=hi,
        location=best_loc,
        lat=best_loc.get("lat") if best_loc else None,
        lon=best_loc.get("lon") if best_loc else None,
        country=best_loc.get("country") if best_loc else None,
        size=size, actor=actors, recipient=recipients,
        actor_keys=sorted({actor_key(a) for a in actors + recipients}),
        countries=sorted({c for e in evs for c in (e.get("countries") or [])}),
        sectors=sorted({s for e in evs for s in (e.get("sectors") or [])}),
        sentence=top["sentence"], confidence=max(e["confidence"] or 0 for e in evs),
        acled_type=_most_common(e.get("acled_type") for e in evs),
        acled_subtype=_most_common(e.get("acled_subtype") for e in evs),
        num_events=len(evs), num_articles=len({e["article_id"] for e in evs}),
        num_sources=len(sites), sources=sites,
        first_published=pubs[0] if pubs else None, last_published=pubs[-1] if pubs else None,
        reports=source_reports(evs), counts=reported_counts(evs),
    )


def _union_actors(groups: Iterable[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    seen: dict[tuple[Any, ...], dict[str, Any]] = {}
    freq: Counter[tuple[Any, ...]] = Counter()
    for group in groups:
        for a in group:
            key = ((a.get("name") or a.get("text") or "").lower(), a.get("country"), a.get("sector"))
            freq[key] += 1
            seen.setdefault(key, a)
    return [seen[k] for k, _ in freq.most_common()]

