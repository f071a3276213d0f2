"""Protests named only as a frame after the lead (nouns no setting verb has as its subject) are an ongoing
movement, not an event the article reports; protests that began, took place or that a verb tells stay."""
from __future__ import annotations

import wirecoder

_LEAD = "The council froze the assets of four officers of the Varnian guard on Monday, its chair said.\n\n"


def _protests(text: str) -> list:
    return [e for e in wirecoder.extract(_LEAD + text, date="2023-03-14") if e.event_type == "PROTEST"]


def test_protests_named_only_as_a_frame_are_no_record():
    for frame in ("The officers were blamed for crushing peaceful demonstrations in the capital.",
                  "The measures follow months of street protests against the Varnian government.",
                  "The rallies have since grown into calls for the end of the regime."):
        assert not _protests(frame), frame


def test_protests_that_began_or_that_a_verb_tells_are_kept():
    for told in ("Protests began in three Varnian cities on Saturday after fuel prices rose.",
                 "Thousands of students marched through the capital on Sunday."):
        assert _protests(told), told
    # the same frame in the lead paragraph, which tells the news, is kept
    lead = wirecoder.extract("The officers were blamed for crushing peaceful demonstrations in the capital.",
                             date="2023-03-14")
    assert [e for e in lead if e.event_type == "PROTEST"]
