"""The words that carry no content for deduplication and for the cleaner's heading test come from
data/stopwords.yaml; a malformed file stops with one line."""
from __future__ import annotations

import pytest
from wc_helpers import broken_copy

from wirecoder import dedupe
from wirecoder.clean import lines
from wirecoder.datafiles import data_path, load_stopwords
from wirecoder.errors import DataFileError


def test_the_packaged_file_gives_the_module_lists():
    words = load_stopwords()
    assert dedupe._STOP == words["dedupe_stop"] and {"said", "off", "on", "women"} <= dedupe._STOP
    assert dedupe._NUMBER_WORDS["dozen"] == "12" and dedupe._NUMBER_WORDS["thousand"] == "1000"
    assert "airport" in dedupe.PLACE_UNIT_WORDS and "governorate" in dedupe.PLACE_UNIT_WORDS
    assert lines._STOP == words["heading_stop"] and {"via", "no", "news"} <= lines._STOP
    from wirecoder.eval.articles import norm_place
    assert norm_place("Chitral District") == norm_place("the Chitral") == "chitral"


def _broken(tmp_path, old: str, new: str):
    return broken_copy(tmp_path, data_path("stopwords.yaml"), old, new)


def test_a_broken_list_is_named(tmp_path):
    with pytest.raises(DataFileError, match=r"stopwords.yaml: heading_stop: True is not a string; quote it"):
        load_stopwords(_broken(tmp_path, 'heading_stop: [a, an, the, and, or, but, nor, of, in, "on"',
                               "heading_stop: [a, an, the, and, or, but, nor, of, in, on"))
    with pytest.raises(DataFileError, match=r"stopwords.yaml: dedupe_numbers: expected a mapping"):
        load_stopwords(_broken(tmp_path, "dozen: 12,", "dozen: twelve,"))
    with pytest.raises(DataFileError, match=r"stopwords.yaml: missing key\(s\): place_unit_words"):
        load_stopwords(_broken(tmp_path, "place_unit_words:", "place_units:"))
