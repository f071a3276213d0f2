""""Are to X and be Y": a conjunct of a "be to" plan shares its future modality."""
from __future__ import annotations

import wirecoder


def test_a_conjunct_of_be_to_is_planned():
    evs = wirecoder.extract("Nine traders named by the council are to lose their licences, and be banned from "
                            "entering the port, the mayor of Doloria said.", date="2023-03-14")
    bans = [e for e in evs if e.event_type == "SANCTION"]
    assert bans and all(e.modality == "future" for e in bans)


def test_a_conjunct_of_plain_be_keeps_its_modality():
    evs = wirecoder.extract("The traders were fined by the council, and banned from entering the port on Monday.",
                            date="2023-03-14")
    assert any(e.event_type == "SANCTION" and e.modality == "asserted" for e in evs)
