"""Every setting is documented: in its options object's SETTINGS table and in the README."""
from __future__ import annotations

from pathlib import Path

from wirecoder.clean.options import SETTINGS as CLEAN_SETTINGS
from wirecoder.clean.options import undocumented_settings as clean_undocumented
from wirecoder.pipeline import SETTINGS as PIPELINE_SETTINGS
from wirecoder.pipeline import undocumented_settings

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def test_options_objects_document_every_field():
    assert undocumented_settings() == []
    assert clean_undocumented() == []


def test_readme_settings_table_lists_every_setting():
    missing = [name for name in [*PIPELINE_SETTINGS, *CLEAN_SETTINGS] if f"`{name}`" not in README]
    assert missing == []
