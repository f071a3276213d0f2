"""`wirecoder eval articles`: matching and field rules of the article-events scoring, on a gold
file the test writes in that format, and the CLI on it."""
from __future__ import annotations

import json
import subprocess
import sys
from types import SimpleNamespace as NS

import pytest

from wirecoder.eval import articles as ea
from wirecoder.records import Actor, EventDate, Location

TEXT = ("Gunmen kill three in Maiduguri\n\n"
        "Gunmen attacked a market in Maiduguri on Monday, killing three traders, police said. "
        "The attack took place in the morning.\n\n"
        "Separately, the army arrested 12 suspects in Bauchi on Sunday.")


def gold_record(**over):
    rec = {"id": "t-1", "url": "https://example.org/a", "outlet": "Example", "published": "2023-05-10",
           "text": TEXT, "text_status": "full", "events": [
               {"key": "maiduguri-market-2023-05-08", "event_type": "ASSAULT", "mode": "firearms",
                "modality": "asserted", "actor": [{"name": "gunmen", "country": "NGA", "sector": "REB"}],
                "recipient": [{"name": "traders", "country": "NGA", "sector": "CVL"}],
                "location": {"name": "Maiduguri", "admin1": "Borno", "country": "NGA", "precision": "town"},
                "date": {"value": "2023-05-08", "precision": "day"},
                "size": {"people": None, "qualifier": "exact", "dead": 3, "injured": None, "arrested": None},
                "evidence": ["Gunmen attacked a market in Maiduguri on Monday, killing three traders, police said.",
                             "The attack took place in the morning."], "background": False},
               {"key": "bauchi-arrests-2023-05-07", "event_type": "COERCE", "mode": "arrest",
                "modality": "asserted", "actor": [{"name": "the army", "country": "NGA", "sector": "MIL"}],
                "recipient": [], "location": {"name": "Bauchi", "admin1": "Bauchi", "country": "NGA",
                                              "precision": "town"},
                "date": {"value": "2023-05-07", "precision": "day"},
                "size": {"people": 12, "qualifier": "exact", "dead": None, "injured": None, "arrested": 12},
                "evidence": ["Separately, the army arrested 12 suspects in Bauchi on Sunday."],
                "background": False}]}
    rec.update(over)
    return rec


@pytest.fixture()
def gold_file(tmp_path):
    p = tmp_path / "articles.jsonl"
    p.write_text(json.dumps(gold_record()) + "\n", encoding="utf-8")
    return p


def test_load_gold_finds_evidence_spans(gold_file):
    (art,) = ea.load_gold(gold_file)
    assert art.published == "2023-05-10" and len(art.events) == 2
    s, e = art.events[0].spans[1]
    assert TEXT[s:e] == "The attack took place in the morning."


def test_load_gold_names_the_bad_line(tmp_path):
    p = tmp_path / "bad.jsonl"
    p.write_text(json.dumps(gold_record()) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(Exception, match=r"bad.jsonl:2"):
        ea.load_gold(p)


def _ev(etype, start, end, **kw):
    base = dict(event_type=etype, mode=None, modality="asserted", actor=[], recipient=[], location=None,
                date=None, size=None, source_span=(start, end), sentence="", confidence=0.5, mentions=[],
                id=f"{etype}{start}")
    base.update(kw)
    return NS(**base)


def test_matching_is_one_to_one_and_repeated_records_are_errors(gold_file):
    (art,) = ea.load_gold(gold_file)
    quad = {"ASSAULT": 4, "COERCE": 4, "ACCUSE": 3}
    s1 = TEXT.index("Gunmen attacked")
    s2 = TEXT.index("The attack took")
    s3 = TEXT.index("Separately")
    system = [_ev("ASSAULT", s1, s1 + 20), _ev("ASSAULT", s2, s2 + 10), _ev("ACCUSE", s3, s3 + 10)]
    strict = ea.match(art.events, system, TEXT, False, quad)
    assert strict == [(0, 0)]                       # the second ASSAULT record of the same event is spare
    lenient = ea.match(art.events, system, TEXT, True, quad)
    assert sorted(lenient) == [(0, 0)]              # ACCUSE is quad 3, the arrest quad 4: no match
    system[2].event_type = "COERCE"
    assert sorted(ea.match(art.events, system, TEXT, True, quad)) == [(0, 0), (1, 2)]


def test_two_records_of_one_sentence_match_the_gold_events_whose_place_agrees(tmp_path):
    text = "Police raided homes in Germany.\n\nFour people were also arrested in Poland and Spain."
    sent = "Four people were also arrested in Poland and Spain."
    def arrest(key, country):
        return {"key": key, "event_type": "COERCE", "mode": "arrest", "modality": "asserted", "actor": [],
                "recipient": [], "location": {"name": country, "admin1": None, "country": {"Poland": "POL", "Spain": "ESP"}[country],
                                              "precision": "country"},
                "date": None, "size": None, "evidence": [sent], "background": False}
    rec = gold_record(text=text, events=[arrest("arrest-poland", "Poland"), arrest("arrest-spain", "Spain")])
    p = tmp_path / "a.jsonl"
    p.write_text(json.dumps(rec) + "\n", encoding="utf-8")
    (art,) = ea.load_gold(p)
    s = text.index("Four people")
    spain = _ev("COERCE", s, s + 20, mode="arrest", confidence=0.9, location=Location("Spain", name="Spain", country="ESP", precision="country"))
    poland = _ev("COERCE", s, s + 20, mode="arrest", confidence=0.5,
                  location=Location("Poland", name="Poland", country="POL", precision="country"))
    # without the places the more confident record takes the first gold event; with them, each its own
    assert sorted(ea.match(art.events, [spain, poland], text, False, {"COERCE": 4})) == [(0, 0), (1, 1)]
    assert sorted(ea.match(art.events, [spain, poland], text, False, {"COERCE": 4}, ea.GoldPlaces())) \
        == [(0, 1), (1, 0)]


def test_the_two_sides_of_one_swap_sentence_match_the_gold_releases_whose_actors_agree(tmp_path):
    text = "Ukraine said it had exchanged 40 detainees with Russia."
    def release(key, doer, freed):
        return {"key": key, "event_type": "RETREAT", "mode": "release", "modality": "asserted",
                "actor": [{"name": doer, "country": doer, "sector": "GOV"}],
                "recipient": [{"name": freed, "country": freed, "sector": "MIL"}],
                "location": None, "date": None, "size": None, "evidence": [text], "background": False}
    rec = gold_record(text=text, events=[release("ukrainians-freed", "RUS", "UKR"), release("russians-freed", "UKR", "RUS")])
    p = tmp_path / "a.jsonl"
    p.write_text(json.dumps(rec) + "\n", encoding="utf-8")
    (art,) = ea.load_gold(p)
    ukr_side = _ev("RETREAT", 0, len(text), mode="release", confidence=0.9,
                   actor=[Actor("Ukraine", country="UKR", sector="GOV")], recipient=[Actor("Russia", country="RUS", sector="GOV")])
    rus_side = _ev("RETREAT", 0, len(text), mode="release", confidence=0.5,
                   actor=[Actor("Russia", country="RUS", sector="GOV")], recipient=[Actor("Ukraine", country="UKR", sector="GOV")])
    # equal evidence: each side pairs with the gold release whose doer and freed agree with it
    assert sorted(ea.match(art.events, [ukr_side, rus_side], text, False, {"RETREAT": 4}, ea.GoldPlaces())) \
        == [(0, 1), (1, 0)]


def test_mentions_count_for_matching(gold_file):
    (art,) = ea.load_gold(gold_file)
    s2 = TEXT.index("The attack took")
    ev = _ev("ASSAULT", 0, 5, mentions=[NS(source_span=(s2, s2 + 10), sentence="The attack took place")])
    assert ea.match(art.events, [ev], TEXT, False, {"ASSAULT": 4}) == [(0, 0)]


def test_date_rule():
    gold = {"value": "2023-05-08", "precision": "day"}
    assert ea.date_right(gold, EventDate("2023-05-08", "day"))
    assert not ea.date_right(gold, EventDate("2023-05", "month"))      # less precise than gold
    assert ea.date_right({"value": "2023-05", "precision": "month"}, EventDate("2023-05-08", "day"))
    assert ea.date_right(None, None) and not ea.date_right(None, EventDate("2023-05-08", "day"))
    assert not ea.date_right(gold, None)


def test_location_rule():
    places = ea.GoldPlaces()
    gold = {"name": "Chitral District", "admin1": "Khyber Pakhtunkhwa", "country": "PAK", "precision": "district"}
    assert ea.location_right(gold, Location(text="Chitral", name="Chitral", country="PAK", precision="district"), places)
    assert not ea.location_right(gold, Location(text="Pakistan", name="Pakistan", country="PAK",
                                                precision="country"), places)
    assert not ea.location_right(gold, None, places)
    assert ea.location_right(None, None, places)
    prov = {"name": "Khyber Pakhtunkhwa", "admin1": "Khyber Pakhtunkhwa", "country": "PAK", "precision": "province"}
    assert ea.location_right(prov, Location(text="Chitral", name="Chitral", country="PAK", admin1="Khyber Pakhtunkhwa",
                                            precision="town"), places)
    assert ea.location_right({"name": "Pakistan", "admin1": None, "country": "PAK", "precision": "country"},
                             Location(text="Chitral", name="Chitral", country="PAK", precision="town"), places)


def test_roles_need_the_same_codes_and_empty_means_empty():
    assert ea._role_right([], [], "country")
    assert not ea._role_right([], [Actor("x", country="AFG")], "country")
    assert ea._role_right([{"name": "a", "country": "AFG", "sector": "MIL"}], [Actor("b", country="AFG")], "country")
    assert not ea._role_right([{"name": "a", "country": "AFG", "sector": "MIL"}], [], "country")


def test_cli_scores_a_gold_file_and_lists_errors(gold_file, tmp_path):
    errs = tmp_path / "errors.jsonl"
    out = subprocess.run([sys.executable, "-m", "wirecoder.cli", "eval", "articles", "--gold", str(gold_file),
                          "--errors", str(errs), "--json"], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    table, _, js = out.stdout.partition("\n{")
    assert "complete records" in table and "cross-article" in table
    result = json.loads("{" + js)
    assert result["gold_events"] == 2 and result["articles"] == 1
    assert errs.exists()
    for line in errs.read_text().splitlines():
        assert json.loads(line)["kind"] in ("missed", "spurious", "field", "mixed")


def test_a_gold_site_named_after_its_town_is_placed_at_that_town():
    places = ea.GoldPlaces()
    lat, lon, _kind = places.point({"name": "Jalalabad Airport", "admin1": "Nangarhar", "country": "AFG"})
    assert abs(lat - 34.43) < 0.2 and abs(lon - 70.45) < 0.2
    # a town of another first-level unit is not taken, nor a site whose name opens with no town
    assert places.point({"name": "Jalalabad Airport", "admin1": "Kandahar", "country": "AFG"}) is None
    assert places.point({"name": "Zzyzx Quarry Airport", "admin1": None, "country": "AFG"}) is None


def test_clusters_mixing_gold_events_are_listed():
    gold = {"e1": "k1", "e2": "k1", "e3": "k2", "e4": "k3"}
    ours = {"e1": "c1", "e2": "c1", "e3": "c1", "e4": "c2"}
    member_of = {"e1": {"article": "b", "key": "k1"}, "e2": {"article": "a", "key": "k1"},
                 "e3": {"article": "c", "key": "k2"}}
    (entry,) = ea.mixed_listing(gold, ours, member_of)  # c2 holds one key: not listed
    assert entry["kind"] == "mixed" and entry["cluster"] == "c1" and entry["keys"] == ["k1", "k2"]
    assert [m["article"] for m in entry["members"]] == ["a", "b", "c"]
    assert ea.mixed_listing(gold, {e: e for e in gold}, member_of) == []
