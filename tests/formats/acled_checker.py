"""A checker of ACLED-style CSV files, written from the ACLED Codebook (2023) independently of
wirecoder's exporter: it returns the list of problems of a file (empty = conforms)."""
from __future__ import annotations

import csv
import re
from datetime import date

import pycountry

COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
           "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
           "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
           "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
           "fatalities", "tags", "timestamp"]
# event type -> sub-event types (codebook, "Event Types and Sub-Event Types")
SUB_EVENTS = {
    "Battles": {"Government regains territory", "Non-state actor overtakes territory", "Armed clash"},
    "Protests": {"Excessive force against protesters", "Protest with intervention", "Peaceful protest"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Explosions/Remote violence": {"Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"},
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Strategic developments": {"Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"},
}
# disorder type by sub-event type (codebook / 2023 column guide)
BOTH = "Political violence; Demonstrations"


def disorder_of(event_type: str, sub: str) -> str:
    if sub in ("Excessive force against protesters", "Violent demonstration"):
        return BOTH
    if event_type == "Protests":
        return "Demonstrations"
    if event_type == "Strategic developments":
        return "Strategic developments"
    return "Political violence"


REGIONS = {"Western Africa", "Middle Africa", "Eastern Africa", "Southern Africa", "Northern Africa",
           "Middle East", "Caucasus and Central Asia", "South Asia", "Southeast Asia", "East Asia", "Europe",
           "North America", "Central America", "Caribbean", "South America", "Oceania", "Antarctica"}
SCALES = ["Local", "Subnational", "National", "Regional", "International", "New media", "Other"]
STATE_NAME = re.compile(r"^(Military Forces|Police Forces|Government) of .+")
GROUP_NAME = re.compile(r"^(Protesters|Rioters|Civilians|Unidentified Armed Group) \((.+)\)$")


def check_row(row: dict[str, str]) -> list[str]:
    p = []
    et, sub = row["event_type"], row["sub_event_type"]
    if sub not in SUB_EVENTS.get(et, ()):
        p.append(f"sub-event {sub!r} is not one of {et!r}")
    if row["disorder_type"] != disorder_of(et, sub):
        p.append(f"disorder_type {row['disorder_type']!r} for {sub!r}")
    try:
        d = date.fromisoformat(row["event_date"])
    except ValueError:
        return p + [f"event_date {row['event_date']!r} is not yyyy-mm-dd"]
    if row["year"] != str(d.year):
        p.append("year differs from event_date")
    if row["time_precision"] not in ("1", "2", "3"):
        p.append(f"time_precision {row['time_precision']!r}")
    if row["time_precision"] == "3" and d.day != 15:
        p.append("a month-precise event is dated the 15th")
    i1, i2 = int(row["inter1"]), int(row["inter2"] or 0)
    if not 1 <= i1 <= 8 or not 0 <= i2 <= 8:
        p.append(f"inter codes {i1}/{i2}")
    want = 10 * min(i1, i2) + max(i1, i2) if i2 else 10 * i1
    if row["interaction"] != str(want):
        p.append(f"interaction {row['interaction']} for inter {i1}/{i2} (want {want})")
    if bool(row["actor2"]) != bool(i2):
        p.append("actor2 and inter2 disagree")
    if et == "Protests" and not (i1 == 6 and row["actor1"].startswith("Protesters (")):
        p.append("a protest's actor1 is Protesters (country), inter 6")
    if et == "Riots" and 5 not in (i1, i2):
        p.append("a riot involves rioters (inter 5)")
    if et == "Violence against civilians" and 7 not in (i1, i2):
        p.append("violence against civilians without civilians (inter 7)")
    civ = 7 in (i1, i2) and "Political violence" in row["disorder_type"]
    if (row["civilian_targeting"] == "Civilian targeting") != civ or row["civilian_targeting"] not in ("", "Civilian targeting"):
        p.append(f"civilian_targeting {row['civilian_targeting']!r}")
    for col, inter in (("actor1", i1), ("actor2", i2)):
        name = row[col]
        g = GROUP_NAME.match(name)
        if inter == 1 and not (STATE_NAME.match(name) or name):
            p.append(f"{col} {name!r}: state forces are named '... Forces of <country>'")
        if inter in (5, 6, 7) and not (g and g.group(1) == {5: "Rioters", 6: "Protesters", 7: "Civilians"}[inter]):
            p.append(f"{col} {name!r} for inter {inter}")
        if g and g.group(2) != row["country"] and inter in (5, 6):
            p.append(f"{col} {name!r} names another country than {row['country']!r}")
    c = pycountry.countries.get(numeric=row["iso"].zfill(3)) if row["iso"] else None
    if c is None:
        p.append(f"iso {row['iso']!r} is not an ISO 3166 numeric code")
    elif not row["event_id_cnty"].startswith(c.alpha_3) or not row["event_id_cnty"][3:].isdigit():
        p.append(f"event_id_cnty {row['event_id_cnty']!r} is not {c.alpha_3}<number>")
    if row["region"] not in REGIONS:
        p.append(f"region {row['region']!r}")
    if not row["country"]:
        p.append("no country")
    for col, lim in (("latitude", 90), ("longitude", 180)):
        if row[col] and abs(float(row[col])) > lim:
            p.append(f"{col} out of range")
    if row["geo_precision"] not in ("1", "2", "3"):
        p.append(f"geo_precision {row['geo_precision']!r}")
    if row["source"] and ("://" in row["source"] or "/" in row["source"]):
        p.append(f"source {row['source']!r}: outlet names, not URLs or paths")
    if row["source_scale"]:
        parts = row["source_scale"].split("-")
        if any(x not in SCALES for x in parts) or parts != sorted(parts, key=SCALES.index):
            p.append(f"source_scale {row['source_scale']!r}")
    if not row["fatalities"].isdigit():
        p.append(f"fatalities {row['fatalities']!r}")
    if et in ("Protests", "Riots") and not re.match(r"^crowd size=.+", row["tags"]):
        p.append(f"tags {row['tags']!r}: demonstrations carry 'crowd size=...'")
    return p


def check_file(path) -> list[str]:
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != COLUMNS:
            return [f"columns {reader.fieldnames} are not ACLED's"]
        rows = list(reader)
    problems = []
    ids = [r["event_id_cnty"] for r in rows]
    if len(set(ids)) != len(ids):
        problems.append(f"{len(ids) - len(set(ids))} duplicate event_id_cnty")
    for i, r in enumerate(rows, 2):
        problems += [f"line {i}: {x}" for x in check_row(r)]
    return problems
