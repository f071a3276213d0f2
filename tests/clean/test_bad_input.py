"""Bad input: empty, binary, huge scripts — a clear error or a sane result, never a crash."""
from __future__ import annotations

import pytest

from wirecoder.clean import clean
from wirecoder.errors import InputError
from wirecoder.records import Article


def test_binary_garbage_is_input_error():
    raw = bytes(range(256)).decode("latin-1") * 50
    with pytest.raises(InputError, match="binary"):
        clean(Article(id="b", text="", raw=raw, source="junk.bin"))


def test_few_control_characters_are_cleaned():
    raw = "The army\x07 said soldiers crossed the border\x00 on Sunday evening."
    a = clean(Article(id="c", text="", raw=raw))
    assert a.text == "The army said soldiers crossed the border on Sunday evening."


def test_text_field_used_when_raw_empty():
    a = clean(Article(id="t", text="Soldiers crossed the border on Sunday, the army said."))
    assert a.raw == a.text


def test_empty_html():
    a = clean(Article(id="h", text="", raw="", content_type="html"))
    assert a.text == ""


def test_input_not_mutated():
    art = Article(id="m", text="", raw="Share this\nSoldiers crossed the border on Sunday.")
    clean(art)
    assert art.text == "" and art.dropped_lines == []
