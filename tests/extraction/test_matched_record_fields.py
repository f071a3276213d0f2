"""Fields of records the extraction already finds: a state body placed in a capital, whom an attack
on a place hurt, whom a request was made to, and the place of an event a sequence clause tells
(sentences written for these tests)."""
from __future__ import annotations

from functools import partial

from wc_helpers import NO_GEO, countries, events_of_type

of_type = partial(events_of_type, options=None, date="2022-11-10")     # geocoding on unless NO_GEO is passed


def test_bare_government_placed_in_a_capital_is_that_countrys():
    text = ("The government of Azerbaijan signed the deal on Monday. "
            "Angry demonstrators stormed the government headquarters in Yerevan on Tuesday.")
    e = of_type(text, "PROTEST")[0]
    assert countries(e.recipient) == {"ARM"}


def test_attack_on_a_place_is_done_to_whom_its_result_clause_hurts():
    text = "Witnesses said the militants had earlier attacked Dutsinma town, wounding several traders."
    e = of_type(text, "ASSAULT", options=NO_GEO, date="2020-12-12")[0]
    assert [a.text for a in e.recipient] == ["several traders"]


def test_an_attack_keeps_its_own_object():
    text = "Gunmen attacked a police patrol on Friday, killing four farmers nearby."
    e = of_type(text, "ASSAULT", options=NO_GEO, date="2020-12-12")[0]
    assert any("patrol" in a.text for a in e.recipient)


def test_request_noun_explaining_a_clause_was_made_to_its_subject():
    text = "Moscow dispatched paratroopers at the request of the Armenian prime minister."
    e = of_type(text, "REQUEST", options=NO_GEO, date="2021-03-02")[0]
    assert countries(e.actor) == {"ARM"}
    assert countries(e.recipient) == {"RUS"}


def test_place_under_an_event_noun_after_after_is_that_events():
    text = ("The dialogue was suspended by the former president in 2017 after a bomb attack on a "
            "military base in Cali that killed nine soldiers.")
    e = of_type(text, "SANCTION", date="2022-11-22")[0]
    assert e.location is None or e.location.name != "Cali"
    attack = of_type(text, "ASSAULT", date="2022-11-22")[0]
    assert attack.location is not None and attack.location.name == "Cali"
