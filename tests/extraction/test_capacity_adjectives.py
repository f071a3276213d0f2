"""What someone is said to be (un)able to do ("not organised to fight an army", "able to seize the town";
cues.yaml capacity_adjectives) is no event; "were quick to condemn" tells the condemnation."""
from __future__ import annotations

import wirecoder


def _types(text: str) -> list[str]:
    return [e.event_type for e in wirecoder.extract(text, date="2023-03-14")]


def test_a_capacity_is_no_event():
    assert "ASSAULT" not in _types("The river gangs are not so organised to fight the army of Doloria, the general said.")
    assert "ASSAULT" not in _types("Officials in Velora said the militia was able to attack the dam at any time.")


def test_a_manner_adjective_keeps_the_event():
    assert "ACCUSE" in _types("The ministers of Doloria were quick to condemn the bombing in Velora on Monday.")
