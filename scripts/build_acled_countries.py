"""Build wirecoder/data/acled/countries.tsv: ISO alpha-3 -> ISO 3166 numeric, ACLED country name, ACLED region.

    python scripts/build_acled_countries.py

Reads the countries of wirecoder/data/countries.tsv (GeoNames names and continents), the ISO
numeric codes from pycountry, and assigns ACLED's regions (ACLED Codebook 2023, "Event Geography":
Western, Middle, Eastern, Southern and Northern Africa, Middle East, Caucasus and Central Asia,
South Asia, Southeast Asia, East Asia, Europe, North America, Central America, Caribbean, South
America, Oceania, Antarctica) from the sub-regional lists below; a country of a continent without
a list gets the continent's region. Names follow ACLED's spelling where it differs from GeoNames.
"""
from __future__ import annotations

import csv
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "wirecoder" / "data" / "countries.tsv"
OUT = ROOT / "wirecoder" / "data" / "acled" / "countries.tsv"

REGIONS = {
    "Northern Africa": "DZA EGY LBY MAR SDN TUN ESH",
    "Western Africa": "BEN BFA CPV CIV GMB GHA GIN GNB LBR MLI MRT NER NGA SEN SLE TGO SHN",
    "Middle Africa": "AGO CMR CAF TCD COD COG GNQ GAB STP",
    "Eastern Africa": "BDI COM DJI ERI ETH KEN MDG MWI MUS MYT MOZ REU RWA SYC SOM SSD TZA UGA ZMB ZWE IOT",
    "Southern Africa": "BWA SWZ LSO NAM ZAF",
    "Middle East": "BHR IRN IRQ ISR JOR KWT LBN OMN PSE QAT SAU SYR TUR ARE YEM",
    "Caucasus and Central Asia": "ARM AZE GEO KAZ KGZ TJK TKM UZB",
    "South Asia": "AFG BGD BTN IND MDV NPL PAK LKA",
    "East Asia": "CHN HKG MAC JPN MNG PRK KOR TWN",
    "Southeast Asia": "BRN KHM IDN LAO MYS MMR PHL SGP THA TLS VNM CXR CCK",
    "Central America": "BLZ CRI SLV GTM HND MEX NIC PAN",
    "North America": "USA CAN GRL BMU SPM",
    "Europe": "CYP",
}
CONTINENT = {"EU": "Europe", "SA": "South America", "OC": "Oceania", "AN": "Antarctica", "NA": "Caribbean"}
# ACLED's country names where GeoNames spells them otherwise
NAMES = {"COD": "Democratic Republic of Congo", "COG": "Republic of Congo", "CZE": "Czech Republic",
         "SWZ": "eSwatini", "PSE": "Palestine", "NLD": "Netherlands", "TLS": "East Timor", "CPV": "Cape Verde",
         "VAT": "Vatican City", "MKD": "North Macedonia", "CUW": "Curacao", "SCG": "Serbia and Montenegro"}


def main() -> None:
    region_of = {iso: region for region, isos in REGIONS.items() for iso in isos.split()}
    rows = []
    with open(SRC, encoding="utf-8") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    for r in csv.DictReader(lines, delimiter="\t"):
        iso3 = r["iso3"]
        region = region_of.get(iso3) or CONTINENT.get(r["continent"])
        if region is None:
            raise SystemExit(f"{iso3} ({r['name']}, continent {r['continent']}): no ACLED region; add it to REGIONS")
        c = pycountry.countries.get(alpha_3=iso3)
        rows.append([iso3, c.numeric.lstrip("0") or "0" if c else "", NAMES.get(iso3, r["name"].strip()), region])
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="") as fh:
        fh.write("# ACLED countries: ISO 3166 alpha-3, ISO 3166 numeric (ACLED's `iso`; empty where ISO has none,\n"
                 "# e.g. Kosovo), country name as ACLED writes it, ACLED region. Built by\n"
                 "# scripts/build_acled_countries.py from data/countries.tsv (GeoNames) and pycountry.\n")
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["iso3", "iso", "country", "region"])
        w.writerows(sorted(rows))
    print(f"wrote {len(rows)} countries to {OUT}")


if __name__ == "__main__":
    main()
