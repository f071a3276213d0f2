"""Fixtures for the store tests."""
from __future__ import annotations

import pytest


@pytest.fixture
def db(tmp_path):
    return tmp_path / "events.duckdb"
