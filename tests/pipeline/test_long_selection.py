"""Very long texts (over nlp.SELECT_CHARS): only the units that can hold an event are parsed.

The word test must never leave out a unit in which a full parse finds a lexicon trigger or a
setting sentence (checked on real news: the packaged examples, the seed and ECB+/TimeBank
documents when the shared gold sets are there), and the joined Doc must be usable by every stage.
"""
from __future__ import annotations

import bisect
import re
from pathlib import Path

import pytest

import wirecoder
from wirecoder import longtext, nlp
from wirecoder.assemble import default_assembly_cues
from wirecoder.extraction.lexicon import default_lexicon
from wirecoder.ingest import build_article
from wirecoder.pipeline import PipelineOptions, events_for, prepare

from .test_long_articles import PARAS

FILLER = ["The weather was mild and the market stayed quiet for most of the day.",
          "Traders said prices of wheat and rice were unchanged from the week before.",
          "Schools in the region reopen in September after the summer holidays."]


def _real_texts(shared_dir: Path, limit: int = 60) -> list[str]:
    ex = Path(wirecoder.__file__).parent / "examples"
    texts = [p.read_text(encoding="utf-8") for p in sorted(ex.glob("*.txt"))]
    seed = shared_dir / "samples" / "chitral-border-refuge.txt"
    if seed.exists():
        texts.append(seed.read_text(encoding="utf-8"))
    ecb = shared_dir / "gold" / "ecbplus" / "ECB+"
    for path in sorted(ecb.glob("*/*.xml"))[:limit]:
        raw = path.read_text(encoding="utf-8", errors="replace")
        sents: dict[str, list[str]] = {}
        for m in re.finditer(r'<token [^>]*sentence="(\d+)"[^>]*>([^<]*)</token>', raw):
            sents.setdefault(m.group(1), []).append(m.group(2))
        texts.append("\n\n".join(" ".join(w) for _k, w in sorted(sents.items(), key=lambda kv: int(kv[0]))))
    return texts


def _missed(text: str, piece_chars: int = longtext.UNIT_CHARS) -> tuple[int, list[str]]:
    """(tokens a full parse finds a trigger or setting subject at, those in an unselected unit)."""
    lex, cues = default_lexicon(), default_assembly_cues()
    runs = longtext.select(text, longtext.trigger_index(nlp.DEFAULT_MODEL), piece_chars)
    starts = [s for s, _e, _c in runs]
    doc = nlp.parse(text, window=nlp.WINDOW_CHARS)
    hits, missed = 0, []
    for t in doc:
        setting = (t.dep_ in ("nsubj", "nsubjpass") and t.head.lemma_.lower() in cues.setting_verbs
                   and (t.lemma_.lower() in cues.event_nouns or t.lower_ in cues.event_nouns))
        if setting or lex.match(t) is not None:
            hits += 1
            if not runs[bisect.bisect_right(starts, t.idx) - 1][2]:
                missed.append(f"{t.text!r} in {t.sent.text[:80]!r}")
    return hits, missed


def test_no_trigger_of_real_news_is_left_unparsed(shared_dir):
    texts = _real_texts(shared_dir)
    hits, missed = _missed("\n\n".join(texts))
    assert hits > 50 and missed == []


def test_pieces_of_one_long_line_keep_every_trigger(shared_dir):
    one_line = " ".join(t.replace("\n", " ") for t in _real_texts(shared_dir, 25))
    assert len(longtext.units(one_line, 500)) > 10
    hits, missed = _missed(one_line, 500)
    assert hits > 20 and missed == []


def test_units_cover_the_text_and_end_on_whitespace():
    text = "\n\n".join(PARAS * 3) + "\n" + " ".join(PARAS * 40) + "\n\nEnd."
    us = longtext.units(text, 300)
    assert us[0][0] == 0 and us[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(us, us[1:]))
    assert all(text[e - 1].isspace() and not text[e].isspace() for _s, e, _p in us[:-1])
    assert any(p for _s, _e, p in us) and all(e - s < 600 for s, e, p in us if p)


def test_words_and_forms():
    assert longtext.words_of("He's on alert after the cease-fire\u2019s end") >= {"he", "'s", "cease-fire",
                                                                                   "cease", "fire", "alert"}
    idx = longtext.trigger_index(nlp.DEFAULT_MODEL)
    assert idx.selects(longtext.words_of("Rebels struck the town."))            # irregular form
    assert idx.selects(longtext.words_of("Soldiers were shelling the village."))
    assert not idx.selects(longtext.words_of(FILLER[0]))
    # a frame's words are required: "take" alone is no trigger, "took control" is
    assert not idx.selects(longtext.words_of("It took two hours."))
    assert idx.selects(longtext.words_of("The rebels took control of the town."))
    # a setting sentence: an event noun with a setting verb
    assert idx.selects(longtext.words_of("The incident happened near the school."))


def _article(n: int) -> str:
    # event paragraphs between paragraphs that cannot hold one
    return "\n\n".join(PARAS[k % len(PARAS)] if k % 3 == 0 else FILLER[k % len(FILLER)] for k in range(n))


def test_selected_parse_joins_into_one_doc(monkeypatch):
    monkeypatch.setattr(nlp, "SELECT_CHARS", 2000)
    text = _article(90)
    doc = nlp.parse(text)
    assert doc.text == text == nlp.doc_text(doc)
    parsed, total = doc.user_data[longtext.SELECTED_KEY]
    assert total == len(text) and 0.2 < parsed / total < 0.6
    # every line starts a sentence; unparsed tokens carry no annotation
    starts = {s.start_char for s in doc.sents}
    assert all(m.end() in starts for m in re.finditer(r"\n\n", text))
    filler = [t for t in doc if t.text in ("Traders", "Schools")]
    assert filler and all(t.dep_ == "" and t.lemma_ == "" and t.ent_type_ == "" for t in filler)
    assert any(t.dep_ == "ROOT" for t in doc) and any(e.label_ == "GPE" for e in doc.ents)


def test_selected_parse_finds_the_events_of_a_whole_parse(monkeypatch):
    art = prepare(build_article(_article(60), source="t", content_type="text", date_option="2021-07-26"))
    opts = PipelineOptions()
    whole = events_for(art, nlp.parse(art.text), opts)
    monkeypatch.setattr(nlp, "SELECT_CHARS", 2000)
    doc = nlp.parse(art.text)
    assert doc.user_data[longtext.SELECTED_KEY][0] < len(art.text)
    sel = events_for(art, doc, opts)

    def key(e):
        return (e.event_type, e.mode, e.span, e.date.value if e.date else None,
                e.location.name if e.location else None, [a.country for a in e.actor])
    assert whole and [key(e) for e in sel] == [key(e) for e in whole]


def test_short_texts_are_parsed_whole():
    doc = nlp.parse(_article(20))
    assert longtext.SELECTED_KEY not in doc.user_data
    assert all(t.dep_ for t in doc if not t.is_space)


@pytest.mark.parametrize("text", ["", "\n\n\n", "x" * 3000, "The weather was mild. " * 200])
def test_odd_long_texts(monkeypatch, text):
    monkeypatch.setattr(nlp, "SELECT_CHARS", 100)
    if len(text) <= 100:
        assert nlp.parse(text).text == text
        return
    doc = nlp.parse(text)
    assert doc.text == text and list(doc.sents)


def test_parallel_parse_equals_one_process(monkeypatch):
    monkeypatch.setattr(nlp, "SELECT_CHARS", 2000)
    monkeypatch.setattr(longtext, "PARALLEL_CHARS", 1000)
    text = _article(120)

    def rows(doc):
        return [(t.idx, t.text, t.tag_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_, t.lemma_,
                 t.is_sent_start) for t in doc]
    monkeypatch.setattr(longtext, "processes", lambda: 1)
    one = rows(nlp.parse(text))
    monkeypatch.setattr(longtext, "processes", lambda: 2)
    two = nlp.parse(text)
    assert two.text == text and rows(two) == one


def test_processes_setting(monkeypatch):
    monkeypatch.setenv("WIRECODER_PARSE_PROCESSES", "1")
    assert longtext.processes() == 1
    monkeypatch.setenv("WIRECODER_PARSE_PROCESSES", "many")
    assert longtext.processes() >= 1
    monkeypatch.delenv("WIRECODER_PARSE_PROCESSES")
    monkeypatch.setattr(longtext, "_ONE_PROCESS", True)
    assert longtext.processes() == 1


def test_places_in_a_forked_process_equal_places_here(monkeypatch):
    monkeypatch.setattr(nlp, "SELECT_CHARS", 2000)
    art = prepare(build_article(_article(60), source="t", content_type="text", date_option="2021-07-26"))
    doc = nlp.parse(art.text)
    opts = PipelineOptions()

    def key(e):
        return (e.event_type, e.span, e.date.value if e.date else None, e.location)
    monkeypatch.setattr(longtext, "processes", lambda: 2)
    forked = [key(e) for e in events_for(art, doc, opts)]
    monkeypatch.setattr(longtext, "processes", lambda: 1)
    here = [key(e) for e in events_for(art, doc, opts)]
    assert here and any(k[3] is not None for k in here) and any(k[2] for k in here) and forked == here


def _fails(x):
    raise ValueError(f"bad {x}")


def test_beside_falls_back_to_this_process(monkeypatch):
    monkeypatch.setattr(longtext, "processes", lambda: 2)
    assert longtext.Beside(sorted, [3, 1, 2]).result() == [1, 2, 3]
    # a value that cannot be sent back is computed here
    assert longtext.Beside(lambda: (lambda: 7), fork=True).result()() == 7
    # an error is raised here, as if no process had been forked
    with pytest.raises(ValueError, match="bad 5"):
        longtext.Beside(_fails, 5).result()
    b = longtext.Beside(sorted, [2, 1])
    b.close()
    assert b.result() == [1, 2]


def test_ruler_matches_equal_the_matcher(shared_dir):
    lang = nlp.load(nlp.DEFAULT_MODEL)
    ruler = lang.get_pipe("attribute_ruler")
    fast = longtext._RulerMatches.for_ruler(ruler)
    assert fast is not None
    texts = _real_texts(shared_dir, 20) + [
        "I ai n't gon na do it, y'all. Let's go! c'm on, there is nothing. It was what it was.\n\n  \t",
        "Gotta go, ain't nothin' doin' here.  You said it to me and I gave it to you. There are two."]
    n = 0
    for doc in lang.pipe(texts, disable=["attribute_ruler", "lemmatizer", "ner"]):
        expected = ruler.match(doc)
        assert fast(doc) == expected
        n += len(expected)
    assert n > 1000
    # a ruler with a pattern it cannot read is left to its Matcher
    from spacy.pipeline import AttributeRuler
    other = AttributeRuler(lang.vocab)
    other.add([[{"LOWER": "a", "OP": "?"}]], {"LEMMA": "x"})
    assert longtext._RulerMatches.for_ruler(other) is None
