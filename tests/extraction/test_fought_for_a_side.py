""""Fought for" a side or a cause ("volunteers who fought for the rebels") says whose side people were
on, no battle (lexicon.tsv "fight +prep:for" "-"); fighting for control of a place, or fighting an
enemy, is a battle."""
from __future__ import annotations

from wc_helpers import extracted_of_type


def _assaults(text: str) -> list:
    return extracted_of_type(text, "ASSAULT", "2023-03-14")


def test_fighting_for_a_side_is_no_battle():
    assert not _assaults("Ten volunteers who fought for the rebels were also freed in Velora on Monday.")


def test_fighting_for_a_place_or_an_enemy_is_a_battle():
    assert _assaults("Rebels fought for control of the airport at Velora on Monday.")
    assert _assaults("Rebels fought government troops near Velora on Monday.")
