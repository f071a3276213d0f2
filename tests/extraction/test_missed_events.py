"""Events a sentence tells beside its main one, and ways of asking, offering or disapproving that
are not a plain verb (sentences written for these tests)."""
from __future__ import annotations

import wirecoder
from wirecoder.pipeline import PipelineOptions

OPTS = PipelineOptions(geocode=False)


def events(text):
    return wirecoder.extract(text, date="2023-05-10", options=OPTS)


def types(text):
    return [e.event_type for e in events(text)]


def test_at_the_request_of_names_who_asks():
    text = "Foreign troops landed at the airport at the request of the island's prime minister."
    req = [e for e in events(text) if e.event_type == "REQUEST"]
    assert req and req[0].mode == "assist"
    assert [a.sector for a in req[0].actor] == ["GOV"] and not req[0].recipient


def test_deeply_concerned_is_disapproval():
    text = "The ambassador said she was deeply concerned about the detention of the reporters."
    acc = [e for e in events(text) if e.event_type == "ACCUSE"]
    assert acc and acc[0].mode == "disapprove"


def test_deeply_concerned_in_a_quoted_fragment():
    text = "\u201cDeeply concerned about the raids on opposition offices,\u201d the envoy wrote on social media."
    acc = [e for e in events(text) if e.event_type == "ACCUSE"]
    assert acc and acc[0].mode == "disapprove"


def test_two_acts_of_one_type_and_different_modes_in_one_clause_stay_two():
    text = ("The speaker was sworn in on Friday, following the resignation of the prime minister, "
            "who fled to Dubai amid mass protests.")
    modes = sorted(e.mode or "" for e in events(text) if e.event_type == "RETREAT")
    assert modes == ["resign", "withdraw"]


def test_proposing_to_do_something_is_an_offer():
    text = "The prime minister proposed holding direct talks with the rebel leaders on Thursday."
    agree = [e for e in events(text) if e.event_type == "AGREE"]
    assert agree and [a.sector for a in agree[0].actor] == ["GOV"]


def test_proposing_a_thing_is_no_offer():
    assert "AGREE" not in types("The finance ministry will propose a new budget plan.")


def test_a_proposal_made_previously_is_not_the_agreement_told_before_it():
    text = ("The two governments agreed on Monday to exchange 40 detainees, officials said.\n\n"
            "The interior minister had previously proposed releasing the detainees in stages.")
    agree = [e for e in events(text) if e.event_type == "AGREE"]
    assert len(agree) == 2
