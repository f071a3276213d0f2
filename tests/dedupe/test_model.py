"""The fitted same-event model: its evidence features and its data file."""
from __future__ import annotations

import json
from datetime import date

import pytest

from wirecoder import dedupe
from wirecoder.dedupe import FEATURES, ClusterRep, count_agreement, load_model, pair_features
from wirecoder.errors import DataFileError


def _rep(**kw):
    base = dict(event_type="RETREAT", modality="asserted", date_lo=date(2021, 7, 25), date_hi=date(2021, 7, 25),
                actor_keys=["AFG|MIL|"], article_id="a")
    base.update(kw)
    return ClusterRep(**base)


def test_counts_are_evidence_not_a_veto():
    assert count_agreement([46], [50]) == pytest.approx(0.92)
    assert count_agreement([300], [1037]) < 0.5
    assert count_agreement([], [50]) is None
    near = pair_features(_rep(counts=[46]), _rep(counts=[50], article_id="b", articles={"b"}))
    far = pair_features(_rep(counts=[300]), _rep(counts=[1037], article_id="b", articles={"b"}))
    assert near is not None and far is not None  # neither is vetoed
    f = FEATURES.index
    assert near[f("counts_far")] == 0 and far[f("counts_far")] == 1


def test_day_precise_dates_apart_is_a_feature_and_one_article_a_veto():
    a = _rep(articles={"a"})
    b = _rep(date_lo=date(2021, 7, 26), date_hi=date(2021, 7, 26), article_id="b", articles={"b"})
    x = pair_features(a, b)
    assert x[FEATURES.index("day_apart")] == 1
    assert pair_features(a, _rep(articles={"a"})) is None  # two events of one article are two events
    cl = ClusterRep(event_type="RETREAT", modality="asserted", cluster_id="c", n=0)
    dedupe.absorb(cl, b, "static")
    dedupe.absorb(cl, _rep(article_id="a", articles={"a"}), "static")
    assert dedupe.match_score(a, cl) == 0.0  # nor does it join a cluster holding its sibling
    assert pair_features(a, _rep(date_lo=date(2021, 7, 1), date_hi=date(2021, 7, 1))) is None  # 24 days apart


def test_the_packaged_model_loads_and_prefers_agreeing_reports():
    m = load_model()
    assert m is not None and len(m.weights) == len(FEATURES) and 0 < m.threshold < 1
    lex = [dedupe.lexical_features("46 Afghan soldiers fled to Chitral on Sunday.", "fled")]
    same = pair_features(_rep(lex=lex, articles={"a"}), _rep(lex=lex, article_id="b", articles={"b"}))
    other = pair_features(_rep(lex=lex, articles={"a"}), _rep(
        lex=[dedupe.lexical_features("Refugees returned home from Iran.", "returned")], article_id="b",
        articles={"b"}, actor_keys=["IRN|REF|"]))
    assert m.prob(same) > m.threshold > m.prob(other)


def test_a_bad_model_file_is_one_line(tmp_path):
    bad = tmp_path / "m.json"
    bad.write_text(json.dumps({"features": ["bias"], "weights": [1.0], "threshold": 0.5}))
    with pytest.raises(DataFileError, match="refit") as err:
        load_model(str(bad))
    assert "\n" not in str(err.value)
    bad.write_text("{")
    with pytest.raises(DataFileError, match="not a dedupe model"):
        load_model(str(bad))


def test_places_disagreeing_at_country_level_are_evidence_not_a_veto():
    """"In Germany" and "in Austria" (outlets naming different countries of one police operation)
    are a conflict the model weighs; two towns in two countries stay a veto."""
    de = _rep(country="DEU", precision="country", lat=51.0, lon=10.0)
    at = _rep(country="AUT", precision="country", lat=47.5, lon=14.5, article_id="b", articles={"b"})
    x = pair_features(de, at)
    assert x is not None and x[FEATURES.index("place_conflict")] == 1
    assert dedupe.score(de, at) == 0.0  # the hand rule keeps its veto
    kabul = _rep(country="AFG", precision="town", lat=34.5, lon=69.2)
    cabool = _rep(country="USA", precision="town", lat=37.1, lon=-92.1, article_id="b", articles={"b"})
    assert pair_features(kabul, cabool) is None


def test_a_town_named_like_its_province_is_no_precise_place():
    """"In Katsina" may be the town or the state: far from another town of the state it is a
    conflict the model weighs, not a veto; two plainly named towns far apart stay a veto."""
    katsina = _rep(country="NGA", admin1="Katsina", place="Katsina", precision="town", lat=12.99, lon=7.60)
    mahuta = _rep(country="NGA", admin1="Kebbi", place="Mahuta", precision="town", lat=11.55, lon=4.98,
                  article_id="b", articles={"b"})
    assert dedupe.named_like_province(katsina) and not dedupe.precisely_named(katsina)
    x = pair_features(katsina, mahuta)
    assert x is not None and x[FEATURES.index("place_conflict")] == 1
    kano = _rep(country="NGA", admin1="Kano State", place="Kano", precision="town", lat=12.0, lon=8.52)
    assert dedupe.precisely_named(kano) and pair_features(kano, mahuta) is None
    assert dedupe.named_like_province(_rep(country="AFG", admin1="Kābul", place="Kabul", precision="town"))


def test_modes_agree_or_conflict():
    drone = _rep(event_type="ASSAULT", modes=["drone"])
    bomb = _rep(event_type="ASSAULT", modes=["suicide-attack"], article_id="b", articles={"b"})
    f = FEATURES.index
    x = pair_features(drone, bomb)
    assert x[f("mode_known")] == 1 and x[f("mode_same")] == 0
    y = pair_features(drone, _rep(event_type="ASSAULT", modes=["drone"], article_id="b", articles={"b"}))
    assert y[f("mode_same")] == 1
    assert pair_features(drone, _rep(event_type="ASSAULT", article_id="b", articles={"b"}))[f("mode_known")] == 0


def test_a_report_joins_by_its_mean_agreement_with_the_members(monkeypatch):
    """Average link: one member worded like the report does not carry a cluster whose other
    members disagree with it."""
    m = dedupe.Model(tuple(1.0 if f == "tokens" else (-1.0 if f == "bias" else 0.0) for f in FEATURES), 0.5)
    monkeypatch.setattr(dedupe, "MODEL", m)
    lex_a = [dedupe.lexical_features("Gunmen abducted 80 students in Mahuta.", "abducted")]
    lex_b = [dedupe.lexical_features("Bandits rustled cows in Danbaure village.", "rustled")]
    ev = _rep(lex=lex_a, article_id="z", articles={"z"})
    one = _rep(lex=lex_a, article_id="b", articles={"b"})
    cl = ClusterRep(event_type="RETREAT", modality="asserted", cluster_id="c", n=0)
    dedupe.absorb(cl, one, "static")
    alone = dedupe.match_score(ev, cl)
    for i in range(3):
        dedupe.absorb(cl, _rep(lex=lex_b, article_id=f"o{i}", articles={f"o{i}"}), "static")
    assert len(cl.members) == 4
    mixed = dedupe.match_score(ev, cl)
    assert mixed == pytest.approx((alone + 3 * m.prob(pair_features(ev, cl.members[1]))) / 4)
    assert mixed < alone


def test_a_place_named_in_the_other_reports_words_is_evidence():
    """One side's place resolved wrongly ("Kabul" read as Cabool, Missouri) still meets the
    report whose words name the other's place; counts read wrongly meet a number in the words."""
    f = FEATURES.index
    strike = _rep(event_type="ASSAULT", place="Kabul", country="AFG", precision="town", lat=34.5, lon=69.2,
                  lex=[dedupe.lexical_features("A US drone strike hit a car in Kabul.", "strike")], counts=[80])
    cabool = _rep(event_type="ASSAULT", place="Cabool", country="USA", precision="town", lat=37.1, lon=-92.1,
                  lex=[dedupe.lexical_features("Nine were killed by a drone strike in Kabul, numbering about 80.",
                                               "strike")], counts=[9], article_id="b", articles={"b"})
    assert dedupe.place_named(strike, cabool) == 1.0
    assert dedupe.count_named(strike, cabool) == 1.0
    elsewhere = _rep(event_type="ASSAULT", place="Charikar", country="AFG", precision="town", lat=35.0, lon=69.2,
                     lex=[dedupe.lexical_features("A bomb went off in a market.", "went off")], counts=[3],
                     article_id="c", articles={"c"})
    assert dedupe.place_named(strike, elsewhere) == 0.0
    assert dedupe.count_named(strike, elsewhere) == 0.0
    assert dedupe.place_named(_rep(), _rep(article_id="b", articles={"b"})) is None  # neither has a place
    assert dedupe.count_named(_rep(), _rep(article_id="b", articles={"b"})) is None
    assert dedupe.place_stems(_rep(place="Maungdaw District")) == {"maungdaw"}
    assert dedupe.place_stems(_rep(place="Kābul")) == {"kabul"}
    x = pair_features(strike, elsewhere)
    assert x is not None and x[f("place_named")] == 0 and x[f("count_named")] == 0



def test_reports_naming_their_parties_the_other_way_round_never_meet():
    """A U.S. drone strike on Islamic State bombers and the Islamic State's bombing of U.S.
    troops (one place, days apart, worded alike); Russia freeing Ukrainians and Ukraine freeing
    Russians in one swap: who did it to whom is the other way round, so two events. One side
    naming no doer, or both naming the same one, is no such evidence."""
    lex = [dedupe.lexical_features("Suicide bombers were killed in a strike near Kabul airport.", "strike")]
    strike = _rep(event_type="ASSAULT", doers=("USA|MIL|",), targets=("AFG|REB|islamic state",), lex=lex,
                  actor_keys=["USA|MIL|", "AFG|REB|islamic state"])
    bombing = _rep(event_type="ASSAULT", doers=("AFG|REB|islamic state",), targets=("USA|MIL|",), lex=lex,
                   actor_keys=["USA|MIL|", "AFG|REB|islamic state"], article_id="b", articles={"b"})
    assert dedupe.roles_swapped(strike, bombing) and dedupe.roles_swapped(bombing, strike)
    assert pair_features(strike, bombing) is None
    # the same doer (or a doer of the same country and sector) named on both sides: not swapped
    again = _rep(event_type="ASSAULT", doers=("USA|MIL|united states",), targets=("AFG|REB|",), lex=lex,
                 article_id="c", articles={"c"})
    assert not dedupe.roles_swapped(strike, again) and pair_features(strike, again) is not None
    # a side without a named doer ("suicide bombers were killed") says nothing about direction
    passive = _rep(event_type="ASSAULT", targets=("AFG|REB|islamic state", "USA|MIL|"), lex=lex,
                   article_id="d", articles={"d"})
    assert not dedupe.roles_swapped(bombing, passive) and pair_features(bombing, passive) is not None
    # a cluster joins by its members: a member the other way round counts 0 in the mean
    cl = ClusterRep(event_type="ASSAULT", modality="asserted", cluster_id="k", n=0)
    dedupe.absorb(cl, bombing, "static")
    assert dedupe.match_score(strike, cl) == 0.0


def test_a_member_naming_the_parties_the_other_way_round_vetoes_its_cluster(monkeypatch):
    """Members that name no doer do not carry a report into a cluster one of whose members names
    the parties the other way round (the answer to the cluster's event is not a report of it);
    with the role veto off, the mean over the members decides again."""
    m = dedupe.Model(tuple(1.0 if f == "tokens" else (-1.0 if f == "bias" else 0.0) for f in FEATURES), 0.2)
    monkeypatch.setattr(dedupe, "MODEL", m)
    lex = [dedupe.lexical_features("Suicide bombers were killed in a strike near Kabul airport.", "strike")]
    strike = _rep(event_type="ASSAULT", doers=("USA|MIL|",), targets=("AFG|REB|islamic state",), lex=lex)
    cl = ClusterRep(event_type="ASSAULT", modality="asserted", cluster_id="k", n=0)
    dedupe.absorb(cl, _rep(event_type="ASSAULT", doers=("AFG|REB|islamic state",), targets=("USA|MIL|",),
                           lex=lex, article_id="b", articles={"b"}), "static")
    for i in range(3):
        dedupe.absorb(cl, _rep(event_type="ASSAULT", targets=("USA|MIL|",), lex=lex, article_id=f"p{i}",
                               articles={f"p{i}"}), "static")
    assert dedupe.match_score(strike, cl) == 0.0
    monkeypatch.setattr(dedupe, "ROLE_VETO", False)
    assert dedupe.match_score(strike, cl) > m.threshold


def test_event_rep_keeps_who_did_it_apart_from_whom():
    row = {"event_type": "RETREAT", "modality": "asserted", "article_id": "a", "sentence": "Russia freed 80 Ukrainians.",
           "trigger": "freed", "actor": [{"country": "RUS", "sector": "GOV", "name": "Russia"}],
           "recipient": [{"country": "UKR", "sector": "CVL", "name": None}]}
    rep = dedupe.event_rep(row, [])
    assert rep.doers == ("RUS|GOV|russia",) and rep.targets == ("UKR|CVL|",)
    assert sorted(rep.actor_keys) == ["RUS|GOV|russia", "UKR|CVL|"]
