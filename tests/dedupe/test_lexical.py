"""The lexical signals of the dedupe score: trigger stems, content words, the trigger window."""
from __future__ import annotations

from wirecoder import dedupe
from wirecoder.dedupe import content_tokens, stem, token_overlap, trigger_stems, trigger_window


def test_stem_joins_inflections():
    assert stem("killed") == stem("killing") == stem("kills") == "kill"
    assert stem("arrests") == stem("arrested")
    assert stem("stopped") == stem("stops")


def test_trigger_stems_drop_function_words():
    assert trigger_stems("opened fire") == {stem("opened"), stem("fire")}
    assert trigger_stems("was killed") == {"kill"}
    assert trigger_stems(None) == frozenset()


def test_names_and_numbers_weigh_more_than_common_words():
    toks = content_tokens("Gunmen killed 14 villagers near Maiduguri on Sunday, officials said.")
    assert toks["14"] == toks["maiduguri"] == dedupe.NAME_WEIGHT
    assert toks["villager"] == 1.0
    assert "said" not in toks and "sunday" not in toks and "on" not in toks
    assert content_tokens("Three soldiers died.")["3"] == dedupe.NAME_WEIGHT


def test_shared_names_raise_the_overlap_more_than_shared_common_words():
    a = content_tokens("Troops attacked the camp in Kandahar.")
    names = content_tokens("An attack hit Kandahar overnight.")
    common = content_tokens("The camp was attacked overnight by troops.")
    assert 0.0 < token_overlap(a, names) and token_overlap(a, {}) == 0.0
    assert token_overlap(a, a) == 1.0
    assert token_overlap(a, common) > 0.0
    shared_name = token_overlap(content_tokens("Rebels attacked Kandahar."), content_tokens("Troops shelled Kandahar."))
    shared_word = token_overlap(content_tokens("Rebels attacked a town."), content_tokens("Troops shelled a town."))
    assert shared_name > shared_word


def test_trigger_window_keeps_the_clause_around_the_trigger():
    s = "After talks in Geneva that lasted two days , the army shelled the village of Ras , residents said"
    w = trigger_window(s, "shelled", 3)
    assert w == ", the army shelled the village of"
    assert trigger_window(s, "bombed") == s
    assert trigger_window(s, None) == s


def test_score_parts_include_trigger_and_tokens(monkeypatch):
    base = {"event_type": "ASSAULT", "modality": "asserted", "date_lo": None, "date_hi": None,
            "lat": None, "lon": None, "country": None, "admin1": None, "precision": None,
            "actor_keys": [], "vec": None}
    a = dict(base, _lex=[dedupe.lexical_features("Gunmen killed 14 villagers near Maiduguri.", "killed")])
    b = dict(base, _lex=[dedupe.lexical_features("The killing of 14 villagers in Maiduguri.", "killing")])
    c = dict(base, event_type="COERCE",
             _lex=[dedupe.lexical_features("Soldiers arrested a suspect in Lagos.", "arrested")])
    d = dict(base, _lex=[dedupe.lexical_features("Gunmen stormed a village near Maiduguri.", "stormed")])
    pb, pc, pd = dedupe.parts(a, b), dedupe.parts(a, c), dedupe.parts(a, d)
    assert pb["trigger"] == 1.0 and pc["trigger"] == 0.0
    assert pd["trigger"] == 0.5   # another word for the same type of event: no evidence either way
    assert pb["tokens"] > pc["tokens"]
    monkeypatch.setattr(dedupe, "WEIGHTS", {**dedupe.WEIGHTS, "tokens": 0.2, "trigger": 0.3})
    assert dedupe.score(a, b) > dedupe.score(a, c)
