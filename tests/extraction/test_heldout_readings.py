"""Readings found on news the project was not tuned to (round 14, helper 63): words whose sense in
a news story is not the conflict sense the lexicon first gives them."""
from __future__ import annotations

import pytest

import wirecoder


def _types(text: str, trigger: str) -> list[tuple[str, str | None]]:
    return [(e.event_type, e.mode) for e in wirecoder.extract(text, date="2023-05-10")
            if e.trigger == trigger]


@pytest.mark.parametrize("text", [
    "The navy said in a press release that its sailors had detained six smugglers.",
    "According to a police release, the two suspects were held overnight.",
    "The interior ministry issued a news release about the curfew on Tuesday.",
    "In a release, the army stated that a patrol came under fire near the dam.",
])
def test_a_release_a_body_issues_is_a_text(text):
    assert _types(text, "release") == []


def test_a_release_of_captives_stays_a_release():
    assert _types("The release of the nine fishermen came after weeks of talks.", "release") \
        == [("RETREAT", "release")]


@pytest.mark.parametrize("text, expected", [
    ("A general strike closed banks and offices across the province on Monday.", ("PROTEST", "boycott")),
    ("Nurses began a nationwide strike over unpaid wages on Thursday.", ("PROTEST", "boycott")),
    ("The jailed blogger started a hunger strike last week.", ("PROTEST", "hunger")),
    ("A drone strike hit a fuel depot outside the town on Monday.", ("ASSAULT", None)),
])
def test_a_strike_of_workers_is_a_protest_an_air_strike_an_assault(text, expected):
    found = _types(text, "strike")
    assert [t for t, _m in found] == [expected[0]]
    assert expected[1] is None or found[0][1] == expected[1]


@pytest.mark.parametrize("text", [
    "A wounded guard was treated at a local clinic and released.",
    "Two of the injured were released from hospital on Sunday.",
])
def test_the_wounded_let_go_from_hospital_are_not_released(text):
    assert _types(text, "released") == []


def test_hostages_are_still_released():
    assert _types("The rebels released the hostages and handed them to elders.", "released") \
        == [("RETREAT", "release")]


@pytest.mark.parametrize("text, trigger, expected", [
    ("A man opened fire at a bus stop on Sunday, killing two commuters.", "opened", "ASSAULT"),
    ("A woman threw a grenade into the crowded courtyard on Friday.", "threw", "ASSAULT"),
    ("Protesters attacked a police station with stones on Friday.", "attacked", "PROTEST"),
    ("An angry mob attacked the district office on Monday.", "attacked", "PROTEST"),
])
def test_violence_of_one_civilian_is_an_attack_of_a_crowd_a_riot(text, trigger, expected):
    assert [t for t, _m in _types(text, trigger)] == [expected]


@pytest.mark.parametrize("text, trigger, sector", [
    ("Three soldiers died in the ambush near the river on Monday.", "ambush", "MIL"),
    ("Five civilians died in the shelling of the bus station on Tuesday.", "shelling", "CVL"),
])
def test_who_dies_in_an_attack_is_its_target_not_its_doer(text, trigger, sector):
    evs = [e for e in wirecoder.extract(text, date="2023-05-10") if e.trigger == trigger]
    assert [e.event_type for e in evs] == ["ASSAULT"]
    assert evs[0].actor == []
    assert [a.sector for a in evs[0].recipient] == [sector]


@pytest.mark.parametrize("text", [
    "The ministry's release said the border would stay closed until Friday.",
    "A coast guard release says the two fishermen were detained near the reef.",
])
def test_a_release_that_speaks_is_a_text(text):
    assert _types(text, "release") == []


def test_the_release_of_prisoners_told_by_officials_stays():
    assert _types("The release of the nine prisoners was delayed, officials said.", "release") \
        == [("RETREAT", "release")]


def test_a_toll_counted_to_date_after_the_lead_is_no_event():
    text = ("Gunmen stormed a farming village on Sunday night, killing seven people, police said.\n\n"
            "Bandits have kidnapped more than 900 travellers in the state since January. Police have "
            "detained over 200 suspects this year.\n\n"
            "Police have arrested two suspects since the raid.")
    evs = wirecoder.extract(text, date="2023-05-10")
    assert sorted(e.trigger for e in evs) == ["arrested", "killing"]


def test_a_toll_that_is_the_lead_stays():
    evs = wirecoder.extract("Bandits have kidnapped more than 900 travellers in the state since January.",
                            date="2023-05-10")
    assert [e.event_type for e in evs] == ["ASSAULT"]


@pytest.mark.parametrize("text, country", [
    ("A Russian missile strike killed four civilians in the port city on Monday.", "RUS"),
    ("An Israeli strike hit a house in the southern town on Monday.", "ISR"),
])
def test_an_attack_a_demonym_names_is_that_country_s_forces(text, country):
    evs = [e for e in wirecoder.extract(text, date="2023-05-10") if e.event_type == "ASSAULT"]
    assert [(a.country, a.sector) for e in evs for a in e.actor] == [(country, "MIL")]
