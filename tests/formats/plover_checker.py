"""A checker of PLOVER JSONL records, written from the PLOVER manual's "JSON Data Fields" chapter
(openeventdata/PLOVER, PLOVER_MANUAL.tex): it returns the problems of a record (empty = conforms)."""
from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

# the event categories of the manual (v0.7b1 names and the later REQUEST) and their quad codes
QUAD = {"AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1, "COOPERATE": 2, "AID": 2, "RETREAT": 2,
        "INVESTIGATE": 2, "DEMAND": 3, "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "SANCTION": 3, "THREATEN": 3,
        "PROTEST": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4}
# The manual's quad table puts SANCTION in 3; wirecoder follows the newer PLOVER (quad 4). Both pass.
QUAD_ALT = {"SANCTION": {3, 4}}
ACTOR_FIELDS = {"code", "sector", "actor_text", "identifier_id", "identifier_text", "actor_loc", "religion",
                "ethnicity", "office", "gender", "age"}
TEXT_FIELDS = {"sequence", "start", "end", "text_story", "connlu_parse", "treebank_parse", "is_story"}
CITE_FIELDS = {"corpus", "citation", "url", "title", "language", "publication", "license", "copyright",
               "coder", "codebook", "version", "parser"}
LOC_FIELDS = {"geonameid", "name", "asciiname", "alternatenames", "latitude", "longitude", "feature class",
              "feature code", "country code", "cc3", "cc2", "admin1 code", "admin2 code", "admin3 code",
              "admin4 code", "population", "elevation", "dem", "timezone"}
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def check_record(rec: dict, loc_extras: frozenset = frozenset()) -> list[str]:
    p = []
    for k in ("id", "date", "source", "event"):  # required by the manual's table
        if k not in rec:
            p.append(f"missing required field {k!r}")
    if p:
        return p
    for k in ("date", "enddate"):
        if k in rec:
            if not isinstance(rec[k], str) or not DATE.match(rec[k]):
                p.append(f"{k} {rec[k]!r} is not YYYY-MM-DD")
            else:
                date.fromisoformat(rec[k])
    if "enddate" in rec and not p and rec["enddate"] < rec["date"]:
        p.append("enddate before date")
    for k in ("source", "recipient"):
        if k in rec:
            if not isinstance(rec[k], list):
                p.append(f"{k} is not a list of actor objects")
                continue
            for a in rec[k]:
                if not isinstance(a, dict) or set(a) - ACTOR_FIELDS:
                    p.append(f"{k} actor {a!r}: fields outside the actor object")
                elif "code" in a and not re.match(r"^[A-Z]{3}$", a["code"]):
                    p.append(f"{k} actor code {a['code']!r} is not 3 characters")
                elif "sector" in a and len(a["sector"]) not in (3, 6):
                    p.append(f"{k} sector {a['sector']!r} is not 3 or 6 characters")
    for k in ("event", "mode", "context", "event_text"):
        if k in rec and not (isinstance(rec[k], list) and all(isinstance(x, str) for x in rec[k])):
            p.append(f"{k} is not a list of strings")
    if not rec["event"] or any(e not in QUAD for e in rec["event"]):
        p.append(f"event {rec['event']!r}: not PLOVER categories")
    elif "quad_code" in rec:
        if rec["quad_code"] not in (1, 2, 3, 4):
            p.append(f"quad_code {rec['quad_code']!r}")
        elif any(rec["quad_code"] not in QUAD_ALT.get(e, {QUAD[e]}) for e in rec["event"]):
            p.append(f"quad_code {rec['quad_code']} does not fit {rec['event']}")
    if "event_scale" in rec and not (isinstance(rec["event_scale"], (int, float)) and -10 <= rec["event_scale"] <= 10):
        p.append(f"event_scale {rec['event_scale']!r}")
    loc = rec.get("event_loc")
    if loc is not None:
        extra = set(loc) - LOC_FIELDS - set(loc_extras)
        if extra:
            p.append(f"event_loc fields {sorted(extra)} are not the location object's")
        if "latitude" in loc and not -90 <= loc["latitude"] <= 90 or "longitude" in loc and not -180 <= loc["longitude"] <= 180:
            p.append("event_loc coordinates out of range")
        if "country code" in loc and not re.match(r"^[A-Z]{2}$", loc["country code"]):
            p.append("event_loc country code is not ISO alpha-2")
        if "cc3" in loc and not re.match(r"^[A-Z]{3}$", loc["cc3"]):
            p.append("event_loc cc3 is not ISO alpha-3")
        if "geonameid" in loc and not isinstance(loc["geonameid"], int):
            p.append("event_loc geonameid is not an integer")
    ti = rec.get("text_info")
    if ti is not None:
        if set(ti) - TEXT_FIELDS:
            p.append(f"text_info fields {sorted(set(ti) - TEXT_FIELDS)}")
        if not (isinstance(ti.get("start"), int) and isinstance(ti.get("end"), int) and 0 <= ti["start"] <= ti["end"]):
            p.append("text_info start/end are not character offsets")
    ci = rec.get("cite_info")
    if ci is not None:
        if set(ci) - CITE_FIELDS:
            p.append(f"cite_info fields {sorted(set(ci) - CITE_FIELDS)}")
        if "url" in ci and urlsplit(ci["url"]).scheme not in ("http", "https"):
            p.append(f"cite_info url {ci['url']!r}")
        if "language" in ci and not re.match(r"^[a-z]{2}$", ci["language"]):
            p.append("cite_info language is not ISO 639-1")
    if rec.get("has_event") not in (None, True, False):
        p.append("has_event is not a boolean")
    return p
