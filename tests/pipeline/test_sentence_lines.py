"""The line-break sentence rule: a heading is never glued to the text below it, and a line's first
word is never cut off as a sentence of its own (texts written for these tests)."""
from __future__ import annotations

from wirecoder import nlp


def sentences(text):
    return [s.text.strip() for s in nlp.parse(text).sents]


def test_a_lines_first_word_stays_with_its_sentence():
    text = "Ministers agree new trade rules\n\nEU finance ministers on Tuesday approved the new rules."
    sents = sentences(text)
    assert sents[0] == "Ministers agree new trade rules"
    assert sents[1].startswith("EU finance ministers")


def test_line_breaks_and_datelines_still_start_sentences():
    sents = sentences("Rebels seize town\nKABUL - Fighters attacked a post. Two died.\nA\nB c d.")
    assert sents[0] == "Rebels seize town"
    assert "Fighters attacked a post." in sents
    assert "Two died." in sents
    assert "A" in sents and "B c d." in sents
