"""Doer retypes (cues.yaml ``doer_retypes``): who does it decides what the act is."""
from __future__ import annotations

import pytest

import wirecoder


@pytest.mark.parametrize("text, expected", [
    ("Forty soldiers sought refuge in Tajikistan after the fighting on Sunday.", ("RETREAT", "withdraw")),
    ("Some 5,000 villagers sought refuge in Chad last month.", ("REQUEST", "assist"))])
def test_forces_seeking_refuge_abroad_withdraw_others_ask(text, expected):
    evs = [e for e in wirecoder.extract(text, date="2022-09-22") if e.trigger == "sought"]
    assert [(e.event_type, e.mode) for e in evs] == [expected]
