"""The resolvers' cue words come from data/places.yaml, data/actors.yaml, data/counts.yaml and
data/dates.yaml; a malformed file stops with one line."""
from __future__ import annotations

import pytest
from wc_helpers import broken_copy

from wirecoder.errors import DataFileError
from wirecoder.resolve import actors, counts, dates, places
from wirecoder.resolve.actors import ACTOR_WORDS_FILE, load_actor_words
from wirecoder.resolve.counts import COUNT_WORDS_FILE, load_count_words
from wirecoder.resolve.dates import DATE_WORDS_FILE, load_date_words
from wirecoder.resolve.places import PLACE_WORDS_FILE, load_place_words


def test_the_packaged_file_gives_the_module_lists():
    words = load_place_words()
    assert places.MOTION_VERBS == words["motion_verbs"] and "flee" in places.MOTION_VERBS
    assert "capture" in places.TAKE_VERBS and "into" in places.DESTINATION_PREPS
    assert "on" in places.LOCATIVE_PREPS and "off" in places.LOCATIVE_PREPS   # quoted in the file
    assert places.CUE_KINDS["district"] == ("admin2", "admin3")
    assert places.UNIT_DESIGNATIONS[0] == (("local", "government", "area"), ("admin2",))
    assert places._ARABIC_ARTICLES[0] == "al"
    assert places._GLUED_MODIFIER.match("Town-based").group(1) == "Town"


def _broken(tmp_path, old: str, new: str, source=PLACE_WORDS_FILE):
    return broken_copy(tmp_path, source, old, new)


def test_a_bare_boolean_word_is_named(tmp_path):
    with pytest.raises(DataFileError, match=r"target_preps: True is not a string; quote it"):
        load_place_words(_broken(tmp_path, 'target_preps: ["on"', "target_preps: [on"))


def test_an_unknown_kind_is_named(tmp_path):
    with pytest.raises(DataFileError, match=r"cue_kinds: county: unknown gazetteer kind 'adm2'"):
        load_place_words(_broken(tmp_path, "county: [admin2]", "county: [adm2]"))


def test_a_missing_list_is_named(tmp_path):
    with pytest.raises(DataFileError, match=r"places.yaml: missing key\(s\): origin_preps"):
        load_place_words(_broken(tmp_path, "origin_preps:", "origin_prepositions:"))


def test_the_actor_words_give_the_module_lists():
    words = load_actor_words()
    assert actors.PARTITIVE == words["partitive"] and "members" in actors.PARTITIVE
    assert "they" in actors.PRONOUNS_PLURAL and "several" in actors.QUANTIFIER_PRONOUNS
    assert "gendarme" in actors.POLICE_WORDS and "office" in actors.OFFICE_HEADS


def test_a_broken_actor_word_list_is_named(tmp_path):
    with pytest.raises(DataFileError, match=r"actors.yaml: police_acts: expected a non-empty list of words"):
        load_actor_words(_broken(tmp_path, "police_acts: [arrest, raid, detain, search, handcuff, frisk]",
                                 "police_acts: arrest", ACTOR_WORDS_FILE))
    with pytest.raises(DataFileError, match=r"actors.yaml: missing key\(s\): office_heads"):
        load_actor_words(_broken(tmp_path, "office_heads:", "offices:", ACTOR_WORDS_FILE))


def test_the_count_words_give_the_module_tables():
    words = load_count_words()
    assert counts.VAGUE == words["vague"] and counts.VAGUE["dozens"] == 12
    assert counts.WORD_NUMBERS["forty"] == 40 and counts.SCALES["million"] == 1_000_000
    assert counts.QUALIFIERS[0] == (("at", "least"), "at_least")
    assert (("no", "fewer", "than"), "at_least") in counts.QUALIFIERS     # "no" quoted in the file
    assert "behead" in counts.DEAD and "round" in counts.ARRESTED and "number" in counts.NUMBERING


def test_a_broken_count_table_is_named(tmp_path):
    with pytest.raises(DataFileError, match=r"counts.yaml: vague: expected a mapping"):
        load_count_words(_broken(tmp_path, "several: 3,", "several: some,", COUNT_WORDS_FILE))
    with pytest.raises(DataFileError, match=r"counts.yaml: qualifiers: entry 5: expected"):
        load_count_words(_broken(tmp_path, "{words: [over], qualifier: more_than}",
                                 "{words: [over], qualifier: above}", COUNT_WORDS_FILE))
    with pytest.raises(DataFileError, match=r"counts.yaml: missing key\(s\): arrested"):
        load_count_words(_broken(tmp_path, "arrested:", "held:", COUNT_WORDS_FILE))


def test_the_date_words_give_the_grammar_tables():
    words = load_date_words()
    assert dates._MONTHS == words["months"] and dates._MONTHS["sept"] == 9
    assert dates._WEEKDAYS["thurs"] == 3 and dates._ORDINALS["thirty-first"] == 31
    assert dates._NUMBERS["forty"] == 40 and dates._NUMBERS["half a"] == 0.5 and dates._NUMBERS["a"] == 1
    assert dates._UNITS["fortnight"] == ("W2", False) and dates._UNITS["hour"] == ("H", True)
    assert dates._UNIT_WORDS.endswith("century centuries") and "centur(?:y|ies)" in dates._UNIT
    assert "on" in dates._SKIP_WORDS                         # quoted in the file
    assert "fought" in dates._PAST_WORDS and "said" in dates._SPEECH_OR_AUX
    assert dates._SEASONS["autumn"] == "FA" and dates._DECADE_WORDS["nineties"] == 9
    assert dates._SET_ADVERBS["nightly"] == "TNI" and "troops" in dates._COUNTED_NOUNS
    from wirecoder.ingest import pubdate
    assert pubdate._MONTHS == dates._MONTHS                  # the dateline reader's months: the same file


def test_a_broken_date_table_is_named(tmp_path):
    with pytest.raises(DataFileError, match=r"dates.yaml: months: expected a mapping"):
        load_date_words(_broken(tmp_path, "sept: 9,", "sept: nine,", DATE_WORDS_FILE))
    with pytest.raises(DataFileError, match=r"dates.yaml: seasons: expected a mapping .*one of SP, SU, FA, WI"):
        load_date_words(_broken(tmp_path, "autumn: FA", "autumn: AU", DATE_WORDS_FILE))
    with pytest.raises(DataFileError, match=r"dates.yaml: units: expected a mapping"):
        load_date_words(_broken(tmp_path, "[W2, false, fortnights]", "[W2, fortnights]", DATE_WORDS_FILE))
    with pytest.raises(DataFileError, match=r"dates.yaml: skip_words: True is not a string; quote it"):
        load_date_words(_broken(tmp_path, 'skip_words: ["on"', "skip_words: [on", DATE_WORDS_FILE))
    with pytest.raises(DataFileError, match=r"dates.yaml: missing key\(s\): not_past"):
        load_date_words(_broken(tmp_path, "not_past:", "never_past:", DATE_WORDS_FILE))
