"""Cross-outlet deduplication: events that report the same real-world incident form a CLUSTER.

Clustering is incremental. Each new event is compared only with the clusters in its *block*
(same or compatible event type, same modality, overlapping date window) and joins the best one
scoring at least :data:`THRESHOLD`, else starts a new cluster; the store is never re-clustered.
Mentions of one incident within one article merge the same way.

Score of an event against a cluster = weighted mean of four parts in [0, 1]:

=========  ======  =====================================================================
part       weight  rule
=========  ======  =====================================================================
date       0.20    same day 1.0, one day apart 0.7, two 0.4; a coarse date (week or wider) 0.5
place      0.25    haversine distance: <= 25 km 1.0, decaying (e-fold 75 km); > 250 km, or
                   different countries -> VETO; province/country precision: same admin area 0.6;
                   unknown on either side 0.5
actors     0.25    each actor (country, sector, name) of the smaller side matched to its best
                   counterpart: same name or same country+sector 1.0, same country and one sector
                   unknown 0.6, same country only 0.3; no actors on a side 0.5
text       0.30    cosine of static sentence embeddings (``tokenlearn-static-model``, 64-d),
                   mapped (cos - 0.3) / 0.5 into [0, 1]; ``similarity="minhash"`` uses MinHash
                   Jaccard over word 3-shingles instead (measured worse, see the README)
=========  ======  =====================================================================

Compatible (not identical) types multiply the score by 0.85. The merged record of a cluster
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

THRESHOLD = 0.58
WEIGHTS = {"date": 0.20, "place": 0.25, "actors": 0.25, "text": 0.30}
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
    if not a or not b:
        return 0.0
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


def score(ev: dict[str, Any], cl: dict[str, Any], similarity: str = "static") -> float:
    """Score of event representation ``ev`` against cluster representation ``cl`` (0..1).

    Both are dicts with event_type, modality, date_lo, date_hi, lat, lon, country, admin1,
    precision, actor_keys, vec (see :func:`event_rep`).
    """
    if ev["modality"] != cl["modality"] or not types_compatible(ev["event_type"], cl["event_type"]):
        return 0.0
    d = date_score(ev, cl)
    if d == 0.0:
        return 0.0
    p = place_score(ev, cl)
    if p == 0.0:
        return 0.0
    parts = {
        "date": d, "place": p,
        "actors": actor_score(ev["actor_keys"], cl["actor_keys"]),
        "text": _text_part(text_similarity(ev["vec"], cl["vec"], similarity), similarity)
        if ev.get("vec") and cl.get("vec") else None,
    }
    total = sum(WEIGHTS[k] * (0.5 if v is None else v) for k, v in parts.items())
    if ev["event_type"] != cl["event_type"]:
        total *= COMPATIBLE_PENALTY
    return total


def event_rep(row: dict[str, Any], vec: Sequence[float]) -> dict[str, Any]:
    """The dict :func:`score` compares, from an ``events`` row."""
    loc = row.get("location") or {}
    return {
        "event_type": row["event_type"], "modality": row["modality"],
        "date_lo": row.get("date_lo"), "date_hi": row.get("date_hi"),
        "lat": loc.get("lat"), "lon": loc.get("lon"), "country": loc.get("country"),
        "admin1": loc.get("admin1"), "precision": loc.get("precision"),
        "actor_keys": [actor_key(a) for a in (row.get("actor") or []) + (row.get("recipient") or [])],
        "vec": list(vec), "n": 1, "article_id": row.get("article_id"),
    }


# -- incremental assignment ------------------------------------------------------------------

_CLUSTER_REP_COLS = ("cluster_id, event_type, modality, date_lo, date_hi, lat, lon, country, "
                     "location.admin1 AS admin1, location.precision AS precision, actor_keys, vec, num_events AS n")


def assign(con: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]],
           similarity: str = "static") -> dict[str, str]:
    """Assign each new event row to an existing or new cluster; return ``{event_id: cluster_id}``.

    Reads candidate clusters of the rows' blocks with one query; never rewrites other clusters.
    Called inside the store's transaction, before the rows are inserted.
    """
    if not rows:
        return {}
    vecs = embed([r["sentence"] or "" for r in rows], similarity)
    reps = [event_rep(r, v) for r, v in zip(rows, vecs)]
    candidates = _candidates(con, reps)
    # index by (type, modality, ISO week) so each event only meets clusters of nearby weeks
    index: dict[tuple[str, str, int], list[dict[str, Any]]] = {}
    undated: dict[tuple[str, str], list[dict[str, Any]]] = {}

    def put(c: dict[str, Any]) -> None:
        if c.get("date_lo") is None:
            undated.setdefault((c["event_type"], c["modality"]), []).append(c)
            return
        for w in _weeks(c["date_lo"] - _SLACK, c["date_hi"] + _SLACK):
            index.setdefault((c["event_type"], c["modality"], w), []).append(c)

    for c in candidates:
        put(c)
    out: dict[str, str] = {}
    for row, rep in zip(rows, reps):
        best, best_s = None, THRESHOLD
        seen: set[int] = set()
        for t in {rep["event_type"], *COMPATIBLE.get(rep["event_type"], ())}:
            if rep["date_lo"] is None:
                pool = [c for c in undated.get((t, rep["modality"]), ()) if c.get("article_id") == rep["article_id"]]
            else:
                pool = [c for w in _weeks(rep["date_lo"], rep["date_hi"])
                        for c in index.get((t, rep["modality"], w), ())]
            for c in pool:
                if id(c) in seen:
                    continue
                seen.add(id(c))
                if rep["date_lo"] is not None and (
                        c["date_lo"] is None or c["date_lo"] > rep["date_hi"] + _SLACK or
                        c["date_hi"] < rep["date_lo"] - _SLACK):
                    continue
                s = score(rep, c, similarity)
                if s >= best_s:
                    best, best_s = c, s
        if best is None:
            best = dict(rep, cluster_id=stable_id("cluster", row["id"]), n=0)
            _absorb(best, rep, similarity)
            put(best)
        else:
            before = (best["date_lo"], best["date_hi"])
            _absorb(best, rep, similarity)
            if (best["date_lo"], best["date_hi"]) != before:
                put(best)  # its window narrowed or moved: make sure it is found there
        out[row["id"]] = best["cluster_id"]
    return out


def _weeks(lo: date, hi: date) -> range:
    """Week numbers (days since 1970-01-05 // 7) that the interval lo..hi touches."""
    base = date(1970, 1, 5)
    return range((lo - base).days // 7, (hi - base).days // 7 + 1)


def _candidates(con: duckdb.DuckDBPyConnection, reps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    blocks = []
    for r in reps:
        if r["date_lo"] is None:
            continue
        for t in {r["event_type"], *COMPATIBLE.get(r["event_type"], ())}:
            blocks.append({"t": t, "m": r["modality"],
                           "lo": r["date_lo"] - timedelta(days=SLACK_DAYS),
                           "hi": r["date_hi"] + timedelta(days=SLACK_DAYS)})
    if not blocks:
        return []
    tbl = pa.Table.from_pylist(blocks, schema=pa.schema([("t", pa.string()), ("m", pa.string()),
                                                         ("lo", pa.date32()), ("hi", pa.date32())]))
    con.register("_wc_blocks", tbl)
    try:
        cur = con.execute(
            f"SELECT DISTINCT ON (cluster_id) {_CLUSTER_REP_COLS} FROM clusters c "
            "JOIN (SELECT DISTINCT t, m, lo, hi FROM _wc_blocks) b "
            "ON c.event_type = b.t AND c.modality = b.m AND c.date_lo <= b.hi AND c.date_hi >= b.lo")
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]
    finally:
        con.unregister("_wc_blocks")


def _absorb(cl: dict[str, Any], rep: dict[str, Any], similarity: str) -> None:
    """Fold a new member into an in-memory cluster representation (for the rest of the batch)."""
    n = cl.get("n") or 0
    if n == 0:
        cl.update({k: v for k, v in rep.items() if k != "n"})
    else:
        cl["actor_keys"] = sorted(set(cl["actor_keys"] or []) | set(rep["actor_keys"]))
        if rep["date_lo"] is not None and (cl["date_lo"] is None or
                                           (rep["date_hi"] - rep["date_lo"]) < (cl["date_hi"] - cl["date_lo"])):
            cl["date_lo"], cl["date_hi"] = rep["date_lo"], rep["date_hi"]
        if rep["lat"] is not None and _PLACE_RANK.get(rep["precision"] or "", 5) < _PLACE_RANK.get(cl.get("precision") or "", 5):
            for k in ("lat", "lon", "country", "admin1", "precision"):
                cl[k] = rep[k]
        if similarity != "minhash" and cl.get("vec") and rep["vec"]:
            cl["vec"] = [(a * n + b) / (n + 1) for a, b in zip(cl["vec"], rep["vec"])]
        elif similarity == "minhash" and cl.get("vec") and rep["vec"]:
            cl["vec"] = [min(a, b) for a, b in zip(cl["vec"], rep["vec"])]
    cl["n"] = n + 1


# -- merged records --------------------------------------------------------------------------

def refresh_clusters(con: duckdb.DuckDBPyConnection, cluster_ids: Sequence[str],
                     similarity: str = "static") -> list[dict[str, Any]]:
    """Recompute the merged record of ``cluster_ids`` from their member events.

    Clusters left without members (an article was replaced) are deleted. Returns the new
    cluster rows. Keeps each cluster's ``incident_id``.
    """
    if not cluster_ids:
        return []
    ids = list(cluster_ids)
    cur = con.execute(
        "SELECT e.*, a.site AS a_site FROM events e LEFT JOIN articles a ON a.id = e.article_id "
        "WHERE e.cluster_id IN (SELECT unnest(?))", [ids])
    names = [d[0] for d in cur.description]
    members: dict[str, list[dict[str, Any]]] = {}
    for r in cur.fetchall():
        row = dict(zip(names, r))
        members.setdefault(row["cluster_id"], []).append(row)
    old_incident = dict(con.execute(
        "SELECT cluster_id, incident_id FROM clusters WHERE cluster_id IN (SELECT unnest(?))", [ids]).fetchall())
    con.execute("DELETE FROM clusters WHERE cluster_id IN (SELECT unnest(?))", [ids])
    out = []
    texts: dict[str, list[str]] = {}
    for cid, evs in members.items():
        texts[cid] = list(dict.fromkeys(e["sentence"] or "" for e in
                                        sorted(evs, key=lambda e: -(e["confidence"] or 0))))[:MAX_TEXT_MEMBERS]
    unique = sorted({t for ts in texts.values() for t in ts})
    vec_of = dict(zip(unique, embed(unique, similarity)))  # one call for the whole batch
    for cid, evs in members.items():
        rec = merge(evs)
        vecs = [vec_of[t] for t in texts[cid]]
        if similarity == "minhash":
            rec["vec"] = [min(col) for col in zip(*vecs)] if vecs else None
        else:
            rec["vec"] = [sum(col) / len(vecs) for col in zip(*vecs)] if vecs else None
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
