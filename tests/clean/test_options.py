"""Settings are documented; the boilerplate data file loads and fails with clear messages."""
from __future__ import annotations

import pytest

from wirecoder.clean.boilerplate import load_boilerplate, parse_boilerplate
from wirecoder.clean.options import SETTINGS, CleanOptions, undocumented_settings
from wirecoder.errors import DataFileError

from .conftest import clean_raw


def test_every_setting_documented():
    assert undocumented_settings() == []
    assert set(SETTINGS) == set(CleanOptions.__dataclass_fields__)


def test_packaged_vocabulary_loads():
    bp = load_boilerplate()
    assert bp.starts("Read more: the story")
    assert bp.contains("© 2020 Someone. All rights reserved.")
    assert bp.nav_coverage("Back to top button", 4) == 1.0


def test_malformed_vocabulary_names_file_and_line():
    with pytest.raises(DataFileError, match=r"x.txt: line 2"):
        parse_boilerplate("line\thome\nbogus rule here\n", "x.txt")


def test_missing_vocabulary_file(tmp_path):
    with pytest.raises(DataFileError, match="not found"):
        load_boilerplate(str(tmp_path / "nope.txt"))


def test_user_vocabulary_replaces_packaged(tmp_path):
    f = tmp_path / "bp.txt"
    f.write_text("start\tbreaking:\n", encoding="utf-8")
    raw = "BREAKING: live updates\nThe army said soldiers crossed the border on Sunday."
    assert "BREAKING" not in clean_raw(raw, options=CleanOptions(boilerplate_path=str(f))).text
