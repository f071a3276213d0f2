"""The offset map: every run copies raw exactly; normalisation never breaks it."""
from __future__ import annotations

import unicodedata

import pytest

from wirecoder.clean import to_source_span

from .conftest import clean_raw

NASTY = (
    "Title\u00a0with a\u00a0no-break space\r\n\r\n"
    "The\u00a0army said on Monday that 46 sol\u00addiers had crossed\u200b the border\tnear "
    "Chitral.\u2028The cafe\u0301 owner said\u00a0 that\ufeff refugees arrived at  dawn, "
    "the military said.\r\n\n"
    "Another para\u00adgraph follows here, and it ends with a full stop.\n"
)


def _assert_exact(a):
    for c, r, n in a.offsets:
        assert n > 0
        assert a.raw[r:r + n] == a.text[c:c + n]


@pytest.mark.parametrize("raw", [
    NASTY,
    "Plain text without any special character at all, just one sentence.",
    "x" * 5 + "\u00a0" * 3 + "y" * 5 + ". Then more words follow in this sentence here.",
])
def test_runs_copy_raw_exactly(raw):
    _assert_exact(clean_raw(raw))


def test_normalisation():
    a = clean_raw(NASTY)
    assert "\u00a0" not in a.text and "\u00ad" not in a.text and "\u200b" not in a.text
    assert "\ufeff" not in a.text and "\r" not in a.text
    assert "soldiers" in a.text and "paragraph" in a.text
    assert unicodedata.is_normalized("NFC", a.text)
    assert "café" in a.text
    assert "  " not in a.text


def test_runs_are_ordered_and_disjoint():
    a = clean_raw(NASTY)
    prev_c = prev_r = -1
    for c, r, n in a.offsets:
        assert c >= prev_c and r >= prev_r
        prev_c, prev_r = c + n, r + n


def test_to_source_span_across_deleted_characters():
    a = clean_raw(NASTY)
    i = a.text.index("46 soldiers")
    s, e = to_source_span(a, i, i + len("46 soldiers"))
    assert a.raw[s:e] == "46 sol\u00addiers"


def test_to_source_span_of_separator_only_is_none():
    a = clean_raw("First paragraph ends here with a stop.\n\nSecond paragraph ends here too.")
    i = a.text.index("\n\n")
    assert to_source_span(a, i, i + 2) is None
    assert to_source_span(a, 3, 3) is None


def test_every_clean_character_maps_or_is_normalised():
    a = clean_raw(NASTY)
    mapped = set()
    for c, _, n in a.offsets:
        mapped.update(range(c, c + n))
    for i, ch in enumerate(a.text):
        if i not in mapped:
            assert ch in " \n" or not unicodedata.is_normalized("NFC", ch) or ch == "é"
