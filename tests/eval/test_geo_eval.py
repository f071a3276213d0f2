"""The geoparsing gold readers: the three XML layouts of Gritta et al., written here in miniature."""
from __future__ import annotations

import pytest

from wirecoder.errors import InputError
from wirecoder.eval.geo import read_gritta, run

TEXT = "Troops left Paris for Lyon on Monday."

GWN = f"""<?xml version="1.0" encoding="utf-8"?>
<articles><article file="1"><text>{TEXT}</text><toponyms>
<toponym><extractedName>Paris</extractedName><type>Literal</type><start>12</start><end>17</end>
<geonamesID>2988507</geonamesID><latitude>48.85341</latitude><longitude>2.3488</longitude></toponym>
<toponym><extractedName>Lyon</extractedName><type>Metonymic</type><start>22</start><end>26</end>
<geonamesID/><latitude>45.74846</latitude><longitude>4.84671</longitude></toponym>
</toponyms></article></articles>"""

# LGL / TR-News: gaztag holds the point; the second offset is one character off, as in TR-News.
LGL = f"""<?xml version="1.0" encoding="utf-8"?>
<articles><article docid="77"><text><![CDATA[{TEXT}]]></text><toponyms>
<toponym><phrase>Paris</phrase><start>12</start><end>17</end>
<gaztag geonameid="2988507"><name>Paris</name><lat>48.85341</lat><lon>2.3488</lon></gaztag></toponym>
<toponym><phrase>Lyon</phrase><start>23</start><end>27</end>
<gaztag geonameid="2996944"><name>Lyon</name><lat>45.74846</lat><lon>4.84671</lon></gaztag></toponym>
</toponyms></article></articles>"""

# GeoVirus: <locations>/<location> with name, an inclusive end offset, lat/lon and a Wikipedia page.
GEOVIRUS = f"""<?xml version="1.0" encoding="utf-8"?>
<articles><article><source>http://example.org/a</source><text>{TEXT}</text><locations>
<location><name>Paris</name><start>12</start><end>16</end><lat>48.85341</lat><lon>2.3488</lon>
<page>https://en.wikipedia.org/wiki/Paris</page></location>
<location><name>Lyon</name><start>22</start><end>25</end><lat>45.74846</lat><lon>4.84671</lon>
<page>https://en.wikipedia.org/wiki/Lyon</page></location>
</locations></article></articles>"""


@pytest.mark.parametrize("xml,layout", [(GWN, "GeoWebNews"), (LGL, "LGL"), (GEOVIRUS, "GeoVirus")])
def test_every_layout_gives_the_same_spans_and_points(tmp_path, xml, layout):
    f = tmp_path / "corpus.xml"
    f.write_text(xml, encoding="utf-8")
    got_layout, docs = read_gritta(f)
    assert got_layout == layout
    (doc,) = docs
    assert [(TEXT[t["start"]:t["end"]], t["lat"], t["lon"]) for t in doc["toponyms"]] == [
        ("Paris", 48.85341, 2.3488), ("Lyon", 45.74846, 4.84671)]
    if layout == "GeoWebNews":
        assert [t["type"] for t in doc["toponyms"]] == ["Literal", "Metonymic"]


def test_bad_file_is_one_clear_error(tmp_path):
    f = tmp_path / "broken.xml"
    f.write_text("<articles><article><text>x", encoding="utf-8")
    with pytest.raises(InputError, match="broken.xml"):
        read_gritta(f)
    g = tmp_path / "nooffsets.xml"
    g.write_text(GEOVIRUS.replace("<start>12</start>", "<start>-3</start>"), encoding="utf-8")
    _, docs = read_gritta(g)    # a toponym without valid offsets is skipped, the rest is read
    assert [t["name"] for t in docs[0]["toponyms"]] == ["Lyon"]


def test_run_scores_a_single_geovirus_file(tmp_path):
    pytest.importorskip("spacy")
    f = tmp_path / "GeoVirus.xml"
    f.write_text(GEOVIRUS, encoding="utf-8")
    try:
        res = run(f)
    except OSError:
        pytest.skip("spaCy model not installed")
    r = res["GeoVirus"]
    assert r["docs"] == 1 and r["resolution"]["n"] == 2
    assert r["resolution"]["acc@161km"] == 1.0


def test_error_listing_names_each_far_toponym(tmp_path):
    pytest.importorskip("spacy")
    # Lyon's gold point moved to Marseille (277 km away): one resolution error, Paris none
    f = tmp_path / "GeoVirus.xml"
    f.write_text(GEOVIRUS.replace("<lat>45.74846</lat><lon>4.84671</lon>", "<lat>43.29695</lat><lon>5.38107</lon>"),
                 encoding="utf-8")
    errors: dict = {}
    try:
        res = run(f, errors=errors)
    except OSError:
        pytest.skip("spaCy model not installed")
    assert res["GeoVirus"]["resolution"]["acc@161km"] == 0.5
    far = [e for e in errors["GeoVirus"] if e["kind"] == "resolution"]
    assert [(e["name"], e["system"]["name"], e["system"]["precision"]) for e in far] == [("Lyon", "Lyon", "town")]
    assert 250 < far[0]["km"] < 300 and far[0]["system"]["coord_source"] == "geonames"


def test_article_focus_is_the_pipelines():
    # eval geo and the weight fit hand the geocoder the focus the pipeline hands it: the countries
    # the actor coder finds (country names and demonyms), ISO3
    from wirecoder import nlp
    from wirecoder.eval.geo import article_focus
    doc = nlp.parse("Afghan officials said US troops left Kabul.")
    assert set(article_focus(doc)) >= {"AFG", "USA"}
