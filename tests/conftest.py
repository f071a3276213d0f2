"""Fixtures shared by every test folder: where the shared gold data and the seed article are."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("WIRECODER_SHARED", ROOT.parent / "shared"))
SEED = SHARED / "samples" / "chitral-border-refuge.txt"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return SHARED


@pytest.fixture(scope="session")
def seed_path() -> Path:
    if not SEED.exists():
        pytest.skip(f"seed article not found at {SEED}")
    return SEED
