"""A conjunct the tagger reads as a bare infinitive ("who loot shops and attack ...") shares its first
conjunct's simple present: a habit, not an event; with an auxiliary or in the past it is an event."""
from __future__ import annotations

from wc_helpers import extracted_of_type

from wirecoder.pipeline import PipelineOptions

_OPTS = PipelineOptions(geocode=False)


def _assaults(text: str) -> list:
    return extracted_of_type(text, "ASSAULT", "2023-03-14", options=_OPTS)


def test_a_present_conjunct_in_a_relative_clause_is_a_habit():
    assert not _assaults('The governor said smugglers are arming "bands of youths" who loot shops and attack '
                         'police stations.')


def test_a_past_or_auxiliary_conjunct_is_an_event():
    assert _assaults("The governor said bands of youths looted shops and attacked police stations on Monday.")
    assert _assaults("The governor said bands of youths will loot shops and attack police stations.")
