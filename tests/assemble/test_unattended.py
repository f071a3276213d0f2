"""Article-level records after the lead that name neither a doer nor anyone done to (one mention, asserted) are
events named only as a frame or an aside and are not kept; acts that need no participant, statements
made by their speaker and plans are kept."""
from __future__ import annotations

import wirecoder
from wirecoder.assemble import Event, default_assembly_cues, told


def _types(text: str, date: str = "2023-03-14") -> list[str]:
    return [e.event_type for e in wirecoder.extract(text, date=date)]


def test_an_aside_with_no_participant_is_not_a_record():
    text = ("Police arrested three smugglers near the port of Velora on Monday, a spokesman said.\n\n"
            "Among those held were veterans who had fought in the hills years ago.")
    evs = wirecoder.extract(text, date="2023-03-14")
    assert not [e for e in evs if e.event_type == "ASSAULT"]
    assert [e for e in evs if e.event_type == "COERCE"]
    # the same aside in the lead paragraph, which tells the news, is kept
    lead = wirecoder.extract(text.replace("\n\n", " "), date="2023-03-14")
    assert [e for e in lead if e.event_type == "ASSAULT"]


def test_a_lone_lead_and_counted_people_keep_a_record_with_no_participant_named():
    assert "ASSAULT" in _types("Heavy fighting over the river crossing went on for a third day on Sunday.")
    text = ("Rebels freed 30 captives in Ardan on Monday, officials said.\n\n"
            "Nine of them had surrendered at a checkpoint near the river.")
    assert len([e for e in wirecoder.extract(text, date="2023-03-14") if e.event_type == "RETREAT"]) == 2


def _ev(event_type: str, mode: str | None, modality: str = "asserted", source: str | None = None) -> Event:
    return Event(id="e", article_id="a", event_type=event_type, mode=mode, context=[], quad_class=4,
                 cameo_root=None, modality=modality, actor=[], recipient=[], date=None, location=None,
                 size=None, sentence="x", span=(0, 1), confidence=0.5, source=source)


def test_the_rule_keeps_unattended_acts_spoken_statements_and_plans():
    cues = default_assembly_cues()
    assert not told(_ev("ASSAULT", None), cues)
    assert told(_ev("COERCE", "curfew"), cues)
    assert told(_ev("ASSAULT", "explosives"), cues)
    assert told(_ev("ACCUSE", "disapprove", source="the envoy"), cues)
    assert not told(_ev("ACCUSE", "investigate", source="the minister"), cues)
    assert told(_ev("AGREE", None, "future"), cues)


_LEAD = "Police arrested nine protesters in Velora on Monday, officials said.\n\n"


def test_a_promise_told_as_an_aside_describing_its_maker_is_no_record():
    for aside in ("The move angered the opposition, which has promised voters it will restore calm to the province.",
                  "The army launched an operation in the hills on Tuesday, promising that the fighting would end "
                  "within weeks."):
        assert not [e for e in wirecoder.extract(_LEAD + aside, date="2023-03-14") if e.event_type == "AGREE"]
    told = "The opposition promised voters on Tuesday that it will restore calm to the province."
    assert [e for e in wirecoder.extract(_LEAD + told, date="2023-03-14") if e.event_type == "AGREE"]
