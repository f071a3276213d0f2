""""X is to blame" says who is responsible (cues.yaml responsibility_verbs): no act of blaming; blaming
someone stays an accusation."""
from __future__ import annotations

from wc_helpers import extracted_of_type


def _accusations(text: str) -> list:
    return extracted_of_type(text, "ACCUSE", "2023-03-14")


def test_being_to_blame_is_no_accusation():
    assert not _accusations("Many farmers in Doloria say the drought, not the new dam, is to blame for the poor harvest.")
    assert not _accusations("The two parties kept arguing over who was to blame for the closure of the bridge.")


def test_blaming_someone_is_an_accusation():
    assert _accusations("Farmers in Doloria blamed the new dam for the poor harvest on Monday.")


def test_the_claim_words_come_from_the_cue_file(tmp_path):
    """"claimed responsibility for", "was responsible for", "claimed the attack": cues.yaml
    responsibility_nouns, responsibility_adjectives, act_claim_verbs; a bad list is named."""
    import pytest
    from wc_helpers import broken_copy

    from wirecoder.datafiles import data_path
    from wirecoder.errors import DataFileError
    from wirecoder.extraction.cues import load_cues

    cues = load_cues(data_path("cues.yaml"))
    assert cues.responsibility_nouns == {"responsibility"} and cues.responsibility_adjectives == {"responsible"}
    assert cues.act_claim_verbs == {"claim"}
    bad = broken_copy(tmp_path, data_path("cues.yaml"), "act_claim_verbs: [claim]", "act_claim_verbs: [claim, no]")
    with pytest.raises(DataFileError, match=r"cues.yaml: act_claim_verbs: False is not a string; quote it"):
        load_cues(bad)
