""""X is to blame" says who is responsible (cues.yaml responsibility_verbs): no act of blaming; blaming
someone stays an accusation."""
from __future__ import annotations

import wirecoder


def _accusations(text: str) -> list:
    return [e for e in wirecoder.extract(text, date="2023-03-14") if e.event_type == "ACCUSE"]


def test_being_to_blame_is_no_accusation():
    assert not _accusations("Many farmers in Doloria say the drought, not the new dam, is to blame for the poor harvest.")
    assert not _accusations("The two parties kept arguing over who was to blame for the closure of the bridge.")


def test_blaming_someone_is_an_accusation():
    assert _accusations("Farmers in Doloria blamed the new dam for the poor harvest on Monday.")
