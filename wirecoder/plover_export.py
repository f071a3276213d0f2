"""PLOVER JSON records by the PLOVER manual's "JSON Data Fields", and the Goldstein-like intensity.

One record per event (or cluster), one JSON object per line (the manual suggests JSONL):

``id``, ``has_event``          the event id; true
``date``, ``enddate``          full ``YYYY-MM-DD`` dates: the first and last day the event's date
                               stands for (``enddate`` only when they differ: a month, a week)
``source``, ``recipient``      lists of actor objects ``{code, sector, actor_text, identifier_text}``
``event``, ``mode``,           lists (the manual allows several values); ``quad_code`` 1-4
``context``, ``quad_code``
``event_scale``                Goldstein-like intensity of the type/mode (``data/intensity.tsv``)
``event_loc``                  location object with the GeoNames names of the manual (``geonameid``,
                               ``name``, ``latitude``, ``longitude``, ``country code`` (ISO alpha-2),
                               ``cc3``) plus ``admin1``/``admin2`` names and ``resolution`` (the
                               place precision: exact, town, district, province, country)
``event_text``, ``text``       the trigger word; the sentence
``text_info``                  ``{start, end}``: character offsets of the event in the article text
``cite_info``                  ``{url, title, publication, citation, language, coder, codebook}``
``coder``                      ``wirecoder <version>``

wirecoder's own fields, added as the manual invites: ``date_precision``, ``cameo_root``,
``modality``, ``size`` (the manual's size object: ``dead``, ``injured``, ``arrested``, plus
``people`` and ``qualifier``), ``reported_by`` (reported speech), ``confidence`` and, from a
store, ``cluster_id``, ``num_sources``, ``incident_id``.
"""
from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any, Optional

from .datafiles import data_path, read_tsv
from .errors import DataFileError

CODEBOOK = "plover-0.8"


@lru_cache(maxsize=1)
def intensity_table() -> dict[tuple[str, str], float]:
    from .ontology import default_ontology
    path = data_path("intensity.tsv")
    types = default_ontology().types
    out: dict[tuple[str, str], float] = {}
    for no, row in read_tsv(path, ["event_type", "mode", "cameo", "intensity"]):
        t, m = row["event_type"], row["mode"]
        if t not in types:
            raise DataFileError(f"{path}:{no}", f"unknown PLOVER type {t!r}")
        if m != "*" and m not in types[t].modes:
            raise DataFileError(f"{path}:{no}", f"{t} has no mode {m!r}")
        try:
            v = float(row["intensity"])
        except ValueError:
            raise DataFileError(f"{path}:{no}", f"intensity {row['intensity']!r} is not a number") from None
        if not -10 <= v <= 10:
            raise DataFileError(f"{path}:{no}", f"intensity {v} is outside -10..10")
        out[(t, m)] = v
    missing = [t for t in types if (t, "*") not in out]
    if missing:
        raise DataFileError(str(path), f"no default (mode *) row for {', '.join(missing)}")
    return out


def intensity(event_type: Optional[str], mode: Optional[str]) -> Optional[float]:
    """The Goldstein-like intensity of a PLOVER type and mode (the type's default without a mode)."""
    if not event_type:
        return None
    table = intensity_table()
    return table.get((event_type, mode or "*"), table.get((event_type, "*")))


def _quad(event_type: Optional[str], fallback: Optional[int]) -> Optional[int]:
    """The quad code of a PLOVER type (the ontology's; the record's value for an unknown type)."""
    from .ontology import default_ontology
    t = default_ontology().types.get(event_type or "")
    return t.quad if t else fallback


def _iso(v: Any) -> Optional[str]:
    if v is None:
        return None
    return v.isoformat() if isinstance(v, date) else str(v)[:10]


def _actor(a: dict[str, Any]) -> dict[str, Any]:
    out = {"code": a.get("country"), "sector": a.get("sector"), "actor_text": a.get("text"),
           "identifier_text": a.get("name")}
    return {k: v for k, v in out.items() if v is not None}


def _iso2(iso3: Optional[str]) -> Optional[str]:
    if not iso3:
        return None
    try:
        import pycountry
        c = pycountry.countries.get(alpha_3=iso3)
        return c.alpha_2 if c else None
    except (ImportError, LookupError, KeyError):
        return None


def _location(loc: Optional[dict[str, Any]]) -> Optional[dict[str, Any]]:
    if not loc:
        return None
    out = {"geonameid": loc.get("geonameid"), "name": loc.get("name") or loc.get("text"),
           "latitude": loc.get("lat"), "longitude": loc.get("lon"),
           "country code": _iso2(loc.get("country")), "cc3": loc.get("country"),
           "admin1": loc.get("admin1"), "admin2": loc.get("admin2"), "resolution": loc.get("precision"),
           "text": loc.get("text")}
    return {k: v for k, v in out.items() if v is not None}


def plover_record(r: dict[str, Any]) -> Optional[dict[str, Any]]:
    """A PLOVER record from an event record (``Event.to_dict()`` plus extras) or a cluster record;
    None when the event has no date (the manual requires one)."""
    from . import __version__
    from .dedupe import date_range

    d = r.get("date") or {}
    start, end = r.get("date_start"), r.get("date_end")
    if start is None and d:
        start, end = date_range(d, None)
    if start is None:
        return None
    start_s, end_s = _iso(start), _iso(end)
    size = r.get("size") or {}
    span = r.get("span")
    coder = f"wirecoder {__version__}"
    site = r.get("site")
    if not site and r.get("url"):
        from .acled_export import outlet_site
        site = outlet_site(r["url"])
    if site:
        from .acled_export import outlets
        o = outlets().get(site)
        site = o.name if o else site
    rec: dict[str, Any] = {
        "id": r.get("id"), "has_event": True,
        "date": start_s,
        **({"enddate": end_s} if end_s and end_s != start_s else {}),
        "date_precision": d.get("precision"),
        "source": [_actor(a) for a in r.get("actor") or []],
        "recipient": [_actor(a) for a in r.get("recipient") or []],
        "event": [r["event_type"]] if r.get("event_type") else [],
        "mode": [r["mode"]] if r.get("mode") else [],
        "context": list(r.get("context") or []),
        "quad_code": _quad(r.get("event_type"), r.get("quad_class")),
        "event_scale": intensity(r.get("event_type"), r.get("mode")),
        "cameo_root": r.get("cameo_root"),
        "event_loc": _location(r.get("location")),
        "event_text": [r["trigger"]] if r.get("trigger") else [],
        "text": r.get("sentence"),
        "text_info": {"start": int(span[0]), "end": int(span[1])} if span else None,
        "cite_info": {k: v for k, v in {
            "url": r.get("url"), "title": r.get("title"), "publication": site,
            "citation": r.get("article_id"), "language": "en", "coder": coder, "codebook": CODEBOOK,
        }.items() if v is not None},
        "coder": coder,
        "modality": r.get("modality"),
        "size": {k: size.get(k) for k in ("people", "qualifier", "dead", "injured", "arrested")
                 if size.get(k) is not None} or None,
        "reported_by": r.get("source"),
        "confidence": r.get("confidence"),
    }
    for k in ("cluster_id", "num_sources", "incident_id", "num_events", "sources"):
        if r.get(k) is not None:
            rec[k] = r[k]
    return {k: v for k, v in rec.items() if v is not None}
