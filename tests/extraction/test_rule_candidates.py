"""The tokens find_mentions tries its rules at (rules.rule_candidates) hold every token where one of
them fires: the pre-filter only saves time, it never loses a mention."""
from __future__ import annotations

import pytest

from wirecoder import nlp
from wirecoder.extraction import Resources, _event_at, find_mentions, rules
from wirecoder.extraction.speakers import _resolve_sentence_actors
from wirecoder.extraction.state import _Doc
from wirecoder.ingest import build_article
from wirecoder.pipeline import prepare

# one or more sentences for each rule of the chain, written for this test
TEXTS = [
    "Rebels shelled the border town of Arvel on Sunday, killing four villagers, the army said.",
    "The Taliban claimed responsibility for the bombing of a checkpoint in the capital.",        # _claimed_act
    "Officials said Russian forces were responsible for the attack on the village.",            # _claimed_act
    "Ukraine condemned the raid carried out by Russian troops near the port.",                  # _reported_act
    "Five Russian soldiers were exchanged for ten Ukrainian prisoners at the bridge.",          # _exchanged_for
    "Kenyan troops were released in exchange for 20 Somali prisoners on Monday.",               # _exchanged_for
    "In exchange, the captured Armenian soldiers were flown to Yerevan on Monday.",             # _exchanged_for
    "The truce was a significant step towards peace, the Kenyan foreign minister said.",        # _praised_as_step
    "Nigerian police were on high alert in the city on Monday.",                                # _on_alert
    "Two Afghan police officers were among those killed in the blast.",                         # _victims_named
]


def _chain(tok, sent, state, res):
    return (_event_at(tok, sent, state, res) or rules._reported_act(tok, sent, state, res)
            or rules._claimed_act(tok, sent, state, res) or rules._exchanged_for(tok, sent, state, res)
            or rules._praised_as_step(tok, sent, state, res) or rules._on_alert(tok, sent, state, res)
            or rules._victims_named(tok, sent, state, res))


@pytest.mark.parametrize("text", TEXTS)
def test_every_token_a_rule_fires_at_is_a_candidate(text):
    res = Resources.default()
    doc = nlp.parse(text)
    art = prepare(build_article(text, source="t", date_option="2022-03-10"))
    state = _Doc(art, doc, res.actors.annotate(doc))
    fired_any = False
    for sent in doc.sents:
        _resolve_sentence_actors(sent, state, res)      # as find_mentions does before the rules
        cands = set(rules.rule_candidates(sent, res))
        fired = {tok.i for tok in sent if _chain(tok, sent, state, res) is not None}
        assert fired <= cands, [doc[i].text for i in fired - cands]
        fired_any = fired_any or bool(fired)
    assert fired_any, "the text should make a rule fire"


def test_the_filter_changes_no_mention(monkeypatch):
    res = Resources.default()

    def mentions():
        out = []
        for text in TEXTS:
            art = prepare(build_article(text, source="t", date_option="2022-03-10"))
            out.append([repr(f.event) for f in find_mentions(art, nlp.parse(art.text), res)])
        return out

    filtered = mentions()
    assert any(filtered)
    monkeypatch.setattr("wirecoder.extraction.rule_candidates",
                        lambda sent, res: list(range(sent.start, sent.end)))
    assert mentions() == filtered
