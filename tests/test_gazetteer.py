"""The gazetteer format, the GeoNames dump builder and the default gazetteer."""
from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import pytest

from wirecoder.errors import DataFileError, InputError
from wirecoder.gazetteer import (SITE_CODES, Gazetteer, build_gazetteer, derived_centre, load_country_points,
                                 load_features, name_key)

# A few rows in the GeoNames dump format (19 tab-separated columns), written by the test.
_ROWS = [
    # geonameid name ascii alternatenames lat lon fclass fcode cc cc2 a1 a2 a3 a4 pop elev dem tz moddate
    ("9000001", "Testland", "Testland", "Republic of Testland,TL", "10.0", "20.0", "A", "PCLI", "TL",
     "", "00", "", "", "", "5000000", "", "100", "Etc/UTC", "2024-01-01"),
    ("9000002", "North Province", "North Province", "Nordprovinz", "11.0", "21.0", "A", "ADM1", "TL",
     "", "01", "", "", "", "0", "", "100", "Etc/UTC", "2024-01-01"),
    ("9000003", "Hill District", "Hill District", "", "", "", "A", "ADM2", "TL",
     "", "01", "0101", "", "", "0", "", "100", "Etc/UTC", "2024-01-01"),
    ("9000004", "Ridgetown", "Ridgetown", "Ridge Town,Ridgeville", "11.5", "21.5", "P", "PPLA", "TL",
     "", "01", "0101", "", "", "40000", "", "100", "Etc/UTC", "2024-01-01"),
    ("9000005", "Smallplace", "Smallplace", "", "11.7", "21.7", "P", "PPL", "TL",
     "", "01", "0101", "", "", "50", "", "100", "Etc/UTC", "2024-01-01"),
    ("9000006", "Ridgetown Peak", "Ridgetown Peak", "", "11.6", "21.6", "T", "MT", "TL",
     "", "01", "0101", "", "", "0", "", "100", "Etc/UTC", "2024-01-01"),
]


def _dump(tmp_path: Path, rows=_ROWS) -> Path:
    txt = "".join("\t".join(r) + "\n" for r in rows)
    z = tmp_path / "TL.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("TL.txt", txt)
        zf.writestr("readme.txt", "not data")
    return z


def test_build_from_geonames_zip_then_resolve(tmp_path):
    # the ADM2 row has no coordinates in the dump (empty fields would be invalid): drop it here
    rows = [r for r in _ROWS if r[0] != "9000003"]
    admin2 = tmp_path / "admin2Codes.txt"
    admin2.write_text("TL.01.0101\tHill District\tHill District\t9000003\n", encoding="utf-8")
    out = tmp_path / "tl.sqlite"
    stats = build_gazetteer(_dump(tmp_path, rows), out, admin_codes=[admin2], min_population=100)
    assert stats["kind_country"] == 1 and stats["kind_admin1"] == 1 and stats["kind_admin2"] == 1
    assert stats["kind_city"] == 1          # Smallplace is under --min-population, the peak is class T
    gaz = Gazetteer(out)
    (town,) = gaz.lookup("Ridge Town")
    assert (town.geonameid, town.kind, town.admin2) == (9000004, "city", "0101")
    assert gaz.lookup("ridgetown")[0].geonameid == 9000004
    # the admin2 unit from the codes file has no GeoNames point: its centre is derived from its town
    (district,) = gaz.lookup("Hill")
    assert district.kind == "admin2" and district.coord_source == "derived"
    assert (district.lat, district.lon) == (11.5, 21.5)
    assert gaz.unit("TL", "01").name == "North Province"
    assert gaz.iso3("TL") == "TLS"         # alpha-3 from pycountry (TL is Timor-Leste)
    assert gaz.country("TL").coord_source == "geonames"
    assert "GeoNames" in gaz.meta["attribution"]


def test_build_plain_txt_with_spots(tmp_path):
    txt = tmp_path / "TL.txt"
    txt.write_text("".join("\t".join(r) + "\n" for r in _ROWS if r[0] != "9000003"), encoding="utf-8")
    stats = build_gazetteer(txt, tmp_path / "g.sqlite", feature_classes="APT")
    curated_sites = sum(1 for r in load_features() if r[2] in SITE_CODES)   # added to every build
    assert stats["kind_spot"] == 1 + curated_sites and stats["kind_city"] == 2


def test_bad_dump_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("1\tonly\tthree\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.txt:1: expected 19"):
        build_gazetteer(bad, tmp_path / "x.sqlite")
    with pytest.raises(InputError, match="no such file"):
        build_gazetteer(tmp_path / "missing.zip", tmp_path / "x.sqlite")
    assert not (tmp_path / "x.sqlite").exists()


def test_open_rejects_other_files(tmp_path):
    with pytest.raises(DataFileError, match="not found"):
        Gazetteer(tmp_path / "none.sqlite")
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE meta(key, value)").connection.commit()
    with pytest.raises(DataFileError, match="not a wirecoder gazetteer"):
        Gazetteer(other)


def test_name_key_and_centre():
    assert name_key("Khyber-Pakhtunkhwa") == name_key("khyber pakhtunkhwa")
    assert name_key("Chitrāl") == "chitral"
    assert derived_centre([(1.0, 1.0), (3.0, 5.0), (2.0, 2.0)], "admin2") == (2.0, 2.0)   # few towns: the median
    # a province: the middle of the box around its towns, also across the antimeridian
    assert derived_centre([(1.0, 1.0), (3.0, 5.0), (2.0, 2.0)], "admin1") == (2.0, 3.0)
    assert derived_centre([(64.0, 170.0), (66.0, 178.0), (70.0, -172.0)], "admin1") == (67.0, 179.0)


def test_default_gazetteer_has_admin_levels():
    gaz = Gazetteer.default()
    kinds = {e.kind for e in gaz.lookup("Chitral")}
    assert {"city", "admin2"} <= kinds
    (kp,) = [e for e in gaz.lookup("Khyber Pakhtunkhwa") if e.kind == "admin1"]
    assert kp.country == "PK" and kp.lat is not None
    tj = [e for e in gaz.lookup("Tajikistan") if e.kind == "country"][0]
    assert gaz.iso3(tj.country) == "TJK" and 36 < tj.lat < 41 and 67 < tj.lon < 75


def test_country_centre_is_the_middle_of_the_territory_not_of_the_towns():
    # many towns crowded in the west, a few spread over the east: the area centroid of the
    # occupied 1-degree cells lies between, the town median stays in the crowd
    west = [(50.0 + k * 0.01, 10.0 + k * 0.01) for k in range(40)]
    east = [(50.0, float(lon)) for lon in range(20, 40)]
    lat, lon = derived_centre(west + east, "country")
    assert 20 < lon < 35 and 49 < lat < 52
    assert derived_centre(west + east, "admin2")[1] < lon
    # across the antimeridian: the centre stays near 180 degrees, not at 0
    _, lon = derived_centre([(60.0, 175.0), (60.0, 178.0), (60.0, -179.0), (60.0, -176.0)], "country")
    assert abs(abs(lon) - 180) < 5


def test_default_gazetteer_knows_short_country_and_state_names():
    gaz = Gazetteer.default()
    assert any(e.kind == "country" and e.country == "US" for e in gaz.lookup("US"))
    assert any(e.kind == "country" and e.country == "GB" for e in gaz.lookup("UK"))
    assert any(e.kind == "country" and e.country == "AE" for e in gaz.lookup("UAE"))
    assert [e.name for e in gaz.lookup("Calif.") if e.kind == "admin1"] == ["California"]
    assert [e.name for e in gaz.lookup("B.C.") if e.kind == "admin1"] == ["British Columbia"]
    assert any(e.kind == "continent" and e.name == "Europe" for e in gaz.lookup("EU"))
    # a town's short all-caps alternate name (an airport code) is still not indexed
    assert not any(e.kind == "city" for e in gaz.lookup("CJL"))


def test_country_points_file_gives_countries_a_point_and_its_source(tmp_path):
    pts = {iso: (lat, lon, src) for iso, lat, lon, src in load_country_points()}
    assert len(pts) > 200 and pts["AD"] == (42.5, 1.5, "factbook")      # too small for the outlines
    # the United States: between the Factbook's 38N 97W and the middle of the lower 48 states,
    # not pulled towards Alaska
    lat, lon, src = pts["US"]
    assert src == "blended" and 38 < lat < 40 and -99 < lon < -97
    txt = tmp_path / "TL.txt"
    # a country with its own GeoNames point in the dump keeps it
    txt.write_text("".join("\t".join(r) + "\n" for r in _ROWS if r[0] != "9000003"), encoding="utf-8")
    out = tmp_path / "g.sqlite"
    build_gazetteer(txt, out)
    g = Gazetteer(out)
    tl = g.country("TL")
    assert tl is not None and tl.coord_source == "geonames"


def test_features_file_is_well_formed_and_built_in(tmp_path):
    rows = load_features()
    names = {r[0] for r in rows}
    assert {"Atlantic Ocean", "Persian Gulf", "Middle East", "Fort Hood", "Kaveri"} <= names
    for name, gid, fcode, lat, lon, iso2, aliases in rows:
        assert -90 <= lat <= 90 and -180 <= lon <= 180 and fcode.isupper()
    txt = tmp_path / "TL.txt"
    txt.write_text("".join("\t".join(r) + "\n" for r in _ROWS if r[0] != "9000003"), encoding="utf-8")
    out = tmp_path / "g.sqlite"
    build_gazetteer(txt, out)
    g = Gazetteer(out)
    (cauvery,) = g.lookup("Cauvery")            # an alias of the river Kaveri
    assert cauvery.kind == "region" and cauvery.coord_source == "curated" and cauvery.geonameid < 0
    hood = [e for e in g.lookup("Fort Hood") if e.kind == "spot"]
    assert hood and hood[0].country == "US"
    assert any(e.geonameid == 3411923 and e.kind == "region" for e in g.lookup("Atlantic"))


def test_bad_features_row_names_file_and_line(tmp_path, monkeypatch):
    import wirecoder.gazetteer as gz
    (tmp_path / "features.tsv").write_text("# c\nAtlantic Ocean\tx\tOCN\t10\t-25\t-\t\n", encoding="utf-8")
    monkeypatch.setattr(gz, "_DATA", tmp_path)
    gz.load_features.cache_clear()
    try:
        with pytest.raises(DataFileError, match="features.tsv:2"):
            gz.load_features()
    finally:
        gz.load_features.cache_clear()


def test_the_unit_words_come_from_a_word_list(tmp_path):
    """"Chitral District" is also "Chitral": the level words are data/gazetteer/unit_words.txt; a bad
    line of a word list is named."""
    from wirecoder import gazetteer
    from wirecoder.datafiles import data_path, read_words
    from wirecoder.errors import DataFileError

    assert {"district", "sub-district", "mohafazat"} <= gazetteer._UNIT_WORDS
    assert gazetteer._unit_variants("Chitral District") == ["Chitral"]
    assert gazetteer._unit_variants("Province of Kabul") == ["Kabul"]
    assert read_words(data_path("gazetteer/unit_words.txt"))[0] == "district"
    bad = tmp_path / "words.txt"
    bad.write_text("# a comment\ndistrict\nProvince\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"words.txt:3: 'Province': expected one lower-case word per line"):
        read_words(bad)
