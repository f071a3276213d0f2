"""Long articles: parsed in bounded windows with exact offsets; the indexes that keep extraction
linear in article length give what the scans they replaced gave."""
from __future__ import annotations

import random

import pytest

from wirecoder import nlp
from wirecoder.pipeline import PipelineOptions, _paragraph_index, _span_index, events_for, prepare
from wirecoder.ingest import build_article

PARAS = [
    "Taliban fighters attacked a police post in Kunduz on Monday, killing at least 12 policemen.",
    "KABUL, July 26 (Reuters) - Afghan soldiers fled to Pakistan's Chitral district on Sunday.",
    "The Pakistani army said it gave them shelter, food and medical care.",
    "Protesters gathered in Peshawar. Police arrested more than 40 people, officials said.",
    "Russia said it would support Tajikistan, where more than 1,000 soldiers crossed in July.",
]


def _text(n_paras: int, seed: int = 3, sep: str = "\n\n") -> str:
    rnd = random.Random(seed)
    return sep.join(rnd.choice(PARAS) for _ in range(n_paras))


@pytest.mark.parametrize("sep", ["\n\n", "\n", " "])
def test_windows_cover_the_text_and_cut_after_whitespace(sep):
    text = _text(200, sep=sep)
    spans = nlp.windows(text, 1000)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
    for s, e in spans[:-1]:
        assert text[e - 1].isspace() and not text[e].isspace()
        assert e - s <= 1000 + 500
    if sep != " ":
        assert all(text[e - 1] == "\n" for _s, e in spans[:-1])   # a line break wins over a sentence end


def test_windows_of_text_without_spaces_still_bounded():
    text = "x" * 5000
    spans = nlp.windows(text, 1000)
    assert len(spans) == 5 and all(e - s <= 1000 for s, e in spans)


def test_short_text_is_one_window():
    assert nlp.windows("A short article.", 1000) == [(0, 16)]


def test_windowed_parse_equals_whole_parse():
    text = _text(120)
    whole = nlp.parse(text)
    win = nlp.parse(text, window=2000)
    assert len(nlp.windows(text, 2000)) > 3
    assert win.text == text == nlp.doc_text(win)

    def rows(doc):
        return [(t.idx, t.text, t.tag_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_, t.lemma_,
                 t.is_sent_start) for t in doc]
    assert rows(win) == rows(whole)


def test_windowed_article_gives_the_same_events():
    art = prepare(build_article(_text(60), source="t", content_type="text", date_option="2021-07-26"))
    opts = PipelineOptions()
    whole = events_for(art, nlp.parse(art.text), opts)
    win = events_for(art, nlp.parse(art.text, window=1500), opts)
    assert whole and [e.to_dict() if hasattr(e, "to_dict") else e for e in whole] == \
        [e.to_dict() if hasattr(e, "to_dict") else e for e in win]


def test_pipe_keeps_order_and_parses_long_texts_alone(monkeypatch):
    monkeypatch.setattr(nlp, "WINDOW_CHARS", 1500)
    texts = [_text(k % 7 + 1, seed=k) for k in range(12)] + [_text(40)] + [_text(2, seed=9)]
    out = list(nlp.pipe(((t, k) for k, t in enumerate(texts)), batch_size=4))
    assert [k for _d, k in out] == list(range(len(texts)))
    assert [d.text for d, _k in out] == texts


def test_line_start_is_rfind():
    text = "one\ntwo three\n\nfour five\nsix"
    doc = nlp.parse(text)
    for pos in range(len(text) + 1):
        assert nlp.line_start(doc, pos) == text.rfind("\n", 0, pos) + 1


def test_paragraph_and_span_indexes_match_scans():
    rnd = random.Random(5)
    paras, pos = [], 0
    for _ in range(50):
        pos += rnd.randint(0, 3)
        end = pos + rnd.randint(1, 30)
        paras.append((pos, end))
        pos = end
    para_start = _paragraph_index(paras)
    for p in range(pos + 5):
        want = next((s for s, e in paras if s <= p < e), None)
        assert para_start(p) == want

    class T:
        def __init__(self, start):
            self.start = start
    items = [T(rnd.randint(0, 100)) for _ in range(80)]
    near = _span_index(items)
    for lo in range(0, 100, 7):
        for hi in range(lo, 110, 13):
            assert near(lo, hi) == [t for t in items if lo <= t.start <= hi]


def test_text_over_the_maximum_is_refused_before_parsing(monkeypatch):
    monkeypatch.setattr(nlp, "MAX_CHARS", 1000)
    with pytest.raises(nlp.TextTooLong, match="maximum article length"):
        nlp.parse(_text(40))
    with pytest.raises(nlp.TextTooLong):
        list(nlp.pipe([(_text(1), 0), (_text(40), 1)]))
