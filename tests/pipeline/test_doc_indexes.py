"""The per-Doc indexes of wirecoder.nlp (read once per Doc, for speed) say what spaCy's own
attributes say, token by token and span by span."""
from __future__ import annotations

import pytest

from wirecoder import nlp

TEXT = ("KANO, Nigeria (Wire) - Gunmen on motorbikes stormed a village near the border on Tuesday.\n\n"
        "\u201cWe counted 14 bodies,\u201d said Mr. Bello, a local official. Police are investigating!\n"
        "Is the road open? Dr. Ada Okoro, of the St. Luke clinic, said it was not.  Two  spaces here.\n")


@pytest.fixture(scope="module")
def doc():
    return nlp.parse(TEXT)


def test_doc_text_and_span_text(doc):
    assert nlp.doc_text(doc) == doc.text == TEXT
    n = len(doc)
    for a in range(n + 1):
        for b in range(a, min(n, a + 12) + 1):
            assert nlp.span_text(doc, a, b) == doc[a:b].text
    assert nlp.span_text(doc, -3, -1) == doc[-3:-1].text


def test_line_start_and_line_end(doc):
    for pos in range(len(TEXT) + 1):
        assert nlp.line_start(doc, pos) == TEXT.rfind("\n", 0, pos) + 1
        end = TEXT.find("\n", pos)
        assert nlp.line_end(doc, pos) == (len(TEXT) if end < 0 else end)
    one = nlp.parse("No line break in this one.")
    assert nlp.line_end(one, 3) == len(one.text) and nlp.line_start(one, 3) == 0


def test_sentence_indexes(doc):
    starts = [s.start for s in doc.sents]
    assert nlp.sent_starts(doc) == starts
    for t in doc:
        assert nlp.sent_start(doc, t.i) == t.sent.start
        assert nlp.sent_bounds(doc, t.i) == (t.sent.start, t.sent.end)


def test_columns(doc):
    assert nlp.column(doc, "text") == [t.text for t in doc]
    assert nlp.column(doc, "lower") == [t.lower_ for t in doc]
    assert nlp.column(doc, "lemma") == [t.lemma_.lower() for t in doc]
    assert nlp.column(doc, "pos") == [t.pos_ for t in doc]
    assert nlp.column(doc, "tag") == [t.tag_ for t in doc]
    assert nlp.column(doc, "dep") == [t.dep_ for t in doc]
    assert nlp.numbers(doc, "is_title") == [int(t.is_title) for t in doc]
    assert nlp.numbers(doc, "is_upper") == [int(t.is_upper) for t in doc]
    assert nlp.numbers(doc, "is_alpha") == [int(t.is_alpha) for t in doc]
    assert nlp.numbers(doc, "length") == [len(t) for t in doc]
    assert nlp.numbers(doc, "spacy") == [int(bool(t.whitespace_)) for t in doc]
    assert nlp.token_starts(doc) == {t.idx: t.i for t in doc}


def test_an_empty_doc():
    empty = nlp.parse("")
    assert nlp.doc_text(empty) == ""
    assert nlp.column(empty, "lemma") == [] and nlp.numbers(empty, "length") == []
    assert nlp.token_starts(empty) == {}
