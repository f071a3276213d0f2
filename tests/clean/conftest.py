"""Fixtures for the clean-stage tests: the shared data folder and a text-cleaning helper."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from wirecoder.clean import clean
from wirecoder.records import Article


def shared_dir() -> Path:
    """``$WIRECODER_SHARED`` or the repository's sibling ``shared`` folder."""
    env = os.environ.get("WIRECODER_SHARED")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / ".." / "shared"


@pytest.fixture
def shared() -> Path:
    return shared_dir()


def clean_raw(raw: str, **kw) -> Article:
    """Clean a plain-text article given as a string."""
    return clean(Article(id="t", text="", raw=raw, source="<test>"), **kw)


def kinds(article: Article) -> list[tuple[str, str]]:
    """(kind, text) of every block of a cleaned article."""
    return [(k, article.text[s:e]) for s, e, k in article.blocks]
