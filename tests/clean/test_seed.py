"""The seed article: junk lines go, prose and real subheadings stay (found by general rules)."""
from __future__ import annotations

import pytest

from wirecoder.clean import to_source_span

from .conftest import clean_raw, kinds, shared_dir

SEED = shared_dir() / "samples" / "chitral-border-refuge.txt"

pytestmark = pytest.mark.skipif(not SEED.is_file(), reason="seed sample not available")


@pytest.fixture(scope="module")
def seed():
    raw = SEED.read_text(encoding="utf-8")
    return raw, clean_raw(raw)


def test_every_prose_paragraph_kept(seed):
    raw, a = seed
    paras = [line.strip() for line in raw.splitlines() if len(line.split()) > 40]
    assert len(paras) == 6
    kept = [t for k, t in kinds(a) if k == "paragraph"]
    assert kept == paras


@pytest.mark.parametrize("start", [
    "Afghan vice president slammed", "Pakistan Taliban News:", "Impact of Chinese threat",
    "Relations with the Chinese Taliban", "semidedicated hosting", "Back to top button"])
def test_junk_dropped(seed, start):
    _, a = seed
    assert start not in a.text
    assert any(d.startswith(start) for d in a.dropped_lines)


def test_subheadings_kept_as_headings(seed):
    _, a = seed
    headings = [t for k, t in kinds(a) if k == "heading"]
    assert headings == [
        "Pakistani army confirmed the existence of Afghan soldiers",
        "Pakistan gives refuge to Afghan soldiers",
        "The situation worsened after the withdrawal of US troops",
        "Afghan soldiers have already sought refuge",
        "1,000 Afghan soldiers fled to Tajikistan",
    ]


def test_title(seed):
    raw, a = seed
    first = raw.splitlines()[0].strip()
    assert a.title == first
    assert kinds(a)[0] == ("title", first)


def test_offsets_exact_and_spans_map_back(seed):
    raw, a = seed
    assert a.raw == raw
    for c, r, n in a.offsets:
        assert raw[r:r + n] == a.text[c:c + n]
    i = a.text.index("46 soldiers, including five officers")
    span = to_source_span(a, i, i + len("46 soldiers"))
    assert span is not None and raw[span[0]:span[1]] == "46 soldiers"
