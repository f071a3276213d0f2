"""Assembly: acts told in the course of an abduction, acts told as done before, counts of other people."""
from __future__ import annotations

from wc_helpers import extracted_of_type

import wirecoder


def _assaults(text: str):
    return extracted_of_type(text, "ASSAULT", "2021-07-26")


def test_the_abductors_shooting_is_part_of_the_abduction_and_a_gun_battle_with_soldiers_is_not():
    text = ("Armed bandits stormed a village school in Zamfara State on Friday night and kidnapped 40 pupils. "
            "The bandits shot two policemen at the gate before they took the pupils away. "
            "Soldiers later engaged the bandits in a gun battle near the forest.")
    evs = _assaults(text)
    assert len(evs) == 2
    abduction = next(e for e in evs if e.mode == "abduct")
    assert len(abduction.mentions) == 2
    assert [r.sector for r in abduction.recipient] == ["EDU"]       # those abducted, not those shot
    battle = next(e for e in evs if e is not abduction)
    assert battle.mode == "firearms" and {a.sector for a in battle.actor} == {"MIL", "REB"}


def test_an_attack_told_as_done_earlier_is_an_event_of_its_own():
    text = ("Gunmen kidnapped 30 travellers on a highway in Kaduna State on Sunday, police said. "
            "The gunmen had earlier attacked a nearby village, residents said.")
    evs = _assaults(text)
    assert len(evs) == 2
    assert [e.mode for e in evs] == ["abduct", None]


def test_counts_of_people_of_other_sectors_do_not_keep_mentions_apart():
    text = ("Gunmen kidnapped 40 pupils from a boarding school in Niger State on Tuesday night. "
            "The gunmen also abducted two police officers who guarded the school, a teacher said.")
    (e,) = _assaults(text)
    assert {r.sector for r in e.recipient} == {"EDU", "COP"}
    assert e.size is not None and e.size.people == 40


def test_counts_of_victims_and_of_a_named_sector_may_count_the_same_people():
    text = ("Police rescued 300 schoolboys in Katsina State on Thursday. "
            "Police also rescued 20 kidnapped victims in the state on Thursday.")
    aid = [e for e in wirecoder.extract(text, date="2021-07-26") if e.event_type == "AID"]
    assert len(aid) == 2


def test_explosions_an_attack_set_off_are_part_of_that_attack():
    text = ("A US drone strike hit a car carrying militants in Kabul on Sunday, officials said. "
            "A witness said the missile strike set off several explosions inside a nearby house.")
    (e,) = _assaults(text)
    assert len(e.mentions) == 3


def test_the_clashes_after_riots_are_the_riots_and_the_attack_after_a_protest_is_the_attack():
    text = ("Thousands of people protested against fuel prices in Almaty on Tuesday. "
            "The protests turned into riots in the evening. "
            "The heaviest clashes took place near the city hall.")
    evs = wirecoder.extract(text, date="2021-07-26")
    assert not [e for e in evs if e.event_type == "ASSAULT"]
    riot = next(e for e in evs if e.mode == "riot")
    assert any("clashes" in m.sentence for m in riot.mentions)
    text = ("Gunmen attacked a police station in Maiduguri on Monday. "
            "Residents held a protest in the city on Tuesday. "
            "Police said the attack was the third this month.")
    (attack,) = _assaults(text)
    assert any("the third" in m.sentence for m in attack.mentions)


def test_a_wounded_person_receiving_treatment_is_no_aid_but_treatment_given_is():
    evs = wirecoder.extract("Gunmen attacked a police post in Kano on Monday. One of the wounded officers is "
                            "receiving treatment at the general hospital. Doctors gave treatment to 15 wounded "
                            "people.", date="2021-07-26")
    aid = [e for e in evs if e.event_type == "AID"]
    assert len(aid) == 1 and aid[0].actor and aid[0].actor[0].text == "Doctors"
    evs = wirecoder.extract("Dozens of wounded refugees received treatment from Doctors Without Borders in the "
                            "camp on Monday.", date="2021-07-26")
    assert [e.event_type for e in evs] == ["AID"]
