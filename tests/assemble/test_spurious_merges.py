"""Mentions of one event that assembly once kept apart (round 13, spurious records): each text here is
written for the test."""
from __future__ import annotations

import wirecoder


def _events(text: str, date: str = "2022-07-22"):
    return wirecoder.extract(text, date=date)


def test_a_raid_on_the_day_its_forces_beat_protesters_is_one_violent_clearance():
    text = ("Police raided the protest camp in Colombo on Friday. "
            "Soldiers beat dozens of protesters at the camp, witnesses said.")
    evs = _events(text)
    assert [e.event_type for e in evs] == ["ASSAULT"]
    assert len(evs[0].mentions) == 2
    assert any(n.field == "type" for n in evs[0].notes)


def test_a_raid_with_no_one_assaulted_stays_a_raid():
    evs = _events("Police raided 40 homes in Berlin on Friday, prosecutors said.")
    assert [(e.event_type, e.mode) for e in evs] == [("COERCE", "seize")]
