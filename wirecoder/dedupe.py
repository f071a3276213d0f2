"""Cross-outlet deduplication: events that report the same real-world incident form a CLUSTER.

Clustering is incremental. Each new event is compared only with the clusters in its *block*
(same or compatible event type, same modality, overlapping date window) and joins the best one
scoring at least :data:`THRESHOLD`, else starts a new cluster; the store is never re-clustered.
Mentions of one incident within one article merge the same way.

Score of an event against a cluster = weighted mean of six parts in [0, 1] (unknown = 0.5):

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
two or more articles if any, else the largest) with its qualifier, the union of actors, and
counts ``num_events``, ``num_articles`` and ``num_sources`` (distinct outlets).
"""
from __future__ import annotations

import math
import re
from collections import Counter
from datetime import date, timedelta
from typing import Any, Iterable, Optional, Sequence

import duckdb
import numpy as np
import pyarrow as pa

from wirecoder.records import EventDate, stable_id

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
COMPATIBLE_PENALTY = 0.85
MAX_TEXT_MEMBERS = 32     # member sentences embedded for a cluster's centroid
_SLACK = timedelta(days=SLACK_DAYS)

# Event types that different outlets (or our extractor) code interchangeably for one incident.
COMPATIBLE: dict[str, set[str]] = {
    "ASSAULT": {"COERCE"},
    "COERCE": {"ASSAULT", "SANCTION"},
    "SANCTION": {"COERCE"},
    "AID": {"COOPERATE", "SUPPORT"},
    "COOPERATE": {"AID", "AGREE"},
    "SUPPORT": {"AID"},
    "AGREE": {"COOPERATE"},
    "RETREAT": {"CONCEDE"},
    "CONCEDE": {"RETREAT"},
    "ACCUSE": {"THREATEN"},
    "THREATEN": {"ACCUSE"},
    "REQUEST": {"CONSULT"},
    "CONSULT": {"REQUEST"},
}

_DATE_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, "publication": 4}
_PLACE_RANK = {"exact": 0, "town": 1, "district": 2, "province": 3, "country": 4}
_QUAL_RANK = {"exact": 0, "at_least": 1, "more_than": 1, "about": 2, "at_most": 3, "less_than": 3}


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
    if not _has(a) or not _has(b):
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

_STOP = frozenset("""
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had
has have having he her here hers herself him himself his how i if in into is it its itself just
me more most my no nor not now of off on once only or other our ours out over own same she should
so some such than that the their theirs them then there these they this those through to too
under until up very was we were what when where which while who whom why will with would you
your yours said says say saying told tells tell according reported reports report news today
yesterday monday tuesday wednesday thursday friday saturday sunday week weeks day days year years
month months time times new one first last also since while still just like well may might must
shall many much mr mrs ms per cent percent people man men woman women
""".split())
_NUMBER_WORDS = {"two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
                 "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "dozen": "12",
                 "twenty": "20", "hundred": "100", "thousand": "1000"}
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
    return frozenset(stem(w) for w in content)


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
            out[key] = weight
    return out


def token_overlap(a: dict[str, float], b: dict[str, float]) -> float:
    """Weighted Dice overlap of two :func:`content_tokens` bags (0..1)."""
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    shared = sum(min(w, b[k]) for k, w in a.items() if k in b)
    return 2.0 * shared / (sum(a.values()) + sum(b.values()))


def _add_lex(lex: list[Any], f: Any) -> None:
    """Keep member features ``f`` in a cluster's list: new ones, up to :data:`MAX_MEMBER_FEATURES`."""
    if len(lex) < MAX_MEMBER_FEATURES and f not in lex:
        lex.append(f)


def lexical_features(sentence: Optional[str], trigger: Optional[str]) -> tuple[frozenset[str], dict[str, float]]:
    """The (trigger stems, content tokens) pair a cluster keeps per member."""
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
    return f"{a.get('country') or ''}|{a.get('sector') or ''}|{name}"


def _actor_pair(a: str, b: str) -> float:
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
    return sum(max(_actor_pair(x, y) for y in big) for x in small) / len(small)


def place_score(a: dict[str, Any], b: dict[str, Any]) -> Optional[float]:
    """Place agreement in [0, 1], 0 meaning "certainly different places"; None when unknown."""
    ca, cb = a.get("country"), b.get("country")
    if ca and cb and ca != cb:
        return 0.0
    pa_, pb = _PLACE_RANK.get(a.get("precision") or "", 2), _PLACE_RANK.get(b.get("precision") or "", 2)
    coarse = max(pa_, pb) >= 3
    if a.get("lat") is not None and b.get("lat") is not None and not coarse:
        d = haversine_km(a["lat"], a["lon"], b["lat"], b["lon"])
        if d > FAR_KM:
            return 0.0
        return 1.0 if d <= NEAR_KM else math.exp(-(d - NEAR_KM) / 75.0)
    if coarse and ca and cb:
        if max(pa_, pb) == 3 and a.get("admin1") and b.get("admin1") and a["admin1"] != b["admin1"]:
            if a.get("lat") is not None and b.get("lat") is not None and \
                    haversine_km(a["lat"], a["lon"], b["lat"], b["lon"]) > FAR_KM:
                return 0.0
        return 0.6
    if ca and cb:
        return 0.5
    return None


def date_score(a: dict[str, Any], b: dict[str, Any]) -> Optional[float]:
    """Date agreement; 0 when the windows are more than :data:`SLACK_DAYS` apart."""
    if a.get("date_lo") is None or b.get("date_lo") is None:
        return None
    gap = max((b["date_lo"] - a["date_hi"]).days, (a["date_lo"] - b["date_hi"]).days, 0)
    if gap > SLACK_DAYS:
        return 0.0
    wide = max((a["date_hi"] - a["date_lo"]).days, (b["date_hi"] - b["date_lo"]).days)
    if wide >= 6:
        return 0.5
    precise = 1.0 if wide == 0 else 0.85
    return precise * (1.0, 0.7, 0.4)[gap]


def _has(v: Any) -> bool:
    return v is not None and len(v) > 0


def parts(ev: dict[str, Any], cl: dict[str, Any], similarity: str = "static") -> Optional[dict[str, Optional[float]]]:
    """The score parts of ``ev`` against ``cl`` (None for unknown), or None on a veto."""
    if ev["modality"] != cl["modality"] or not types_compatible(ev["event_type"], cl["event_type"]):
        return None
    d = date_score(ev, cl)
    if d == 0.0:
        return None
    p = place_score(ev, cl)
    if p == 0.0:
        return None
    out: dict[str, Optional[float]] = {
        "date": d, "place": p,
        "actors": actor_score(ev["actor_keys"], cl["actor_keys"]),
        "text": _text_part(text_similarity(ev["vec"], cl["vec"], similarity), similarity)
        if _has(ev.get("vec")) and _has(cl.get("vec")) else None,
        "tokens": None, "trigger": None,
    }
    lex = ev.get("_lex") or ()
    members = cl.get("_lex") or ()
    if lex and members:
        trig, toks = lex[0]
        if trig and any(m[0] for m in members):
            if any(trig & m[0] for m in members):
                out["trigger"] = 1.0
            else:
                # Different words for the same type of event ("attacked" / "stormed") are what
                # reworded reports of one incident look like: no evidence either way, not a mismatch.
                out["trigger"] = 0.5 if ev["event_type"] == cl["event_type"] else 0.0
        if toks:
            out["tokens"] = min(1.0, max(token_overlap(toks, m[1]) for m in members) / TOKEN_SCALE)
    return out


def score(ev: dict[str, Any], cl: dict[str, Any], similarity: str = "static") -> float:
    """Score of event representation ``ev`` against cluster representation ``cl`` (0..1).

    Both are dicts with event_type, modality, date_lo, date_hi, lat, lon, country, admin1,
    precision, actor_keys, vec and ``_lex`` (see :func:`event_rep`): the weighted mean of
    :func:`parts` under :data:`WEIGHTS` (an unknown part counts 0.5), 0 on a veto.
    """
    ps = parts(ev, cl, similarity)
    if ps is None:
        return 0.0
    total = sum(w * (0.5 if ps[k] is None else ps[k]) for k, w in WEIGHTS.items() if w)
    if ev["event_type"] != cl["event_type"]:
        total *= COMPATIBLE_PENALTY
    return total


def event_rep(row: dict[str, Any], vec: Sequence[float], similarity: str = "static") -> dict[str, Any]:
    """The dict :func:`score` compares, from an ``events`` row."""
    loc = row.get("location") or {}
    return {
        "event_type": row["event_type"], "modality": row["modality"],
        "date_lo": row.get("date_lo"), "date_hi": row.get("date_hi"),
        "lat": loc.get("lat"), "lon": loc.get("lon"), "country": loc.get("country"),
        "admin1": loc.get("admin1"), "precision": loc.get("precision"),
        "actor_keys": [actor_key(a) for a in (row.get("actor") or []) + (row.get("recipient") or [])],
        "vec": _as_vec(vec, similarity), "n": 1, "article_id": row.get("article_id"),
        "_lex": [lexical_features(row.get("sentence"), row.get("trigger"))],
    }


def event_text(row: dict[str, Any]) -> str:
    """What the text signal embeds for an event: its trigger's window of the sentence."""
    return trigger_window(row.get("sentence"), row.get("trigger"))


# -- incremental assignment ------------------------------------------------------------------

_CLUSTER_REP_COLS = ("cluster_id, event_type, modality, date_lo, date_hi, lat, lon, country, "
                     "location.admin1 AS admin1, location.precision AS precision, actor_keys, vec, "
                     "num_events AS n, countries, incident_id")
MAX_CACHED_WEEKS = 12   # weeks of clusters a ClusterIndex keeps in memory (LRU)
LINK_DAYS = 10          # = incidents.WINDOW_DAYS; the index loads this much around a batch
MAX_WINDOW_DAYS = 62    # an event dated more vaguely than about two months (a year, a season)
                        # is too vague to merge with other articles' reports; it is compared
                        # with its own article's events only, like an undated one


def too_vague(rep: dict[str, Any]) -> bool:
    """Whether a dated event or cluster spans more than :data:`MAX_WINDOW_DAYS` ("in 2021")."""
    return (rep["date_hi"] - rep["date_lo"]).days > MAX_WINDOW_DAYS


def _weeks(lo: date, hi: date) -> range:
    """Week numbers (days since 1970-01-05 // 7) that the interval lo..hi touches."""
    base = date(1970, 1, 5)
    return range((lo - base).days // 7, (hi - base).days // 7 + 1)


def _rep_countries(rep: dict[str, Any]) -> set[Optional[str]]:
    """Buckets a cluster is filed under: its place's and its actors' countries ("" when neither),
    and always None, the bucket that an event of unknown country searches (a mention without
    place or actors, common in follow-up reports, may still report any cluster of its block)."""
    keys: set[Optional[str]] = {k.split("|", 1)[0] for k in rep.get("actor_keys") or ()}
    keys.discard("")
    if rep.get("country"):
        keys.add(rep["country"])
    return (keys or {""}) | {None}


def _lookup_countries(rep: dict[str, Any]) -> set[Optional[str]]:
    """Buckets an event looks in: its place's country and the clusters of no country (""); else
    its actors' countries and ""; with no country at all, None (every cluster of its block)."""
    if rep.get("country"):
        return {rep["country"], ""}
    keys: set[Optional[str]] = {k.split("|", 1)[0] for k in rep.get("actor_keys") or ()}
    keys.discard("")
    return (keys | {""}) if keys else {None}


class ClusterIndex:
    """In-memory candidate index over the clusters of recently used weeks.

    Clusters are filed by (week, event type, modality, country) for :func:`assign` and by
    (week, country) for :func:`wirecoder.incidents.link`. Weeks are loaded from the ``clusters``
    table on first use (one range query per run of missing weeks, pruned by the table's date
    zone maps) and evicted least-recently-used beyond ``max_weeks``, so memory stays bounded
    however big the store grows, and the cost of a batch does not depend on the store's size.
    A news stream arrives roughly in date order, so almost every batch hits loaded weeks.

    The index mirrors the store inside a transaction; the store drops it when a transaction
    rolls back, and the next batch rebuilds what it needs.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, similarity: str = "static",
                 max_weeks: int = MAX_CACHED_WEEKS):
        self.con = con
        self.similarity = similarity
        self.max_weeks = max_weeks
        self.reps: dict[str, dict[str, Any]] = {}
        self.blocks: dict[tuple[int, str, str, Optional[str]], list[dict[str, Any]]] = {}
        self.near: dict[tuple[int, Optional[str]], list[dict[str, Any]]] = {}
        self.weeks: dict[int, list[dict[str, Any]]] = {}   # loaded week -> reps filed there (insertion = LRU order)
        self.touched: dict[str, dict[str, Any]] = {}        # clusters the last assign() created or grew
        self.before: dict[str, tuple[Any, ...]] = {}       # link_fields() of the grown ones before it
        self.loads = 0

    # -- filing -------------------------------------------------------------------------------

    def put(self, rep: dict[str, Any]) -> None:
        """File (or re-file after its window, place or actors changed) a cluster representation."""
        if rep.get("date_lo") is None or too_vague(rep):
            return  # undated or vaguely dated clusters only meet mentions of their own article
        cid = rep["cluster_id"]
        old = self.reps.get(cid)
        if old is not None and old is not rep:
            old.update(rep)
            rep = old
        self.reps[cid] = rep
        filed = rep.setdefault("_filed", set())
        countries = _rep_countries(rep)
        for w in _weeks(rep["date_lo"] - _SLACK, rep["date_hi"] + _SLACK):
            if w not in self.weeks:
                continue
            for c in countries:
                key = (w, rep["event_type"], rep["modality"], c)
                if key not in filed:
                    filed.add(key)
                    self.blocks.setdefault(key, []).append(rep)
        near_keys = _near_keys(rep, lookup=False)
        for w in _weeks(rep["date_lo"], rep["date_hi"]):
            if w not in self.weeks:
                continue
            for k in near_keys:
                key2 = (w, *k)
                if key2 not in filed:
                    filed.add(key2)
                    self.near.setdefault(key2, []).append(rep)
            if ("w", w) not in filed:
                filed.add(("w", w))
                self.weeks[w].append(rep)

    def ensure(self, lo: date, hi: date) -> None:
        """Make sure every cluster whose window comes within the slack of lo..hi is loaded."""
        self.ensure_windows([(lo, hi)])

    def ensure_windows(self, windows: Iterable[tuple[date, date]]) -> None:
        """:meth:`ensure` for each of several windows (the events of one batch): only the weeks
        around each window, not everything between the batch's earliest and latest date, so a
        late report of an old incident loads its own weeks and leaves the stream's weeks cached."""
        pad = timedelta(days=LINK_DAYS)
        wanted = sorted({w for lo, hi in windows for w in _weeks(lo - pad, hi + pad)})
        missing = [w for w in wanted if w not in self.weeks]
        for w in wanted:
            if w in self.weeks:
                self.weeks[w] = self.weeks.pop(w)  # most recently used
        if missing:
            self._load(missing)
        self._evict(keep=set(wanted))

    def _load(self, weeks: list[int]) -> None:
        base = date(1970, 1, 5)
        runs: list[list[int]] = []
        for w in sorted(weeks):
            if runs and runs[-1][-1] == w - 1:
                runs[-1].append(w)
            else:
                runs.append([w])
        for w in weeks:
            self.weeks[w] = []
        for run in runs:
            lo = base + timedelta(days=7 * run[0]) - _SLACK
            hi = base + timedelta(days=7 * run[-1] + 6) + _SLACK
            cur = self.con.execute(f"SELECT {_CLUSTER_REP_COLS} FROM clusters "
                                   "WHERE date_lo <= ? AND date_hi >= ? AND date_hi - date_lo <= ?",
                                   [hi, lo, MAX_WINDOW_DAYS])
            names = [d[0] for d in cur.description]
            loaded = []
            for r in cur.fetchall():
                row = dict(zip(names, r))
                rep = self.reps.get(row["cluster_id"])
                if rep is None:
                    row["vec"] = _as_vec(row["vec"], self.similarity)
                    row["actor_keys"] = list(row["actor_keys"] or [])
                    rep = row
                    loaded.append(row)
                self.put(rep)
            self._load_lexical(loaded)
            self.loads += 1

    def _load_lexical(self, reps: list[dict[str, Any]]) -> None:
        """Read the member sentences and triggers of clusters loaded from the store (first
        :data:`MAX_MEMBER_FEATURES` of each), for the lexical parts of :func:`score`."""
        if not reps:
            return
        by_id = {r["cluster_id"]: r for r in reps}
        for r in reps:
            r["_lex"] = []
        cur = self.con.execute("SELECT cluster_id, sentence, trigger FROM events "
                               "WHERE cluster_id IN (SELECT unnest(?))", [list(by_id)])
        for cid, sentence, trigger in cur.fetchall():
            lex = by_id[cid]["_lex"]
            if len(lex) < MAX_MEMBER_FEATURES:
                _add_lex(lex, lexical_features(sentence, trigger))

    def _evict(self, keep: set[int]) -> None:
        while len(self.weeks) > self.max_weeks:
            w = next((x for x in self.weeks if x not in keep), None)
            if w is None:
                return
            for rep in self.weeks.pop(w):
                filed = rep.get("_filed", set())
                for key in [k for k in filed if (k[1] if k[0] == "w" else k[0]) == w]:
                    filed.discard(key)
                if not any(k[0] == "w" for k in filed):
                    self.reps.pop(rep["cluster_id"], None)
            for d in (self.blocks, self.near):
                for key in [k for k in d if k[0] == w]:
                    del d[key]

    def remove(self, cluster_id: str) -> None:
        """Forget a cluster that no longer exists (its last member's article was replaced)."""
        rep = self.reps.pop(cluster_id, None)
        if rep is not None:
            rep["_dead"] = True

    def update(self, recs: Sequence[dict[str, Any]]) -> None:
        """Re-file the merged records just written, so the index equals what a reload would give."""
        for rec in recs:
            if rec.get("date_lo") is None:
                continue
            rep = cluster_rep(rec, self.similarity)
            cur = self.reps.get(rec["cluster_id"])
            if cur is not None:
                if not _has(rep["vec"]):
                    rep["vec"] = cur.get("vec")
                cur.update(rep)
                rep = cur
            else:  # not in memory: its top sentence stands for the members (trigger unknown)
                rep["_lex"] = [lexical_features(rec.get("sentence"), None)]
            self.put(rep)

    # -- lookups ------------------------------------------------------------------------------

    def candidates(self, rep: dict[str, Any]) -> Iterable[dict[str, Any]]:
        """Clusters of compatible type, same modality, a shared country and a nearby window."""
        seen: set[int] = set()
        countries = _lookup_countries(rep)
        for t in {rep["event_type"], *COMPATIBLE.get(rep["event_type"], ())}:
            for w in _weeks(rep["date_lo"], rep["date_hi"]):
                for c in countries:
                    for cl in self.blocks.get((w, t, rep["modality"], c), ()):
                        if id(cl) not in seen and not cl.get("_dead"):
                            seen.add(id(cl))
                            yield cl

    def neighbours(self, rep: dict[str, Any], days: int) -> Iterable[dict[str, Any]]:
        """Clusters within ``days`` of ``rep``'s window that :func:`wirecoder.incidents.linked` may
        accept: precisely placed ones in the 3x3 grid cells around it, and those placed only at
        province/country level (or not at all) sharing one of its countries."""
        seen: set[int] = {id(rep)}
        keys = _near_keys(rep, lookup=True)
        pad = timedelta(days=days)
        for w in _weeks(rep["date_lo"] - pad, rep["date_hi"] + pad):
            for k in keys:
                for cl in self.near.get((w, *k), ()):
                    if id(cl) not in seen and not cl.get("_dead"):
                        seen.add(id(cl))
                        yield cl


CELL_DEG = 2.0     # grid for incident neighbours (222 km of latitude)
NEAR_LINK_KM = 150.0    # = incidents.NEAR_KM: how far a precisely placed cluster looks
COARSE_LINK_KM = 220.0  # = incidents.COARSE_KM: how far a province/country centroid looks
_LON_CELLS = int(round(360 / CELL_DEG))


def precisely_placed(rep: dict[str, Any]) -> bool:
    """Whether a cluster has coordinates of a town or finer (not a province/country centroid)."""
    return rep.get("lat") is not None and _PLACE_RANK.get(rep.get("precision") or "", 2) < 3


def _near_keys(rep: dict[str, Any], lookup: bool) -> list[tuple[Any, ...]]:
    """Keys a cluster is filed under (``lookup=False``: its grid cell when precisely placed, else
    its countries) or looks in (every cell within reach of its place, and its countries)."""
    countries = set(rep.get("countries") or ()) | ({rep["country"]} if rep.get("country") else set())
    keys: list[tuple[Any, ...]] = []
    precise = precisely_placed(rep)
    if rep.get("lat") is not None and (precise or lookup):
        lat, lon = rep["lat"], rep["lon"]
        i, j = int(math.floor(lat / CELL_DEG)), int(math.floor(lon / CELL_DEG))
        if lookup:
            reach = NEAR_LINK_KM if precise else COARSE_LINK_KM
            di = int(math.ceil(reach / (111.0 * CELL_DEG)))
            band = min(89.0, abs(lat) + reach / 111.0)  # the widest longitude span in reach
            dj = min(_LON_CELLS // 2, int(math.ceil(reach / (111.0 * CELL_DEG * math.cos(math.radians(band))))))
            keys += [("g", i + a, (j + b) % _LON_CELLS) for a in range(-di, di + 1) for b in range(-dj, dj + 1)]
        else:
            keys.append(("g", i, j % _LON_CELLS))
    if not precise or lookup:
        keys += [("c", c) for c in countries]
    return keys


def link_fields(rep: dict[str, Any]) -> tuple[Any, ...]:
    """What :func:`wirecoder.incidents.link` looks at in a cluster: when a batch leaves these
    unchanged (another report of a known cluster), its links are the ones it already had."""
    return (rep.get("date_lo"), rep.get("date_hi"), rep.get("lat"), rep.get("lon"), rep.get("country"),
            rep.get("precision"), tuple(sorted(rep.get("actor_keys") or ())), tuple(sorted(rep.get("countries") or ())))


def _as_vec(v: Any, similarity: str) -> Any:
    if v is None or len(v) == 0:
        return None
    if similarity == "minhash":
        return list(v)
    a = np.asarray(v, dtype=np.float32)
    n = float(np.linalg.norm(a))
    return a / n if n else a


def assign(con: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]],
           similarity: str = "static", index: Optional[ClusterIndex] = None) -> dict[str, str]:
    """Assign each new event row to an existing or new cluster; return ``{event_id: cluster_id}``.

    Candidates come from ``index`` (a :class:`ClusterIndex` the store keeps across batches), or
    from a throw-away index over ``con`` when none is given. Never rewrites other clusters;
    called inside the store's transaction, before the rows are inserted. The representations of
    the clusters touched are updated in the index (merged records are written by
    :func:`refresh_clusters`).
    """
    if not rows:
        return {}
    if index is None:
        index = ClusterIndex(con, similarity, max_weeks=10 ** 6)
    vecs = embed([event_text(r) for r in rows], similarity)
    reps = [event_rep(r, v, similarity) for r, v in zip(rows, vecs)]
    index.touched = {}
    index.before = {}
    for r in reps:
        if r["date_lo"] is not None and too_vague(r):
            r["date_lo"] = r["date_hi"] = None  # "in 2021": compared within its article only
    dated = [r for r in reps if r["date_lo"] is not None]
    if dated:
        index.ensure_windows((r["date_lo"], r["date_hi"]) for r in dated)
    undated: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    out: dict[str, str] = {}
    for row, rep in zip(rows, reps):
        best, best_s = None, THRESHOLD
        if rep["date_lo"] is None:
            pool: Iterable[dict[str, Any]] = [
                c for t in {rep["event_type"], *COMPATIBLE.get(rep["event_type"], ())}
                for c in undated.get((rep["article_id"], t, rep["modality"]), ())]
        else:
            pool = index.candidates(rep)
        lo, hi = rep["date_lo"], rep["date_hi"]
        for c in pool:
            if lo is not None and (c["date_lo"] > hi + _SLACK or c["date_hi"] < lo - _SLACK):
                continue
            s = score(rep, c, similarity)
            if s >= best_s:
                best, best_s = c, s
        if best is None:
            best = dict(rep, cluster_id=stable_id("cluster", row["id"]), n=0, countries=row.get("countries") or [],
                        incident_id=None, _created=True)
            _absorb(best, rep, similarity)
            if lo is None:
                undated.setdefault((rep["article_id"], rep["event_type"], rep["modality"]), []).append(best)
            else:
                index.put(best)
        else:
            if best["cluster_id"] not in index.before and not best.get("_created"):
                index.before[best["cluster_id"]] = link_fields(best)
            _absorb(best, rep, similarity)
            best["countries"] = sorted(set(best.get("countries") or []) | set(row.get("countries") or []))
            if lo is not None:
                index.put(best)  # its window, place or actors may have changed: file it there too
        out[row["id"]] = best["cluster_id"]
        index.touched[best["cluster_id"]] = best
    return out


def _absorb(cl: dict[str, Any], rep: dict[str, Any], similarity: str) -> None:
    """Fold a new member into an in-memory cluster representation (for the rest of the batch)."""
    n = cl.get("n") or 0
    if n == 0:
        cl.update({k: v for k, v in rep.items() if k not in ("n", "countries")})
        cl["_lex"] = list(rep.get("_lex") or [])
    else:
        lex = cl.setdefault("_lex", [])
        for f in rep.get("_lex") or ():
            _add_lex(lex, f)
        cl["actor_keys"] = sorted(set(cl["actor_keys"] or []) | set(rep["actor_keys"]))
        if rep["date_lo"] is not None and (cl["date_lo"] is None or
                                           (rep["date_hi"] - rep["date_lo"]) < (cl["date_hi"] - cl["date_lo"])):
            cl["date_lo"], cl["date_hi"] = rep["date_lo"], rep["date_hi"]
        if rep["lat"] is not None and _PLACE_RANK.get(rep["precision"] or "", 5) < _PLACE_RANK.get(cl.get("precision") or "", 5):
            for k in ("lat", "lon", "country", "admin1", "precision"):
                cl[k] = rep[k]
        a, b = cl.get("vec"), rep["vec"]
        if a is None or len(a) == 0:
            cl["vec"] = b
        elif b is not None and len(b):
            if similarity == "minhash":
                cl["vec"] = [min(x, y) for x, y in zip(a, b)]
            else:  # running mean of the members' unit vectors (its norm is the members' coherence)
                cl["vec"] = (a * n + b) / (n + 1)
    cl["n"] = n + 1


# -- merged records --------------------------------------------------------------------------

def refresh_clusters(con: duckdb.DuckDBPyConnection, cluster_ids: Sequence[str],
                     similarity: str = "static", *, fresh: Optional[dict[str, list[dict[str, Any]]]] = None,
                     vecs: Optional[dict[str, Any]] = None) -> list[dict[str, Any]]:
    """Recompute the merged record of ``cluster_ids`` from their member events.

    ``fresh`` maps clusters created in this batch to their (only) member rows, which are then
    not read back from the store; ``vecs`` gives cluster text vectors already at hand (the
    running means of :func:`assign`), so only the others are embedded again. Clusters left
    without members (an article was replaced) are deleted. Returns the new cluster rows; keeps
    each cluster's ``incident_id``.
    """
    if not cluster_ids:
        return []
    fresh = fresh or {}
    vecs = vecs or {}
    ids = list(cluster_ids)
    members: dict[str, list[dict[str, Any]]] = {cid: list(fresh[cid]) for cid in ids if cid in fresh}
    old = [cid for cid in ids if cid not in fresh]
    old_incident: dict[str, Any] = {}
    if old:
        cur = con.execute("SELECT * FROM events WHERE cluster_id IN (SELECT unnest(?))", [old])
        names = [d[0] for d in cur.description]
        for r in cur.fetchall():
            row = dict(zip(names, r))
            members.setdefault(row["cluster_id"], []).append(row)
        old_incident = dict(con.execute(
            "SELECT cluster_id, incident_id FROM clusters WHERE cluster_id IN (SELECT unnest(?))", [old]).fetchall())
        con.execute("DELETE FROM clusters WHERE cluster_id IN (SELECT unnest(?))", [old])
    out = []
    texts: dict[str, list[str]] = {}
    for cid, evs in members.items():
        if not _has(vecs.get(cid)):
            texts[cid] = list(dict.fromkeys(event_text(e) for e in
                                            sorted(evs, key=lambda e: -(e["confidence"] or 0))))[:MAX_TEXT_MEMBERS]
    unique = sorted({t for ts in texts.values() for t in ts})
    vec_of = dict(zip(unique, embed(unique, similarity)))  # one call for the whole batch
    for cid, evs in members.items():
        rec = merge(evs)
        if cid in texts:
            vs = [vec_of[t] for t in texts[cid]]
            if similarity == "minhash":
                rec["vec"] = [min(col) for col in zip(*vs)] if vs else None
            else:
                rec["vec"] = [float(sum(col)) / len(vs) for col in zip(*vs)] if vs else None
        else:
            rec["vec"] = [float(x) for x in vecs[cid]]
        rec["cluster_id"] = cid
        rec["incident_id"] = old_incident.get(cid)
        out.append(rec)
    if out:
        from wirecoder.store import _arrow_schema, _now
        now = _now()
        for rec in out:
            rec["updated_at"] = now
        schema = _arrow_schema(con, "clusters")
        tbl = pa.Table.from_pylist([{f.name: rec.get(f.name) for f in schema} for rec in out], schema=schema)
        con.register("_wc_clusters", tbl)
        try:
            con.execute("INSERT INTO clusters BY NAME SELECT * FROM _wc_clusters")
        finally:
            con.unregister("_wc_clusters")
    return out


def cluster_rep(rec: dict[str, Any], similarity: str = "static") -> dict[str, Any]:
    """The :class:`ClusterIndex` representation of a merged cluster record."""
    loc = rec.get("location") or {}
    return {"cluster_id": rec["cluster_id"], "event_type": rec["event_type"], "modality": rec["modality"],
            "date_lo": rec.get("date_lo"), "date_hi": rec.get("date_hi"), "lat": rec.get("lat"),
            "lon": rec.get("lon"), "country": rec.get("country"), "admin1": loc.get("admin1"),
            "precision": loc.get("precision"), "actor_keys": list(rec.get("actor_keys") or []),
            "vec": _as_vec(rec.get("vec"), similarity), "n": rec.get("num_events") or 0,
            "countries": list(rec.get("countries") or []), "incident_id": rec.get("incident_id")}


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
        if prev is None or _QUAL_RANK.get(q or "", 9) < _QUAL_RANK.get(prev[0] or "", 9):
            detail[v] = (q, s.get("text"))
    if not reports:
        return None, None, None
    confirmed = [v for v, arts in reports.items() if len(arts) >= 2]
    v = max(confirmed or reports)
    return v, detail[v][0], detail[v][1]


def merge(evs: list[dict[str, Any]]) -> dict[str, Any]:
    """The best record of a cluster from its member ``events`` rows (see module docstring)."""
    top = max(evs, key=lambda e: (e["confidence"] or 0, -len(e["sentence"] or "")))
    dated = [e for e in evs if e.get("date")]
    best_date = min(dated, key=lambda e: (_DATE_RANK.get(e["date"]["precision"], 9),
                                          -sum(1 for x in dated if x["date"]["value"] == e["date"]["value"]),
                                          e["date"]["value"]))["date"] if dated else None
    placed = [e for e in evs if e.get("location")]
    best_loc = min(placed, key=lambda e: (_PLACE_RANK.get(e["location"].get("precision") or "", 5),
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
    pubs = sorted(e["published"] for e in evs if e.get("published"))
    return {
        "event_type": _most_common(e["event_type"] for e in evs),
        "mode": _most_common(e.get("mode") for e in evs),
        "modality": _most_common(e["modality"] for e in evs),
        "date": best_date, "date_lo": lo, "date_hi": hi,
        "location": best_loc,
        "lat": best_loc.get("lat") if best_loc else None,
        "lon": best_loc.get("lon") if best_loc else None,
        "country": best_loc.get("country") if best_loc else None,
        "size": size, "actor": actors, "recipient": recipients,
        "actor_keys": sorted({actor_key(a) for a in actors + recipients}),
        "countries": sorted({c for e in evs for c in (e.get("countries") or [])}),
        "sectors": sorted({s for e in evs for s in (e.get("sectors") or [])}),
        "sentence": top["sentence"], "confidence": max(e["confidence"] or 0 for e in evs),
        "acled_type": _most_common(e.get("acled_type") for e in evs),
        "acled_subtype": _most_common(e.get("acled_subtype") for e in evs),
        "num_events": len(evs), "num_articles": len({e["article_id"] for e in evs}),
        "num_sources": len(sites), "sources": sites,
        "first_published": pubs[0] if pubs else None, "last_published": pubs[-1] if pubs else None,
    }


def _union_actors(groups: Iterable[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    seen: dict[tuple[Any, ...], dict[str, Any]] = {}
    freq: Counter[tuple[Any, ...]] = Counter()
    for group in groups:
        for a in group:
            key = ((a.get("name") or a.get("text") or "").lower(), a.get("country"), a.get("sector"))
            freq[key] += 1
            seen.setdefault(key, a)
    return [seen[k] for k, _ in freq.most_common()]
