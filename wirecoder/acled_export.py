"""ACLED-style rows from wirecoder clusters, by ACLED's codebook.

The mapping is data: ``data/acled/export.yaml`` (columns, inter codes, actor names, disorder types,
precision codes, tags, source scales), ``data/acled/countries.tsv`` (numeric ISO code, ACLED
country name and region) and ``data/acled/outlets.tsv`` (outlet names and scales). One row per
cluster (a deduplicated event); a cluster ACLED would not code is left out with a reason:

* no ACLED event type (PLOVER events ACLED does not cover: consultations, statements, aid, ...);
* not asserted (planned, hypothetical or denied events);
* a date vaguer than a month (ACLED's time precision stops at 3, a month), or no date;
* no country for the place (ACLED codes every event in a country);
* no actor with an ACLED actor type (every ACLED event has an ``actor1``).

:func:`acled_row` returns ``(row, None)`` or ``(None, reason)``.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any, Optional
from urllib.parse import urlsplit

from .datafiles import data_path, read_tsv, read_yaml
from .errors import DataFileError

REQUIRED = ("columns", "inter_codes", "sector_inter", "state_sectors", "demonstrator_sectors", "names",
            "assoc_names", "disorder_type", "civilian_targeting", "time_precision", "geo_precision",
            "crowd_tag", "crowd_size", "scales")
VIOLENT = ("Battles", "Explosions/Remote violence", "Violence against civilians")


@dataclass(frozen=True)
class Country:
    iso3: str
    iso: Optional[int]
    name: str
    region: str


@dataclass(frozen=True)
class Outlet:
    name: str
    country: Optional[str]
    scale: Optional[str]


@lru_cache(maxsize=1)
def mapping() -> dict[str, Any]:
    path = data_path("acled/export.yaml")
    m = read_yaml(path, REQUIRED)
    for sub, disorder in m["disorder_type"].items():
        for part in str(disorder).split("; "):
            if part not in ("Political violence", "Demonstrations", "Strategic developments"):
                raise DataFileError(str(path), f"disorder_type of {sub!r}: unknown disorder {part!r}")
    for sector, code in m["sector_inter"].items():
        if code not in m["inter_codes"]:
            raise DataFileError(str(path), f"sector_inter {sector}: {code} is not an inter code")
    return m


@lru_cache(maxsize=1)
def countries() -> dict[str, Country]:
    out = {}
    for _, row in read_tsv(data_path("acled/countries.tsv"), ["iso3", "iso", "country", "region"]):
        out[row["iso3"]] = Country(row["iso3"], int(row["iso"]) if row["iso"] else None, row["country"], row["region"])
    return out


@lru_cache(maxsize=1)
def outlets() -> dict[str, Outlet]:
    path = data_path("acled/outlets.tsv")
    scales = set(mapping()["scales"])
    out = {}
    for no, row in read_tsv(path, ["site", "name", "country", "scale"]):
        if row["scale"] and row["scale"] not in scales:
            raise DataFileError(f"{path}:{no}", f"unknown scale {row['scale']!r}; use one of {', '.join(scales)}")
        out[row["site"].lower()] = Outlet(row["name"], row["country"] or None, row["scale"] or None)
    return out


@lru_cache(maxsize=1)
def organisation_names() -> frozenset[str]:
    """Names of organisations (organisations.tsv and WIRECODER_ACTORS files): these keep their names."""
    files = [data_path("organisations.tsv")]
    env = os.environ.get("WIRECODER_ACTORS")
    if env:
        files += [p for p in env.split(os.pathsep) if p]
    names = set()
    for path in files:
        for _, row in read_tsv(path, ["name"]):
            names.add(row["name"])
    return frozenset(names)


FILE_SUFFIXES = (".txt", ".html", ".htm", ".json", ".jsonl", ".gz", ".warc", ".xml", ".parquet", ".csv")


def outlet_site(source: str) -> Optional[str]:
    """The web site of a source (a domain or URL), or None for a file path or other non-site."""
    s = (source or "").strip()
    if "://" in s:
        host = urlsplit(s).hostname or ""
    elif "/" in s or "\\" in s or " " in s or ":" in s:
        return None
    else:
        host = s
    host = host.lower()
    if "." not in host or host.endswith(FILE_SUFFIXES):
        return None
    return host[4:] if host.startswith("www.") else host


def _actor(a: dict[str, Any], event_iso3: str, event_type: str, m: dict[str, Any]) -> tuple[Optional[str], Optional[int], Optional[str]]:
    """(ACLED name, inter code, associated-actor label) of one wirecoder actor."""
    sector, acountry = a.get("sector"), a.get("country")
    known = countries()
    cname = known[acountry].name if acountry in known else known[event_iso3].name
    inter = m["sector_inter"].get(sector)
    if sector in m["state_sectors"] and acountry in known and acountry != event_iso3:
        inter = 8  # state forces active outside their own country
    name = a.get("name")
    named = name in organisation_names()
    if event_type in ("Protests", "Riots") and (sector in m["demonstrator_sectors"] or sector is None):
        label = name if named else m["assoc_names"].get(sector, "").format(country=cname) or None
        return None, None, label
    if named:
        return name, inter, None
    if sector in m["names"]:
        return m["names"][sector].format(country=cname), inter, None
    if inter == 7:
        return m["names"]["civilians"].format(country=cname), 7, \
            (m["assoc_names"].get(sector, "").format(country=cname) or None)
    if inter in (2, 3, 4):
        return m["names"]["unidentified"].format(country=cname), 3, None
    return None, None, None


def _side(actors: list[dict[str, Any]], iso3: str, event_type: str, m: dict[str, Any]) -> tuple[list[tuple[str, int]], list[str]]:
    main, assoc = [], []
    for a in actors or []:
        name, inter, label = _actor(a, iso3, event_type, m)
        if name and inter and all(name != n for n, _ in main):
            main.append((name, inter))
        if label and label not in assoc:
            assoc.append(label)
    return main, assoc


def event_date(d: dict[str, Any], lo: Optional[date], hi: Optional[date]) -> tuple[Optional[str], Optional[int]]:
    """(event_date, time_precision) by the codebook: a week's middle day, a month's 15th."""
    m = mapping()
    prec = (d or {}).get("precision")
    tp = m["time_precision"].get(prec)
    if tp is None or not d.get("value"):
        return None, None
    value = d["value"]
    if prec == "day" and len(value) == 10:
        return value, tp
    if prec == "month" and len(value) >= 7:
        return f"{value[:7]}-15", tp
    if lo and hi:
        return (lo + (hi - lo) / 2).isoformat(), tp
    return (value if len(value) == 10 else None), (tp if len(value) == 10 else None)


def event_id(iso3: str, cluster_id: str) -> str:
    """``event_id_cnty``: the country's ISO alpha-3 and a number stable for the cluster."""
    return f"{iso3}{int(hashlib.sha1(str(cluster_id).encode()).hexdigest()[:13], 16)}"


def acled_row(r: dict[str, Any]) -> tuple[Optional[dict[str, Any]], Optional[str]]:
    """One ACLED row from a cluster row (``level="clusters"`` of :func:`wirecoder.query.query`)."""
    m = mapping()
    acled_type, sub = r.get("acled_type"), r.get("acled_subtype")
    if not acled_type or not sub:
        return None, "no ACLED event type"
    if (r.get("modality") or "asserted") != "asserted":
        return None, f"not asserted ({r.get('modality')})"
    day, tp = event_date(r.get("date") or {}, r.get("date_lo"), r.get("date_hi"))
    if day is None:
        return None, "dated vaguer than a month"
    loc = r.get("location") or {}
    iso3 = loc.get("country") or r.get("country")
    if iso3 not in countries():
        return None, "no country"
    c = countries()[iso3]
    size = r.get("size") or {}
    side1, assoc1 = _side(r.get("actor"), iso3, acled_type, m)
    side2, assoc2 = _side(r.get("recipient"), iso3, acled_type, m)
    if acled_type == "Protests":
        side2 = [s for s in side1 + side2 if s[1] != 6][:1]
        side1 = [(m["names"]["protesters"].format(country=c.name), 6)]
        assoc1, assoc2 = assoc1 + assoc2, []
    elif acled_type == "Riots":
        others = [s for s in side1 + side2 if s[1] != 5]
        side1 = [(m["names"]["rioters"].format(country=c.name), 5)]
        side2 = others[:1]
        assoc1, assoc2 = assoc1 + assoc2, []
    else:
        if not side1 and acled_type in VIOLENT:
            side1 = [(m["names"]["unidentified"].format(country=c.name), 3)]
        if acled_type == "Violence against civilians" and not any(i == 7 for _, i in side2):
            side2 = [(m["names"]["civilians"].format(country=c.name), 7)] + side2
    if not side1 and side2:
        side1, side2 = side2[:1], side2[1:]
    if not side1:
        return None, "no actor ACLED can name"
    actor1, inter1 = side1[0]
    actor2, inter2 = side2[0] if side2 else (None, 0)
    assoc1 = [n for n, _ in side1[1:]] + assoc1
    assoc2 = [n for n, _ in side2[1:]] + assoc2
    interaction = 10 * min(inter1, inter2) + max(inter1, inter2) if inter1 and inter2 else 10 * (inter1 or inter2)
    disorder = m["disorder_type"].get(sub)
    targeted = 7 in (inter1, inter2) and disorder and "Political violence" in disorder
    sites = []
    for s in r.get("sources") or ([r["url"]] if r.get("url") else []):
        site = outlet_site(s)
        if site and site not in sites:
            sites.append(site)
    known = outlets()
    names = [known[s].name if s in known else s for s in sites]
    scales = set()
    for s in sites:
        o = known.get(s)
        if o is None or o.scale is None:
            continue
        scales.add(o.scale if (o.country is None or o.country == iso3) else "International")
    tags = None
    if acled_type in ("Protests", "Riots"):
        q = size.get("qualifier") if size.get("people") else None
        crowd = m["crowd_size"].get(q or "exact" if size.get("people") else "none")
        tags = m["crowd_tag"].format(size=crowd.format(n=size.get("people")))
    updated = r.get("updated_at")
    row = {
        "event_id_cnty": event_id(iso3, r.get("cluster_id") or r.get("id")),
        "event_date": day, "year": int(day[:4]), "time_precision": tp,
        "disorder_type": disorder, "event_type": acled_type, "sub_event_type": sub,
        "actor1": actor1, "assoc_actor_1": "; ".join(assoc1) or None, "inter1": inter1,
        "actor2": actor2, "assoc_actor_2": "; ".join(assoc2) or None, "inter2": inter2,
        "interaction": interaction,
        "civilian_targeting": m["civilian_targeting"] if targeted else None,
        "iso": c.iso, "region": c.region, "country": c.name,
        "admin1": loc.get("admin1"), "admin2": loc.get("admin2"), "admin3": None,
        "location": loc.get("name") or loc.get("text"),
        "latitude": loc.get("lat"), "longitude": loc.get("lon"),
        "geo_precision": m["geo_precision"].get(loc.get("precision") or "", 3),
        "source": "; ".join(names) or None,
        "source_scale": "-".join(s for s in m["scales"] if s in scales) or None,
        "notes": r.get("sentence"), "fatalities": int(size.get("dead") or 0), "tags": tags,
        "timestamp": int(updated.timestamp()) if isinstance(updated, datetime) else None,
    }
    return row, None
