"""Words that report no event of their own, or another type than a first reading gives (round 13,
spurious records): each sentence here is written for the test."""
from __future__ import annotations

import wirecoder


def _events(text: str, date: str = "2022-07-22"):
    return wirecoder.extract(text, date=date)


def _types(text: str) -> list[tuple[str, str | None]]:
    return [(e.event_type, e.mode) for e in _events(text)]


def test_defending_a_place_or_interests_is_no_support_but_defending_a_decision_is():
    assert not any(t == "SUPPORT" for t, _m in _types(
        "We shall defend the nation's interests with every means, the president said."))
    assert not any(t == "SUPPORT" for t, _m in _types(
        "The freed men include 40 marines, some of whom defended the steel plant, a ministry statement said."))
    assert any(t == "SUPPORT" for t, _m in _types("The minister defended the decision to close the border."))


def test_peacekeepers_patrolling_is_peacekeeping_aid():
    assert ("AID", "peacekeeping") in _types("The accord calls for Turkish peacekeepers to patrol the buffer zone.")


def test_a_travel_ban_is_a_sanction():
    types = _types("Those on the list face a freeze of their assets and will be banned from travelling to the "
                   "bloc, the minister said.")
    assert ("SANCTION", "discontinue") in types and ("COERCE", "ban") not in types


def test_a_person_described_as_accused_is_no_accusation():
    evs = _events("The court freed Ivan Petrov, a former mayor accused of bribery, on Tuesday.")
    assert [e.event_type for e in evs] == ["RETREAT"]


def test_what_an_accusation_alleges_is_not_reported_as_done():
    types = [t for t, _m in _types("The union sanctioned five officers on Monday, accusing the police of "
                                   "beating a student in custody.")]
    assert "ACCUSE" in types and "ASSAULT" not in types


def test_the_threat_of_an_attack_is_no_attack():
    assert _types("Troops hurried to finish the pullout amid the threat of another attack on the base.") == []


def test_a_call_on_the_public_to_stay_watchful_is_an_advisory():
    assert not any(t == "REQUEST" for t, _m in _types(
        "The highway was closed and villagers were urged to remain watchful, the district chief said."))
    assert not any(t == "REQUEST" for t, _m in _types(
        "The highway was closed and onlookers were urged to remain watchful, the district chief said."))


def test_contacting_someone_for_information_is_no_meeting():
    assert _types("The spokesman said he would contact the commander in the area for information.") == []


def test_running_for_cover_from_an_attack_is_no_withdrawal_but_crossing_a_border_is():
    types = [t for t, _m in _types("Soldiers arrived and engaged the gunmen in a gunfight, forcing them to flee "
                                   "into the bush.")]
    assert "ASSAULT" in types and "RETREAT" not in types
    assert ("RETREAT", "withdraw") in _types("Dozens of soldiers fled across the border into Chad on Sunday.")
