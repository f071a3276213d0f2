"""Fixtures for the dedupe tests; the record factories live in tests/store/wc_factories.py."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))


@pytest.fixture
def db(tmp_path):
    return tmp_path / "events.duckdb"
