"""ACLED sub-events from actors and weapons, disasters and claims, merged events (sentences written for these tests)."""
from __future__ import annotations

import pytest
from wc_helpers import broken_copy, codes

import wirecoder
from wirecoder.extraction.acled import default_acled
from wirecoder.pipeline import PipelineOptions

OPTS = PipelineOptions(geocode=False)


def events(text):
    return wirecoder.extract(text, date="2022-03-10", options=OPTS)


@pytest.mark.parametrize("text, sub", [
    ("Rebel fighters attacked an army checkpoint near the town.", "Armed clash"),
    ("Gunmen attacked a village and killed five farmers.", "Attack"),
    ("Warplanes bombed a market in the north on Monday.", "Air/drone strike"),
    ("Insurgents fired mortar shells at an army barracks.", "Shelling/artillery/missile attack"),
    ("A roadside bomb killed three soldiers on the highway.", "Remote explosive/landmine/IED"),
    ("Police fired tear gas at protesters in the capital.", "Protest with intervention"),
    ("Thousands of students protested peacefully outside parliament.", "Peaceful protest"),
    ("Government troops recaptured the town from the rebels.", "Government regains territory"),
    ("Police seized weapons and ammunition during a raid on a hideout.", "Disrupted weapons use"),
    ("The army set up a new military post near the border.", "Headquarters or base established"),
])
def test_acled_sub_event(text, sub):
    subs = {e.acled_subtype for e in events(text)}
    assert sub in subs, (text, subs)


# ACLED's codebook on demonstrations: who used force, and what force
@pytest.mark.parametrize("text, sub", [
    ("Riot police fired tear gas at the demonstrators outside the ministry.", "Protest with intervention"),
    ("Police used water cannon and batons to break up the march.", "Protest with intervention"),
    ("Police detained dozens of protesters outside the court.", "Protest with intervention"),
    ("Security forces opened fire on the demonstrators, killing three of them.", "Excessive force against protesters"),
    ("Protesters hurled rocks at police and clashed with officers near the square.", "Violent demonstration"),
    # demonstrators who attack the police themselves: a riot, not a battle between armed sides
    ("Masked youths torched a police car during the protest and clashed with officers.", "Violent demonstration"),
    ("Vigilantes killed two men accused of witchcraft in the village.", "Mob violence"),
    ("Militants attacked villagers in the district on Sunday.", "Attack"),
    # the target named by another mention of the event: an attack on civilians, not a clash
    ("Twelve worshippers were killed after armed men attacked a mosque in the north.", "Attack"),
])
def test_acled_sub_event_of_force_at_demonstrations(text, sub):
    subs = {e.acled_subtype for e in events(text)}
    assert sub in subs and not subs & {"Armed clash", "Excessive force against protesters"} - {sub}, (text, subs)


def test_riot_police_make_no_riot():
    import spacy

    from wirecoder.extraction.acled import Words, _riotous

    nlp = spacy.blank("en")
    cues = default_acled()
    assert not _riotous(Words(nlp("riot police dispersed the crowd")), cues)
    assert _riotous(Words(nlp("the crowd began to riot")), cues)


def test_acled_type_names_with_a_slash_split_correctly():
    assert default_acled().split("Explosions/Remote violence/Air/drone strike") == \
        ("Explosions/Remote violence", "Air/drone strike")


def test_a_disaster_is_not_an_event():
    assert not [e for e in events("The earthquake killed at least 40 people in the province.")
                if e.event_type == "ASSAULT"]


def test_a_claim_of_responsibility_has_no_acled_code():
    evs = [e for e in events("The group claimed responsibility for the attack on the convoy.") if e.event_type == "ASSAULT"]
    assert all(e.acled_subtype is None for e in evs)


def test_the_attribution_words_come_from_the_acled_file(tmp_path):
    from wirecoder.datafiles import data_path
    from wirecoder.errors import DataFileError
    from wirecoder.extraction.acled import load_acled

    cues = default_acled()
    assert cues.attribution_heads == {"responsibility", "responsible"}
    assert cues.attribution_claim_verbs == {"claim"} and cues.attribution_blame_words == {"blame"}
    assert {"overrun", "fall"} <= cues.capture_verbs
    bad = broken_copy(tmp_path, data_path("acled.yaml"), "attribution_blame_words: [blame]",
                      "attribution_blame_words: blame")
    with pytest.raises(DataFileError, match=r"acled.yaml: attribution_blame_words: expected a list of strings"):
        load_acled(bad)


def test_attack_and_killing_in_one_sentence_are_one_event():
    evs = [e for e in events("Taliban fighters attacked a police post in Kunduz, killing 12 policemen.")
           if e.event_type == "ASSAULT"]
    assert len(evs) == 1
    e = evs[0]
    assert ("AFG", "REB") in codes(e.actor)
    assert any(s == "COP" for _, s in codes(e.recipient))
    assert e.size is not None and e.size.dead == 12


def test_embedded_event_ranks_below_the_main_event():
    evs = events("The United Nations condemned the bombing of a hospital.")
    top = max(evs, key=lambda e: e.confidence)
    assert top.event_type == "ACCUSE"


def test_expelling_diplomats_is_a_sanction():
    [e] = [e for e in events("Russia expelled two Polish diplomats on Monday.") if e.event_type == "SANCTION"]
    assert e.mode == "expel" and codes(e.actor) == {("RUS", "GOV")}


def test_coordinated_country_modifiers_give_two_actors():
    [e] = [e for e in events("Senior Hungarian and Romanian officials met in Budapest.") if e.event_type == "CONSULT"]
    assert {c for c, _ in codes(e.actor)} == {"HUN", "ROU"}


def test_confidence_is_a_probability():
    for e in events("Police arrested 20 protesters in Lagos. They may release them tomorrow."):
        assert 0.0 <= e.confidence <= 1.0
